# Sphinx configuration of the sales-practice handbook.
#
# One configuration for every output: `make html`, `make pdf`, `make epub`,
# `make serve`, Read the Docs and the tests all use this file, with the MyST
# sources in docs/ (sphinx-build -c . docs <outdir>). Paths here are relative
# to this file. No functions or other logic: behaviour lives in the local
# extension, handbook/sphinxext/.

import os
import sys

# -- Path setup --------------------------------------------------------------
# Makes the local extension importable when sphinx-build is called directly
# (the same thing CPython's Doc/conf.py does for Doc/tools/extensions).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# -- Project information -----------------------------------------------------
project = "The Sales-Practice Handbook"
author = "The handbook team"
copyright = "2026, the handbook team"
release = "2026.1"
version = release
language = "en"

# -- General configuration ---------------------------------------------------
extensions = [
    "myst_parser",
    "sphinx_copybutton",
    "sphinxcontrib.bibtex",
    "handbook.sphinxext",
    "sphinxext.opengraph",
]
root_doc = "index"
exclude_patterns = ["Thumbs.db", ".DS_Store"]
source_suffix = {".md": "markdown"}
nitpicky = True
suppress_warnings = []

# -- MyST --------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3
# Keep footnotes where they are written: each chapter's sources are
# footnote-style citations listed in its own "Sources" section, which MyST
# would otherwise move to the end of the page.
myst_footnote_sort = False
myst_footnote_transition = False

# -- Sources (sphinxcontrib-bibtex) ------------------------------------------
bibtex_bibfiles = ["docs/references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

# -- Copy buttons ------------------------------------------------------------
# Templates and talk tracks are plain-text blocks: copy their text only.
copybutton_selector = "div.highlight pre"
copybutton_exclude = ".linenos, .gp, .go"

# -- HTML (furo) -------------------------------------------------------------
html_theme = "furo"
html_title = "Sales-Practice Handbook"
# "Edit this page" and "View this page" (furo's buttons) point here: the one
# place to change when the repository moves. In the participant edition a page
# whose source holds trainer material (a chapter's notes and briefs) has no
# such buttons (handbook/sphinxext/editions.py); the trainer edition keeps them.
html_theme_options = {
    "source_repository": "https://github.com/sales-practice/handbook/",
    "source_branch": "main",
    "source_directory": "docs/",
}
# The published address. Set it (Read the Docs passes its own) to get absolute
# share links, a canonical URL on every page and sitemap.xml.
html_baseurl = ""
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
# furo's sidebar plus the downloads (handbook/sphinxext/templates).
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/downloads.html",
        "sidebar/scroll-end.html",
        "sidebar/variant-selector.html",
    ]
}
# Where `make pdf` and `make epub` put the downloads, relative to the site's
# root; on a host that serves them elsewhere, give full URLs.
handbook_downloads = [
    ("PDF (print edition)", "../pdf/sales-practice-handbook.pdf"),
    ("EPUB (e-readers)", "../epub/sales-practice-handbook.epub"),
]

# -- Share tags (sphinxext-opengraph) ------------------------------------------
# The site's address comes from html_baseurl (or Read the Docs); the extension
# adds each chapter's summary as its description and the card relative to the
# page when there is no address (handbook/sphinxext/sharing.py).
ogp_image = "_static/handbook-card.png"
ogp_image_alt = project
ogp_type = "website"
ogp_enable_meta_description = False
ogp_social_cards = {"enable": False}
ogp_custom_meta_tags = ['<meta name="twitter:card" content="summary_large_image" />']

# -- EPUB --------------------------------------------------------------------
epub_basename = "sales-practice-handbook"
epub_show_urls = "no"

# -- LaTeX / PDF (xelatex through latexmk) -----------------------------------
latex_engine = "xelatex"
latex_use_xindy = False
latex_toplevel_sectioning = "part"
latex_show_urls = "no"
latex_show_pagerefs = True
latex_documents = [
    ("index", "sales-practice-handbook.tex", project, author, "manual"),
]
latex_elements = {
    "papersize": "a4paper",  # make pdf PAPER=letter passes letterpaper
    "pointsize": "11pt",
    "extraclassoptions": "openany",
    # The printed contents list parts and chapters (the PDF's bookmarks go deeper):
    # it fits one page in both editions.
    "tocdepth": r"\setcounter{tocdepth}{0}",
}
handbook_pdf_subject = "Selling and client relationships: practice for reps, managers and trainers"
handbook_pdf_keywords = ["sales", "client relationships", "training"]
