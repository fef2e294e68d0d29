"""Never a silent garbage post: what a file that is no post looks like, and
the gate every post passes before anything is written.

* ``looks_like(text, source)``: what a file is when no reader fits it (a
  Ghost, Tumblr or other JSON export, a Substack ``posts.csv`` or another CSV
  table, an HTML fragment, XML of another kind...), with what to do. The
  refusals name it: "this is a Ghost JSON export: ...".
* ``insane(post)``: why a post read from a file is not a post, or None. A
  title must not be markup, JSON, a CSV row or a front-matter fence; a body
  must hold words and no raw tags (outside code). A reader that produced such
  a post misread its file, so the file is refused rather than imported.
"""

from __future__ import annotations

import csv
import io
import json
import re

#: Words of letters a body needs (a file of only a byte-order mark or of markup has none).
MIN_WORDS = 3
_TAG = re.compile(r"</?(?:p|div|span|a|br|img|html|head|body|script|style|h[1-6]|ul|ol|li|table|tr|td|th|em|"
                  r"strong|b|i|pre|code|blockquote|iframe|meta|link|section|article|figure|rss|feed|item|entry|"
                  r"channel)\b[^<>]{0,300}>", re.I)
_UNSPACED = re.compile("[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_FENCE = re.compile(r"^(?:-{3,}|\+{3,}|`{3,}|~{3,}|\.{3})\s*[\w-]*$")
_CODE = re.compile(r"^(```|~~~).*?^\1[ \t]*$|`[^`\n]+`", re.S | re.M)


def insane(post) -> str | None:
    """Why ``post`` is no post (its title or body is the file's raw form), or None when it is sane."""
    title = (post.title or "").strip()
    if title:
        if title.startswith("<") or len("".join(_TAG.findall(title))) * 2 > len(title):
            return f"its title {title[:40]!r} is markup"
        if title in ("{", "[") or re.match(r'^[\[{]\s*["{\[]', title):
            return f"its title {title[:40]!r} is JSON"
        if _FENCE.match(title):
            return f"its title {title[:40]!r} is a front-matter or code fence"
        if _csv_row(title):
            return f"its title {title[:40]!r} is a row of comma-separated values"
    body = _CODE.sub(" ", post.body or "")
    words = re.findall(r"[^\W\d_]{2,}", body)
    # Scripts written without spaces (Chinese, Japanese, Thai) count one word a character.
    count = len(words) + len(_UNSPACED.findall(body))
    if count < MIN_WORDS:
        return "its body holds no text" if not words else f"its body holds only {len(words)} word(s)"
    tags = _TAG.findall(body)
    if len(tags) >= 3 and len(tags) * 10 > len(words):
        return f"its body is raw markup ({len(tags)} tags such as {tags[0][:30]!r} among {len(words)} words)"
    return None


def _csv_row(line: str) -> bool:
    """A CSV header or row: three or more fields, commas with no space after them, or quoted fields;
    or a row of pipe-, tab- or semicolon-separated values (``///DOTCLEAR|2.25.3|single``)."""
    if re.fullmatch(r"[^|\t; ]*(?:[|\t;][^|\t; ]*){2,}", line) and not re.search(r"\w \w", line):
        return True
    if re.fullmatch(r'(?:"[^"]*"|[^,"]*)(?:,(?:"[^"]*"|[^,"]*)){2,}', line) is None:
        return False
    return ", " not in line or line.count('","') >= 2


def looks_like(text: str, source: str) -> str | None:
    """What a file no reader fits is, and what to do with it; None when nothing is recognised."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped[:1] in "{[":
        try:
            data = json.loads(stripped)
        except ValueError:
            data = None
        if data is not None:
            return _json_kind(data)
    first = stripped.split("\n", 1)[0]
    if source.lower().endswith(".csv") or (_csv_row(first.strip()) and len(stripped.splitlines()) > 1):
        try:
            header = next(csv.reader(io.StringIO(stripped)))
        except (csv.Error, StopIteration):
            header = []
        columns = [h.strip().lower() for h in header]
        if {"post_id", "is_published"} <= set(columns):
            return ("a Substack export's posts.csv: import the whole unzipped export folder (posts.csv with its "
                    "posts/ folder), which reads the published posts")
        if header:
            return (f"a CSV table (columns: {', '.join(header[:6])}{'...' if len(header) > 6 else ''}), not a "
                    f"post: export the posts themselves (HTML, Markdown, a feed or a WordPress export)")
    if re.match(r"<(?:rdf:RDF|rss|feed)\b", stripped, re.I):
        return "a feed whose XML could not be read: download it again"
    if re.match(r"<(?:h[1-6]|p|div|section|figure|ul|ol|blockquote)\b", stripped, re.I):
        return ("an HTML fragment with no page around it (no <html>, <title> or <article>): save the post's whole "
                "page from the browser, or import the export it came from")
    return None


def _json_kind(data) -> str:
    if isinstance(data, dict):
        db = data.get("db")
        if isinstance(db, list) and db and isinstance(db[0], dict) and "data" in db[0]:
            return "a Ghost JSON export"
        if isinstance(data.get("data"), dict) and "posts" in data["data"]:
            return "a Ghost JSON export"
        if "tumblelog" in data or ("response" in data and "blog" in json.dumps(data)[:2000]):
            return ("a Tumblr backup or API answer in JSON, which the importer does not read: export the blog's "
                    "RSS feed (https://NAME.tumblr.com/rss) and import that")
    keys = ", ".join(list(data)[:6]) if isinstance(data, dict) else f"a list of {len(data)} items"
    return (f"a JSON file ({keys}), not a post: export the posts themselves (HTML, Markdown, a feed or a "
            f"WordPress export)")
