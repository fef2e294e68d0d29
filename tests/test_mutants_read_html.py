"""What an editor sees when the importer reads a saved HTML page: found by
mutmut (``make mutation``) on ``importer/read_html.py``. The depth limit was
tested only for its speed (``test_importer_bounds.py``, which the mutation run
leaves out because its timings vary on a loaded machine), and the images of a
post only in their common form. Each test reads the import report or the
refusal. The pages are invented here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from importing import repo, run  # noqa: F401  (repo is a fixture)

P = "<p>Call the buyer back on the day you promised, even when you have no news to give yet.</p>"


def page(inner: str) -> str:
    return (f"<html><head><title>Call Back</title></head><body><article><h1>Call Back</h1>{inner}</article></body>"
            f"</html>")


def imported(repo: Path, capsys, name: str, html: str) -> dict:
    path = repo / name
    path.write_text(html, encoding="utf-8")
    capsys.readouterr()
    assert run(repo, str(path), "--json", "--dry-run") == 0, capsys.readouterr().err
    [post] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    return post


def refused(repo: Path, capsys, name: str, html: str) -> str:
    path = repo / name
    path.write_text(html, encoding="utf-8")
    capsys.readouterr()
    assert run(repo, str(path)) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path} was refused: ") and len(err.strip().splitlines()) == 1, err
    return err.strip().removeprefix(f"error: {path} was refused: ")


def test_a_page_nested_256_levels_is_read_and_one_level_more_is_refused(repo, capsys):
    # html, body, article and the innermost <p> are four levels; the divs make the rest
    post = imported(repo, capsys, "deep-256.html", page(P + "<div>" * 252 + P + "</div>" * 252))
    assert post["title"] == "Call Back" and post["body_words"] == 36
    assert refused(repo, capsys, "deep-257.html", page(P + "<div>" * 254 + "deepest" + "</div>" * 254)) == (
        "its elements are nested more deeply than any post's (over 256 levels); save the post's page again or "
        "export it as a feed")


def test_a_long_page_of_paragraphs_line_breaks_and_stray_end_tags_is_not_taken_for_a_deep_one(repo, capsys):
    """300 paragraphs side by side, 300 <br> (void: they open nothing), 300 boxes of two nested divs one
    after the other, and end tags with nothing to close."""
    post = imported(repo, capsys, "long.html", page(P * 300 + "line<br>" * 300 + "<div><div>box</div></div>" * 300
                                                    + "<span>a</span></span></b>" + P))
    assert post["body_words"] > 300 * 16


def test_a_posts_images_are_listed_lazy_linked_captioned_and_without_inline_data(repo, capsys):
    post = imported(repo, capsys, "images.html", page(
        P + '<figure><a href="/big.jpg"><img data-src="/lazy.jpg" alt="A buyer on the phone"></a>'
            "<figcaption>Call <em>back</em> today</figcaption></figure>"
            '<img src="data:image/png;base64,AAAA"><img alt="no address"><img src="/plain.png">'))
    assert post["images"] == [
        {"src": "/lazy.jpg", "alt": "A buyer on the phone", "caption": "Call back today"},
        {"src": "/plain.png", "alt": None, "caption": None},
    ]


def test_a_page_with_no_text_is_refused_as_read_from_an_html_page(repo, capsys):
    assert refused(repo, capsys, "empty.html", page("<p>1 2</p>")) == (
        "read as an HTML page, the post is no post: its body holds no text; there is nothing to import")


def _head(extra: str = "") -> str:
    return f'<html><head><meta charset="utf-8"><title>Site</title>{extra}</head><body>'


# name: (page, the title the report shows)
TITLES = {
    "og-title": (_head('<meta property="og:title" content="OG Title">') + f"<article>{P}</article></body></html>",
                 "OG Title"),
    "twitter-title": (_head('<meta name="twitter:title" content="Twitter Title">') + f"<article>{P}</article>"
                      "</body></html>", "Twitter Title"),
    "og-title-before-the-article-heading": (_head('<meta property="og:title" content="OG Title">') + "<h1>Outside "
                                            f"Title</h1><article><h1>Article Title</h1>{P}</article></body></html>",
                                            "OG Title"),
    "og-title-without-content": (_head('<meta property="og:title">') + f"<h1>Outside Title</h1><article>{P}</article>"
                                 "</body></html>", "Outside Title"),
    "h1-outside-the-article": (_head() + f"<h1>Outside Title</h1><article>{P}</article></body></html>",
                               "Outside Title"),
    "bare-page": (f"<html><head><title>Bare Title</title></head><body>{P}</body></html>", "Bare Title"),
    "author-card-named-first": (_head() + f'<article class="h-entry"><a class="p-name h-card" href="/ann">Ann Lee</a>'
                                f"<h1>Real Title</h1>{P}</article></body></html>", "Real Title"),
}


def test_the_title_comes_from_the_first_place_that_has_one(repo, capsys):
    """The title the page declares for sharing (og:title, twitter:title; readability's order, measured on the
    corpus), else its <title> without the site's name, else the post's <h1>; a one-word <title> beside a
    heading is the site's name, not the title; an author's h-card named like a title is not the title."""
    for name, (html, title) in TITLES.items():
        post = imported(repo, capsys, f"{name}.html", html)
        assert (name, post["title"], post["body_words"]) == (name, title, 18)


def test_comments_on_a_saved_page_are_read_with_their_authors_and_left_out_of_the_body(repo, capsys):
    post = imported(repo, capsys, "comments.html", _head() + f"<article><h1>Call Back</h1>{P}</article>"
                    '<ol class="commentlist"><li class="comment"><div class="comment-author"><cite class="fn">Priya '
                    '<b>Rao</b></cite></div><div class="comment-content"><p>Calling the buyer back on the '
                    '<em>promised</em> day works for our team.</p></div><div class="reply">Reply</div></li>'
                    '<li class="comment"><div class="comment-body"><p>We call every buyer back the same day.</p></div>'
                    '</li></ol><div id="respond"><h3>Leave a Reply</h3></div></body></html>')
    assert [(c["author"], c["text"]) for c in post["comments_kept"] + post["comments_dropped"]] == [
        ("Priya Rao", "Calling the buyer back on the promised day works for our team."),
        (None, "We call every buyer back the same day."),
    ]
    assert post["body_words"] == 18


def test_scripts_and_noscript_text_stay_out_of_the_body(repo, capsys):
    post = imported(repo, capsys, "script.html", _head() + f'<article><h1>Call Back</h1>{P}<script>var secret = '
                    '"tracking code";</script><noscript>Enable JavaScript now</noscript></article></body></html>')
    assert post["body_words"] == 18


def test_a_wordpress_comment_author_is_the_name_without_says(repo, capsys):
    post = imported(repo, capsys, "says.html", _head() + f"<article><h1>Call Back</h1>{P}</article>"
                    '<ol class="commentlist"><li class="comment"><div class="comment-author vcard"><img alt="" '
                    'src="/avatar.png"><cite class="fn">Priya</cite> <span class="says">says:</span></div>'
                    '<div class="comment-content"><p>Calling the buyer back on the promised day works for our '
                    "team.</p></div></li></ol></body></html>")
    assert [c["author"] for c in post["comments_kept"] + post["comments_dropped"]] == ["Priya"]


# name: (page, (title, author, blog, date, body words, chrome paragraphs removed))
FIELDS = {
    "h-card-author": (_head() + '<article class="h-entry"><h1 class="p-name">Call Back</h1><div class="p-author h-card">'
                      '<img alt="photo" src="/a.png"><span class="p-name">Ann Lee</span> <a class="u-url" href="/">home '
                      f"page</a></div>{P}</article></body></html>", ("Call Back", "Ann Lee", None, None, 18, [])),
    "meta-author-and-site": (_head('<meta property="article:author" content="Ann Lee"><meta property="og:site_name" '
                                   'content="Quota Notes">') + f"<article><h1>Call Back</h1>{P}</article></body></html>",
                             ("Call Back", "Ann Lee", "Quota Notes", None, 18, [])),
    "byline-and-site-title": (_head() + '<p class="site-title">Quota <b>Notes</b></p><div class="byline"><span '
                              f'class="author">By Ann <b>Lee</b></span></div><article><h1>Call Back</h1>{P}</article>'
                              "</body></html>", ("Call Back", "Ann Lee", "Quota Notes", None, 18, [])),
    "author-is-an-address": (_head('<meta name="author" content="https://facebook.com/ann">') +
                             f"<article><h1>Call Back</h1>{P}</article></body></html>",
                             ("Call Back", None, None, None, 18, [])),
    "date-published-content": (_head() + '<article><h1>Call Back</h1><span itemprop="datePublished" '
                               f'content="2021-04-12">April <b>12</b>, 2021</span>{P}</article></body></html>',
                               ("Call Back", None, None, "2021-04-12", 21, [])),
    "dt-published-text": (_head() + f'<article><h1>Call Back</h1><span class="dt-published">April 12, 2021</span>{P}'
                          "</article></body></html>", ("Call Back", None, None, "2021-04-12", 21, [])),
    "time-outside-the-article": (_head() + '<header><time datetime="2021-04-12T09:00:00">April 12</time></header>'
                                 f"<article><h1>Call Back</h1>{P}</article></body></html>",
                                 ("Call Back", None, None, "2021-04-12", 18, [])),
    "time-with-empty-datetime": (_head() + '<article><h1>Call Back</h1><time datetime="">April 12, 2021</time>'
                                 f"{P}</article></body></html>", ("Call Back", None, None, "2021-04-12", 21, [])),
    "h-entry-name-not-a-heading": (_head() + f'<article class="h-entry"><div class="p-name">Entry Title</div>{P}'
                                   "</article></body></html>", ("Entry Title", None, None, None, 18, [])),
    "author-card-then-the-title-under-a-site-heading": (
        _head() + '<h1>Quota Notes</h1><article class="h-entry"><a class="p-name h-card" href="/ann">Ann Lee</a>'
                  f"<h1>Real Title</h1>{P}</article></body></html>", ("Real Title", None, None, None, 18, [])),
    "dt-published-datetime-over-its-text": (
        _head() + '<article><h1>Call Back</h1><time class="dt-published" datetime="2021-04-12T09:00:00">last Monday'
                  f"</time>{P}</article></body></html>", ("Call Back", None, None, "2021-04-12", 20, [])),
    "h3-subheading-kept": (_head() + f"<article><h1>Call Back</h1>{P}<h3>When they say no</h3>{P}</article></body>"
                           "</html>", ("Call Back", None, None, None, 40, [])),
    "title-in-a-header-then-a-byline": (_head() + '<article><header><h1>Call Back</h1></header><div class="byline">By '
                                        f"Ann Lee</div>{P}</article></body></html>",
                                        ("Call Back", None, None, None, 18, [])),
    "no-heading-but-the-pages-title": (_head() + f"<article>{P}</article></body></html>",
                                       ("Site", None, None, None, 18, [])),
    "itemprop-author": (_head() + f'<article><h1>Call Back</h1><div class="byline"><span itemprop="author">Ann Lee</span></div>{P}</article>'
                        "</body></html>", ("Call Back", "Ann Lee", None, None, 18, [])),
    "comments-as-articles-after-the-post": (
        _head() + f'<div class="post"><h1>Call Back</h1>{P}</div><div id="comments"><article class="comment-body">'
                  "<p>Nice post, thanks for this advice on calling back today.</p></article></div></body></html>",
        ("Call Back", None, None, None, 18, [])),
    "subheadings-and-chrome": (_head() + f"<article><h1>Call Back</h1>{P}<h2>Before <em>the</em> call</h2>{P}"
                               "<h3>Call Back</h3><p>Share this:</p></article></body></html>",
                               ("Call Back", None, None, None, 39, ["Share this:"])),
}


def test_author_blog_date_and_body_come_from_where_the_guide_says(repo, capsys):
    """read_html's docstring: the author from an h-card's name, rel/itemprop, <meta>, a byline ("By " dropped, an
    address is no name); the blog from og:site_name or .site-title; the date from dt-published/datePublished (its
    datetime or content first), article:published_time, then any <time>; subheadings kept, a repeated title and
    chrome removed."""
    for name, (html, expected) in FIELDS.items():
        post = imported(repo, capsys, f"{name}.html", html)
        got = (post["title"], post["author"], post["blog"], post["date"], post["body_words"], post["removed"])
        assert (name, got) == (name, expected)


def test_a_page_with_a_profile_card_and_no_article_is_not_taken_for_a_bare_post(repo, capsys):
    path = repo / "profile.html"
    path.write_text('<html><head><title>Ann Lee</title></head><body><div class="h-card"><p>Ann Lee sells software '
                    "to hospitals and writes about calling buyers back.</p></div></body></html>", encoding="utf-8")
    capsys.readouterr()
    assert run(repo, str(path)) == 1
    assert capsys.readouterr().err == (f"error: {path} is a profile page (an h-card: a person's name and accounts), "
                                       f"not a post; import the posts themselves\n")
