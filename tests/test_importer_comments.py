"""Reader comments read one by one: a reply nested in a comment is a comment of its own, the commenter's
name is the author, and the theme's "says:", "wrote on <date>:" and "Reply" never reach the text; an on-topic
comment that says one phrase twice is kept. The markup is WordPress's own comment list (its html5 walker:
.comment-list, .comment-body, .comment-meta, .comment-author .fn, .says, .comment-content, .reply,
ol.children), with invented words."""

from __future__ import annotations

import json
from pathlib import Path

from importing import run

POST = ("<p>Send the agenda the day before the follow-up call, and name the one question the demo left open.</p>"
        "<p>On the call, answer that question first; then ask what the client needs before the next step.</p>"
        "<p>End the follow-up call with a date for the next conversation, agreed out loud.</p>")
FIRST = "Sending the agenda the day before the follow-up call changed how our clients answer the phone."
SECOND = "Same here: the follow-up call gets shorter when the client has seen the open question in writing."


def wp_comment(n: int, name: str, text: str, replies: str = "") -> str:
    children = f"<ol class='children'>{replies}</ol>" if replies else ""
    return (f"<li id='comment-{n}' class='comment even depth-1'><article id='div-comment-{n}' class='comment-body'>"
            "<footer class='comment-meta'><div class='comment-author vcard'>"
            f"<img alt='' src='https://example.com/a.png' class='avatar'><b class='fn'>{name}</b> "
            "<span class='says'>says:</span></div><div class='comment-metadata'><a href='#'>"
            "<time datetime='2022-03-04T09:12:00+00:00'>March 4, 2022 at 9:12 am</time></a></div></footer>"
            f"<div class='comment-content'><p>{text}</p></div>"
            f"<div class='reply'><a rel='nofollow' class='comment-reply-link' href='#'>Reply</a></div></article>"
            f"{children}</li>")


def imported(repo: Path, capsys, path: Path) -> dict:
    capsys.readouterr()
    assert run(repo, str(path), "--json", "--dry-run") == 0, capsys.readouterr().err
    (post,) = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    return post


def test_a_reply_nested_in_a_wordpress_comment_is_its_own_comment(repo, tmp_path, capsys):
    path = tmp_path / "post.html"
    path.write_text("<html><head><title>Calls | Quiet Hours</title></head><body>"
                    f"<article class='post'><h1 class='entry-title'>Calls Clients Take</h1>"
                    f"<div class='entry-content'>{POST}</div></article>"
                    "<div id='comments' class='comments-area'><h2 class='comments-title'>2 thoughts on "
                    "\u201cCalls Clients Take\u201d</h2><ol class='comment-list'>"
                    + wp_comment(2, "Ana Ruiz", FIRST, wp_comment(3, "Ben Okafor", SECOND))
                    + "</ol></div></body></html>", encoding="utf-8")
    post = imported(repo, capsys, path)
    assert [(c["author"], c["text"]) for c in post["comments_kept"]] == [("Ana Ruiz", FIRST), ("Ben Okafor", SECOND)]
    assert post["comments_dropped"] == []


TEXT_POST = """Quiet Hours Selling

Calls Clients Take - March 4, 2022

Send the agenda the day before the follow-up call, and name the one question the demo left open.

On the call, answer that question first; then ask what the client needs before the next step.

End the follow-up call with a date for the next conversation, agreed out loud.

2 thoughts on \u201cCalls Clients Take\u201d

Ana Ruiz wrote on March 4, 2022:

{first}

Reply

Ben Okafor says:

{second}

Reply

Leave a Reply
"""


def test_plain_text_comments_split_at_each_commenter_without_their_chrome(repo, tmp_path, capsys):
    path = tmp_path / "post.txt"
    path.write_text(TEXT_POST.format(first=FIRST, second=SECOND), encoding="utf-8")
    post = imported(repo, capsys, path)
    # The first line is the blog's name, not the post's title.
    assert (post["title"], post["blog"], post["date"]) == ("Calls Clients Take", "Quiet Hours Selling", "2022-03-04")
    assert [(c["author"], c["text"]) for c in post["comments_kept"]] == [("Ana Ruiz", FIRST), ("Ben Okafor", SECOND)]
    assert "Ana Ruiz wrote on March 4, 2022:" in post["removed"] and "Reply" in post["removed"]


def test_an_on_topic_comment_saying_a_phrase_twice_is_kept(repo, tmp_path, capsys):
    twice = ("The follow-up call after a demo used to be a chore for me, and my clients could tell. Since I "
             "started sending the agenda the day before, the follow-up call after a demo is the one they answer "
             "first.")
    path = tmp_path / "post.txt"
    path.write_text(TEXT_POST.format(first=twice, second=SECOND), encoding="utf-8")
    post = imported(repo, capsys, path)
    assert [c["text"] for c in post["comments_kept"]] == [twice, SECOND]
