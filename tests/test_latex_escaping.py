"""A project name, author or subject holding TeX's special characters
(``_ & % #``) reaches the PDF's cover and metadata as written: the handbook
escapes them in the cover page and in ``\\hypersetup``, so xelatex compiles
the book and the PDF shows the names unchanged."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from conftest import require_programs
from handbook.publish.build import latexmk

TITLE = "Tom_&_Jerry 100% #1"
AUTHOR = "R&D_Team 50% #2"
SUBJECT = "Price & scope_50% #3"
NAMES = {"project": TITLE, "author": AUTHOR, "handbook_pdf_subject": SUBJECT}


def tex_escaped(text: str) -> str:
    return re.sub(r"([_&%#])", r"\\\1", text)


def the_tex(app):
    [tex] = app.outdir.glob("*.tex")
    return tex


@pytest.mark.sphinx("latex", testroot="latex-escaping", freshenv=True, confoverrides=NAMES)
def test_cover_and_pdf_metadata_escape_special_characters(app):
    app.build()
    assert app.warning.getvalue() == ""
    tex = the_tex(app).read_text(encoding="utf-8")
    hypersetup = re.findall(r"^\\hypersetup\{pdftitle=.*$", tex, re.M)
    assert hypersetup == [
        rf"\hypersetup{{pdftitle={{{tex_escaped(TITLE)}}}, pdfauthor={{{tex_escaped(AUTHOR)}}}, "
        rf"pdfsubject={{{tex_escaped(SUBJECT)}}}, pdfkeywords={{}}}}"
    ]
    cover = tex[tex.index(r"\begin{titlepage}"):tex.index(r"\end{titlepage}")]
    for name in NAMES.values():
        assert tex_escaped(name) in cover, name
    # No special character is left bare anywhere in the cover or the metadata.
    for line in [*hypersetup, *cover.splitlines()]:
        assert not re.search(r"(?<!\\)[_&#]|(?<!\\)%(?!$)", line), line


@pytest.mark.sphinx("latex", testroot="latex-escaping", freshenv=True, confoverrides=NAMES)
def test_xelatex_compiles_the_cover_and_the_pdf_shows_the_names(app):
    require_programs("xelatex", "latexmk")
    app.build()
    tex = the_tex(app)
    pdf = latexmk(app.outdir, tex.name)
    assert pdf is not None, (tex.parent / f"{tex.stem}.latexmk-output.log").read_text(encoding="utf-8")[-3000:]
    reader = PdfReader(pdf)
    info = reader.metadata
    assert (info.title, info.author, info.subject) == (TITLE, AUTHOR, SUBJECT)
    cover = reader.pages[0].extract_text()
    for name in NAMES.values():
        assert name in cover, f"{name!r} is not on the cover: {cover!r}"



CARET_NAMES = {"project": r"Q^A: 2^10 tips \ tricks", "author": r"Ops\Sales"}


@pytest.mark.sphinx("latex", testroot="latex-escaping", freshenv=True, confoverrides=CARET_NAMES)
def test_caret_and_backslash_in_the_project_and_author_compile(app):
    require_programs("xelatex", "latexmk")
    app.build()
    tex = app.outdir / app.config.latex_documents[0][1]  # the outdir is shared with the tests above
    pdf = latexmk(app.outdir, tex.name)
    assert pdf is not None
    info = PdfReader(pdf).metadata
    assert (info.title, info.author) == (CARET_NAMES["project"], CARET_NAMES["author"])
