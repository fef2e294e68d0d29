"""Atomic writes: a reader sees the old file or the new one, never half, and
the new file has the mode the user's umask gives (not mkstemp's private 0600)."""

from __future__ import annotations

import os
import stat

import pytest

from handbook import fsutil


@pytest.fixture()
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_written_file_has_the_usual_mode_and_exact_text(tmp_path, umask_022):
    target = tmp_path / "deep" / "references.bib"
    fsutil.atomic_write(target, "@misc{a,\n}\n")
    assert target.read_bytes() == b"@misc{a,\n}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    fsutil.atomic_write(target, b"\x00binary", mode=0o600)
    assert target.read_bytes() == b"\x00binary" and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["references.bib"]


def test_a_write_that_fails_midway_keeps_the_old_file_and_leaves_nothing(tmp_path, monkeypatch):
    target = tmp_path / "draft.md"
    target.write_text("the editor's work\n", encoding="utf-8")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(fsutil.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fsutil.atomic_write(target, "a fresh draft\n")
    assert target.read_text(encoding="utf-8") == "the editor's work\n"
    assert [p.name for p in tmp_path.iterdir()] == ["draft.md"]


def test_a_copy_has_the_usual_mode(tmp_path, umask_022):
    source = tmp_path / "built.pdf"
    source.write_bytes(b"%PDF-1.5 ...")
    os.chmod(source, 0o600)
    fsutil.atomic_copy(source, tmp_path / "out" / "book.pdf")
    copied = tmp_path / "out" / "book.pdf"
    assert copied.read_bytes() == b"%PDF-1.5 ..." and stat.S_IMODE(copied.stat().st_mode) == 0o644
