"""Both editions' EPUBs pass EPUBCheck (the W3C validator) with no error and no
fatal, and the check fails on a broken EPUB (a chapter that is not XML)."""

from __future__ import annotations

import re
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


def test_the_trainer_epub_draws_the_room_plan_and_declares_each_page_that_draws(handbook_trainer_epub):
    """A reader sees the room plan drawn, and the package file marks exactly the pages holding SVG."""
    with zipfile.ZipFile(handbook_trainer_epub) as epub:
        opf = epub.read("content.opf").decode("utf-8")
        pages = {name: epub.read(name).decode("utf-8") for name in epub.namelist() if name.endswith(".xhtml")}
    drawing = {name for name, text in pages.items() if "<svg" in text}
    assert any('class="handbook-room-plan"' in pages[name] for name in drawing), sorted(drawing)
    declared = {href for href, properties in re.findall(r'<item id="[^"]*" href="([^"]+)" '
                                                           r'media-type="application/xhtml\+xml"( properties="svg")?',
                                                           opf) if properties}
    assert declared == drawing


def test_only_pages_holding_svg_are_declared(tmp_path):
    from handbook.sphinxext.epubsvg import declare_svg

    (tmp_path / "a b.xhtml").write_text('<html><body><svg viewBox="0 0 1 1"/></body></html>', encoding="utf-8")
    (tmp_path / "plain.xhtml").write_text("<html><body><p>svg is a word here</p></body></html>", encoding="utf-8")
    opf = ('<item id="epub-0" href="a%20b.xhtml" media-type="application/xhtml+xml" />\n'
           '<item id="epub-1" href="plain.xhtml" media-type="application/xhtml+xml" />\n'
           '<item id="epub-2" href="gone.xhtml" media-type="application/xhtml+xml" />\n'
           '<item id="epub-3" href="_static/x.css" media-type="text/css" />\n')
    written, declared = declare_svg(opf, tmp_path)
    assert declared == ["a b.xhtml"]
    assert written.splitlines()[0] == ('<item id="epub-0" href="a%20b.xhtml" media-type="application/xhtml+xml" '
                                       'properties="svg" />')
    assert written.splitlines()[1:] == opf.splitlines()[1:]
