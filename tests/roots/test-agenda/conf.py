# Agendas: one that adds up, one that does not, one with an item lacking minutes.
extensions = ["myst_parser", "handbook.sphinxext"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
