"""The strict build (-n -W --keep-going) fails on a broken cross-reference,
names the file and line, and keeps failing until the mistake is fixed."""

from __future__ import annotations

import shutil
from pathlib import Path

from handbook.__main__ import main

ROOTS = Path(__file__).parent / "roots"


def copy_root(name: str, tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / f"test-{name}", src)
    return src


def build(src: Path, builddir: Path) -> int:
    return main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(builddir)])


def test_broken_reference_fails_with_file_and_line(tmp_path, capsys):
    src = copy_root("broken-xref", tmp_path)
    assert build(src, tmp_path / "out") != 0
    err = capsys.readouterr().err
    assert f"{src / 'index.md'}:5: WARNING: undefined label: 'no-such-label'" in err
    assert "error: the html build failed" in err


def test_failed_build_fails_again_instead_of_passing_on_stale_state(tmp_path, capsys):
    src = copy_root("broken-xref", tmp_path)
    assert build(src, tmp_path / "out") != 0
    capsys.readouterr()
    # Nothing changed: a second build must report the same problem, not succeed.
    assert build(src, tmp_path / "out") != 0
    assert "undefined label: 'no-such-label'" in capsys.readouterr().err


def test_fixed_project_builds(tmp_path):
    src = copy_root("broken-xref", tmp_path)
    assert build(src, tmp_path / "out") != 0
    page = src / "index.md"
    page.write_text(page.read_text().replace("{ref}`no-such-label`", "the next section"))
    assert build(src, tmp_path / "out") == 0
    assert (tmp_path / "out" / "html" / "index.html").is_file()
