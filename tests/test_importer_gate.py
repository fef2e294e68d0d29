"""Never a silent garbage post: files that are no post are refused with what
they are and what to do; the platforms' exports are read as such; the exit
status says whether every file imported. Invented inputs, written here."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from importing import run


def as_json(repo: Path, capsys, *files: str, code: int = 0) -> tuple[list[dict], str]:
    capsys.readouterr()
    assert run(repo, *files, "--json", "--dry-run") == code
    captured = capsys.readouterr()
    return [json.loads(line) for line in captured.out.splitlines() if line.startswith("{")], captured.err


def refused(repo: Path, capsys, path: Path) -> str:
    capsys.readouterr()
    assert run(repo, str(path)) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}") and len(err.strip().splitlines()) == 1, err
    assert not (repo / "drafts").exists() and (repo / "references.bib").read_text() == "% sources\n"
    return err


BODY = "<p>Call the buyer back on the day you promised, even when you have no news yet.</p>"


def _ghost(tmp_path: Path) -> Path:
    data = {"db": [{"meta": {"version": "5.0.0"}, "data": {
        "posts": [
            {"id": "1", "title": "Call Back When You Said", "type": "post", "status": "published",
             "published_at": "2022-05-03T09:00:00.000Z", "html": BODY},
            {"id": "2", "title": "About Us", "type": "page", "status": "published", "html": BODY},
            {"id": "3", "title": "Half an Idea", "type": "post", "status": "draft", "html": BODY},
            {"id": "4", "title": "Lexical Only", "type": "post", "status": "published",
             "published_at": "2023-01-02T00:00:00.000Z", "html": None,
             "lexical": json.dumps({"root": {"children": [
                 {"type": "paragraph", "children": [{"text": "Write the next step "}, {"text": "in the invite."}]},
                 {"type": "paragraph", "children": [{"text": "Then send it before you hang up."}]}]}})},
        ],
        "users": [{"id": "u1", "name": "Ines Duarte"}, {"id": "u2", "name": "Kofi Mensah"}],
        "posts_authors": [{"post_id": "1", "author_id": "u2", "sort_order": 1},
                          {"post_id": "1", "author_id": "u1", "sort_order": 0},
                          {"post_id": "4", "author_id": "u1", "sort_order": 0}],
        "tags": [{"id": "t1", "name": "Follow-up"}], "posts_tags": [{"post_id": "1", "tag_id": "t1"}],
        "settings": [{"key": "title", "value": "Quota Notes"}],
    }}]}
    path = tmp_path / "ghost.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_ghost_export_gives_its_published_posts_and_lists_the_rest(repo, tmp_path, capsys):
    posts, err = as_json(repo, capsys, str(_ghost(tmp_path)))
    assert [(p["title"], p["author"], p["blog"], p["date"]) for p in posts] == [
        ("Call Back When You Said", "Ines Duarte, Kofi Mensah", "Quota Notes", "2022-05-03"),
        ("Lexical Only", "Ines Duarte", "Quota Notes", "2023-01-02")]
    assert posts[0]["tags"] == ["Follow-up"] and posts[0]["body_words"] == 16
    assert "skipped 'About Us': a page, not a post" in err and "skipped 'Half an Idea': status draft" in err
    run(repo, str(tmp_path / "ghost.json"))
    text = (repo / "drafts" / "duarte-2023-lexical-only.post.txt").read_text(encoding="utf-8")
    assert "Write the next step in the invite.\n\nThen send it before you hang up." in text


def test_json_and_csv_exports_are_refused_saying_what_they_are(repo, tmp_path, capsys):
    other = tmp_path / "posts.json"
    other.write_text('{"posts": [{"title": "A"}], "site": "x"}', encoding="utf-8")
    assert "this is a JSON file (posts, site), not a post" in refused(repo, capsys, other)
    substack = tmp_path / "posts.csv"
    substack.write_text("post_id,post_date,is_published,email_sent_at,type,audience,title\n"
                        "123.call-back,2022-01-01,true,,newsletter,everyone,Call Back\n", encoding="utf-8")
    assert "this is a Substack export's posts.csv: import the whole unzipped export folder" in refused(
        repo, capsys, substack)
    table = tmp_path / "export.txt"
    table.write_text("title,url,published\nCall Back,https://x.invalid/a,2022-01-01\n", encoding="utf-8")
    assert "this is a CSV table (columns: title, url, published), not a post" in refused(repo, capsys, table)
    tumblr = tmp_path / "tumblr.json"
    tumblr.write_text('{"tumblelog": {"name": "x"}, "posts": []}', encoding="utf-8")
    assert "a Tumblr backup" in refused(repo, capsys, tumblr)


def test_a_fragment_a_bom_and_raw_markup_are_refused_not_imported(repo, tmp_path, capsys):
    fragment = tmp_path / "123.call-back.html"
    fragment.write_text("<h2>Call back</h2><p>On the day you said.</p>", encoding="utf-8")
    assert "this is an HTML fragment with no page around it" in refused(repo, capsys, fragment)
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf\n")
    assert "holds nothing but a byte-order mark" in refused(repo, capsys, bom)
    markup = tmp_path / "saved.txt"
    markup.write_text("Call Back\n\n<div><span>x</span><span>y</span></div><div><a href='/'>z</a></div>\n",
                      encoding="utf-8")
    err = refused(repo, capsys, markup)
    assert "read as plain text, the post is no post: its body is raw markup" in err


def test_exit_status_is_0_only_when_every_file_imported(repo, tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("Call Back When You Said\n\nCall the buyer back on the day you promised, even with no news.\n",
                    encoding="utf-8")
    bad = tmp_path / "bad.csv.txt"
    bad.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    capsys.readouterr()
    assert run(repo, str(good), str(bad)) == 1
    out = capsys.readouterr().out
    assert "2 files: 1 imported (1 post), 1 failed" in out
    assert run(repo, str(good)) == 0


# -- feeds: feedparser behind the screen ----------------------------------------------------------


def test_a_feed_opening_with_a_comment_is_read_as_a_feed(repo, tmp_path, capsys):
    path = tmp_path / "feed"
    path.write_text("<!-- generator: x -->\n<rss version='2.0'><channel><title>Quota Notes</title><item>"
                    "<title>Call Back</title><description><![CDATA[<p>Call the buyer <code>today</code>. "
                    "Un<em>believ</em>able but true.</p>]]></description></item></channel></rss>",
                    encoding="utf-8")
    [post], _ = as_json(repo, capsys, str(path))
    assert (post["title"], post["blog"]) == ("Call Back", "Quota Notes")
    run(repo, str(path))
    text = next((repo / "drafts").glob("*.post.txt")).read_text(encoding="utf-8")
    assert "Call the buyer today. Unbelievable but true." in text


def test_rss_1_atom_0_3_base64_content_and_every_author(repo, tmp_path, capsys):
    rdf = tmp_path / "rdf.xml"
    rdf.write_text('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                   'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                   '<channel rdf:about="x"><title>Old Feed</title></channel><item rdf:about="y"><title>Ask Twice'
                   '</title><dc:creator>Ada Obi</dc:creator><dc:date>2004-02-03T10:00:00+01:00</dc:date>'
                   '<description>Ask for the date twice, once on the call and once in writing.</description>'
                   '</item></rdf:RDF>', encoding="utf-8")
    [post], _ = as_json(repo, capsys, str(rdf))
    assert (post["title"], post["author"], post["blog"], post["date"]) == (
        "Ask Twice", "Ada Obi", "Old Feed", "2004-02-03")
    encoded = base64.b64encode(b"<p>Write the next step in the invite before you hang up.</p>").decode()
    atom = tmp_path / "atom.xml"
    atom.write_text('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Two Hands</title>'
                    '<entry><title>Next Step</title><author><name>Ada Obi</name></author><author><name>Ben Roy'
                    '</name></author><published>2020-01-01T23:30:00-05:00</published><id>x</id>'
                    f'<content type="text/html" mode="base64">{encoded}</content></entry></feed>',
                    encoding="utf-8")
    [post], _ = as_json(repo, capsys, str(atom))
    assert (post["author"], post["date"], post["body_words"]) == ("Ada Obi, Ben Roy", "2020-01-01", 11)


def test_xml_refusals_say_what_is_true(repo, tmp_path, capsys):
    mismatched = tmp_path / "mismatched.xml"
    mismatched.write_text("<?xml version='1.0'?><rss><channel><title>T</channel></rss>", encoding="utf-8")
    err = refused(repo, capsys, mismatched)
    assert "mismatched tag; fix that line" in err and "truncated" not in err
    truncated = tmp_path / "truncated.xml"
    truncated.write_text("<?xml version='1.0'?><rss><channel><title>T</title><item><title>A", encoding="utf-8")
    assert "so the feed or export may be truncated" in refused(repo, capsys, truncated)
    entity = tmp_path / "entity.xml"
    entity.write_text("<?xml version='1.0'?><rss><channel>&madeup;</channel></rss>", encoding="utf-8")
    assert "uses the undefined entity &madeup; (line 1, column 35)" in refused(repo, capsys, entity)
    html_entity = tmp_path / "html-entity.xml"
    html_entity.write_text("<?xml version='1.0'?><rss><channel><title>Caf&eacute; &amp; Co</title><item><title>A "
                           "&amp; B</title><description>Ask for the date &mdash; every call &hellip;</description>"
                           "<link>https://x.invalid/?a=1&b=2</link></item></channel></rss>", encoding="utf-8")
    [post], _ = as_json(repo, capsys, str(html_entity))
    assert (post["title"], post["blog"]) == ("A & B", "Caf\u00e9 & Co")


# -- WordPress and Blogger ------------------------------------------------------------------------


def _wxr_item(title: str, post_type: str, status: str = "publish", date: str = "2024-02-03 10:00:00") -> str:
    return (f"<item><title>{title}</title><dc:creator>mo</dc:creator><wp:post_date>{date}</wp:post_date>"
            f"<wp:post_type>{post_type}</wp:post_type><wp:status>{status}</wp:status><content:encoded>"
            f"<![CDATA[Read last week's calls before you plan this week's, every Monday.]]></content:encoded></item>")


def test_wxr_https_namespace_unknown_types_and_a_bad_date(repo, tmp_path, capsys):
    path = tmp_path / "export.xml"
    path.write_text('<?xml version="1.0"?><rss version="2.0" xmlns:wp="https://wordpress.org/export/1.2/" '
                    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
                    'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Log</title>'
                    + _wxr_item("Weekly Review", "post") + _wxr_item("Call Block", "wp_block")
                    + _wxr_item("Blue Mug", "product") + _wxr_item("Bad Date", "post", date="2024-13-45 10:00:00")
                    + _wxr_item("Half", "post", status="draft") + "</channel></rss>", encoding="utf-8")
    posts, err = as_json(repo, capsys, str(path))
    assert [(p["title"], p["date"]) for p in posts] == [("Weekly Review", "2024-02-03"), ("Bad Date", None)]
    assert posts[1]["warnings"] == ["its post date '2024-13-45 10:00:00' is no date, so the date is left missing; "
                                    "fix it in the bibliography entry"]
    assert "skipped 'Call Block': a reusable block" in err and "skipped 'Blue Mug': a shop product" in err
    assert "skipped 'Half': status draft" in err
    capsys.readouterr()
    assert run(repo, str(path)) == 0
    assert "warning: its post date '2024-13-45 10:00:00' is no date" in capsys.readouterr().out


def test_blogger_drafts_in_the_old_namespace_and_posts_without_an_id(repo, tmp_path, capsys):
    kind = ('<category scheme="http://schemas.google.com/g/2005#kind" '
            'term="http://schemas.google.com/blogger/2008/kind#post"/>')
    body = "<content type='html'>Ask for the date on every call, and write it down.</content>"
    path = tmp_path / "blog.xml"
    path.write_text("<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom' "
                    "xmlns:app='http://purl.org/atom/app#'><title>Desk</title>"
                    f"<entry><id>p1</id>{kind}<title>Live One</title>{body}</entry>"
                    f"<entry><id>p2</id>{kind}<title>Old Draft</title><app:control><app:draft>yes</app:draft>"
                    f"</app:control>{body}</entry>"
                    f"<entry>{kind}<title>No Id</title>{body}</entry></feed>", encoding="utf-8")
    posts, err = as_json(repo, capsys, str(path))
    assert [p["title"] for p in posts] == ["Live One"]
    assert "skipped 'Old Draft': status draft" in err and "skipped 'No Id': a Blogger post with no <id>" in err


def test_a_substack_export_folder_gives_its_published_posts_only(repo, tmp_path, capsys):
    folder = tmp_path / "substack"
    (folder / "posts").mkdir(parents=True)
    (folder / "posts.csv").write_text(
        "post_id,post_date,is_published,email_sent_at,type,audience,title,subtitle\n"
        "1.call-back,2021-04-05T10:00:00.000Z,TRUE,,newsletter,everyone,Call Back &amp; Mean It,Why the day matters\n"
        "2.half,2021-04-06T10:00:00.000Z,FALSE,,newsletter,everyone,Half an Idea,\n"
        "3.about,2021-04-07T10:00:00.000Z,TRUE,,page,everyone,About Us,\n", encoding="utf-8")
    for name in ("1.call-back", "2.half", "3.about"):
        (folder / "posts" / f"{name}.html").write_text(
            '<p class="button-wrapper"><a class="button primary" href="/subscribe"><span>Sign up now</span></a></p>'
            + BODY, encoding="utf-8")
    posts, err = as_json(repo, capsys, str(folder))
    assert [(p["title"], p["date"]) for p in posts] == [("Call Back & Mean It", "2021-04-05")]
    assert "skipped 'Half an Idea': not published" in err and "skipped 'About Us': a page, not a post" in err
    run(repo, str(folder))
    text = next((repo / "drafts").glob("*.post.txt")).read_text(encoding="utf-8")
    assert "Sign up" not in text and "Why the day matters\n\nCall the buyer back" in text


def test_declared_encodings_utf_32_and_stray_c1_controls(repo, tmp_path, capsys):
    word = "\u041f\u0440\u043e\u0434\u0430\u0436\u0438"  # Russian for "sales"
    koi = tmp_path / "koi8.xml"
    koi.write_bytes(f'<?xml version="1.0" encoding="koi8-r"?><rss version="2.0"><channel><title>{word}</title><item>'
                    f"<title>{word}</title><description>{word} {word} {word}.</description></item></channel></rss>"
                    .encode("koi8-r"))
    [post], err = as_json(repo, capsys, str(koi))
    assert (post["title"], post["blog"], post["encoding"]) == (word, word, "koi8-r")
    assert "is not UTF-8; decoded it as koi8-r" in err
    wide = tmp_path / "wide.txt"
    wide.write_text("Call Back\n\nCall the buyer back on the day you\u0085 promised.\n", encoding="utf-32")
    [post], _ = as_json(repo, capsys, str(wide))
    assert (post["title"], post["encoding"], post["body_words"]) == ("Call Back", "utf-32", 9)
    run(repo, str(wide))
    assert "day you promised." in next((repo / "drafts").glob("*.post.txt")).read_text(encoding="utf-8")
