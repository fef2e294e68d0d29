# Two chapters: one links only to itself (which is no related chapter), the
# other links to the first. The chapter blocks are not checked here.
extensions = ["myst_parser", "handbook.sphinxext"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
handbook_chapter_blocks = []
handbook_min_related = 1  # a two-chapter book
