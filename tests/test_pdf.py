"""The real handbook as a PDF (xelatex through latexmk): what a trainer prints."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, TEX, Build, require_programs
from handbook.publish import build
from handbook.__main__ import main
from handbook.publish.build import Paths

CHAPTER_TITLES = [
    "Train your clients", "Talk straight with your clients", "When your advice is declined", "Parting ways well",
    "Learn from colleagues who have been there", "Your existing clients are your best pipeline",
    "Guide your team, don\u2019t decide for it",
]


@pytest.fixture(scope="module")
def reader(handbook_pdf) -> PdfReader:
    return PdfReader(handbook_pdf)


@pytest.fixture(scope="module")
def pdf_pages(reader) -> list[str]:
    return [p.extract_text() or "" for p in reader.pages]


def normal(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


def test_cover_shows_title_edition_and_date(pdf_pages):
    cover = pdf_pages[0]
    assert "The Sales-Practice Handbook" in cover and "Participant edition" in cover
    assert re.search(r"(January|February|March|April|May|June|July|August|September|October|November|December) "
                     r"\d{1,2}, \d{4}", cover)


def test_contents_list_parts_and_every_chapter(pdf_pages):
    contents = next(i for i, text in enumerate(pdf_pages[:5]) if "CONTENTS" in text.upper())
    text = normal(" ".join(pdf_pages[contents:contents + 2]))
    for part in ("Start right", "When clients push back or leave", "Team and leadership"):
        assert part in text
    for number, title in enumerate(CHAPTER_TITLES, start=1):
        assert re.search(rf"{number} {re.escape(normal(title))} \d+", text), title


def test_every_chapter_opens_in_the_body(pdf_pages):
    body = [normal(text).upper() for text in pdf_pages[4:]]
    for title in CHAPTER_TITLES:
        assert any(normal(title).upper() in text and "IN A HURRY" in text for text in body), title


def test_page_count_is_sane(reader):
    assert 30 <= len(reader.pages) <= 200


def test_no_unresolved_references_in_print(pdf_pages):
    assert not [i + 1 for i, text in enumerate(pdf_pages) if "??" in text]


def test_cross_references_carry_chapter_numbers_and_pages(pdf_pages):
    joined = normal(" ".join(pdf_pages))
    assert re.search(r"Chapter 4, Parting ways well \(page \d+\)", joined)
    assert re.search(r"Train your clients \(page \d+\)", joined)


def test_bookmarks_hold_parts_and_chapters(reader):
    def titles(outline):
        for item in outline:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title
    marks = [re.sub(r"^[IVX]+ ", "", normal(t)) for t in titles(reader.outline)]  # "I Start right"
    for title in ["Start right", "When clients push back or leave", "Team and leadership", *CHAPTER_TITLES]:
        assert normal(title) in marks, title


def test_metadata_names_title_author_subject(reader):
    info = reader.metadata
    assert info.title == "The Sales-Practice Handbook"
    assert info.author == "The handbook team"
    assert "client relationships" in info.subject


def test_every_font_is_embedded(reader):
    unembedded = set()
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                unembedded.add(str(font.get("/BaseFont")))
    assert not unembedded


def document_class(tex: Path) -> str:
    return re.search(r"^\\documentclass\[([^]]*)\]", tex.read_text(encoding="utf-8"), re.M)[1]


def test_paper_is_a4_by_default(reader, handbook_pdf):
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    # The paper is a class option: what the letter test below reads.
    assert "a4paper" in document_class(handbook_pdf.parent.parent / "latex" / "sales-practice-handbook.tex")


def test_paper_letter_on_request(tmp_path):
    # Only the LaTeX source: the A4 test above shows the class option sets the page.
    paths = Paths(srcdir=ROOT / "docs", confdir=ROOT, builddir=tmp_path, paper="letter")
    assert build.sphinx("latex", paths, ["-q"], outdir=tmp_path / "latex") == 0
    options = document_class(tmp_path / "latex" / "sales-practice-handbook.tex").split(",")
    assert "letterpaper" in options and "a4paper" not in options


def test_templates_print_whole_lines_without_wrap_marks(pdf_pages):
    joined = "\n".join(pdf_pages)
    assert "Subject: How we will work together" in joined
    assert "\u21aa" not in joined and ",\u2192" not in joined


def test_checklists_print_tick_boxes(handbook_pdf):
    tex = (handbook_pdf.parent.parent / "latex" / "sales-practice-handbook.tex").read_text(encoding="utf-8")
    assert tex.count(r"\renewcommand{\labelitemi}{$\square$}") >= 4
    assert re.search(r"\\handbooknotes\[Notes\]\{8\}", tex)  # room to write after the written exercises


# -- handouts ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def handouts(handbook_handouts) -> dict[str, list[str]]:
    return {p.name: [page.extract_text() or "" for page in PdfReader(p).pages]
            for p in sorted(handbook_handouts.glob("*.pdf"))}


def test_one_short_handout_per_session(handouts):
    sessions = sorted(p.stem for p in (ROOT / "docs" / "sessions").glob("*.md") if p.stem != "index")
    assert sorted(handouts) == [f"handout-{name}.pdf" for name in sessions]
    for name, pages in handouts.items():
        assert 2 <= len(pages) <= 10, f"{name} has {len(pages)} pages"


def test_handouts_hold_key_ideas_exercises_templates_and_notes_but_no_trainer_notes(handouts):
    trainer_notes = [m.group(1) for m in re.finditer(r":::\{trainer-note\}[^\n]*\n(?::name:[^\n]*\n)?([^\n]{30,60})",
                     "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md")))]
    assert trainer_notes
    for name, pages in handouts.items():
        text = normal(" ".join(pages))
        for part in ("Key ideas", "Key takeaways", "Exercises", "Templates and checklists", "Notes", "From "):
            assert part in text, f"{name}: no {part!r}"
        for note in trainer_notes:
            assert normal(note)[:40] not in text, f"{name} holds a trainer note: {note!r}"


# -- characters ------------------------------------------------------------------------------


def _unicode_project(tmp_path: Path, extra: str = "") -> Path:
    src = tmp_path / "src"
    shutil.copytree(Path(__file__).parent / "roots" / "test-unicode", src)
    if extra:
        with (src / "index.md").open("a", encoding="utf-8") as handle:
            handle.write(extra)
    return src


def _unicode_pdf(folder: Path) -> list[list[str]]:
    src = _unicode_project(folder)
    return [["build", "pdf", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(folder / "b")]]


#: Built in the background while other tests run (conftest.Background).
BACKGROUND_BUILDS = {"unicode_pdf": Build(_unicode_pdf, TEX)}


@pytest.fixture(scope="module")
def unicode_pdf(background) -> Path:
    return background.get("unicode_pdf") / "b" / "pdf" / "sales-practice-handbook.pdf"


def test_characters_from_blog_posts_print(unicode_pdf):
    reader = PdfReader(unicode_pdf)
    # Words, not line breaks: where a line wraps depends on the paper.
    text = " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
    for expected in ("\u201cCurly quotes\u201d", "en dash \u2013 an em dash \u2014", "ellipsis\u2026",
                     "Zo\u00eb Bront\u00eb", "Jos\u00e9 N\u00fa\u00f1ez", "\u0141ukasz", "S\u00f8ren"):
        assert expected in text, expected
    fonts = {str(ref.get_object().get("/BaseFont")) for page in reader.pages
             for ref in ((page.get("/Resources") or {}).get("/Font") or {}).values()}
    assert any("Symbola" in font for font in fonts), f"the emoji was not set in Symbola: {fonts}"


def test_a_character_no_font_has_fails_the_build_naming_the_page(tmp_path, capsys):
    require_programs("xelatex", "latexmk")
    src = _unicode_project(tmp_path, "\nA hieroglyph no font here has: \U00013000.\n")
    assert main(["build", "pdf", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b")]) == 1
    err = capsys.readouterr().err
    assert "error: no font has '\U00013000' (U+13000) on page index" in err
    assert not (tmp_path / "b" / "pdf").exists()
