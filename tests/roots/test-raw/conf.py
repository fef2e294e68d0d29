# Raw HTML in Markdown, and a raw directive.
extensions = ["myst_parser", "handbook.sphinxext"]
exclude_patterns = ["_build"]
