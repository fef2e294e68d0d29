"""Every chapter links to other chapters under "Related chapters". Links to
the chapter itself (its label, a section of it, the page) are no related
chapter: a chapter with only those fails the strict build with a
``handbook.shape`` warning at its title."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from handbook.__main__ import main

ROOTS = Path(__file__).parent / "roots"


def test_a_chapter_linking_only_to_itself_has_no_related_chapters(tmp_path, capsys):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-self-link", src)
    status = main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b")])
    assert status != 0
    err = capsys.readouterr().err
    warnings = re.findall(rf"^{re.escape(str(src))}/(\S+):(\d+): WARNING: (.*?) \[([\w.-]+)\]$", err, re.M)
    assert [(file, line, kind) for file, line, _, kind in warnings] == [("inward.md", "10", "handbook.shape")], err
    message = warnings[0][2]  # at the chapter's title, saying what to do
    assert message.startswith("shape: chapter links to 0 other chapter(s); link at least 1 under 'Related chapters'")
    # The self-links do work for a reader; they just are not related chapters.
    page = (tmp_path / "b" / "html" / "inward.html").read_text(encoding="utf-8")
    assert 'href="#inward-steps"' in page
