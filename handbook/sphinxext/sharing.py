"""Sharing: Open Graph and Twitter card tags, a sitemap, a 404 page.

* Every HTML page gets ``og:title``, ``og:description`` (the chapter's summary,
  else the page's first paragraph), ``og:type``, ``og:image`` (the handbook's
  card, ``handbook_card_image``) and the matching ``twitter:`` tags. With
  ``html_baseurl`` set, ``og:url`` and the image are absolute, Sphinx adds the
  canonical link, and ``sitemap.xml`` lists every page.
* ``404.html`` (from ``docs/404.md``) is written with every link made
  absolute from the site's root (the path of ``html_baseurl``, else ``/``),
  so it works when the server shows it for a missing page at any depth.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from docutils import nodes
from sphinx.application import Sphinx

from handbook.sphinxext.links import relative_to_root

NOT_FOUND = "404"
MAX_DESCRIPTION = 200


def _description(app: Sphinx, pagename: str, doctree) -> str:
    summary = str(app.env.metadata.get(pagename, {}).get("summary", "")).strip()
    if not summary and doctree is not None:
        paragraph = next(iter(doctree.findall(nodes.paragraph)), None)
        summary = paragraph.astext() if paragraph is not None else ""
    summary = " ".join(summary.split())
    return summary if len(summary) <= MAX_DESCRIPTION else summary[: MAX_DESCRIPTION - 1].rsplit(" ", 1)[0] + "\u2026"


def _tags(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.name not in ("html", "dirhtml"):
        return
    config = app.config
    title = re.sub(r"<[^>]+>", "", context.get("title") or config.project)
    title = html.unescape(title).strip()
    description = _description(app, pagename, doctree)
    base = config.html_baseurl
    image = config.handbook_card_image
    if base:
        base = base if base.endswith("/") else base + "/"
        image_url = urljoin(base, image)
        page_url = urljoin(base, app.builder.get_target_uri(pagename))
    else:
        image_url = relative_to_root(app, pagename, image)
        page_url = ""
    is_chapter = "sources" in app.env.metadata.get(pagename, {})
    tags = [
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:type", "article" if is_chapter else "website"),
        ("property", "og:site_name", config.project),
        ("property", "og:image", image_url),
        ("property", "og:image:alt", config.project),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
        ("name", "twitter:image", image_url),
    ]
    if page_url:
        tags.insert(0, ("property", "og:url", page_url))
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<meta {kind}="{name}" content="{html.escape(value, quote=True)}" />' for kind, name, value in tags if value
    )


def _sitemap(app: Sphinx) -> None:
    base = app.config.html_baseurl
    if not base:
        return
    base = base if base.endswith("/") else base + "/"
    urls = [urljoin(base, app.builder.get_target_uri(d)) for d in sorted(app.env.found_docs) if d != NOT_FOUND]
    body = "".join(f"  <url><loc>{html.escape(u)}</loc></url>\n" for u in urls)
    (Path(app.outdir) / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</urlset>\n", encoding="utf-8")


_LINK = re.compile(r'(?P<attr>\b(?:href|src))="(?P<url>[^"]*)"')


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

    text = _LINK.sub(fix, page.read_text(encoding="utf-8"))
    # The page's own data-content_root must point at the root too.
    text = re.sub(r'data-content_root="[^"]*"', f'data-content_root="{prefix}"', text)
    page.write_text(text, encoding="utf-8")


def _finish(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.name not in ("html", "dirhtml"):
        return
    _sitemap(app)
    _absolute_404(app)


def setup_sharing(app: Sphinx) -> None:
    app.add_config_value("handbook_card_image", "_static/handbook-card.png", "html", types=[str],
                         description="the image shown when a page is shared (relative to the site root)")
    app.connect("html-page-context", _tags)
    app.connect("build-finished", _finish)
