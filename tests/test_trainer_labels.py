"""A label on a trainer note is trainer-only too: another project linking to
the participant site through intersphinx (objects.inv) or a reader using its
search (searchindex.js) must not find it; the trainer edition has both."""

from __future__ import annotations

import json
import re

import pytest
from sphinx.util.inventory import InventoryFile

LABEL = "tn-zanzibarquill"
TITLE = "Zanzibarquill debrief"


def inventory(app) -> dict[str, dict]:
    """The built site's object inventory, as intersphinx reads it."""
    return InventoryFile.loads((app.outdir / "objects.inv").read_bytes(), uri="").data


def search_index(app) -> tuple[str, dict]:
    text = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    match = re.fullmatch(r"Search\.setIndex\((.*)\)\s*", text, re.S)
    assert match, "searchindex.js is not the Search.setIndex(...) call the search page loads"
    return text, json.loads(match.group(1))


def search_anchors(index: dict) -> set[str]:
    return {anchor for places in index["alltitles"].values() for _, anchor in places if anchor}


@pytest.mark.sphinx("html", testroot="trainer-label", freshenv=True)
def test_trainer_note_label_is_in_neither_inventory_nor_search_of_the_participant_edition(app):
    app.build()
    assert app.warning.getvalue() == ""
    labels = inventory(app)["std:label"]
    assert "sec-listening" in labels, "the test is void: the page's own section label is not in the inventory"
    assert LABEL not in labels
    assert not [name for names in inventory(app).values() for name, item in names.items()
                if LABEL in name or LABEL in item.uri or TITLE in item.display_name]

    text, index = search_index(app)
    assert "sec-listening" in search_anchors(index), "the test is void: section anchors are not searchable"
    assert LABEL not in search_anchors(index) and TITLE not in index["alltitles"]
    assert "quokkafjord" not in index["terms"]
    for secret in ("zanzibarquill", "quokkafjord"):
        assert secret not in text.lower(), f"{secret} leaked into the participant search index"


@pytest.mark.sphinx("html", testroot="trainer-label", srcdir="trainer-label-trainer", freshenv=True,
                    confoverrides={"handbook_edition": "trainer"})
def test_trainer_note_label_is_in_the_trainer_editions_inventory_and_search(app):
    app.build()
    assert app.warning.getvalue() == ""
    item = inventory(app)["std:label"][LABEL]
    assert (item.uri, item.display_name) == (f"index.html#{LABEL}", TITLE)

    _, index = search_index(app)
    assert index["alltitles"][TITLE] == [[index["docnames"].index("index"), LABEL]]
    assert "quokkafjord" in index["terms"]
