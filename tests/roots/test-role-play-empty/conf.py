# Role-plays with a required part left empty: each is a typed warning.
extensions = ["myst_parser", "handbook.sphinxext"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
handbook_shape_checks = False
