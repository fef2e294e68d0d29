"""The handbook's own CSS and sidebar, added to HTML builders only.

The stylesheet lives in ``handbook/sphinxext/static/`` beside this module (not in
the book's ``docs/_static``), so any project that loads the extension, such as
the tiny test projects, gets the same look. LaTeX and other non-HTML builders
never see it.

``handbook_downloads`` lists the PDF and EPUB downloads as (label, URL) pairs;
a relative URL is relative to the site's root folder (the defaults point from
``_build/html`` to ``_build/pdf`` and ``_build/epub``). The sidebar template
``sidebar/downloads.html`` shows them on every page; conf.py puts it in
``html_sidebars``. Where the downloads are depends on the host:

* ``handbook_downloads_folder`` (``make site`` passes ``downloads/``) links
  each file by its name in that folder, relative to the site's root;
* on Read the Docs (``READTHEDOCS=True`` in the environment) the PDF and the
  EPUB are linked where Read the Docs serves them:
  ``/_/downloads/<language>/<version>/pdf/`` and ``/epub/``.

For hosts that send no headers of ours, every page carries the
Content-Security-Policy in a ``<meta http-equiv>`` tag
(``handbook.csp.meta_policy``) when ``handbook_csp_meta`` is set (``make site``
sets it) or on Read the Docs. Local builds leave it out: ``make serve``'s live
reload and the browser tests' axe-core are inline scripts. The trainer
edition's pages carry ``<meta name="robots" content="noindex">``.
"""

from __future__ import annotations

import html
import os
import posixpath
from pathlib import Path

from sphinx.application import Sphinx

from handbook.csp import meta_policy
from handbook.editions import TRAINER

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


#: Read the Docs' folder of each download kind, by the file's extension.
READTHEDOCS_KINDS = {".pdf": "pdf", ".epub": "epub"}


def download_urls(config, environ=None) -> list[tuple[str, str]]:
    """The (label, URL) pairs for this host; relative URLs are relative to the site's root."""
    environ = os.environ if environ is None else environ
    pairs = []
    for label, url in config.handbook_downloads:
        name = posixpath.basename(url.split("?", 1)[0].split("#", 1)[0])
        kind = READTHEDOCS_KINDS.get(posixpath.splitext(name)[1].lower())
        if environ.get("READTHEDOCS") == "True" and kind:
            language = environ.get("READTHEDOCS_LANGUAGE") or config.language or "en"
            version = environ.get("READTHEDOCS_VERSION") or "latest"
            url = f"/_/downloads/{language}/{version}/{kind}/"
        elif config.handbook_downloads_folder and "://" not in url and not url.startswith("/"):
            folder = config.handbook_downloads_folder
            url = (folder if folder.endswith("/") else folder + "/") + name
        pairs.append((label, url))
    return pairs


def _downloads(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    context["handbook_downloads"] = [
        (label, url if "://" in url or url.startswith("/") else relative_to_root(app, pagename, url))
        for label, url in download_urls(app.config)
    ]


def _security_meta(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The CSP for hosts that send no headers, and noindex on trainer pages, first in <head>."""
    if app.builder.name not in ("html", "dirhtml"):
        return
    tags = []
    if app.config.handbook_csp_meta or os.environ.get("READTHEDOCS") == "True":
        tags.append(f'<meta http-equiv="Content-Security-Policy" content="{html.escape(meta_policy())}" />')
    if getattr(app.config, "handbook_edition", None) == TRAINER:
        tags.append('<meta name="robots" content="noindex, nofollow" />')
    if tags:
        context["metatags"] = "\n".join(tags) + "\n" + (context.get("metatags") or "")


def setup_assets(app: Sphinx) -> None:
    app.add_config_value("handbook_downloads", [], "html", types=[list],
                         description="(label, URL) pairs of the PDF and EPUB downloads")
    app.add_config_value("handbook_downloads_folder", "", "html", types=[str],
                         description="link each download by name in this folder of the site (make site: downloads/)")
    app.add_config_value("handbook_csp_meta", False, "html", types=[bool],
                         description="write the Content-Security-Policy into every page as a meta tag "
                                     "(make site; always on Read the Docs)")
    app.connect("config-inited", _templates)
    app.connect("builder-inited", _add_assets)
    app.connect("html-page-context", _downloads)
    app.connect("html-page-context", _security_meta)
    app.connect("html-page-context", _aria_levels, priority=order.ARIA_FIXES)
