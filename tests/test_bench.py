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


def test_page_weight_report_is_a_table_and_a_chart_of_the_same_numbers(tmp_path):
    from xml.etree import ElementTree

    from handbook.bench import write_weight_report

    rows = [(100, 30.0 * 1024, 41.0 * 1024), (200, 31.0 * 1024, 52.0 * 1024),
            (400, 33.0 * 1024, 83.0 * 1024), (800, 36.3 * 1024, 138.0 * 1024)]
    table, chart = write_weight_report(rows, tmp_path / "report")
    assert (table.name, chart.name, table.parent) == ("page-weight.md", "page-weight.svg", chart.parent)
    text = table.read_text(encoding="utf-8")
    assert "| 800 | 36.3 | 138.0 | 3.80 |" in text and "| 100 | 30.0 | 41.0 | 1.37 |" in text
    assert "from 400 to 800 chapters: 1.10x" in text and "page-weight.svg" in text
    svg = ElementTree.parse(chart).getroot()
    ns = {"svg": "http://www.w3.org/2000/svg"}
    lines = {p.get("class"): [tuple(map(float, xy.split(","))) for xy in p.get("points").split()]
             for p in svg.findall("svg:polyline", ns)}
    assert lines.keys() == {"handbook", "stock-furo"}
    for points in lines.values():
        assert len(points) == 4 and [x for x, _ in points] == sorted(x for x, _ in points)
    # Higher on the page is more weight: stock furo's line ends far above the handbook's.
    assert lines["stock-furo"][-1][1] < lines["handbook"][-1][1] - 100
    labels = {t.text for t in svg.findall("svg:text", ns)}
    assert {"100", "200", "400", "800", "handbook", "stock furo", "chapters"} <= labels
