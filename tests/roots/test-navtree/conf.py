# Navigation shapes for the fast-navigation equivalence test: nested parts,
# numbered and hidden toctrees, an external link, a page outside the toctree.
extensions = ["myst_parser", "handbook.sphinxext"]
exclude_patterns = ["_build"]
html_theme = "furo"
handbook_shape_checks = False
