"""Session kits: what each person may see, and what a trainer takes into the room.

The tiny project tests/roots/test-kit has a three-role role-play played in two
rounds (each role has a private brief per round), an observer sheet, an
exercise with a model answer, a trainer note, a session whose script runs
them, its role cards and its handout. Every private sentence carries a
``PRIVATE-`` sentinel; public ones ``PUBLIC-``.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import require_programs
from handbook.publish import build as build_module
from handbook.__main__ import main

ROOTS = Path(__file__).parent / "roots"
ROOT = Path(__file__).resolve().parent.parent
PRIVATE = re.compile(r"PRIVATE-[A-Z-]+")
BRIEFS = {("Account manager", 1): "PRIVATE-AM-ONE", ("Office manager", 1): "PRIVATE-OM-ONE",
          ("Director", 1): "PRIVATE-DIR-ONE", ("Account manager", 2): "PRIVATE-AM-TWO",
          ("Office manager", 2): "PRIVATE-OM-TWO", ("Director", 2): "PRIVATE-DIR-TWO"}


def copy_root(tmp: Path, name: str = "test-kit") -> Path:
    src = tmp / "src"
    shutil.copytree(ROOTS / name, src)
    return src


def run(src: Path, *args: str) -> int:
    return main(["build", *args, "--srcdir", str(src), "--confdir", str(src), "--builddir", str(src.parent / "b")])


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    src = copy_root(tmp_path_factory.mktemp("kit-editions"))
    for edition in ("participant", "trainer"):
        for target in ("html", "epub"):
            assert run(src, target, "--edition", edition) == 0
    return src.parent / "b"


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    require_programs("xelatex", "latexmk", "chromium")
    src = copy_root(tmp_path_factory.mktemp("kit-build"))
    assert run(src, "kit", "--group", "9") == 0
    return src.parent / "b"


def test_no_private_sentence_reaches_any_participant_file(editions):
    participant = editions / "html"
    assert not [p for p in (participant / "_sources").rglob("*") if p.is_file()]  # no Markdown sources
    leaks = []
    for path in sorted(participant.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.name == "objects.inv":
                import zlib
                data = zlib.decompress(data.split(b"\n", 4)[4])
            leaks += [f"{path.relative_to(participant)}: {m}" for m in set(PRIVATE.findall(data.decode("utf-8", "replace")))]
    with zipfile.ZipFile(next((editions / "epub").glob("*.epub"))) as epub:
        for name in epub.namelist():
            leaks += [f"epub {name}: {m}" for m in set(PRIVATE.findall(epub.read(name).decode("utf-8", "replace")))]
    assert leaks == []
    chapter = (participant / "chapter.html").read_text(encoding="utf-8")
    assert "PUBLIC-SCENARIO" in chapter and "PUBLIC-EXERCISE" in chapter


def test_the_trainer_edition_marks_each_private_brief_with_its_role(editions):
    soup = BeautifulSoup((editions / "trainer" / "html" / "chapter.html").read_text(encoding="utf-8"), "html.parser")
    briefs = {(div["data-role"], int(div["data-round"])): div.get_text(" ", strip=True)
              for div in soup.select("div.role-brief")}
    assert set(briefs) == set(BRIEFS)
    for key, sentinel in BRIEFS.items():
        assert sentinel in briefs[key] and [s for s in BRIEFS.values() if s in briefs[key]] == [sentinel]
    text = soup.get_text(" ", strip=True)
    assert "PRIVATE-OBSERVER" in text and "PRIVATE-MODEL-ANSWER" in text


def test_the_trainer_editions_handout_holds_no_trainer_material_either(editions):
    handout = (editions / "trainer" / "html" / "handouts" / "renewal.html").read_text(encoding="utf-8")
    assert PRIVATE.findall(handout) == [] and "PUBLIC-SCENARIO" in handout and "Your feedback" in handout


def test_the_script_is_timed_and_its_agenda_made_from_it(editions):
    soup = BeautifulSoup((editions / "trainer" / "html" / "sessions" / "renewal.html").read_text(encoding="utf-8"),
                         "html.parser")
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in soup.select("table.handbook-agenda tbody tr")]
    assert rows == [["0:00", "5", "Welcome"], ["0:05", "30", "Role-play: the renewal call"],
                    ["0:35", "10", "Exercise and close"], ["0:45", "", "End"]]
    titles = [p.get_text(strip=True) for p in soup.select("div.handbook-script-step > p.admonition-title")]
    assert titles == ["0:00 \u00b7 Welcome (5 min)", "0:05 \u00b7 Role-play: the renewal call (30 min)",
                      "0:35 \u00b7 Exercise and close (10 min)"]
    terms = [dt.get_text(strip=True) for dt in soup.select("div.handbook-script-step dl.handbook-script dt")]
    assert terms[:3] == ["SAY", "DO", "WATCH FOR"] and "IF RUNNING LATE" in terms


def test_make_kit_writes_its_files_and_the_deck_per_session_and_counts_for_the_group(kit):
    folder = kit / "kit" / "renewal"
    assert sorted(p.name for p in folder.iterdir()) == ["README.txt", "facilitator-guide.pdf", "handout.pdf",
                                                        "role-cards.pdf", "run-sheet.pdf", "slides", "slides.pdf",
                                                        "speaker-notes.pdf"]
    assert (folder / "slides" / "index.html").is_file() and (folder / "slides" / "_static" / "deck.js").is_file()
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    # 9 people in groups of four: two groups (one of five), never a group too small for the three roles.
    assert "What to print for 9 participants (two groups: one of five, one of four)" in readme
    assert re.search(r"handout\.pdf\s+9 copies", readme) and re.search(r"role-cards\.pdf\s+2 copies", readme)
    assert "on ONE SIDE of the paper only" in readme and "A set is 9 pages" in readme
    assert "never role-cards.pdf" in readme and "Cut" not in readme
    # The group of five has a second observer: the observer sheets once more.
    assert "print pages 8-9" in readme and "(2 more sheets for The renewal call)" in readme
    assert re.search(r"^\s+2\s+a set of role cards \(1 per group\)$", readme, re.M)
    assert "Account manager: pages 2, 5" in readme and "Director: pages 4, 7" in readme
    assert [p.name for p in (kit / "kit").iterdir()] == ["renewal"]  # no staging folder left behind


def test_each_role_card_holds_its_own_brief_and_no_other(kit):
    pages = pdf_pages(kit / "kit" / "renewal" / "role-cards.pdf")
    cards = [p for p in pages if "keep this card to yourself" in p]
    assert len(cards) == len(BRIEFS)
    for (role, number), sentinel in BRIEFS.items():
        [page] = [p for p in cards if f"{role}, round {number}: The renewal call" in p]
        assert sentinel in page and "PUBLIC-SCENARIO" in page
        assert [s for s in BRIEFS.values() if s in page] == [sentinel], page
        assert f"{role.upper()}, ROUND {number}: do not show this card" in page  # the band on top
    observer = [p for p in pages if "PRIVATE-OBSERVER" in p]  # a fresh sheet for each round's observer
    assert len(observer) == 2 and not [s for s in BRIEFS.values() if s in "".join(observer)]
    # Each round's sheet names that round's client and proposal (from the cards' backgrounds), no other.
    assert "PRIVATE-BG-ONE" in observer[0] and "PRIVATE-BG-TWO" not in observer[0]
    assert "PRIVATE-BG-TWO" in observer[1] and "OBSERVER, ROUND 2" in observer[1]
    assert len(pages) == 1 + len(cards) + len(observer)  # the cover with instructions, then one card a page
    assert "on one side of the paper only" in pages[0] and "A set is 8 cards" in pages[0]
    assert "Cut" not in pages[0]


def test_the_handout_and_facilitator_guide_hold_what_they_should(kit):
    handout = "\n".join(pdf_pages(kit / "kit" / "renewal" / "handout.pdf"))
    assert PRIVATE.findall(handout) == []
    assert "PUBLIC-SCENARIO" in handout and "Your feedback" in handout
    guide = "\n".join(pdf_pages(kit / "kit" / "renewal" / "facilitator-guide.pdf"))
    for sentinel in ("PRIVATE-SAY-WELCOME", "PRIVATE-WATCH", "PRIVATE-MODEL-ANSWER", "PRIVATE-DEBRIEF",
                     *BRIEFS.values()):
        assert sentinel in guide, sentinel
    assert guide.index("PRIVATE-SAY-WELCOME") < guide.index("PRIVATE-AM-ONE")  # the script first


def test_make_kit_without_tex_names_the_debian_packages(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(build_module, "missing_tex", lambda: ["xelatex", "latexmk"])
    src = copy_root(tmp_path)
    assert run(src, "kit") == 2
    err = capsys.readouterr().err
    assert "apt-get install latexmk texlive-xetex" in err and not (tmp_path / "b" / "kit").exists()


# -- bad input: each fails the strict build with file, line and what to fix ---------------------


BAD = {
    "no-scenario": ("chapter.md", "PUBLIC-SCENARIO: a reseller renews a client's licences next month at a higher\n"
                    "price, and the account manager calls the client's office.\n", "", 5, "role-play",
                    "the role-play has no scenario"),
    "missing-brief": ("chapter.md", ":::{role-brief} Director\n:round: 2\nGoal\n: No surprises next year. "
                      "PRIVATE-DIR-TWO\n:::\n", "", 5, "role-play", "role 'Director' has no brief for round 2"),
    "brief-outside": ("chapter.md", "## Exercise\n", "## Exercise\n\n:::{role-brief} Director\nLost.\n:::\n", 5,
                      "role-brief", "this block belongs inside a {role-play} block"),
    "unknown-activity": ("sessions/renewal.md", ":activity: ex-price-email", ":activity: ex-no-such-thing", 50,
                         "session", "the step 'Exercise and close' runs ':activity: ex-no-such-thing', but no block has that label"),
    "minutes": ("sessions/renewal.md", ":minutes: 45", ":minutes: 50", 4, "session",
                "the script's steps add up to 45 minutes (5 + 30 + 10), but the session is 50 minutes"),
    "observer-order": ("chapter.md", "- Did the account manager ask before explaining? PRIVATE-OBSERVER\n",
                       "- Step 2, ask: did they ask? PRIVATE-OBSERVER\n- Step 1, open: did they open?\n", 57,
                       "observer-sheet", "the observer sheet of 'The renewal call' names the steps in the order 2, "
                       "1; list them in the chapter's order (1, 2)"),
    "script-part": ("sessions/renewal.md", "WATCH FOR\n: People", "LOOK AT\n: People", 25, "script-step",
                    "'LOOK AT' is not a part of a script step"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_fails_with_file_and_line(case, tmp_path, capsys):
    page, old, new, line, kind, message = BAD[case]
    src = copy_root(tmp_path)
    path = src / page
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert run(src, "html", "--edition", "trainer") != 0
    err = capsys.readouterr().err
    pattern = rf"{re.escape(str(path))}:{line}: WARNING: {re.escape(kind)}: {re.escape(message)}.*\[handbook\.{kind}\]"
    assert re.search(pattern, err), err


def test_the_trainer_session_page_links_its_kit_files(kit):
    src = kit.parent / "src"
    assert run(src, "html", "--edition", "trainer") == 0
    page = kit / "trainer" / "html" / "sessions" / "renewal.html"
    links = [a["href"] for a in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
             .select(".handbook-kit-links a")]
    assert [Path(link).name for link in links] == ["facilitator-guide.pdf", "run-sheet.pdf", "handout.pdf",
                                                   "role-cards.pdf", "slides.pdf", "speaker-notes.pdf", "README.txt"]
    for link in links:
        assert (page.parent / link).resolve().is_file(), link


def test_the_facilitator_guide_is_marked_trainer_material_on_every_page_and_the_cards_are_not(kit):
    guide = pdf_pages(kit / "kit" / "renewal" / "facilitator-guide.pdf")
    assert all("Trainer edition: do not hand out" in page for page in guide)
    cards = pdf_pages(kit / "kit" / "renewal" / "role-cards.pdf")
    assert not [page for page in cards if "Trainer edition" in page]
    handout = pdf_pages(kit / "kit" / "renewal" / "handout.pdf")
    assert not [page for page in handout if "Trainer edition" in page]


def _build_fails(src: Path, capsys) -> str:
    assert run(src, "html", "--edition", "trainer") != 0
    return capsys.readouterr().err


def test_an_activitys_time_must_be_the_agendas(tmp_path, capsys):
    src = copy_root(tmp_path)
    chapter = src / "chapter.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(":minutes: 30\n:roles:", ":minutes: 24\n:roles:"),
                       encoding="utf-8")
    err = _build_fails(src, capsys)
    assert f"{src / 'sessions' / 'renewal.md'}:37: WARNING: session: the step 'Role-play: the renewal call' gives " \
           f"'rp-renewal' 30 minutes, but the block says 24 (chapter.md)" in err, err


GIVEAWAYS = {
    # The account manager's card hands over the office manager's secret.
    "secret": (("Goal\n: A smaller bill. PRIVATE-OM-ONE\n",
                "Goal\n: A smaller bill. PRIVATE-OM-ONE\n\nOnly you know\n: Your budget is frozen until the spring "
                "board meeting.\n"),
               ("Goal\n: Keep the account and the increase. PRIVATE-AM-ONE\n",
                "Goal\n: Keep the account and the increase. PRIVATE-AM-ONE\n\nIf they ...\n: - hesitate: ask whether "
                "the budget is frozen until the spring, and wait.\n"),
               "the Account manager's brief, round 1, of 'The renewal call' gives away \"budget is frozen until the "
               "spring\", which is in the Office manager's 'Only you know', round 1"),
    # The account manager's card hands over the answer key's strong move.
    "strong move": (("PRIVATE-DEBRIEF\n", "PRIVATE-DEBRIEF\n\nStrong: the account manager asks what the director "
                                         "needs to see in numbers before the renewal.\n"),
                    ("Goal\n: Keep the account with a two-year term. PRIVATE-AM-TWO\n",
                     "Goal\n: Keep the account with a two-year term. PRIVATE-AM-TWO\n\nIf they ...\n: - object: ask "
                     "what the director needs to see in numbers.\n"),
                    "the Account manager's brief, round 2, of 'The renewal call' gives away \"what the director needs to "
                    "see in numbers\", which is in the answer key's strong moves"),
}


@pytest.mark.parametrize("case", sorted(GIVEAWAYS))
def test_a_brief_that_gives_away_the_key_fails_naming_both(case, tmp_path, capsys):
    first, second, message = GIVEAWAYS[case]
    src = copy_root(tmp_path)
    chapter = src / "chapter.md"
    text = chapter.read_text(encoding="utf-8")
    for old, new in (first, second):
        assert old in text
        text = text.replace(old, new, 1)
    chapter.write_text(text, encoding="utf-8")
    err = _build_fails(src, capsys)
    assert re.search(rf"{re.escape(str(chapter))}:\d+: WARNING: role-brief: {re.escape(message)}.*"
                     rf"\[handbook\.role-brief\]", err), err


def test_the_handbooks_briefs_give_nothing_away(tmp_path):
    """The checks on the real role-plays and sessions: no brief gives away another's secret or a strong
    move, observer sheets in step order, every activity's time the agenda's."""
    assert run_handbook_dummy(tmp_path) == ""


def run_handbook_dummy(tmp_path: Path) -> str:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "sphinx", "-b", "dummy", "-q", "-c", str(ROOT), "-D",
                           "handbook_edition=trainer", str(ROOT / "docs"), str(tmp_path / "out"), "-d",
                           str(tmp_path / "doctrees")], capture_output=True, text=True, cwd=ROOT, timeout=600)
    return "\n".join(line for line in done.stderr.splitlines()
                     if "handbook.role-brief" in line or "handbook.observer-sheet" in line or "gives '" in line)


def test_the_guides_groups_are_the_readmes_for_every_number(editions):
    """One plan: the facilitator guide's table and README.txt's count agree for every group size."""
    soup = BeautifulSoup((editions / "trainer" / "html" / "sessions" / "renewal.html").read_text(encoding="utf-8"),
                         "html.parser")
    rows = {int(tds[0].get_text(strip=True)): tds[1].get_text(" ", strip=True)
            for tds in (tr.select("td") for tr in soup.select("table.handbook-group-plan tbody tr"))}
    assert sorted(rows) == list(range(8, 17))  # the session's 8-12, and four more for a bigger room
    assert rows[9] == "two groups: one of five, one of four" and "more than the session is written for" in rows[14]
    info = {"title": "The renewal call", "minutes": 45, "audience": "Account managers", "group_size": [8, 12],
            "group": 4, "room": "Tables", "materials": [], "role_plays": []}
    for people, text in rows.items():
        readme = build_module.kit_readme("renewal", info, people, "", "today")
        assert f"What to print for {people} participants ({text.split(' (more')[0]})" in readme


@pytest.mark.parametrize(("people", "sizes"), [(6, [3, 3]), (7, [4, 3]), (8, [4, 4]), (9, [3, 3, 3]),
                                               (10, [4, 3, 3]), (11, [4, 4, 3]), (12, [3, 3, 3, 3]),
                                               (14, [4, 4, 3, 3]), (16, [4, 3, 3, 3, 3])])
def test_groups_of_three_take_the_odd_people_into_groups_of_four(people, sizes):
    from handbook.sphinxext.room import group_plan

    assert group_plan(people, 3) == sizes


def test_the_readme_finds_each_role_plays_pages_in_a_set_of_two_role_plays():
    """role-cards.pdf holds page 1, every role-play's cards, then every role-play's observer sheets."""
    info = {"title": "Two plays", "minutes": 60, "audience": "Reps", "group_size": [6, 12], "group": 3,
            "room": "Tables", "materials": [],
            "role_plays": [{"title": "First", "roles": ["Rep", "Client"], "rounds": 2, "observer_sheets": 2},
                           {"title": "Second", "roles": ["Seller", "Buyer"], "rounds": 1, "observer_sheets": 1}]}
    readme = build_module.kit_readme("two", info, 7, "", "today", {"role-cards.pdf": 10})
    assert "What to print for 7 participants (two groups: one of four, one of three)" in readme
    assert "print pages 8-9" in readme and "(2 more sheets for First)" in readme
    assert "print page 10" in readme and "(1 more sheet for Second)" in readme
    for role, pages in (("Rep", "pages 2, 4"), ("Client", "pages 3, 5"), ("Seller", "page 6"), ("Buyer", "page 7")):
        assert f"    {role}: {pages}\n" in readme


def test_each_step_of_the_guide_says_which_slides_and_keys_go_with_it(editions):
    soup = BeautifulSoup((editions / "trainer" / "html" / "sessions" / "renewal.html").read_text(encoding="utf-8"),
                         "html.parser")
    rows = [p.get_text() for p in soup.select("div.handbook-script-step p.handbook-on-screen")]
    assert rows[0] == "On screen: the title, \u201cObjectives\u201d and \u201cAgenda\u201d slides, then the slide " \
                      "\u201cWelcome\u201d."
    assert rows[1].startswith("On screen: \u201cSet-up: The renewal call\u201d, then \u201cRound 1 of 2: The renewal "
                              "call\u201d to \u201cRound 2 of 2\u201d, one a round. T starts or pauses the timer, + and "
                              "- give the phase a minute more or less")
    assert rows[1].endswith("Then \u201cDebrief: The renewal call\u201d.")  # no debrief step of its own follows
    assert rows[2].startswith("On screen: \u201cSet-up: Rewrite the price email\u201d, then \u201cTimer: Rewrite the "
                              "price email\u201d.")
    assert len(rows) == 3


def test_the_guide_prints_the_rotation_and_says_what_the_people_left_out_of_the_main_part_do(editions):
    soup = BeautifulSoup((editions / "trainer" / "html" / "sessions" / "renewal.html").read_text(encoding="utf-8"),
                         "html.parser")
    rows = [[c.get_text(" ", strip=True) for c in tr.select("th, td")] for tr in soup.select("table.handbook-rotation tr")]
    assert rows == [
        ["Round", "Groups of 4", "Groups of 5"],
        ["1", "A plays the account manager, B the office manager, C the director, D observes.",
         "A plays the account manager, B the office manager, C the director, D and E observe."],
        ["2", "B plays the account manager, C the office manager, D the director, A observes.",
         "B plays the account manager, C the office manager, D the director, E and A observe."]]
    text = " ".join(soup.get_text(" ").split())
    # Two rounds for four people: C and D never play the account manager, and the guide says what they do.
    assert ("In a group of four, C never plays the account manager: there are fewer rounds than people. C plays "
            "the director in round 1, the office manager in round 2 and observes the other rounds") in text
    assert "In a group of five, E never plays the account manager" in text
    # Over the session's range the guide says what changes.
    assert "Over 12 people (3 groups or more) the session runs as written" in text


@pytest.mark.parametrize(("plays", "group", "expected"), [
    ([("P", ["Account manager", "Client"], 3)], 3, []),
    ([("P", ["Account manager", "Client"], 3)], 4, ["D"]),
    # Two role-plays: the second goes on where the first stopped, so D plays the seller.
    ([("R", ["Rep", "Client"], 3), ("D", ["Seller", "Buyer"], 3)], 4, []),
])
def test_who_never_plays_the_main_part_is_named(plays, group, expected):
    from handbook.sphinxext.room import left_out

    assert [line.split(", ")[1].split(" ")[0] for line in left_out(plays, group)] == expected


@pytest.mark.parametrize("people", range(6, 17))
def test_the_room_plan_has_a_cluster_per_group_and_a_chair_per_person(people):
    from handbook.sphinxext.room import group_plan, room_shapes, room_svg

    sizes = group_plan(people, 3)
    shapes, height = room_shapes(sizes, envelopes=1)
    svg = BeautifulSoup(room_svg(shapes, height), "html.parser")
    labels = [g.get_text(strip=True) for g in svg.select("g.cluster")]
    assert labels == [f"Group {n}" for n in range(1, len(sizes) + 1)]
    assert len([s for s in shapes if s[0] == "chair"]) == people
    assert f"{len(sizes)} envelopes" in svg.get_text(" ") and "Screen" in svg.get_text(" ")
    # Two role-plays: an envelope each per group.
    assert f"{2 * len(sizes)} envelopes" in room_svg(*room_shapes(sizes, envelopes=2))
    # Every shape is inside the drawing.
    assert all(0 <= s[1] <= 150 and 0 <= s[2] <= height for s in shapes if s[0] in ("chair", "table", "box"))


def test_the_guides_room_plan_is_drawn_for_the_kits_number_of_people(kit):
    # make kit GROUP=9, groups of four: one of five and one of four.
    text = " ".join(" ".join(p.split()) for p in pdf_pages(kit / "kit" / "renewal" / "facilitator-guide.pdf"))
    assert "The room for 9 people, two groups: one of five, one of four" in text
    assert "Group 1" in text and "Group 2" in text and "Group 3" not in text
