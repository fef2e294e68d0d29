"""Session plans: the agenda check and blocks pulled in from chapters."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup


def soup_of(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.sphinx("html", testroot="agenda", freshenv=True)
def test_agenda_that_adds_up_renders_start_times(app):
    app.build()
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in
            soup_of(app, "index").select("table.handbook-agenda tbody tr")]
    assert rows == [["0:00", "10", "Welcome"], ["0:10", "35", "Role-play"], ["0:45", "15", "Debrief"],
                    ["1:00", "", "End"]]
    assert "index.md" not in app.warning.getvalue()


@pytest.mark.sphinx("html", testroot="agenda", freshenv=True)
def test_agenda_mismatch_is_a_typed_warning_with_file_and_line(app):
    app.build()
    warnings = app.warning.getvalue()
    src = re.escape(str(app.srcdir / "wrong.md"))
    assert re.search(rf"{src}:3: WARNING: agenda: the items add up to 65 minutes, but the session is 90 minutes"
                     rf".*\[handbook\.agenda\]", warnings), warnings
    assert re.search(rf"{src}:\d+: WARNING: agenda: item 2 does not start with its minutes.*\[handbook\.agenda\]",
                     warnings), warnings
    assert len(re.findall("WARNING", warnings)) == 2


@pytest.mark.sphinx("html", testroot="use-block", freshenv=True)
def test_use_block_pulls_the_block_with_its_links_and_source(app):
    app.build()
    session = soup_of(app, "session")
    pulled = session.select("div.handbook-role-play.handbook-pulled")
    assert len(pulled) == 1
    block = pulled[0]
    assert block.select_one(".admonition-title").get_text() == "The reset"
    assert not block.get("id")  # the chapter keeps the anchor
    link = next(a for a in block.select("a.reference.internal") if not a.find_parent("p", class_="handbook-from"))
    assert link["href"] == "chapter.html#tpl-note" and link.get_text() == "A note"
    source = block.select_one("p.handbook-from a")
    assert source["href"] == "chapter.html" and source.get_text() == "The chapter"
    # The source line sits under the title, where a page break cannot leave it alone on a page.
    assert block.select_one(".admonition-title").find_next_sibling() == block.select_one("p.handbook-from")


@pytest.mark.sphinx("html", testroot="use-block", freshenv=True)
def test_use_block_drops_trainer_notes_in_the_participant_edition_and_warns_on_unknown_labels(app):
    app.build()
    assert "PULLED-TRAINER-SENTINEL" not in (app.outdir / "session.html").read_text(encoding="utf-8")
    warnings = app.warning.getvalue()
    assert re.search(rf"{re.escape(str(app.srcdir / 'session.md'))}:9: WARNING: use-block: no block is labeled "
                     rf"'no-such-block'.*\[handbook\.use-block\]", warnings), warnings


@pytest.mark.sphinx("html", testroot="use-block", srcdir="use-block-trainer", freshenv=True,
                    confoverrides={"handbook_edition": "trainer"})
def test_use_block_pulls_trainer_notes_in_the_trainer_edition(app):
    app.build()
    note = soup_of(app, "session").select_one("div.handbook-trainer-note.handbook-pulled")
    assert note is not None and "PULLED-TRAINER-SENTINEL" in note.get_text()
