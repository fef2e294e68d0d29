# A session page pulling blocks from a chapter.
extensions = ["myst_parser", "handbook.sphinxext"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
