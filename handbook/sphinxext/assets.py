"""The handbook's own CSS and sidebar, added to HTML builders only.

The stylesheet lives in ``handbook/sphinxext/static/`` beside this module (not in
the book's ``docs/_static``), so any project that loads the extension, such as
the tiny test projects, gets the same look. LaTeX and other non-HTML builders
never see it.

``handbook_downloads`` lists the PDF and EPUB downloads as (label, URL) pairs;
a relative URL is relative to the site's root folder (the defaults point from
``_build/html`` to ``_build/pdf`` and ``_build/epub``). The sidebar template
``sidebar/downloads.html`` shows them on every page; conf.py puts it in
``html_sidebars``.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from handbook.sphinxext import order
from handbook.sphinxext.links import relative_to_root

STATIC = Path(__file__).parent / "static"
CSS = "handbook.css"


TEMPLATES = Path(__file__).parent / "templates"


def _add_assets(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    app.config.html_static_path.append(str(STATIC))
    app.add_css_file(CSS)


def _templates(app: Sphinx, config) -> None:
    config.templates_path = [*config.templates_path, str(TEMPLATES)]


def _aria_levels(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Fix two markup problems axe-core reports in Sphinx's HTML.

    Toctree captions are ``role="heading"`` without a level
    (aria-required-attr): give them the level of a section heading. Citations
    carry a deprecated role (below).
    """
    for key in ("body", "furo_navigation_tree"):
        html = context.get(key)
        if isinstance(html, str) and 'role="heading">' in html:
            html = html.replace('role="heading">', 'role="heading" aria-level="2">')
        # docutils marks citations with the deprecated doc-biblioentry role
        # (aria-deprecated-role) inside a role="list": make them list items.
        if isinstance(html, str) and ' role="doc-biblioentry"' in html:
            html = html.replace(' role="doc-biblioentry"', ' role="listitem"')
        if isinstance(html, str):
            context[key] = html


def _downloads(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    context["handbook_downloads"] = [
        (label, url if "://" in url or url.startswith("/") else relative_to_root(app, pagename, url))
        for label, url in app.config.handbook_downloads
    ]


def setup_assets(app: Sphinx) -> None:
    app.add_config_value("handbook_downloads", [], "html", types=[list],
                         description="(label, URL) pairs of the PDF and EPUB downloads")
    app.connect("config-inited", _templates)
    app.connect("builder-inited", _add_assets)
    app.connect("html-page-context", _downloads)
    app.connect("html-page-context", _aria_levels, priority=order.ARIA_FIXES)
