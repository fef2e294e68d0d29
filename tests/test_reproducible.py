"""Reproducible builds: the same commit gives the same files, whatever the
output folder, time zone, locale, umask, parallelism or time of day."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, require_programs


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(builddir: Path, target: str = "html", *, srcdir: Path | None = None, env: dict | None = None,
          umask: int | None = None, options: str = "") -> Path:
    command = [sys.executable, "-m", "handbook", "build", target, "--builddir", str(builddir),
               "--sphinxopts=" + options]
    if srcdir:
        command += ["--srcdir", str(srcdir)]
    full_env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", **(env or {})}
    full_env.pop("FORCE_SOURCE_DATE", None)
    done = subprocess.run(command, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=900,
                          preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)
    assert done.returncode == 0, done.stderr[-3000:]
    return builddir


def test_html_is_byte_identical_across_folder_timezone_locale_umask_and_jobs(tmp_path):
    first = build(tmp_path / "one", env={"TZ": "UTC", "LC_ALL": "C.UTF-8"}, umask=0o022)
    second = build(tmp_path / "two" / "deeper", env={"TZ": "Pacific/Auckland", "LC_ALL": "C"}, umask=0o077,
                   options="-j 2")
    a, b = tree(first / "html"), tree(second / "html")
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []


def test_incremental_build_after_an_edit_equals_a_clean_build(tmp_path):
    src = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", src)
    build(tmp_path / "incremental", srcdir=src)
    chapter = src / "push-back" / "parting-ways.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(
        "## The principle and why it works", "A sentence added by an editor.\n\n## The principle and why it works"),
        encoding="utf-8")
    time.sleep(1)  # Sphinx compares modification times
    build(tmp_path / "incremental", srcdir=src)
    build(tmp_path / "clean", srcdir=src)
    a, b = tree(tmp_path / "incremental" / "html"), tree(tmp_path / "clean" / "html")
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []
    assert b"A sentence added by an editor." in a["push-back/parting-ways.html"]


def test_pdf_is_identical_a_minute_later_and_its_log_is_clean(tmp_path):
    require_programs("xelatex", "latexmk")
    env = {"FORCE_SOURCE_DATE": "1"}
    started = time.monotonic()
    first = build(tmp_path / "one", "pdf", env=env)
    time.sleep(max(0.0, 61 - (time.monotonic() - started)))
    second = build(tmp_path / "two", "pdf", env=env)
    digest = [hashlib.sha256((b / "pdf" / "sales-practice-handbook.pdf").read_bytes()).hexdigest()
              for b in (first, second)]
    assert digest[0] == digest[1]
    log = (first / "latex" / "sales-practice-handbook.log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log
    assert not [line for line in log.splitlines() if line.startswith("! ")]


@pytest.mark.parametrize("variable", ["SOURCE_DATE_EPOCH"])
def test_builds_take_their_date_from_the_last_commit(tmp_path, variable):
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    commit = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True)
    env = {k: v for k, v in os.environ.items() if k != variable}
    done = subprocess.run([sys.executable, "-c", (
        "import os, pathlib; from handbook.build import reproducible_environment; "
        "reproducible_environment(pathlib.Path('.')); print(os.environ['SOURCE_DATE_EPOCH'], "
        "os.environ['FORCE_SOURCE_DATE'])")], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.stdout.split() == [commit.stdout.strip(), "1"]
