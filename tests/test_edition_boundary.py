"""The one edition boundary: trainer material nested at any depth, and trainer
files shown through a participant page, reach no participant.

The project is tests/roots/test-kit with trainer material hidden where each
output used to look only at direct children: a trainer note in a list item of
a role-play's scenario (role cards, observer sheets, the set-up slide, the
handout), a trainer note inside a role brief (that role's card). Each note
carries a ``NESTED-`` marker. The role cards and the deck's content are read
from the LaTeX and the deck manifest Sphinx writes (no TeX or browser needed).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from handbook.publish import build as build_module
from handbook.__main__ import main

ROOTS = Path(__file__).parent / "roots"

SCENARIO_NOTE = """
- Everyone knows the price goes up by eight percent.
- The client has been with you three years.

  :::{trainer-note} Watch the clock
  NESTED-SCENARIO-NOTE: stop the first round at minute six.
  :::
"""
BRIEF_NOTE = """
::::{trainer-note} Coach the account manager
NESTED-BRIEF-NOTE: the account manager usually gives in too early.
::::
"""


def _replace_once(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` replaced once; fails when ``old`` is not there (a fixture that changed would
    otherwise leave the test checking nothing)."""
    assert old in text, f"the test-kit fixture no longer holds {old!r}"
    return text.replace(old, new, 1)


def nested_project(tmp: Path) -> Path:
    src = tmp / "src"
    shutil.copytree(ROOTS / "test-kit", src)
    chapter = src / "chapter.md"
    text = chapter.read_text(encoding="utf-8")
    text = _replace_once(text, "price, and the account manager calls the client's office.\n",
                         "price, and the account manager calls the client's office.\n" + SCENARIO_NOTE)
    # A fence one colon wider so the note can sit inside the brief.
    brief = ":::{role-brief} Account manager\n:round: 1\nGoal\n: Keep the account and the increase. PRIVATE-AM-ONE\n"
    end = text.index(":::\n", text.index(brief) + len(brief))
    text = text[:end] + BRIEF_NOTE.replace("::::", ":::") + "::::\n" + text[end + 4:]
    text = _replace_once(text, brief, ":" + brief)
    text = _replace_once(text, "::::{role-play} The renewal call", ":::::{role-play} The renewal call")
    text = _replace_once(text, "- Did the account manager ask before explaining? PRIVATE-OBSERVER\n:::\n::::",
                         "- Did the account manager ask before explaining? PRIVATE-OBSERVER\n:::\n:::::")
    chapter.write_text(text, encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def nested(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("boundary")
    src = nested_project(tmp)
    base = build_module.Paths(srcdir=src, confdir=src, builddir=tmp / "b")
    assert build_module.sphinx("html", base) == 0
    trainer = build_module.Paths(srcdir=src, confdir=src, builddir=tmp / "b", edition="trainer")
    assert build_module.sphinx("html", trainer) == 0
    manifest = tmp / "deck.json"
    assert build_module.sphinx("latex", trainer, ["-q", "-D", "handbook_latex_kit=1",
                                                  "-D", f"handbook_slides_manifest={manifest}"],
                               outdir=tmp / "kit-latex", doctrees=tmp / "b" / "trainer" / "doctrees" / "kit") == 0
    assert build_module.sphinx("latex", base, ["-q", "-D", "handbook_latex_handouts=1"],
                               outdir=tmp / "handouts-latex", doctrees=tmp / "b" / "doctrees" / "handouts") == 0
    return tmp


def _tex(path: Path) -> str:
    return path.read_text(encoding="utf-8").replace("\\sphinxhyphen{}", "-")


def _cards(tex: str) -> list[str]:
    """The role cards' LaTeX, one string per printed card (each starts on a new page)."""
    return [part for part in tex.split("\\clearpage") if "Everyone knows" in part or "Observer" in part]


def test_a_note_in_a_scenario_list_item_is_on_no_role_card_or_observer_sheet(nested):
    tex = _tex(nested / "kit-latex" / "role-cards-renewal.tex")
    cards = _cards(tex)
    assert len(cards) == 6 + 2  # three roles in two rounds, an observer sheet per round
    roles = [card for card in cards if "Observer" not in card]
    assert len(roles) == 6
    # The public list item is still on each role card (an observer sheet shows the round's background instead).
    assert all("eight percent" in card for card in roles)
    assert [card for card in cards if "NESTED-SCENARIO-NOTE" in card] == []


def test_a_note_inside_a_brief_is_not_on_that_role_card(nested):
    tex = _tex(nested / "kit-latex" / "role-cards-renewal.tex")
    mine = [card for card in _cards(tex) if "PRIVATE-AM-ONE" in card]
    assert len(mine) == 1
    assert "NESTED-BRIEF-NOTE" not in tex
    # The facilitator guide, for the trainer, keeps both notes.
    guide = _tex(nested / "kit-latex" / "facilitator-guide-renewal.tex")
    assert "NESTED-BRIEF-NOTE" in guide and "NESTED-SCENARIO-NOTE" in guide


def test_the_set_up_slide_shows_the_scenario_without_the_nested_note(nested):
    deck = json.loads((nested / "deck.json").read_text(encoding="utf-8"))["decks"]["renewal"]
    play = next(step["activity"] for step in deck["steps"] if step.get("activity", {}).get("kind") == "role-play")
    face = json.dumps(play["public"])
    assert "eight percent" in face and "PUBLIC-SCENARIO" in face
    assert "NESTED-" not in face


def test_the_handout_shows_the_scenario_without_the_nested_note(nested):
    tex = _tex(nested / "handouts-latex" / "handout-renewal.tex")
    assert "eight percent" in tex
    assert "NESTED-" not in tex and "PRIVATE-" not in tex


def test_participant_pages_and_search_miss_the_nested_notes_and_trainer_pages_keep_them(nested):
    participant = nested / "b" / "html"
    found = [p.name for p in participant.rglob("*") if p.is_file() and p.suffix in (".html", ".js")
             and "NESTED-" in p.read_text(encoding="utf-8", errors="replace")]
    assert found == []
    trainer = (nested / "b" / "trainer" / "html" / "chapter.html").read_text(encoding="utf-8")
    assert "NESTED-SCENARIO-NOTE" in trainer and "NESTED-BRIEF-NOTE" in trainer


# -- files: a participant page shows no trainer file ----------------------------------------------

SESSION = "sessions/renewal.md"
FILE_CASES = {
    "literalinclude-session": (f"```{{literalinclude}} {SESSION}\n```\n", "PRIVATE-SAY-WELCOME", SESSION),
    "include-cut-after-note-label": ("```{include} chapter.md\n:start-after: ':name: tn-renewal'\n"
                                     ":end-before: '::::{exercise}'\n```\n", "PRIVATE-DEBRIEF", "chapter.md"),
    "literalinclude-brief-round": ("```{literalinclude} chapter.md\n:start-after: ':round: 1'\n:lines: 1-3\n```\n",
                                   "PRIVATE-AM-ONE", "chapter.md"),
    "download-session": (f"Get {{download}}`the plan <{SESSION}>`.\n", None, SESSION),
    "image-in-sessions": ("![A chart](sessions/chart.png)\n", None, "sessions/chart.png"),
    "figure-in-sessions": ("```{figure} sessions/chart.png\nA chart.\n```\n", None, "sessions/chart.png"),
    "image-glob-in-sessions": ("```{image} sessions/chart.*\n```\n", None, "sessions/chart.png"),
    "rst-include-note-file": ("```{eval-rst}\n.. include:: notes.rst\n```\n", "NOTE-FILE-TEXT", "notes.rst"),
}


@pytest.mark.parametrize("case", sorted(FILE_CASES))
def test_a_participant_page_cannot_show_a_trainer_file(case, tmp_path, capsys):
    text, payload, shown = FILE_CASES[case]
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-kit", src)
    card = (Path(__file__).parent.parent / "handbook" / "sphinxext" / "static" / "handbook-card.png").read_bytes()
    (src / "sessions" / "chart.png").write_bytes(card)
    (src / "notes.rst").write_text(".. trainer-note:: Debrief\n\n   NOTE-FILE-TEXT for trainers.\n", encoding="utf-8")
    (src / "extra.md").write_text(f"# Extra\n\nBefore.\n\n{text}\nAfter.\n", encoding="utf-8")
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("chapter\n```", "chapter\nextra\n```", 1),
                     encoding="utf-8")
    status = main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b")])
    err = capsys.readouterr().err
    assert status != 0
    problem = next(line for line in err.splitlines() if "[handbook.include]" in line)
    assert "extra.md" in problem and shown.split("/")[-1].replace("*", "") in problem  # both files
    assert "trainer" in problem
    out = tmp_path / "b" / "html"
    texts = "".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*")
                    if p.is_file() and p.suffix in (".html", ".js", ".md", ".txt"))
    if payload:
        assert payload not in texts
    assert not list((out / "_downloads").rglob("*.md")) if (out / "_downloads").exists() else True
    assert not list((out / "_images").rglob("chart*")) if (out / "_images").exists() else True
    page = BeautifulSoup((out / "extra.html").read_text(encoding="utf-8"), "html.parser").get_text()
    assert "Before." in page and "After." in page


def test_a_session_page_may_show_a_session_file(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-kit", src)
    card = (Path(__file__).parent.parent / "handbook" / "sphinxext" / "static" / "handbook-card.png").read_bytes()
    (src / "sessions" / "chart.png").write_bytes(card)
    session = src / "sessions" / "renewal.md"
    session.write_text(session.read_text(encoding="utf-8") + "\n![The room](chart.png)\n", encoding="utf-8")
    assert main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b"),
                 "--edition", "trainer"]) == 0
    assert list((tmp_path / "b" / "trainer" / "html" / "_images").glob("chart*.png"))


def test_a_file_holding_no_trainer_block_is_still_included(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-kit", src)
    (src / "shared.txt").write_text("SHARED-TEXT: a sentence both pages need.\n", encoding="utf-8")
    (src / "extra.md").write_text("# Extra\n\n```{include} shared.txt\n```\n", encoding="utf-8")
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("chapter\n```", "chapter\nextra\n```", 1),
                     encoding="utf-8")
    assert main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b")]) == 0
    assert "SHARED-TEXT" in (tmp_path / "b" / "html" / "extra.html").read_text(encoding="utf-8")


# -- source links: "view" and "edit this page" ---------------------------------------------------

LINKS_CONF = """extensions = ["myst_parser", "handbook.sphinxext"]
myst_enable_extensions = ["colon_fence"]
handbook_shape_checks = False
html_theme = "furo"
html_theme_options = {"source_repository": "https://github.com/example/book/", "source_branch": "main",
                      "source_directory": "docs/"}
"""


def _source_links(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return sorted(a["href"] for a in soup.select(".view-this-page a, .edit-this-page a"))


def test_a_participant_page_never_links_to_a_source_holding_trainer_notes(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(LINKS_CONF, encoding="utf-8")
    (src / "index.md").write_text("# Book\n\n```{toctree}\nchapter\n```\n", encoding="utf-8")
    (src / "chapter.md").write_text("# Chapter\n\nPublic text.\n\n:::{trainer-note} Debrief\nSecret.\n:::\n",
                                    encoding="utf-8")
    for edition in ("participant", "trainer"):
        assert main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b"),
                     "--edition", edition]) == 0
    participant, trainer = tmp_path / "b" / "html", tmp_path / "b" / "trainer" / "html"
    assert _source_links(participant / "chapter.html") == []
    assert _source_links(participant / "index.html") == [
        "https://github.com/example/book/blob/main/docs/index.md?plain=true",
        "https://github.com/example/book/edit/main/docs/index.md"]
    assert "https://github.com/example/book/edit/main/docs/chapter.md" in _source_links(trainer / "chapter.html")
