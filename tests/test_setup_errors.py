"""Bad set-up ends with one clear line that says what to install or run,
and leaves nothing half-built behind."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from handbook import bootstrap
from handbook.__main__ import main

ROOT = Path(__file__).resolve().parent.parent


def make(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, **env}, timeout=600,
    )


def test_make_help_lists_every_target_on_one_line():
    done = make("help")
    assert done.returncode == 0
    listed = dict(re.findall(r"^  ([a-z-]+) +(\S.*)$", done.stdout, re.M))
    for target in ("html", "test", "pdf", "epub", "handouts", "all-outputs", "serve", "clean", "distclean"):
        assert listed.get(target), f"make help does not describe {target}"


def test_missing_python_is_one_clear_line(tmp_path):
    done = make("html", PYTHON="/nonexistent/python3", VENV=str(tmp_path / "venv"), BUILDDIR=str(tmp_path / "b"))
    assert done.returncode != 0
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert "'/nonexistent/python3' was not found" in errors[0] and "install Python 3.11" in errors[0]
    assert not (tmp_path / "b").exists() and not (tmp_path / "venv").exists()


def test_broken_venv_is_one_clear_line(tmp_path, capsys):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to("/nonexistent/python3.11")
    assert bootstrap.ensure_venv(venv, ROOT / "requirements.txt") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "is broken" in err[0] and "make distclean" in err[0]


def test_missing_requirements_file_is_named(tmp_path, capsys):
    assert bootstrap.ensure_venv(tmp_path / "venv", tmp_path / "requirements.txt") == 1
    assert "requirements.txt is missing" in capsys.readouterr().err
    assert not (tmp_path / "venv").exists()


def test_venv_is_created_then_reused_then_refreshed_when_requirements_change(tmp_path):
    venv, reqs = tmp_path / "venv", tmp_path / "requirements.txt"
    reqs.write_text("# nothing to install\n")

    def run() -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "handbook.bootstrap", "--venv", str(venv), "--requirements", str(reqs)],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
        )

    first = run()
    assert first.returncode == 0, first.stderr
    assert "Creating" in first.stdout
    assert (venv / bootstrap.STAMP_NAME).read_text().strip() == bootstrap.requirements_digest(reqs)

    again = run()
    assert again.returncode == 0 and again.stdout == ""  # up to date: quiet, no pip run

    reqs.write_text("# still nothing, but a different file\n")
    refreshed = run()
    assert refreshed.returncode == 0, refreshed.stderr
    assert "Updating" in refreshed.stdout
    assert (venv / bootstrap.STAMP_NAME).read_text().strip() == bootstrap.requirements_digest(reqs)


def test_missing_tex_names_the_debian_packages_and_writes_nothing(tmp_path, monkeypatch, capsys):
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    builddir = tmp_path / "build"
    assert main(["build", "pdf", "--builddir", str(builddir)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "xelatex" in err[0] and "apt-get install latexmk texlive-xetex" in err[0]
    assert not builddir.exists()
