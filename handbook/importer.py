"""Blog posts in, clean source records out: ``python -m handbook import``.

Reads a post as scraped plain text, a saved HTML page, or a WordPress export
(WXR), and finds for each post its title, author, blog, date (ISO 8601), the
body with the blog's chrome removed, and the reader comments, each kept or
dropped with a reason. What it cannot find it reports as missing; it never
guesses a name or a date. It never runs during a build.

How it decides, so a maintainer can predict it (the maintainer's guide has
the long version):

* **Chrome** is any line matching ``CHROME_PATTERNS`` (navigation words,
  comment forms, login widgets, "Comments are closed"...). Such lines are
  dropped wherever they appear and listed under ``removed``.
* **Plain-text header**: a line ``Title - Month D, YYYY`` gives the title and
  date. Lines above it are the blog name and then the author (the order blog
  themes print them); a ``By NAME`` line is always the author. Without such a
  line, a short first line that does not end like a sentence, followed by a
  longer paragraph, is the title.
* **Where comments start**: a comment heading ("2 thoughts on ...", "3
  comments", "Leave a Reply"...). A text with no such marker is checked from
  its end: a trailing paragraph that reads like a comment (it addresses the
  author, or praises or agrees with "this post") or that is off-topic is
  taken as a comment (off-topic here means below half the threshold), and the
  first paragraph that is neither ends the search.
* **Dropping comments**: ``empty`` (no words), ``spam`` (marked as spam in a
  WXR file, or links, shouting in capitals, or one phrase repeated),
  ``unapproved`` (WXR only), ``off-topic`` (similarity to the post below the
  threshold). Similarity is the cosine between the word counts of the comment
  and of the post, stop words removed; the threshold (default 0.08) is set
  with ``--offtopic-threshold``. It catches comments about something else
  entirely; it misses spam that copies words from the post, and it can drop a
  very short on-topic comment that shares no content word with the post.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
_MONTH_RE = "|".join(MONTHS)
DATE_RE = re.compile(rf"\b(?P<month>{_MONTH_RE})\s+(?P<day>\d{{1,2}}),\s*(?P<year>\d{{4}})\b")
TITLE_DATE_RE = re.compile(rf"^(?P<title>.+?)\s+[-\u2013\u2014|]\s+(?P<date>(?:{_MONTH_RE})\s+\d{{1,2}},\s*\d{{4}})$")
BYLINE_RE = re.compile(r"^(?:by|posted by|written by|author:)\s+(?P<name>[^\d,;:]{2,60})$", re.I)

#: Lines that belong to the blog, not the post. Matched against whole lines,
#: case-insensitively, after whitespace is normalised.
CHROME_PATTERNS = [
    r"navigation(\s*[-|]\s*search)?", r"search", r"menu", r"skip to (main )?content", r"home",
    r"comments are closed\.?", r"leave a (reply|comment)", r"cancel reply",
    r"fill in your details below\b.*",
    r"you are commenting using your( \w+)? account\. log out / change \)",
    r"(google|twitter|facebook|wordpress\.com) (photo|picture|logo)",
    r"connecting to %s", r"notify me of (new comments|new posts).*",
    r"your email address will not be published\.?( required fields are marked \*)?",
    r"(email|name|website|comment)( \(required\))?( \(address never made public\))? ?\*?",
    r"post comment", r"share this:?", r"like this:?", r"like loading\.\.\.", r"loading\.\.\.",
    r"related", r"(posted in|filed under|tagged)\b.*", r"previous post.*", r"next post.*",
    r"(\d+|one|two|three) (comments?|responses?|replies|thoughts on .*)",
    r"powered by wordpress.*", r"blog at wordpress\.com\.?", r"follow\b.*", r"subscribe\b.*",
]
_CHROME = re.compile(r"^(?:%s)$" % "|".join(CHROME_PATTERNS), re.I)
#: Lines after which everything is comments or forms.
COMMENTS_START = re.compile(
    r"^(?:\d+|one|two|three|four|five)\s+(?:thoughts? on|comments?|responses?|replies)\b.*$"
    r"|^comments$|^leave a (?:reply|comment)$|^comments are closed\.?$",
    re.I,
)
COMMENT_LIKE = re.compile(
    r"\b(great|nice|wonderful|excellent|good) (post|article|read|write-?up)\b"
    r"|\b(agree|agreed) with (this|your) (post|article)\b|\bcouldn'?t agree\b"
    r"|\bthanks? (you )?for (sharing|writing|this post|posting)\b|^(hi|hello|dear) [A-Z][a-z]+,",
    re.I,
)
NUMBERED_COMMENT = re.compile(r"^\s*\d+\.(?:\s+(?P<text>.*))?$")
STOP_WORDS = set("""
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most
my myself no nor not now of off on once only or other our ours ourselves out over own same she should
so some such than that the their theirs them themselves then there these they this those through to
too under until up very was we were what when where which while who whom why will with would you
your yours yourself yourselves also one get got us let may might must shall like even much many
""".split())

DEFAULT_OFFTOPIC = 0.08


class ImportError_(Exception):
    """A refusal: the message names the file and what to do."""


@dataclass
class Comment:
    text: str
    author: str | None = None
    kept: bool = True
    reason: str | None = None
    similarity: float | None = None


@dataclass
class Post:
    source: str
    title: str | None = None
    author: str | None = None
    blog: str | None = None
    date: str | None = None  # ISO 8601
    body: str = ""
    comments: list[Comment] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    encoding: str = "utf-8"
    #: "wxr" posts carry their own spam/approval marks.
    kind: str = "text"

    @property
    def missing(self) -> list[str]:
        return [name for name in ("title", "author", "blog", "date") if not getattr(self, name)]

    @property
    def body_words(self) -> int:
        return len(re.findall(r"\w+", self.body))

    @property
    def key(self) -> str:
        return citation_key(self)


# -- reading files -------------------------------------------------------------


def read_text(path: Path) -> tuple[str, str]:
    """The file's text and the encoding used; refuses what is not text."""
    if not path.exists():
        raise ImportError_(f"{path} does not exist; check the path")
    if path.is_dir():
        raise ImportError_(f"{path} is a folder; name a post file (text, HTML or WXR)")
    data = path.read_bytes()
    if not data.strip():
        raise ImportError_(f"{path} is empty; there is nothing to import")
    nul = data.find(b"\x00")
    if nul != -1:
        raise ImportError_(
            f"{path} looks like a binary file (NUL byte at offset {nul}); import a text, HTML or WXR file"
        )
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise ImportError_(
            f"{path} is not UTF-8 (invalid byte 0x{data[first_bad]:02x} at offset {first_bad}) and not "
            f"Windows-1252 either; convert it to UTF-8 (iconv -f ENCODING -t UTF-8) and import again"
        ) from None


def _norm(line: str) -> str:
    line = unicodedata.normalize("NFKC", line).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", line).strip()


def is_chrome(line: str) -> bool:
    return bool(_CHROME.match(_norm(line)))


def iso_date(text: str) -> str | None:
    match = DATE_RE.search(text)
    if not match:
        return None
    month = MONTHS.index(match["month"]) + 1
    try:
        return dt.date(int(match["year"]), month, int(match["day"])).isoformat()
    except ValueError:
        return None


def _paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs: blank-line separated, or one per line when a text has no blank lines."""
    stripped = [line for line in lines if line.strip()]
    inner = lines[lines.index(stripped[0]):len(lines) - lines[::-1].index(stripped[-1])] if stripped else []
    if inner and all(line.strip() for line in inner):
        return [_norm(line) for line in inner]
    paragraphs, current = [], []
    for line in lines:
        if line.strip():
            current.append(_norm(line))
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


# -- similarity (off-topic comments) ---------------------------------------------


def _bag(text: str) -> Counter:
    words = re.findall(r"[a-z]+", unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'"))
    return Counter(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words
                   if w not in STOP_WORDS and len(w) > 2)


def similarity(a: str, b: str) -> float:
    """Cosine similarity of the content-word counts of two texts (0 to 1)."""
    bag_a, bag_b = _bag(a), _bag(b)
    dot = sum(bag_a[w] * bag_b[w] for w in bag_a.keys() & bag_b.keys())
    norm = math.sqrt(sum(v * v for v in bag_a.values())) * math.sqrt(sum(v * v for v in bag_b.values()))
    return dot / norm if norm else 0.0


def _spam_reason(text: str) -> str | None:
    """Why a comment looks like spam, or None. Deliberately simple and stated."""
    if re.search(r"https?://|www\.|\[url=", text, re.I):
        return "spam: contains a link"
    if re.search(r"\b[A-Z][A-Z'\u2019]{2,}\s+[A-Z][A-Z'\u2019]+\s+[A-Z][A-Z'\u2019]+\b", text):
        return "spam: shouting in capitals"
    words = re.findall(r"\w+", text.lower())
    grams = [tuple(words[i:i + 4]) for i in range(len(words) - 3)]
    if len(grams) != len(set(grams)) and len(words) < 200:
        return "spam: repeats the same phrase"
    return None


def judge_comments(post: Post, threshold: float) -> None:
    """Keep or drop each comment, with a reason."""
    for comment in post.comments:
        if comment.reason and not comment.kept:
            continue  # already judged by the export itself (WXR)
        if not re.search(r"\w", comment.text):
            comment.kept, comment.reason = False, "empty"
            continue
        spam = _spam_reason(comment.text)
        comment.similarity = round(similarity(comment.text, post.body), 3)
        if spam:
            comment.kept, comment.reason = False, spam
        elif comment.similarity < threshold:
            comment.kept = False
            comment.reason = f"off-topic: similarity {comment.similarity:.3f} < {threshold}"


# -- plain text ------------------------------------------------------------------


def parse_text(text: str, source: str, threshold: float = DEFAULT_OFFTOPIC) -> Post:
    post = Post(source=source)
    lines = text.splitlines()

    # Everything after the first comment heading is comments and forms.
    body_lines, tail = lines, []
    for i, line in enumerate(lines):
        if COMMENTS_START.match(_norm(line)) and i > 0:
            body_lines, tail = lines[:i], lines[i:]
            break

    kept_lines: list[str] = []
    for line in body_lines:
        if is_chrome(line):
            post.removed.append(_norm(line))
        else:
            kept_lines.append(line)

    # Header: a "Title - Month D, YYYY" line near the top.
    nonblank = [(i, _norm(line)) for i, line in enumerate(kept_lines) if line.strip()]
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

    paragraphs = _paragraphs(kept_lines[header_end:])
    comments: list[Comment] = []
    if tail:
        comments = _comments_from_tail(tail, post)
    else:
        # No comment heading: look for comments at the end of the text.
        while len(paragraphs) > 1:
            last = paragraphs[-1]
            rest = " ".join(paragraphs[:-1])
            # Stricter than the judging threshold: a post's own last paragraph
            # can drift from the rest, and losing it would be worse.
            off_topic = similarity(last, rest) < threshold / 2
            if COMMENT_LIKE.search(last) or off_topic or _spam_reason(last):
                comments.insert(0, Comment(text=last))
                paragraphs.pop()
            else:
                break
    post.body = "\n\n".join(paragraphs)
    post.comments = comments
    judge_comments(post, threshold)
    return post


def _comments_from_tail(tail: list[str], post: Post) -> list[Comment]:
    comments: list[Comment] = []
    current: list[str] | None = None
    for line in tail:
        norm = _norm(line)
        if not norm:
            continue
        if is_chrome(norm) or COMMENTS_START.match(norm):
            post.removed.append(norm)
            if current is not None:
                comments.append(Comment(text=" ".join(current)))
                current = None
            continue
        numbered = NUMBERED_COMMENT.match(norm)
        if numbered:
            if current is not None:
                comments.append(Comment(text=" ".join(current)))
            current = [numbered["text"] or ""]
        elif current is not None:
            current.append(norm)
        else:
            current = [norm]
    if current is not None:
        comments.append(Comment(text=" ".join(current)))
    return comments


# -- HTML ------------------------------------------------------------------------

ARTICLE_SELECTORS = ("article .entry-content", ".entry-content", ".post-content", "article .post-body",
                     ".post-body", "article", "main")
COMMENT_SELECTORS = (".comment-list li.comment, ol.commentlist li.comment, #comments .comment")


def _html_text(node) -> str:
    """Text of an HTML element, paragraph by paragraph; scripts are dropped, markup never kept."""
    for unwanted in node.select("script, style, noscript, iframe, form, nav, footer, .sharedaddy, .jp-relatedposts"):
        unwanted.decompose()
    blocks = node.find_all(["p", "li", "h2", "h3", "h4", "blockquote", "pre"])
    if not blocks:
        return _norm(node.get_text(" "))
    texts = []
    for block in blocks:
        if block.find_parent(["li", "blockquote"]) and block.name == "p":
            continue
        text = _norm(block.get_text(" "))
        if text:
            texts.append(text)
    return "\n\n".join(texts)


def parse_html(text: str, source: str, threshold: float = DEFAULT_OFFTOPIC) -> Post:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    post = Post(source=source, kind="html")

    def meta(*names: str) -> str | None:
        for name in names:
            tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
            if tag and tag.get("content", "").strip():
                return _norm(tag["content"])
        return None

    comments_root = soup.select(COMMENT_SELECTORS)
    for node in comments_root:
        author = node.select_one(".comment-author .fn, .comment-author, cite.fn")
        content = node.select_one(".comment-content, .comment-body p, .comment-text")
        text = _norm((content or node).get_text(" "))
        post.comments.append(Comment(text=text, author=_norm(author.get_text(" ")) if author else None))
    for node in soup.select("#comments, .comments-area, #respond"):
        node.decompose()

    article = None
    for selector in ARTICLE_SELECTORS:
        article = soup.select_one(selector)
        if article is not None and _norm(article.get_text(" ")):
            break
        article = None
    if article is None:
        raise ImportError_(
            f"{source} has no article: no <article>, <main> or .entry-content element with text; "
            f"save the post's own page (not the blog's front page) and import again"
        )

    title_node = soup.select_one("h1.entry-title, .entry-title, article h1, h1")
    post.title = meta("og:title") or (_norm(title_node.get_text(" ")) if title_node else None)
    author_node = soup.select_one("[rel=author], .author .fn, .byline .author, .author")
    post.author = meta("author", "article:author") or (_norm(author_node.get_text(" ")) if author_node else None)
    if post.author and post.author.lower().startswith("by "):
        post.author = post.author[3:].strip()
    site = soup.select_one(".site-title")
    post.blog = meta("og:site_name") or (_norm(site.get_text(" ")) if site else None)
    time_node = soup.select_one("time[datetime]")
    published = meta("article:published_time") or (time_node["datetime"] if time_node else None)
    if published and re.match(r"\d{4}-\d{2}-\d{2}", published):
        post.date = published[:10]
    elif time_node:
        post.date = iso_date(time_node.get_text(" "))

    # The article may repeat the title or the byline; keep the body only.
    for node in article.select("h1, .entry-title, .entry-meta, .byline, header"):
        node.decompose()
    body = _html_text(article)
    kept = []
    for paragraph in body.split("\n\n"):
        if is_chrome(paragraph):
            post.removed.append(paragraph)
        else:
            kept.append(paragraph)
    post.body = "\n\n".join(kept)
    judge_comments(post, threshold)
    return post


# -- WordPress export (WXR) -----------------------------------------------------------

WXR_NS = {
    "wp": "http://wordpress.org/export/1.2/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def parse_wxr(text: str, source: str, threshold: float = DEFAULT_OFFTOPIC) -> list[Post]:
    from bs4 import BeautifulSoup
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root = fromstring(text.encode("utf-8"))
    except DefusedXmlException as exc:
        raise ImportError_(
            f"{source} was refused: it declares XML entities or a DTD ({type(exc).__name__}), "
            f"which can be used for an XML bomb; export it again from WordPress"
        ) from None
    except ParseError as exc:
        line, column = exc.position
        raise ImportError_(
            f"{source} is not well-formed XML (line {line}, column {column}): {exc.msg if hasattr(exc, 'msg') else exc}; "
            f"export it again or fix the file"
        ) from None
    channel = root.find("channel")
    if channel is None:
        raise ImportError_(f"{source} is XML but not a WordPress export (no <channel>); export it from WordPress")
    # WXR namespaces change with the export version; accept any wp namespace.
    ns_wp = next((uri for uri in _namespaces(root) if "wordpress.org/export" in uri), WXR_NS["wp"])
    ns = {**WXR_NS, "wp": ns_wp}
    blog = _norm(channel.findtext("title") or "") or None
    authors = {}
    for author in channel.findall("wp:author", ns):
        login = author.findtext("wp:author_login", default="", namespaces=ns)
        name = author.findtext("wp:author_display_name", default="", namespaces=ns)
        authors[login] = _norm(name) or login
    posts = []
    for item in channel.findall("item"):
        if item.findtext("wp:post_type", default="post", namespaces=ns) != "post":
            continue
        if item.findtext("wp:status", default="publish", namespaces=ns) != "publish":
            continue
        creator = item.findtext("dc:creator", default="", namespaces=ns)
        post = Post(source=source, kind="wxr", blog=blog,
                    title=_norm(item.findtext("title") or "") or None,
                    author=authors.get(creator, creator) or None)
        date = item.findtext("wp:post_date", default="", namespaces=ns)
        if re.match(r"\d{4}-\d{2}-\d{2}", date) and not date.startswith("0000"):
            post.date = date[:10]
        html = item.findtext("content:encoded", default="", namespaces=ns)
        body = _html_text(BeautifulSoup(f"<div>{html}</div>", "html.parser").div) if html.strip() else ""
        post.body = "\n\n".join(p for p in re.split(r"\n\s*\n", body) if p.strip())
        for node in item.findall("wp:comment", ns):
            approved = node.findtext("wp:comment_approved", default="1", namespaces=ns)
            ctype = node.findtext("wp:comment_type", default="", namespaces=ns)
            text = _html_text(BeautifulSoup(
                f"<div>{node.findtext('wp:comment_content', default='', namespaces=ns)}</div>", "html.parser").div)
            comment = Comment(text=text.replace("\n\n", " "),
                              author=_norm(node.findtext("wp:comment_author", default="", namespaces=ns)) or None)
            if approved == "spam":
                comment.kept, comment.reason = False, "spam: marked as spam in the export"
            elif approved != "1":
                comment.kept, comment.reason = False, "unapproved: not approved in the export"
            elif ctype in ("pingback", "trackback"):
                comment.kept, comment.reason = False, f"{ctype}: not a reader comment"
            post.comments.append(comment)
        judge_comments(post, threshold)
        posts.append(post)
    if not posts:
        raise ImportError_(f"{source} holds no published posts; nothing to import")
    return posts


def _namespaces(root) -> set[str]:
    found = set()
    for element in root.iter():
        if element.tag.startswith("{"):
            found.add(element.tag[1:].split("}")[0])
    return found


# -- detection --------------------------------------------------------------------------------


def parse_file(path: Path, threshold: float = DEFAULT_OFFTOPIC) -> list[Post]:
    text, encoding = read_text(path)
    head = text.lstrip()[:2000].lower()
    if head.startswith("<?xml") or "<rss" in head:
        posts = parse_wxr(text, str(path), threshold)
    elif head.startswith("<!doctype html") or head.startswith("<html") or re.search(r"<(body|article|head)\b", head):
        posts = [parse_html(text, str(path), threshold)]
    else:
        posts = [parse_text(text, str(path), threshold)]
    for post in posts:
        post.encoding = encoding
    return posts


# -- keys and the bibliography ------------------------------------------------------------------


def _ascii_slug(text: str, max_words: int = 6) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = text.replace("'", "")
    words = re.findall(r"[a-z0-9]+", text)
    return "-".join(words[:max_words])


def citation_key(post: Post) -> str:
    """A stable key: author's last name, year, title words; or a body hash."""
    parts = []
    if post.author:
        parts.append(_ascii_slug(post.author.split()[-1], 1))
    if post.date:
        parts.append(post.date[:4])
    if post.title:
        parts.append(_ascii_slug(post.title))
    else:
        # The first hundred words: stable when comment or chrome detection changes.
        opening = " ".join(re.findall(r"\w+", post.body.lower())[:100])
        digest = hashlib.sha256(opening.encode("utf-8")).hexdigest()[:8]
        parts.append(f"untitled-{digest}")
    return "-".join(p for p in parts if p)


def _bib_escape(text: str) -> str:
    return text.replace("\\", "").replace("{", "(").replace("}", ")").replace("&", r"\&").replace("%", r"\%")


def bib_entry(post: Post, key: str) -> str:
    """The post's BibTeX entry: only what the post states, and a note of the gaps."""
    fields: list[tuple[str, str]] = []
    if post.author:
        fields.append(("author", "{" + _bib_escape(post.author) + "}"))
    # Double braces keep the title's capitals in the bibliography style.
    fields.append(("title", "{{" + _bib_escape(post.title or "[Untitled post]") + "}}"))
    if post.blog:
        fields.append(("howpublished", "{" + _bib_escape(post.blog) + " (blog)}"))
    notes = []
    if post.date:
        date = dt.date.fromisoformat(post.date)
        fields.append(("year", "{%d}" % date.year))
        fields.append(("month", MONTHS[date.month - 1][:3].lower()))
        notes.append(f"Blog post dated {MONTHS[date.month - 1]} {date.day}, {date.year}")
    gaps = {"title": "title", "author": "author", "blog": "blog name", "date": "date"}
    if post.missing:
        notes.append("Not given in the post: " + ", ".join(gaps[m] for m in post.missing))
    fields.append(("note", "{" + _bib_escape("; ".join(notes)) + "}"))
    width = max(len(name) for name, _ in fields)
    body = "".join(f"  {name.ljust(width)} = {value},\n" for name, value in fields)
    return f"@misc{{{key},\n{body}}}\n"


def bib_keys(text: str) -> set[str]:
    """The entry keys in a BibTeX file."""
    return set(re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", text))


# -- drafts --------------------------------------------------------------------------------


def _md_text(text: str) -> str:
    """Text safe to put in Markdown: HTML and MyST syntax characters escaped."""
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", text)


def _yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def draft_chapter(post: Post, key: str, today: dt.date) -> str:
    title = post.title or "Untitled chapter"
    review_by = today.replace(year=today.year + 1) if not (today.month == 2 and today.day == 29) else today + dt.timedelta(days=365)
    label = _ascii_slug(title, 5) or key
    credit = ", ".join(part for part in (
        f"by {post.author}" if post.author else "author not named",
        f"on {post.blog}" if post.blog else None,
        post.date,
    ) if part)
    return f"""---
summary: {_yaml_str("TODO: one sentence on what the reader will be able to do.")}
sources: [{key}]
audience: [rep, manager, trainer]
owner: {_yaml_str("TODO: who keeps this chapter current")}
review-by: {review_by.isoformat()}
---

<!-- Draft from {_md_text(Path(post.source).name)} ({_md_text(credit)}).
     Retell the post in our own words beside {key}.post.txt; quote at most
     twelve words, in quotation marks, with {{footcite:p}}`{key}`.
     Move the file into its part's folder and toctree when it is ready. -->

({label})=
# {_md_text(title)}

```{{index}} TODO main idea
```

## The story

TODO: retell the post in our own words and cite it {{footcite:p}}`{key}`.

## The principle and why it works

TODO

## Warning signs

:::{{warning-signs}}
- TODO
:::

## What to do

1. TODO

## Templates

:::{{template}} TODO template title
:name: tpl-{label}
TODO: the text a reader copies.
:::

## Exercise

:::{{exercise}} TODO exercise title
:name: ex-{label}
:minutes: 20
TODO: instructions for the room.
:::

:::{{trainer-note}} Debrief
TODO: what to listen for, answer key, timing.
:::

## Discussion questions

:::{{discussion-questions}}
1. TODO
:::

## Key takeaways

:::{{key-takeaways}}
- TODO
:::

## Related chapters

- TODO: at least two, as {{chapter}}`label`.

## Sources

```{{footbibliography}}
```
"""


def cleaned_text(post: Post, key: str) -> str:
    lines = [
        f"Source record {key}, imported from {post.source}",
        f"Title:  {post.title or '(not given in the post)'}",
        f"Author: {post.author or '(not named in the post)'}",
        f"Blog:   {post.blog or '(not given in the post)'}",
        f"Date:   {post.date or '(not given in the post)'}",
        "",
        "Read this, then retell it in our own words. Do not paste from it.",
        "",
        "=" * 72,
        "",
        post.body,
        "",
        "=" * 72,
        "Reader comments",
        "",
    ]
    if not post.comments:
        lines.append("(none)")
    for n, comment in enumerate(post.comments, start=1):
        status = "kept" if comment.kept else f"dropped ({comment.reason})"
        who = comment.author or "reader not named"
        lines += [f"[{n}] {who}, {status}:", comment.text, ""]
    if post.removed:
        lines += ["", "Blog chrome removed:", *[f"  - {line}" for line in post.removed]]
    return "\n".join(lines).rstrip() + "\n"


# -- writing --------------------------------------------------------------------------------------


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def summary(post: Post, key: str) -> dict:
    return {
        "source": post.source,
        "key": key,
        "title": post.title,
        "author": post.author,
        "blog": post.blog,
        "date": post.date,
        "encoding": post.encoding,
        "body_words": post.body_words,
        "comments_kept": [asdict(c) for c in post.comments if c.kept],
        "comments_dropped": [asdict(c) for c in post.comments if not c.kept],
        "missing": post.missing,
        "removed": post.removed,
    }


def run_import(args, out=None, err=None) -> int:
    """``python -m handbook import``; see ``handbook.__main__`` for the options."""
    out = out or sys.stdout
    err = err or sys.stderr
    overrides = {name: getattr(args, name) for name in ("title", "author", "blog", "date") if getattr(args, name)}
    if overrides.get("date"):
        try:
            overrides["date"] = dt.date.fromisoformat(overrides["date"]).isoformat()
        except ValueError:
            print(f"error: --date {overrides['date']!r} is not a date; write it as YYYY-MM-DD", file=err)
            return 2
    if overrides and len(args.files) != 1:
        print("error: --title, --author, --blog and --date apply to a single file; import files one at a time",
              file=err)
        return 2

    posts: list[Post] = []
    for name in args.files:
        try:
            found = parse_file(Path(name), args.offtopic_threshold)
        except ImportError_ as exc:
            print(f"error: {exc}", file=err)
            return 1
        if overrides and len(found) != 1:
            print(f"error: {name} holds {len(found)} posts; --title and the other overrides need a file "
                  f"with one post", file=err)
            return 2
        for post in found:
            for attr, value in overrides.items():
                setattr(post, attr, value)
            if post.encoding != "utf-8":
                print(f"note: {name} is not UTF-8; decoded it as {post.encoding}", file=err)
            posts.append(post)

    bib_path = Path(args.bib)
    try:
        bib_text = bib_path.read_text(encoding="utf-8") if bib_path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {bib_path} ({exc}); fix it or pass --bib", file=err)
        return 1
    existing = bib_keys(bib_text)
    drafts = Path(args.drafts)
    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()

    plans = []  # (post, key, bib entry or None, draft files)
    for post in posts:
        # Same key, same post: the key is made from the post's own author,
        # year and title (or opening words), and a hand-edited entry stays.
        key = post.key
        entry = None if key in existing else bib_entry(post, key)
        existing.add(key)
        files = {drafts / f"{key}.md": draft_chapter(post, key, today),
                 drafts / f"{key}.post.txt": cleaned_text(post, key)}
        plans.append((post, key, entry, files))

    # Refuse before writing anything if a draft holds an editor's work.
    if not args.force and not args.dry_run:
        for _, _, _, files in plans:
            for path, text in files.items():
                if path.exists() and path.read_text(encoding="utf-8", errors="replace") != text:
                    print(f"error: {path} already exists and differs from a fresh draft (an editor's work?); "
                          f"move it away or pass --force to overwrite it", file=err)
                    return 1

    new_entries = [entry for _, _, entry, _ in plans if entry]
    for post, key, entry, files in plans:
        if args.json:
            print(json.dumps(summary(post, key), ensure_ascii=False), file=out)
        else:
            dropped = [c for c in post.comments if not c.kept]
            print(f"{post.source}: {key}", file=out)
            print(f"  title {post.title or '-'}; author {post.author or '-'}; blog {post.blog or '-'}; "
                  f"date {post.date or '-'}", file=out)
            if post.missing:
                print(f"  missing: {', '.join(post.missing)} (fill with --{' / --'.join(post.missing)})", file=out)
            print(f"  body {post.body_words} words; {len(post.removed)} chrome lines removed; comments "
                  f"{len(post.comments) - len(dropped)} kept, {len(dropped)} dropped", file=out)
            for comment in dropped:
                print(f"    dropped ({comment.reason}): {comment.text[:60]}", file=out)
            print(f"  {'already in' if entry is None else 'add to'} {bib_path}", file=out)
            for path in files:
                print(f"  {'would write' if args.dry_run else 'write'} {path}", file=out)
        if args.dry_run and not args.json and entry:
            print("  " + entry.replace("\n", "\n  ").rstrip(), file=out)

    if args.dry_run:
        return 0
    if new_entries:
        separator = "" if not bib_text or bib_text.endswith("\n\n") else ("\n" if bib_text.endswith("\n") else "\n\n")
        write_atomic(bib_path, bib_text + separator + "\n".join(new_entries))
    for _, _, _, files in plans:
        for path, text in files.items():
            if not path.exists() or path.read_text(encoding="utf-8", errors="replace") != text:
                write_atomic(path, text)
    return 0
