# Blocks that usually sit under their own heading, used with and without a
# title of their own.
extensions = ["myst_parser", "handbook.sphinxext"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
handbook_shape_checks = False
