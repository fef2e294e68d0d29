"""The importer drops a reader comment that repeats one phrase over and over
as spam, even when the phrase borrows the post's own words (so the off-topic
check would keep it), whether the comments follow a comment heading or simply
trail the post. The post below is invented for this test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from handbook.__main__ import main
from handbook.importer import DEFAULT_OFFTOPIC

HEADER = """Quiet Hours Selling

Imogen Vale

Calls Clients Are Glad to Take - March 4, 2022
"""

BODY = """
Most reps treat the follow-up call after a demo as a chore to get through. The client hears a rep chasing a \
signature and stops picking up the phone.

Before the call, send a short agenda that names the one question the demo left open. On the call, answer that \
question first, then ask what the client needs to see before the next step.

End every follow-up call with a date for the next conversation, agreed out loud, so the client knows the call \
was worth taking.
"""

GENUINE = ("Great post! Sending the agenda before the follow-up call changed how our clients answer the phone "
           "after a demo.")
SPAM = " ".join(["Book more follow-up calls after every demo with our call planner."] * 6)
REASON = "spam: repeats the same phrase"


def import_json(tmp_path: Path, capsys, text: str) -> dict:
    post = tmp_path / "post.txt"
    post.write_text(text, encoding="utf-8")
    (tmp_path / "references.bib").write_text("% sources\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(post), "--json", "--dry-run", "--bib", str(tmp_path / "references.bib"),
                 "--drafts", str(tmp_path / "drafts"), "--today", "2026-01-15"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("comments", [
    f"\n3 thoughts on \u201cCalls Clients Are Glad to Take\u201d\n\n  1. {GENUINE}\n\n  2. {SPAM}\n\nLeave a Reply\n",
    f"\n{GENUINE}\n\n{SPAM}\n",
], ids=["after-a-comment-heading", "trailing-without-a-heading"])
def test_a_comment_repeating_one_phrase_is_dropped_as_spam(tmp_path, capsys, comments):
    post = import_json(tmp_path, capsys, HEADER + BODY + comments)
    assert post["title"] == "Calls Clients Are Glad to Take"
    assert [c["text"] for c in post["comments_kept"]] == [GENUINE]
    [dropped] = post["comments_dropped"]
    assert (dropped["text"], dropped["reason"]) == (SPAM, REASON)
    # It is on topic by word count: only the repetition gives it away.
    assert dropped["similarity"] >= DEFAULT_OFFTOPIC
    # Neither comment was left in the post's body.
    assert post["body_words"] == import_json(tmp_path, capsys, HEADER + BODY)["body_words"]


def test_the_editor_sees_the_spam_marked_dropped_in_the_cleaned_post(tmp_path, capsys):
    post = tmp_path / "post.txt"
    post.write_text(HEADER + BODY + f"\n{GENUINE}\n\n{SPAM}\n", encoding="utf-8")
    (tmp_path / "references.bib").write_text("% sources\n", encoding="utf-8")
    assert main(["import", str(post), "--bib", str(tmp_path / "references.bib"), "--drafts", str(tmp_path / "drafts"),
                 "--today", "2026-01-15"]) == 0
    out = capsys.readouterr().out
    assert f"dropped ({REASON}): Book more follow-up calls" in out
    [cleaned] = (tmp_path / "drafts").glob("*.post.txt")
    text = cleaned.read_text(encoding="utf-8")
    assert f"reader not named, dropped ({REASON}):\n{SPAM}" in text
    assert f"reader not named, kept:\n{GENUINE}" in text
