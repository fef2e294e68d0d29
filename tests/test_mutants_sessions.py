"""Session plans (``handbook/sphinxext/sessions.py``): the agenda a trainer reads, the blocks a session page
or a handout pulls in from a chapter, the space to write, and the warnings for misuse, with file and line.

ONE small book, built in-process: the trainer edition's HTML (what the trainer reads), shared by the
tests, and, for the last test only, the participant edition's LaTeX (what is printed for the room: ruled
lines are drawn there only). Mutation testing runs this file on every mutant of sessions.py, stopping at
the first failing test, so most mutants cost one small build.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

CONF = """extensions = ["myst_parser", "handbook.sphinxext"]
myst_enable_extensions = ["colon_fence", "deflist"]
exclude_patterns = ["_build"]
handbook_shape_checks = False
handbook_min_related = 0
latex_engine = "xelatex"
latex_use_xindy = False
project = "Sessions book"
copyright = "2026, tests"
version = release = "1"
"""

INDEX = """# Sessions book

```{toctree}
chapter
practice
agendas
rest
handouts/sheet
```

```{trainer-toctree}
sessions/plan
```
"""

CHAPTER = """---
summary: A chapter with blocks to pull.
sources: [somekey]
audience: [rep]
owner: Tests
review-by: 2099-01-01
---

# The chapter

(sec-plain)=
## Exercise

::::{role-play} The reset
:name: rp-reset
:roles: Seller, Buyer

A client wants everything tomorrow. Read {ref}`tpl-note` first.

:::{role-brief} Seller
PRIVATE-SELLER-BRIEF: reset the pace.
:::

:::{role-brief} Buyer
PRIVATE-BUYER-BRIEF: push back once.
:::
::::

::::{exercise} Rewrite the note
:name: ex-note
:minutes: 10
:notes: 3
PUBLIC-EXERCISE: rewrite the note.

(ex-inner)=
INNER-PARAGRAPH: a labeled paragraph inside the exercise.

:::{model-answer}
PRIVATE-MODEL-ANSWER: the reason first.
:::
::::

:::{trainer-note} Debrief
:name: tn-reset
PRIVATE-TRAINER-NOTE: ask who spoke first.
:::

:::{template} A note
:name: tpl-note
Hello NAME.
:::

:::{key-takeaways}
:name: kt-main
- PUBLIC-TAKEAWAY: reset the pace.
:::
"""

#: A trainer's session page: three agendas that are right, every block pulled in, space to write.
PLAN = """# The plan

:::{agenda}
:minutes: 75
- 10 min: Welcome
- 25 minutes - Role-play, {ref}`rp-reset`
- 5 MIN. Break
- 20 minute | Exercise *in pairs*
- 10: Debrief
- 5 \u2013 Close
:::

:::{agenda}
:minutes: 600
- 599 min: All day
- 1 min: Close
:::

:::{use-block} rp-reset
:::

:::{use-block} ex-note
:::

:::{use-block} tn-reset
:::

:::{use-block} kt-main
:::

:::{notes-space}
:::

:::{notes-space}
:lines: 3
:::

:::{notes-space}
:fill:
:::
"""

#: What a participant reads: the chapter's exercise and notes, never the trainer note.
PRACTICE = """# Practice

:::{use-block} ex-note
:::

:::{use-block} rp-reset
:::

:::{notes-space}
:lines: 4
:::

:::{notes-space}
:fill:
:::
"""

#: A handout (handouts/*): a participant's page in either edition.
SHEET = """# Handout

:::{use-block} tn-reset
:::

:::{use-block} ex-note
:::
"""

#: Misuse, each with the line the warning must name.
AGENDAS = """# Agendas

:::{agenda}
:minutes: 90
- 10 min: Welcome
- 25 min: Role-play
- 30 min: Exercise
:::

:::{agenda}
:minutes: 30
- 10 min: Welcome
- Role-play without minutes
:::

:::{agenda}
- 10 min: Welcome
:::

:::{agenda}
:minutes: 30
Just a sentence.
:::

:::{agenda}
:minutes: 10
:::

:::{use-block} no-such-block
:::

:::{use-block} sec-plain
:::

:::{agenda}
:minutes: 20
1. 10 min: Numbered
2. 10 min: List
:::

:::{agenda}
:minutes: 10
- *10 min:* Emphasis first
:::

:::{agenda}
:::

:::{agenda}
:minutes: 10
- > 10 min: Quoted item
:::

:::{agenda}
:minutes: 10
- 10 min: One
-
:::
"""

#: The same directive in reStructuredText.
REST = """Agendas in reST
===============

.. agenda::
   :minutes: 30

   - 10 min: Welcome
   - Role-play without minutes
"""


def sphinx_build(src: Path, out: Path, builder: str, fresh: bool = True, **overrides) -> str:
    """One in-process build; its warnings. Sphinx's directives are registered for this build only."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    warnings = io.StringIO()
    with patch_docutils(src), docutils_namespace():
        app = Sphinx(str(src), str(src), str(out / builder), str(out / "doctrees" / builder), builder,
                     confoverrides=overrides, status=None, warning=warnings, freshenv=fresh)
        app.build()
    return re.sub(r"\x1b\[[0-9;]*m", "", warnings.getvalue())  # no colors


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("sessions")
    src = tmp / "src"
    (src / "handouts").mkdir(parents=True)
    (src / "sessions").mkdir()
    for name, text in (("conf.py", CONF), ("index.md", INDEX), ("chapter.md", CHAPTER), ("sessions/plan.md", PLAN),
                       ("practice.md", PRACTICE), ("agendas.md", AGENDAS), ("handouts/sheet.md", SHEET),
                       ("rest.rst", REST)):
        (src / name).write_text(text, encoding="utf-8")
    trainer = sphinx_build(src, tmp / "t", "html", handbook_edition="trainer")
    return {"src": src, "tmp": tmp, "html": tmp / "t" / "html", "trainer": trainer}


@pytest.fixture(scope="module")
def printed(book) -> dict:
    tmp = book["tmp"]
    participant = sphinx_build(book["src"], tmp / "p", "latex")
    tex = next((tmp / "p" / "latex").glob("*.tex")).read_text(encoding="utf-8")
    return {"participant": participant, "tex": tex}


def page(book, name: str) -> BeautifulSoup:
    return BeautifulSoup((book["html"] / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def agenda_rows(table) -> list[list[str]]:
    return [[text(cell) for cell in row.select("th, td")] for row in table.select("tr")]


def test_an_agenda_that_adds_up_shows_each_items_start_and_the_end(book):
    first, second = page(book, "sessions/plan").select("table.handbook-agenda")
    # Any of "10 min:", "25 minutes -", "5 MIN.", "20 minute |", "10:" and "5 -" (a dash) gives the minutes;
    # the rest of the item, with its link and emphasis, is the activity.
    assert agenda_rows(first) == [
        ["Start", "Minutes", "Activity"], ["0:00", "10", "Welcome"], ["0:10", "25", "Role-play, The reset"],
        ["0:35", "5", "Break"], ["0:40", "20", "Exercise in pairs"], ["1:00", "10", "Debrief"], ["1:10", "5", "Close"],
        ["1:15", "", "End"]]
    link = first.select("a.reference.internal")
    assert [(a["href"], text(a)) for a in link] == [("../chapter.html#rp-reset", "The reset")]
    assert text(first.select_one("em")) == "in pairs"
    # Hours past nine and minutes past 59: h:mm.
    assert agenda_rows(second)[1:] == [["0:00", "599", "All day"], ["9:59", "1", "Close"], ["10:00", "", "End"]]
    # An agenda that does not add up is still shown (with a warning: see below), ending at the session's end.
    # An item whose text is quoted still gives its minutes.
    assert [agenda_rows(t) for t in page(book, "agendas").select("table.handbook-agenda")] == [[
        ["Start", "Minutes", "Activity"], ["0:00", "10", "Welcome"], ["0:10", "25", "Role-play"],
        ["0:35", "30", "Exercise"], ["1:30", "", "End"]],
        [["Start", "Minutes", "Activity"], ["0:00", "10", "Quoted item"], ["0:10", "", "End"]]]


def test_misuse_is_a_typed_warning_with_file_and_line(book):
    src = str(book["src"]) + "/"
    found = [line.replace(src, "") for line in book["trainer"].splitlines() if "WARNING" in line]
    assert found == [
        "agendas.md:3: WARNING: agenda: the items add up to 65 minutes, but the session is 90 minutes; change the "
        "items or ':minutes:' [handbook.agenda]",
        "agendas.md:13: WARNING: agenda: item 2 does not start with its minutes ('- 10 min: ...') [handbook.agenda]",
        "agendas.md:16: WARNING: agenda: give the session length, for example ':minutes: 90' [handbook.agenda]",
        "agendas.md:20: WARNING: agenda: write the agenda as a bullet list, one '- 10 min: Activity' per item "
        "[handbook.agenda]",
        "agendas.md:25: WARNING: agenda: write the agenda as a bullet list, one '- 10 min: Activity' per item "
        "[handbook.agenda]",
        "agendas.md:35: WARNING: agenda: write the agenda as a bullet list, one '- 10 min: Activity' per item "
        "[handbook.agenda]",
        "agendas.md:43: WARNING: agenda: item 1 does not start with its minutes ('- 10 min: ...') [handbook.agenda]",
        "agendas.md:57: WARNING: agenda: item 2 does not start with its minutes ('- 10 min: ...') [handbook.agenda]",
        "agendas.md:46: WARNING: agenda: an {agenda} without items is made from the page's {script-step} blocks, and "
        "this page has none; list the items or write the script [handbook.agenda]",
        # An agenda in reST names its item's line too.
        "rest.rst:8: WARNING: agenda: item 2 does not start with its minutes ('- 10 min: ...') [handbook.agenda]",
        "agendas.md:29: WARNING: use-block: no block is labeled 'no-such-block'; give the block ':name: "
        "no-such-block' [handbook.use-block]",
        "agendas.md:32: WARNING: use-block: no block is labeled 'sec-plain'; give the block ':name: sec-plain' "
        "[handbook.use-block]",
    ]
    # The misused agendas and blocks leave nothing on the page but the one agenda that is only wrong in its sum.
    agendas = page(book, "agendas")
    assert len(agendas.select("table")) == 2 and not agendas.select("div.handbook-pulled")
    assert "Just a sentence" not in text(agendas) and "Numbered" not in text(agendas)


def pulled(book, name: str) -> list:
    return page(book, name).select("div.handbook-pulled")


def test_a_trainers_session_page_pulls_whole_blocks_with_their_source(book):
    blocks = pulled(book, "sessions/plan")
    titles = [text(b.select_one(".admonition-title")) for b in blocks]
    assert titles == ["The reset", "Rewrite the note", "Debrief", "Key takeaways"]
    for block in blocks:
        # The title, then the line naming the chapter it comes from, linked from this page.
        first, second = [c for c in block.children if getattr(c, "name", None)][:2]
        assert "admonition-title" in first["class"] and second["class"] == ["handbook-from"]
        assert text(second) == "From The chapter" and second.a["href"] == "../chapter.html"
    # The chapter keeps the anchors; the copies have none (no duplicate ids on the page).
    plan = page(book, "sessions/plan")
    assert not plan.select("#rp-reset, #ex-note, #tn-reset, #kt-main, #ex-inner, #tpl-note")
    chapter = page(book, "chapter")
    assert all(chapter.select_one(f"#{label}") for label in ("rp-reset", "ex-note", "tn-reset", "kt-main", "ex-inner"))
    # Links inside a copy lead to their target from the session page's folder.
    assert [a["href"] for a in blocks[0].select("p a")][1:] == ["../chapter.html#tpl-note"]
    # In the trainer edition the trainer's copy keeps briefs, model answers and notes...
    everything = text(plan)
    for sentinel in ("PRIVATE-SELLER-BRIEF", "PRIVATE-BUYER-BRIEF", "PRIVATE-MODEL-ANSWER", "PRIVATE-TRAINER-NOTE",
                     "INNER-PARAGRAPH", "PUBLIC-TAKEAWAY"):
        assert sentinel in everything, sentinel
    # ...but not the exercise's ruled lines: the page's own space to write is at its end.
    assert not blocks[1].select("div.handbook-notes")
    assert [n["style"] for n in plan.select("div.handbook-notes")] == ["--lines: 6", "--lines: 3", "--lines: 6"]
    # A page that is no handout is the trainer's in the trainer edition: it pulls what the trainer reads.
    practice = pulled(book, "practice")
    assert [text(b.select_one(".admonition-title")) for b in practice] == ["Rewrite the note", "The reset"]
    assert "PRIVATE-MODEL-ANSWER" in text(practice[0]) and not practice[0].select("div.handbook-notes")
    assert practice[0].select_one("p.handbook-from a")["href"] == "chapter.html"


def test_a_handout_pulls_what_a_participant_keeps_in_either_edition(book):
    """handouts/* are participants' pages even in the trainer edition: no model answer, no trainer note (the
    blocks after it are still pulled), and the exercise keeps its ruled lines."""
    sheet = page(book, "handouts/sheet")
    blocks = pulled(book, "handouts/sheet")
    assert [text(b.select_one(".admonition-title")) for b in blocks] == ["Rewrite the note"]
    assert "PRIVATE" not in text(sheet)
    assert [n["style"] for n in blocks[0].select("div.handbook-notes")] == ["--lines: 3"]


def test_the_printed_participant_edition_has_no_trainer_material_and_its_ruled_lines(printed):
    tex = printed["tex"]
    assert "PRIVATE" not in tex
    practice = tex[tex.index("\\chapter{Practice}"):tex.index("\\chapter{Agendas}")]
    # The exercise keeps its three lines; the page's own spaces: four lines, then down to the page's foot.
    assert re.findall(r"\\handbooknotes(?:fill)?\[Notes\](?:\{\d+\})?", practice) == [
        "\\handbooknotes[Notes]{3}", "\\handbooknotes[Notes]{4}", "\\handbooknotesfill[Notes]"]
    assert practice.count("From {\\hyperref[\\detokenize{chapter::doc}]") == 2
    assert "PARAGRAPH: a labeled paragraph inside the exercise" in practice and "EXERCISE: rewrite the note" in practice
    # One anchor per label in the whole book: the chapter's.
    assert tex.count("\\label{\\detokenize{chapter:ex-inner}}") == 1
    assert tex.count("\\label{\\detokenize{chapter:ex-note}}") == 1
    # The session plan is the trainer's: not in the participant edition, nor its warnings.
    assert "The plan" not in tex and "sessions/plan" not in printed["participant"]


def test_a_session_page_shows_the_chapters_block_as_edited_after_a_rebuild(book, tmp_path):
    """A pulled block is read again when its chapter changes, though the session page did not change."""
    src = tmp_path / "src"
    shutil.copytree(book["src"], src)
    sphinx_build(src, tmp_path / "b", "html", handbook_edition="trainer")
    chapter = src / "chapter.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("PUBLIC-EXERCISE: rewrite the note.",
                                                                   "EDITED-EXERCISE: rewrite the note."), encoding="utf-8")
    sphinx_build(src, tmp_path / "b", "html", fresh=False, handbook_edition="trainer")
    plan = (tmp_path / "b" / "html" / "sessions" / "plan.html").read_text(encoding="utf-8")
    assert "EDITED-EXERCISE" in plan and "PUBLIC-EXERCISE" not in plan
    # Naming another page a participant's page reads the pages again: its pulled exercise loses the model answer.
    assert "PRIVATE-MODEL-ANSWER" in (tmp_path / "b" / "html" / "practice.html").read_text(encoding="utf-8")
    sphinx_build(src, tmp_path / "b", "html", fresh=False, handbook_edition="trainer",
                 handbook_participant_pages=["handouts/*", "practice"])
    assert "PRIVATE-MODEL-ANSWER" not in (tmp_path / "b" / "html" / "practice.html").read_text(encoding="utf-8")
