"""The real handbook, built strictly to HTML: what a reader sees."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urldefrag, urljoin

from bs4 import BeautifulSoup

CHAPTER = "start-right/train-your-clients.html"


def page(html_dir: Path, name: str) -> BeautifulSoup:
    path = html_dir / name
    assert path.is_file(), f"{name} was not built"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article_text(soup: BeautifulSoup) -> str:
    return " ".join(soup.select_one("article").get_text(" ").split())


def test_landing_page_tells_each_reader_where_to_start(handbook_html):
    soup = page(handbook_html, "index.html")
    assert soup.select_one("article h1").get_text(strip=True).startswith("The Sales-Practice Handbook")
    text = article_text(soup)
    for reader in ("sales rep", "manage a team", "run training sessions", "maintain the handbook"):
        assert f"If you {reader}" in text or f"If you are a {reader}" in text, reader


def test_chapter_is_in_the_navigation_under_its_part(handbook_html):
    soup = page(handbook_html, "contents.html")  # the whole tree; each sidebar shows the page's own part
    part = next(li for li in soup.select("nav.handbook-contents li")
                if li.find("a", recursive=False)["href"] == "start-right/index.html")
    assert part.find("a").get_text(strip=True) == "Start right"
    links = {a.get_text(strip=True): a["href"] for a in part.select("ul a.reference")}
    assert links.get("1. Train your clients") == CHAPTER


def test_chapter_has_the_shape_of_every_chapter(handbook_html):
    soup = page(handbook_html, CHAPTER)
    headings = [re.sub(r"^[\d.]+", "", h.get_text(strip=True)).rstrip("#¶") for h in soup.select("article h2")]
    for section in (
        "The story", "The principle and why it works", "Warning signs", "What to do", "Templates",
        "Discussion questions", "Key takeaways", "Related chapters", "Sources",
    ):
        assert section in headings, f"{section!r} missing from {headings}"
    assert any(h.startswith("Exercise") for h in headings)


def test_landing_page_link_to_the_chapter_resolves(handbook_html):
    soup = page(handbook_html, "index.html")
    link = next(a for a in soup.select("article a.reference") if "Train your clients" in a.get_text())
    target, anchor = urldefrag(urljoin("index.html", link["href"]))
    assert target == CHAPTER
    chapter = page(handbook_html, target)
    assert anchor and chapter.find(id=anchor) is not None, f"no #{anchor} in {target}"


def test_every_internal_link_of_the_chapter_resolves(handbook_html):
    soup = page(handbook_html, CHAPTER)
    internal = [a["href"] for a in soup.select("article a.reference.internal")]
    assert internal, "the chapter links nowhere"
    for href in internal:
        target, anchor = urldefrag(urljoin(CHAPTER, href))
        target_soup = page(handbook_html, target or CHAPTER)
        if anchor:
            assert target_soup.find(id=anchor) is not None, f"{href} has no anchor in {target}"


def test_chapter_cites_its_source_and_lists_it(handbook_html):
    soup = page(handbook_html, CHAPTER)
    text = article_text(soup)
    assert "Kevin Latchford" in text and "Train Your Client" in text and "Saturday Morning Sales" in text
    sources = page(handbook_html, "sources.html")
    assert "Train Your Client" in article_text(sources)


def test_template_block_gets_a_copy_button_and_copies_only_its_text(handbook_html):
    soup = page(handbook_html, CHAPTER)
    scripts = [s.get("src", "").split("?")[0] for s in soup.find_all("script")]
    assert any(src.endswith("_static/copybutton.js") for src in scripts)
    assert (handbook_html / "_static" / "copybutton.js").is_file()
    # sphinx-copybutton attaches a button to every element its selector matches;
    # the template must be one of them, with no prompt markup inside.
    config = (handbook_html / "_static" / "copybutton.js").read_text(encoding="utf-8")
    assert "div.highlight pre" in config
    blocks = soup.select("div.highlight pre")
    email = next(b for b in blocks if "Subject: How we will work together" in b.get_text())
    assert not email.select(".gp, .go, .linenos")
    assert email.get_text().lstrip().startswith("Subject:")


def test_handbook_css_reaches_html_pages(handbook_html):
    soup = page(handbook_html, CHAPTER)
    hrefs = [link.get("href", "").split("?")[0] for link in soup.find_all("link", rel="stylesheet")]
    assert any(h.endswith("_static/handbook.css") for h in hrefs)
    assert (handbook_html / "_static" / "handbook.css").is_file()
