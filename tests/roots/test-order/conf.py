# Two numbered chapters, a session pulling a block that links to a chapter,
# and a page linking to a section by label (incremental-build tests).
extensions = ["myst_parser", "handbook.sphinxext", "sphinxext.opengraph"]
ogp_image = "_static/handbook-card.png"
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
handbook_shape_checks = False
handbook_trainer_only = []
html_theme = "furo"
html_sidebars = {"**": ["sidebar/brand.html", "sidebar/search.html", "sidebar/navigation.html", "sidebar/downloads.html"]}
handbook_downloads = [("PDF", "../pdf/book.pdf")]
