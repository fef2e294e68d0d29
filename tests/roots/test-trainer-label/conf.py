# A page with a labelled trainer note: the label and the note's words must
# reach only the trainer edition's object inventory and search index.
extensions = ["myst_parser", "handbook.sphinxext"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
handbook_shape_checks = False
