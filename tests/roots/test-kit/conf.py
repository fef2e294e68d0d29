# A chapter with a three-role role-play (two rounds) and an exercise with a
# model answer; a session that runs them, its role cards and its handout.
# Private text carries sentinels (PRIVATE-...) that participant outputs must not hold.
extensions = ["myst_parser", "handbook.sphinxext"]
myst_enable_extensions = ["colon_fence", "deflist"]
exclude_patterns = ["_build"]
handbook_shape_checks = False
latex_engine = "xelatex"
latex_use_xindy = False
project = "Kit book"
copyright = "2026, tests"
version = release = "1"
