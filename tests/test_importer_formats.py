"""``python -m handbook import`` on every supported format, read from the
post's structure: invented posts and blogs in tests/fixtures/blogs (none of
them the sample posts), including titles that look like blog chrome."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

from importing import run

BLOGS = Path(__file__).parent / "fixtures" / "blogs"


def as_json(repo: Path, capsys, *files: str, code: int = 0) -> list[dict]:
    capsys.readouterr()
    assert run(repo, *files, "--json", "--dry-run") == code
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def meta(post: dict) -> tuple:
    return post["title"], post["author"], post["blog"], post["date"]


# -- plain text: the header from its structure -------------------------------------------------


def test_title_starting_with_follow_keeps_title_byline_date_and_body(repo, capsys):
    [post] = as_json(repo, capsys, str(BLOGS / "follow-up.txt"))
    assert meta(post) == ("Follow Up Without Pestering", "Dana Whitlock", None, "2022-03-04")
    assert "MENU - HOME - ABOUT - CONTACT" in post["removed"]
    assert "Follow us on Twitter" in post["removed"] and "Subscribe to our newsletter" in post["removed"]
    run(repo, str(BLOGS / "follow-up.txt"))
    [text] = (repo / "drafts").glob("*.post.txt")
    body = text.read_text(encoding="utf-8").split("=" * 72)[1]
    for opening in ("Follow the buyer's own timetable", "Subscribe to nothing on the buyer's behalf",
                    "Share the next step in writing"):
        assert opening in body


def test_posted_by_on_date_and_an_unclassified_line_kept_and_reported(repo, capsys):
    [post] = as_json(repo, capsys, str(BLOGS / "posted-by.txt"))
    assert meta(post) == ("Share the Credit", "Omar Haddad", None, "2021-05-12")
    assert post["unclassified"] == ["Reading time: four minutes"]
    run(repo, str(BLOGS / "posted-by.txt"))
    [text] = (repo / "drafts").glob("*.post.txt")
    body = text.read_text(encoding="utf-8").split("=" * 72)[1]
    assert "Reading time: four minutes" in body
    assert "> A team that is thanked by name" in body
    assert "- Thank the pilot engineer by name.\n- Copy their manager." in body


def test_date_line_before_the_title(repo, capsys):
    [post] = as_json(repo, capsys, str(BLOGS / "date-first.txt"))
    assert meta(post) == ("Subscribe Before You Pitch", "Lena Ruiz", None, "2020-11-02")
    assert post["unclassified"] == []


def test_text_is_nfc_never_folded(repo, capsys):
    [post] = as_json(repo, capsys, str(BLOGS / "nfc.txt"))
    assert post["title"] == "Price Talks \u00af and \U0001d401old Offers"
    run(repo, str(BLOGS / "nfc.txt"))
    [text] = (repo / "drafts").glob("*.post.txt")
    assert "macron \u00af and a styled \U0001d401 letter" in text.read_text(encoding="utf-8")


# -- HTML: microformats, <article>, chrome around the post -----------------------------------


def test_h_entry_page(repo, capsys):
    [post] = as_json(repo, capsys, str(BLOGS / "h-entry.html"))
    assert meta(post)[:2] == ("Share the Credit", "Rosa Kettering")
    assert post["date"] == "2023-06-19"
    run(repo, str(BLOGS / "h-entry.html"))
    [text] = (repo / "drafts").glob("*.post.txt")
    body = text.read_text(encoding="utf-8").split("=" * 72)[1]
    assert "> Nobody remembers the rep" in body
    assert "- Name the engineer who ran the pilot.\n- Name the manager" in body
    # a paragraph with a link is the post's own, not spam
    assert "Follow up a week later with the customer's first result" in body
    for chrome in ("Archive", "Subscribe to Quota Garden", "Share this post", "\u00a9 Quota Garden"):
        assert chrome not in body


def test_medium_export_folder_skips_drafts(repo, capsys):
    posts = as_json(repo, capsys, str(BLOGS / "medium"))
    assert [meta(p) for p in posts] == [("Ask for the Second Meeting", "Tom\u00e1s Ferreira", None, "2022-02-01")]
    err = capsys.readouterr().err
    run(repo, str(BLOGS / "medium"), "--dry-run")
    err = capsys.readouterr().err
    assert "draft_Unfinished-Thoughts" in err and "skipped" in err


# -- feeds and exports ---------------------------------------------------------------------------


def test_rss_feed_one_post_per_item(repo, capsys):
    posts = as_json(repo, capsys, str(BLOGS / "rss.xml"))
    assert [meta(p) for p in posts] == [
        ("Subscribe Before You Pitch", "Hana Sato", "Pipeline Weather", "2023-08-08"),
        ("Forecast Only What Has a Date", "Ben Adeyemi", "Pipeline Weather", "2023-08-14"),
    ]
    assert posts[1]["body_words"] > 10


def test_atom_feed(repo, capsys):
    posts = as_json(repo, capsys, str(BLOGS / "atom.xml"))
    assert [meta(p) for p in posts] == [
        ("Follow Up Without Pestering", "Iris Moreau", "Discovery Desk", "2024-01-09"),
        ("Ask Who Else Decides", "Paul Brandt", "Discovery Desk", "2023-12-01"),
    ]


def test_blogger_export_posts_only_with_their_comments(repo, capsys):
    posts = as_json(repo, capsys, str(BLOGS / "blogger.xml"))
    assert [meta(p) for p in posts] == [
        ("Walk the Territory Once a Quarter", "Greta Lindqvist", "Territory Tales", "2019-04-03")]
    [post] = posts
    assert [c["author"] for c in post["comments_kept"]] == ["Arne"]
    assert [c["reason"].split(":")[0] for c in post["comments_dropped"]] == ["spam"]
    run(repo, str(BLOGS / "blogger.xml"), "--dry-run")
    err = capsys.readouterr().err
    assert "Half-Written Idea" in err and "draft" in err


def test_markdown_with_yaml_front_matter_and_liquid_tags(repo, capsys):
    [post] = as_json(repo, capsys, str(BLOGS / "jekyll.md"))
    assert meta(post) == ("Share the Credit: a Checklist", "Noor Khalil", None, "2021-09-14")
    assert post["tags"] == ["teamwork", "closing"]
    assert "{% include toc.html %}" in post["removed"] and "{{ site.title }}" in post["removed"]
    run(repo, str(BLOGS / "jekyll.md"))
    [text] = (repo / "drafts").glob("*.post.txt")
    body = text.read_text(encoding="utf-8").split("=" * 72)[1]
    assert "{%" not in body and "{{" not in body
    assert "Name each person and what they did." in body
    assert "> Thanks said late" in body and "1. Name the people.\n2. Say what each one changed." in body


def test_markdown_with_toml_front_matter_and_hugo_shortcodes(repo, capsys):
    [post] = as_json(repo, capsys, str(BLOGS / "hugo.md"))
    assert meta(post) == ("Follow Up Without Pestering", "Kofi Mensah", None, "2022-10-05")
    assert '{{< youtube id="abc123" >}}' in post["removed"]
    assert post["body_words"] > 20


def test_markdown_draft_is_skipped_and_bad_front_matter_refused(repo, capsys):
    capsys.readouterr()
    assert run(repo, str(BLOGS / "draft-post.md"), "--dry-run") == 1
    err = capsys.readouterr().err
    assert "draft" in err and "no published posts" in err
    assert run(repo, str(BLOGS / "bad-front-matter.md")) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "bad-front-matter.md" in err[0] and "front matter is not valid YAML" in err[0]
    assert not (repo / "drafts").exists()


def test_wxr_exact_namespace_and_skipped_items(repo, capsys):
    posts = as_json(repo, capsys, str(BLOGS / "mixed.wxr"))
    assert [p["title"] for p in posts] == ["Weekly Review", "Weekly Review"]
    assert posts[0]["date"] == "2021-03-01" and [c["author"] for c in posts[0]["comments_kept"]] == ["Ruth"]
    run(repo, str(BLOGS / "mixed.wxr"), "--dry-run")
    err = capsys.readouterr().err
    for title, reason in (("Draft Idea", "status draft"), ("Private Notes", "status private"),
                          ("Contact", "a page"), ("logo.png", "an attachment"), ("Home", "a menu item"),
                          ("No Type Given", "no post type"), ("Foreign Prefix", "no post type")):
        assert f"skipped {title!r}" in err and reason in err.split(f"skipped {title!r}")[1].splitlines()[0]


def test_wxr_paragraphs_quotes_and_entity_like_text_survive(repo, capsys):
    run(repo, str(BLOGS / "mixed.wxr"))
    text = (repo / "drafts" / "achebe-2021-weekly-review.post.txt").read_text(encoding="utf-8")
    body = text.split("=" * 72)[1]
    assert "Write &lol1; where the note is missing." in body
    assert "is missing.\n\nKeep a list of promises" in body
    assert "> A promise you forget is a deal you lose." in body


# -- batches ---------------------------------------------------------------------------------------


def test_folder_batch_goes_on_after_a_failure(repo, tmp_path, capsys):
    folder = tmp_path / "batch"
    folder.mkdir()
    for name in ("follow-up.txt", "rss.xml", "bad-front-matter.md"):
        shutil.copy(BLOGS / name, folder / name)
    capsys.readouterr()
    assert run(repo, str(folder)) == 1
    captured = capsys.readouterr()
    assert "bad-front-matter.md" in captured.err and "front matter is not valid YAML" in captured.err
    assert "3 files: 2 imported (3 posts), 1 failed" in captured.out
    assert len(list((repo / "drafts").glob("*.md"))) == 3


def test_zip_batch_refuses_paths_outside_the_archive(repo, tmp_path, capsys):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(BLOGS / "atom.xml", "feed/atom.xml")
        zf.write(BLOGS / "date-first.txt", "posts/date-first.txt")
        zf.writestr("../escape.txt", "Escape Title\n\nA body that tries to leave the archive.\n")
        zf.writestr("/abs.txt", "Abs Title\n\nA body with an absolute path.\n")
    posts = as_json(repo, capsys, str(archive), code=1)
    assert [p["title"] for p in posts] == ["Follow Up Without Pestering", "Ask Who Else Decides",
                                           "Subscribe Before You Pitch"]
    assert posts[0]["source"] == f"{archive}:feed/atom.xml"
    run(repo, str(archive), "--dry-run")
    err = capsys.readouterr().err
    assert "../escape.txt" in err and "outside the archive" in err and "/abs.txt" in err
    assert not (tmp_path / "escape.txt").exists()


def test_unknown_format_is_refused(repo, tmp_path, capsys):
    path = tmp_path / "data.xml"
    path.write_text("<?xml version='1.0'?><inventory><item>3</item></inventory>", encoding="utf-8")
    capsys.readouterr()
    assert run(repo, str(path)) == 1
    assert "not a feed or an export" in capsys.readouterr().err


# -- Medium: images, and a whole export --------------------------------------------------------------


def test_medium_images_are_listed_never_downloaded_and_captions_stay(repo, capsys):
    [post] = as_json(repo, capsys, str(BLOGS / "medium"))
    assert post["images"] == [{"src": "https://cdn.invalid/img.png", "alt": None,
                               "caption": "The calendar at the end of a good first meeting."}]
    run(repo, str(BLOGS / "medium"))
    out = capsys.readouterr().out
    assert "1 image listed in the cleaned post (not downloaded)" in out
    [text] = (repo / "drafts").glob("*.post.txt")
    body, rest = text.read_text(encoding="utf-8").split("=" * 72)[1:3]
    assert "The calendar at the end of a good first meeting." in body and "cdn.invalid" not in body
    assert ("Images in the post (not copied; a caption stays in the text above):\n"
            "  - https://cdn.invalid/img.png (caption 'The calendar at the end of a good first meeting.')") in rest
    assert not list(repo.rglob("*.png"))


def test_a_whole_medium_export_reads_only_its_posts(repo, tmp_path, capsys):
    # Medium's export holds, beside posts/, folders of HTML pages that are no posts.
    archive = tmp_path / "medium-export.zip"
    page = "<html><body><h1>{}</h1><ul><li><a href='https://medium.invalid/x'>Something</a></li></ul></body></html>"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("README.html", page.format("Your Medium export"))
        zf.writestr("profile/profile.html", page.format("Profile"))
        zf.writestr("claps/claps-0001.html", page.format("Claps"))
        zf.writestr("bookmarks/bookmarks-0001.html", page.format("Bookmarks"))
        for member in (BLOGS / "medium" / "posts").iterdir():
            zf.write(member, f"posts/{member.name}")
    posts = as_json(repo, capsys, str(archive))
    assert [p["title"] for p in posts] == ["Ask for the Second Meeting"]
    run(repo, str(archive), "--dry-run")
    err = capsys.readouterr().err
    for name in ("README.html", "profile.html", "claps-0001.html", "bookmarks-0001.html"):
        assert f"skipped '{name}': part of a Medium export outside posts/" in err
    assert "error" not in err
    # the same export unpacked into a folder
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(folder / "medium-export")
    assert [p["title"] for p in as_json(repo, capsys, str(folder))] == ["Ask for the Second Meeting"]


def test_a_folder_named_posts_without_a_medium_profile_is_read_whole(repo, tmp_path, capsys):
    folder = tmp_path / "blog"
    (folder / "posts").mkdir(parents=True)
    (folder / "extra").mkdir()
    shutil.copy(BLOGS / "follow-up.txt", folder / "posts" / "follow-up.txt")
    shutil.copy(BLOGS / "date-first.txt", folder / "extra" / "date-first.txt")
    assert len(as_json(repo, capsys, str(folder))) == 2


# -- a batch on a terminal ------------------------------------------------------------------------------


class Terminal(io.StringIO):
    """stderr as a terminal: the importer draws its progress bar there."""

    def isatty(self) -> bool:
        return True


def test_a_batch_on_a_terminal_shows_progress_then_clears_it(repo, tmp_path, capsys, monkeypatch):
    folder = tmp_path / "batch"
    folder.mkdir()
    for name in ("follow-up.txt", "rss.xml", "bad-front-matter.md"):
        shutil.copy(BLOGS / name, folder / name)
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert run(repo, str(folder), "--dry-run") == 1
    shown = terminal.getvalue()
    for n, name in enumerate(("bad-front-matter.md", "follow-up.txt", "rss.xml"), start=1):
        assert f"\r[{n}/3] {str(folder / name)[-60:]}" in shown
    # the failure is printed on a cleared line, and the bar is cleared before the summary
    assert "\r" + " " * 72 + "\rerror: " in shown and "front matter is not valid YAML" in shown
    assert shown.split("[3/3]")[1].count("\r" + " " * 72 + "\r") == 1
    assert "3 files: 2 imported (3 posts), 1 failed" in capsys.readouterr().out


def test_no_progress_bar_when_stderr_is_not_a_terminal(repo, tmp_path, capsys):
    folder = tmp_path / "batch"
    folder.mkdir()
    for name in ("follow-up.txt", "rss.xml"):
        shutil.copy(BLOGS / name, folder / name)
    capsys.readouterr()
    assert run(repo, str(folder), "--dry-run") == 0
    assert "\r" not in capsys.readouterr().err


def test_a_single_file_on_a_terminal_has_no_progress_bar(repo, monkeypatch, capsys):
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert run(repo, str(BLOGS / "follow-up.txt"), "--dry-run") == 0
    assert "[1/1]" not in terminal.getvalue()
