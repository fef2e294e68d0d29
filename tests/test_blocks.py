"""The content model's blocks, each in a tiny project of its own (sphinx.testing)."""

from __future__ import annotations

import re
import shutil

import pytest
from bs4 import BeautifulSoup


def soup_of(app, name: str = "index") -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def block(soup: BeautifulSoup, kind: str):
    found = soup.select(f"div.handbook-block.handbook-{kind}")
    assert len(found) == 1, f"expected one {kind} block, found {len(found)}"
    return found[0]


def body_links(soup: BeautifulSoup) -> dict[str, str]:
    return {a.get_text(): a["href"] for a in soup.select("div.body a.reference.internal")}


@pytest.mark.sphinx("html", testroot="block-template", freshenv=True)
def test_template_is_copyable_text_under_its_title(app):
    app.build()
    assert app.warning.getvalue() == ""
    tpl = block(soup_of(app), "template")
    assert tpl["id"] == "tpl-kickoff"
    assert tpl.select_one(".admonition-title").get_text() == "Kickoff email"
    assert tpl.select_one("p.handbook-use").get_text() == "Send it on day one."
    pre = tpl.select_one("div.highlight pre")  # what sphinx-copybutton attaches to
    # The body is kept exactly as written: literal, not parsed, no title inside.
    assert pre.get_text() == "$ Subject: Hello NAME\n>>> Thanks for choosing us.\n"
    assert not pre.select(".gp, .go")


@pytest.mark.sphinx("html", testroot="block-template", freshenv=True)
def test_template_label_links_with_its_title(app):
    app.build()
    assert body_links(soup_of(app, "other")) == {"Kickoff email": "index.html#tpl-kickoff"}


@pytest.mark.sphinx("latex", testroot="block-template", freshenv=True)
def test_template_prints_framed_with_its_title_and_a_label(app):
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\begin{sphinxadmonition}{note}{Kickoff email}" in tex
    assert r"\label{\detokenize{index:tpl-kickoff}}" in tex
    assert r"\sphinxAtStartPar" in tex and "Send it on day one." in tex


@pytest.mark.sphinx("html", testroot="block-checklist", freshenv=True)
def test_checklist_items_get_tick_boxes(app):
    app.build()
    assert app.warning.getvalue() == ""
    chk = block(soup_of(app), "checklist")
    assert chk.select_one(".admonition-title").get_text() == "Before the call"
    items = [li.get_text(strip=True) for li in chk.select("ul.handbook-ticks > li")]
    assert items == ["Agenda sent.", "Notes read."]
    assert not soup_of(app).select("div.body > section > ul.handbook-ticks")  # the later list is ordinary
    css = (app.outdir / "_static" / "handbook.css").read_text(encoding="utf-8")
    assert re.search(r"ul\.handbook-ticks > li::before \{\s*content: \"\\2610\"", css)


@pytest.mark.sphinx("latex", testroot="block-checklist", freshenv=True)
def test_checklist_prints_tick_boxes_only_inside_the_block(app):
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    start = tex.index(r"\begingroup")
    assert tex.index(r"\renewcommand{\labelitemi}{$\square$}") > start
    assert tex.index(r"\endgroup") < tex.index("An ordinary list")


@pytest.mark.sphinx("html", testroot="block-exercise", freshenv=True)
def test_exercise_shows_format_and_minutes(app):
    app.build()
    assert app.warning.getvalue() == ""
    ex = block(soup_of(app), "exercise")
    assert ex.select_one(".admonition-title").get_text() == "Ten questions"
    fields = {dt.get_text(strip=True).rstrip(":"): dd.get_text(strip=True) for dt, dd in
              zip(ex.select("dl.handbook-parts dt"), ex.select("dl.handbook-parts dd"))}
    assert fields == {"Format": "Pairs", "Minutes": "15 minutes"}
    assert "Ask ten questions." in ex.get_text()


@pytest.mark.sphinx("html", testroot="block-role-play", freshenv=True)
def test_role_play_shows_scenario_roles_and_time_but_no_private_brief(app):
    app.build()
    assert app.warning.getvalue() == ""
    rp = block(soup_of(app), "role-play")
    fields = {dt.get_text(strip=True).rstrip(":"): dd.get_text(strip=True) for dt, dd in
              zip(rp.select("dl.handbook-parts dt"), rp.select("dl.handbook-parts dd"))}
    assert fields == {"Roles": "Seller, Buyer", "Time": "20 minutes"}
    assert "A client wants everything tomorrow. Swap roles halfway." in rp.get_text()
    # The participant edition (the default) has no private brief.
    assert "Reset the pace." not in rp.get_text() and not rp.select(".role-brief")
    assert body_links(soup_of(app, "other")) == {"The reset": "index.html#rp-reset"}


@pytest.mark.sphinx("html", testroot="block-trainer-note", freshenv=True)
def test_trainer_note_is_gone_from_the_participant_edition(app):
    app.build()
    assert app.warning.getvalue() == ""
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "Before the note." in html and "After the note." in html
    assert "SENTINEL-TRAINER-ONLY" not in html and "tn-reset" not in html and "Debrief" not in html
    assert "SENTINEL" not in (app.outdir / "searchindex.js").read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="block-trainer-note", srcdir="block-trainer-note-trainer", freshenv=True,
                    confoverrides={"handbook_edition": "trainer"})
def test_trainer_note_shows_in_the_trainer_edition(app):
    app.build()
    note = block(soup_of(app), "trainer-note")
    assert note.select_one(".admonition-title").get_text() == "Debrief"
    assert "SENTINEL-TRAINER-ONLY" in note.get_text()


@pytest.mark.parametrize(("kind", "text"), [
    ("key-takeaways", "Keep the pace you promised."),
    ("warning-signs", "You answer at midnight."),
    ("discussion-questions", "What did you learn?"),
])
def test_blocks_under_their_own_heading_are_framed_without_repeating_it(make_app, rootdir, tmp_path, kind, text):
    src = tmp_path / kind
    shutil.copytree(rootdir / f"test-block-{kind}", src)
    app = make_app("html", srcdir=src)
    app.build()
    assert app.warning.getvalue() == ""
    found = block(soup_of(app), kind)
    assert found.get_text(strip=True) == text
    assert not found.select(".admonition-title")


@pytest.mark.sphinx("html", testroot="block-index", freshenv=True)
def test_block_index_lists_every_block_in_book_order_with_text_and_chapter(app):
    app.build()
    assert app.warning.getvalue() == ""
    entries = soup_of(app).select(".handbook-index-entry")
    summary = [(e.select_one("a.handbook-block-link").get_text(), e.select_one("a.handbook-block-link")["href"],
                e.select("a")[-1].get_text(), e.select_one("pre").get_text().strip()) for e in entries]
    # Book order follows the toctree (second before first), then page order.
    assert summary == [
        ("Beta", "second.html#template-beta", "Second chapter", "Beta text."),
        ("Gamma", "second.html#template-gamma", "Second chapter", "Gamma text."),
        ("Alpha", "first.html#tpl-alpha", "First chapter", "Alpha text."),
    ]
    for _, href, _, _ in summary:
        page, anchor = href.split("#")
        assert soup_of(app, page.removesuffix(".html")).find(id=anchor) is not None


@pytest.mark.sphinx("html", testroot="blocks-misuse", freshenv=True)
def test_misused_blocks_are_typed_warnings_with_file_and_line(app):
    app.build()
    warnings = app.warning.getvalue()
    src = app.srcdir / "index.md"

    def expect(line: int, kind: str, message: str) -> None:
        pattern = rf"{re.escape(str(src))}:{line}: WARNING: {kind}: {message}.*\[handbook\.{kind}\]"
        assert re.search(pattern, warnings), f"no warning {kind!r} at line {line}:\n{warnings}"

    expect(3, "template", "a title is required")
    expect(7, "checklist", "the block is empty")
    expect(10, "exercise", "unknown option ':colour:'")
    expect(15, "role-play", "the ':roles:' option is required")
    expect(20, "exercise", "bad value for ':minutes:'")
    expect(25, "checklist", "write the items as a bullet list")
    assert len(re.findall(r"WARNING", warnings)) == 6, warnings
