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
from handbook import build as build_module
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


def test_make_kit_writes_six_files_per_session_and_counts_for_the_group(kit):
    folder = kit / "kit" / "renewal"
    assert sorted(p.name for p in folder.iterdir()) == ["README.txt", "facilitator-guide.pdf", "handout.pdf",
                                                        "role-cards.pdf", "slides.pdf", "speaker-notes.pdf"]
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert "What to print for 9 participants (3 group(s))" in readme
    assert re.search(r"handout\.pdf\s+9 copies", readme) and re.search(r"role-cards\.pdf\s+3 copies", readme)
    assert "8 pages a set: The renewal call: 3 roles x 2 round(s) + 2 observer sheet(s)" in readme
    assert re.search(r"^\s+3\s+a set of role cards \(1 per group\)$", readme, re.M)
    assert [p.name for p in (kit / "kit").iterdir()] == ["renewal"]  # no staging folder left behind


def test_each_role_card_holds_its_own_brief_and_no_other(kit):
    pages = pdf_pages(kit / "kit" / "renewal" / "role-cards.pdf")
    cards = [p for p in pages if "keep this card to yourself" in p]
    assert len(cards) == len(BRIEFS)
    for (role, number), sentinel in BRIEFS.items():
        [page] = [p for p in cards if f"{role}, round {number}: The renewal call" in p]
        assert sentinel in page and "PUBLIC-SCENARIO" in page
        assert [s for s in BRIEFS.values() if s in page] == [sentinel], page
    observer = [p for p in pages if "PRIVATE-OBSERVER" in p]  # a fresh sheet for each round's observer
    assert len(observer) == 2 and not [s for s in BRIEFS.values() if s in "".join(observer)]
    assert len(pages) == 1 + len(cards) + len(observer)  # the cover with instructions, then one card a page
    assert "Print one set per group: 8 cards" in pages[0]


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
    "unknown-activity": ("sessions/renewal.md", ":activity: ex-price-email", ":activity: ex-no-such-thing", 47,
                         "session", "the step 'Exercise and close' runs ':activity: ex-no-such-thing', but no block has that label"),
    "minutes": ("sessions/renewal.md", ":minutes: 45", ":minutes: 50", 4, "session",
                "the script's steps add up to 45 minutes (5 + 30 + 10), but the session is 50 minutes"),
    "script-part": ("sessions/renewal.md", "WATCH FOR\n: People", "LOOK AT\n: People", 22, "script-step",
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
    assert [Path(link).name for link in links] == ["facilitator-guide.pdf", "handout.pdf", "role-cards.pdf",
                                                   "slides.pdf", "speaker-notes.pdf", "README.txt"]
    for link in links:
        assert (page.parent / link).resolve().is_file(), link


def test_the_facilitator_guide_is_marked_trainer_material_on_every_page_and_the_cards_are_not(kit):
    guide = pdf_pages(kit / "kit" / "renewal" / "facilitator-guide.pdf")
    assert all("Trainer edition: do not hand out" in page for page in guide)
    cards = pdf_pages(kit / "kit" / "renewal" / "role-cards.pdf")
    assert not [page for page in cards if "Trainer edition" in page]
    handout = pdf_pages(kit / "kit" / "renewal" / "handout.pdf")
    assert not [page for page in handout if "Trainer edition" in page]
