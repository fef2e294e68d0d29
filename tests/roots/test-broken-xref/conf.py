# A tiny project with one deliberately broken cross-reference.
extensions = ["myst_parser"]
exclude_patterns = ["_build"]
