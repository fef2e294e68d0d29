"""The four chapter parts (issue 16): "In a hurry", "You will be able to",
"Talk tracks" and "For managers".

A one-chapter project (tests/roots/test-chapter-parts) shows how each renders
in HTML and in print; each malformed block is seeded into a copy of it and
must fail the strict build with its file, line and warning type; the real
book is then read as a reader gets it (both editions' HTML, the PDF's text).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from sphinx.cmd.build import build_main

from handbook.__main__ import main
from handbook.shape import HEADINGS, TALK_TRACKS
from handbook.sphinxext.blocks import PRINT_STYLES

ROOT = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).parent / "roots"
PARTS = ("in-a-hurry", "objectives", "talk-track", "for-managers")


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def build(tmp_path: Path, replace: tuple[str, str] | None = None, builder: str = "html") -> tuple[int, Path, Path]:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-chapter-parts", src)
    if replace:
        chapter = src / "chapter.md"
        text = chapter.read_text(encoding="utf-8")
        assert replace[0] in text, f"the seed {replace[0]!r} is not in the chapter"
        chapter.write_text(text.replace(replace[0], replace[1], 1), encoding="utf-8")
    if builder == "latex":
        status = build_main(["-b", "latex", "-q", str(src), str(tmp_path / "b" / "latex")])
    else:
        status = main(["build", builder, "--srcdir", str(src), "--confdir", str(src), "--builddir",
                       str(tmp_path / "b")])
    return status, src, tmp_path / "b"


def warnings_of(err: str, src: Path) -> list[tuple[str, int, str, str]]:
    return [(m["file"], int(m["line"]), m["type"], m["message"]) for m in re.finditer(
        rf"{re.escape(str(src))}/(?P<file>[\w./-]+):(?P<line>\d+): WARNING: (?P<message>.*?) \[(?P<type>[\w.-]+)\]",
        err)]


# -- how the parts render -------------------------------------------------------------------------


def test_the_parts_render_as_a_reader_sees_them(tmp_path, capsys):
    status, _, out = build(tmp_path)
    assert status == 0, capsys.readouterr().err
    page = soup_of(out / "html" / "chapter.html")

    hurry = page.select_one("div.handbook-in-a-hurry")
    assert [li.get_text(strip=True) for li in hurry.select("ol > li")] == [
        "Call the client today.", "Ask what changed.", "Write down the answer."]
    assert hurry.select_one("dt").get_text() == "Say"
    # The words, copyable as a template's text (sphinx-copybutton's selector), without the quotation marks.
    assert hurry.select_one("dd div.highlight pre").get_text() == "Thanks for telling me. What changed for you?\n"

    objectives = page.select_one("div.handbook-objectives")
    assert len(objectives.select("ol > li")) == 3

    leaving = page.select_one("div.handbook-talk-track#tt-leaving")
    assert leaving.select_one(".admonition-title").get_text() == "The client says \u201cwe\u2019re leaving\u201d on a call"
    lines = [(dt.get_text(), dt.find_next_sibling("dd").select_one("div.highlight pre").get_text())
             for dt in leaving.select("dt")]
    assert lines == [
        ("Say", "Thank you for telling me directly. May I ask what led to it?\n"),
        ("If they say \u201cWe\u2019ve already decided\u201d",
         "I understand, and I respect that. How can I make the handover easy?\n"),
        ("If they go quiet", "Take your time. I'm here to help either way.\n"),
    ]
    assert not leaving.select(".gp, .go")  # nothing copybutton would leave out

    managers = page.select_one("div.handbook-for-managers")
    assert [dt.get_text() for dt in managers.select("dt")] == ["Spot it", "Ask"]
    assert len(managers.select("dd ol > li")) == 2

    practices = {dt.get_text(strip=True).rstrip(":"): dt.find_next_sibling("dd").get_text(strip=True)
                 for dt in page.select("div.handbook-exercise dl.handbook-parts dt")}
    assert practices["Practices"] == "Objectives 1 and 3 (under \u201cYou will be able to\u201d)"
    role_play = page.select_one("div.handbook-role-play dl.handbook-parts").get_text(" ", strip=True)
    assert "Practices : Objective 2 (under \u201cYou will be able to\u201d)" in role_play

    # A talk track's label links with its title; its title is found by search and the index.
    assert page.select_one('a[href="#tt-leaving"]').get_text() == 'The client says "we\'re leaving" on a call'
    genindex = soup_of(out / "html" / "genindex.html").get_text(" ")
    assert "The buyer asks for a discount" in genindex and "talk track" in genindex


def test_the_parts_print_as_titled_boxes_kept_whole(tmp_path, capsys):
    status, _, out = build(tmp_path, builder="latex")
    assert status == 0, capsys.readouterr().err
    tex = next((out / "latex").glob("*.tex")).read_text(encoding="utf-8")
    for kind, title in (("in-a-hurry", "In a hurry"), ("objectives", "You will be able to"),
                        ("talk-track", "The buyer asks for a discount"), ("for-managers", "For managers")):
        style = PRINT_STYLES[kind]
        match = re.search(r"\\needspace\{(\d+)\\baselineskip\}\n\\begingroup.*\n\\begin\{sphinxadmonition\}\{%s\}\{%s\}"
                          % (style, re.escape(title)), tex)
        assert match, f"{kind}: no titled {style} box kept whole"
    assert len(set(PRINT_STYLES[k] for k in PARTS)) == 4  # four kinds, four looks
    # Words print as quoted text, not as verbatim lines.
    assert "\n\u201cThanks for telling me. What changed for you?\u201d\n" in tex
    assert "\\begin{sphinxVerbatim}" not in tex


# -- each malformed part fails the strict build, with file and line -----------------------------------

SAY = 'Say\n: "Thanks for telling me. What changed for you?"\n'
SEEDS = {
    "two things to do": (("3. Write down the answer.\n", ""), 14, "in-a-hurry", "exactly three things to do, not 2"),
    "no Say in a hurry": ((SAY, "Note\n: Something.\n"), 14, "in-a-hurry", "one 'Say' and nothing else"),
    "steps not numbered": (("1. Call the client today.\n2. Ask what changed.\n3. Write down the answer.\n",
                            "- Call.\n- Ask.\n- Write.\n"), 14, "in-a-hurry", "one numbered list and one 'Say'"),
    "one objective": (("2. Spot the signs early.\n3. Write a short follow-up.\n", ""), 25, "objectives",
                      "1 objective(s); a chapter has 2 to 4"),
    "five objectives": (("3. Write a short follow-up.\n", "3. Write.\n4. Plan.\n5. Rest.\n"), 25, "objectives",
                        "5 objective(s); a chapter has 2 to 4"),
    "talk track without Say": (('Say\n: "Let\'s look', 'Open\n: "Let\'s look'), 46, "talk-track",
                               "starts with one 'Say'"),
    "talk track without a reply": (('If they push\n: "I hear you. Which part matters most?"\n', ""), 46,
                                   "talk-track", "at least one reply"),
    "reply not 'If they'": (("If they push\n", "When they push\n"), 46, "talk-track",
                            "'When they push' is not a reply"),
    "words that are a list": (('If they push\n: "I hear you. Which part matters most?"\n',
                               "If they push\n: - one\n  - two\n"), 46, "talk-track",
                              "'If they push' needs the words to say"),
    "managers without Spot it": (("Spot it\n", "Look\n"), 87, "for-managers", "'Look' is not a part"),
    "three coaching questions": (('  2. "What will you ask on the next call?"\n',
                                  '  2. "What will you ask on the next call?"\n  3. "And?"\n'), 87, "for-managers",
                                 "'Ask' holds exactly two coaching questions"),
    "objective out of range": ((":objectives: 1, 3\n", ":objectives: 1, 3, 5\n"), 58, "objectives",
                               "practices objective 5, but the chapter's {objectives} list has 3"),
    "objective not practiced": ((":objectives: 2\n", ""), 25, "objectives",
                                "objective 2 is practiced by no exercise or role-play"),
    # The exercise is dropped, so its objectives also show as not practiced (below).
    "objectives not numbers": ((":objectives: 1, 3\n", ":objectives: first\n"), 58, "exercise",
                               "bad value for ':objectives:'"),
    "one talk track": ((":::{talk-track} The buyer asks for a discount", ":::{template} The buyer asks for a discount"),
                       10, "shape", "chapter has 1 talk track(s); write 2 to 3"),
    "no for-managers block": ((":::{for-managers}", ":::{discussion-questions}"), 10, "shape",
                              "chapter has no {for-managers} block"),
}


@pytest.mark.parametrize("seed", SEEDS, ids=list(SEEDS))
def test_each_malformed_part_fails_the_build_with_file_line_and_type(tmp_path, capsys, seed):
    replace, line, kind, message = SEEDS[seed]
    status, src, _ = build(tmp_path, replace)
    err = capsys.readouterr().err
    assert status != 0
    found = warnings_of(err, src)
    consequences = [("chapter.md", 25, "handbook.objectives")] * 2 if seed == "objectives not numbers" else []
    assert [(f, n, t) for f, n, t, _ in found] == [("chapter.md", line, f"handbook.{kind}"), *consequences], err
    assert message in found[0][3], found[0][3]


def test_four_talk_tracks_are_too_many(tmp_path, capsys):
    extra = "\n\n".join(f":::{{talk-track}} Moment {n}\nSay\n: \"Hello.\"\n\nIf they ask\n: \"Yes.\"\n:::"
                        for n in (3, 4))
    status, src, _ = build(tmp_path, ("## Exercise\n", f"{extra}\n\n## Exercise\n"))
    assert status != 0
    found = warnings_of(capsys.readouterr().err, src)
    assert [(f, n, t) for f, n, t, _ in found] == [("chapter.md", 10, "handbook.shape")]
    assert f"chapter has 4 talk track(s); write {TALK_TRACKS[0]} to {TALK_TRACKS[1]}" in found[0][3]


# -- the real book ------------------------------------------------------------------------------

CHAPTERS = sorted(str(p.relative_to(ROOT / "docs").with_suffix("")) for p in (ROOT / "docs").rglob("*.md")
                  if re.match(r"---\n(?:.*\n)*?sources:", p.read_text(encoding="utf-8")))


def _check_chapter(page: BeautifulSoup, chapter: str) -> None:
    article = page.select_one("article")
    headings = [re.sub(r"^[\d.]+", "", h.get_text(strip=True)).rstrip("¶#") for h in article.select("h2")]
    assert headings == HEADINGS, chapter
    hurry = article.select_one("section#in-a-hurry div.handbook-in-a-hurry")
    assert len(hurry.select("ol > li")) == 3, chapter
    assert hurry.select_one("dd div.highlight pre").get_text().strip(), chapter
    objectives = article.select("div.handbook-objectives ol > li")
    assert 2 <= len(objectives) <= 4, chapter
    tracks = article.select("section#talk-tracks div.handbook-talk-track")
    assert TALK_TRACKS[0] <= len(tracks) <= TALK_TRACKS[1], chapter
    for track in tracks:
        terms = [dt.get_text() for dt in track.select("dt")]
        assert terms[0] == "Say" and len(terms) >= 2 and all(t.startswith("If they") for t in terms[1:]), terms
        assert len(track.select("dd div.highlight pre")) == len(terms), chapter
    managers = article.select_one("div.handbook-for-managers")
    assert [dt.get_text() for dt in managers.select("dt")] == ["Spot it", "Ask"], chapter
    assert len(managers.select("dd ol > li")) == 2, chapter
    practiced = " ".join(dl.get_text(" ") for dl in article.select(
        "div.handbook-exercise dl.handbook-parts, div.handbook-role-play dl.handbook-parts"))
    # Every objective is practiced, and the exercise says so in words a trainer reads.
    numbers = {int(n) for spelled in re.findall(r"Objectives? ((?:\d+(?:, | and )?)+)", practiced)
               for n in re.findall(r"\d+", spelled)}
    assert numbers == set(range(1, len(objectives) + 1)), (chapter, practiced)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_has_the_parts_in_the_participant_edition(handbook_html, chapter):
    _check_chapter(soup_of(handbook_html / f"{chapter}.html"), chapter)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_has_the_parts_in_the_trainer_edition(handbook_trainer_html, chapter):
    _check_chapter(soup_of(handbook_trainer_html / f"{chapter}.html"), chapter)


def test_every_chapter_prints_its_parts(handbook_pdf):
    def squeezed(text: str) -> str:  # the PDF's text loses spaces and keeps typographic quotes
        return re.sub(r"[\s\u201c\u201d\u2019\"']", "", text)

    text = squeezed("".join(page.extract_text() or "" for page in PdfReader(handbook_pdf).pages))
    sources = {c: (ROOT / "docs" / f"{c}.md").read_text(encoding="utf-8") for c in CHAPTERS}
    # A chapter's own pages: from its title on its opening page (in capitals) to the next chapter's.
    starts = sorted((text.index(squeezed(re.search(r"^# (.+)$", sources[c], re.M)[1]).upper()), c) for c in CHAPTERS)
    for (start, chapter), (end, _) in zip(starts, [*starts[1:], (len(text), None)]):
        pages = text[start:end]
        for heading in ("In a hurry", "You will be able to", "Talk tracks", "For managers", "Spot it", "Practices"):
            assert squeezed(heading) in pages, (chapter, heading)
        for track in re.findall(r"^:::\{talk-track\} (.+)$", sources[chapter], re.M):
            assert squeezed(track) in pages, (chapter, track)


# -- in a browser: copy the words, read them on a phone ---------------------------------------------


@pytest.fixture
def phone_page(browser, site_url):
    context = browser.new_context(base_url=site_url, viewport={"width": 360, "height": 740}, is_mobile=True,
                                  has_touch=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    yield page
    context.close()


def test_talk_track_words_copy_and_fit_a_phone(phone_page):
    page = phone_page
    page.goto("leadership/existing-clients.html")
    track = page.locator("div.handbook-talk-track#tt-former-contact")
    words = track.locator("dd div.highlight")
    assert track.locator("button.copybtn").count() == words.count() == 3
    words.first.hover()
    track.locator("button.copybtn").first.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip().startswith("Not today. I enjoyed working with you at OLD COMPANY")
    assert "Say" not in copied and "\u201c" not in copied and '"' not in copied
    # On a phone the words wrap: nothing in "In a hurry" or a talk track scrolls sideways.
    for pre in page.locator("div.handbook-in-a-hurry pre, div.handbook-talk-track pre").all():
        assert pre.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), pre.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_practice_page_lists_every_talk_track_with_its_words(handbook_html):
    """A rep finds all the talk tracks in one place, words and replies copyable."""
    chapters = sorted(handbook_html.glob("*/*.html"))
    tracks = [(page, div) for page in chapters for div in soup_of(page).select("div.handbook-talk-track")]
    listing = soup_of(handbook_html / "practice" / "templates.html")
    entries = listing.select(".handbook-index-talk-track .handbook-index-entry")
    assert len(entries) == len(tracks) >= 14
    for entry in entries:
        terms = [strong.get_text() for strong in entry.select("p > strong")]
        assert terms[0] == "Say" and len(terms) >= 2 and all(t.startswith("If they") for t in terms[1:]), terms
        assert len(entry.select("div.highlight pre")) == len(terms)  # each one's words copyable
