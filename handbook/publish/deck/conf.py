"""Sphinx configuration of a session's slide deck (``make slides``).

``handbook/publish/slides.py`` writes one ``index.md`` per session from the trainer
edition's pages and builds it with this configuration and sphinx-revealjs's
``revealjs`` builder. Nothing here is edited per session.
"""

from handbook.csp import meta_policy

project = "Sales-practice handbook"
html_context = {"handbook_csp": meta_policy()}
extensions = ["myst_parser", "sphinx_revealjs", "handbook.publish.deck"]
myst_enable_extensions = ["colon_fence"]
# Decks are generated from escaped text: no HTML of any kind passes through.
myst_html_img_enable = False
templates_path = ["_templates"]
revealjs_static_path = ["_static"]
revealjs_style_theme = "white"
revealjs_css_files = ["deck.css"]
# reveal.js (added by sphinx-revealjs itself) and its speaker-notes plugin ship inside
# sphinx-revealjs (offline);
# deck.js starts reveal.js and runs the timers, so the page has no inline script.
revealjs_script_files = ["revealjs/plugin/notes/notes.js", "deck.js"]
html_copy_source = False
html_show_sourcelink = False
html_use_index = False
html_domain_indices = False
