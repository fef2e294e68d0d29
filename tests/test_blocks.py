"""The content model's blocks, in tiny projects (sphinx.testing)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup


def soup_of(app, name: str = "index") -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def block(soup: BeautifulSoup, kind: str):
    found = soup.select(f"div.handbook-block.handbook-{kind}")
    assert len(found) == 1, f"expected one {kind} block, found {len(found)}"
    return found[0]


@pytest.mark.sphinx("html", testroot="blocks", freshenv=True)
def test_blocks_build_without_warnings(app):
    app.build()
    assert app.warning.getvalue() == ""


@pytest.mark.sphinx("html", testroot="blocks", freshenv=True)
def test_template_is_copyable_text_under_its_title(app):
    app.build()
    tpl = block(soup_of(app), "template")
    assert tpl["id"] == "tpl-kickoff"
    assert tpl.select_one(".admonition-title").get_text() == "Kickoff email"
    assert tpl.select_one("p.handbook-use").get_text() == "Send it on day one."
    pre = tpl.select_one("div.highlight pre")  # what sphinx-copybutton attaches to
    # The body is kept exactly as written: literal, not parsed, no title inside.
    assert pre.get_text() == "$ Subject: Hello NAME\n>>> Thanks for choosing us.\n"
    assert not pre.select(".gp, .go")


@pytest.mark.sphinx("html", testroot="blocks", freshenv=True)
def test_checklist_items_get_tick_boxes(app):
    app.build()
    chk = block(soup_of(app), "checklist")
    items = [li.get_text(strip=True) for li in chk.select("ul.handbook-ticks > li")]
    assert items == ["Agenda sent.", "Notes read."]
    css = (app.outdir / "_static" / "handbook.css").read_text(encoding="utf-8")
    assert re.search(r"ul\.handbook-ticks > li::before \{\s*content: \"\\2610\"", css)


@pytest.mark.sphinx("html", testroot="blocks", freshenv=True)
def test_role_play_shows_scenario_parts_goal_and_time(app):
    app.build()
    rp = block(soup_of(app), "role-play")
    fields = {dt.get_text(strip=True).rstrip(":"): dd.get_text(strip=True) for dt, dd in
              zip(rp.select("dl.handbook-parts dt"), rp.select("dl.handbook-parts dd"))}
    assert fields == {
        "Scenario": "A client wants everything tomorrow.", "Seller": "Reset the pace.",
        "Buyer": "Push back once.", "Goal": "Agree a date.", "Time": "20 minutes",
    }
    assert "Swap roles halfway." in rp.get_text()


@pytest.mark.sphinx("html", testroot="blocks", freshenv=True)
def test_exercise_shows_format_and_minutes(app):
    app.build()
    ex = block(soup_of(app), "exercise")
    text = " ".join(ex.get_text(" ").split())
    assert "Format : Pairs" in text and "Minutes : 15 minutes" in text


@pytest.mark.sphinx("html", testroot="blocks", freshenv=True)
def test_fixed_title_blocks_are_framed_without_repeating_a_heading(app):
    app.build()
    soup = soup_of(app)
    for kind, text in (("key-takeaways", "Keep the pace you promised."), ("warning-signs", "You answer at midnight."),
                       ("discussion-questions", "What did you learn?")):
        found = block(soup, kind)
        assert found.get_text(strip=True) == text


@pytest.mark.sphinx("html", testroot="blocks", freshenv=True)
def test_labels_link_to_blocks_with_their_titles(app):
    app.build()
    links = {a.get_text(): a["href"] for a in soup_of(app, "other").select("div.body a.reference.internal")}
    assert links == {"Kickoff email": "index.html#tpl-kickoff", "The reset": "index.html#rp-reset"}


@pytest.mark.sphinx("html", testroot="blocks", freshenv=True)
def test_trainer_note_is_gone_from_the_participant_edition(app):
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "SENTINEL-TRAINER-ONLY" not in html and "tn-reset" not in html
    assert "SENTINEL" not in (app.outdir / "searchindex.js").read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="blocks", srcdir="blocks-trainer", freshenv=True,
                    confoverrides={"handbook_edition": "trainer"})
def test_trainer_note_shows_in_the_trainer_edition(app):
    app.build()
    note = block(soup_of(app), "trainer-note")
    assert note.select_one(".admonition-title").get_text() == "Debrief"
    assert "SENTINEL-TRAINER-ONLY" in note.get_text()


@pytest.mark.sphinx("latex", testroot="blocks", freshenv=True)
def test_blocks_print_framed_with_titles_and_tick_boxes(app):
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\begin{sphinxadmonition}{note}{Kickoff email}" in tex
    assert r"\renewcommand{\labelitemi}{$\square$}" in tex
    assert r"\label{\detokenize{index:tpl-kickoff}}" in tex
    assert "SENTINEL" not in tex


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
    expect(15, "role-play", "the ':scenario:' option is required")
    expect(20, "exercise", "bad value for ':minutes:'")
    expect(25, "checklist", "write the items as a bullet list")
    assert len(re.findall(r"WARNING", warnings)) == 6, warnings
