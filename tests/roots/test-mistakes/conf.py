# A small handbook seeded with one of each kind of mistake; the strict build
# must fail with exactly the expected warnings (tests/test_checks.py).
extensions = ["myst_parser", "sphinxcontrib.bibtex", "handbook.sphinxext"]
myst_enable_extensions = ["colon_fence", "deflist"]  # the chapter parts are definition lists
myst_heading_anchors = 3
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
nitpicky = True
handbook_min_related = 1  # a two-chapter book
