"""python -m handbook check-print: each layout rule fails on a small seeded PDF or
LaTeX file, and the real book's PDFs pass (checked by make check, which runs it
on every PDF it builds)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import require_programs
from handbook.checks.layout import check_pdf, log_findings, tex_findings

PREAMBLE = r"""\documentclass[a4paper,11pt]{article}
\usepackage{fontspec}
\setmainfont{FreeSerif}\setsansfont{FreeSans}
\usepackage[margin=2.5cm]{geometry}
\pagestyle{empty}
\begin{document}
"""
FILLER = "This is ordinary body text of a page, long enough to wrap across the line a few times. " * 6


def compile_pdf(tmp_path: Path, body: str, name: str = "seeded") -> Path:
    require_programs("xelatex")
    tex = tmp_path / f"{name}.tex"
    tex.write_text(PREAMBLE + body + "\n\\end{document}\n", encoding="utf-8")
    done = subprocess.run(["xelatex", "-interaction=nonstopmode", "-halt-on-error", tex.name], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]
    return tmp_path / f"{name}.pdf"


def rules(findings) -> list[str]:
    return sorted({f.rule for f in findings})


def test_a_heading_at_the_foot_of_a_page_is_stranded(tmp_path):
    body = ("\n\n".join([FILLER] * 5) + "\n\n\\vspace*{\\fill}\n\\section*{\\sffamily Stranded heading}\nOne line only."
            "\n\\newpage\n" + FILLER)
    found = check_pdf(compile_pdf(tmp_path, body))
    assert [f.rule for f in found if f.page == 1] == ["stranded-heading"]
    assert "Stranded heading" in found[0].text


def test_a_page_with_a_few_words_is_near_empty(tmp_path):
    body = FILLER + "\n\\newpage\nA few lonely words.\n\\newpage\n" + FILLER
    found = check_pdf(compile_pdf(tmp_path, body))
    assert [(f.page, f.rule) for f in found] == [(2, "near-empty-page")]


def test_a_page_of_only_ruled_lines(tmp_path):
    lines = "\n".join(["\\vspace{1.6\\baselineskip}\\noindent\\rule{\\linewidth}{0.4pt}\\par"] * 12)
    body = FILLER + "\n\\newpage\n\\noindent Notes\\par\n" + lines + "\n\\newpage\n" + FILLER
    found = check_pdf(compile_pdf(tmp_path, body))
    assert [(f.page, f.rule) for f in found] == [(2, "lines-only-page")]


def test_a_label_alone_at_the_foot_of_a_page_names_the_file_and_page(tmp_path):
    body = ("\n\n".join([FILLER] * 5) + "\n\n\\vspace*{\\fill}\n\\noindent\\textbf{IF RUNNING LATE}\\par"
            "\n\\newpage\nSkip the question.\n\n" + FILLER)
    found = check_pdf(compile_pdf(tmp_path, body, name="guide"))
    assert [str(f) for f in found] == ["guide.pdf: page 1: label-at-foot: 'IF RUNNING LATE' ends the page; its text "
                                       "is on page 2"]


def test_text_run_into_the_page_number_or_past_the_edge_is_cut(tmp_path):
    pages = "\n\\newpage\n".join([FILLER] * 3)
    # Page 2: a box too long for its page runs into the foot, where the page number is printed.
    long_page = "\\enlargethispage{4cm}\n" + "\n\n".join([FILLER] * 15)
    past_edge = "\\noindent\\makebox[0pt][l]{\\hspace{14cm}Words beyond the right edge of the paper.}\\par"
    body = "\\pagestyle{plain}\n" + FILLER + "\n\\newpage\n" + long_page + "\n\\newpage\n" + past_edge + \
        "\n\n" + pages
    found = check_pdf(compile_pdf(tmp_path, body, name="cards"))
    cut = [(f.page, f.text) for f in found if f.rule == "cut-text"]
    assert [page for page, text in cut if "is in the foot of the page, where the page number goes" in text] == [2]
    assert [text for page, text in cut if text.startswith("'Words beyond")] == [
        "'Words beyond the right edge of the paper.' runs past the edge of the page"]
    assert 1 not in {page for page, _text in cut}  # a page that fits has no finding


def test_a_boxs_source_line_alone_on_top_of_a_page_is_a_leftover_fragment(tmp_path):
    # Page 1 ends with a box's text; its closing "From <chapter>" line is pushed to page 2.
    body = ("\n\n".join([FILLER] * 5) + "\n\n\\vspace*{\\fill}\n" + FILLER + "\n\\newpage\n"
            "\\noindent\\textit{From Parting ways well}\\par\n\n" + FILLER + "\n\\newpage\n"
            "\\noindent From the first week on, the client learns what to expect, and the body text of this "
            "page goes on across the whole line as a sentence does.\\par\n" + FILLER)
    found = check_pdf(compile_pdf(tmp_path, body, name="guide"))
    assert [str(f) for f in found] == ["guide.pdf: page 2: leftover-fragment: the page opens with 'From Parting "
                                       "ways well', the source line of the box on page 1: keep it with its box"]


def test_a_good_page_has_no_findings(tmp_path):
    body = "\\section*{\\sffamily A heading}\n\n" + "\n\n".join([FILLER] * 4)
    assert check_pdf(compile_pdf(tmp_path, body)) == []


def test_an_empty_box_title_and_a_title_missing_from_the_pdf():
    tex = ("\\begin{sphinxadmonition}{note}{}\ntext\\end{sphinxadmonition}\n"
           "\\begin{sphinxadmonition}{note}{Kickoff email}\ntext\\end{sphinxadmonition}\n"
           "\\begin{sphinxadmonition}{note}{Exit plan}\ntext\\end{sphinxadmonition}\n")
    found = tex_findings("book.pdf", tex, pdf_text="Kickoff email text text")
    assert [f.rule for f in found] == ["missing-title", "missing-title"]
    assert "empty title bar (LaTeX line 1)" in found[0].text and "'Exit plan'" in found[1].text


def test_an_empty_section_and_numbered_back_matter():
    tex = ("\\chapter{Train your clients}\nText.\n\\section{Warning signs}\nSigns.\n"
           "\\section{Sources}\n\\label{\\detokenize{a:sources}}\n\\chapter{Glossary}\nTerms.\n"
           "\\setcounter{secnumdepth}{-1}\n\\chapter{Sources}\nList.\n")
    found = tex_findings("book.pdf", tex)
    assert [(f.rule, f.text) for f in found] == [
        ("empty-section", "'Sources' has nothing under it"),
        ("numbered-back-matter", "'Glossary' is numbered like a chapter"),
    ]


def test_an_overfull_line_wider_than_five_points():
    log = ("Overfull \\hbox (2.1pt too wide) in paragraph at lines 10--12\n"
           "Overfull \\hbox (12.5pt too wide) in paragraph at lines 40--41\n")
    found = log_findings("book.pdf", log)
    assert [f.text for f in found] == ["a line 12.5 pt too wide (LaTeX line 40)"]


@pytest.mark.parametrize("fixture", ["handbook_pdf"])
def test_the_real_book_passes(fixture, request):
    pdf = request.getfixturevalue(fixture)
    assert [str(f) for f in check_pdf(pdf)] == []


def test_proof_sheets_show_every_page(tmp_path):
    from PIL import Image

    from handbook.publish.proof import run_proof

    require_programs("pdftoppm")
    pdf = compile_pdf(tmp_path, "\n\\newpage\n".join([FILLER] * 14))
    builddir = tmp_path / "build"
    (builddir / "pdf").mkdir(parents=True)
    pdf.rename(builddir / "pdf" / "book.pdf")
    assert run_proof(builddir) == 0
    sheets = sorted((builddir / "proof").glob("*.png"))
    assert [s.name for s in sheets] == ["pdf-book-sheet-1.png", "pdf-book-sheet-2.png"]  # 12 pages a sheet
    with Image.open(sheets[0]) as first:
        assert first.width > 4 * 200 and first.height > 3 * 300
