"""Share tags through sphinxext-opengraph with the handbook's glue, and the 404
page that works at any depth (our own code: see the maintainer's guide)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup


def _meta(page: Path) -> dict[str, str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return {m.get("property") or m.get("name"): m["content"] for m in soup.find_all("meta", content=True)}


@pytest.mark.sphinx("html", testroot="order", freshenv=True)
def test_without_a_site_address_tags_are_relative_and_no_og_url_is_written(app):
    app.build()
    meta = _meta(Path(app.outdir) / "part" / "one.html")
    assert meta["og:description"] == "The first chapter."  # the summary, not the page's first lines
    assert meta["og:type"] == "article" and meta["og:image"] == "../_static/handbook-card.png"
    assert "og:url" not in meta  # a relative og:url means nothing to a share card
    assert _meta(Path(app.outdir) / "links.html")["og:type"] == "website"


@pytest.mark.sphinx("html", testroot="order", freshenv=True,
                    confoverrides={"html_baseurl": "https://handbook.example.org/sales"})
def test_the_base_url_reaches_the_share_tags_and_the_404_page_works_at_any_depth(app):
    app.build()
    meta = _meta(Path(app.outdir) / "part" / "one.html")
    assert meta["og:url"] == "https://handbook.example.org/sales/part/one.html"
    assert meta["og:image"] == "https://handbook.example.org/sales/_static/handbook-card.png"
    page = BeautifulSoup((Path(app.outdir) / "404.html").read_text(encoding="utf-8"), "html.parser")
    body_links = [a["href"] for a in page.select("article a[href]")]
    assert "/sales/index.html" in body_links and "/sales/part/one.html#sec-opening" in body_links
    assert [f["action"] for f in page.find_all("form")] == ["/sales/search.html"]
    assert page.find("html")["data-content_root"] == "/sales/"
