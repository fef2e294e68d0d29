"""Scraped plain text -> ``Post``.

* **Header**: a line ``Title - Month D, YYYY`` gives the title and date.
  Lines above it are the blog name and then the author (the order blog themes
  print them); a ``By NAME`` line is always the author. Without such a line, a
  short first line that does not end like a sentence, followed by a longer
  paragraph, is the title.
* **Body**: what is left once chrome lines (``clean.py``) and the comments
  (``comments.py``) are taken out, one paragraph per blank-line block, or one
  per line in a text with no blank lines.
"""

from __future__ import annotations

import re

from handbook.importer.clean import MONTH_RE, is_chrome, iso_date, norm, paragraphs
from handbook.importer.comments import comments_from_tail, judge_comments, split_at_comments, trailing_comments
from handbook.importer.model import DEFAULT_OFFTOPIC, Comment, Post

TITLE_DATE_RE = re.compile(rf"^(?P<title>.+?)\s+[-\u2013\u2014|]\s+(?P<date>(?:{MONTH_RE})\s+\d{{1,2}},\s*\d{{4}})$")
BYLINE_RE = re.compile(r"^(?:by|posted by|written by|author:)\s+(?P<name>[^\d,;:]{2,60})$", re.I)


def parse_text(text: str, source: str, threshold: float = DEFAULT_OFFTOPIC) -> Post:
    post = Post(source=source)
    lines = text.splitlines()

    # Everything after the first comment heading is comments and forms.
    body_lines, tail = split_at_comments(lines)

    kept_lines: list[str] = []
    for line in body_lines:
        if is_chrome(line):
            post.removed.append(norm(line))
        else:
            kept_lines.append(line)

    header_end = _read_header(kept_lines, post)
    body = paragraphs(kept_lines[header_end:])
    comments: list[Comment] = []
    if tail:
        comments = comments_from_tail(tail, post)
    else:
        # No comment heading: look for comments at the end of the text.
        comments = trailing_comments(body, threshold)
    post.body = "\n\n".join(body)
    post.comments = comments
    judge_comments(post, threshold)
    return post


def _read_header(kept_lines: list[str], post: Post) -> int:
    """Fill title, date, blog and author from the header; the index of the first line after it."""
    # Header: a "Title - Month D, YYYY" line near the top.
    nonblank = [(i, norm(line)) for i, line in enumerate(kept_lines) if line.strip()]
    header_end = 0
    for position, (i, line) in enumerate(nonblank[:6]):
        match = TITLE_DATE_RE.match(line)
        if match:
            post.title = match["title"].strip()
            post.date = iso_date(match["date"])
            above = [ln for _, ln in nonblank[:position]]
            for ln in list(above):
                by = BYLINE_RE.match(ln)
                if by:
                    post.author = by["name"].strip()
                    above.remove(ln)
            if len(above) >= 2 and not post.author:
                post.blog, post.author = above[0], above[1]
            elif above:
                post.blog = above[0]
            header_end = i + 1
            break
    else:
        if nonblank:
            i, first = nonblank[0]
            rest = nonblank[1:]
            words = first.split()
            looks_like_title = (
                len(words) <= 12 and not re.search(r"[.,:;]$", first)
                and (not rest or len(rest[0][1]) > len(first) or bool(BYLINE_RE.match(rest[0][1])))
            )
            if looks_like_title:
                by = BYLINE_RE.match(rest[0][1]) if rest else None
                post.title = first
                header_end = i + 1
                if by:
                    post.author = by["name"].strip()
                    header_end = rest[0][0] + 1
    return header_end
