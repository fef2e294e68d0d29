"""Chapter front matter: checks, the summary line, the review-by notice, and a
part page that lists its chapters (sphinx.testing)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup


def soup_of(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.sphinx("html", testroot="chapters", freshenv=True)
def test_summary_shows_under_the_title(app):
    app.build()
    first = soup_of(app, "overdue").select_one("div.body section > p")
    assert "handbook-summary" in first["class"]
    assert first.get_text() == "A chapter whose review date has passed."


@pytest.mark.sphinx("html", testroot="chapters", freshenv=True)
def test_overdue_chapter_shows_a_notice_and_logs_review_due(app):
    app.build()
    notice = soup_of(app, "overdue").select_one(".handbook-review-due")
    assert notice is not None
    assert "due for review on December 31, 2025 (Jane Owner)" in notice.get_text()
    assert re.search(r"overdue\.md:1: review due: review-by 2025-12-31 has passed \(owner: Jane Owner\)",
                     app.status.getvalue())
    # A review date is information for readers, not a build failure.
    assert "review due" not in app.warning.getvalue()
    assert "overdue.md" not in app.warning.getvalue()


@pytest.mark.sphinx("html", testroot="chapters", srcdir="chapters-in-date", freshenv=True,
                    confoverrides={"handbook_today": "2025-06-01"})
def test_chapter_in_date_has_no_notice(app):
    app.build()
    assert soup_of(app, "overdue").select_one(".handbook-review-due") is None
    assert "review due" not in app.status.getvalue()


@pytest.mark.sphinx("html", testroot="chapters", freshenv=True)
def test_incomplete_front_matter_is_a_typed_warning_at_the_front_matter(app):
    app.build()
    warnings = app.warning.getvalue()
    src = re.escape(str(app.srcdir / "incomplete.md"))
    for message in ("lacks 'summary:'", "lacks 'owner:'", "unknown audience astronaut",
                    "review-by 'next spring' is not a date"):
        assert re.search(rf"{src}:1: WARNING: .*{re.escape(message)}.*\[handbook\.metadata\]", warnings), message


@pytest.mark.sphinx("html", testroot="chapters", freshenv=True)
def test_part_page_lists_chapters_with_numbers_and_summaries(app):
    app.build()
    items = soup_of(app, "index").select("dl.handbook-chapter-list > dt")
    assert [" ".join(dt.get_text(" ").split()) for dt in items] == [
        "Chapter 1: Overdue chapter", "Chapter 2: Incomplete chapter",
    ]
    assert items[0].find("a")["href"] == "overdue.html"
    summaries = [dd.get_text(strip=True) for dd in soup_of(app, "index").select("dl.handbook-chapter-list > dd")]
    assert summaries == ["A chapter whose review date has passed.", ""]
