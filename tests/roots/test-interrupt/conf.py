# The order project, plus a hook that kills the build while it writes a chosen page.
extensions = ["myst_parser", "handbook.sphinxext", "sphinxext.opengraph"]
ogp_image = "_static/handbook-card.png"
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
handbook_shape_checks = False
handbook_trainer_only = []
html_theme = "furo"
html_sidebars = {"**": ["sidebar/brand.html", "sidebar/search.html", "sidebar/navigation.html", "sidebar/downloads.html"]}
handbook_downloads = [("PDF", "../pdf/book.pdf")]

# For the interrupted-build tests: the build kills itself while writing the
# page named in HANDBOOK_TEST_KILL_AT (no timing, no sleeping).
import os
import signal


def setup(app):
    def kill(app, pagename, *args):
        if os.environ.get("HANDBOOK_TEST_KILL_AT") == pagename:
            os.kill(os.getpid(), getattr(signal, os.environ.get("HANDBOOK_TEST_SIGNAL", "SIGKILL")))

    app.connect("html-page-context", kill)
