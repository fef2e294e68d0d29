# A one-chapter project with the four chapter parts (tests/test_chapter_parts.py):
# In a hurry, You will be able to, Talk tracks, For managers; the tests seed
# mistakes into a copy of it.
extensions = ["myst_parser", "sphinx_copybutton", "handbook.sphinxext"]
myst_enable_extensions = ["colon_fence", "deflist"]
exclude_patterns = ["_build"]
copybutton_selector = "div.highlight pre"
handbook_chapter_blocks = ["in-a-hurry", "objectives", "talk-track", "exercise|role-play", "for-managers"]
handbook_min_related = 0
