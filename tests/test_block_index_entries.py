"""Role-plays, checklists and exercises are found by their titles: each is
listed in the general index (genindex.html) and is an object of the search
index, both leading to the block on its page."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

#: title -> (the general index's entry, page, anchor)
EXPECTED = {
    "The pricing standoff": ("The pricing standoff (role play)", "index", "rp-pricing-standoff"),
    "Before the renewal call": ("Before the renewal call (checklist)", "drills", "checklist-before-the-renewal-call"),
    "Objection ladder": ("Objection ladder (exercise)", "drills", "exercise-objection-ladder"),
}


def soup_of(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.sphinx("html", testroot="block-entries", freshenv=True)
def test_block_titles_are_listed_in_the_general_index(app):
    app.build()
    assert app.warning.getvalue() == ""
    entries = {a.get_text(): a["href"] for a in soup_of(app, "genindex").select("table.genindextable a")}
    assert entries == {entry: f"{page}.html#{anchor}" for entry, page, anchor in EXPECTED.values()}
    for _, page, anchor in EXPECTED.values():
        assert soup_of(app, page).find(id=anchor) is not None, f"{page}.html has no #{anchor}"


@pytest.mark.sphinx("html", testroot="block-entries", freshenv=True)
def test_block_titles_are_objects_of_the_search_index(app):
    app.build()
    text = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(re.fullmatch(r"Search\.setIndex\((.*)\)\s*", text, re.S).group(1))
    found = {}
    for prefix, objects in index["objects"].items():
        for doc, objtype, priority, anchor, name in objects:
            assert priority >= 0, f"{name} is in the index but hidden from search (priority {priority})"
            found[f"{prefix}.{name}" if prefix else name] = (
                index["docnames"][doc], anchor, index["objtypes"][str(objtype)])
    assert found == {title: (page, anchor, "std:handbook-block") for title, (_, page, anchor) in EXPECTED.items()}
    # The search page shows an object's kind from objnames: "block".
    assert list(index["objnames"].values()) == [["std", "handbook-block", "block"]]
