# Characters blog posts carry, printed through the handbook's LaTeX set-up.
extensions = ["myst_parser", "handbook.sphinxext"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
project = "Unicode check"
latex_engine = "xelatex"
latex_use_xindy = False
latex_documents = [("index", "sales-practice-handbook.tex", "Unicode check", "Tests", "manual")]
