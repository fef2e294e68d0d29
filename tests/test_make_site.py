"""``make site`` builds what it needs through make's own dependencies: on a
fresh clone every output, then the site; a second run nothing; a changed
source everything that is made from it; a changed deploy file only the site.
Shown with ``make -n`` (what make would run) and ``-W`` (what if this file
had just changed), so no build runs here."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

BUILDS = ["--edition participant pdf", "--edition participant epub", "--edition trainer pdf",
          "--edition trainer epub", "--edition participant handouts", "--edition participant kit"]


def dry_run(builddir: Path, *options: str) -> list[str]:
    done = subprocess.run(["make", "--no-print-directory", "-n", "site", f"BUILDDIR={builddir}", *options], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def commands(lines: list[str]) -> list[str]:
    """What each line would build: the handbook build target or 'site'."""
    found = []
    for line in lines:
        if " -m handbook build " in line:
            found.append(re.search(r"(--edition \w+ \w+)", line).group(1))
        elif " -m handbook site " in line:
            found.append("site")
    return found


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> tuple[Path, list[Path]]:
    builddir = tmp_path_factory.mktemp("build")
    lines = dry_run(builddir)
    files = [Path(name) for line in lines if line.startswith("touch -c ") for name in line.split()[2:]]
    return builddir, files


def test_a_fresh_clone_builds_every_output_then_the_site(outputs):
    builddir, files = outputs
    assert commands(dry_run(builddir)) == [*BUILDS, "site"]
    names = {f.relative_to(builddir).as_posix() for f in files}
    assert {"pdf/sales-practice-handbook.pdf", "trainer/epub/sales-practice-handbook.epub",
            "site/index.html"} <= names
    sessions = [p.stem for p in (ROOT / "docs" / "sessions").glob("*.md") if p.stem != "index"]
    assert sessions and all(f"kit/{s}/role-cards.pdf" in names and f"handouts/handout-{s}.pdf" in names
                            and f"slides/{s}/index.html" in names for s in sessions)


def test_a_second_run_builds_nothing_and_a_change_rebuilds_what_depends_on_it(outputs):
    builddir, files = outputs
    newest = max(p.stat().st_mtime for folder in ("docs", "handbook", "deploy") for p in (ROOT / folder).rglob("*")
                 if p.is_file())
    for file in files:  # every output, newer than every source
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(b"built")
        os.utime(file, (newest + 10, newest + 10))
    os.utime(builddir / "site" / "index.html", (newest + 20, newest + 20))
    for stamp in (builddir / "options").iterdir():  # the options the outputs were made with, older than them
        os.utime(stamp, (newest, newest))
    assert commands(dry_run(builddir)) == []
    assert commands(dry_run(builddir, "-W", "deploy/nginx/handbook.conf")) == ["site"]
    assert commands(dry_run(builddir, "-W", "docs/index.md")) == [*BUILDS, "site"]
    # A deleted output is built again, and the site after it.
    (builddir / "trainer" / "pdf" / "sales-practice-handbook.pdf").unlink()
    assert commands(dry_run(builddir)) == ["--edition trainer pdf", "site"]


def test_another_paper_size_rebuilds_what_is_printed_and_another_group_only_the_kits(outputs):
    builddir, files = outputs
    newest = max(p.stat().st_mtime for folder in ("docs", "handbook", "deploy") for p in (ROOT / folder).rglob("*")
                 if p.is_file())

    def all_built():
        for stamp in (builddir / "options").iterdir():
            os.utime(stamp, (newest, newest))
        for file in files:
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(b"built")
            os.utime(file, (newest + 10, newest + 10))
        os.utime(builddir / "site" / "index.html", (newest + 20, newest + 20))

    dry_run(builddir, "PAPER=a4", "GROUP=")
    all_built()
    assert commands(dry_run(builddir, "PAPER=a4", "GROUP=")) == []
    printed = ["--edition participant pdf", "--edition trainer pdf", "--edition participant handouts",
               "--edition participant kit", "site"]
    assert commands(dry_run(builddir, "PAPER=letter", "GROUP=")) == printed
    assert all('--paper "letter"' in line for line in dry_run(builddir, "PAPER=letter", "GROUP=")
               if " -m handbook build " in line)
    all_built()  # built on letter paper; the same options again build nothing
    assert commands(dry_run(builddir, "PAPER=letter", "GROUP=")) == []
    # Only the kits (make 4.3's dry run does not show the site after a grouped target; a real run does).
    assert commands(dry_run(builddir, "PAPER=letter", "GROUP=12"))[:1] == ["--edition participant kit"]
    assert "--edition participant pdf" not in commands(dry_run(builddir, "PAPER=letter", "GROUP=12"))
