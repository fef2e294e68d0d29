"""Session kits (``handbook/sphinxext/kit.py``): what a trainer reads on the session's web page and in
the printed kit, what each player's card holds, and the warnings a session author gets, with file and line.

ONE small book, built in-process: as written (the trainer edition's HTML, with pages that get every
warning), shortened (``make kit LENGTH=40 GROUP=9``, which drops an optional role-play), lengthened
(``LENGTH=76``), as ``make kit`` writes it for print (LaTeX and the kit manifest, no TeX run), as ``make
handouts`` and the trainer's book PDF write it, with settings changed between builds, and with sessions
written differently (``unusual_book``). Each build is read by ONE test that checks all it shows: mutation
testing credits a build to the test that runs it, and runs this file on every mutant of kit.py, stopping at
the first failing test, so a mutant costs a few small builds (about a second each).
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from handbook.sphinxext import kit, room

CONF = """extensions = ["myst_parser", "handbook.sphinxext"]
myst_enable_extensions = ["colon_fence", "deflist"]
exclude_patterns = ["_build"]
handbook_shape_checks = False
handbook_min_related = 0
latex_engine = "xelatex"
latex_use_xindy = False
project = "Kit book"
html_theme = "basic"  # the fastest to write; the tests read the content, not the theme
html_copy_source = False
html_use_index = False
copyright = "2026, tests"
version = release = "1"
"""

INDEX = """# Kit book

```{toctree}
chapter
other
```

```{trainer-toctree}
sessions/index
sessions/renewal
sessions/talk
sessions/bad-steps
sessions/no-session
sessions/two-sessions
sessions/empty
handouts/renewal
```
"""

CHAPTER = """# The price increase

## You will be able to

- PUBLIC-OBJECTIVE: give the reason for a price in numbers.

(sec-practice)=
## Practice

::::::{role-play} The renewal call
:name: rp-renewal
:roles: Account manager, Office manager, Director
:rounds: 2
:group: 4
:minutes: 29
:objectives: 1

PUBLIC-SCENARIO: a reseller renews a client's licences at a higher price.

(renewal-numbers)=
PUBLIC-NUMBERS: the price goes up 8 percent.

:::{role-brief} Account manager
:round: 1
Goal
: Keep the account. PRIVATE-AM-ONE

Background
: BG-ONE the client is a dental practice.
:::

:::{role-brief} Office manager
:round: 1
Goal
: A smaller bill. PRIVATE-OM-ONE

Only you know
: the budget closes on Friday at noon sharp
:::

:::{role-brief} Director
:round: 1
Goal
: A reason in numbers. PRIVATE-DIR-ONE

Background:
: BG-DIR the director signs.
:::

:::{role-brief} Account manager
:round: 2
Goal
: Keep the account with a two-year term. PRIVATE-AM-TWO

Background
: BG-TWO the client is a law firm.
:::

:::{role-brief} Office manager
:round: 2
Goal
: Support you can rely on. PRIVATE-OM-TWO
:::

:::{role-brief} Director
:round: 2
Goal
: No surprises. PRIVATE-DIR-TWO
:::

::::{observer-sheet}
PUBLIC-SHEET-INTRO watch the call.

- Step 1, the opening: did the account manager ask first?
- Step 2, the number: was the reason given in numbers?
- Step 3, the close: was a next step agreed?

:::{trainer-note} For the trainer
PRIVATE-SHEET-HINT: most groups skip step 2.
:::
::::
::::::

:::{trainer-note} Debrief
:name: tn-renewal
PRIVATE-DEBRIEF what the room saw.

Strong: ask what the budget covers before you name the new price.
:::

::::{exercise} Rewrite the price email
:name: ex-price-email
:minutes: 15
PUBLIC-EXERCISE: rewrite the email so it gives the reason first.

:::{model-answer}
PRIVATE-MODEL-ANSWER: the reason, the number, the offer.
:::
::::

::::{role-play} The hallway
:name: rp-hallway
:roles: Seller, Buyer

PUBLIC-HALLWAY two people meet in a hallway.

:::{role-brief} Seller
Goal
: Get a meeting. PRIVATE-SELLER Read {ref}`sec-practice` first.
:::

:::{role-brief} Buyer
Goal
: Get back to work. PRIVATE-BUYER
:::
::::
"""

OTHER = """# The other chapter

:::{trainer-note} Debrief
:name: tn-other
PRIVATE-OTHER-DEBRIEF
:::

::::{role-play} The giveaway
:name: rp-giveaway
:roles: Rep, Client

PUBLIC-GIVEAWAY a rep calls.

:::{role-brief} Rep
Goal
: Ask what the budget covers before you name the new price, then listen.
:::

:::{role-brief} Client
Goal
: Hear the reason.

Only you know
: your contract ends in March next year
:::
::::

:::{trainer-note} Debrief of the giveaway
:name: tn-giveaway
Strong: ask what the budget covers before you name the new price.
:::

:::{agenda}
:::

:::{session-lengths}
:::

:::{rotation}
:::

:::{room-plan}
:::

:::::{role-play} Out of order
:name: rp-order
:roles: Rep, Client

PUBLIC-ORDER text.

:::{role-brief} Rep
Goal
: Open. Also: your contract ends in March next year.
:::

:::{role-brief} Client
Goal
: Listen.

Only you know
: your contract ends in March next year
:::

:::{observer-sheet}
- Step 2, the ask.
- Step 1, the opening.
:::
:::::
"""

RENEWAL = """(session-renewal)=
# Session: The renewal call

:::{session}
:minutes: 60
:audience: Account managers
:group-size: 5-7
:group: 3
:room: Tables for groups of three
- 1 per participant: the handout
- 2 per group: a set of role cards
- 1 per room: a timer everyone can see
:::

:::{group-plan}
:::

## Agenda

:::{agenda}
:::

:::{session-lengths}
:::

## Script

::::{script-step} Welcome
:minutes: 5
:cut-to: 3
:extend-to: 8
SAY
: Today we practice the renewal call.

DO
: Put people in groups of three.

WATCH FOR:
: People who sit with their own team.

IF RUNNING LATE
: Skip the round of names.

IF TIME ALLOWS
: Ask each group for one renewal story.
::::

::::{script-step} Role-play: the renewal call
:minutes: 29
:activity: rp-renewal
:phases: Read the cards 3 (2-4), Call 8 (6-10), Feedback 3 (2-4)
SAY
: Read your card; do not show it.

DO
: Hand out the cards for round one.
::::

::::{script-step} Debrief
:minutes: 6
:activity: tn-renewal
:cut-to: 6
:extend-to: 6
SAY
: What did you hear?
: What would you do next time?

DO
: Write the answers on the flip chart.

ask:
: What surprised you?

IF RUNNING LATE
: Take one answer per group.

IF TIME ALLOWS
: Take a second answer per group.
::::

::::{script-step} Role-play: the hallway
:minutes: 5
:activity: rp-hallway
:optional: hallway
SAY
: Meet in the hallway.

DO
: Pair people up.

IF DROPPED
: Read the hallway scenario at home.
::::

::::{script-step} Exercise
:minutes: 15
:activity: ex-price-email
:cut-to: 10
:extend-to: 20
SAY
: Rewrite the email.

DO
: Collect the feedback forms.

IF RUNNING LATE
: Read one rewrite aloud.

IF TIME ALLOWS
: Read every rewrite aloud.
::::

## Activities

:::{use-block} rp-renewal
:::

:::{use-block} tn-renewal
:::

:::{use-block} rp-hallway
:::

:::{use-block} ex-price-email
:::

## Rotation and room

:::{rotation}
:::

:::{room-plan}
:::

## A warm-up for early arrivals

:::{exercise} Warm-up
:minutes: 5
PUBLIC-WARMUP: name one price you paid gladly.
:::
"""

TALK = """# Session: A talk

:::{session} The talk at a glance
:minutes: 10
:audience: Everyone
:group-size: 1-500
:room: Rows of chairs
- 1 per room: a projector
:::

:::{group-plan}
:::

:::{agenda}
:::

::::{session-lengths}
::::

::::{script-step} Talk
:minutes: 6
:activity: tn-other
:phases: Talk 6
SAY
: Hello.

DO
: Talk.
::::

::::{script-step} Questions
:minutes: 2
:optional: questions
SAY
: Any questions?

DO
: Take three.

IF DROPPED
: Answer questions by email.
::::

::::{script-step} Quiz
:minutes: 2
:optional: questions
SAY
: A short quiz.

DO
: Read the answers.

IF DROPPED
: Send the quiz with the slides.
::::

:::{rotation}
:::

:::{room-plan}
:::
"""

BAD_STEPS = """# Session: Bad steps

:::{session-lengths}
:::

:::{rotation}
:::

:::{session}
:minutes: 30
:audience: Reps
:group-size: 12-6
:room: A room
- a pen
:::

:::{session}
:minutes: 30
:audience: Reps
:group-size: 4-6
:room: A room
- 1 per pair: a pen
:::

::::{script-step} Unknown part
:minutes: 7
:activity: no-such-block
SHOUT
: Loud.
::::

::::{script-step} Too long phases
:minutes: 4
:activity: sec-practice
:phases: Read 3, Call 3
SAY
: Go.

DO
: Play.
::::

::::{script-step} Bad phases
:minutes: 4
:phases: Read the cards
SAY
: Go.

DO
: Play.
::::

::::{script-step} Wrong time
:minutes: 9
:activity: ex-price-email
:cut-to: 12
:extend-to: 5
SAY
: Go.

DO
: Play.
::::

::::{script-step} Needs its lines
:minutes: 5
:cut-to: 3
:extend-to: 8
:optional:
NOTE
: A part the script does not have (the parts after it are still read).

SAY
: Go for 5 minutes.

DO
: Play.
::::

::::{script-step} Phases and cut
:minutes: 5
:phases: Read 2 (1-3), Call 2
:cut-to: 3
:extend-to: 4
SAY
: Go.
::::
"""

NO_SESSION = """# Session: Script alone

:::{agenda}
:::

:::{session-lengths}
:::

::::{script-step} Alone
:minutes: 5
SAY
: Hello.

DO
: Go.
::::
"""

TWO = """# Session: Too big

:::{session}
:minutes: 20
:audience: Reps
:group-size: 6-999
:room: A hall
- 1 per room: a timer
:::

:::{session}
:minutes: 20
:audience: Reps
:group-size: 8-8
:group: 4
:room: A hall
- a timer big enough for the whole room to read from the back row
- 1 per room: a clock
:::

:::{group-plan}
:::

:::{rotation}
:::

::::{script-step} The first call
:minutes: 6
:activity: rp-giveaway
SAY
: Call.

DO
: Time it.
::::

::::{script-step} The second call
:minutes: 6
:activity: rp-order
SAY
: Call again.

DO
: Time it.
::::

::::{script-step} The hallway
:minutes: 5
:activity: rp-hallway
SAY
: Meet.

DO
: Time it.
::::

::::{script-step} The first call again
:minutes: 3
:activity: rp-giveaway
SAY
: Call once more.

DO
: Time it.
::::
"""

EMPTY = """A session page with no heading and no script.

:::{group-plan}
:::

:::{agenda}
:::

:::{session}
:minutes: 20
:audience: Reps
:group-size: 6-8
:group: 3
:room: A hall
- 1 per room: a timer
:::

:::{room-plan}
:::

:::{rotation}
:::

:::{session} Again
:minutes: 20
:audience: Reps
:group-size: 6-8
:room: A hall

A pen for everyone.
:::
"""

SESSIONS_INDEX = """# Sessions

The sessions a trainer can run from this book, each with its kit.
"""

CARDS = """---
orphan: true
---

# Role cards: The renewal call

:::{role-cards} renewal
:::
"""

TALK_CARDS = """---
orphan: true
---

# Role cards: A talk

:::{role-cards} talk
:::

:::{role-cards} nowhere
:::
"""

HANDOUT = """# Handout: The renewal call

PUBLIC-HANDOUT.

:::{feedback-form}
:::
"""

FILES = {"conf.py": CONF, "index.md": INDEX, "chapter.md": CHAPTER, "other.md": OTHER,
         "sessions/index.md": SESSIONS_INDEX, "sessions/renewal.md": RENEWAL, "sessions/talk.md": TALK, "sessions/bad-steps.md": BAD_STEPS,
         "sessions/no-session.md": NO_SESSION, "sessions/two-sessions.md": TWO, "sessions/empty.md": EMPTY,
         "sessions/cards/renewal.md": CARDS, "sessions/cards/talk.md": TALK_CARDS,
         "handouts/renewal.md": HANDOUT}

BAD = ("sessions/bad-steps.md", "sessions/no-session.md", "sessions/two-sessions.md", "sessions/empty.md")


def build(tmp: Path, builder: str = "html", bad: bool = False, fresh: bool = True, files: dict | None = None,
          **overrides) -> tuple[Path, str]:
    """One in-process build of the book as the trainer edition (``bad``: with the pages that get warnings;
    ``make kit`` refuses a session page without a role-cards page, so the LaTeX kit is built without them);
    the output folder and the warnings, each as 'path:line: message' with the path from the sources."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    src = tmp / "src"
    for name, text in (files or FILES).items():
        if name in BAD and not bad:
            continue
        if name == "index.md" and not bad:
            text = "".join(line for line in text.splitlines(keepends=True) if line.strip() + ".md" not in BAD)
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        if fresh or not (src / name).exists():  # a second build keeps the sources as the test edited them
            (src / name).write_text(text, encoding="utf-8")
    warnings = io.StringIO()
    with patch_docutils(str(src)), docutils_namespace():
        app = Sphinx(str(src), str(src), str(tmp / builder), str(tmp / "doctrees"), builder,
                     confoverrides={"handbook_edition": "trainer", **overrides}, status=None, warning=warnings,
                     freshenv=fresh)
        app.build()
    text = re.sub(r"\x1b\[[0-9;]*m", "", warnings.getvalue()).replace(str(src) + "/", "")
    return tmp / builder, text


def page(out: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / name).read_text(encoding="utf-8"), "html.parser").find("div", class_="body")


def said(node) -> str:
    return " ".join(node.get_text(" ").split()) if node is not None else ""


def fields(node) -> dict[str, str]:
    """A block's header fields: name -> value."""
    return {said(dt).rstrip(" :"): said(dt.find_next_sibling("dd")) for dt in node.select("dl.field-list > dt")}


def rows(table) -> list[list[str]]:
    return [[said(cell) for cell in row.find_all(["th", "td"])] for row in table.find_all("tr")]


def step_boxes(guide) -> dict[str, object]:
    """Each script step's box by its heading ('0:05 · Role-play: the renewal call (29 min)')."""
    return {said(box.find(class_="admonition-title")): box for box in guide.select("div.handbook-script-step")}


def terms(box) -> dict[str, str]:
    """A script step's lines: SAY, DO, ... -> the text under it."""
    return {said(dt): said(dt.find_next_sibling("dd")) for dt in box.select("dl.handbook-script > dt")}


def warned(text: str) -> list[str]:
    """Each warning on one line, without its type: 'sessions/x.md:12: WARNING: session: ...'."""
    return sorted(" ".join(w.split()).split(" [handbook.")[0]
                  for w in re.split(r"\n(?=\S+:\d+: WARNING: )", text.strip()) if w)


ON_SCREEN_KEYS = "T starts or pauses the timer, + and - give the phase a minute more or less, M turns the sound off or on."
PLAN = [["People", "Groups"], ["5", "one group: one of five"], ["6", "two groups: two of three"],
        ["7", "two groups: one of four, one of three"],
        ["8", "two groups: two of four (more than the session is written for)"],
        ["9", "three groups: three of three (more than the session is written for)"],
        ["10", "three groups: one of four, two of three (more than the session is written for)"],
        ["11", "three groups: two of four, one of three (more than the session is written for)"]]
LENGTHS = [["Step", "45 min", "60 min (as written)"], ["Welcome", "3", "5"], ["Role-play: the renewal call", "21", "29"],
           ["Debrief", "6", "6"], ["Role-play: the hallway", "5", "5"], ["Exercise", "10", "15"]]


#: What every build warns of: the chapters' role-plays (a brief that gives away a move, sheets out of order),
#: an agenda with no script, cards for no session.
EVERY_BUILD = """\
other.md:14: WARNING: role-brief: the Rep's brief, round 1, of 'The giveaway' gives away "ask what the budget covers before you name the new price", which is in the answer key's strong moves; a brief holds what its player knows and wants, never the move the exercise practices: reword it
other.md:33: WARNING: agenda: an {agenda} without items is made from the page's {script-step} blocks, and this page has none; list the items or write the script
other.md:36: WARNING: session: a {session-lengths} table needs the page's {session} block and script
other.md:51: WARNING: role-brief: the Rep's brief, round 1, of 'Out of order' gives away "your contract ends in march next year", which is in the Client's 'Only you know', round 1; a brief holds what its player knows and wants, never the move the exercise practices: reword it
other.md:64: WARNING: observer-sheet: the observer sheet of 'Out of order' names the steps in the order 2, 1; list them in the chapter's order (1, 2) so the observer follows the call
sessions/cards/talk.md:10: WARNING: role-cards: 'nowhere' is not a session (no {session} block in sessions/nowhere.md); name the session page the cards are for
""".splitlines()

#: What the pages written wrong get, with file and line (besides EVERY_BUILD).
EXPECTED_WARNINGS = """\
index.md:8: WARNING: toctree contains reference to document 'sessions/empty' that doesn't have a title: no link will be generated [toc.no_title]
sessions/bad-steps.md:17: WARNING: session: the script's steps add up to 34 minutes (7 + 4 + 4 + 9 + 5 + 5), but the session is 30 minutes; change the steps' or the session's :minutes:
sessions/bad-steps.md:25: WARNING: script-step: 'SHOUT' is not a part of a script step; use SAY, DO, ASK, WATCH FOR, IF RUNNING LATE, IF TIME ALLOWS, IF DROPPED
sessions/bad-steps.md:25: WARNING: script-step: the step has no SAY or DO; write each as a term and its text: SAY : What you tell the room.
sessions/bad-steps.md:25: WARNING: session: the step 'Unknown part' runs ':activity: no-such-block', but no block has that label; give the block ':name: no-such-block' or correct the label
sessions/bad-steps.md:32: WARNING: script-step: the phases add up to 6 minutes, more than the step's 4; shorten them or lengthen the step
sessions/bad-steps.md:43: WARNING: script-step: ':phases:' part 'Read the cards' is not a label and its minutes; write the phases of one round as ':phases: Read the cards 2, Call 5, Feedback 3' (a phase that may change in a shorter or longer version gives its range: 'Call 5 (4-7)')
sessions/bad-steps.md:53: WARNING: script-step: ':cut-to: 12' is longer than the step's 9 minutes; give the shortest the step can take
sessions/bad-steps.md:53: WARNING: script-step: ':extend-to: 5' is shorter than the step's 9 minutes; give the longest the step can take
sessions/bad-steps.md:53: WARNING: session: the step 'Wrong time' gives 'ex-price-email' 9 minutes, but the block says 15 (chapter.md); make the block's :minutes: the agenda's
sessions/bad-steps.md:65: WARNING: script-step: 'NOTE' is not a part of a script step; use SAY, DO, ASK, WATCH FOR, IF RUNNING LATE, IF TIME ALLOWS, IF DROPPED
sessions/bad-steps.md:65: WARNING: script-step: a step with ':cut-to:' needs an IF RUNNING LATE line saying how it is shortened: the guide's shorter versions print it
sessions/bad-steps.md:65: WARNING: script-step: a step with ':extend-to:' needs an IF TIME ALLOWS line saying what to do with the time: the guide's longer versions print it
sessions/bad-steps.md:65: WARNING: script-step: a step with ':optional:' needs an IF DROPPED line saying what replaces it (homework, reading): the guide's shorter versions print it where the step was
sessions/bad-steps.md:65: WARNING: script-step: the step's length changes with the kit's LENGTH, so its lines may not state minutes ('5 minutes' in SAY): the guide's headings, the 'On the timer' line and the timer give them; say 'until the timer moves on' or leave it out
sessions/bad-steps.md:80: WARNING: script-step: a step with ':phases:' changes length through its phases: give a phase a range, as in ':phases: Read the cards 2, Call 5 (4-7)', instead of ':cut-to:' or ':extend-to:'
sessions/bad-steps.md:80: WARNING: script-step: the step has no DO; write each as a term and its text: SAY : What you tell the room.
sessions/bad-steps.md:9: WARNING: session: ':group-size: 12-6' is not a range; write it as '6-12'
sessions/empty.md:24: WARNING: session: a page holds one session; remove the second {session} block
sessions/empty.md:24: WARNING: session: list the materials as a bullet list, one '- 1 per participant: the handout' per line
sessions/empty.md:3: WARNING: session: a {group-plan} needs the page's {session} block above it
sessions/empty.md:9: WARNING: session: the session has no script; add a {script-step} block for each agenda item
sessions/no-session.md:6: WARNING: session: a {session-lengths} table needs the page's {session} block and script
sessions/no-session.md:9: WARNING: session: the page has a script but no {session} block; add one above the script (length, audience, group size, room, materials)
sessions/two-sessions.md:11: WARNING: session: the material 'a timer big enough for the whole room to read from the back ' has no count; write it as '- 1 per participant: the handout' (per participant, group, pair, observer, room, trainer)
sessions/two-sessions.md:3: WARNING: session: ':group-size: 6-999' is more than 500 people, the handbook's limit; split the session
""".splitlines()


def test_the_trainers_pages_as_written_and_every_warning_with_its_file_and_line(tmp_path):
    out, warnings = build(tmp_path, bad=True, handbook_slides_manifest=str(tmp_path / "deck.json"),
                          handbook_session_lengths=[6, 8, 40, 45, 90])
    guide = page(out, "sessions/renewal.html")

    # The header: the session at a glance, then its kit and its deck.
    header = guide.select_one("div.handbook-session")
    assert fields(header) == {"Length": "60 minutes", "Audience": "Account managers",
                      "Group size": "5 to 7 people, in groups of 3", "Room": "Tables for groups of three"}
    assert [said(li) for li in header.select("ul > li")] == [
        "1 per participant: the handout", "2 per group: a set of role cards", "1 per room: a timer everyone can see"]
    assert [(c.name, said(c)) for c in header.find_all(recursive=False)][:3] == [
        ("p", "Session at a glance"), ("dl", said(header.dl)), ("p", "Materials")]
    assert said(header.find_all("p", recursive=False)[1].strong) == "Materials"  # in bold, above the list
    assert header.find_all(recursive=False)[3].name == "ul"
    links = header.select_one("p.handbook-kit-links")
    assert said(links.strong) == "Session kit (make kit):"
    assert [(said(a), a["href"]) for a in links.select("a")] == [
        (label, f"../../../kit/renewal/{name}") for label, name in kit.KIT_FILES]
    assert said(links) == "Session kit (make kit): " + " \u00b7 ".join(label for label, _name in kit.KIT_FILES)
    assert all("external" in a["class"] for a in header.select("p.handbook-kit-links a, p.handbook-deck-link a"))
    deck = header.select_one("p.handbook-deck-link")
    assert deck.a["href"] == "../../../slides/renewal/index.html" and said(deck.a) == "open the deck"
    assert said(deck).startswith("Slides (make slides): open the deck (S: speaker view with the script's notes; on a "
                                 "timer slide T starts or pauses the timer, R resets it")

    # The groups for every number of people, and past the range.
    assert rows(guide.select_one("table.handbook-group-plan")) == PLAN
    assert said(guide.select_one("p.handbook-group-beyond")).startswith(
        "Over 7 people (2 groups or more) the session runs as written, with more groups than you can listen to")

    # The agenda, made from the script, and the table of lengths.
    assert rows(guide.select_one("table.handbook-agenda")) == [
        ["Start", "Minutes", "Activity"], ["0:00", "5", "Welcome"], ["0:05", "29", "Role-play: the renewal call"],
        ["0:34", "6", "Debrief"], ["0:40", "5", "Role-play: the hallway"], ["0:45", "15", "Exercise"], ["1:00", "", "End"]]
    assert rows(guide.select_one("table.handbook-session-lengths")) == [
        ["Step", "40 min", "45 min", "60 min (as written)"], ["Welcome", "3", "3", "5"],
        ["Role-play: the renewal call", "21", "21", "29"], ["Debrief", "6", "6", "6"],
        ["Role-play: the hallway", "dropped", "5", "5"], ["Exercise", "10", "10", "15"]]
    assert [said(p) for p in guide.select("p.handbook-lengths-refused")] == [
        *(f"{n} minutes: cannot cut the session to {n} minutes: its steps can lose at most 20 minutes (down to 40); "
          f"mark more steps ':optional:' or give them ':cut-to:' or phase ranges such as ':phases: Call 5 (4-7)'."
          for n in (6, 8)),
        "90 minutes: cannot extend the session to 90 minutes: its steps can gain at most 16 minutes (up to 76); give "
        "more steps ':extend-to:' or phase ranges such as ':phases: Call 5 (4-7)'."]

    # The script: each step's start, what is on screen, the timer's plan and keys, the lines as written.
    steps = step_boxes(guide)
    assert list(steps) == ["0:00 \u00b7 Welcome (5 min)", "0:05 \u00b7 Role-play: the renewal call (29 min)",
                           "0:34 \u00b7 Debrief (6 min)", "0:40 \u00b7 Role-play: the hallway (5 min)",
                           "0:45 \u00b7 Exercise (15 min)"]
    welcome, renewal, debrief, hallway, exercise = steps.values()
    screen = [said(box.select_one("p.handbook-on-screen")) for box in steps.values()]
    assert screen == [
        "On screen: the title, \u201cObjectives\u201d and \u201cAgenda\u201d slides, then the slide \u201cWelcome\u201d.",
        f"On screen: \u201cSet-up: The renewal call\u201d, then \u201cRound 1 of 2: The renewal call\u201d to "
        f"\u201cRound 2 of 2\u201d, one a round. {ON_SCREEN_KEYS}",
        "On screen: the slide \u201cDebrief\u201d.",
        f"On screen: \u201cSet-up: The hallway\u201d, then \u201cTimer: The hallway\u201d. {ON_SCREEN_KEYS} Then "
        f"\u201cDebrief: The hallway\u201d.",
        f"On screen: \u201cSet-up: Rewrite the price email\u201d, then \u201cTimer: Rewrite the price email\u201d. "
        f"{ON_SCREEN_KEYS} Then \u201cDebrief: Rewrite the price email\u201d."]
    # Under the heading: what is on screen, then the timer's plan, then the trainer's lines.
    assert [c.get("class", [c.name])[0] for c in renewal.find_all(recursive=False)][:4] == [
        "admonition-title", "handbook-on-screen", "handbook-phases", "simple"]  # the lines: a definition list
    assert [said(box.select_one("p.handbook-phases")) for box in steps.values()] == [
        "", "On the timer: Read the cards (3 min); Call (8 min); Feedback (3 min).", "", "", ""]
    assert terms(welcome) == {"SAY": "Today we practice the renewal call.", "DO": "Put people in groups of three.",
                              "WATCH FOR:": "People who sit with their own team.",  # as the author wrote it
                              "IF RUNNING LATE": "Skip the round of names.",
                              "IF TIME ALLOWS": "Ask each group for one renewal story."}
    assert [dt["class"] for dt in welcome.select("dl.handbook-script > dt")] == [
        ["handbook-script-say"], ["handbook-script-do"], ["handbook-script-watch-for"],
        ["handbook-script-if-running-late"], ["handbook-script-if-time-allows"]]
    timer = terms(renewal)
    assert timer["IF RUNNING LATE"] == (
        "On the timer, press - while \u201cRead the cards\u201d runs to take a minute off it, down to 2 min (in any "
        "round); or press - while \u201cCall\u201d runs to take a minute off it, down to 6 min (in any round); or press "
        "- while \u201cFeedback\u201d runs to take a minute off it, down to 2 min (in any round).")
    assert timer["IF TIME ALLOWS"].startswith("On the timer, press + while \u201cRead the cards\u201d runs to give it "
                                              "a minute more, up to 4 min (in any round)")
    assert len(renewal.select("p.handbook-timer-keys")) == 2
    assert terms(hallway)["IF DROPPED"] == "Read the hallway scenario at home."
    assert [dt["class"] for dt in debrief.select("dl.handbook-script > dt")] == [
        ["handbook-script-say"], ["handbook-script-do"], ["handbook-script-ask"], ["handbook-script-if-running-late"],
        ["handbook-script-if-time-allows"]]  # "ask:" is ASK; a step as long as it may be cut or lengthened keeps both
    assert not guide.select(".handbook-variant")  # as written: no version lines
    assert guide.find(string=re.compile(r"needspace")) is None

    # The activities: pulled from their chapter, naming it, the briefs after the role-play's box.
    pulled = {said(box.find(class_="admonition-title")): box for box in guide.select("div.handbook-pulled")}
    assert list(pulled) == ["The renewal call", "Debrief", "The hallway", "Rewrite the price email"]
    scenario = said(pulled["The renewal call"])
    assert fields(pulled["The renewal call"])["Practices"] == "Objective 1 of the chapter \u201cThe price increase\u201d"
    assert "You will be able to" not in scenario and "PRIVATE-" not in scenario
    briefs = []
    for box in pulled["The renewal call"].find_next_siblings("div"):
        if "handbook-pulled" in box["class"]:
            break
        briefs.append(box)
    assert [said(b.find(class_="admonition-title")) for b in briefs] == [
        *(f"{role}: private brief, round {n}" for n in (1, 2) for role in ("Account manager", "Office manager",
                                                                             "Director")), "Observer sheet"]
    assert "PRIVATE-MODEL-ANSWER" in said(pulled["Rewrite the price email"].find_next_sibling("div"))
    minutes = pulled["Rewrite the price email"].select_one("dl.field-list")
    assert "15 minutes" in said(minutes)
    assert fields(pulled["The renewal call"])["Time"] == "29 minutes"
    assert [said(b.find(class_="admonition-title")) for b in guide.select("div.handbook-session")] == [
        "Session at a glance"]

    # Who plays what in each round, who never plays the main part, and the room.
    assert rows(guide.select_one("table.handbook-rotation")) == [
        ["Round", "Groups of 3", "Groups of 4"],
        ["The renewal call, round 1", "A plays the account manager, B the office manager, C the director.",
         "A plays the account manager, B the office manager, C the director, D observes."],
        ["The renewal call, round 2", "B plays the account manager, C the office manager, A the director.",
         "B plays the account manager, C the office manager, D the director, A observes."],
        ["The hallway, round 1", "C plays the seller, A the buyer, B observes.",
         "C plays the seller, D the buyer, A and B observe."]]
    rotation = guide.select_one("table.handbook-rotation")
    assert [c.get("style", "") for c in rotation.select("col")] == ["width: 20.0%", "width: 40.0%", "width: 40.0%"]
    assert [said(p) for p in rotation.find_next_siblings("p")] == [
        "In a group of four, D never plays the account manager or the seller: there are fewer rounds than people. D "
        "plays the director in round 2 of \u201cThe renewal call\u201d, the buyer in round 1 of \u201cThe hallway\u201d "
        "and observes the other rounds; make D whoever is most at home with these calls."]
    room = guide.select_one("div.handbook-room")
    svg = room.find("svg")
    assert svg["viewbox"] == "0 0 150 52" and svg["aria-label"] == "Room plan"
    assert [said(g) for g in svg.select("g")] == ["Flip chart", "4 envelopes", "Group 1", "Group 2"]
    assert [said(t) for t in svg.find_all("text", recursive=False)] == ["Screen", "Trainer"]
    chairs = svg.select('circle[fill="#fff"]')
    assert len(chairs) == 7 and len(svg.select('circle[fill="#333"]')) == 1 and len(svg.select("g.cluster")) == 2
    assert len(svg.select('rect[fill="#333"]')) == 1
    assert said(room.select_one("p.handbook-room-caption")) == (
        "The room for 7 people, two groups: one of four, one of three (make kit GROUP=N draws it for another number): "
        "chairs in clusters, the screen and flip chart at the front, the envelopes of cards with you until the groups "
        "are formed.")

    # A page that is no session draws no rotation or room where it asks for them.
    # Three role-plays of one round each (the first run twice is one role-play): each goes on where the one
    # before stopped.
    assert rows(page(out, "sessions/two-sessions.html").select_one("table.handbook-rotation"))[1:] == [
        ["The giveaway, round 1", "A plays the rep, B the client, C and D observe.",
         "A plays the rep, B the client, C, D and E observe."],
        ["Out of order, round 1", "B plays the rep, C the client, D and A observe.",
         "B plays the rep, C the client, D, E and A observe."],
        ["The hallway, round 1", "C plays the seller, D the buyer, A and B observe.",
         "C plays the seller, D the buyer, E, A and B observe."]]
    # A session in groups that hands out no cards: no envelopes on the trainer's table.
    room = page(out, "sessions/empty.html").select_one("div.handbook-room")
    assert not page(out, "sessions/empty.html").select("table.handbook-rotation")  # groups, but no role-play
    assert "envelope" not in said(room) and said(room.select_one("p.handbook-room-caption")).endswith(
        "chairs in clusters, the screen and flip chart at the front.")
    other = page(out, "other.html")
    assert not other.select("table.handbook-rotation, div.handbook-room, table.handbook-session-lengths")
    # A session with no groups: no plan, rotation or room; a step running a trainer note shows its slide.
    talk = page(out, "sessions/talk.html")
    assert said(talk.select_one("div.handbook-session p.admonition-title")) == "The talk at a glance"
    assert fields(talk.select_one("div.handbook-session"))["Group size"] == "1 to 500 people"  # no groups to name
    assert not talk.select("table.handbook-group-plan, table.handbook-rotation, div.handbook-room")
    assert said(talk.select_one("p.handbook-on-screen")) == (
        "On screen: the title, \u201cObjectives\u201d and \u201cAgenda\u201d slides, then the slide \u201cTalk\u201d.")
    assert said(talk.select_one("p.handbook-phases")) == "On the timer: Talk (6 min)."  # as long as the step
    # Steps of one optional group go together: at 6 minutes both, and 8 minutes cannot be made by dropping one.
    assert rows(talk.select_one("table.handbook-session-lengths")) == [
        ["Step", "6 min", "10 min (as written)"], ["Talk", "6", "6"], ["Questions", "dropped", "2"],
        ["Quiz", "dropped", "2"]]
    assert [said(p).split(":")[0] for p in talk.select("p.handbook-lengths-refused")] == [
        "8 minutes", "40 minutes", "45 minutes", "90 minutes"]
    assert rows(talk.select_one("table.handbook-agenda"))[-1] == ["0:10", "", "End"]
    assert not page(out, "sessions/no-session.html").select("p.handbook-kit-links, table.handbook-agenda")

    # The role cards: one per role and round, each with its own brief and no other; then the observer sheets.
    cards = page(out, "sessions/cards/renewal.html")
    # A link in a brief leads from the cards page to its chapter's section.
    assert [a["href"] for a in cards.select("a.reference.internal")] == ["../../chapter.html#sec-practice"]
    assert said(cards.select_one("p.handbook-cards-intro")).startswith(
        "Print one set per group on one side of the paper only: a card printed on the back of another would show "
        "one player the other's secret. A set is 10 cards, one per page")
    dealt = cards.select("div.handbook-role-card")
    assert [[k for k in c["class"] if k.startswith("handbook-card-")] for c in dealt] == \
        [["handbook-card-role"]] * 8 + [["handbook-card-observer"]] * 2
    assert [said(c.select_one("p.handbook-card-band")) for c in dealt] == [
        *(f"{role.upper()}, ROUND {n}: do not show this card" for n in (1, 2)
          for role in ("Account manager", "Office manager", "Director")),
        "SELLER: do not show this card", "BUYER: do not show this card",
        "OBSERVER, ROUND 1: your notes for the feedback", "OBSERVER, ROUND 2: your notes for the feedback"]
    assert [said(c.select_one("p.rubric")) for c in dealt][:2] == [
        "Account manager, round 1: The renewal call", "Office manager, round 1: The renewal call"]
    assert [said(c.select_one("p.rubric")) for c in dealt][6:] == [
        "Seller: The hallway", "Buyer: The hallway", "Observer, round 1: The renewal call",
        "Observer, round 2: The renewal call"]
    secrets = ["PRIVATE-AM-ONE", "PRIVATE-OM-ONE", "PRIVATE-DIR-ONE", "PRIVATE-AM-TWO", "PRIVATE-OM-TWO",
               "PRIVATE-DIR-TWO", "PRIVATE-SELLER", "PRIVATE-BUYER", None, None]
    for card, secret in zip(dealt, secrets):
        text = said(card)
        assert re.findall(r"PRIVATE-[A-Z-]+", text) == ([secret] if secret else []), text
        heads = [(said(p), said(p.strong)) for p in card.find_all("p", recursive=False) if p.strong]
        assert heads == ([("Everyone knows", "Everyone knows"), ("Your brief (keep this card to yourself)",
                                                                 "Your brief (keep this card to yourself)")]
                         if secret else [(h, h.split(":")[0] + ":") for h, _ in heads]), heads
        assert not card.find(id=True)  # a card's copy carries no ids or names of its own
    assert "PUBLIC-SCENARIO" in said(dealt[0]) and "PUBLIC-HALLWAY" in said(dealt[6])
    first, second = dealt[8], dealt[9]
    assert [said(p) for p in first.select("p") if p.strong and "card:" in said(p.strong)] == [
        "From the account manager's card: BG-ONE the client is a dental practice.",
        "From the director's card: BG-DIR the director signs."]
    assert [said(p) for p in second.select("p") if p.strong and "card:" in said(p.strong)] == [
        "From the account manager's card: BG-TWO the client is a law firm."]
    for sheet in (first, second):
        assert "PUBLIC-SHEET-INTRO watch the call." in said(sheet)
        boxes = sheet.select("div.handbook-write-box")
        assert [b["style"] for b in boxes] == ["min-height: 3.00em"] * 3
        assert [said(b.find_previous_sibling()) for b in boxes] == [
            "Step 1, the opening: did the account manager ask first?",
            "Step 2, the number: was the reason given in numbers?", "Step 3, the close: was a next step agreed?"]
    assert said(page(out, "sessions/cards/talk.html").select_one("p")) == \
        "This session runs no role-play, so it has no role cards."

    # The feedback form at the end of the handout.
    form = page(out, "handouts/renewal.html").select_one("div.handbook-feedback")
    assert said(form.select_one("p.rubric")) == "Your feedback"
    assert said(form.select_one("p.handbook-feedback-session")) == \
        "Session: The renewal call Date: ____________________"
    table = rows(form.select_one("table.handbook-feedback-table"))
    assert table == [["", "1", "2", "3", "4", "5"], *([s.replace("'", "\u2019"), *["\u2610"] * 5] for s in kit.FEEDBACK_STATEMENTS)]
    assert "hand this page to the trainer" in said(form) and "What one change would make" in said(form)

    # The deck as written: the script's own lines, no version line.
    deck = json.loads((tmp_path / "deck.json").read_text(encoding="utf-8"))["decks"]["renewal"]
    assert (deck["minutes"], [s["minutes"] for s in deck["steps"]]) == (60, [5, 29, 6, 5, 15])
    assert [p[0] for p in deck["steps"][0]["parts"]] == ["SAY", "DO", "WATCH FOR", "IF RUNNING LATE", "IF TIME ALLOWS"]

    # Every warning, with its file and line.
    assert warned(warnings) == sorted(EVERY_BUILD + EXPECTED_WARNINGS), warnings


def test_a_shorter_kit_drops_the_optional_role_play_and_cuts_the_rest(tmp_path):
    out, warnings = build(tmp_path, handbook_session_length=40, handbook_kit_people=9)
    guide = page(out, "sessions/renewal.html")
    assert fields(guide.select_one("div.handbook-session"))["Length"] == "40 minutes (this kit's version; the session is written for 60)"
    assert rows(guide.select_one("table.handbook-agenda")) == [
        ["Start", "Minutes", "Activity"], ["0:00", "3", "Welcome"], ["0:03", "21", "Role-play: the renewal call"],
        ["0:24", "6", "Debrief"], ["0:30", "10", "Exercise"], ["0:40", "", "End"]]
    assert rows(guide.select_one("table.handbook-session-lengths")) == LENGTHS  # every length, as before
    steps = step_boxes(guide)
    assert list(steps) == ["0:00 \u00b7 Welcome (3 min)", "0:03 \u00b7 Role-play: the renewal call (21 min)",
                           "0:24 \u00b7 Debrief (6 min)", "0:30 \u00b7 Exercise (10 min)"]
    welcome, renewal, debrief, exercise = steps.values()
    # In each box: the heading, this version's line, the slides, the timer; each line keeps its own words.
    assert [[p["class"][0] for p in box.find_all("p", recursive=False)] for box in steps.values()] == [
        ["admonition-title", "handbook-variant", "handbook-on-screen"],
        ["admonition-title", "handbook-variant", "handbook-on-screen", "handbook-phases"],
        ["admonition-title", "handbook-on-screen"], ["admonition-title", "handbook-variant", "handbook-on-screen"]]
    assert [said(p).split(":")[0] for box in steps.values() for p in box.select("p.handbook-on-screen")] == [
        "On screen"] * 4
    assert [said(box.select_one("p.handbook-variant")) for box in steps.values()] == [
        "In this 40-minute version: 3 minutes instead of 5. Skip the round of names.",
        "In this 40-minute version: 21 minutes instead of 29. On the timer: Read the cards 2 min (not 3); Call 6 min "
        "(not 8); Feedback 2 min (not 3).",
        "", "In this 40-minute version: 10 minutes instead of 15. Read one rewrite aloud."]
    assert list(terms(welcome)) == ["SAY", "DO", "WATCH FOR:", "IF TIME ALLOWS"]  # cut already: no IF RUNNING LATE
    assert list(terms(exercise)) == ["SAY", "DO", "IF TIME ALLOWS"]
    assert list(terms(renewal)) == ["SAY", "DO", "IF TIME ALLOWS"]  # the timer cannot go lower
    assert list(terms(debrief)) == ["SAY", "DO", "ask:"]  # it cannot be cut or lengthened: neither line applies
    assert said(renewal.select_one("p.handbook-phases")) == \
        "On the timer: Read the cards (2 min); Call (6 min); Feedback (2 min)."
    dropped = guide.select("p.handbook-dropped")
    assert [said(p) for p in dropped] == [
        "Role-play: the hallway (5 min): Dropped from the 40-minute version. Read the hallway scenario at home.",
        "The hallway, from The price increase: dropped from the 40-minute version, with its step in the script."]
    assert dropped[0].find_parent("div", class_="handbook-script-step") is None
    text = said(guide)
    assert "PRIVATE-SELLER" not in text and "PUBLIC-HALLWAY" not in text  # not the dropped activity's pages
    assert "PRIVATE-AM-ONE" in text and "PRIVATE-MODEL-ANSWER" in text
    pulled = {said(box.find(class_="admonition-title")): box for box in guide.select("div.handbook-pulled")}
    assert list(pulled) == ["The renewal call", "Debrief", "Rewrite the price email"]
    assert fields(pulled["Rewrite the price email"])["Minutes"] == (
        "10 minutes in this 40-minute version (15 as written; where the text below gives times, follow the "
        "script's timer line)")
    assert fields(pulled["The renewal call"])["Time"] == (
        "21 minutes in this 40-minute version (29 as written; where the text below gives times, follow the "
        "script's timer line)")
    warmup = [b for b in guide.select("div.handbook-exercise") if "handbook-pulled" not in b["class"]]
    assert [fields(b)["Minutes"] for b in warmup] == ["5 minutes"]  # not an activity of the script: as written
    assert all(p["class"][:2] == ["handbook-variant", "handbook-dropped"] for p in guide.select("p.handbook-dropped"))
    # The rotation and the room for the role-play this version runs, for nine people.
    assert rows(guide.select_one("table.handbook-rotation")) == [
        ["Round", "Groups of 3", "Groups of 4"],
        ["1", "A plays the account manager, B the office manager, C the director.",
         "A plays the account manager, B the office manager, C the director, D observes."],
        ["2", "B plays the account manager, C the office manager, A the director.",
         "B plays the account manager, C the office manager, D the director, A observes."]]
    rotation = guide.select_one("table.handbook-rotation")
    assert [c.get("style", "") for c in rotation.select("col")] == ["width: 12.0%", "width: 44.0%", "width: 44.0%"]
    assert [said(p) for p in rotation.find_next_siblings("p")] == [
        "In a group of three, C never plays the account manager: there are fewer rounds than people. C plays the "
        "director in round 1, the office manager in round 2 and observes the other rounds; make C whoever is most at "
        "home with these calls.",
        "In a group of four, C never plays the account manager: there are fewer rounds than people. C plays the "
        "director in round 1, the office manager in round 2 and observes the other rounds; make C whoever is most at "
        "home with these calls.",
        "In a group of four, D never plays the account manager: there are fewer rounds than people. D plays the "
        "director in round 2 and observes the other rounds; make D whoever is most at home with these calls."]
    svg = guide.select_one("div.handbook-room svg")
    assert [said(g) for g in svg.select("g")] == ["Flip chart", "3 envelopes", "Group 1", "Group 2", "Group 3"]
    assert len(svg.select('circle[fill="#fff"]')) == 9
    assert said(guide.select_one("p.handbook-room-caption")).startswith(
        "The room for 9 people, three groups: three of three (make kit GROUP=N")
    cards = page(out, "sessions/cards/renewal.html")
    assert len(cards.select("div.handbook-role-card")) == 8  # no cards for the dropped role-play
    assert "A set is 8 cards" in said(cards)
    assert warned(warnings) == sorted(EVERY_BUILD + [
        "sessions/talk.md:3: WARNING: session: make kit LENGTH=40: cannot extend the session to 40 minutes: its "
        "steps can gain at most 0 minutes (up to 10); give more steps ':extend-to:' or phase ranges such as "
        "':phases: Call 5 (4-7)'"])


def test_a_longer_kit_lengthens_the_steps_that_say_how_as_far_as_they_go(tmp_path):
    out, warnings = build(tmp_path, handbook_session_length=76)  # the longest these steps reach
    guide = page(out, "sessions/renewal.html")
    assert rows(guide.select_one("table.handbook-agenda")) == [
        ["Start", "Minutes", "Activity"], ["0:00", "8", "Welcome"], ["0:08", "37", "Role-play: the renewal call"],
        ["0:45", "6", "Debrief"], ["0:51", "5", "Role-play: the hallway"], ["0:56", "20", "Exercise"],
        ["1:16", "", "End"]]
    steps = step_boxes(guide)
    welcome, renewal, _debrief, hallway, exercise = steps.values()
    assert [said(box.select_one("p.handbook-variant")) for box in steps.values()] == [
        "In this 76-minute version: 8 minutes instead of 5. Ask each group for one renewal story.",
        "In this 76-minute version: 37 minutes instead of 29. On the timer: Read the cards 4 min (not 3); Call 10 min "
        "(not 8); Feedback 4 min (not 3).",
        "", "", "In this 76-minute version: 20 minutes instead of 15. Read every rewrite aloud."]
    # Lengthened as far as each goes: no IF TIME ALLOWS left to do, and the timer cannot go higher.
    assert list(terms(welcome)) == ["SAY", "DO", "WATCH FOR:", "IF RUNNING LATE"]
    assert list(terms(renewal)) == ["SAY", "DO", "IF RUNNING LATE"]
    assert list(terms(exercise)) == ["SAY", "DO", "IF RUNNING LATE"]
    assert list(terms(_debrief)) == ["SAY", "DO", "ask:"]
    assert not guide.select("p.handbook-dropped") and "PRIVATE-SELLER" in said(guide)
    assert fields(guide.select_one("div.handbook-session"))["Length"] == \
        "76 minutes (this kit's version; the session is written for 60)"
    assert said(guide.select_one("p.handbook-room-caption")).startswith("The room for 7 people, two groups")
    assert warned(warnings) == sorted(EVERY_BUILD + [
        "sessions/talk.md:3: WARNING: session: make kit LENGTH=76: cannot extend the session to 76 minutes: its "
        "steps can gain at most 0 minutes (up to 10); give more steps ':extend-to:' or phase ranges such as "
        "':phases: Call 5 (4-7)'"])


def test_the_printed_kit_and_the_manifest_its_readme_is_written_from(tmp_path):
    out, _warnings = build(tmp_path, "latex", handbook_latex_kit=True, handbook_session_length=40,
                           handbook_kit_people=9, handbook_slides_manifest=str(tmp_path / "deck.json"))
    guide = (out / "facilitator-guide-renewal.tex").read_text(encoding="utf-8")
    # Each step's box starts where eight lines still fit; the dropped step's line too.
    assert guide.count("\n\\needspace{8\\baselineskip}\n\n") == 5 and guide.count("needspace{8") == 5
    # The tables as LaTeX sets them: the groups (2 columns), the agenda and the lengths (3), the rotation (widths given).
    assert re.findall(r"\\begin\{(tabulary|tabular)\}(?:\{\\linewidth\})?\[t\](\{[^\n]*\})", guide) == [
        ("tabulary", "{TT}"), ("tabulary", "{TTT}"), ("tabulary", "{TTT}"),
        ("tabular", "{\\X{12}{100}\\X{44}{100}\\X{44}{100}}")]
    picture = re.search(r"\\begin\{picture\}\((\d+),(\d+)\)(.*?)\\end\{picture\}", guide, re.S)
    assert picture.group(1, 2) == ("150", "52")
    drawn = picture[3]
    assert len(re.findall(r"\\put\([\d.]+,[\d.]+\)\{\\circle\{3\.6\}\}", drawn)) == 9  # a chair per person
    assert re.findall(r"\\framebox\((\d+),(\d+)\)\{([^}]*)\}", drawn) == [
        ("22", "9", "Flip chart"), ("20", "7", "3 envelopes"), ("16", "10", "Group 1"), ("16", "10", "Group 2"),
        ("16", "10", "Group 3")]
    assert "\\put(45.0,46.0){\\rule{60mm}{2mm}}" in drawn  # the screen, at the top
    assert "\\put(122.0,45.0){\\circle*{4.4}}" in drawn and "\\makebox(0,0){Trainer}" in drawn
    assert "\\put(75.0,42.0){\\makebox(0,0){Screen}}" in drawn
    assert "\\put(17.0,10.0){\\framebox(16,10){Group 1}}" in drawn
    cards = (out / "role-cards-renewal.tex").read_text(encoding="utf-8")
    body = cards.split("\\begin{document}", 1)[1]
    assert kit.CARD_PAGES in body and body.index(kit.CARD_PAGES) < body.index("\\colorbox{black}")
    assert body.count("\\clearpage") == 8 and body.count("\\colorbox{black}") == 8
    assert len(re.findall(r"\n\\clearpage\n\n\\begin\{sphinxuseclass\}", body)) == 8  # a new page, nothing around it
    assert ("\n\\par\\noindent\\colorbox{black}{\\parbox{\\dimexpr\\linewidth-2\\fboxsep\\relax}{\\centering\\color{white}"
            "\\sffamily\\bfseries\\large ACCOUNT MANAGER, ROUND 1: do not show this card}}\\par\\medskip\n\n") in body
    box = ("\n\n\\par\\nopagebreak\\noindent\\fbox{\\parbox[t][3.00\\baselineskip]{\\dimexpr\\linewidth-2\\fboxsep-0.8pt"
           "\\relax}{\\strut}}\\par\\smallskip\n\n")
    assert body.count(box) == 6 and body.count("\\fbox{") == 6  # a box to write in under each point, nothing else
    assert "PRIVATE-SELLER" not in body
    written = (out / "kit-manifest.json").read_text(encoding="utf-8")
    assert re.search(r'"observer_sheets": 2,\s', written)  # a count, never "2.0", in the README's numbers
    manifest = json.loads(written)
    assert manifest["renewal"] == {
        "title": "Session: The renewal call", "minutes": 40, "written_minutes": 60, "audience": "Account managers",
        "group_size": [5, 7], "group": 3, "room": "Tables for groups of three",
        "materials": [{"count": 1, "per": "participant", "what": "the handout"},
                      {"count": 2, "per": "group", "what": "a set of role cards"},
                      {"count": 1, "per": "room", "what": "a timer everyone can see"}],
        "role_plays": [{"label": "rp-renewal", "title": "The renewal call",
                        "roles": ["Account manager", "Office manager", "Director"], "rounds": 2,
                        "observer_sheets": 2}]}
    assert manifest["talk"]["written_minutes"] == 10 and manifest["talk"]["role_plays"] == []
    assert manifest["talk"]["group"] is None and manifest["talk"]["group_size"] == [1, 500]
    assert sorted(manifest) == ["renewal", "talk"]
    # The deck (make slides) is made from the same script: its title, steps, lines and timer.
    deck = json.loads((tmp_path / "deck.json").read_text(encoding="utf-8"))["decks"]["renewal"]
    assert (deck["title"], deck["minutes"], deck["written_minutes"]) == ("Session: The renewal call", 40, 60)
    assert [(s["title"], s["minutes"], s["say"], s["watch"]) for s in deck["steps"]] == [
        ("Welcome", 3, "Today we practice the renewal call.", "People who sit with their own team."),
        ("Role-play: the renewal call", 21, "Read your card; do not show it.", ""),
        ("Debrief", 6, "What did you hear?", ""), ("Exercise", 10, "Rewrite the email.", "")]
    assert deck["steps"][2]["parts"] == [["SAY", "What did you hear?"], ["SAY", "What would you do next time?"],
                                         ["DO", "Write the answers on the flip chart."], ["ASK", "What surprised you?"]]
    assert deck["steps"][1]["phases"] == [["Read the cards", 2], ["Call", 6], ["Feedback", 2]]
    assert "no role\\sphinxhyphen{}play, so it has no role cards" in (out / "role-cards-talk.tex").read_text(encoding="utf-8")


def test_a_role_play_changed_in_its_chapter_changes_the_guide_in_the_next_build(tmp_path):
    """The rotation, the room and the lengths table are made from the chapters: an edit there rebuilds the guide."""
    out, _warnings = build(tmp_path)
    assert "Groups of 4" in said(page(out, "sessions/renewal.html").select_one("table.handbook-rotation"))
    chapter = tmp_path / "src" / "chapter.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(":roles: Seller, Buyer", ":roles: Seller, Buyer, Boss")
                       .replace(":::{role-brief} Buyer", ":::{role-brief} Boss\nGoal\n: Watch the time.\n:::\n\n"
                                ":::{role-brief} Buyer"), encoding="utf-8")
    out, warnings = build(tmp_path, fresh=False)
    guide = page(out, "sessions/renewal.html")
    assert "The hallway, round 1 C plays the seller, A the buyer, B the boss." in said(
        guide.select_one("table.handbook-rotation")), warnings
    bands = [said(b) for b in page(out, "sessions/cards/renewal.html").select("p.handbook-card-band")]
    assert "BOSS: do not show this card" in bands  # the role cards are made again too


def test_a_setting_changed_between_builds_changes_the_pages(tmp_path):
    """The next build in the same folders (no 'make clean') shows a changed LENGTH, lengths table and kit and deck
    addresses: one setting changed a build, so no other change makes the pages again."""
    build(tmp_path)
    settings = {"handbook_session_length": 40}
    out, _warnings = build(tmp_path, fresh=False, **settings)
    assert fields(page(out, "sessions/renewal.html").select_one("div.handbook-session"))["Length"] == \
        "40 minutes (this kit's version; the session is written for 60)"
    settings["handbook_session_lengths"] = [40, 60]
    out, _warnings = build(tmp_path, fresh=False, **settings)
    assert rows(page(out, "sessions/renewal.html").select_one("table.handbook-session-lengths"))[0] == [
        "Step", "40 min", "60 min (as written)"]
    settings["handbook_kit_url"] = "/kits/"
    out, _warnings = build(tmp_path, fresh=False, **settings)
    header = page(out, "sessions/renewal.html").select_one("div.handbook-session")
    assert [a["href"] for a in header.select("p.handbook-kit-links a")] == [
        f"/kits/renewal/{name}" for _label, name in kit.KIT_FILES]
    settings["handbook_slides_url"] = "/decks/"
    out, _warnings = build(tmp_path, fresh=False, **settings)
    header = page(out, "sessions/renewal.html").select_one("div.handbook-session")
    assert header.select_one("p.handbook-deck-link a")["href"] == "/decks/renewal/index.html"


def test_the_printed_handout_ends_with_the_feedback_form(tmp_path):
    """make handouts: the form on a page of its own, as the participant fills it in."""
    blank = "---\norphan: true\n---\n\nA handout with no heading.\n\n:::{feedback-form}\n:::\n"
    out, _warnings = build(tmp_path, "latex", files=FILES | {"handouts/blank.md": blank}, handbook_latex_handouts=True)
    # A handout without a heading leaves the session's name for the participant to write.
    assert ("\\sphinxstylestrong{Session: }" + "\\_" * 32 + "\\sphinxstylestrong{    Date: }") in (
        out / "handout-blank.tex").read_text(encoding="utf-8")
    handout = (out / "handout-renewal.tex").read_text(encoding="utf-8")
    form = handout.split("\\clearpage\n\n\\begin{sphinxuseclass}{handbook-feedback}\\subsubsection*{Your feedback}\n", 1)[1]
    intro = ("Tick one box per line (1 = disagree, 5 = agree), answer the question, and hand this page to the trainer. "
             "You do not need to give your name.")
    assert form.startswith("\n\\sphinxAtStartPar\n\\sphinxstylestrong{Session: }The renewal call\\sphinxstylestrong{    "
                           "Date: }" + "\\_" * 20 + "\n\n\\sphinxAtStartPar\n" + intro + "\n")
    table = re.search(r"\\begin\{tabulary\}\{\\linewidth\}\[t\]\{(T+)\}(.*?)\\end\{tabulary\}", form, re.S)
    assert table[1] == "TTTTTT"  # the statement and the five boxes
    assert latex_cells(table[2]) == ["", "1", "2", "3", "4", "5", *(
        cell for statement in kit.FEEDBACK_STATEMENTS for cell in [statement.replace("'", "\u2019")
                                                                     .replace("-", "\\sphinxhyphen{}"), *["\u2610"] * 5])]
    assert form.rstrip().endswith("\\handbooknotes[What one change would make this session more useful to you?]{5}\n\n"
                                  "\\end{sphinxuseclass}\n\n\n\\renewcommand{\\indexname}{Index}\n\n\\end{document}")


def test_the_trainers_book_pdf_draws_each_sessions_tables_for_its_own_page(tmp_path):
    """In the book's LaTeX every page is in one doctree: the session page's rotation, room and lengths are its own."""
    out, _warnings = build(tmp_path, "latex")
    book = (out / "kitbook.tex").read_text(encoding="utf-8")
    assert book.count("A plays the account manager, B the office manager, C the director.") == 1
    assert book.count("\\begin{picture}") == 1 and book.count("60 min (as written)") == 1


def test_each_session_page_is_a_kit_and_a_name_that_cannot_be_a_folder_is_found(tmp_path):
    assert kit.kit_documents(tmp_path) == [] and kit.bad_session_files(tmp_path) == []  # no sessions folder
    folder = tmp_path / "sessions"
    folder.mkdir()
    for name in ("index.md", "b-2.md", "A_1.md", "my session.md", "-x.md", "notes.txt"):
        (folder / name).write_text("# x\n", encoding="utf-8")
    assert kit.kit_documents(tmp_path) == [("A_1", "sessions/A_1", "sessions/cards/A_1"),
                                           ("b-2", "sessions/b-2", "sessions/cards/b-2")]
    assert kit.bad_session_files(tmp_path) == [folder / "-x.md", folder / "my session.md"]


LATE = """# Session: A late role-play

:::{session}
:minutes: 50
:audience: Reps
:group-size: 3-6
:group: 2
:room: Tables for groups of three
- 1 per group: a set of role cards
:::

## Agenda

:::{agenda}
:::

## Script

::::{script-step} Warm-up
:minutes: 6
:optional:
SAY
: Stand up and say your name.

DO
: Start with the person nearest the door.

IF DROPPED
: Skip the names.
::::

::::{script-step} Exercise: the price email
:minutes: 15
:activity: ex-price-email
:optional:
SAY
: Rewrite the email.

DO
: Collect the rewrites.

IF DROPPED
: Ask for the rewrite by email after the session.
::::

::::{script-step} Role-play: the renewal call
:minutes: 29
:activity: rp-renewal
SAY
: Read your card; do not show it.

DO
: Hand out the cards.
::::

## Rotation

:::{rotation}
:::
"""

PAIRS = """# Session: Two role-plays in threes

:::{session}
:minutes: 35
:audience: Reps
:group-size: 3-6
:group: 2
:room: Tables for groups of three
- 1 per group: a set of role cards
:::

## Script

::::{script-step} Role-play: the renewal call
:minutes: 28
:activity: rp-renewal
SAY
: Read your card; do not show it.

DO
: Hand out the cards.
::::

::::{script-step} Role-play: the hallway
:minutes: 3
:activity: rp-hallway
:phases: Read 1, Call 2 (1-2)
SAY
: Meet in the hallway.

DO
: Pair people up.

IF RUNNING LATE:
: Skip the second pair.
::::

::::{script-step} Debrief
:minutes: 4
:activity: tn-renewal
SAY
: What did you hear?

DO
: Take one answer per group.
::::

## Rotation

:::{rotation}
:::
"""

NOTES = """# Trainer notes

Read the chapter before you run a session from it.
"""

HALLWAY_SHEET = """
::::{observer-sheet}
- Did the seller say hello?
- Did the seller give a name?
- Did the buyer stop?
- Did the seller ask for time?
- Did the seller name a reason?
- Did the buyer agree?
- Did the seller name a day?
- Did the seller say thank you?
::::
"""


def unusual_book() -> dict[str, str]:
    """The book with sessions written differently: two bare ':optional:' steps before a role-play, groups
    that only fit one size larger than ':group:', an observer sheet of eight points, and a page in sessions/
    that is no session (with its own cards page)."""
    files = {name: text for name, text in FILES.items() if name not in BAD}
    files["index.md"] = INDEX.replace("sessions/bad-steps\n", "sessions/late\nsessions/pairs\nsessions/notes\n")
    for name in BAD[1:]:
        files["index.md"] = files["index.md"].replace(name.removesuffix(".md") + "\n", "")
    # The director may know the move the account manager practices: only the practising role's brief may not.
    files["chapter.md"] = CHAPTER.replace(": A reason in numbers. PRIVATE-DIR-ONE", ": A reason in numbers; wait for them to "
                                          "ask what the budget covers before you name the new price. PRIVATE-DIR-ONE"
                                          ).replace("Get back to work. PRIVATE-BUYER\n:::\n", "Get back to work. PRIVATE-BUYER\n:::\n"
                                          + HALLWAY_SHEET)
    files |= {"sessions/late.md": LATE, "sessions/pairs.md": PAIRS, "sessions/notes.md": NOTES}
    for name in ("late", "pairs", "notes"):
        files[f"sessions/cards/{name}.md"] = CARDS.replace("renewal", name).replace("The renewal call", name)
    files["sessions/cards/notes.md"] = "---\norphan: true\n---\n\n# Role cards: Trainer notes\n\nNo cards.\n"
    return files


def test_a_printed_kit_of_sessions_written_differently(tmp_path):
    out, warnings = build(tmp_path, "latex", files=unusual_book(), handbook_latex_kit=True, handbook_session_length=35,
                          handbook_kit_people=6)
    late = (out / "facilitator-guide-late.tex").read_text(encoding="utf-8")
    agenda, rotation = re.findall(r"\\begin\{(?:tabulary|tabular)\}.*?\\end\{(?:tabulary|tabular)\}", late, re.S)
    # Each bare ':optional:' step is its own group: dropping the 15-minute exercise makes 35 minutes, the warm-up stays.
    assert latex_cells(agenda) == ["Start", "Minutes", "Activity", "0:00", "6", "Warm\\sphinxhyphen{}up", "0:06", "29",
                                   "Role\\sphinxhyphen{}play: the renewal call", "0:35", "", "End"]
    assert ("\\sphinxstylestrong{Exercise: the price email (15 min): }Dropped from the 35\\sphinxhyphen{}minute "
            "version. Ask for the rewrite by email after the session.") in late
    # The role-play after the dropped exercise still has its rotation: groups of 2 are too small for three roles,
    # so only groups of 3 are shown, and that one column takes the width the round numbers leave.
    assert rotation.startswith("\\begin{tabular}[t]{\\X{12}{100}\\X{88}{100}}")
    assert latex_cells(rotation) == [
        "Round", "Groups of 3", "1", "A plays the account manager, B the office manager, C the director.",
        "2", "B plays the account manager, C the office manager, A the director."]
    pairs = (out / "facilitator-guide-pairs.tex").read_text(encoding="utf-8")
    assert "\\begin{tabular}[t]{\\X{20}{100}\\X{80}{100}}" in pairs  # two role-plays: a wider first column
    on_screen = re.findall(r"\\sphinxstylestrong\{On screen: \}(.*)", pairs)
    assert [line.endswith("Then \u201cDebrief: The renewal call\u201d.") for line in on_screen] == [True, False, False]
    # The hallway's debrief is a step of its own: the hallway's line names no debrief slide, the next step does.
    assert "Debrief" not in on_screen[1] and on_screen[2] == "the slide \u201cDebrief\u201d."
    # The timer's line for a phase range joins the step's own IF RUNNING LATE (written with a colon).
    assert pairs.count("IF RUNNING LATE") == 1 and (
        "\\sphinxlineitem{IF RUNNING LATE:}\n\\sphinxAtStartPar\nSkip the second pair.\n\n\\sphinxAtStartPar\nOn the "
        "timer, press \\sphinxhyphen{} while \u201cCall\u201d runs to take a minute off it, down to 1 min.\n\n"
        "\\end{description}") in pairs
    # An observer sheet of eight points gets smaller boxes, so the sheet still fits its page.
    cards = (out / "role-cards-pairs.tex").read_text(encoding="utf-8")
    assert re.findall(r"\\parbox\[t\]\[([\d.]+)\\baselineskip\]", cards) == ["3.00"] * 6 + ["2.00"] * 8
    bands = re.findall(r"\\large ([^}]*: your notes for the feedback)\}", cards)
    assert bands == ["OBSERVER, ROUND 1: your notes for the feedback", "OBSERVER, ROUND 2: your notes for the feedback",
                     "OBSERVER: your notes for the feedback"]  # a one-round role-play's sheet names no round
    manifest = json.loads((out / "kit-manifest.json").read_text(encoding="utf-8"))
    assert [play["label"] for play in manifest["late"]["role_plays"]] == ["rp-renewal"]
    assert (manifest["late"]["minutes"], manifest["late"]["written_minutes"]) == (35, 50)
    # A page in sessions/ that is no session is listed with its title and nothing it does not say.
    assert manifest["notes"] == {"title": "Trainer notes", "role_plays": [], **dict.fromkeys(
        ("minutes", "written_minutes", "audience", "group_size", "group", "room", "materials"))}
    assert not [w for w in warned(warnings) if w.startswith("chapter.md")], warnings
    assert "sessions/late.md" not in warnings and [w for w in warned(warnings) if "sessions/pairs.md" in w] == [
        "sessions/pairs.md:14: WARNING: session: the step 'Role-play: the renewal call' gives 'rp-renewal' 28 minutes, "
        "but the block says 29 (chapter.md); make the block's :minutes: the agenda's"], warnings  # its Time, in minutes
    assert "make kit" not in late and "make slides" not in late  # the links to the kit are for the trainer site


def latex_cells(table: str) -> list[str]:
    """A LaTeX table's cells in order, as Sphinx writes them."""
    return re.findall(r"\\sphinxAtStartPar\n(.*?)\n\\sphinxbeforeendvarwidth", table, re.S)


# -- the parts a trainer reads, on their own --------------------------------------------------------


@pytest.mark.parametrize("people, group, sizes, said_", [
    (7, 3, [4, 3], "two groups: one of four, one of three"), (6, 3, [3, 3], "two groups: two of three"),
    (2, 3, [2], "one group: one of two"), (13, 4, [5, 4, 4], "three groups: one of five, two of four"),
    (20, 2, [2] * 10, "10 groups: 10 of two"), (9, 9, [9], "one group: one of 9"), (12, 6, [6, 6], "two groups: two of six"),
    (14, 7, [7, 7], "two groups: two of seven"), (16, 8, [8, 8], "two groups: two of eight"), (5, 0, [5], "one group: one of five"),
    (0, 3, [], "0 groups: "), (3, 1, [1, 1, 1], "three groups: three of one"), (1, 0, [1], "one group: one of one")])
def test_the_groups_for_a_number_of_people(people, group, sizes, said_):
    assert room.group_plan(people, group) == sizes
    assert room.plan_text(sizes) == said_


def test_every_person_has_a_group_of_about_the_sessions_size():
    for group in range(1, 7):
        for people in range(group, 60):
            sizes = room.group_plan(people, group)
            assert sum(sizes) == people and max(sizes) - min(sizes) <= 1 and min(sizes) >= group, (people, group)


@pytest.mark.parametrize("roles, group, number, offset, expected", [
    (["Seller", "Buyer"], 2, 1, 0, "A plays the seller, B the buyer"),
    (["Seller", "Buyer"], 2, 2, 0, "B plays the seller, A the buyer"),
    (["Seller", "Buyer"], 3, 1, 1, "B plays the seller, C the buyer, A observes"),
    (["Seller", "Buyer"], 5, 1, 0, "A plays the seller, B the buyer, C, D and E observe"),
    (["Seller", "Buyer", "Boss"], 2, 1, 0, ""), ([], 3, 1, 0, "")])
def test_who_plays_what_in_a_round(roles, group, number, offset, expected):
    assert room.rotation(roles, group, number, offset) == expected


def test_who_never_plays_the_main_part_is_told_what_to_do_instead():
    told = room.left_out([("Call", ["Seller", "Buyer"], 1)], 9)
    assert told[:2] == [
        "In a group of 9, B never plays the seller: there are fewer rounds than people. B plays the buyer in round 1 "
        "and observes the other rounds; make B whoever is most at home with these calls.",
        "In a group of 9, C never plays the seller: there are fewer rounds than people. C observes every round; make "
        "C whoever is most at home with these calls."]
    assert [line.split(",")[1][1] for line in told] == list("BCDEFGHI")
    assert room.left_out([("Call", ["Seller", "Buyer"], 2)], 2) == []
    # A third role-play goes on where the second stopped, so only D never plays the seller in a group of four.
    three = [(title, ["Seller", "Buyer"], 1) for title in ("One", "Two", "Three")]
    assert room.left_out(three, 4) == [
        "In a group of four, D never plays the seller: there are fewer rounds than people. D plays the buyer in round "
        "1 of \u201cThree\u201d and observes the other rounds; make D whoever is most at home with these calls."]
    assert room.rotation(["Seller", "Buyer"], 3, 2) == "B plays the seller, C the buyer, A observes"  # no offset


@pytest.mark.parametrize("groups, columns, height", [(1, 1, 52), (3, 3, 52), (4, 4, 52), (5, 3, 82),
                                                     (6, 3, 82), (7, 4, 82), (9, 3, 112), (10, 4, 112)])
def test_the_room_plan_puts_the_groups_in_rows_inside_the_drawing(groups, columns, height):
    shapes, drawn = room.room_shapes([3] * groups, 1)
    assert drawn == height
    tables = [s for s in shapes if s[0] == "table"]
    assert [s[5] for s in tables] == [f"Group {n + 1}" for n in range(groups)]
    assert len({round(s[1]) for s in tables}) == columns
    chairs = [s for s in shapes if s[0] == "chair"]
    assert len(chairs) == 3 * groups
    assert all(0 < x < room.ROOM_WIDTH and 22 < y < height for _k, x, y, _r in chairs)
    for table in tables:  # three chairs around each table, none on it
        cx, cy = table[1] + 8, table[2] + 5
        near = [c for c in chairs if abs(c[1] - cx) <= 13.01 and abs(c[2] - cy) <= 9.51]
        assert len(near) == 3 and all(abs(c[1] - cx) > 8 or abs(c[2] - cy) > 5 for c in near)
    assert ("box", 128, 3, 20, 7, f"{groups} envelope{'s' if groups > 1 else ''}") in shapes
    assert not any(s[0] == "box" and "envelopes" in s[5] for s in room.room_shapes([3], 0)[0])


def test_the_front_of_the_room_and_the_chairs_around_each_table():
    shapes, _height = room.room_shapes([4], 1)
    # The screen centered at the front, the flip chart at the left, the trainer and the envelopes at the right.
    assert shapes[:6] == [("bar", 45, 4, 60, 2), ("text", 75, 10, "Screen"), ("box", 8, 3, 22, 9, "Flip chart"),
                          ("dot", 122, 7, 2.2), ("text", 122, 14, "Trainer"), ("box", 128, 3, 20, 7, "1 envelope")]
    (_k, x, y, w, h, _label), *chairs = shapes[6:]
    cx, cy = x + w / 2, y + h / 2
    # The first chair at the top of the table, then round it clockwise (on the page, y grows downward).
    assert [(round(c[1] - cx, 1), round(c[2] - cy, 1)) for c in chairs] == [(0, -9.5), (13, 0), (0, 9.5), (-13, 0)]


def test_the_room_plan_escapes_its_labels_on_screen_and_in_print():
    shapes = [("box", 1, 2, 3, 4, "R&D <b>"), ("text", 5, 6, "50% & #1"), ("table", 1.25, 2.5, 16, 10, "x")]
    svg = room.room_svg(shapes, 40)
    assert "R&amp;D &lt;b&gt;" in svg and "50% &amp; #1" in svg and "<g class=\"cluster\">" in svg
    assert '<rect x="1.2" y="2.5" width="16" height="10"' in svg
    assert svg.count("<g>") == 1 and 'viewBox="0 0 150 40"' in svg
    latex = room.room_latex(shapes, 40)
    assert "\\framebox(3,4){R\\&D \\textless{}b\\textgreater{}}" in latex or "R\\&D" in latex
    assert "\\makebox(0,0){50\\% \\& \\#1}" in latex
    assert "\\put(1.0,34.0){\\framebox(3,4)" in latex


def drawn_on_screen(svg: str) -> list[tuple]:
    """What the SVG draws, in order: (element, numbers..., text), from the parsed document."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(svg)  # one well-formed drawing, nothing around it
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and not (root.tail or "").strip()
    assert not any((el.tail or "").strip() for el in root.iter()) and not (root.text or "").strip()  # no stray text
    parents = {child: parent for parent in root.iter() for child in parent}
    out = []
    for el in root.iter():  # in document order
        tag, group = el.tag.split("}")[1], parents[el].get("class") if el is not root and parents[el] is not root else None
        if tag == "rect":
            out.append(("rect", *(float(el.get(k)) for k in ("x", "y", "width", "height")), el.get("fill"), group))
        elif tag == "circle":
            out.append(("circle", *(float(el.get(k)) for k in ("cx", "cy", "r")), el.get("fill")))
        elif tag == "text":
            out.append(("text", float(el.get("x")), float(el.get("y")), el.text, el.get("text-anchor")))
            assert el.get("font-size") == "3.2"
        if el.get("fill") == "#fff":  # an outline: a table, a box, a chair
            assert (el.get("stroke"), el.get("stroke-width")) == ("#333", "0.4")
    return out


def test_the_room_is_drawn_on_screen_where_the_plan_puts_each_thing():
    shapes, height = room.room_shapes([4, 3, 3, 5, 3], 2)
    svg = room.room_svg(shapes, height)
    assert svg.startswith('<svg class="handbook-room-plan" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 150 82" '
                          'role="img" aria-label="Room plan" style="max-width:100%;font-family:sans-serif">')
    expected = []
    for kind, *rest in shapes:
        if kind == "bar":
            expected.append(("rect", *rest, "#333", None))
        elif kind in ("box", "table"):
            x, y, w, h, label = rest
            group = "cluster" if kind == "table" else None
            expected += [("rect", round(x, 1), round(y, 1), w, h, "#fff", group),
                         ("text", round(x + w / 2, 1), round(y + h / 2 + 1.2, 1), label, "middle")]
        elif kind == "chair":
            expected.append(("circle", round(rest[0], 1), round(rest[1], 1), rest[2], "#fff"))
        elif kind == "dot":
            expected.append(("circle", *rest, "#333"))
        else:
            expected.append(("text", *rest, "middle"))
    assert drawn_on_screen(svg) == expected
    assert [e[3] for e in expected if e[0] == "text"] == [
        "Screen", "Flip chart", "Trainer", "10 envelopes", *(f"Group {n}" for n in range(1, 6))]
    assert sum(1 for e in expected if e[0] == "circle" and e[4] == "#fff") == 18


def test_the_room_is_drawn_in_print_where_the_plan_puts_each_thing_upside_up():
    shapes, height = room.room_shapes([4, 3, 3, 5, 3], 2)
    latex = room.room_latex(shapes, height)
    lines = latex.splitlines()
    assert lines[0] == "\\par\\medskip\\noindent{\\setlength{\\unitlength}{1mm}\\begin{picture}(150,82)\\small\\sffamily"
    assert lines[-1] == "\\end{picture}}\\par\\medskip" and latex.endswith("\\medskip\n")
    expected = []
    for kind, *rest in shapes:  # millimeters, y upward from the drawing's foot
        if kind == "bar":
            x, y, w, h = rest
            expected.append(f"\\put({x:.1f},{height - y - h:.1f}){{\\rule{{{w}mm}}{{{h}mm}}}}")
        elif kind in ("box", "table"):
            x, y, w, h, label = rest
            expected.append(f"\\put({x:.1f},{height - y - h:.1f}){{\\framebox({w},{h}){{{label}}}}}")
        elif kind == "chair":
            expected.append(f"\\put({rest[0]:.1f},{height - rest[1]:.1f}){{\\circle{{3.6}}}}")
        elif kind == "dot":
            expected.append(f"\\put({rest[0]:.1f},{height - rest[1]:.1f}){{\\circle*{{4.4}}}}")
        else:
            expected.append(f"\\put({rest[0]:.1f},{height - rest[1]:.1f}){{\\makebox(0,0){{{rest[2]}}}}}")
    assert lines[1:-1] == expected


@pytest.mark.parametrize("text, expected", [
    ("Read the cards 2, Call 5, Feedback 3", ([["Read the cards", 2], ["Call", 5], ["Feedback", 3]],
                                             [[2, 2], [5, 5], [3, 3]])),
    ("Call 5 (4-7)", ([["Call", 5]], [[4, 7]])), ("Call 5 (4 to 7)", ([["Call", 5]], [[4, 7]])),
    ("Call 5 (4\u20137), Wrap 1", ([["Call", 5], ["Wrap", 1]], [[4, 7], [1, 1]])), ("", ([], [])), ("  ", ([], [])),
])
def test_the_phases_of_a_round_are_read_with_their_ranges(text, expected):
    assert kit._parse_phases(text) == expected
    assert kit.parse_phases(text) == expected[0]


@pytest.mark.parametrize("text, message", [
    ("Call 5 (6-7)", "':phases:' part 'Call 5 (6-7)': the range must hold the phase's minutes, as in 'Call 5 (4-7)'"),
    ("Call 5 (2-4)", "':phases:' part 'Call 5 (2-4)': the range must hold"),
    ("Call", "':phases:' part 'Call' is not a label and its minutes; write the phases of one round as ':phases: Read "
             "the cards 2, Call 5, Feedback 3' (a phase that may change"),
    ("Call 0", "':phases:' part 'Call 0' is not a label"), ("Call 5 (0-5)", "':phases:' part 'Call 5 (0-5)' is not"),
    ("Call 1000000", "':phases:' part 'Call 1000000' is not"),
    ("x" * 199 + " 5", "':phases:' part 'xxxxxxxx"),
    (", ".join(["Call 1"] * 40), "':phases:' has more than"),
])
def test_phases_that_cannot_be_read_say_how_to_write_them(text, message):
    assert isinstance(kit.parse_phases(text), str) and kit.parse_phases(text).startswith(message)


def test_phases_as_long_as_the_limit_are_read():
    limit = kit.LIMITS["phases"]
    assert len(kit.parse_phases(", ".join(["Call 1"] * limit))) == limit
    assert kit.parse_phases(", ".join(["Call 1"] * (limit + 1))) == (
        f"':phases:' has more than {limit} parts, the handbook's limit for one round")
    assert kit.parse_phases("x" * 198 + " 5") == [["x" * 198, 5]]  # 200 characters: still a label
    assert kit.parse_phases("Call 600 (1-600)") == [["Call", 600]]  # the limit on minutes is allowed, in a range too


@pytest.mark.parametrize("text, other, run", [
    ("Ask what the budget covers first", "you ask what the budget covers first, then", "ask what the budget covers first"),
    ("ask what the budget", "ask what the budget covers", ""),  # four words: not a giveaway
    ("Don\u2019t name the new price today", "don't name the new price", "don't name the new price"),
    ("a b c d e x a b c d e f", "a b c d e f", "a b c d e f"),  # the longest run wins
    ("one two three four five", "ONE TWO THREE FOUR FIVE", "one two three four five"),
    ("ask what the budget covers first please", "ask what the budget covers first", "ask what the budget covers first"),
    ("a b c d e and v w x y z", "v w x y z then a b c d e", "a b c d e"),  # of two as long, the first
])
def test_a_giveaway_is_a_run_of_five_words_in_both(text, other, run):
    assert kit.shared_run(text, other) == run
