"""The real handbook's content, as built: every chapter in the shape the brief
gives, every source cited, every glossary term used, every template listed,
no blog chrome. Chapters are found from the sources (front matter with
``sources:``), so a new chapter is checked without changing these tests."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
import yaml
from bs4 import BeautifulSoup
from pybtex.database import parse_file

from handbook.shape import HEADINGS

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    return yaml.safe_load(match.group(1)) if match else {}


CHAPTERS = sorted(
    str(p.relative_to(DOCS).with_suffix("")) for p in DOCS.rglob("*.md") if "sources" in front_matter(p)
)
BIB = parse_file(str(DOCS / "references.bib"))


def html_page(html_dir: Path, docname: str) -> BeautifulSoup:
    return BeautifulSoup((html_dir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def words(text: str) -> int:
    return len(re.findall(r"[A-Za-z']+", text))


def test_the_book_has_at_least_seven_chapters_in_three_parts():
    parts = {c.split("/")[0] for c in CHAPTERS}
    assert len(CHAPTERS) >= 7 and len(parts) >= 3, CHAPTERS


def test_parts_and_chapters_are_in_the_navigation(handbook_html):
    # The whole tree is on the contents page; each sidebar holds the page's own part (test_navtree.py).
    sidebar = html_page(handbook_html, "contents").select_one("nav.handbook-contents")
    hrefs = [a["href"] for a in sidebar.select("a.reference")]
    for chapter in CHAPTERS:
        assert f"{chapter}.html" in hrefs, chapter
        part = chapter.split("/")[0]
        assert f"{part}/index.html" in hrefs, part
    numbered = [a.get_text(strip=True) for a in sidebar.select("a.reference") if a["href"] in {f"{c}.html" for c in CHAPTERS}]
    assert [int(t.split(".")[0]) for t in numbered] == list(range(1, len(CHAPTERS) + 1))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_has_every_part_of_the_shape(handbook_html, chapter):
    soup = html_page(handbook_html, chapter)
    article = soup.select_one("article")
    meta = front_matter(DOCS / f"{chapter}.md")
    summary = article.select_one("p.handbook-summary")
    assert summary is not None and summary.get_text() == meta["summary"]
    headings = [re.sub(r"^[\d.]+", "", h.get_text(strip=True)).rstrip("¶") for h in article.select("h2")]
    assert headings == HEADINGS, f"{chapter}: sections {headings}, not the chapter shape's"
    for kind in ("warning-signs", "template", "discussion-questions", "key-takeaways"):
        assert article.select(f"div.handbook-{kind}"), f"{chapter}: no {kind} block"
    assert article.select("div.handbook-exercise, div.handbook-role-play"), f"{chapter}: no exercise or role-play"
    # Trainer debrief notes are written in every chapter, and the participant
    # edition (this build) must not show them.
    source = (DOCS / f"{chapter}.md").read_text(encoding="utf-8")
    assert ":::{trainer-note}" in source, f"{chapter}: no debrief notes for the trainer"
    assert not article.select("div.handbook-trainer-note")


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_has_800_words_of_prose(handbook_html, chapter):
    article = html_page(handbook_html, chapter).select_one("article")
    for pre in article.select("pre"):
        pre.decompose()  # templates are not prose
    assert words(article.get_text(" ")) >= 800


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_links_to_at_least_two_other_chapters_by_number(handbook_html, chapter):
    article = html_page(handbook_html, chapter).select_one("article")
    related = article.find("section", id="related-chapters")
    targets = set()
    for a in related.select("a.reference.internal"):
        target = urldefrag(urljoin(f"{chapter}.html", a["href"]))[0].removesuffix(".html")
        if target in CHAPTERS and target != chapter:
            targets.add(target)
            assert (handbook_html / f"{target}.html").is_file()
    assert len(targets) >= 2, f"{chapter} links to {targets}"
    assert re.search(r"Chapter \d+", related.get_text())


def test_chapter_numbers_in_links_match_the_sidebar(handbook_html):
    sidebar = html_page(handbook_html, "contents").select_one("nav.handbook-contents")
    number_of = {a["href"].removesuffix(".html"): a.get_text(strip=True).split(".")[0]
                 for a in sidebar.select("a.reference") if a["href"].removesuffix(".html") in CHAPTERS}
    for chapter in CHAPTERS:
        for a in html_page(handbook_html, chapter).select("article a.reference.internal"):
            text = a.get_text(" ", strip=True)
            if text.startswith("Chapter "):
                target = urldefrag(urljoin(f"{chapter}.html", a["href"]))[0].removesuffix(".html")
                assert text.startswith(f"Chapter {number_of[target]}, "), (chapter, text, target)


def plain(text: str) -> str:
    """Text as a reader sees it, with typographic quotes and dashes made plain."""
    return text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"').replace("\u2013", "-")


@pytest.mark.parametrize("key", sorted(BIB.entries))
def test_every_source_is_cited_by_a_chapter_and_listed(handbook_html, key):
    bib_title = BIB.entries[key].fields["title"]
    title = plain(re.sub(r"[{}]", "", bib_title).replace("``", '"').replace("''", '"').replace("--", "-"))
    citing = [c for c in CHAPTERS if key in front_matter(DOCS / f"{c}.md")["sources"]]
    assert citing, f"no chapter lists {key} in its sources"
    for chapter in citing:
        sources = html_page(handbook_html, chapter).select_one("article section#sources")
        assert title in plain(sources.get_text()), f"{chapter} does not list {title!r} under Sources"
        assert sources.select("aside.footnote"), f"{chapter}: Sources has no cited entries"
    assert title in plain(html_page(handbook_html, "sources").select_one("article").get_text())


def test_every_glossary_term_is_used_by_a_chapter(handbook_html):
    glossary = html_page(handbook_html, "glossary")
    terms = {dt["id"]: dt.get_text(strip=True).rstrip("¶") for dt in glossary.select("dl.glossary dt")}
    assert len(terms) >= 15
    linked = set()
    for chapter in CHAPTERS:
        for a in html_page(handbook_html, chapter).select("article a.reference.internal"):
            target, anchor = urldefrag(urljoin(f"{chapter}.html", a["href"]))
            if target == "glossary.html":
                linked.add(anchor)
    assert not set(terms) - linked, f"never used: {[terms[t] for t in set(terms) - linked]}"


def test_templates_page_lists_every_template_with_its_text(handbook_html):
    listed = html_page(handbook_html, "practice/templates").select_one("article")
    entries = {urljoin("practice/templates.html", e.select_one("a")["href"]):
               e.select_one("div.highlight pre").get_text() for e in listed.select(".handbook-index-template .handbook-index-entry")}
    expected = {}
    for chapter in CHAPTERS:
        for tpl in html_page(handbook_html, chapter).select("article div.handbook-template"):
            expected[f"{chapter}.html#{tpl['id']}"] = tpl.select_one("div.highlight pre").get_text()
    assert entries == expected


@pytest.mark.parametrize(("page", "kind", "selector"), [
    ("practice/checklists", "checklist", "div.handbook-checklist"),
    ("practice/exercises", "exercise", "div.handbook-exercise, div.handbook-role-play"),
])
def test_reference_pages_list_every_block(handbook_html, page, kind, selector):
    listed = html_page(handbook_html, page).select_one("article")
    links = {urljoin(f"{page}.html", a["href"]) for a in listed.select("a.handbook-block-link")}
    expected = {f"{c}.html#{b['id']}" for c in CHAPTERS for b in html_page(handbook_html, c).select(f"article {selector}")}
    assert expected and links == expected


def test_part_pages_show_each_chapters_summary(handbook_html):
    for chapter in CHAPTERS:
        part = chapter.split("/")[0]
        listing = html_page(handbook_html, f"{part}/index").select_one("dl.handbook-chapter-list")
        assert front_matter(DOCS / f"{chapter}.md")["summary"] in listing.get_text()


def test_index_lists_the_main_ideas(handbook_html):
    index = html_page(handbook_html, "genindex").select_one("article").get_text()
    for idea in ("client training", "retention", "discovery", "leaving the door open", "guidelines"):
        assert idea in index


BLOG_CHROME = (
    "Comments are closed", "Leave a Reply", "Leave a comment", "Fill in your details", "Log Out",
    "You are commenting using", "NAVIGATION - SEARCH", "Connecting to %s", "thoughts on",
    "Your email address will not be published", "Bumbo", "DON'T GET ONE", "cracked skull",
)


def test_no_blog_chrome_or_spam_anywhere_in_the_site(handbook_html):
    for path in handbook_html.rglob("*"):
        if path.suffix in {".html", ".js", ".txt"} and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            for chrome in BLOG_CHROME:
                assert chrome not in text, f"{chrome!r} in {path.relative_to(handbook_html)}"


#: Talk tracks that no role-play or exercise of their chapter practiced: each now has a paired drill.
DRILLED_TALK_TRACKS = {"push-back/advice-declined": "tt-declined-before-team",
                       "push-back/parting-ways": "tt-leaving-on-call"}


def _field(block, name: str) -> str:
    for dt in block.select(":scope > dl.handbook-parts > dt"):
        if dt.get_text(strip=True).rstrip(":") == name:
            return dt.find_next_sibling("dd").get_text(strip=True)
    return ""


def test_every_paired_drill_is_five_minutes_with_a_card_each_for_a_talk_track_of_its_chapter(handbook_trainer_html):
    drilled = {}
    for chapter in CHAPTERS:
        article = html_page(handbook_trainer_html, chapter).select_one("article")
        tracks = {d["id"] for d in article.select("div.handbook-talk-track[id]")}
        for block in article.select("div.handbook-role-play"):
            if _field(block, "Group") != "2 people":
                continue
            title = block.select_one(".admonition-title").get_text(strip=True)
            assert _field(block, "Time") == "5 minutes", title
            assert _field(block, "Practices").startswith("Objective"), title
            roles = [r.strip() for r in block["data-roles"].split(",")]
            cards = [b["data-role"] for b in block.select("div.handbook-role-brief")]
            assert len(roles) == 2 and sorted(cards) == sorted(roles), (title, cards)
            assert block.select("div.handbook-model-answer"), f"{title}: no model answer"
            linked = {a["href"].lstrip("#") for a in block.select("a.reference.internal[href^='#']")}
            assert linked & tracks, f"{title} links to no talk track of {chapter}"
            drilled.setdefault(chapter, set()).update(linked & tracks)
    for chapter, track in DRILLED_TALK_TRACKS.items():
        assert track in drilled.get(chapter, set()), f"{chapter}: no paired drill practices {track}"


def test_paired_drills_keep_their_prompt_cards_out_of_the_participant_edition(handbook_html):
    for chapter in DRILLED_TALK_TRACKS:
        article = html_page(handbook_html, chapter).select_one("article")
        drill = [b for b in article.select("div.handbook-role-play") if _field(b, "Group") == "2 people"]
        assert drill, chapter
        text = " ".join(b.get_text(" ") for b in drill)
        assert "Only you know" not in text and "Model answer" not in text
        assert "five minutes" in text or "five-minute" in text
