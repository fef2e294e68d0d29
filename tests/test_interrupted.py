"""A build killed while it writes pages is followed by a build whose pages match
a clean build; the pages of a deleted chapter leave the output.

The order test project, with a hook added to its conf.py, kills its own build
(SIGKILL or SIGTERM) while writing a chosen page, so the moment is exact and
nothing waits.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import edit

ROOT = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).parent / "roots"

#: Added to the order project's conf.py: the build kills itself while writing the
#: page named in HANDBOOK_TEST_KILL_AT (no timing, no sleeping).
KILL_HOOK = """
import os
import signal


def setup(app):
    def kill(app, pagename, *args):
        if os.environ.get("HANDBOOK_TEST_KILL_AT") == pagename:
            os.kill(os.getpid(), getattr(signal, os.environ.get("HANDBOOK_TEST_SIGNAL", "SIGKILL")))

    app.connect("html-page-context", kill)
"""


def project(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-order", src)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(KILL_HOOK)
    return src


def build(src: Path, builddir: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "handbook", "build", "html", "--srcdir", str(src), "--confdir", str(src),
         "--builddir", str(builddir)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600", **env},
    )


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}




@pytest.mark.parametrize("signame", ["SIGKILL", "SIGTERM"])
def test_a_build_killed_while_writing_is_followed_by_a_correct_build(signame, tmp_path):
    src = project(tmp_path)
    out = tmp_path / "incremental"
    assert build(src, out).returncode == 0
    edit(src / "part" / "one.md", "# First chapter", "# Opening chapter")
    killed = build(src, out, HANDBOOK_TEST_KILL_AT="see", HANDBOOK_TEST_SIGNAL=signame)
    assert killed.returncode == -getattr(signal, signame)
    # The kill left pages with the old title in their sidebars ...
    stale = [name for name, data in tree(out / "html").items() if name.endswith(".html") and b"First chapter" in data]
    assert stale, "the kill came too late to test anything"
    # ... and the next build, with nothing else changed, puts every page right.
    again = build(src, out)
    assert again.returncode == 0, again.stderr
    assert "the last build did not finish" in again.stdout
    assert build(src, tmp_path / "clean").returncode == 0
    incremental, clean = tree(out / "html"), tree(tmp_path / "clean" / "html")
    assert incremental.keys() == clean.keys()
    assert [name for name in incremental if incremental[name] != clean[name]] == []


def test_a_deleted_chapters_page_leaves_the_output(tmp_path):
    src = project(tmp_path)
    out = tmp_path / "b"
    assert build(src, out).returncode == 0
    assert (out / "html" / "see.html").is_file()
    (src / "see.md").unlink()
    edit(src / "index.md", "links\nsee\n", "links\n")
    done = build(src, out)
    assert done.returncode == 0, done.stderr
    assert not (out / "html" / "see.html").exists()
    assert "see.html" not in (out / "html" / "searchindex.js").read_text(encoding="utf-8")
