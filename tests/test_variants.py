"""Shorter and longer sessions: ``make kit LENGTH=N`` cuts or lengthens a session from what its
steps declare (``:cut-to:``, ``:extend-to:``, ``:optional:``, phase ranges), and the guide, the
agenda, the run sheet, the deck and its timers all give the same minutes.

The session of tests/roots/test-kit is written for 45 minutes; the tests give its steps ranges
(as a session author would) and build it at 35 and 60 minutes.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import edit, require_programs
from handbook.__main__ import main
from handbook.sphinxext import variants

ROOTS = Path(__file__).parent / "roots"

#: What a session author adds to the test session's steps so that it can be cut or lengthened.
DECLARED = [
    ("::::{script-step} Welcome\n:minutes: 5\n", "::::{script-step} Welcome\n:minutes: 5\n:cut-to: 3\n:extend-to: 10\n"),
    ("WATCH FOR\n: People who sit with their own team. PRIVATE-WATCH\n",
     "WATCH FOR\n: People who sit with their own team. PRIVATE-WATCH\n\nIF RUNNING LATE\n: Skip the round of names.\n\n"
     "IF TIME ALLOWS\n: Ask each group for one renewal story.\n"),
    (":activity: rp-renewal\n", ":activity: rp-renewal\n:phases: Read the cards 3 (2-4), Call 9 (6-12), Feedback 3 (2-4)\n"),
    (":activity: ex-price-email\n", ":activity: ex-price-email\n:cut-to: 6\n:extend-to: 15\n"),
    ("DO\n: Collect the feedback forms.\n",
     "DO\n: Collect the feedback forms.\n\nIF RUNNING LATE\n: Read one rewrite aloud, not two.\n\n"
     "IF TIME ALLOWS\n: Have every group read its rewrite aloud.\n"),
]


def declared_root(tmp: Path) -> Path:
    src = tmp / "src"
    shutil.copytree(ROOTS / "test-kit", src)
    for old, new in DECLARED:
        edit(src / "sessions" / "renewal.md", old, new)
    return src


def run(src: Path, *args: str) -> int:
    return main(["build", *args, "--srcdir", str(src), "--confdir", str(src), "--builddir", str(src.parent / "b")])


# -- the allocation, on its own ----------------------------------------------------------------


def step(title, minutes, phases=(), spans=(), **more):
    return {"title": title, "minutes": minutes, "phases": [list(p) for p in phases], "ranges": [list(s) for s in spans],
            **more}


SESSION = [
    step("Welcome", 4, cut_to=3, extend_to=8),
    step("Role-play", 31, [("Read", 2), ("Call", 5), ("Reveal", 3)], [(2, 2), (4, 7), (2, 4)]),
    step("Exercise", 19, cut_to=10, extend_to=25, optional="extra"),
    step("Its debrief", 6, cut_to=4, optional="extra"),
]


@pytest.mark.parametrize("length", range(20, 90))
def test_every_reachable_length_is_met_exactly_and_each_step_stays_in_its_range(length):
    found = variants.allocate(SESSION, [1, 3, 1, 1], length)
    if isinstance(found, str):
        assert length > 79 or length < 28, found  # only what the declarations cannot reach is refused
        return
    assert sum(s["minutes"] for s in found if not s["dropped"]) == length
    rp = found[1]
    assert rp["minutes"] == 1 + 3 * sum(m for _l, m in rp["phases"])  # the scene, then three rounds on the timer
    assert [lo <= m <= hi for (_l, m), (lo, hi) in zip(rp["phases"], [(2, 2), (4, 7), (2, 4)])] == [True] * 3
    # The steps of an optional group go together or not at all.
    assert found[2]["dropped"] == found[3]["dropped"]


def test_an_optional_group_is_dropped_only_when_the_cuts_cannot_reach_the_length():
    kept = variants.allocate(SESSION, [1, 3, 1, 1], 45)
    assert [s["minutes"] for s in kept] == [3, 25, 13, 4]  # cut, not dropped: 3 + 25 + 10 + 4 = 42 is in reach
    short = variants.allocate(SESSION, [1, 3, 1, 1], 36)
    assert [s["dropped"] for s in short] == [False, False, True, True]
    assert [s["minutes"] for s in short] == [5, 31, 0, 0]


@pytest.mark.parametrize(("length", "message"), [
    (20, "cannot cut the session to 20 minutes: its steps can lose at most 32 minutes (down to 28); mark more "
         "steps ':optional:' or give them ':cut-to:'"),
    (100, "cannot extend the session to 100 minutes: its steps can gain at most 19 minutes (up to 79); give more "
          "steps ':extend-to:'"),
])
def test_a_length_out_of_reach_says_how_far_the_steps_go_and_what_to_declare(length, message):
    assert variants.allocate(SESSION, [1, 3, 1, 1], length).startswith(message)


def test_the_timers_lines_come_from_the_phase_ranges():
    lines = variants.timer_lines(SESSION[1], 3)
    assert lines["IF RUNNING LATE"] == ("On the timer, press - while \u201cCall\u201d runs to take a minute off it, "
                                        "down to 4 min (in any round); or press - while \u201cReveal\u201d runs to "
                                        "take a minute off it, down to 2 min (in any round).")
    assert "press + while \u201cCall\u201d runs to give it a minute more, up to 7 min" in lines["IF TIME ALLOWS"]
    at_least = {**SESSION[1], "phases": [["Read", 2], ["Call", 4], ["Reveal", 2]]}
    assert "IF RUNNING LATE" not in variants.timer_lines(at_least, 3)  # nothing left to cut on the timer


# -- the built kits ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kits(tmp_path_factory):
    require_programs("xelatex", "latexmk", "chromium")
    src = declared_root(tmp_path_factory.mktemp("variants"))
    for length in ("35", "60"):
        assert run(src, "kit", "--group", "9", "--length", length) == 0
    return src.parent / "b" / "kit"


_HEADING = re.compile(r"(\d+):(\d\d) \u00b7 (.+?) \((\d+) min\)")


def guide_steps(folder: Path) -> list[tuple[int, str, int]]:
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(folder / "facilitator-guide.pdf").pages)
    return [(int(h) * 60 + int(m), title, int(minutes)) for h, m, title, minutes in _HEADING.findall(text)]


def deck_timers(folder: Path) -> list[tuple[int, list]]:
    soup = BeautifulSoup((folder / "slides" / "index.html").read_text(encoding="utf-8"), "html.parser")
    return [(int(t["data-seconds"]), json.loads(html.unescape(t.get("data-phases", "[]"))))
            for t in soup.select("div.deck-timer")]


@pytest.mark.parametrize(("length", "expected"), [
    (35, [(0, "Welcome", 4), (4, "Role-play: the renewal call", 22), (26, "Exercise and close", 9)]),
    (60, [(0, "Welcome", 7), (7, "Role-play: the renewal call", 40), (47, "Exercise and close", 13)]),
])
def test_the_guide_agenda_run_sheet_deck_and_timers_agree_on_each_length(kits, length, expected):
    folder = kits / f"renewal-{length}min"
    # The guide's steps start where the one before ends and add up to the length.
    steps = guide_steps(folder)
    assert steps == expected
    assert sum(minutes for _start, _title, minutes in steps) == length
    guide = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(folder / "facilitator-guide.pdf").pages)
    assert f"{length} minutes (this kit's version; the session is written for 45)" in guide
    assert f"In this {length}-minute version:" in guide
    # Each activity under Activities gives this version's minutes, as its step in the script does.
    for (_start, _title, minutes), written in zip(expected[1:], (30, 10)):
        assert (f"{minutes} minutes in this {length}-minute version ({written} as written; where the text below "
                f"gives times, follow the script's timer line)") in guide
    # The agenda: each step's start and minutes, then the end at the length.
    for start, title, minutes in expected:
        assert f"{start // 60}:{start % 60:02d} {minutes} {title}" in guide
    assert f"{length // 60}:{length % 60:02d} End" in guide
    # The deck: two timed rounds of the role-play, each its phases, and the exercise's timer.
    rounds, _exercise = deck_timers(folder)[:2], deck_timers(folder)[2]
    role_play = expected[1][2]
    assert [seconds for seconds, _p in rounds] == [role_play * 30, role_play * 30]
    assert sum(m for _l, m in rounds[0][1]) * 2 == role_play
    assert _exercise[0] == expected[2][2] * 60
    agenda = BeautifulSoup((folder / "slides" / "index.html").read_text(encoding="utf-8"), "html.parser").get_text(" ")
    assert f"{expected[1][0] // 60}:{expected[1][0] % 60:02d} Role-play: the renewal call ({role_play} min)" \
        in " ".join(agenda.split())
    # The run sheet: the length and each step's start and minutes.
    sheet = subprocess.run(["pdftotext", "-layout", str(folder / "run-sheet.pdf"), "-"], capture_output=True,
                           text=True, check=True).stdout
    assert f"{length} minutes." in sheet
    for start, _title, minutes in expected:
        assert re.search(rf"^\s*{start // 60}:{start % 60:02d}\s+{minutes}\s", sheet, re.M), (start, minutes, sheet)
    # README.txt says which version this is.
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert readme.splitlines()[1].startswith(f"{length} minutes.")
    assert f"This is its {length}-minute version (written for 45 minutes)" in readme


def test_each_length_has_its_own_kit_folder_with_its_deck(kits):
    assert sorted(p.name for p in kits.iterdir()) == ["renewal-35min", "renewal-60min"]
    for folder in kits.iterdir():
        assert (folder / "slides" / "index.html").is_file() and (folder / "slides.pdf").is_file()


def test_a_length_the_steps_cannot_reach_fails_naming_the_session_and_what_to_declare(tmp_path, capsys):
    src = declared_root(tmp_path)
    assert run(src, "slides", "--length", "90") != 0
    err = capsys.readouterr().err
    assert re.search(r"sessions/renewal\.md:\d+: .*make kit LENGTH=90: cannot extend the session to 90 minutes: "
                     r"its steps can gain at most 20 minutes \(up to 65\); give more steps ':extend-to:'", err), err


@pytest.mark.parametrize(("args", "message"), [
    (("kit", "--length", "0"), "LENGTH=0 is not a session length; give the minutes, from 1 to 600"),
    (("html", "--length", "45"), "LENGTH is for the session kits and decks (make kit LENGTH=N), not for html"),
])
def test_a_length_that_is_no_session_length_is_refused(tmp_path, capsys, args, message):
    src = declared_root(tmp_path)
    assert run(src, *args) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(("old", "new", "message"), [
    (":cut-to: 3\n", ":cut-to: 3\n", None),
    ("\nIF RUNNING LATE\n: Skip the round of names.\n", "\n",
     "a step with ':cut-to:' needs an IF RUNNING LATE line"),
    (":cut-to: 3\n", ":cut-to: 3\n:optional:\n", "a step with ':optional:' needs an IF DROPPED line"),
    (":cut-to: 3\n", ":cut-to: 7\n", "':cut-to: 7' is longer than the step's 5 minutes"),
    ("Call 9 (6-12)", "Call 9 (10-12)", "the range must hold the phase's minutes, as in 'Call 5 (4-7)'"),
    ("DO\n: Put people in groups of four.", "DO\n: Put people in groups of four, in two minutes.",
     "the step's length changes with the kit's LENGTH, so its lines may not state minutes ('two minutes' in DO)"),
])
def test_what_a_step_declares_is_checked_with_file_and_line(tmp_path, capsys, old, new, message):
    src = declared_root(tmp_path)
    page = src / "sessions" / "renewal.md"
    page.write_text(page.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    status = run(src, "html", "--edition", "trainer")
    err = capsys.readouterr().err
    if message is None:
        assert status == 0, err
    else:
        assert status != 0 and re.search(r"sessions/renewal\.md:\d+: .*" + re.escape(message), err), err


def test_a_version_that_drops_a_role_play_prints_no_cards_for_it(tmp_path):
    src = declared_root(tmp_path)
    page = src / "sessions" / "renewal.md"
    text = page.read_text(encoding="utf-8").replace(
        ":activity: rp-renewal\n", ":activity: rp-renewal\n:optional: renewal\n", 1).replace(
        "IF RUNNING LATE\n: Play one round only.\n", "IF RUNNING LATE\n: Play one round only.\n\n"
        "IF DROPPED\n: Give the chapter as reading.\n", 1)
    page.write_text(text, encoding="utf-8")
    assert run(src, "html", "--edition", "trainer", "--sphinxopts=-D handbook_session_length=15") == 0
    out = src.parent / "b" / "trainer" / "html" / "sessions"
    guide = " ".join(BeautifulSoup((out / "renewal.html").read_text(encoding="utf-8"), "html.parser").get_text(" ").split())
    assert ("Role-play: the renewal call (30 min): Dropped from the 15-minute version. Give the chapter as reading."
            in guide)
    assert "plays the account manager" not in guide  # no rotation for a role-play that is not played
    # Under Activities, one line instead of the scenario, the briefs and the observer sheet.
    assert ("The renewal call, from The price increase: dropped from the 15-minute version, with its step in the "
            "script.") in guide
    assert not re.search(r"PUBLIC-SCENARIO|PRIVATE-(AM|OM|DIR|BG)-|PRIVATE-OBSERVER", guide), guide
    assert "PUBLIC-EXERCISE" in guide  # the activity the version still runs stays whole
    cards = " ".join(BeautifulSoup((out / "cards" / "renewal.html").read_text(encoding="utf-8"), "html.parser")
                     .get_text(" ").split())
    assert "This session runs no role-play, so it has no role cards." in cards and "PRIVATE-AM-ONE" not in cards
