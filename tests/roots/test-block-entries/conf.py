# One role-play, one checklist and one exercise: their titles must be in the
# general index and found by search.
extensions = ["myst_parser", "handbook.sphinxext"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
handbook_shape_checks = False
