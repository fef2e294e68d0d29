"""Messages, not tracebacks: inputs that used to crash a build now stop it (or pass)
with a line that says what is wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

from handbook.publish import build as build_module
from handbook.__main__ import main

ROOTS = Path(__file__).parent / "roots"
CONF = """extensions = ["myst_parser", "handbook.sphinxext"]
myst_enable_extensions = ["colon_fence"]
handbook_shape_checks = False
latex_engine = "xelatex"
latex_use_xindy = False
project = "Orphans"
latex_documents = [("index", "book.tex", "Orphans", "Us", "manual")]
"""


def test_a_template_on_an_orphan_page_is_listed_without_a_link_in_the_pdf(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.md").write_text("# Book\n\n```{toctree}\npractice\n```\n", encoding="utf-8")
    (src / "practice.md").write_text("# Templates\n\n:::{block-index} template\n:::\n", encoding="utf-8")
    (src / "loose.md").write_text("---\norphan: true\n---\n\n# A loose page\n\n:::{template} Kickoff email\n"
                                  "Hello, and welcome.\n:::\n", encoding="utf-8")
    paths = build_module.Paths(srcdir=src, confdir=src, builddir=tmp_path / "b")
    status = build_module.sphinx("latex", paths, ["-q"], outdir=tmp_path / "latex")
    err = capsys.readouterr().err
    assert status == 0, err
    assert "NoUri" not in err and "Traceback" not in err
    tex = (tmp_path / "latex" / "book.tex").read_text(encoding="utf-8")
    assert "Kickoff email" in tex and "A loose page" in tex  # the entry and where it comes from, as text
    # In HTML the orphan page exists, so the entry links to it.
    assert build_module.sphinx("html", paths) == 0
    assert 'href="loose.html#' in (tmp_path / "b" / "html" / "practice.html").read_text(encoding="utf-8")


def test_a_session_file_named_dots_is_refused_before_anything_is_written(tmp_path, capsys):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-kit", src)
    session = (src / "sessions" / "renewal.md").read_text(encoding="utf-8")
    (src / "sessions" / "...md").write_text(session.replace("(session-renewal)=", "(session-dots)="), encoding="utf-8")
    builddir = tmp_path / "b"
    status = main(["build", "slides", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(builddir)])
    err = capsys.readouterr().err
    assert status == 1
    assert "may hold only letters, digits" in err and "...md" in err and "Traceback" not in err
    assert not (builddir / "index.md").exists() and not (builddir / "slides").exists()
