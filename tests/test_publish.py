"""Putting a built PDF in place (``handbook.publish.build._publish``, through
``handbook.fsutil.atomic_copy``): when the copy fails halfway (a full disk, an
interrupted build), the PDF readers already have stays whole and no
half-written temporary file is left beside it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handbook.publish import build

OLD = b"%PDF-1.7 the edition readers have now\n" * 100
NEW = b"%PDF-1.7 the edition just built\n" * 1000


def copy_half_then_fail(source, target, *args, **kwargs):
    """What a full disk does to shutil.copyfile: part of the file, then an error."""
    data = Path(source).read_bytes()
    Path(target).write_bytes(data[: len(data) // 2])
    raise OSError(28, "No space left on device")


@pytest.fixture
def built(tmp_path) -> Path:
    path = tmp_path / "latex" / "sales-practice-handbook.pdf"
    path.parent.mkdir()
    path.write_bytes(NEW)
    return path


def test_a_copy_failing_midway_leaves_the_old_pdf_and_no_temporary_file(built, tmp_path, monkeypatch):
    target = tmp_path / "pdf" / "sales-practice-handbook.pdf"
    target.parent.mkdir()
    target.write_bytes(OLD)
    monkeypatch.setattr(shutil, "copyfile", copy_half_then_fail)
    with pytest.raises(OSError, match="No space left"):
        build._publish(built, target)
    assert target.read_bytes() == OLD
    assert [p.name for p in target.parent.iterdir()] == [target.name]
    assert built.read_bytes() == NEW


def test_a_first_copy_failing_midway_leaves_no_file_at_all(built, tmp_path, monkeypatch):
    target = tmp_path / "handouts" / "handout-new-clients.pdf"
    monkeypatch.setattr(shutil, "copyfile", copy_half_then_fail)
    with pytest.raises(OSError):
        build._publish(built, target)
    assert list(target.parent.iterdir()) == []  # no half PDF under the real name, no temporary file


def test_a_copy_that_works_replaces_the_old_pdf_whole(built, tmp_path):
    # The control: the same call without the failure puts the new PDF in place.
    target = tmp_path / "pdf" / "sales-practice-handbook.pdf"
    target.parent.mkdir()
    target.write_bytes(OLD)
    build._publish(built, target)
    assert target.read_bytes() == NEW
    assert [p.name for p in target.parent.iterdir()] == [target.name]
