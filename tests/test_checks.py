"""Strict and safe: a project seeded with each kind of mistake fails with
exactly the expected warnings, and raw HTML never reaches a page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from handbook.__main__ import main

ROOTS = Path(__file__).parent / "roots"


def build(tmp_path: Path, root: str) -> tuple[int, Path, Path]:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / f"test-{root}", src)
    status = main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b")])
    return status, src, tmp_path / "b" / "html"


def warnings_of(err: str, src: Path) -> set[tuple[str, int, str]]:
    found = set()
    for match in re.finditer(rf"{re.escape(str(src))}/(?P<file>[\w./-]+):(?P<line>\d+): WARNING: .*\[(?P<type>[\w.-]+)\]",
                             err):
        found.add((match["file"], int(match["line"]), match["type"]))
    return found


def test_each_seeded_mistake_is_reported_with_file_line_and_type(tmp_path, capsys):
    status, src, _ = build(tmp_path, "mistakes")
    assert status != 0
    err = capsys.readouterr().err
    assert warnings_of(err, src) == {
        ("chapter-a.md", 12, "ref.ref"),                  # a missing {ref} label
        ("chapter-a.md", 12, "ref.doc"),                  # a missing page
        ("chapter-a.md", 14, "myst.xref_missing"),        # a missing #anchor
        ("chapter-a.md", 16, "myst.header"),              # a heading level skipped
        ("chapter-a.md", 18, "bibtex.key_not_found"),     # an unknown citation key
        ("chapter-a.md", 20, "handbook.template"),        # a misused block
        ("chapter-a.md", 10, "handbook.shape"),           # blocks of the shape missing, no related chapter
        ("refs.bib", 5, "handbook.sources"),              # a source no chapter cites
        ("glossary.md", 3, "handbook.glossary"),          # a term no chapter uses
    }
    # Six single problems, eight missing blocks (the ninth, a trainer note, is checked by the
    # trainer edition's build), no related chapter, one source, one term.
    assert len(re.findall(r"WARNING", err)) == 17
    assert "chapter-b.md" not in err
    missing = sorted(re.findall(r"chapter-a\.md:10: WARNING: shape: chapter has no (.+?) block", err))
    assert missing == ["{discussion-questions}", "{exercise} or {role-play}", "{for-managers}", "{in-a-hurry}",
                       "{objectives}", "{talk-track}", "{template}", "{warning-signs}"]


def test_raw_html_is_escaped_text_and_raw_directive_fails_the_build(tmp_path, capsys):
    status, src, html = build(tmp_path, "raw")
    assert status != 0
    err = capsys.readouterr().err
    assert re.search(rf"{re.escape(str(src / 'index.md'))}:7: WARNING: raw: raw output is switched off.*"
                     rf"\[handbook\.raw\]", err)
    page = (html / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert not [s for s in soup.find_all("script") if "alert" in s.get_text()]
    assert not soup.find("img", attrs={"onerror": True})
    body = soup.select_one("div.body").get_text().replace("\u201c", '"').replace("\u201d", '"')
    assert '<script>alert("pasted from a blog")</script>' in body
    assert '<img src="x" onerror="alert(1)">' in body


def test_the_trainer_editions_build_reports_a_chapter_without_a_trainer_note(tmp_path, capsys):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-mistakes", src)
    status = main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b"),
                   "--edition", "trainer"])
    assert status != 0
    err = capsys.readouterr().err
    assert re.search(rf"{re.escape(str(src / 'chapter-a.md'))}:10: WARNING: shape: chapter has no "
                     rf"\{{trainer-note\}} block", err), err


def test_a_chapter_without_key_takeaways_is_reported(tmp_path, capsys):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-mistakes", src)
    chapter = src / "chapter-a.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(":::{key-takeaways}\n- One.\n:::\n", ""),
                       encoding="utf-8")
    assert main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b")]) != 0
    assert "chapter has no {key-takeaways} block" in capsys.readouterr().err
