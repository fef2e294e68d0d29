"""What an editor sees when the importer reads a Blogger export, an RSS feed or
an Atom feed: found by mutmut (``make mutation``) on ``read_feed.py``, whose
Blogger and Atom paths the fixtures barely touched. Each test reads what the
editor reads: the import report (``--json``), the notes and refusals on
standard error, and the cleaned post written next to the draft. The exports
are invented here, in the shapes Blogger writes (the classic export of 2008
with ``kind#`` categories and ``thr:in-reply-to``, and the 2018 export with
``blogger:type``, ``blogger:status`` and ``blogger:parent``).
"""

from __future__ import annotations

import json
from pathlib import Path

from handbook.importer import parse_xml
from importing import repo, run  # noqa: F401  (repo is a fixture)


def imported(repo: Path, capsys, name: str, text: str, code: int = 0) -> tuple[Path, list[dict], str, dict]:
    """Import one file for real: the report, standard error, and each post's cleaned text by key."""
    path = repo / name
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert run(repo, str(path), "--json") == code
    captured = capsys.readouterr()
    posts = [json.loads(line) for line in captured.out.splitlines() if line.startswith("{")]
    texts = {p["key"]: (repo / "drafts" / f"{p['key']}.post.txt").read_text(encoding="utf-8") for p in posts}
    return path, posts, captured.err, texts


def body(text: str) -> str:
    """The post's body in its cleaned text: between the two rules."""
    return text.split("=" * 72)[1].strip()


def notes(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("note:")]


# -- Blogger: the classic export --------------------------------------------------------------------

KIND = ("<category scheme='http://schemas.google.com/g/2005#kind' "
        "term='http://schemas.google.com/blogger/2008/kind#{}'/>")
LABEL = "<category scheme='http://www.blogger.com/atom/ns#' term='{}'/>"
BLOG = "tag:blogger.com,1999:blog-4242"
XHTML = "http://www.w3.org/1999/xhtml"


def classic(*entries: str, head: str = "") -> str:
    return ("<?xml version='1.0' encoding='UTF-8'?>"
            "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' "
            "xmlns:gd='http://schemas.google.com/g/2005' xmlns:thr='http://purl.org/syndication/thread/1.0' "
            "xmlns:app='http://www.w3.org/2007/app'>"
            f"<id>{BLOG}.archive</id><updated>2019-06-01T10:00:00.000-07:00</updated>{head}"
            + "".join(entries) + "</feed>")


def entry(kind: str, number: int | None, *parts: str) -> str:
    ident = f"<id>{BLOG}.post-{number}</id>" if number is not None else ""
    return f"<entry>{ident}{KIND.format(kind)}{''.join(parts)}</entry>"


def reply(number: int) -> str:
    return (f"<thr:in-reply-to href='http://fieldnotes.invalid/p{number}.html' ref='{BLOG}.post-{number}' "
            "type='text/html'/>")


HEAD = ("<title type='text'>Field\n  Notes</title>"
        "<author><name>Greta Lind</name><uri>http://www.blogger.com/profile/1</uri>"
        "<email>noreply@blogger.com</email></author>")
CLASSIC = classic(
    entry("template", None, f"<id>{BLOG}.layout</id><title type='text'>Template: Field Notes</title>",
          "<content type='text'>&lt;html&gt;&lt;b:skin&gt;body{}&lt;/b:skin&gt;&lt;/html&gt;</content>"),
    entry("settings", None, f"<id>{BLOG}.settings.BLOG_NAME</id><title type='text'></title>",
          "<content type='text'>Field Notes</content>"),
    # a post with no <id> before the others: the entries after it are still read
    entry("post", None, "<published>2019-03-01T09:00:00.000-08:00</published><title type='text'>No Id Here</title>",
          "<content type='html'>Plan the route before you leave the office.</content>"),
    # a comment before its post, in two paragraphs
    entry("comment", 9001, "<published>2019-04-04T11:00:00.000-07:00</published><title type='text'>Loop</title>",
          "<content type='html'>Driving the territory loop found us two customers who had changed suppliers."
          "&lt;br /&gt;&lt;br /&gt;We now drive the territory every quarter.</content>",
          "<author><name>Arne</name></author>", reply(1)),
    # no <author>: the blog's author; published and updated differ: the published day
    entry("post", 1, "<published>2019-04-03T09:00:00.000-07:00</published>",
          "<updated>2019-05-10T09:00:00.000-07:00</updated>", LABEL.format("territory"), LABEL.format("planning"),
          "<title type='text'>Walk the Territory Once a Quarter</title>",
          "<content type='html'>&lt;div&gt;Drive your territory once a quarter with no appointment booked."
          "&lt;br /&gt;&lt;br /&gt;Stop at every customer you have not seen in six months and ask what "
          "changed.&lt;/div&gt;</content>"),
    # two authors, updated only, an HTML title, XHTML content that opens with text
    entry("post", 2, "<updated>2019-05-02T08:00:00.000-07:00</updated>",
          "<title type='html'>Ask &lt;em&gt;Who Else&lt;/em&gt; Signs</title>",
          f"<content type='xhtml'><div xmlns='{XHTML}'>Ask who else signs before you send the quote."
          "<p>Ask it on the first call, not the <em>last</em> one.</p><p>Write the answer into the account "
          "notes.</p></div></content>",
          "<author><name>Arne Holm</name></author><author><name>Bea Kurz</name></author>"),
    # untitled, plain-text content in two paragraphs, an author with no name
    entry("post", 3, "<published>2019-05-20T08:00:00.000-07:00</published><title type='text'></title>",
          "<content type='text'>Book the next visit before you leave the customer.\n\n  Put the date in "
          "writing the same day.</content>",
          "<author><email>noreply@blogger.com</email></author>"),
    # XHTML with the html: prefix and no white space; comments in text/html, in XHTML without its div, and empty
    entry("post", 4, "<published>2019-05-22T08:00:00.000-07:00</published><title type='text'>Quote the Price "
          "First</title>",
          f"<content type='xhtml'><html:div xmlns:html='{XHTML}'><html:p>Quote the price first and the terms "
          "second.</html:p><html:p>A buyer who knows the price listens to the terms.</html:p></html:div></content>",
          "<author><name>Bea Kurz</name></author>"),
    entry("comment", 9002, "<title type='text'>Bold</title>",
          "<content type='text/html'>Quoting the price first &lt;b&gt;saved&lt;/b&gt; us a call with the buyer."
          "</content>", "<author><name>Cai</name></author>", reply(4)),
    entry("comment", 9003, "<title type='text'>Terms</title>",
          f"<content type='xhtml'><p xmlns='{XHTML}'>The price first, then the terms, worked for our buyer.</p>"
          "</content>", "<author><name>Dana</name></author>", reply(4)),
    entry("comment", 9004, "<title type='text'></title><content type='html'></content>", reply(4)),
    # only a summary, no title element
    entry("post", 5, "<published>2019-05-25T08:00:00.000-07:00</published>",
          "<summary type='text'>Send the agenda a day before the meeting, and ask what is missing.</summary>"),
    # a draft (with a comment), a page
    entry("post", 6, "<published>2019-04-20T09:00:00.000-07:00</published><title type='text'>Half-Written Idea"
          "</title>", "<content type='html'>Not finished.</content>",
          "<app:control><app:draft>yes</app:draft></app:control>"),
    entry("comment", 9005, "<title type='text'>Hm</title><content type='html'>Finish this idea, please.</content>",
          reply(6)),
    entry("page", 7, "<title type='text'>About the Author</title><content type='html'>Greta sells.</content>"),
    head=HEAD,
)


def test_a_classic_blogger_export_gives_each_published_post_with_its_labels_and_comments(repo, capsys):
    path, posts, err, texts = imported(repo, capsys, "blog-export.xml", CLASSIC)
    assert [(p["title"], p["author"], p["blog"], p["date"], p["tags"]) for p in posts] == [
        ("Walk the Territory Once a Quarter", "Greta Lind", "Field Notes", "2019-04-03", ["territory", "planning"]),
        ("Ask Who Else Signs", "Arne Holm, Bea Kurz", "Field Notes", "2019-05-02", []),
        (None, "Greta Lind", "Field Notes", "2019-05-20", []),
        ("Quote the Price First", "Bea Kurz", "Field Notes", "2019-05-22", []),
        (None, "Greta Lind", "Field Notes", "2019-05-25", []),
    ]
    first, second, third, fourth, fifth = posts
    assert [(c["author"], c["text"]) for c in first["comments_kept"]] == [
        ("Arne", "Driving the territory loop found us two customers who had changed suppliers. We now drive "
                 "the territory every quarter.")]
    assert [(c["author"], c["text"]) for c in fourth["comments_kept"]] == [
        ("Cai", "Quoting the price first saved us a call with the buyer."),
        ("Dana", "The price first, then the terms, worked for our buyer.")]
    assert [(c["author"], c["text"], c["reason"]) for c in fourth["comments_dropped"]] == [(None, "", "empty")]
    assert [p["comments_kept"] + p["comments_dropped"] for p in (second, third, fifth)] == [[], [], []]
    assert body(texts[first["key"]]) == ("Drive your territory once a quarter with no appointment booked.\n\n"
                                        "Stop at every customer you have not seen in six months and ask what changed.")
    assert body(texts[second["key"]]) == ("Ask who else signs before you send the quote.\n\n"
                                         "Ask it on the first call, not the last one.\n\n"
                                         "Write the answer into the account notes.")
    assert body(texts[third["key"]]) == ("Book the next visit before you leave the customer.\n\n"
                                        "Put the date in writing the same day.")
    assert body(texts[fourth["key"]]) == ("Quote the price first and the terms second.\n\n"
                                         "A buyer who knows the price listens to the terms.")
    assert body(texts[fifth["key"]]) == "Send the agenda a day before the meeting, and ask what is missing."
    assert notes(err) == [
        f"note: {path}: skipped 'No Id Here': a Blogger post with no <id>: its comments cannot be matched to it; "
        f"export the blog again",
        f"note: {path}: skipped 'Half-Written Idea': status draft: only published posts are imported",
        f"note: {path}: skipped 'About the Author': a page, not a post",
    ]


# -- Blogger: the 2018 export ---------------------------------------------------------------------

def export_2018(*entries: str, head: str = "<title>Quota Notes</title>") -> str:
    return ("<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom' "
            "xmlns:blogger='http://schemas.google.com/blogger/2018'>"
            f"<id>tag:blogger.com,1999:blog-99</id>{head}" + "".join(entries) + "</feed>")


def item_2018(kind: str, number: int, status: str | None, *parts: str) -> str:
    state = "" if status is None else f"<blogger:status>{status}</blogger:status>"
    return (f"<entry><id>tag:blogger.com,1999:blog-99.post-{number}</id><blogger:type>{kind}</blogger:type>{state}"
            + "".join(parts) + "</entry>")


AUTHOR_2018 = "<author><name>Kofi Mensah</name><blogger:type>BLOGGER</blogger:type></author>"
TEXT = "<content type='html'>Write the next step into the invite before you hang up the call.</content>"


def test_a_2018_blogger_export_reads_its_types_statuses_and_parents(repo, capsys):
    path, posts, err, _ = imported(repo, capsys, "takeout.xml", export_2018(
        item_2018("POST", 1, "LIVE", AUTHOR_2018, "<title>Next Step in the Invite</title>", TEXT,
                  "<blogger:created>2021-03-01T08:00:00Z</blogger:created>",
                  "<published>2021-03-02T08:00:00Z</published>",
                  "<blogger:filename>/2021/03/next-step.html</blogger:filename>"),
        item_2018("COMMENT", 11, "LIVE", "<author><name>Lena</name></author><title></title>",
                  "<content type='html'>We write the next step into the invite too, before the call ends."
                  "</content>", "<blogger:parent>tag:blogger.com,1999:blog-99.post-1</blogger:parent>"),
        item_2018("POST", 2, "DRAFT", AUTHOR_2018, "<title>Unsent</title>", TEXT),
        item_2018("POST", 3, "SOFT_TRASHED", AUTHOR_2018, "<title>Binned</title>", TEXT),
        item_2018("POST", 4, "", "<title>No Status, No Author</title>", TEXT,
                  "<published>2021-04-02T08:00:00Z</published>"),
        item_2018("PAGE", 5, "LIVE", AUTHOR_2018, "<title>Contact</title>", TEXT),
    ))
    assert [(p["title"], p["author"], p["blog"], p["date"]) for p in posts] == [
        ("Next Step in the Invite", "Kofi Mensah", "Quota Notes", "2021-03-02"),
        ("No Status, No Author", None, "Quota Notes", "2021-04-02"),
    ]
    assert [(c["author"], c["text"]) for c in posts[0]["comments_kept"]] == [
        ("Lena", "We write the next step into the invite too, before the call ends.")]
    assert notes(err) == [
        f"note: {path}: skipped 'Unsent': status draft: only published posts are imported",
        f"note: {path}: skipped 'Binned': status soft_trashed: only published posts are imported",
        f"note: {path}: skipped 'Contact': a page, not a post",
    ]


def test_what_a_blogger_export_with_no_published_post_or_no_post_is_told(repo, tmp_path, capsys):
    # only a draft with no title and a page: nothing to import, and both are named
    path, posts, err, _ = imported(repo, capsys, "drafts.xml", classic(
        entry("post", 1, f"<content type='html'>Half a thought.</content><app:control><app:draft>yes</app:draft>"
                         "</app:control>"),
        entry("page", 2, "<title type='text'>About</title><content type='html'>Hello.</content>"),
        head="<title type='text'>Desk</title>"), code=1)
    assert posts == []
    assert err.splitlines() == [
        f"error: {path} holds no published posts (2 items skipped); nothing to import",
        f"note: {path}: skipped '(untitled)': status draft: only published posts are imported",
        f"note: {path}: skipped 'About': a page, not a post",
    ]
    # a post that is no post is refused as read from a Blogger export
    path, posts, err, _ = imported(repo, capsys, "markup.xml", classic(
        entry("post", 1, "<title type='text'>&lt;div class=\"post\"&gt;Bold&lt;/div&gt;</title>",
              "<content type='html'>Ask the buyer what changed since the last order, then listen.</content>"),
        head="<title type='text'>Desk</title>"), code=1)
    assert err.startswith(f"error: {path} was refused: read as a Blogger export, the post is no post: "), err
    # parse_xml called directly, with no list for the skipped entries
    found = parse_xml(classic(entry("post", 1, "<title type='text'>Live</title>", TEXT),
                              entry("post", 2, "<title type='text'>Draft</title>", TEXT,
                                    "<app:control><app:draft>yes</app:draft></app:control>")), "blog.xml")
    assert [(p.title, p.kind) for p in found] == [("Live", "blogger")]


# -- RSS and Atom feeds (feedparser) ----------------------------------------------------------------

RSS_OPEN = ("<?xml version='1.0' encoding='UTF-8'?><rss version='2.0' "
            "xmlns:content='http://purl.org/rss/1.0/modules/content/' xmlns:dc='http://purl.org/dc/elements/1.1/' "
            "xmlns:dcterms='http://purl.org/dc/terms/'><channel>")
FORECAST = "Forecast only the deals that have a signed next step with a date on it."


def test_an_rss_feed_gives_titles_authors_dates_tags_and_bodies_as_a_reader_wrote_them(repo, capsys):
    path, posts, err, texts = imported(repo, capsys, "feed.xml", RSS_OPEN + (
        "<title>Pipeline\nWeather</title><link>https://weather.invalid/</link>"
        # two authors, one as "address (Name)"; an empty content:encoded next to the description; empty tags
        "<item><title>Forecast Only\nWhat Has a Date</title><dc:creator>Ben Roy</dc:creator>"
        "<author>hana@weather.com (Hana Sato)</author><pubDate>Mon, 14 Aug 2023 09:00:00 +0000</pubDate>"
        "<category>Forecasting</category><category></category><category> </category>"
        "<category domain='https://weather.invalid/tags'>Pipeline</category>"
        "<category domain='https://weather.invalid/topics'></category>"
        f"<content:encoded></content:encoded><description>{FORECAST}</description></item>"
        # an empty title, an author that is a bare address (top-level domain over four letters), only a created date
        "<item><title></title><author>news@weather.coach</author><dcterms:created>2023-08-20</dcterms:created>"
        "<description>Ask for the date of the next step before you call it a deal.</description></item>"
        # the same chrome the HTML reader drops: an embed's fallback text, a template, a navigation block
        "<item><title>Show the Forecast</title><content:encoded><![CDATA[<p>Show the forecast on one page.</p>"
        "<iframe src='https://video.invalid/embed/1'>Watch the video on our channel</iframe>"
        "<template><p>Subscribe now</p></template><div role='navigation'>Older posts | Newer posts</div>"
        "<p>Read it with the team every Monday.</p>]]></content:encoded></item>"
        "</channel></rss>"))
    assert [(p["title"], p["author"], p["blog"], p["date"], p["tags"]) for p in posts] == [
        ("Forecast Only What Has a Date", "Ben Roy, Hana Sato", "Pipeline Weather", "2023-08-14",
         ["Forecasting", "Pipeline"]),
        (None, None, "Pipeline Weather", "2023-08-20", []),
        ("Show the Forecast", None, "Pipeline Weather", None, []),
    ]
    assert body(texts[posts[0]["key"]]) == FORECAST
    assert body(texts[posts[2]["key"]]) == "Show the forecast on one page.\n\nRead it with the team every Monday."
    assert notes(err) == []
    # no channel title, an item with no title element
    path, posts, err, _ = imported(repo, capsys, "bare.xml", RSS_OPEN + (
        f"<item><description>{FORECAST}</description><dc:creator>Ben Roy</dc:creator></item></channel></rss>"))
    assert [(p["title"], p["author"], p["blog"]) for p in posts] == [(None, "Ben Roy", None)]
    # a feed with no items
    path, posts, err, _ = imported(repo, capsys, "empty.xml", RSS_OPEN + "<title>Quiet</title></channel></rss>",
                                   code=1)
    assert err.splitlines() == [f"error: {path} holds no published posts; nothing to import"]


def test_an_atom_feed_reads_text_titles_as_text_and_prefers_html_content(repo, capsys):
    path, posts, err, texts = imported(repo, capsys, "atom.xml", (
        "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title type='text'>Discovery Desk</title>"
        "<author><email>desk@discovery.com</email></author><author><name>Iris Moreau</name></author>"
        "<id>urn:x</id><updated>2024-01-10T00:00:00Z</updated>"
        # no author: the feed's named author; a text title with angle brackets; text content in two paragraphs
        "<entry><id>urn:1</id><title type='text'>Fill In &lt;Company&gt; Before You Send</title>"
        "<updated>2024-01-09T10:00:00Z</updated><content type='text'>Fill in the company name before you send "
        "the template.\n\nRead the email once more, out loud.</content></entry>"
        # a nameless author before a named one; a text content and an HTML content
        "<entry><id>urn:2</id><title>Ask Who Else Decides</title><updated>2023-12-01T10:00:00Z</updated>"
        "<author><name></name><email>paul@discovery.com</email></author><author><name>Paul Brandt</name></author>"
        "<content type='text'>Plain copy.</content>"
        "<content type='html'>&lt;p&gt;Ask who else decides before the demo.&lt;/p&gt;&lt;p&gt;Invite them to "
        "it.&lt;/p&gt;</content></entry>"
        # a content with an empty type is read as HTML
        "<entry><id>urn:3</id><title>Recap the Same Day</title><updated>2023-11-20T10:00:00Z</updated>"
        "<content type=''>&lt;p&gt;Send the recap the same day.&lt;/p&gt;&lt;p&gt;Keep it to five lines."
        "&lt;/p&gt;</content></entry></feed>"))
    assert [(p["title"], p["author"], p["blog"], p["date"]) for p in posts] == [
        ("Fill In <Company> Before You Send", "Iris Moreau", "Discovery Desk", "2024-01-09"),
        ("Ask Who Else Decides", "Paul Brandt", "Discovery Desk", "2023-12-01"),
        ("Recap the Same Day", "Iris Moreau", "Discovery Desk", "2023-11-20"),
    ]
    assert body(texts[posts[0]["key"]]) == ("Fill in the company name before you send the template.\n\n"
                                           "Read the email once more, out loud.")
    assert body(texts[posts[1]["key"]]) == "Ask who else decides before the demo.\n\nInvite them to it."
    assert body(texts[posts[2]["key"]]) == "Send the recap the same day.\n\nKeep it to five lines."
