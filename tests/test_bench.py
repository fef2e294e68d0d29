"""The benchmark's synthetic handbooks are valid handbooks: they build strictly
with every check on, so `make bench` measures the real thing (timing itself is
left to `make bench`, never asserted in tests)."""

from __future__ import annotations

from bs4 import BeautifulSoup

from handbook.__main__ import main
from handbook.bench import generate


def test_synthetic_handbook_builds_strictly_in_the_chapter_shape(tmp_path):
    folder = tmp_path / "book"
    docs = generate(folder, 25)
    assert len(list(docs.rglob("chapter-*.md"))) == 25 and (docs / "part-02" / "index.md").is_file()
    assert main(["build", "html", "--srcdir", str(docs), "--confdir", str(folder),
                 "--builddir", str(tmp_path / "out")]) == 0
    page = BeautifulSoup((tmp_path / "out" / "html" / "part-02" / "chapter-0021.html").read_text(encoding="utf-8"),
                         "html.parser")
    for kind in ("in-a-hurry", "objectives", "warning-signs", "template", "checklist", "talk-track", "role-play",
                 "discussion-questions", "key-takeaways", "for-managers"):
        assert page.select(f"div.handbook-{kind}"), kind
    related = [a.get_text() for a in page.select("section#related-chapters a.reference.internal")]
    assert related == ["Chapter 20, Chapter title 20", "Chapter 22, Chapter title 22"]
