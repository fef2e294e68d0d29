"""``python -m handbook import`` and ``sources``, called as ``main([...])`` on
files in tmp_path: synthetic noisy posts, a saved HTML page, a WXR export,
every kind of bad input, and the five real posts when ../shared is present."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from handbook import fsutil
from handbook.__main__ import main
from importing import run

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "posts"
SHARED_POSTS = ROOT.parent / "shared" / "posts"




def as_json(repo: Path, capsys, *files: str) -> list[dict]:
    capsys.readouterr()
    assert run(repo, *files, "--json", "--dry-run") == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- what it finds ----------------------------------------------------------------------


def test_dated_header_comments_and_form_are_separated(repo, capsys):
    [post] = as_json(repo, capsys, str(FIXTURES / "dated-header.txt"))
    assert (post["title"], post["author"], post["blog"], post["date"]) == (
        "Pricing Conversations Without Fear", "Maria Ortega", "Northwind Selling Notes", "2019-09-03")
    assert post["key"] == "ortega-2019-pricing-conversations-without-fear"
    assert post["missing"] == []
    assert [c["text"][:11] for c in post["comments_kept"]] == ["Great post!"]
    assert sorted(c["reason"].split(":")[0] for c in post["comments_dropped"]) == ["empty", "spam"]
    for chrome in ("MENU", "Home", "Share this:", "Posted in Pricing, Negotiation", "Leave a Reply", "Name *"):
        assert chrome in post["removed"]
    assert post["body_words"] == 102


def test_byline_gives_the_author_and_nothing_is_guessed(repo, capsys):
    [post] = as_json(repo, capsys, str(FIXTURES / "byline.txt"))
    assert (post["title"], post["author"]) == ("Five Questions Before Any Demo", "Jane Doe")
    assert post["blog"] is None and post["date"] is None
    assert post["missing"] == ["blog", "date"]


def test_comments_without_any_marker_are_found_at_the_end(repo, capsys):
    [post] = as_json(repo, capsys, str(FIXTURES / "no-markers.txt"))
    assert post["title"] is None and post["missing"] == ["title", "author", "blog", "date"]
    assert [c["text"] for c in post["comments_kept"]] == ["Great post, thanks for sharing this review format with us!"]
    assert [c["reason"] for c in post["comments_dropped"]] == ["spam: shouting in capitals"]
    assert post["key"].startswith("untitled-")


def test_post_with_no_header_keeps_every_paragraph(repo, capsys):
    [post] = as_json(repo, capsys, str(FIXTURES / "bare.txt"))
    assert post["missing"] == ["title", "author", "blog", "date"]
    assert post["comments_kept"] == [] and post["comments_dropped"] == []
    assert post["body_words"] == 47


def test_saved_html_page(repo, capsys):
    [post] = as_json(repo, capsys, str(FIXTURES / "saved-page.html"))
    assert (post["title"], post["author"], post["blog"], post["date"]) == (
        "Handling Silence After a Proposal", "Sam Lee", "Field Notes", "2021-04-12")
    assert [c["author"] for c in post["comments_kept"]] == ["Priya"]
    assert [c["reason"] for c in post["comments_dropped"]] == ["spam: contains a link"]
    capsys.readouterr()
    assert run(repo, str(FIXTURES / "saved-page.html")) == 0
    text = (repo / "drafts" / f"{post['key']}.post.txt").read_text(encoding="utf-8")
    assert "You sent the proposal on Monday" in text
    assert "alert(" not in text and "tracker" not in text and "Share this" not in text
    assert "Even <script> written in the text stays text." in text  # inert text, never markup


def test_wordpress_export_gives_every_published_post(repo, capsys):
    posts = as_json(repo, capsys, str(FIXTURES / "export.wxr"))
    assert [p["title"] for p in posts] == ["Closing the Loop After a Lost Deal", "Weekly Pipeline Hygiene"]
    first = posts[0]
    assert (first["author"], first["blog"], first["date"]) == ("Ana Silva", "Team Sales Blog", "2020-02-14")
    assert [c["author"] for c in first["comments_kept"]] == ["Lee"]
    assert sorted(c["reason"] for c in first["comments_dropped"]) == [
        "spam: marked as spam in the export", "unapproved: not approved in the export"]


def test_off_topic_threshold_is_the_maintainers_to_set(repo, capsys):
    [post] = as_json(repo, capsys, str(FIXTURES / "export.wxr"))[:1]
    kept = post["comments_kept"][0]
    capsys.readouterr()
    assert run(repo, str(FIXTURES / "export.wxr"), "--json", "--dry-run",
               "--offtopic-threshold", str(kept["similarity"] + 0.01)) == 0
    strict = json.loads(capsys.readouterr().out.splitlines()[0])
    assert [c["reason"].split(":")[0] for c in strict["comments_dropped"]].count("off-topic") == 1


def test_json_has_the_documented_keys(repo, capsys):
    [post] = as_json(repo, capsys, str(FIXTURES / "byline.txt"))
    for key in ("title", "author", "blog", "date", "key", "body_words", "comments_kept", "comments_dropped",
                "missing", "removed"):
        assert key in post


# -- what it writes ----------------------------------------------------------------------


def test_import_writes_entry_draft_and_cleaned_text(repo, capsys):
    assert run(repo, str(FIXTURES / "dated-header.txt")) == 0
    key = "ortega-2019-pricing-conversations-without-fear"
    bib = (repo / "references.bib").read_text(encoding="utf-8")
    assert bib.startswith("% sources\n")
    assert re.search(rf"@misc\{{{key},\n  author\s+= \{{Maria Ortega\}},\n  title\s+= \{{\{{Pricing Conversations "
                     rf"Without Fear\}}\}},\n  howpublished = \{{Northwind Selling Notes \(blog\)\}},", bib)
    assert "note         = {Blog post dated September 3, 2019}" in bib
    draft = (repo / "drafts" / f"{key}.md").read_text(encoding="utf-8")
    assert draft.startswith("---\nsummary: ")
    assert f"sources: [{key}]" in draft and "review-by: 2027-01-15" in draft
    for section in ("## The story", "## Warning signs", "## Templates", "## Exercise", "## Discussion questions",
                    "## Key takeaways", "## Related chapters", "## Sources", ":::{trainer-note}"):
        assert section in draft
    cleaned = (repo / "drafts" / f"{key}.post.txt").read_text(encoding="utf-8")
    assert "Silence after a price is not a problem" in cleaned
    assert "dropped (spam: contains a link)" in cleaned and "Leave a Reply" in cleaned.split("Blog chrome removed:")[1]


def test_missing_fields_are_said_in_the_entry(repo):
    assert run(repo, str(FIXTURES / "bare.txt")) == 0
    bib = (repo / "references.bib").read_text(encoding="utf-8")
    assert "title = {{[Untitled post]}}" in bib
    assert "note  = {Not given in the post: title, author, blog name, date}" in bib
    assert "author" not in bib.split("@misc")[1].split("note")[0]


def test_second_run_changes_nothing(repo, capsys):
    files = [str(FIXTURES / name) for name in ("dated-header.txt", "saved-page.html", "export.wxr")]
    assert run(repo, *files) == 0
    before = snapshot(repo)
    capsys.readouterr()
    assert run(repo, *files) == 0
    assert snapshot(repo) == before
    assert capsys.readouterr().out.count("already in") == 4


def test_edited_draft_is_never_overwritten_without_force(repo, capsys):
    assert run(repo, str(FIXTURES / "byline.txt")) == 0
    draft = repo / "drafts" / "doe-five-questions-before-any-demo.md"
    draft.write_text(draft.read_text(encoding="utf-8") + "\nThe editor's own paragraph.\n", encoding="utf-8")
    edited = draft.read_bytes()
    capsys.readouterr()
    assert run(repo, str(FIXTURES / "byline.txt")) == 1
    err = capsys.readouterr().err
    assert f"error: {draft} already exists" in err and "--force" in err
    assert draft.read_bytes() == edited
    assert run(repo, str(FIXTURES / "byline.txt"), "--force") == 0
    assert b"The editor's own paragraph." not in draft.read_bytes()


def test_dry_run_writes_nothing_and_shows_the_entry(repo, capsys):
    before = snapshot(repo)
    assert run(repo, str(FIXTURES / "dated-header.txt"), "--dry-run") == 0
    out = capsys.readouterr().out
    assert snapshot(repo) == before
    assert "@misc{ortega-2019-pricing-conversations-without-fear," in out and "would write" in out


def test_overrides_fill_what_is_missing(repo, capsys):
    capsys.readouterr()
    assert run(repo, str(FIXTURES / "bare.txt"), "--title", "Referrals Follow Delivery", "--author", "Kai Berg",
               "--blog", "Desk Notes", "--date", "2022-05-01", "--json", "--dry-run") == 0
    post = json.loads(capsys.readouterr().out)
    assert post["missing"] == [] and post["key"] == "berg-2022-referrals-follow-delivery"


def test_overrides_refuse_more_than_one_file_or_a_bad_date(repo, capsys):
    assert run(repo, str(FIXTURES / "bare.txt"), str(FIXTURES / "byline.txt"), "--title", "X") == 2
    assert "apply to a single file" in capsys.readouterr().err
    assert run(repo, str(FIXTURES / "bare.txt"), "--date", "June 1") == 2
    assert "is not a date; write it as YYYY-MM-DD" in capsys.readouterr().err


def test_script_tags_in_a_text_post_stay_inert(repo, tmp_path):
    post = tmp_path / "xss.txt"
    post.write_text("Price <script>alert(1)</script> Talks\n\nBody about pricing talks with buyers, "
                    "including <img src=x onerror=alert(1)> as written.\n", encoding="utf-8")
    assert run(repo, str(post)) == 0
    [draft] = (repo / "drafts").glob("*.md")
    text = draft.read_text(encoding="utf-8")
    assert "<script>" not in text and r"\<script\>" in text
    assert "<img" not in (repo / "references.bib").read_text(encoding="utf-8").split("title")[0]


def test_sources_lists_chapters_and_flags_uncited(tmp_path, capsys):
    docs = tmp_path / "docs"
    (docs / "part").mkdir(parents=True)
    (docs / "references.bib").write_text(
        "@misc{cited-one,\n  title = {{A}},\n}\n\n@misc{lonely,\n  title = {{B}},\n}\n", encoding="utf-8")
    (docs / "part" / "chapter.md").write_text(
        "---\nsources: [cited-one]\n---\n\n# Chapter\n\nText {footcite:p}`cited-one`.\n", encoding="utf-8")
    assert main(["sources", "--docs", str(docs)]) == 0
    out = capsys.readouterr().out
    assert "cited-one: part/chapter" in out and "lonely: NOT CITED by any chapter" in out
    assert "2 sources, 1 not cited yet" in out


# -- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty.txt", b"  \n\n", "is empty; there is nothing to import"),
    ("binary.txt", b"PK\x03\x04\x00\x00binary", "looks like a binary file (NUL byte at offset 4)"),
    ("bad-bytes.txt", b"Caf\xc3\xa9 ok, then \x81\x8d broken", "is not UTF-8 (invalid byte 0x81 at offset 15)"),
    ("broken.xml", b"<?xml version='1.0'?><rss><channel><item><title>x</title></channel></rss>",
     "is not well-formed XML (line 1, column"),
    ("bomb.xml", b"<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;&lol;'>]>"
                 b"<rss><channel><title>&lol2;</title></channel></rss>", "was refused: it declares XML entities"),
    ("no-posts.xml", b"<?xml version='1.0'?><rss><channel><title>Empty</title></channel></rss>",
     "holds no published posts"),
])
def test_bad_input_is_refused_with_one_clear_line_and_nothing_written(repo, tmp_path, capsys, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    before = snapshot(repo)
    assert run(repo, str(path)) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {path} ") and message in err[0], err
    assert snapshot(repo) == before


def test_missing_path_and_html_without_article_are_refused(repo, capsys):
    assert run(repo, str(repo / "nope.txt")) == 1
    assert f"error: {repo / 'nope.txt'} does not exist" in capsys.readouterr().err
    assert run(repo, str(FIXTURES / "no-article.html")) == 1
    assert "has no article" in capsys.readouterr().err
    assert not (repo / "drafts").exists()


def test_windows_1252_is_decoded_and_said(repo, tmp_path, capsys):
    path = tmp_path / "legacy.txt"
    path.write_bytes("Pricing \u2013 the na\u00efve way\n\nA caf\u00e9 owner asked about prices and "
                     "discounts for pricing.\n".encode("cp1252"))
    capsys.readouterr()
    assert run(repo, str(path), "--json", "--dry-run") == 0
    captured = capsys.readouterr()
    assert f"note: {path} is not UTF-8; decoded it as cp1252" in captured.err
    post = json.loads(captured.out)
    assert post["title"] == "Pricing \u2013 the na\u00efve way" and post["encoding"] == "cp1252"


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(repo, monkeypatch):
    bib = repo / "references.bib"
    before = bib.read_bytes()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(fsutil.os, "replace", broken_replace)
    with pytest.raises(OSError):
        run(repo, str(FIXTURES / "byline.txt"))
    assert bib.read_bytes() == before
    assert [p.name for p in repo.iterdir() if p.name.endswith(".tmp")] == []


# -- the five real posts ------------------------------------------------------------------------


@pytest.fixture
def real_posts():
    if not SHARED_POSTS.is_dir():
        pytest.skip("../shared/posts is not present")
    return sorted(str(p) for p in SHARED_POSTS.glob("*.txt"))


def test_the_five_posts(repo, capsys, real_posts):
    posts = {Path(p["source"]).name[:3]: p for p in as_json(repo, capsys, *real_posts)}
    meta = {n: (p["title"], p["author"], p["blog"], p["date"]) for n, p in posts.items()}
    assert meta["000"] == ("Don't Ignore Advice", "Kevin Latchford", "Saturday Morning Sales", "2015-06-06")
    assert meta["001"] == ("Train Your Client", "Kevin Latchford", "Saturday Morning Sales", "2015-03-21")
    assert meta["002"] == (None, None, None, None)
    assert meta["003"] == ("It\u2019s Not Personal!", None, None, None)
    assert meta["004"] == ("Lessons \u2013 response", None, None, None)
    assert [c["text"][:30] for c in posts["002"]["comments_kept"]] == ["I couldn\u2019t agree with this pos"]
    assert [c["reason"].split(":")[0] for c in posts["002"]["comments_dropped"]] == ["spam"]
    assert [c["text"][:9] for c in posts["003"]["comments_kept"]] == ["Hi Laurie"]
    for n in ("000", "001", "004"):
        assert posts[n]["comments_kept"] == [] and posts[n]["comments_dropped"] == []
    chrome = ("Comments are closed", "NAVIGATION", "Leave a", "Log Out", "Connecting to", "thoughts on",
              "Bumbo", "couldn\u2019t agree", "Hi Laurie", "email address")
    capsys.readouterr()
    assert run(repo, *real_posts) == 0
    for post in posts.values():
        body = (repo / "drafts" / f"{post['key']}.post.txt").read_text(encoding="utf-8")
        body = body.split("=" * 72)[1]
        for text in chrome:
            assert text not in body, (post["key"], text)


def test_the_five_posts_get_the_keys_the_chapters_cite(repo, capsys, real_posts):
    from handbook.importer.sources import chapter_sources

    keys = {p["key"] for p in as_json(repo, capsys, *real_posts)}
    assert keys == set(chapter_sources(ROOT / "docs"))


def test_importing_into_the_handbook_changes_nothing(tmp_path, capsys, real_posts):
    bib = tmp_path / "references.bib"
    shutil.copy(ROOT / "docs" / "references.bib", bib)
    before = bib.read_bytes()
    assert main(["import", *real_posts, "--bib", str(bib), "--drafts", str(tmp_path / "drafts")]) == 0
    assert bib.read_bytes() == before
    assert capsys.readouterr().out.count("already in") == 5


def test_a_fresh_draft_placed_in_the_book_only_asks_for_what_is_still_todo(repo, tmp_path, capsys):
    """Moved into the book as it is, a draft's blocks are well formed: the build names only what the
    editor must still do (related chapters to link), never a malformed part of the chapter shape."""
    assert run(repo, str(FIXTURES / "dated-header.txt")) == 0
    key = "ortega-2019-pricing-conversations-without-fear"
    root = Path(__file__).resolve().parent.parent
    docs = tmp_path / "docs"
    shutil.copytree(root / "docs", docs)
    shutil.copy(repo / "references.bib", docs / "references.bib")
    shutil.copy(repo / "drafts" / f"{key}.md", docs / "start-right" / "new-draft.md")
    index = docs / "start-right" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("talk-straight\n", "talk-straight\nnew-draft\n"),
                     encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "html", "--srcdir", str(docs), "--builddir", str(tmp_path / "b")]) != 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "WARNING" in line]
    assert warnings and all("new-draft.md" in line for line in warnings), warnings
    kinds = {re.search(r"\[([\w.-]+)\]$", line)[1] for line in warnings if re.search(r"\[([\w.-]+)\]$", line)}
    assert kinds <= {"handbook.shape", "handbook.chapter", "ref.ref", "handbook.sources", "bibtex.key_not_found"}, \
        warnings
    assert any("link at least 2 under 'Related chapters'" in line for line in warnings)
    shape = [line for line in warnings if "[handbook.shape]" in line]
    assert all("under 'Related chapters'" in line for line in shape), shape  # no block of the shape missing
    assert not [line for line in warnings if "duplicate" in line], warnings
