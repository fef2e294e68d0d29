# A one-page book for the PDF's cover and metadata; the tests give it a
# project name and author full of TeX's special characters (confoverrides).
extensions = ["myst_parser", "handbook.sphinxext"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
handbook_shape_checks = False
project = "Escaping check"
author = "Tests"
latex_engine = "xelatex"
latex_use_xindy = False
