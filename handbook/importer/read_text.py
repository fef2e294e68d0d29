"""Scraped plain text -> ``Post``.

* **Header**: the short lines above the first paragraph of prose. Each is
  classified before any chrome pattern is tried on it:

  - ``Title - Month D, YYYY``: title and date; the lines above it are the blog
    name and then the author (the order blog themes print them);
  - a byline: ``By NAME``, ``Posted by NAME on DATE``, ``Written by NAME``,
    ``Author: NAME``;
  - a date line: ``March 4, 2022``, ``4 March 2022``, ``2022-03-04``,
    ``Posted on ...``, before or after the title;
  - the title: the short line followed by a byline or a date line, or else the
    first short line that does not end like a sentence, followed by a longer
    one. A title is never taken for chrome, whatever word it starts with;
  - chrome (``clean.is_chrome``): a navigation list or a widget line, removed
    and listed under ``removed``.

  A header line that is none of these is kept at the top of the body and
  listed under ``unclassified``: the parser never drops what it cannot read.
* **Body**: what is left once chrome lines (``clean.py``) and the comments
  (``comments.py``) are taken out, one paragraph per blank-line block (list
  and quote lines keep their own lines), or one per line in a text with no
  blank lines.
"""

from __future__ import annotations

import re

from handbook.importer.clean import DATE_LINE_RE, MONTH_RE, is_chrome, iso_date, norm, paragraphs
from handbook.importer.comments import comments_from_tail, judge_comments, split_at_comments, trailing_comments
from handbook.importer.model import DEFAULT_OFFTOPIC, Comment, Post

TITLE_DATE_RE = re.compile(rf"^(?P<title>.+?)\s+[-\u2013\u2014|]\s+(?P<date>(?:{MONTH_RE})\s+\d{{1,2}},\s*\d{{4}})$")
_NAME = r"(?P<name>[^\W\d_][^\d,;:|]{1,59}?)"
BYLINE_RE = re.compile(
    rf"^(?:by|posted by|written by|author:)\s+{_NAME}"
    rf"(?:\s*(?:,|\||\u00b7|\u2022|-|\u2013|\bon\b|\bin\b)\s*(?P<date>.*\d{{4}}.*))?$",
    re.I,
)
#: How many short lines above the first paragraph are read as the header.
HEADER_LINES = 8


def parse_text(text: str, source: str, threshold: float = DEFAULT_OFFTOPIC) -> Post:
    post = Post(source=source)
    lines = text.splitlines()

    # Everything after the first comment heading is comments and forms.
    body_lines, tail = split_at_comments(lines)

    header_end = _read_header(body_lines, post)
    kept_lines: list[str] = []
    for line in body_lines[header_end:]:
        if is_chrome(line):
            post.removed.append(norm(line))
        else:
            kept_lines.append(line)

    body = list(post.unclassified) + paragraphs(kept_lines)
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


def _is_prose(line: str) -> bool:
    words = line.split()
    return len(words) > 14 or (len(words) > 6 and bool(re.search(r"[.!?;:][\"'\u201d\u2019)]?$", line)))


def _kind(line: str) -> str:
    if TITLE_DATE_RE.match(line):
        return "title-date"
    if BYLINE_RE.match(line):
        return "byline"
    if DATE_LINE_RE.match(line):
        return "date"
    if is_chrome(line):
        return "chrome"
    return "text"


def _byline(line: str, post: Post) -> None:
    match = BYLINE_RE.match(line)
    post.author = norm(match["name"])
    if match["date"] and not post.date:
        post.date = iso_date(match["date"])


def _read_header(lines: list[str], post: Post) -> int:
    """Fill title, date, blog and author from the header; the index of the first line after it."""
    header: list[tuple[int, str, str]] = []  # (line index, text, kind)
    for i, line in enumerate(lines):
        text = norm(line)
        if not text:
            continue
        if _is_prose(text) or len(header) == HEADER_LINES:
            break
        header.append((i, text, _kind(text)))
    if not header:
        return 0
    kinds = [kind for _, _, kind in header]
    after_header = header[-1][0] + 1

    if "title-date" in kinds:
        at = kinds.index("title-date")
        match = TITLE_DATE_RE.match(header[at][1])
        post.title, post.date = match["title"].strip(), iso_date(match["date"])
        above = []
        for _, text, kind in header[:at]:
            if kind == "byline":
                _byline(text, post)
            elif kind == "chrome":
                post.removed.append(text)
            elif kind == "date":
                post.date = post.date or iso_date(text)
            else:
                above.append(text)
        if above:
            post.blog = above.pop(0)
        if above and not post.author:
            post.author = above.pop(0)
        post.unclassified.extend(above)
        _after_title(header[at + 1:], post)
        return after_header

    # The title: a line followed by a byline or a date, else a short first line before prose.
    title_at = None
    for n, (_, text, kind) in enumerate(header):
        following = kinds[n + 1] if n + 1 < len(kinds) else None
        if kind in ("text", "chrome") and following in ("byline", "date") and not re.search(r"[.,:;]$", text):
            title_at = n
            break
    if title_at is None:
        for n, (i, text, kind) in enumerate(header):
            if kind != "text":
                continue
            rest = [ln for ln in lines[i + 1:] if ln.strip()]
            if (len(text.split()) <= 12 and not re.search(r"[.,:;]$", text)
                    and (not rest or len(norm(rest[0])) > len(text))):
                title_at = n
            break
    if title_at is None:
        # No title: the dates, bylines and chrome are still read; other lines stay.
        for _, text, kind in header:
            _classified(text, kind, post)
        return after_header

    post.title = header[title_at][1]
    for _, text, kind in header[:title_at]:
        _classified(text, kind, post)
    _after_title(header[title_at + 1:], post)
    return after_header


def _classified(text: str, kind: str, post: Post) -> None:
    if kind == "byline" and not post.author:
        _byline(text, post)
    elif kind == "date" and not post.date:
        post.date = iso_date(text)
    elif kind == "chrome":
        post.removed.append(text)
    else:
        post.unclassified.append(text)


def _after_title(rest: list[tuple[int, str, str]], post: Post) -> None:
    for _, text, kind in rest:
        _classified(text, kind, post)
