"""TeX that cannot read, write or loop.

Every text that reaches LaTeX is escaped, so TeX code in a heading, a field or
a bibliography entry prints as text. Behind that, xelatex runs with kpathsea's
paranoid settings (``openin_any=p``, ``openout_any=p``), shell escape off, a
time limit per run and a page limit, so even TeX code that did reach it reads
no file of the machine, writes none outside its folder and stops; each refusal
names the document and the page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import require_programs
from handbook.publish import build as build_module
from handbook.__main__ import main

ROOTS = Path(__file__).parent / "roots"
READ_PASSWD = r"{\catcode95=12 \input{/etc/passwd}}"
LOOP = r"\def\x{\x}\x"


def _project(tmp_path: Path, heading: str) -> Path:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-handouts-latex", src)
    page = src / "handouts" / "new-clients.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "# Handout: Setting the pace with new clients", f"# Handout: new clients {heading}", 1), encoding="utf-8")
    chapter = src / "chapter.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + f"\n## A heading {heading}\n\nText.\n", encoding="utf-8")
    return src


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


@pytest.mark.parametrize("heading", [READ_PASSWD, LOOP, r"\immediate\openout1=x.tex \immediate\write1{hi}"])
def test_tex_code_in_a_handout_heading_prints_as_text_and_runs_nothing(heading, tmp_path, monkeypatch):
    require_programs("xelatex", "latexmk")
    monkeypatch.setenv("HANDBOOK_TEX_TIMEOUT", "120")  # were the heading to run, the loop would stop here
    src = _project(tmp_path, heading)
    status = main(["build", "handouts", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b")])
    assert status == 0
    text = _pdf_text(tmp_path / "b" / "handouts" / "handout-new-clients.pdf")
    assert "root:" not in text
    squeezed = "".join(text.split())
    assert "".join(heading.split()) in squeezed  # the heading, as written, on the page
    assert not (tmp_path / "b" / "handouts-latex" / "x.tex").exists()


def test_tex_code_in_a_bibliography_field_prints_as_text(tmp_path):
    require_programs("xelatex", "latexmk")
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinxcontrib.bibtex", "handbook.sphinxext"]\nhandbook_shape_checks = False\n'
        'bibtex_bibfiles = ["refs.bib"]\nlatex_engine = "xelatex"\nlatex_use_xindy = False\nproject = "Bib"\n'
        'latex_documents = [("index", "sales-practice-handbook.tex", "Bib", "Us", "howto")]\n', encoding="utf-8")
    (src / "refs.bib").write_text("@misc{post,\n  title = {Reading " + READ_PASSWD + "},\n  author = {Doe, Jane},\n}\n",
                                  encoding="utf-8")
    (src / "index.md").write_text("# Bib\n\nA claim {cite}`post`.\n\n```{bibliography}\n```\n", encoding="utf-8")
    status = main(["build", "pdf", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b")])
    assert status == 0
    pdf = next((tmp_path / "b" / "pdf").glob("*.pdf"))
    text = _pdf_text(pdf)
    assert "root:" not in text and "Reading" in text


# -- the TeX run itself: a document that got TeX code through ---------------------------------

DOCUMENT = r"""\documentclass{article}
\begin{document}
\label{\detokenize{handouts/evil::doc}}
Before.
%s
After.
\end{document}
"""


def _run(tmp_path: Path, body: str, capsys) -> tuple[Path | None, str]:
    latexdir = tmp_path / "latex"
    latexdir.mkdir()
    (latexdir / "python.ist").write_text("", encoding="utf-8")
    (latexdir / "evil.tex").write_text(DOCUMENT % body, encoding="utf-8")
    built = build_module.latexmk(latexdir, "evil.tex")
    return built, capsys.readouterr().err


def test_tex_reads_no_file_of_the_machine(tmp_path, capsys):
    require_programs("xelatex", "latexmk")
    built, err = _run(tmp_path, r"\input{/etc/passwd}", capsys)
    assert built is None
    assert "evil.tex (page handouts/evil) tries to read '/etc/passwd'" in err
    assert "openin_any=p" in err


def test_tex_writes_no_file_outside_its_folder(tmp_path, capsys):
    require_programs("xelatex", "latexmk")
    built, err = _run(tmp_path, r"\immediate\openout1=../written.txt \immediate\write1{x}\immediate\closeout1", capsys)
    assert built is None
    assert not (tmp_path / "written.txt").exists()
    assert "evil.tex (page handouts/evil) tries to write '../written.txt'" in err


def test_a_tex_loop_is_stopped_after_the_time_limit(tmp_path, capsys, monkeypatch):
    require_programs("xelatex", "latexmk")
    monkeypatch.setenv("HANDBOOK_TEX_TIMEOUT", "3")
    built, err = _run(tmp_path, LOOP, capsys)
    assert built is None
    assert "xelatex ran longer than 3 seconds on evil.tex" in err and "HANDBOOK_TEX_TIMEOUT" in err


def test_a_runaway_document_stops_at_the_page_limit(tmp_path, capsys, monkeypatch):
    require_programs("xelatex", "latexmk")
    monkeypatch.setenv("HANDBOOK_TEX_MAX_PAGES", "5")
    built, err = _run(tmp_path, r"\count255=0 \loop x\newpage \advance\count255 by 1 \ifnum\count255<40 \repeat",
                      capsys)
    assert built is None
    assert "evil.tex (page handouts/evil) runs past 5 pages" in err and "HANDBOOK_TEX_MAX_PAGES" in err
