"""The benchmark's synthetic handbooks are valid handbooks: they build strictly
with every check on, so `make bench` measures the real thing (timing itself is
left to `make bench`, never asserted in tests)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from handbook.__main__ import main
from handbook.publish.bench import generate

ROOT = Path(__file__).resolve().parent.parent


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

    from handbook.publish.bench import write_weight_report

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


def test_citations_look_up_pybtex_plugins_without_scanning_the_installed_packages(tmp_path, monkeypatch):
    """bibplugins.py: the same classes pybtex would find, and no scan during a build."""
    from importlib.metadata import entry_points

    import pybtex.plugin

    from handbook.sphinxext.bibplugins import GROUPS, register_pybtex_plugins

    register_pybtex_plugins()
    registered = {(group, name): klass for group, plugins in pybtex.plugin._RUNTIME_PLUGINS.items()
                  for name, klass in plugins.items() if group.startswith(GROUPS)}
    assert ("pybtex.style.formatting", "unsrt") in registered and ("pybtex.backends", "docutils") in registered
    for (group, name), klass in registered.items():
        assert klass is next(iter(entry_points(group=group, name=name))).load(), (group, name)
    # A build in a fresh process, as make runs it, counting pybtex's scans.
    folder = tmp_path / "book"
    docs = generate(folder, 6)
    code = ("import sys, traceback, pybtex.plugin as p; real = p.entry_points; scans = []\n"
            "def counted(**kw):\n"
            "    names = [f.name for f in traceback.extract_stack()]\n"
            "    scans.append('R' if 'register_pybtex_plugins' in names else 'L')\n"
            "    return real(**kw)\n"
            "p.entry_points = counted\n"
            "from handbook.__main__ import main\n"
            f"status = main(['build', 'html', '--srcdir', {str(docs)!r}, '--confdir', {str(folder)!r}, "
            f"'--builddir', {str(tmp_path / 'out')!r}])\n"
            "print('SCANS', ''.join(scans)); sys.exit(status)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    page = BeautifulSoup((tmp_path / "out" / "html" / "part-01" / "chapter-0002.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert "Synthetic post 2" in page.select_one("section#sources").get_text()
    scans = done.stdout.split("SCANS ", 1)[1].strip()
    # L: a lookup by pybtex itself, R: one made while registering. sphinxcontrib-bibtex
    # looks one plugin up when it is imported; once the plugins are registered, no
    # citation makes pybtex scan again (6 chapters cite 6 sources).
    assert scans.count("R") == len(registered) and "L" not in scans[scans.index("R"):], scans
    assert scans.count("L") <= 2, scans


def test_clean_only_times_the_two_clean_builds_and_prints_the_ratio(tmp_path, capsys):
    from handbook.publish import bench

    assert bench.main(["--sizes", "4", "--runs", "1", "--clean-only", "--workdir", str(tmp_path / "work"),
                       "--report", str(tmp_path / "report")]) == 0
    out = capsys.readouterr().out
    rows = [line.split("|")[1].strip() for line in out.splitlines() if line.strip().startswith("4 |")]
    assert rows[:3] == ["clean build", "clean build, CPU seconds", "clean build, one process"]
    assert not [row for row in rows if row.startswith("rebuild")]
    ratio = re.search(r"clean build at 4 chapters, baseline / handbook: ([\d.]+) \(target: at least 15; "
                      r"both in one process: ([\d.]+); CPU seconds: ([\d.]+)\)", out)
    assert ratio and all(float(figure) > 0 for figure in ratio.groups())
    assert "(a) builds as make html does (-j auto)" in out
    assert (tmp_path / "report" / "page-weight.md").is_file() and "the real handbook" not in out
