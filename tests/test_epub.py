"""Both editions' EPUBs pass EPUBCheck (the W3C validator) with no error and no
fatal, and the check fails on a broken EPUB (a chapter that is not XML)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from conftest import require_programs
from handbook.checks.epub import check


@pytest.fixture(scope="module")
def epubs(handbook_epub, handbook_trainer_epub) -> dict[str, Path]:
    require_programs("epubcheck", "java")
    return {"participant": handbook_epub, "trainer": handbook_trainer_epub}


@pytest.mark.parametrize("edition", ["participant", "trainer"])
def test_the_epub_is_valid(epubs, edition):
    problems, report = check(epubs[edition])
    assert problems == [], report
    assert "0 fatals / 0 errors" in report


def test_a_broken_chapter_fails_the_check(epubs, tmp_path):
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(epubs["participant"]) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.endswith("train-your-clients.xhtml"):
                data = data.replace(b"<body", b'<body><button hidden>Print</button', 1)  # not XML
            compress = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            target.writestr(info, data, compress_type=compress)
    problems, report = check(broken)
    assert problems and any("train-your-clients.xhtml" in line for line in problems), report
