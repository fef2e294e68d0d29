"""Handouts are for participants: asking for the trainer edition's handouts
is refused with one clear line and exit status 2, before Sphinx or TeX runs,
whether through ``python -m handbook build`` or ``make handouts``."""

from __future__ import annotations

import subprocess

from conftest import ROOT, require_programs
from handbook.publish import build
from handbook.__main__ import main

MESSAGE = "error: handouts are for participants; build them without EDITION=trainer"


def test_build_handouts_for_trainers_is_refused(tmp_path, monkeypatch, capsys):
    # As on a machine with TeX, and with Sphinx and TeX forbidden to start.
    monkeypatch.setattr(build, "missing_tex", lambda: [])

    def must_not_run(*args, **kwargs):
        raise AssertionError("a build started although the request is refused")

    monkeypatch.setattr(build, "sphinx", must_not_run)
    monkeypatch.setattr(build, "latexmk", must_not_run)
    builddir = tmp_path / "b"
    status = main(["build", "handouts", "--edition", "trainer", "--builddir", str(builddir)])
    assert status == 2
    captured = capsys.readouterr()
    assert captured.err.strip() == MESSAGE
    assert not builddir.exists()


def test_make_handouts_for_trainers_is_refused(tmp_path):
    require_programs(*build.TEX_PROGRAMS)  # without TeX, make says TeX is missing instead
    builddir = tmp_path / "b"
    done = subprocess.run(
        ["make", "--no-print-directory", "handouts", "EDITION=trainer", f"BUILDDIR={builddir}"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 2
    assert MESSAGE in done.stderr.splitlines(), done.stderr
    assert "handouts] Error 2" in done.stderr  # the build command itself ended with status 2
    assert "Running latexmk" not in done.stdout and "Running Sphinx" not in done.stdout
    assert not builddir.exists()
