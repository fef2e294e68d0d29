# A chapter and two session handouts pulling its blocks; built with
# handbook_latex_handouts = 1, each handout is a short document of its own.
extensions = ["myst_parser", "handbook.sphinxext"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
handbook_shape_checks = False
project = "Handouts check"
author = "The training team"
latex_engine = "xelatex"
latex_use_xindy = False
