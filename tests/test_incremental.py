"""Incremental builds show what a clean build would: a review notice on the day
it falls due, new link texts, collected pages and sidebars after an edit.

Each test builds a copy of a tiny project twice in one folder (the second
build incremental) and reads the pages a reader would see. Clocks and file
times are set explicitly: no test waits.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import edit
from handbook.__main__ import main

#: A file time after any source's: Sphinx rewrites a page whose output is older
#: than its source, so pages are marked with this to see which a build rewrites.
MARK = 4_102_444_800  # 2100-01-01


def _epoch(day: str) -> str:
    return str(int(dt.datetime.fromisoformat(day).replace(tzinfo=dt.timezone.utc).timestamp()))


@pytest.fixture()
def book(tmp_path, rootdir, monkeypatch):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-order", src)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2026-02-01"))
    return src


def build(src: Path) -> Path:
    status = main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(src.parent / "out")])
    assert status == 0
    return src.parent / "out" / "html"


def page(out: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / name).read_text(encoding="utf-8"), "html.parser")




def mark(out: Path) -> None:
    for html in out.rglob("*.html"):
        os.utime(html, (MARK, MARK))


def rewritten(out: Path) -> set[str]:
    return {str(p.relative_to(out)) for p in out.rglob("*.html") if p.stat().st_mtime != MARK}


@pytest.mark.parametrize("day, due", [("2026-03-01", False), ("2026-03-02", True)])
def test_the_review_notice_appears_on_the_day_after_review_by_with_nothing_changed(book, monkeypatch, day, due):
    out = build(book)
    assert not page(out, "part/one.html").select(".handbook-review-due")
    mark(out)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch(day))  # the clock moves on; no file changes
    out = build(book)
    notice = page(out, "part/one.html").select(".handbook-review-due")
    assert bool(notice) is due
    if due:
        assert "due for review on March 1, 2026" in notice[0].get_text()
        assert "part/one.html" in rewritten(out)
    assert "part/two.html" not in rewritten(out)  # its review-by is years away
    # ... and the notice goes again when the date is moved back (a corrected clock).
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2026-02-01"))
    assert not page(build(book), "part/one.html").select(".handbook-review-due")


def test_a_renamed_section_changes_the_link_text_on_pages_that_link_to_it(book):
    # see.md only links to the section: nothing else makes Sphinx rewrite it.
    out = build(book)
    assert [a.get_text() for a in page(out, "see.html").select("article a.reference.internal")] == ["Opening the call"]
    mark(out)
    edit(book / "part" / "one.md", "## Opening the call", "## Opening a hard call")
    out = build(book)
    assert [a.get_text() for a in page(out, "see.html").select("article a.reference.internal")] == \
        ["Opening a hard call"]
    assert "part/two.html" not in rewritten(out)  # a page that does not link to it is left alone


def test_an_edited_template_reaches_the_collected_templates_page(book):
    out = build(book)
    assert "TEMPLATE-TEXT-ONE" in page(out, "links.html").get_text()
    edit(book / "part" / "two.md", "TEMPLATE-TEXT-ONE", "TEMPLATE-TEXT-TWO")
    out = build(book)
    text = page(out, "links.html").get_text()
    assert "TEMPLATE-TEXT-TWO" in text and "TEMPLATE-TEXT-ONE" not in text


def test_a_changed_chapter_title_reaches_every_sidebar_and_every_chapter_link(book):
    out = build(book)
    mark(out)
    edit(book / "part" / "one.md", "# First chapter", "# Opening chapter")
    out = build(book)
    # The sidebars that show the part's chapters (a sidebar shows the page's own part) ...
    for name in ("part/index.html", "part/two.html"):
        sidebar = page(out, name).select_one(".sidebar-tree").get_text()
        assert "Opening chapter" in sidebar and "First chapter" not in sidebar, name
    # ... and the contents page, which lists every page.
    assert "Opening chapter" in page(out, "contents.html").select_one("nav.handbook-contents").get_text()
    for name in ("index.html", "session.html", "links.html", "see.html", "contents.html"):
        assert "First chapter" not in page(out, name).get_text(), name
    for name in ("part/two.html", "session.html"):
        links = [a.get_text() for a in page(out, name).select("div.handbook-exercise a.reference")]
        assert "Chapter 1, Opening chapter" in links, name


def test_a_build_with_nothing_changed_writes_no_page_of_the_book(book):
    out = build(book)
    mark(out)
    out = build(book)
    # Sphinx writes its collected pages on every build: its index and search, and
    # the "All pages" contents page (handbook/sphinxext/navtree.py) collected the same way.
    assert rewritten(out) == {"genindex.html", "search.html", "contents.html"}


def test_committing_an_edit_updates_the_last_changed_date(book):
    import subprocess

    def git(*args, date="2026-01-10T12:00:00+00:00"):
        env = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
               "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org",
               "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        subprocess.run(["git", *args], cwd=book, env=env, check=True, capture_output=True)

    def last_changed(out: Path) -> str:
        return page(out, "part/one.html").select_one(".handbook-freshness").get_text()

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "first")
    assert "Last changed January 10, 2026" in last_changed(build(book))
    # An editor edits and previews (the edit is not committed yet) ...
    edit(book / "part" / "one.md", "Text of the first chapter.", "Better text of the first chapter.")
    assert "Last changed January 10, 2026" in last_changed(build(book))
    # ... then commits without touching the file again: the date must follow.
    git("commit", "-q", "-am", "better text", date="2026-02-22T12:00:00+00:00")
    assert "Last changed February 22, 2026" in last_changed(build(book))
