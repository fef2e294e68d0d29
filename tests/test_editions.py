"""The two editions of the real handbook. Nothing trainer-only may reach a
participant: the handbook is copied, sentinel text is put in a trainer note,
in a trainer note's label and on a trainer-only page, both editions are built
(HTML, EPUB, PDF), and every participant output is searched for it."""

from __future__ import annotations

import shutil
import zipfile
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import ROOT, TEX, Build

SENTINELS = ("SENTINELNOTEBODY", "sentinel-note-label", "SENTINELPAGETITLE", "SENTINELPAGEBODY", "SENTINELHEADING")


def write_sentinel_docs(folder: Path) -> Path:
    """A copy of docs/ with sentinel text in a trainer note, its label and a trainer-only page."""
    src = folder / "docs"
    shutil.copytree(ROOT / "docs", src)
    chapter = src / "start-right" / "train-your-clients.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("## Discussion questions", (
        ":::{trainer-note} SENTINELHEADING\n:name: sentinel-note-label\nSay SENTINELNOTEBODY to the room.\n:::\n\n"
        "## Discussion questions")), encoding="utf-8")
    (src / "sessions" / "sentinel.md").write_text(
        "# SENTINELPAGETITLE\n\n## SENTINELHEADING\n\nSENTINELPAGEBODY for trainers only.\n", encoding="utf-8")
    index = src / "sessions" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("leading-the-team\n", "leading-the-team\nsentinel\n"),
                     encoding="utf-8")
    return src


EDITIONS = ("participant", "trainer")


def sentinel_build(edition: str, *targets: str) -> Build:
    def commands(folder: Path) -> list[list[str]]:
        src = write_sentinel_docs(folder)
        return [["build", target, "--srcdir", str(src), "--confdir", str(ROOT), "--builddir", str(folder / "out"),
                 "--edition", edition] for target in targets]
    return Build(commands, TEX if "pdf" in targets else ())


#: Built in the background while other tests run (conftest.Background), one
#: build per edition so that the two editions are built side by side.
BACKGROUND_BUILDS = {
    **{f"{edition}_sentinel_site": sentinel_build(edition, "html", "epub") for edition in EDITIONS},
    **{f"{edition}_sentinel_pdf": sentinel_build(edition, "pdf") for edition in EDITIONS},
}


def edition_root(background, name: str, edition: str) -> Path:
    """Where the edition's outputs are (html/, epub/, pdf/, latex/)."""
    out = background.get(name) / "out"
    return out if edition == "participant" else out / edition


@pytest.fixture(scope="module")
def participant_sentinel_site(background) -> Path:
    return edition_root(background, "participant_sentinel_site", "participant")


@pytest.fixture(scope="module")
def trainer_sentinel_site(background) -> Path:
    return edition_root(background, "trainer_sentinel_site", "trainer")


@pytest.fixture(scope="module")
def participant_sentinel_pdf(background) -> Path:
    return edition_root(background, "participant_sentinel_pdf", "participant")


@pytest.fixture(scope="module")
def trainer_sentinel_pdf(background) -> Path:
    return edition_root(background, "trainer_sentinel_pdf", "trainer")


@pytest.fixture(scope="module")
def editions(participant_sentinel_site, trainer_sentinel_site) -> dict[str, Path]:
    return {"participant": participant_sentinel_site, "trainer": trainer_sentinel_site}


@pytest.fixture(scope="module")
def edition_pdfs(participant_sentinel_pdf, trainer_sentinel_pdf) -> dict[str, Path]:
    return {"participant": participant_sentinel_pdf, "trainer": trainer_sentinel_pdf}


def texts_of_site(html: Path):
    for path in html.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.name == "objects.inv":
            head, _, compressed = data.partition(b"zlib.\n")
            data = head + zlib.decompress(compressed)
        yield path, data.decode("utf-8", errors="replace")


def test_trainer_edition_has_the_sentinels(editions):
    trainer = "\n".join(text for _, text in texts_of_site(editions["trainer"] / "html"))
    for sentinel in SENTINELS:
        assert sentinel in trainer, f"the test is void: {sentinel} not in the trainer edition"


def test_no_participant_html_file_holds_trainer_only_material(editions):
    html = editions["participant"] / "html"
    for path, text in texts_of_site(html):
        for sentinel in SENTINELS:
            assert sentinel not in text, f"{sentinel} leaked into {path.relative_to(html)}"
    assert not (html / "sessions").exists()


def test_participant_navigation_and_search_never_mention_sessions(editions):
    html = editions["participant"] / "html"
    index = BeautifulSoup((html / "index.html").read_text(encoding="utf-8"), "html.parser")
    captions = [c.get_text(strip=True) for c in index.select(".sidebar-tree .caption")]
    assert "For trainers" not in captions
    search = (html / "searchindex.js").read_text(encoding="utf-8")
    for trainer_only in ("sessions/", "Session 1", "session-new-clients", "tn-first-month-reset"):
        assert trainer_only not in search, trainer_only
    trainer = editions["trainer"] / "html"
    trainer_index = BeautifulSoup((trainer / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "For trainers" in [c.get_text(strip=True) for c in trainer_index.select(".sidebar-tree .caption")]


def test_participant_epub_holds_no_trainer_only_material(editions):
    [epub] = (editions["participant"] / "epub").glob("*.epub")
    with zipfile.ZipFile(epub) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8", errors="replace")
            for sentinel in SENTINELS:
                assert sentinel not in text, f"{sentinel} leaked into {name} of the EPUB"
    [trainer_epub] = (editions["trainer"] / "epub").glob("*.epub")
    with zipfile.ZipFile(trainer_epub) as archive:
        assert any("SENTINELPAGEBODY" in archive.read(n).decode("utf-8", "replace") for n in archive.namelist())


def test_participant_pdf_holds_no_trainer_only_material(edition_pdfs):
    texts = {}
    for edition, root in edition_pdfs.items():
        reader = PdfReader(root / "pdf" / "sales-practice-handbook.pdf")
        texts[edition] = "\n".join(page.extract_text() or "" for page in reader.pages)
        tex = (root / "latex" / "sales-practice-handbook.tex").read_text(encoding="utf-8")
        texts[edition + "-tex"] = tex
    for sentinel in ("SENTINELNOTEBODY", "SENTINELPAGETITLE", "SENTINELPAGEBODY", "SENTINELHEADING"):
        assert sentinel in texts["trainer"], f"the test is void: {sentinel} not in the trainer PDF"
        assert sentinel not in texts["participant"], f"{sentinel} leaked into the participant PDF"
    assert "sentinel-note-label" not in texts["participant-tex"]
    assert "Participant edition" in texts["participant"] and "Trainer edition" in texts["trainer"]


# -- the trainer edition's sessions ----------------------------------------------------------


@pytest.fixture(scope="module")
def trainer_html(editions) -> Path:
    return editions["trainer"] / "html"


def session_pages(trainer_html: Path) -> list[Path]:
    return sorted(p for p in (trainer_html / "sessions").glob("*.html") if p.name not in {"index.html",
                                                                                             "sentinel.html"})


def test_at_least_three_sessions_of_60_to_90_minutes_whose_agendas_add_up(trainer_html):
    pages = session_pages(trainer_html)
    assert len(pages) >= 3
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in
                soup.select("table.handbook-agenda tbody tr")]
        minutes = sum(int(row[1]) for row in rows if row[1])
        hours, mins = rows[-1][0].split(":")
        assert rows[-1][2] == "End" and minutes == int(hours) * 60 + int(mins), page.name
        assert 60 <= minutes <= 90, f"{page.name} runs {minutes} minutes"


def test_each_session_has_its_parts_and_pulls_in_exercises_with_debrief_notes(trainer_html):
    for page in session_pages(trainer_html):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        headings = [h.get_text(strip=True).rstrip("¶") for h in soup.select("article h2")]
        for part in ("Objectives", "The day before", "Agenda", "Script", "Activities", "Debrief questions",
                     "What participants take home"):
            assert part in headings, f"{page.name}: no {part}"
        article = soup.select_one("article")
        # The facilitator script: a header, timed steps that say what to SAY and DO, private briefs.
        assert article.select("div.handbook-session dl.handbook-parts")
        steps = article.select("div.handbook-script-step")
        assert steps and all(s.select("dt.handbook-script-say") and s.select("dt.handbook-script-do") for s in steps)
        assert article.select("div.role-brief[data-role]") or "exercise" in page.name
        assert article.select("div.handbook-pulled.handbook-exercise, div.handbook-pulled.handbook-role-play")
        assert article.select("div.handbook-pulled.handbook-trainer-note")
        for block in article.select("div.handbook-pulled"):
            source = block.select_one("p.handbook-from a")
            assert source is not None and (page.parent / source["href"]).resolve().is_file()
