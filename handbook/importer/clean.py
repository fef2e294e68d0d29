"""Text normalising, chrome, dates and HTML to text, shared by every reader.

* **Normalising**: Unicode NFC (never NFKC, which would change characters:
  "¯" or a styled letter stay as written), no-break spaces to spaces, runs of
  whitespace to one space.
* **Chrome** is what surrounds a post, found first from structure (in HTML:
  ``<nav>``, ``<aside>``, ``<footer>``, forms and elements whose class or id
  names a share, subscribe, related-posts or comment widget; ``CHROME_SELECTORS``),
  then, for a line of text, by ``is_chrome``: a navigation list ("MENU - HOME -
  ABOUT") or one of ``CHROME_PATTERNS``, each a *whole* widget line ("Share
  this:", "Follow us on Twitter", "Subscribe to our newsletter"), never a line
  that merely starts with "Follow", "Subscribe" or "Share". The readers never
  apply a pattern to the post's title: the header is read first, from its
  structure (``read_text.py``).
* **Dates** are written as ISO 8601: "March 4, 2022", "4 March 2022", "Mar 4,
  2022", "2022-03-04" and RFC 822 / ISO 8601 timestamps (feeds).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import unicodedata

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
MONTH_RE = "|".join(MONTHS)
_MONTH_ANY = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATE_RE = re.compile(rf"\b(?P<month>{MONTH_RE})\s+(?P<day>\d{{1,2}}),\s*(?P<year>\d{{4}})\b")
_DATE_FORMS = [
    re.compile(rf"\b(?P<month>{_MONTH_ANY})\s+(?P<day>\d{{1,2}})(?:st|[nr]d|th)?,?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|[nr]d|th)?\s+(?P<month>{_MONTH_ANY})\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
]
#: A date and nothing else (besides "Posted on", "Published", a weekday...).
DATE_LINE_RE = re.compile(
    rf"^(?:(?:posted|published|written|updated)(?: on)?:?\s+)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    rf"(?:{_MONTH_ANY}\s+\d{{1,2}}(?:st|[nr]d|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|[nr]d|th)?\s+{_MONTH_ANY}\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}})(?:\s+(?:at\s+)?\d{{1,2}}:\d{{2}}(?:\s*[ap]m)?)?$",
    re.I,
)

#: Whole lines that belong to the blog, not the post, matched case-insensitively
#: after whitespace is normalised. Each is a complete widget line: none matches
#: a title or a sentence that merely starts with the same word.
CHROME_PATTERNS = [
    r"navigation(\s*[-|]\s*search)?", r"search", r"menu", r"skip to (main )?content", r"home",
    r"comments are closed\.?", r"leave a (reply|comment)", r"cancel reply",
    r"fill in your details below\b.*",
    r"you are commenting using your( \w+)? account\. log out / change \)",
    r"(google|twitter|facebook|wordpress\.com) (photo|picture|logo)",
    r"connecting to %s", r"notify me of (new comments|new posts).*",
    r"your email address will not be published\.?( required fields are marked \*)?",
    r"(email|name|website|comment)( \(required\))?( \(address never made public\))? ?\*?",
    r"post comment", r"share this( post| article)?:?", r"share on (twitter|facebook|linkedin|x|email):?",
    r"like this:?", r"like loading\.\.\.", r"loading\.\.\.",
    r"related( posts| articles)?:?", r"(posted in|filed under|tagged):? .*", r"previous post.*", r"next post.*",
    r"(\d+|one|two|three) (comments?|responses?|replies|thoughts on .*)",
    r"powered by wordpress.*", r"blog at wordpress\.com\.?",
    r"follow( us| me)?( on (twitter|facebook|linkedin|instagram|x|mastodon|bluesky))?:?",
    r"follow (this )?blog( via email)?:?", r"subscribe( now| here)?:?",
    r"subscribe (to|via) (our|my|the|this) (newsletter|blog|feed|posts|mailing list)( via email)?[.!:]?",
    r"sign up for (our|my|the) newsletter[.!]?",
]
_CHROME = re.compile(r"^(?:%s)$" % "|".join(CHROME_PATTERNS), re.I)
#: A navigation list: three or more short items between " - ", " | ", " · " or " • ".
_NAV_ITEM = r"[^\W\d_][\w'&]*(?: [\w'&]+){0,2}"
_NAV = re.compile(rf"^{_NAV_ITEM}(?:\s+[-|\u00b7\u2022/]\s+{_NAV_ITEM}){{2,}}$")

#: HTML elements around or inside a post that are the blog's, not the post's.
CHROME_SELECTORS = (
    "script, style, noscript, iframe, form, nav, aside, button, svg, template, "
    ".sharedaddy, .jp-relatedposts, .share, .sharing, .social, .subscribe, .newsletter, .related, "
    ".related-posts, .post-footer, .comments, #comments, .comments-area, #respond, .sidebar, .widget, "
    ".breadcrumb, .breadcrumbs, .menu, [role=navigation], [role=complementary], .button-wrapper, "
    ".subscription-widget-wrap, .subscribe-widget, .share-dialog, .post-ufi, .reading-time, .read-time, "
    ".byline-meta, .post-meta, .entry-meta, .sharedaddy, .wp-block-buttons, .site-title, .site-description, "
    ".site-branding"
)


def norm(line: str) -> str:
    line = unicodedata.normalize("NFC", line).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", line).strip()


def is_nav_list(line: str) -> bool:
    line = norm(line)
    return bool(_NAV.match(line)) and len(line) <= 80 and not re.search(r"[.,;:?!]$", line)


def is_chrome(line: str) -> bool:
    line = norm(line)
    return bool(_CHROME.match(line)) or is_nav_list(line)


def iso_date(text: str) -> str | None:
    """The first date written in ``text``, as YYYY-MM-DD; None when there is none."""
    for form in _DATE_FORMS:
        match = form.search(text)
        if not match:
            continue
        month = match["month"]
        if month.isdigit():
            number = int(month)
        else:
            number = next((i + 1 for i, name in enumerate(MONTHS) if name.lower().startswith(month.rstrip(".")[:3].lower())), 0)
        try:
            return dt.date(int(match["year"]), number, int(match["day"])).isoformat()
        except ValueError:
            continue
    return None


def feed_date(text: str | None) -> str | None:
    """A feed's timestamp (ISO 8601 or RFC 822) as YYYY-MM-DD, in the writer's own time zone."""
    text = (text or "").strip()
    if not text:
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        try:
            return dt.date(*map(int, match.groups())).isoformat()
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return iso_date(text)


def paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs: blank-line separated, or one per line when a text has no blank lines.

    List items ("- ", "* ", "1. ") and quoted lines ("> ") keep their own lines.
    """
    stripped = [line for line in lines if line.strip()]
    if not stripped:
        return []
    first = next(i for i, line in enumerate(lines) if line.strip())
    last = len(lines) - next(i for i, line in enumerate(reversed(lines)) if line.strip())
    inner = lines[first:last]
    if all(line.strip() for line in inner):
        return [norm(line) for line in inner]
    found, current = [], []
    for line in lines:
        if line.strip():
            current.append(norm(line))
        elif current:
            found.append(_join(current))
            current = []
    if current:
        found.append(_join(current))
    return found


_BLOCK_LINE = re.compile(r"^(?:[-*+] |\d+[.)] |> ?)")


def _join(lines: list[str]) -> str:
    if len(lines) > 1 and all(_BLOCK_LINE.match(line) for line in lines):
        return "\n".join(lines)
    return " ".join(lines)


def html_text(node) -> str:
    """Text of an HTML element, block by block; chrome and scripts are dropped, markup never kept.

    Paragraphs (``<br><br>`` too) are separated by blank lines; headings are
    ``## `` lines, quotes ``> `` lines, list items ``- `` or ``1. `` lines
    (nested lists indented), code keeps its line breaks between ``` fences,
    tables become Markdown tables. Inline elements add no space (``un<em>
    believ</em>able`` stays one word).
    """
    for unwanted in node.select(CHROME_SELECTORS):
        unwanted.decompose()
    texts: list[str] = []
    _blocks(node, texts, quote=False)
    return "\n\n".join(t for t in texts if t)


_BLOCKS = {"p", "div", "section", "article", "main", "li", "ul", "ol", "blockquote", "pre", "h1", "h2", "h3", "h4",
           "h5", "h6", "figure", "figcaption", "table", "tr", "header", "footer", "dl", "dd", "dt", "hr", "body",
           "html", "address", "details", "summary"}


def _inline(node) -> str:
    """The text of an inline element: nothing added between inline children, a space around a block."""
    from bs4 import NavigableString, Tag
    from bs4.element import Comment as HtmlComment

    if isinstance(node, HtmlComment):
        return ""
    if isinstance(node, NavigableString):
        return str(node)
    if not isinstance(node, Tag):
        return ""
    if node.name == "br":
        return " "
    inner = "".join(_inline(child) for child in node.children)
    return f" {inner} " if node.name in _BLOCKS else inner


def _list_lines(node, depth: int) -> list[str]:
    """A list's lines: ``- item`` or ``1. item``, a nested list indented two spaces more."""
    from bs4 import Tag

    lines, n = [], 0
    for child in node.children:
        if not isinstance(child, Tag):
            continue
        if child.name in ("ul", "ol"):  # a list nested directly in a list
            lines += _list_lines(child, depth + 1)
            continue
        if child.name != "li":
            continue
        n += 1
        nested = [c for c in child.children if isinstance(c, Tag) and c.name in ("ul", "ol")]
        text = norm("".join(_inline(c) for c in child.children if c not in nested))
        if text:
            lines.append("  " * depth + (f"{n}. " if node.name == "ol" else "- ") + text)
        for sub in nested:
            lines += _list_lines(sub, depth + 1)
    return lines


def _table(node) -> str:
    rows = []
    for tr in node.find_all("tr"):
        cells = [norm(_inline(cell)).replace("|", "\\|") for cell in tr.find_all(["th", "td"], recursive=False)]
        if any(cells):
            rows.append(cells)
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows[1:]])


def _blocks(node, texts: list[str], quote: bool) -> None:
    """Walk ``node``: each block element gives a paragraph; inline runs between blocks give one too."""
    from bs4 import NavigableString, Tag
    from bs4.element import Comment as HtmlComment

    run: list[str] = []

    def add(text: str) -> None:
        if text:
            texts.append("\n".join(f"> {line}" if line else ">" for line in text.split("\n")) if quote else text)

    def flush() -> None:
        text = norm("".join(run))
        run.clear()
        add(text)

    for child in node.children:
        if isinstance(child, HtmlComment):
            continue
        if isinstance(child, NavigableString):
            run.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        if child.name == "br":
            # one <br> is a line break, two in a row (white space between) a paragraph break
            nxt = child.find_next_sibling()
            between = child.next_sibling
            if nxt is not None and nxt.name == "br" and (between is nxt or not norm(str(between or ""))):
                flush()
            else:
                run.append(" ")
            continue
        if child.name not in _BLOCKS:
            run.append(_inline(child))
            continue
        flush()
        if child.name in ("ul", "ol"):
            add("\n".join(_list_lines(child, 0)))
        elif child.name == "blockquote":
            _blocks(child, texts, quote=True)
        elif child.name == "pre":
            text = child.get_text().strip("\n")
            if text.strip():
                add(f"```\n{text}\n```")
        elif child.name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = norm(_inline(child))
            if text:
                add("#" * int(child.name[1]) + " " + text)
        elif child.name == "table":
            add(_table(child))
        elif child.name == "hr":
            continue
        else:
            _blocks(child, texts, quote)
    flush()


_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*;)")
_BLOCK_START = re.compile(r"^\s*<(?:p|div|blockquote|ul|ol|h[1-6]|pre|figure|table|hr|section)\b", re.I)


def fragment_text(html: str, *, autop: bool = False) -> str:
    """Text of an HTML fragment (a feed item's content), paragraph by paragraph.

    ``autop``: blank lines separate paragraphs, as WordPress stores a post.
    An entity-like string that is no HTML entity (``&lol1;``) stays as written.
    """
    from html.entities import html5

    from bs4 import BeautifulSoup

    if not html.strip():
        return ""
    html = _ENTITY.sub(lambda m: m.group(0) if m.group(1) in html5 else "&amp;" + m.group(1), html)
    if autop:
        chunks = re.split(r"\r?\n[ \t]*\r?\n", html)
        html = "".join(chunk if _BLOCK_START.match(chunk) else f"<p>{chunk}</p>" for chunk in chunks if chunk.strip())
    return html_text(BeautifulSoup(f"<div>{html}</div>", "html.parser").div)
