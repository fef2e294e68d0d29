"""A role-play needs its parts: an option given with an empty value
(``:roles:`` and nothing after it) is as missing as an option left out, and
every role needs a brief, so the strict build fails with a typed warning
naming the file and line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from handbook.__main__ import main

ROOTS = Path(__file__).parent / "roots"


def test_an_empty_required_part_fails_the_build_with_file_and_line(tmp_path, capsys):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-role-play-empty", src)
    status = main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b")])
    assert status != 0
    err = capsys.readouterr().err
    page = re.escape(str(src / "index.md"))
    warnings = re.findall(rf"^{page}:(\d+): WARNING: role-play: (.*) \[handbook\.role-play\]$", err, re.M)
    assert warnings == [("3", "the ':roles:' option is required"),
                        ("23", "role 'Buyer' has no brief for round 1; add a {role-brief} Buyer with ':round: 1'")], err
    assert len(re.findall("WARNING", err)) == 2, err  # the complete role-play passes

    html = BeautifulSoup((tmp_path / "b" / "html" / "index.html").read_text(encoding="utf-8"), "html.parser")
    shown = html.select("div.handbook-role-play")
    assert shown, "the complete role-play is missing from the page"
    for block in shown:  # nothing half-made reaches a reader
        assert all(dd.get_text(strip=True) for dd in block.select("dl.handbook-parts dd")), block
