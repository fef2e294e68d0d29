"""Key takeaways and discussion questions sit under a heading that already
names them, so they show no title; used elsewhere they may take one, and then
the reader sees it (on the page, in print, and as the text of links to them)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from handbook.sphinxext.blocks import blocks_of

#: label -> (kind, the title the author gave or None, the title links show)
BLOCKS = {
    "kt-remember": ("key-takeaways", "What to remember", "What to remember"),
    "kt-plain": ("key-takeaways", None, "Key takeaways"),
    "dq-talk": ("discussion-questions", "Talk it over", "Talk it over"),
    "dq-plain": ("discussion-questions", None, "Discussion questions"),
}


def soup_of(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.sphinx("html", testroot="block-titles", freshenv=True)
def test_a_given_title_is_shown_and_no_title_shows_none(app):
    app.build()
    assert app.warning.getvalue() == ""
    page = soup_of(app, "index")
    for label, (kind, given, _) in BLOCKS.items():
        block = page.find(id=label)
        assert block is not None and f"handbook-{kind}" in block["class"], label
        titles = [t.get_text() for t in block.select(".admonition-title")]
        assert titles == ([given] if given else []), f"{label} shows the titles {titles}"


@pytest.mark.sphinx("html", testroot="block-titles", freshenv=True)
def test_untitled_blocks_are_recorded_and_linked_with_the_default_title(app):
    app.build()
    links = {a["href"]: a.get_text() for a in soup_of(app, "other").select("div.body a.reference.internal")}
    assert links == {f"index.html#{label}": shown for label, (_, _, shown) in BLOCKS.items()}
    recorded = {r.node_id: (r.kind, r.title) for kind in ("key-takeaways", "discussion-questions")
                for r in blocks_of(app.env, kind)}
    assert recorded == {label: (kind, shown) for label, (kind, _, shown) in BLOCKS.items()}


@pytest.mark.sphinx("latex", testroot="block-titles", freshenv=True)
def test_print_frames_show_the_given_title_or_their_kind_never_an_empty_bar(app):
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    frames = re.findall(r"\\begin\{sphinxadmonition\}\{(\w+)\}(\{[^}]*\})", tex)
    assert frames == [("tip", "{What to remember}"), ("tip", "{Key takeaways}"),
                      ("hint", "{Talk it over}"), ("hint", "{Discussion questions}")]
