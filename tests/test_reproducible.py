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
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, TEX, Build, build_handbook, require_programs

#: 2001-09-09 01:46:40 UTC: September 8 in Los Angeles, September 9 in Auckland.
EPOCH = 1_000_000_000
UMASK = os.umask(0o022)
os.umask(UMASK)


def _other_than(current: str | None, choices: tuple[str, str]) -> str:
    return choices[1] if current == choices[0] else choices[0]


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def edit_a_chapter(src: Path) -> Path:
    chapter = src / "push-back" / "parting-ways.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(
        "## The principle and why it works", "A sentence added by an editor.\n\n## The principle and why it works"),
        encoding="utf-8")
    return chapter


def copy_of_docs(folder: Path, *, edited: bool = False) -> Path:
    shutil.copytree(ROOT / "docs", folder / "docs")
    if edited:
        edit_a_chapter(folder / "docs")
    return folder / "docs"


#: FORCE_SOURCE_DATE is removed: the build must set it itself, as make's does.
FAR_DATED = {"SOURCE_DATE_EPOCH": str(EPOCH), "FORCE_SOURCE_DATE": None}

#: Built in the background while other tests run (conftest.Background), each as
#: ``make`` runs it: in its own process.
BACKGROUND_BUILDS = {
    # The shared HTML build runs in the session's time zone, locale and umask,
    # without -j; this one differs in each, and in its folder.
    "html_elsewhere": Build(
        lambda folder: [["build", "html", "--builddir", str(folder / "two" / "deeper"), "--sphinxopts=-j 2"]],
        env={"TZ": _other_than(os.environ.get("TZ"), ("Pacific/Auckland", "America/Los_Angeles")),
             "LC_ALL": _other_than(os.environ.get("LC_ALL"), ("C", "C.UTF-8")), "FORCE_SOURCE_DATE": None},
        umask=0o077 if UMASK != 0o077 else 0o022),
    "incremental_base": Build(lambda folder: [
        ["build", "html", "--srcdir", str(copy_of_docs(folder)), "--builddir", str(folder / "out")]]),
    "edited_clean": Build(lambda folder: [
        ["build", "html", "--srcdir", str(copy_of_docs(folder, edited=True)), "--builddir", str(folder / "out")]]),
    "far_dated_pdf": Build(lambda folder: [["build", "pdf", "--builddir", str(folder / "one")]], TEX,
                           env={**FAR_DATED, "TZ": "America/Los_Angeles", "LC_ALL": "C.UTF-8"}, umask=0o022),
}


@pytest.fixture
def html_elsewhere(background) -> Path:
    return background.get("html_elsewhere") / "two" / "deeper" / "html"


@pytest.fixture
def incremental_base(background) -> Path:
    return background.get("incremental_base")


@pytest.fixture
def edited_clean(background) -> Path:
    return background.get("edited_clean") / "out" / "html"


@pytest.fixture
def far_dated_pdf(background) -> Path:
    return background.get("far_dated_pdf") / "one"


def test_html_is_byte_identical_across_folder_timezone_locale_umask_and_jobs(handbook_html, html_elsewhere):
    a, b = tree(handbook_html), tree(html_elsewhere)
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []


def test_incremental_build_after_an_edit_equals_a_clean_build(incremental_base, edited_clean):
    src, out = incremental_base / "docs", incremental_base / "out"
    chapter = edit_a_chapter(src)
    # Sphinx rebuilds a page whose source is newer than the last build: say so
    # explicitly rather than wait for the clock to tick.
    built = (out / "html" / "push-back" / "parting-ways.html").stat().st_mtime
    os.utime(chapter, (built + 10, built + 10))
    build_handbook("html", out, "--srcdir", str(src))  # the same date as the first build's
    a, b = tree(out / "html"), tree(edited_clean)
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []
    assert b"A sentence added by an editor." in a["push-back/parting-ways.html"]


def test_pdf_is_identical_at_another_time_and_carries_only_the_commit_date(far_dated_pdf, tmp_path):
    require_programs(*TEX)
    first = far_dated_pdf
    second = tmp_path / "two" / "deeper"
    done = subprocess.run(
        [sys.executable, "-m", "handbook", "build", "pdf", "--builddir", str(second)], cwd=ROOT, umask=0o077,
        env={key: value for key, value in {**os.environ, **FAR_DATED, "TZ": "Pacific/Auckland", "LC_ALL": "C"}.items()
             if value is not None}, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    # The second build's TeX ran after the first build ended, more than a second
    # later: a wall-clock second anywhere in the PDF (its dates, its /ID) would
    # make the files differ.
    made = [(b / "latex" / "sales-practice-handbook.pdf").stat().st_mtime for b in (first, second)]
    assert made[1] - made[0] > 1, "the test is void: both PDFs were made within a second"
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
        "import os, pathlib; from handbook.publish.build import reproducible_environment; "
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
