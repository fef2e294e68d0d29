"""Reproducible builds: the same commit gives the same files, whatever the
output folder, time zone, locale, umask, parallelism or time of day.

No test waits for the clock to move. The builds' date is set explicitly
(SOURCE_DATE_EPOCH), and the PDF is checked against a date far from today, so
any use of the wall clock shows as a wrong date."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, build_handbook, require_programs, session_epoch

#: 2001-09-09 01:46:40 UTC: September 8 in Los Angeles, September 9 in Auckland.
EPOCH = 1_000_000_000


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(builddir: Path, target: str = "html", *, epoch: int | str, env: dict, umask: int,
          options: str = "") -> Path:
    """A build in its own process, as ``make`` runs it; FORCE_SOURCE_DATE is
    left for the build to set."""
    command = [sys.executable, "-m", "handbook", "build", target, "--builddir", str(builddir),
               "--sphinxopts=" + options]
    full_env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), **env}
    full_env.pop("FORCE_SOURCE_DATE", None)
    done = subprocess.run(command, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=900,
                          preexec_fn=lambda: os.umask(umask))
    assert done.returncode == 0, done.stderr[-3000:]
    return builddir


def _other_than(current: str | None, choices: tuple[str, str]) -> str:
    return choices[1] if current == choices[0] else choices[0]


def test_html_is_byte_identical_across_folder_timezone_locale_umask_and_jobs(handbook_html, tmp_path):
    # One side is the session's shared build (this process, its time zone, locale
    # and umask, no -j); the other differs in every one of those.
    umask = os.umask(0o022)
    os.umask(umask)
    env = {"TZ": _other_than(os.environ.get("TZ"), ("Pacific/Auckland", "America/Los_Angeles")),
           "LC_ALL": _other_than(os.environ.get("LC_ALL"), ("C", "C.UTF-8"))}
    other = build(tmp_path / "two" / "deeper", epoch=session_epoch(), env=env,
                  umask=0o077 if umask != 0o077 else 0o022, options="-j 2")
    a, b = tree(handbook_html), tree(other / "html")
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []


def test_incremental_build_after_an_edit_equals_a_clean_build(tmp_path):
    src = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", src)
    build_handbook("html", tmp_path / "incremental", "--srcdir", str(src))
    chapter = src / "push-back" / "parting-ways.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(
        "## The principle and why it works", "A sentence added by an editor.\n\n## The principle and why it works"),
        encoding="utf-8")
    # Sphinx rebuilds a page whose source is newer than the last build: say so
    # explicitly rather than wait for the clock to tick.
    built = (tmp_path / "incremental" / "html" / "push-back" / "parting-ways.html").stat().st_mtime
    os.utime(chapter, (built + 10, built + 10))
    build_handbook("html", tmp_path / "incremental", "--srcdir", str(src))
    build_handbook("html", tmp_path / "clean", "--srcdir", str(src))
    a, b = tree(tmp_path / "incremental" / "html"), tree(tmp_path / "clean" / "html")
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []
    assert b"A sentence added by an editor." in a["push-back/parting-ways.html"]


def test_pdf_is_identical_at_another_time_and_carries_only_the_commit_date(tmp_path):
    require_programs("xelatex", "latexmk")
    started = time.monotonic()
    first = build(tmp_path / "one", "pdf", epoch=EPOCH, env={"TZ": "America/Los_Angeles", "LC_ALL": "C.UTF-8"},
                  umask=0o022)
    # The second build's TeX runs at least a whole build later, so a wall-clock
    # second anywhere in the PDF (its dates, its /ID) makes the files differ.
    assert time.monotonic() - started > 1
    second = build(tmp_path / "two" / "deeper", "pdf", epoch=EPOCH, env={"TZ": "Pacific/Auckland", "LC_ALL": "C"},
                   umask=0o077)
    pdfs = [(b / "pdf" / "sales-practice-handbook.pdf").read_bytes() for b in (first, second)]
    assert pdfs[0] == pdfs[1]

    # And the date in them is the fixed one, in UTC, wherever a clock is read.
    when = dt.datetime.fromtimestamp(EPOCH, tz=dt.timezone.utc)
    reader = PdfReader(first / "pdf" / "sales-practice-handbook.pdf")
    assert reader.metadata.creation_date == when
    assert reader.metadata.modification_date in (None, when)
    assert f"{when:%B} {when.day}, {when.year}" in reader.pages[0].extract_text()  # the cover: TeX's \today
    for b in (first, second):
        tex = (b / "latex" / "sales-practice-handbook.tex").read_text(encoding="utf-8")
        assert rf"\date{{{when:%b %d, %Y}}}" in tex  # Sphinx's date
        log = (b / "latex" / "sales-practice-handbook.log").read_text(encoding="utf-8", errors="replace")
        # XeTeX's banner shows the clock TeX read (\time, \day, \month, \year).
        banner = re.search(r"\) +(\d{1,2} [A-Z]{3} \d{4} \d\d:\d\d)\n", log.split("entering", 1)[0])
        assert banner and banner[1] == f"{when.day} {when:%b %Y %H:%M}".upper(), log[:300]
        assert "Missing character" not in log
        assert not [line for line in log.splitlines() if line.startswith("! ")]


def test_builds_take_their_date_from_the_last_commit():
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")

    def last_commit() -> str:
        return subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True,
                              text=True).stdout.strip()

    # Neither variable may come from the test's own environment: the build sets both.
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "FORCE_SOURCE_DATE")}
    before = last_commit()
    done = subprocess.run([sys.executable, "-c", (
        "import os, pathlib; from handbook.build import reproducible_environment; "
        "reproducible_environment(pathlib.Path('.')); print(os.environ['SOURCE_DATE_EPOCH'], "
        "os.environ['FORCE_SOURCE_DATE'])")], cwd=ROOT, env=env, capture_output=True, text=True)
    epoch, force = done.stdout.split()
    assert epoch in (before, last_commit())  # someone may commit meanwhile
    assert force == "1"


def test_builds_in_the_test_process_leave_its_environment_alone(tmp_path, rootdir):
    # reproducible_environment sets both variables; no test may see another's date.
    before = {name: os.environ.get(name) for name in ("SOURCE_DATE_EPOCH", "FORCE_SOURCE_DATE")}
    src = rootdir / "test-assets"
    build_handbook("html", tmp_path, "--srcdir", str(src), "--confdir", str(src))
    assert {name: os.environ.get(name) for name in before} == before
