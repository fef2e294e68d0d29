# Chapters with front matter: one complete and overdue, one incomplete, and
# a part page that lists them.
extensions = ["myst_parser", "handbook.sphinxext"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
handbook_today = "2026-01-15"
handbook_shape_checks = False  # these chapters test front matter, not the chapter shape
