"""A WordPress export as WordPress and its plugins write it: Co-Authors Plus's co-authors (a category of
the "author" domain per author) and shortcodes (a caption keeps its text, a gallery or an embed goes,
square brackets that are no shortcode stay; the older caption form, caption="...", keeps its caption). Invented posts, WordPress's markup."""

from __future__ import annotations

import json
from pathlib import Path

from importing import run

HEAD = ('<?xml version="1.0" encoding="UTF-8" ?>\n<!-- This is a WordPress eXtended RSS file -->\n'
        '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Quiet Hours Selling</title>'
        '<wp:wxr_version>1.2</wp:wxr_version>'
        '<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[ines]]></wp:author_login>'
        '<wp:author_display_name><![CDATA[Ines Park]]></wp:author_display_name></wp:author>'
        '<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[ben]]></wp:author_login>'
        '<wp:author_display_name><![CDATA[Ben Okafor]]></wp:author_display_name></wp:author>')

CONTENT = """Send the agenda the day before the follow-up call [1].

[caption id="attachment_7" align="aligncenter" width="640"]<img class="size-large wp-image-7" src="https://example.com/agenda.png" alt="" width="640" height="480" /> The agenda we send, one question at the top[/caption]

[caption id="attachment_8" align="alignnone" width="300" caption="Our call calendar for March"]<a href="https://example.com/c.png"><img src="https://example.com/c.png" alt="" /></a>[/caption]

[gallery ids="7,8,9" columns="3"]

[embed]https://www.youtube.com/watch?v=abc[/embed]

End the call with a date for the next conversation, agreed out loud [sic]."""


def item(title: str, categories: str, content: str = CONTENT) -> str:
    return (f"<item><title>{title}</title><dc:creator><![CDATA[ines]]></dc:creator>"
            f"<content:encoded><![CDATA[{content}]]></content:encoded>"
            "<wp:post_date><![CDATA[2022-03-04 09:00:00]]></wp:post_date>"
            "<wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type>"
            f"<category domain=\"category\" nicename=\"calls\"><![CDATA[Calls]]></category>{categories}</item>")


def imported(repo: Path, capsys, path: Path) -> list[dict]:
    capsys.readouterr()
    assert run(repo, str(path), "--json", "--dry-run") == 0, capsys.readouterr().err
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]


def test_co_authors_plus_authors_are_every_author(repo, tmp_path, capsys):
    path = tmp_path / "export.xml"
    path.write_text(HEAD + item("Two Authors", '<category domain="author" nicename="cap-ines"><![CDATA[ines]]>'
                                '</category><category domain="author" nicename="cap-ben"><![CDATA[ben]]></category>')
                    + item("A Guest Author", '<category domain="author" nicename="cap-ana-ruiz"><![CDATA[Ana Ruiz]]>'
                           '</category>')
                    + item("One Author", "") + "</channel></rss>", encoding="utf-8")
    posts = imported(repo, capsys, path)
    assert [(p["title"], p["author"]) for p in posts] == [
        ("Two Authors", "Ines Park, Ben Okafor"), ("A Guest Author", "Ines Park, Ana Ruiz"),
        ("One Author", "Ines Park")]


def test_shortcodes_go_their_text_stays(repo, tmp_path, capsys):
    path = tmp_path / "export.xml"
    path.write_text(HEAD + item("Shortcodes", "") + "</channel></rss>", encoding="utf-8")
    (post,) = imported(repo, capsys, path)
    assert run(repo, str(path)) == 0
    (text,) = (repo / "drafts").glob("*.post.txt")
    body = text.read_text(encoding="utf-8")
    assert "The agenda we send, one question at the top" in body
    assert "Our call calendar for March" in body  # the older form: the caption in an attribute
    assert "Send the agenda the day before the follow-up call [1]." in body and "agreed out loud [sic]." in body
    for shortcode in ("[caption", "[/caption]", "[gallery", "[embed]", "youtube.com"):
        assert shortcode not in body
