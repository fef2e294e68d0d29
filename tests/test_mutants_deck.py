"""What a session's slide deck shows (``handbook/sphinxext/deck.py``), from ONE in-process build of a
small book: what ``make slides`` projects and puts in the speaker notes, without chromium.

The build runs as ``make slides`` runs it (the trainer edition, the ``dummy`` builder, the deck
manifest), here at 35 minutes (``make slides LENGTH=35``), so one build holds a session cut from 45
minutes, a session written at 35 (as written), a session that cannot be cut that far (no deck) and a
session page with no length (no deck). ``handbook/publish/slides.py`` turns the manifest into the
slides, as ``make slides`` does. Mutation testing runs this file on every mutant of deck.py.

deck.py runs when a build has finished (it reads the finished environment), so the pages are read once
into a folder named after a hash of the handbook's code, the Sphinx version and this file, and each run
copies that build and runs it again with nothing to read: deck.py's part, about a quarter of a second.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from conftest import edit
from handbook.publish.slides import markdown, plan

ROOTS = Path(__file__).parent / "roots"

FRONT = "---\nsummary: {summary}\nsources: [somekey]\naudience: [rep]\nowner: Tests\nreview-by: 2099-01-01\n---\n\n"

#: The test kit's chapter, made a chapter (front matter), with objectives, discussion questions and related
#: chapters, and an exercise whose text holds every kind of item a slide shows, a picture without words, and
#: trainer material nested in it.
CHAPTER_EXTRA = """
Read {ref}`chapter-three` later, as a plain sentence of the chapter.

## You will be able to

:::{objectives}
1. CHAPTER-OBJECTIVE-ONE: give the reason for a price in numbers.
2. CHAPTER-OBJECTIVE-TWO: ask before you explain.
:::

::::{exercise} Sort the objections
:name: ex-sort
:minutes: 5
Sort these objections.

- Too expensive
- *Not now*

1. First the price.
2. Then the timing.

Price
: What it costs.

Timing
: When it starts.

% A comment the reader never sees.

![](picture.png)

(a-target)=
:::{trainer-note}
PRIVATE-NESTED-NOTE: this note is inside the exercise and stays off the slide.
:::

The last line.
::::

:::{discussion-questions}
- QUESTION-ONE: what made the call hard?
- QUESTION-TWO: what would you say next time?
:::

:::{trainer-note} Timing
:name: tn-timing
Keep the debrief short. Seven words make no private sentence here.
Eight words make a sentence that a trainer keeps private! Ask: who spoke first in the role-play today?
Then: what did the director want from the account manager?
:::

## Related chapters

- {ref}`chapter-two`
- {ref}`chapter-two` again
- {ref}`chapter-one`
- {doc}`index`
- {ref}`ex-sort`
- {ref}`session-short`
"""

CHAPTER_TWO = FRONT.format(summary="The second chapter.") + """(chapter-two)=
# Parting ways

::::{exercise} Write the parting email
:name: ex-parting
:minutes: 15
PUBLIC-PARTING: write the email that ends the contract well.

:::{model-answer}
PRIVATE-PARTING-ANSWER.
:::
::::

:::{key-takeaways}
- PARTING-TAKEAWAY: end on good terms.
:::

:::{discussion-questions}
PARTING-QUESTION: what would you say first?
:::

## Related chapters

- {ref}`chapter-three`
- {ref}`chapter-one`
"""

CHAPTER_THREE = FRONT.format(summary="The third chapter.") + """(chapter-three)=
# Reading next

Text.

:::{exercise} Read the chapter
:name: ex-reading
:minutes: 35
READING-EXERCISE: read the chapter and mark one sentence.
:::
"""

#: A session written at 60 minutes whose optional warm-up is dropped at 35.
DROP = """# Session: Reading

:::{session}
:minutes: 60
:audience: New account managers
:group-size: 6-8
:room: One table
- 1 per participant: the handout
:::

::::{script-step} Warm-up
:minutes: 25
:optional:
:activity: chapter-three
SAY
: DROPPED-SAY: tell a story.

DO
: Listen.

IF DROPPED
: Tell the story next time.
::::

::::{script-step} Read
:minutes: 35
:activity: ex-reading
SAY
: Read the chapter.

DO
: Walk around.
::::
"""

#: What the session author adds so that the 45-minute session can be cut (as in test_variants.py).
DECLARED = [
    ("::::{script-step} Welcome\n:minutes: 5\n", "::::{script-step} Welcome\n:minutes: 5\n:cut-to: 4\n"),
    ("WATCH FOR\n: People who sit with their own team. PRIVATE-WATCH\n",
     "WATCH FOR\n: People who sit with their own team. PRIVATE-WATCH\n\nIF RUNNING LATE\n: Skip the round of names.\n"),
    (":activity: rp-renewal\n", ":activity: rp-renewal\n:phases: Read the cards 3 (2-4), Call 9 (6-12), Feedback 3 (2-4)\n"),
    (":activity: ex-price-email\n", ":activity: ex-price-email\n:cut-to: 6\n"),
    ("DO\n: Collect the feedback forms.\n",
     "DO\n: Collect the feedback forms.\n\nIF RUNNING LATE\n: Read one rewrite aloud, not two.\n"),
    ("## Agenda\n", "## Learning objectives\n\nBy the end you can:\n\n- SESSION-OBJECTIVE-ONE: open with the reason.\n"
                    "- SESSION-OBJECTIVE-TWO: ask first.\n\n## Agenda\n"),
]

SHORT = """(session-short)=
# Session: Parting ways

:::{session}
:minutes: 35
:audience: Account managers
:group-size: 6-8
:room: One table
- 1 per participant: the handout
:::

## Agenda

:::{agenda}
:::

## Script

::::{script-step} Open
:minutes: 5
:activity: chapter-three
SAY
: We talk about parting ways.

DO
: Write the goal on the board.
::::

::::{script-step} Write the email
:minutes: 15
:activity: ex-parting
SAY
: Write the email on your own.

DO
: Walk around and read along.
::::

::::{script-step} Sort
:minutes: 5
:activity: ex-sort
SAY
: Sort the objections.

DO
: Give each table a set.
::::

::::{script-step} Debrief
:minutes: 5
:activity: tn-timing
SAY
: Ask who spoke first.

DO
: Write the answers up.
::::

::::{script-step} Warm-up
:minutes: 5
:activity: ex-local
SAY
: One sentence each.

DO
: Go round the room.
::::

## Activities

:::{exercise} Say it in one sentence
:name: ex-local
:minutes: 5
LOCAL-EXERCISE: say why the client leaves, in one sentence.
:::
"""

LONG = """# Session: Too long to cut

:::{session}
:minutes: 90
:audience: Account managers
:group-size: 6-8
:room: One table
- 1 per participant: the handout
:::

::::{script-step} Everything
:minutes: 90
SAY
: We do it all.

DO
: Everything.
::::
"""


def _project(tmp: Path) -> Path:
    src = tmp / "src"
    shutil.copytree(ROOTS / "test-kit", src)
    chapter = src / "chapter.md"
    chapter.write_text(FRONT.format(summary="The price chapter.") + "(chapter-one)=\n"
                       + chapter.read_text(encoding="utf-8") + CHAPTER_EXTRA, encoding="utf-8")
    # a picture without words in the exercise: it shows nothing on a slide (no empty paragraph)
    shutil.copyfile(ROOTS.parent.parent / "handbook" / "sphinxext" / "static" / "handbook-card.png", src / "picture.png")
    (src / "chapter2.md").write_text(CHAPTER_TWO, encoding="utf-8")
    (src / "chapter3.md").write_text(CHAPTER_THREE, encoding="utf-8")
    (src / "index.md").write_text("# Kit book\n\n```{toctree}\n:numbered:\n\nchapter\nchapter2\n```\n\n```{toctree}\nchapter3\n```\n\n"
                                  "```{trainer-toctree}\nsessions/renewal\nsessions/short\nsessions/long\nsessions/drop\n"
                                  "sessions/notes\n```\n", encoding="utf-8")
    for old, new in DECLARED:
        edit(src / "sessions" / "renewal.md", old, new)
    (src / "sessions" / "short.md").write_text(SHORT, encoding="utf-8")
    (src / "sessions" / "long.md").write_text(LONG, encoding="utf-8")
    (src / "sessions" / "drop.md").write_text(DROP, encoding="utf-8")
    (src / "sessions" / "notes.md").write_text("# Notes for trainers\n\nNo session here.\n", encoding="utf-8")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("handbook_min_related = 0\n")
    return src


def sphinx_build(src: Path, out: Path, builder: str, fresh: bool = True, **overrides) -> str:
    """One in-process build; its warnings. Sphinx's directives are registered for this build only."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    warnings = io.StringIO()
    with patch_docutils(src), docutils_namespace():
        app = Sphinx(str(src), str(src), str(out / builder), str(out / "doctrees"), builder,
                     confoverrides=overrides, status=None, warning=warnings, freshenv=fresh)
        app.build()
    return re.sub(r"\x1b\[[0-9;]*m", "", warnings.getvalue())  # no colors


OPTIONS = {"handbook_edition": "trainer", "handbook_session_length": 35}


def _read_once() -> tuple[Path, str]:
    """The book read once (its sources, its build and that build's warnings), for this code and this file."""
    import sphinx

    digest = hashlib.sha256(sphinx.__version__.encode())
    root = Path(__file__).resolve().parent.parent
    for path in sorted([Path(__file__), *(root / "handbook").rglob("*.py"), *(ROOTS / "test-kit").rglob("*")]):
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode() + path.read_bytes())
    cache = Path(tempfile.gettempdir()) / f"handbook-deck-test-{digest.hexdigest()[:20]}"
    with open(f"{cache}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one reader at a time; the others wait and reuse its build
        if not (cache / "warnings.txt").is_file():
            shutil.rmtree(cache, ignore_errors=True)
            cache.mkdir()
            warnings = sphinx_build(_project(cache), cache / "b", "dummy", handbook_slides_manifest="", **OPTIONS)
            (cache / "warnings.txt").write_text(warnings, encoding="utf-8")  # written last: the build is whole
    return cache, (cache / "warnings.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[dict, str]:
    cache, warnings = _read_once()
    tmp = tmp_path_factory.mktemp("deck")
    shutil.copytree(cache / "b", tmp / "b")
    manifest = tmp / "decks.json"
    again = sphinx_build(cache / "src", tmp / "b", "dummy", fresh=False, handbook_slides_manifest=str(manifest),
                         **OPTIONS)
    assert again == ""  # nothing read again, nothing to say
    return json.loads(manifest.read_text(encoding="utf-8")), warnings


@pytest.fixture(scope="module")
def decks(built) -> dict:
    return built[0]["decks"]


def slides(deck: dict) -> list[tuple[str, str, str]]:
    """(title, face, notes) for each slide, as the deck shows them."""
    return [(s.title, " | ".join(_flat(item) for item in s.items), " | ".join(f"{k}: {v}" for k, v in s.notes))
            for s in plan(deck)]


def _flat(item: dict) -> str:
    return item["p"] if "p" in item else "; ".join(item.get("list", []))


def test_a_deck_for_each_session_that_has_a_length_at_the_length_built(built, decks):
    """A page in sessions/ with no {session} length has no deck; a session that cannot be cut to the length
    asked has none either (kit.py says why, with file and line); the others are made at 35 minutes."""
    _data, warnings = built
    assert sorted(decks) == ["drop", "renewal", "short"]
    assert [line.split(": WARNING: ")[0].rsplit("/", 2)[-2:] for line in warnings.splitlines() if "WARNING" in line] \
        == [["sessions", "long.md:3"]]
    assert "cannot cut the session to 35 minutes" in warnings
    renewal, short = decks["renewal"], decks["short"]
    # The deck's folder is named after the written length when the build changes it (renewal-35min/).
    assert (renewal["minutes"], renewal["written_minutes"], short["minutes"], short["written_minutes"]) == (35, 45, 35, 35)
    assert (renewal["title"], renewal["doc"], renewal["audience"]) == ("Session: The renewal call", "sessions/renewal",
                                                                      "Account managers")
    # A deck that fails names its source file, as the build's other messages do.
    assert Path(renewal["source"]).parts[-3:] == ("src", "sessions", "renewal.md")
    assert [step["line"] for step in renewal["steps"]] == [32, 48, 62]
    # A session cut to 35 minutes by dropping its optional warm-up: the deck has no trace of the step.
    drop = decks["drop"]
    assert (drop["minutes"], drop["written_minutes"], drop["audience"]) == (35, 60, "New account managers")
    assert "DROPPED" not in json.dumps(drop)
    assert slides(drop) == [
        ("Session: Reading", "New account managers", ""),
        ("Agenda", "0:00  Read (35 min)", ""),
        ("Set-up: Read the chapter", "READING-EXERCISE: read the chapter and mark one sentence. | 35 minutes.",
         "TIME: 0:00 to 0:35, 35 min: Read | SAY: Read the chapter. | DO: Walk around."),
        ("Timer: Read the chapter", "", "TIME: 0:00 to 0:35, 35 min: Read"),
        ("Debrief: Read the chapter", "What worked? What would you do differently next time?", ""),
        # No objectives and no takeaways anywhere: no such slides; no related chapter: the chapter it used.
        ("Close", "Thank you. | Read next, in the handbook: | Reading next", ""),
    ]


def test_the_slides_of_a_session_cut_to_the_length_built(decks):
    shown = slides(decks["renewal"])
    assert [title for title, _face, _notes in shown] == [
        "Session: The renewal call", "Objectives", "Agenda", "Welcome", "Set-up: The renewal call",
        "Round 1 of 2: The renewal call", "Round 2 of 2: The renewal call", "Debrief: The renewal call",
        "Set-up: Rewrite the price email", "Timer: Rewrite the price email", "Debrief: Rewrite the price email",
        "Key takeaways: Chapter 1, The price increase", "Close"]
    face = {title: face for title, face, _notes in shown}
    notes = {title: notes for title, _face, notes in shown}
    assert face["Session: The renewal call"] == "Account managers"
    # A "Learning objectives" section's list, not its lead-in sentence.
    assert face["Objectives"] == "SESSION-OBJECTIVE-ONE: open with the reason.; SESSION-OBJECTIVE-TWO: ask first."
    # Each step starts where the one before ends, at its minutes in this version.
    assert face["Agenda"] == ("0:00  Welcome (4 min); 0:04  Role-play: the renewal call (22 min); "
                              "0:26  Exercise and close (9 min)")
    # The notes say what this version changes, first; a step already cut as far as it goes loses its
    # IF RUNNING LATE line (Welcome: cut to 4 minutes, its limit), a step that can go further keeps it.
    assert notes["Welcome"] == (
        "TIME: 0:00 to 0:04, 4 min: Welcome | THIS VERSION: 4 minutes instead of 5. Skip the round of names. | "
        "SAY: Today we practice the renewal call. PRIVATE-SAY-WELCOME | DO: Put people in groups of four. | "
        "WATCH FOR: People who sit with their own team. PRIVATE-WATCH")
    assert notes["Set-up: Rewrite the price email"] == (
        "TIME: 0:26 to 0:35, 9 min: Exercise and close | THIS VERSION: 9 minutes instead of 10. Read one rewrite "
        "aloud, not two. | SAY: Rewrite the email. | DO: Collect the feedback forms. | IF RUNNING LATE: Read one "
        "rewrite aloud, not two.")
    # A step with a timer: what the timer's keys do joins the step's own IF RUNNING LATE line, and becomes the
    # IF TIME ALLOWS line the step did not have.
    assert notes["Set-up: The renewal call"] == (
        "TIME: 0:04 to 0:26, 22 min: Role-play: the renewal call | THIS VERSION: 22 minutes instead of 30. On the "
        "timer: Read the cards 2 min (not 3); Call 7 min (not 9); Feedback 2 min (not 3). | SAY: Read your card; do "
        "not show it. | DO: Hand out the cards for round one. | IF RUNNING LATE: Play one round only. On the timer, "
        "press - while \u201cCall\u201d runs to take a minute off it, down to 6 min (in any round). | IF TIME ALLOWS: "
        "On the timer, press + while \u201cRead the cards\u201d runs to give it a minute more, up to 4 min (in any "
        "round); or press + while \u201cCall\u201d runs to give it a minute more, up to 12 min (in any round); or "
        "press + while \u201cFeedback\u201d runs to give it a minute more, up to 4 min (in any round).")
    # The role-play's scenario, its groups, roles and rounds, and its rounds' timers in this version.
    assert face["Set-up: The renewal call"] == (
        "PUBLIC-SCENARIO: a reseller renews a client\u2019s licences next month at a higher price, and the account "
        "manager calls the client\u2019s office. | Groups of 4; roles: Account manager, Office manager, Director, and "
        "an observer; 2 rounds, swapping roles each round; 22 minutes.")
    assert face["Round 2 of 2: The renewal call"] == (
        "B plays the account manager, C the office manager, D the director, A observes. Take the round 2 cards. | "
        "Read the cards 2 min \u2192 Call 7 min \u2192 Feedback 2 min")
    assert notes["Round 2 of 2: The renewal call"].startswith("TIME: Round 2: 11 min | ")
    # The debrief asks the chapter's discussion questions; the close sends the room to the related chapter
    # (not to the chapter the session used, to a page that is no chapter, or twice).
    assert face["Debrief: The renewal call"] == ("QUESTION-ONE: what made the call hard?; QUESTION-TWO: what would "
                                                 "you say next time?")
    assert face["Key takeaways: Chapter 1, The price increase"] == "PUBLIC-TAKEAWAY: give the reason in numbers."
    assert face["Close"] == "Thank you. | Read next, in the handbook: | Chapter 2, Parting ways"


def test_the_slides_of_a_session_as_written(decks):
    shown = slides(decks["short"])
    assert [(title, face) for title, face, _notes in shown] == [
        ("Session: Parting ways", "Account managers"),
        # No objectives section: the objectives of the chapters the session uses.
        ("Objectives", "CHAPTER-OBJECTIVE-ONE: give the reason for a price in numbers.; CHAPTER-OBJECTIVE-TWO: ask "
                       "before you explain."),
        ("Agenda", "0:00  Open (5 min); 0:05  Write the email (15 min); 0:20  Sort (5 min); 0:25  Debrief (5 min); "
                   "0:30  Warm-up (5 min)"),
        ("Open", "5 minutes."),
        ("Set-up: Write the parting email", "PUBLIC-PARTING: write the email that ends the contract well. | 15 minutes."),
        ("Timer: Write the parting email", ""),
        # The chapter's discussion question, written as a paragraph.
        ("Debrief: Write the parting email", "PARTING-QUESTION: what would you say first?"),
        # Every kind of text an exercise holds, in order: paragraphs, bullet and numbered lists, a definition list;
        # not the comment, the target, nor the trainer note nested in it.
        ("Set-up: Sort the objections (1/2)", "Sort these objections. | Too expensive; Not now | First the price.; "
                                              "Then the timing. | Price: What it costs.; Timing: When it starts. | "
                                              "The last line."),
        ("Set-up: Sort the objections (2/2)", "5 minutes."),
        ("Timer: Sort the objections", ""),
        # A step that runs a trainer note: no set-up slide with the note, only its chapter's questions.
        ("Debrief", "QUESTION-ONE: what made the call hard?; QUESTION-TWO: what would you say next time?"),
        # An exercise written in the session page itself.
        ("Set-up: Say it in one sentence", "LOCAL-EXERCISE: say why the client leaves, in one sentence. | 5 minutes."),
        ("Timer: Say it in one sentence", ""),
        # A page with no discussion questions: the general ones.
        ("Debrief: Say it in one sentence", "What worked? What would you do differently next time?"),
        # The chapters in the order the session first uses them, each once; the session page is no chapter.
        ("Key takeaways: Chapter 2, Parting ways", "PARTING-TAKEAWAY: end on good terms."),
        ("Key takeaways: Chapter 1, The price increase", "PUBLIC-TAKEAWAY: give the reason in numbers."),
        # A chapter outside the numbered table of contents is named without a number.
        ("Close", "Thank you. | Read next, in the handbook: | Reading next"),
    ]
    notes = {title: notes for title, _face, notes in shown}
    assert notes["Open"] == ("TIME: 0:00 to 0:05, 5 min: Open | SAY: We talk about parting ways. | DO: Write the goal "
                             "on the board.")
    assert notes["Debrief"] == "TIME: 0:25 to 0:30, 5 min: Debrief | SAY: Ask who spoke first. | DO: Write the answers up."
    assert notes["Set-up: Sort the objections (2/2)"] == "NOTE: Continued from the slide before."


def test_the_activities_as_make_slides_reads_them(decks):
    """What the deck's errors and its folder names are made from: each activity's kind, label, chapter and
    privacy, and the fields slides.py reads for groups and rounds."""
    activities = [(s["title"], s.get("activity")) for deck in decks.values() for s in deck["steps"]]
    found = [(title, a["kind"], a["label"], a["title"], a["private"], a["chapter"], a["roles"], a["rounds"], a["group"])
             for title, a in activities if a and title != "Read"]
    price = {"doc": "chapter", "number": 1, "title": "The price increase"}
    assert found == [
        ("Role-play: the renewal call", "role-play", "rp-renewal", "The renewal call", False, price,
         ["Account manager", "Office manager", "Director"], 2, 4),
        ("Exercise and close", "exercise", "ex-price-email", "Rewrite the price email", False, price, [], 1, 4),
        ("Write the email", "exercise", "ex-parting", "Write the parting email", False,
         {"doc": "chapter2", "number": 2, "title": "Parting ways"}, [], 1, None),
        ("Sort", "exercise", "ex-sort", "Sort the objections", False, price, [], 1, None),
        ("Debrief", "trainer-note", "tn-timing", "Timing", True, price, [], 1, None),
        ("Warm-up", "exercise", "ex-local", "Say it in one sentence", False,
         {"doc": "sessions/short", "number": None, "title": "Session: Parting ways"}, [], 1, None),
    ]
    assert [title for title, a in activities if not a] == ["Welcome", "Open"]  # Open's label is a page's
    assert decks["short"]["steps"][2]["activity"]["public"] == [
        {"p": "Sort these objections."}, {"list": ["Too expensive", "Not now"], "ordered": False},
        {"list": ["First the price.", "Then the timing."], "ordered": True},
        {"list": ["Price: What it costs.", "Timing: When it starts."], "ordered": False}, {"p": "The last line."}]
    # The trainer note's own text is nowhere in the record.
    assert "PRIVATE" not in json.dumps(decks["short"]["steps"][3]["activity"])
    assert decks["short"]["steps"][3]["activity"]["public"] == []
    assert decks["renewal"]["read_next"] == [{"doc": "chapter2", "number": 2, "title": "Parting ways"}]
    assert decks["short"]["read_next"] == [{"doc": "chapter3", "number": None, "title": "Reading next"}]


def test_the_trainer_sentences_a_deck_is_checked_against(built):
    """Every sentence of eight words or more in trainer material (notes, briefs, model answers, nested in a
    public block too), split at . ! ? : and ; -- a deck that projects one of them fails to build."""
    assert built[0]["private"] == [
        "Eight words make a sentence that a trainer keeps private!",
        "this note is inside the exercise and stays off the slide.",
        "what did the director want from the account manager?",
        "you proposed a renewal at 8 percent more.",
    ]


def test_a_build_without_the_manifest_setting_writes_no_manifest(tmp_path, monkeypatch):
    cache, _warnings = _read_once()
    shutil.copytree(cache / "b", tmp_path / "b")
    monkeypatch.chdir(tmp_path)
    assert sphinx_build(cache / "src", tmp_path / "b", "dummy", fresh=False, **OPTIONS) == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]
    assert sorted(p.name for p in tmp_path.rglob("*.json")) == []
