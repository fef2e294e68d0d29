"""What an editor sees from ``python -m handbook import`` itself (``cli.py``),
found by mutmut (``make mutation``): the text report line by line, the JSON
report's fields, the batch summary and the progress line, the bibliography as
it is appended to, the overrides and their refusals, and files left alone when
nothing changed. The posts are invented here.
"""

from __future__ import annotations

import io
import json
import re
import os
from pathlib import Path

import pytest

from handbook.__main__ import _parser
from handbook.importer import DEFAULT_OFFTOPIC, run_import
from importing import TODAY, repo, run  # noqa: F401  (repo is a fixture)

BLOGS = Path(__file__).parent / "fixtures" / "blogs"
SPAM = "Cheap watches here http://spam.invalid buy buy buy now, best prices in town today"
BUDGET = ("Ask for the Budget Early\n\nby Lena Park\n\n"
          "Ask about the budget on the first call, before you write a proposal.\n\n"
          "A buyer who cannot name a budget is not yet a buyer, so plan the next call around finding one.\n\n"
          f"Comments\n\n{SPAM}\n")
PAGE = ("<html><head><title>Two Pictures</title></head><body><article><h1>Two Pictures</h1>"
        "<p>Draw the pipeline once a week and compare the pictures side by side.</p>"
        "<figure><img src='week1.png' alt='Week one'></figure><figure><img src='week2.png' alt='Week two'></figure>"
        "<p>The change between two pictures tells you more than either picture alone.</p></article></body></html>")
WXR = ('<?xml version="1.0"?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
       'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
       "<channel><title>Desk Log</title><item><title>Plan the Week</title><dc:creator>mo</dc:creator>"
       "<wp:post_type>post</wp:post_type><wp:status>publish</wp:status>"
       "<wp:post_date>2024-13-45 10:00:00</wp:post_date><content:encoded><![CDATA[Read last week's calls before "
       "you plan this week's, every Monday morning.]]></content:encoded></item>"
       "<item><title>Half</title><wp:post_type>post</wp:post_type><wp:status>draft</wp:status></item>"
       "<item><title>Notes</title><wp:post_type>post</wp:post_type><wp:status>private</wp:status></item>"
       "</channel></rss>")


def inputs(folder: Path) -> list[str]:
    """Four files: a text post with a spam comment, a page with two images, a WordPress export with a bad
    date and a draft, and a post with an unclassified header line."""
    folder.mkdir(exist_ok=True)
    (folder / "budget.txt").write_text(BUDGET, encoding="utf-8")
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    (folder / "log.xml").write_text(WXR, encoding="utf-8")
    return [str(folder / "budget.txt"), str(folder / "page.html"), str(folder / "log.xml"),
            str(BLOGS / "posted-by.txt")]


def test_the_text_report_says_what_each_post_holds_and_what_is_written(repo, tmp_path, capsys):
    files = inputs(tmp_path / "in")
    bib, drafts = repo / "references.bib", repo / "drafts"
    capsys.readouterr()
    assert run(repo, *files, "--dry-run") == 0
    dry = capsys.readouterr()
    assert not drafts.exists() and bib.read_text(encoding="utf-8") == "% sources\n"
    assert run(repo, *files) == 0
    real = capsys.readouterr()
    entries = bib.read_text(encoding="utf-8").split("\n@")[1:]
    assert len(entries) == 4
    keys = ["park-ask-for-the-budget-early", "two-pictures", "achebe-plan-the-week", "haddad-2021-share-the-credit"]
    keys[2] = next(e.split("{")[1].split(",")[0] for e in entries if "Plan the Week" in e)
    reports = [
        [f"{files[0]}: {keys[0]}",
         "  title Ask for the Budget Early; author Lena Park; blog -; date -",
         "  missing: blog, date (fill with --blog / --date)",
         "  body 33 words; 1 chrome line removed; comments 0 kept, 1 dropped",
         "    dropped (spam: contains a link): " + SPAM[:60]],
        [f"{files[1]}: {keys[1]}",
         "  title Two Pictures; author -; blog -; date -",
         "  missing: author, blog, date (fill with --author / --blog / --date)",
         "  2 images listed in the cleaned post (not downloaded)",
         "  body 25 words; 0 chrome lines removed; comments 0 kept, 0 dropped"],
        [f"{files[2]}: {keys[2]}",
         "  title Plan the Week; author mo; blog Desk Log; date -",
         "  missing: date (fill with --date)",
         "  warning: its post date '2024-13-45 10:00:00' is no date, so the date is left missing; fix it in the "
         "bibliography entry",
         "  body 14 words; 0 chrome lines removed; comments 0 kept, 0 dropped"],
        [f"{files[3]}: {keys[3]}",
         "  title Share the Credit; author Omar Haddad; blog -; date 2021-05-12",
         "  missing: blog (fill with --blog)",
         "  kept in the body, not understood as a header line: Reading time: four minutes",
         "  body 90 words; 0 chrome lines removed; comments 0 kept, 0 dropped"],
    ]
    width = max(len(name) for name in files)
    summary = ["4 files: 4 imported (4 posts), 0 failed, 2 items skipped",
               *(f"  imported  {name:<{width}}  1 post" for name in files)]
    entry = {key: "  @" + next(e for e in entries if e.startswith(f"misc{{{key},")).rstrip().replace("\n", "\n  ")
             for key in keys}
    assert dry.out.splitlines() == [
        line for report, key in zip(reports, keys) for line in report + [
            f"  add to {bib}", f"  would write {drafts / key}.md", f"  would write {drafts / key}.post.txt",
            *entry[key].splitlines()]
    ] + summary
    assert real.out.splitlines() == [
        line for report, key in zip(reports, keys) for line in report + [
            f"  add to {bib}", f"  write {drafts / key}.md", f"  write {drafts / key}.post.txt"]
    ] + summary
    for key, name in zip(keys, files):
        assert (drafts / f"{key}.post.txt").read_text(encoding="utf-8").startswith(
            f"Source record {key}, imported from {name}\n")
    assert real.err.splitlines() == [
        f"note: {files[2]}: skipped 'Half': status draft: only published posts are imported",
        f"note: {files[2]}: skipped 'Notes': status private: only published posts are imported"]
    # a second run: every entry is already in, nothing is written again (the file times stay as set)
    old = 1_600_000_000
    for path in [bib, *drafts.iterdir()]:
        os.utime(path, (old, old))
    assert run(repo, *files) == 0
    again = capsys.readouterr().out.splitlines()
    assert [line for line in again if "already in" in line] == [f"  already in {bib}"] * 4
    assert {path.stat().st_mtime for path in [bib, *drafts.iterdir()]} == {old}


def test_the_json_report_holds_every_field_and_the_summary_goes_to_standard_error(repo, tmp_path, capsys):
    files = inputs(tmp_path / "in")
    broken = tmp_path / "in" / "broken.xml"
    broken.write_text("<?xml version='1.0'?><rss><channel><title>T</channel></rss>", encoding="utf-8")
    capsys.readouterr()
    assert run(repo, *files[:2], str(broken), str(tmp_path / "gone.txt"), "--json", "--dry-run") == 1
    captured = capsys.readouterr()
    posts = [json.loads(line) for line in captured.out.splitlines()]
    assert posts[0] == {
        "source": files[0], "key": "park-ask-for-the-budget-early", "title": "Ask for the Budget Early",
        "author": "Lena Park", "blog": None, "date": None, "tags": [], "images": [], "encoding": "utf-8",
        "body_words": 33, "comments_kept": [],
        "comments_dropped": [{"text": SPAM, "author": None,
                              "kept": False, "reason": "spam: contains a link", "similarity": 0.0}],
        "missing": ["blog", "date"], "removed": ["Comments"], "unclassified": [], "warnings": [],
    }
    assert [(p["key"], p["images"]) for p in posts[1:]] == [("two-pictures", [
        {"src": "week1.png", "alt": "Week one", "caption": None},
        {"src": "week2.png", "alt": "Week two", "caption": None}])]
    err = captured.err.splitlines()
    width = len(str(broken))
    assert err[-4:] == [
        "4 files: 2 imported (2 posts), 2 failed",
        f"  imported  {files[0]:<{width}}  1 post",
        f"  imported  {files[1]:<{width}}  1 post",
        f"  failed    {broken}  is not well-formed XML (line 1, column 45): mismatched tag; fix that line or export "
        f"the feed or export again"[:len(f"  failed    {broken}  ") + 100],
    ]
    assert err[0].startswith(f"error: {tmp_path / 'gone.txt'}") and err[1].startswith(f"error: {broken} is not")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_batch_on_a_terminal_shows_its_progress_on_one_line(repo, tmp_path):
    files = inputs(tmp_path / "in")[:2]
    args = _parser().parse_args(["import", *files, "--dry-run", "--bib", str(repo / "references.bib"),
                                 "--drafts", str(repo / "drafts"), "--today", TODAY])
    args.offtopic_threshold = DEFAULT_OFFTOPIC
    out, err = io.StringIO(), Terminal()
    assert run_import(args, out, err) == 0
    blank = "\r" + " " * 72 + "\r"
    assert err.getvalue() == (f"\r[1/2] {files[0][-60:]:<60}" f"\r[2/2] {files[1][-60:]:<60}" + blank)
    assert out.getvalue().splitlines()[:3] == [
        f"{files[0]}: park-ask-for-the-budget-early",
        "  title Ask for the Budget Early; author Lena Park; blog -; date -",
        "  missing: blog, date (fill with --blog / --date)"]
    # a post with nothing known: a dash for each field
    bare = Path(__file__).parent / "fixtures" / "posts" / "bare.txt"
    args.files, out = [str(bare)], io.StringIO()
    assert run_import(args, out, Terminal()) == 0
    assert out.getvalue().splitlines()[1:3] == [
        "  title -; author -; blog -; date -",
        "  missing: title, author, blog, date (fill with --title / --author / --blog / --date)"]
    # the JSON report goes to the stream given, with its letters as written (not \u escapes)
    cafe = tmp_path / "in" / "cafe.txt"
    cafe.write_text(BUDGET.replace("Ask for the Budget Early", "Ask for the Budget Before the Caf\u00e9 Meeting"),
                    encoding="utf-8")
    args.files, args.json, out = [str(cafe)], True, io.StringIO()
    assert run_import(args, out, Terminal()) == 0
    assert '"title": "Ask for the Budget Before the Caf\u00e9 Meeting"' in out.getvalue()
    args.json = False
    # a file that fails clears the line before its error
    bad = tmp_path / "in" / "bad.xml"
    bad.write_text("<?xml version='1.0'?><rss><channel><title>T</channel></rss>", encoding="utf-8")
    args.files = [files[0], str(bad)]
    err = Terminal()
    assert run_import(args, io.StringIO(), err) == 1
    assert err.getvalue().startswith(f"\r[1/2] {files[0][-60:]:<60}\r[2/2] {str(bad)[-60:]:<60}{blank}error: {bad} ")
    assert err.getvalue().endswith(f"\n{blank}")
    # one file: no progress line
    args.files = files[:1]
    err = Terminal()
    assert run_import(args, io.StringIO(), err) == 0
    assert err.getvalue() == ""


def test_the_bibliography_is_appended_to_with_one_blank_line_and_a_hand_written_entry_is_kept(tmp_path, capsys):
    post = tmp_path / "budget.txt"
    post.write_text(BUDGET, encoding="utf-8")
    hand = "@misc{park-ask-for-the-budget-early,\n  title = {{Ask Early}},\n}\n"
    for before in ("", "% sources", "% sources\n", "% sources\n\n", None):
        folder = tmp_path / f"case{len(list(tmp_path.iterdir()))}"
        bib = folder / "refs" / "references.bib"  # the folder is new: made under the lock
        if before is not None:
            bib.parent.mkdir(parents=True)
            bib.write_text(before, encoding="utf-8")
        assert run_main(post, bib, folder / "a" / "b" / "drafts") == 0
        text = bib.read_text(encoding="utf-8")
        start = (before or "") + {"": "", "% sources": "\n\n", "% sources\n": "\n", "% sources\n\n": ""}.get(
            before or "", "")
        assert text.startswith(start + "@misc{park-ask-for-the-budget-early,\n"), (before, text)
        assert (folder / "a" / "b" / "drafts" / "park-ask-for-the-budget-early.md").exists()
    # an entry the editor wrote by hand under the same key is the post's: kept, not doubled
    bib = tmp_path / "hand.bib"
    bib.write_text(hand, encoding="utf-8")
    capsys.readouterr()
    assert run_main(post, bib, tmp_path / "hand-drafts") == 0
    assert bib.read_text(encoding="utf-8") == hand
    assert f"  already in {bib}" in capsys.readouterr().out
    # an entry the importer wrote for another post under that key: the new post gets -2
    other = tmp_path / "other.bib"
    other.write_text(hand.replace("}},\n}", "}},\n  importid = {0123456789ab},\n}"), encoding="utf-8")
    assert run_main(post, other, tmp_path / "other-drafts") == 0
    assert "@misc{park-ask-for-the-budget-early-2," in other.read_text(encoding="utf-8")
    # a bibliography that is not UTF-8 is not read (nor written)
    latin = tmp_path / "latin.bib"
    latin.write_bytes("@misc{m\u00fcller,\n  title = {{Sch\u00f6n}},\n}\n".encode("latin-1"))
    capsys.readouterr()
    assert run_main(post, latin, tmp_path / "latin-drafts") == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: cannot read {latin} (") and err.endswith("); fix it or pass --bib\n"), err
    assert not (tmp_path / "latin-drafts").exists() or not any((tmp_path / "latin-drafts").iterdir())


def run_main(post: Path, bib: Path, drafts: Path) -> int:
    from handbook.__main__ import main

    return main(["import", str(post), "--bib", str(bib), "--drafts", str(drafts), "--today", TODAY])


@pytest.mark.parametrize("extra, code, message", [
    (["--title", "  ", "--author", ""], 0, None),  # blank overrides are no overrides: two files are fine
    (["--title", "Plan"], 2, "error: --title, --author, --blog and --date apply to a single file; import files one "
                             "at a time"),
])
def test_blank_overrides_are_ignored_and_real_ones_need_a_single_file(repo, tmp_path, capsys, extra, code, message):
    files = inputs(tmp_path / "in")[:2]
    capsys.readouterr()
    assert run(repo, *files, *extra, "--dry-run", "--json") == code
    err = capsys.readouterr().err
    assert (message is None and "error" not in err) or err == message + "\n"


def test_overrides_refuse_a_folder_a_zip_and_a_file_of_several_posts(repo, tmp_path, capsys):
    folder = tmp_path / "in"
    inputs(folder)
    single = "error: --title, --author, --blog and --date apply to a single file; import files one at a time\n"
    for target in (str(folder), str(tmp_path / "posts.zip")):
        capsys.readouterr()
        assert run(repo, target, "--blog", "Desk") == 2
        assert capsys.readouterr().err == single
    several = tmp_path / "two.xml"
    several.write_text(WXR.replace("<wp:status>private</wp:status>", "").replace(
                       "<wp:status>draft</wp:status>", "<wp:status>publish</wp:status>"
                                   "<content:encoded>Read the calls of last week again on Monday.</content:encoded>"),
                       encoding="utf-8")
    capsys.readouterr()
    assert run(repo, str(several), "--date", " 2024-02-03 ") == 2
    assert capsys.readouterr().err == (f"error: {several} holds 2 posts; --title and the other overrides need a "
                                       f"file with one post\n")
    assert not (repo / "drafts").exists()
    capsys.readouterr()
    assert run(repo, str(folder / "budget.txt"), "--date", " 2024-02-03 ", "--json", "--dry-run") == 0
    assert json.loads(capsys.readouterr().out)["date"] == "2024-02-03"


def test_a_folder_of_drafts_only_is_told_it_holds_no_published_post(repo, tmp_path, capsys):
    folder = tmp_path / "drafts-only"
    folder.mkdir()
    (folder / "idea.md").write_bytes((BLOGS / "draft-post.md").read_bytes())
    capsys.readouterr()
    assert run(repo, str(folder)) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == f"error: {folder} holds no published posts (1 item skipped, listed above); nothing to import"
    assert err[0].startswith(f"note: {folder / 'idea.md'}: skipped ")


def test_paths_that_are_all_missing_get_a_batch_summary_with_no_rows(repo, tmp_path, capsys):
    capsys.readouterr()
    assert run(repo, str(tmp_path / "a.txt"), str(tmp_path / "b.txt")) == 1
    captured = capsys.readouterr()
    assert captured.out == "2 files: 0 imported (0 posts), 2 failed\n"
    assert [line.split(":")[0] for line in captured.err.splitlines()] == ["error", "error"]


def test_a_draft_saved_in_another_encoding_is_an_editors_work_and_only_force_replaces_it(repo, tmp_path, capsys):
    post = tmp_path / "budget.txt"
    post.write_text(BUDGET, encoding="utf-8")
    assert run(repo, str(post)) == 0
    draft = repo / "drafts" / "park-ask-for-the-budget-early.md"
    fresh = draft.read_text(encoding="utf-8")
    draft.write_bytes(fresh.replace("Ask", "Fr\u00e4g").encode("latin-1", "replace"))  # not UTF-8
    edited = draft.read_bytes()
    capsys.readouterr()
    assert run(repo, str(post)) == 1
    assert capsys.readouterr().err == (f"error: {draft} already exists and differs from a fresh draft (an editor's "
                                       f"work?); move it away or pass --force to overwrite it\n")
    assert draft.read_bytes() == edited
    assert run(repo, str(post), "--force") == 0
    assert draft.read_text(encoding="utf-8") == fresh


def test_with_no_today_given_the_review_date_is_a_year_from_the_clock(repo, tmp_path, monkeypatch):
    import datetime as dt

    class Clock(dt.date):
        @classmethod
        def today(cls):
            return cls(2025, 3, 4)

    monkeypatch.setattr(dt, "date", Clock)
    post = tmp_path / "budget.txt"
    post.write_text(BUDGET, encoding="utf-8")
    from handbook.__main__ import main

    assert main(["import", str(post), "--bib", str(repo / "references.bib"), "--drafts", str(repo / "drafts")]) == 0
    draft = (repo / "drafts" / "park-ask-for-the-budget-early.md").read_text(encoding="utf-8")
    assert "review-by: 2026-03-04" in draft


def test_run_import_writes_every_line_of_its_report_to_the_stream_it_is_given(repo, tmp_path, capsys):
    files = inputs(tmp_path / "in")
    capsys.readouterr()
    assert run(repo, *files, "--dry-run") == 0
    printed = capsys.readouterr()
    args = _parser().parse_args(["import", *files, "--dry-run", "--bib", str(repo / "references.bib"),
                                 "--drafts", str(repo / "drafts"), "--today", TODAY])
    args.offtopic_threshold = DEFAULT_OFFTOPIC
    out, err = io.StringIO(), io.StringIO()
    assert run_import(args, out, err) == 0
    assert capsys.readouterr().out == ""
    assert (out.getvalue(), err.getvalue()) == (printed.out, printed.err)
    args.dry_run, out = False, io.StringIO()  # and when the files are written
    assert run_import(args, out, io.StringIO()) == 0
    assert capsys.readouterr().out == "" and f"  write {repo / 'drafts'}" in out.getvalue()


def test_a_long_header_line_that_is_not_understood_is_shown_in_its_first_70_characters(repo, tmp_path, capsys):
    line = "Quarterly Notes Volume Three Issue Twelve Special Edition for Sellers and Their Managers"
    post = tmp_path / "long.txt"
    post.write_text(f"Share the Credit\nPosted by Omar Haddad on 12 May 2021\n{line}\n\n"
                    "When a deal closes, name everyone who helped in the announcement, from the engineer to the "
                    "manager.\n\nCredit shared in public costs nothing and buys you help on the next deal.\n",
                    encoding="utf-8")
    capsys.readouterr()
    assert run(repo, str(post), "--dry-run") == 0
    shown = [x for x in capsys.readouterr().out.splitlines() if "not understood" in x]
    assert shown == [f"  kept in the body, not understood as a header line: {line[:70]}"]


class Pipe:
    """A stream with no isatty (a bare writer): no progress line."""

    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


class CountingTerminal(Terminal):
    flushes = 0

    def flush(self):
        self.flushes += 1
        super().flush()


def test_progress_is_flushed_on_a_terminal_and_absent_on_a_bare_stream_and_rows_say_what_failed(
        repo, tmp_path, capsys):
    files = inputs(tmp_path / "in")[:2]
    args = _parser().parse_args(["import", *files, "--dry-run", "--bib", str(repo / "references.bib"),
                                 "--drafts", str(repo / "drafts"), "--today", TODAY])
    args.offtopic_threshold = DEFAULT_OFFTOPIC
    err = CountingTerminal()
    assert run_import(args, io.StringIO(), err) == 0
    assert err.flushes >= 2
    pipe = Pipe()
    assert run_import(args, io.StringIO(), pipe) == 0
    assert "[1/2]" not in pipe.text
    # a row for a file of two posts, and the refusal of a file whose message goes "<file>: ..."
    front = tmp_path / "in" / "front.md"
    front.write_text("---\ntitle: [unclosed\n---\n\nBody.\n", encoding="utf-8")
    capsys.readouterr()
    assert run(repo, str(BLOGS / "mixed.wxr"), str(front), "--dry-run") == 1
    rows = capsys.readouterr().out.splitlines()[-2:]
    width = max(len(str(BLOGS / "mixed.wxr")), len(str(front)))
    assert rows[0] == f"  imported  {str(BLOGS / 'mixed.wxr'):<{width}}  2 posts"
    assert rows[1].startswith(f"  failed    {str(front):<{width}}  the front matter is not valid YAML")


def test_a_date_override_in_the_compact_iso_form_is_written_with_dashes(repo, tmp_path, capsys):
    post = tmp_path / "budget.txt"
    post.write_text(BUDGET, encoding="utf-8")
    capsys.readouterr()
    assert run(repo, str(post), "--date", "20240203", "--json", "--dry-run") == 0
    assert json.loads(capsys.readouterr().out)["date"] == "2024-02-03"


def test_two_drafts_are_counted_and_an_archive_member_outside_it_makes_a_batch(repo, tmp_path, capsys):
    drafts = tmp_path / "two-drafts"
    drafts.mkdir()
    for name in ("a.md", "b.md"):
        (drafts / name).write_bytes((BLOGS / "draft-post.md").read_bytes())
    capsys.readouterr()
    assert run(repo, str(drafts)) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"error: {drafts} holds no published posts (2 items skipped, listed above); nothing to import")
    # one archive whose member points outside it: one file imported, one refused, summed up
    import zipfile

    archive = tmp_path / "posts.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("budget.txt", BUDGET)
        zf.writestr("../evil.txt", BUDGET)
    assert run(repo, str(archive), "--dry-run") == 1
    assert "2 files: 1 imported (1 post), 1 failed" in capsys.readouterr().out


def test_a_reader_that_stops_reading_the_report_ends_no_import_half_way(tmp_path):
    """``python -m handbook import blog.xml | head -1``: the reader closes the pipe before the report is
    written. The import still writes every draft and every source, exits 0, and prints no traceback."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    (tmp_path / "references.bib").write_text("% sources\n", encoding="utf-8")
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone before the first line
    try:
        done = subprocess.run(
            [sys.executable, "-m", "handbook", "import", str(ROOT / "tests" / "fixtures" / "blogs" / "atom.xml"),
             "--bib", str(tmp_path / "references.bib"), "--drafts", str(tmp_path / "drafts"), "--today", "2026-01-15"],
            cwd=ROOT, stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write_end)
    assert done.returncode == 0 and "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
    drafts = sorted((tmp_path / "drafts").glob("*.md"))
    keys = re.findall(r"^@\w+\{([^,]+),", (tmp_path / "references.bib").read_text(encoding="utf-8"), re.M)
    assert drafts and len(keys) == len(drafts), (drafts, keys)


def test_an_archive_with_no_post_file_says_so_and_a_second_path_makes_a_batch(repo, tmp_path, capsys):
    """An empty zip, or one holding only a Mac's metadata, has nothing to skip and nothing to refuse: the
    editor is told it holds no published posts, naming every path given. Beside a post file, it still
    makes a batch (two paths given), so the summary is printed."""
    import zipfile

    empty, metadata = tmp_path / "empty.zip", tmp_path / "mac.zip"
    zipfile.ZipFile(empty, "w").close()
    with zipfile.ZipFile(metadata, "w") as zf:
        zf.writestr("__MACOSX/._budget.txt", "x")
        zf.writestr(".DS_Store", "x")
    capsys.readouterr()
    assert run(repo, str(empty)) == 1
    assert capsys.readouterr().err == f"error: {empty} holds no published posts; nothing to import\n"
    assert run(repo, str(empty), str(metadata)) == 1
    assert capsys.readouterr().err == f"error: {empty}, {metadata} holds no published posts; nothing to import\n"
    assert not (repo / "drafts").exists() and (repo / "references.bib").read_text(encoding="utf-8") == "% sources\n"
    post = tmp_path / "budget.txt"
    post.write_text(BUDGET, encoding="utf-8")
    assert run(repo, str(empty), str(post), "--dry-run") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2:] == ["1 file: 1 imported (1 post), 0 failed", f"  imported  {post}  1 post"], out


def test_an_import_waits_while_another_holds_the_bibliography_folder(repo, tmp_path):
    """Two imports at once must not both append to the bibliography: the second waits for the first's lock
    on the folders it writes to. Here the test holds that lock (flock on the bibliography's folder, as an
    import does) and watches the kernel's lock table (/proc/locks) until the import waits in it; nothing is
    written until the lock is let go."""
    import fcntl
    import threading
    import time

    locks = Path("/proc/locks")
    if not locks.is_file():
        pytest.skip("no /proc/locks (not Linux): the lock is tested on Linux only")
    post = tmp_path / "budget.txt"
    post.write_text(BUDGET, encoding="utf-8")
    args = _parser().parse_args(["import", str(post), "--bib", str(repo / "references.bib"),
                                 "--drafts", str(repo / "drafts"), "--today", TODAY])
    args.offtopic_threshold = DEFAULT_OFFTOPIC
    inode = f":{os.stat(repo).st_ino} "
    result, out = [], io.StringIO()

    def waiting() -> bool:
        return any(" -> FLOCK " in line and inode in line for line in locks.read_text().splitlines())

    held = os.open(repo, os.O_RDONLY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
        worker = threading.Thread(target=lambda: result.append(run_import(args, out, io.StringIO())))
        worker.start()
        deadline = time.monotonic() + 120
        while worker.is_alive() and not waiting() and time.monotonic() < deadline:
            worker.join(0.01)
        assert worker.is_alive() and waiting(), "the import did not wait for the lock"
        assert not (repo / "drafts").exists()
        assert (repo / "references.bib").read_text(encoding="utf-8") == "% sources\n"
    finally:
        os.close(held)  # lets the import go on
    worker.join()
    assert result == [0]
    assert "park-ask-for-the-budget-early" in (repo / "references.bib").read_text(encoding="utf-8")
    assert sorted(p.name for p in (repo / "drafts").iterdir()) == ["park-ask-for-the-budget-early.md",
                                                                  "park-ask-for-the-budget-early.post.txt"]
