# A tiny project that loads the handbook's extension.
extensions = ["myst_parser", "handbook.sphinxext"]
exclude_patterns = ["_build"]
