"""The handouts' LaTeX: built with ``-D handbook_latex_handouts=1`` (what
``make handouts`` runs), every page in ``handouts/`` becomes a short
``howto`` document, ``handout-<name>.tex``, titled with the session's title,
with no contents page and no index; the book itself is not written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from handbook.publish.build import Paths, sphinx

ROOTS = Path(__file__).parent / "roots"

#: handout file -> the title of its page (its first heading)
HANDOUTS = {
    "handout-new-clients.tex": "Handout: Setting the pace with new clients",
    "handout-reply-times.tex": "Handout: Reply times that last",
}


def build_latex(tmp_path: Path, *options: str) -> Path:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-handouts-latex", src)
    out = tmp_path / "latex"
    status = sphinx("latex", Paths(srcdir=src, confdir=src, builddir=tmp_path / "b"), ["-q", *options], outdir=out)
    assert status == 0, "the strict LaTeX build failed; see the captured output"
    return out


@pytest.fixture
def handouts(tmp_path) -> Path:
    return build_latex(tmp_path, "-D", "handbook_latex_handouts=1")


def test_one_handout_per_page_in_the_handouts_folder_and_no_book(handouts):
    assert sorted(p.name for p in handouts.glob("*.tex")) == sorted(HANDOUTS)


@pytest.mark.parametrize("name", sorted(HANDOUTS))
def test_each_handout_is_a_short_howto_with_the_session_title(handouts, name):
    tex = (handouts / name).read_text(encoding="utf-8")
    assert re.findall(r"^\\documentclass\[[^\]]*\]\{(\w+)\}", tex, re.M) == ["sphinxhowto"]
    assert re.findall(r"^\\title\{(.*)\}$", tex, re.M) == [HANDOUTS[name]]
    body = tex[tex.index(r"\begin{document}"):]
    assert r"\maketitle" in body and r"\begin{titlepage}" not in body  # a title, not the book's cover page
    for absent in (r"\sphinxtableofcontents", r"\tableofcontents", r"\printindex", r"\sphinxprintindex"):
        assert absent not in body, f"{name} has {absent}"
    # Its sections are top-level sections, and it holds its own page only.
    assert r"\chapter{" not in body and r"\section{" in body
    pages = set(re.findall(r"\\label\{\\detokenize\{([^}]+)::doc\}\}", body))
    assert pages == {f"handouts/{name.removeprefix('handout-').removesuffix('.tex')}"}


def test_without_the_option_the_book_is_a_manual_with_contents_and_index(tmp_path):
    # The contrast that makes the checks above mean something.
    out = build_latex(tmp_path)
    [book] = out.glob("*.tex")
    assert not book.name.startswith("handout-")
    tex = book.read_text(encoding="utf-8")
    assert "{sphinxmanual}" in tex and r"\sphinxtableofcontents" in tex and r"\printindex" in tex
