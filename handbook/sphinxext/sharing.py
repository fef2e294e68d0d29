"""Sharing: Open Graph tags (through sphinxext-opengraph), a sitemap, a 404 page.

* **Share tags** are written by sphinxext-opengraph (configured in conf.py,
  ``ogp_*``). This module adds what the library cannot know: a chapter's
  ``og:description`` is its front-matter summary (the library would take the
  first paragraphs, "Last changed" line included), chapters are
  ``og:type = article``, and without a site address the card image is
  linked relative to the page (the library would write ``_static/...`` from
  every folder). ``html_baseurl`` is passed on as ``ogp_site_url`` when that
  is not set, and a relative ``og:url`` (no site address) is left out.
* **sitemap.xml** (with ``html_baseurl`` only) and the **404 page** are our
  own code: sphinx-sitemap fails strict builds without a base URL and orders
  its entries differently under ``-j``; sphinx-notfound-page leaves the links
  written in the page's body (and our sidebar) relative, so they break at any
  depth (measured, see the maintainer's guide, "Kept libraries").
* ``404.html`` (from ``docs/404.md``) is written with every link, form action
  and the content root made absolute from the site's root (the path of
  ``html_baseurl``, else ``/``), so it works for a missing page at any depth.
"""

from __future__ import annotations

import contextlib
import html
import io
import posixpath
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from sphinx.application import Sphinx

from handbook.fsutil import atomic_write
from handbook.sphinxext import order
from handbook.sphinxext.chapters import is_chapter
from handbook.sphinxext.links import relative_to_root

# sphinxext-opengraph prints a note about matplotlib (for social cards, which the
# handbook does not make) on import; import it here, quietly, before Sphinx does.
with contextlib.redirect_stdout(io.StringIO()):
    try:
        import sphinxext.opengraph  # noqa: F401
    except ImportError:  # pragma: no cover - a project without it gets no share tags
        pass

NOT_FOUND = "404"
MAX_DESCRIPTION = 200
HTML_BUILDERS = ("html", "dirhtml")


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1].rsplit(" ", 1)[0] + "\u2026"


def _site_url(app: Sphinx, config) -> None:
    if hasattr(config, "ogp_site_url") and not config.ogp_site_url and config.html_baseurl:
        config.ogp_site_url = config.html_baseurl if config.html_baseurl.endswith("/") else config.html_baseurl + "/"


def _og_fields(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Per-page values for sphinxext-opengraph, which reads them from ``context["meta"]``."""
    if app.builder.name not in HTML_BUILDERS or doctree is None or not hasattr(app.config, "ogp_image"):
        return
    meta = dict(context.get("meta") or {})  # a copy: context["meta"] is the environment's
    summary = str(meta.get("summary", "")).strip()
    if summary:
        meta.setdefault("og:description", _shorten(summary))
    meta.setdefault("og:type", "article" if is_chapter(app.env, pagename) else "website")
    if not app.config.ogp_site_url and app.config.ogp_image:
        meta.setdefault("og:image", relative_to_root(app, pagename, app.config.ogp_image))
        meta.setdefault("og:image:alt", app.config.ogp_image_alt or app.config.project)
    context["meta"] = meta


_RELATIVE_OG_URL = re.compile(r'\n?<meta property="og:url" content="(?![a-z][a-z0-9+.-]*:)[^"]*" />')


def _drop_relative_og_url(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.name in HTML_BUILDERS and isinstance(context.get("metatags"), str):
        context["metatags"] = _RELATIVE_OG_URL.sub("", context["metatags"])


def _sitemap(app: Sphinx) -> None:
    base = app.config.html_baseurl
    if not base:
        return
    base = base if base.endswith("/") else base + "/"
    urls = [urljoin(base, app.builder.get_target_uri(d)) for d in sorted(app.env.found_docs) if d != NOT_FOUND]
    body = "".join(f"  <url><loc>{html.escape(u)}</loc></url>\n" for u in urls)
    atomic_write(Path(app.outdir) / "sitemap.xml",
                 '<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</urlset>\n")


_LINK = re.compile(r'(?P<attr>\b(?:href|src|action))="(?P<url>[^"]*)"')


def _absolute_404(app: Sphinx) -> None:
    page = Path(app.outdir) / f"{NOT_FOUND}.html"
    if not page.is_file():
        return
    prefix = urlsplit(app.config.html_baseurl).path if app.config.html_baseurl else "/"
    prefix = prefix if prefix.endswith("/") else prefix + "/"

    def fix(match: re.Match) -> str:
        url = match["url"]
        if not url or url.startswith(("#", "/", "data:", "mailto:")) or urlsplit(url).scheme:
            return match.group(0)
        path, sep, rest = url.partition("#") if "#" in url else url.partition("?")
        absolute = posixpath.normpath(posixpath.join(prefix, path)) + ("/" if path.endswith("/") else "")
        return f'{match["attr"]}="{absolute}{sep}{rest}"'

    original = page.read_text(encoding="utf-8")
    text = _LINK.sub(fix, original)
    # The page's own data-content_root must point at the root too.
    text = re.sub(r'data-content_root="[^"]*"', f'data-content_root="{prefix}"', text)
    if text != original:  # a page Sphinx did not rewrite in this build is already done
        atomic_write(page, text)


def _finish(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.name not in HTML_BUILDERS:
        return
    _sitemap(app)
    _absolute_404(app)


def setup_sharing(app: Sphinx) -> None:
    app.connect("config-inited", _site_url)
    app.connect("html-page-context", _og_fields, priority=order.SHARE_FIELDS)
    app.connect("html-page-context", _drop_relative_og_url, priority=order.SHARE_TAGS_CHECKED)
    app.connect("build-finished", _finish)
