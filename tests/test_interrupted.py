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


def test_a_page_added_by_a_failed_build_and_then_deleted_is_not_served_stale(tmp_path):
    """Issue 22: the failed build throws its saved state away, so only the written-pages
    list beside the output remembers the page it wrote."""
    src = project(tmp_path)
    out = tmp_path / "b"
    assert build(src, out).returncode == 0
    (src / "draft.md").write_text("# Draft\n\nSee {ref}`no-such-label`.\n", encoding="utf-8")
    edit(src / "index.md", "links\nsee\n", "links\nsee\ndraft\n")
    failed = build(src, out)
    assert failed.returncode != 0 and "no-such-label" in failed.stderr
    assert (out / "html" / "draft.html").is_file()  # strict builds keep going: the page was written
    (src / "draft.md").unlink()
    edit(src / "index.md", "links\nsee\ndraft\n", "links\nsee\n")
    done = build(src, out)
    assert done.returncode == 0, done.stderr
    assert not (out / "html" / "draft.html").exists()
    assert "draft" not in (out / "html" / "searchindex.js").read_text(encoding="utf-8")


def test_a_deleted_page_stays_gone_after_a_build_killed_while_writing(tmp_path):
    """Issue 27: delete a page, SIGKILL the next build while it writes, build again."""
    src = project(tmp_path)
    out = tmp_path / "b"
    assert build(src, out).returncode == 0
    (src / "see.md").unlink()
    edit(src / "index.md", "links\nsee\n", "links\n")
    killed = build(src, out, HANDBOOK_TEST_KILL_AT="links")
    assert killed.returncode == -signal.SIGKILL
    assert (out / "html" / "see.html").is_file()  # killed before it could clean up
    again = build(src, out)
    assert again.returncode == 0, again.stderr
    assert not (out / "html" / "see.html").exists()


@pytest.mark.parametrize("content", ["", "# Sphinx build info version 1\n", "\x00\x00\x00"])
def test_a_build_cut_short_by_a_full_disk_is_followed_by_a_good_build(content, tmp_path):
    """A full disk leaves .buildinfo empty or cut short; Sphinx alone then crashes with IndexError."""
    src = project(tmp_path)
    out = tmp_path / "b"
    assert build(src, out).returncode == 0
    (out / "html" / ".buildinfo").write_text(content, encoding="utf-8")
    again = build(src, out)
    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr and "IndexError" not in again.stderr
    assert ".buildinfo was broken" in again.stdout
    assert (out / "html" / ".buildinfo").read_text(encoding="utf-8").startswith("# Sphinx build info version 1")
