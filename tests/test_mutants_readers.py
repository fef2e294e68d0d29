"""What an editor sees when the importer reads a platform's export: found by
mutmut (``make mutation``) on the readers, where the suite's fixtures never had
the case. Each test reads the import report (``--json`` on standard output,
the notes on standard error) or the refusal. The exports are invented here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from handbook.importer import ImportError_, parse_wxr
from importing import repo, run  # noqa: F401  (repo is a fixture)


def report(repo: Path, capsys, *files: str, code: int = 0) -> tuple[list[dict], str]:
    capsys.readouterr()
    assert run(repo, *files, "--json", "--dry-run") == code
    captured = capsys.readouterr()
    return [json.loads(line) for line in captured.out.splitlines() if line.startswith("{")], captured.err


# -- WordPress (WXR) ------------------------------------------------------------------------------

WXR_OPEN = ('<?xml version="1.0"?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>')
BODY = "<![CDATA[Call the buyer back on the day you promised.\n\nDo it even when you have no news to give yet.]]>"


def item(*parts: str, post_type: str = "post") -> str:
    return f"<item><wp:post_type>{post_type}</wp:post_type>{''.join(parts)}</item>"


def comment(*parts: str) -> str:
    return f"<wp:comment>{''.join(parts)}</wp:comment>"


def export(tmp_path: Path, channel: str, name: str = "export.xml") -> Path:
    path = tmp_path / name
    path.write_text(WXR_OPEN + channel + "</channel></rss>", encoding="utf-8")
    return path


PUBLISH = "<wp:status>publish</wp:status>"
DATE = "<wp:post_date>2024-02-03 10:00:00</wp:post_date>"


def test_a_wordpress_export_reports_what_each_item_holds_and_every_item_it_skips(repo, tmp_path, capsys):
    """Authors by display name (else login), tags but not categories, dates that are no date, comments kept
    on one line, pingbacks and trackbacks dropped, items with no title, status, type or content listed."""
    path = export(tmp_path, (
        # no <title> for the blog
        "<wp:author><wp:author_login>ines</wp:author_login>"
        "<wp:author_display_name>Ines Duarte</wp:author_display_name></wp:author>"
        "<wp:author><wp:author_login>kofi</wp:author_login></wp:author>"
        + item("<title>Call Back When You Said</title><dc:creator>ines</dc:creator>", DATE, PUBLISH,
               f"<content:encoded>{BODY}</content:encoded>",
               '<category domain="post_tag" nicename="follow-up"><![CDATA[Follow-up]]></category>',
               '<category domain="category" nicename="selling"><![CDATA[Selling]]></category>',
               comment("<wp:comment_author>Priya</wp:comment_author>",
                       "<wp:comment_content>Calling the buyer back on the promised day works for our team."
                       "\n\nEven with no news, the buyer hears a promise kept.</wp:comment_content>",
                       "<wp:comment_approved>1</wp:comment_approved>"),
               comment("<wp:comment_content>We call the buyer back the same day, news or no news, and they "
                       "notice.</wp:comment_content>"),  # no author, no approval mark, no type
               comment("<wp:comment_author>Other Blog</wp:comment_author>",
                       "<wp:comment_content>Call the buyer back: our take on the promised day.</wp:comment_content>",
                       "<wp:comment_approved>1</wp:comment_approved><wp:comment_type>pingback</wp:comment_type>"),
               comment("<wp:comment_author>Sam</wp:comment_author><wp:comment_approved>1</wp:comment_approved>"),
               comment("<wp:comment_author>Third Blog</wp:comment_author>",
                       "<wp:comment_content>Buyer call backs on the promised day, discussed.</wp:comment_content>",
                       "<wp:comment_approved>1</wp:comment_approved><wp:comment_type>trackback</wp:comment_type>"))
        + item("<title>Write the Next Step Down</title><dc:creator>kofi</dc:creator>",
               "<wp:post_date>0000-00-00 00:00:00</wp:post_date>", PUBLISH,
               f"<content:encoded>{BODY}</content:encoded>")
        + item("<dc:creator>mo</dc:creator>", PUBLISH, f"<content:encoded>{BODY}</content:encoded>")
        + item("<title>Plan the Week</title>", DATE, PUBLISH, f"<content:encoded>{BODY}</content:encoded>")
        + item(f"<content:encoded>{BODY}</content:encoded>")  # no title, no status
        + item("<title>Sales Meetup</title>", PUBLISH, f"<content:encoded>{BODY}</content:encoded>",
               post_type="tribe_events")
        + item("<title>Empty Note</title>", DATE, PUBLISH)  # no content
    ))
    posts, err = report(repo, capsys, str(path))
    assert [(p["title"], p["author"], p["blog"], p["date"]) for p in posts] == [
        ("Call Back When You Said", "Ines Duarte", None, "2024-02-03"),
        ("Write the Next Step Down", "kofi", None, None),
        (None, "mo", None, None),
        ("Plan the Week", None, None, "2024-02-03"),
    ]
    assert [p["warnings"] for p in posts] == [[], [], [], []]  # a 0000 date is no date, silently
    first = posts[0]
    assert first["tags"] == ["Follow-up"]
    assert [(c["author"], c["text"]) for c in first["comments_kept"]] == [
        ("Priya", "Calling the buyer back on the promised day works for our team. Even with no news, the buyer "
                  "hears a promise kept."),
        (None, "We call the buyer back the same day, news or no news, and they notice."),
    ]
    assert [(c["author"], c["reason"].split(":")[0]) for c in first["comments_dropped"]] == [
        ("Other Blog", "pingback"), ("Sam", "empty"), ("Third Blog", "trackback")]
    notes = [line for line in err.splitlines() if line.startswith("note:")]
    assert all(line.startswith(f"note: {path}: skipped ") for line in notes), notes
    assert len(notes) == 3, notes
    untitled = next(line for line in notes if "'(untitled)'" in line)
    assert "status not given" in untitled
    assert "tribe_events" in next(line for line in notes if "'Sales Meetup'" in line)  # never imported as a post
    assert "no text" in next(line for line in notes if "'Empty Note'" in line)


def test_a_wordpress_post_that_is_no_post_is_refused_as_read_from_a_wordpress_export(repo, tmp_path, capsys):
    path = export(tmp_path, "<title>Log</title>" + item(
        "<title>&lt;div class=&quot;x&quot;&gt;Bold&lt;/div&gt;</title>", DATE, PUBLISH,
        f"<content:encoded>{BODY}</content:encoded>"))
    capsys.readouterr()
    assert run(repo, str(path)) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}") and "WordPress export" in err and "markup" in err, err


def test_parse_wxr_reads_an_export_and_refuses_what_is_none_or_holds_no_post(tmp_path):
    """``handbook.importer.parse_wxr`` (public): the same reader as the command's, called on text."""
    plan = item("<title>Plan the Week</title>", DATE, PUBLISH, f"<content:encoded>{BODY}</content:encoded>",
                comment("<wp:comment_author>Priya</wp:comment_author><wp:comment_content>Planning the week around "
                        "the calls we promised helps our team too.</wp:comment_content>"))
    good = WXR_OPEN + "<title>Log</title>" + plan + item("<title>Half</title>", "<wp:status>draft</wp:status>",
                                                         f"<content:encoded>{BODY}</content:encoded>")
    good += "</channel></rss>"
    [post] = parse_wxr(good, "a.xml")  # the draft is skipped, with no list to note it in
    assert (post.title, post.blog, post.date) == ("Plan the Week", "Log", "2024-02-03")
    assert [c.author for c in post.comments if c.kept] == ["Priya"]
    with pytest.raises(ImportError_) as refused:
        parse_wxr(good[:-30], "cut.xml")
    assert str(refused.value).startswith("cut.xml is not well-formed XML")
    assert "so the export may be truncated" in str(refused.value)
    skipped = []
    drafts = good.replace(PUBLISH, "<wp:status>draft</wp:status>")
    with pytest.raises(ImportError_) as refused:
        parse_wxr(drafts, "b.xml", skipped=skipped)
    assert str(refused.value).startswith("b.xml holds no published posts (2 items skipped)")
    assert [(s.source, s.title) for s in skipped] == [("b.xml", "Plan the Week"), ("b.xml", "Half")]
    one_draft = WXR_OPEN + "<title>Log</title>" + item("<title>Half</title>", "<wp:status>draft</wp:status>",
                                                       f"<content:encoded>{BODY}</content:encoded>") + "</channel></rss>"
    with pytest.raises(ImportError_) as refused:
        parse_wxr(one_draft, "d.xml", skipped=[])
    assert str(refused.value) == "d.xml holds no published posts (1 item skipped); nothing to import"
    with pytest.raises(ImportError_) as refused:
        parse_wxr("<?xml version='1.0'?><rss><channel><title>Feed</title></channel></rss>", "c.xml")
    assert str(refused.value).startswith("c.xml is not a WordPress export")


def test_a_wordpress_tag_with_no_name_is_not_listed(repo, tmp_path, capsys):
    path = export(tmp_path, "<title>Log</title>" + item(
        "<title>Plan the Week</title>", DATE, PUBLISH, f"<content:encoded>{BODY}</content:encoded>",
        '<category domain="post_tag" nicename="follow-up"><![CDATA[Follow-up]]></category>',
        '<category domain="post_tag" nicename=""></category>'))
    [post], _ = report(repo, capsys, str(path))
    assert post["tags"] == ["Follow-up"]


@pytest.mark.parametrize(("statuses", "why"), [(["draft"], "1 item skipped"), (["draft", "scheduled"], "2 items skipped")])
def test_a_ghost_export_with_no_published_post_says_how_many_items_it_skipped(statuses, why):
    from handbook.importer.read_ghost import parse_ghost

    posts = [{"id": str(n), "title": f"Post {n}", "type": "post", "status": status, "html": f"<p>{BODY}</p>"}
             for n, status in enumerate(statuses)]
    with pytest.raises(ImportError_) as refused:
        parse_ghost({"db": [{"data": {"posts": posts}}]}, "g.json")
    assert str(refused.value).startswith(f"g.json is a Ghost export with no published posts ({why}); ")
