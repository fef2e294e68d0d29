"""The handbook's own CSS, added to HTML builders only.

The stylesheet lives in ``handbook/sphinxext/static/`` beside this module (not in
the book's ``docs/_static``), so any project that loads the extension, such as
the tiny test projects, gets the same look. LaTeX and other non-HTML builders
never see it.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from handbook import __version__

STATIC = Path(__file__).parent / "static"
CSS = "handbook.css"


def _add_assets(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    app.config.html_static_path.append(str(STATIC))
    app.add_css_file(CSS)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _add_assets)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
