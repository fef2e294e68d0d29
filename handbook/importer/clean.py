"""Text normalising and chrome removal, shared by every reader.

* **Chrome** is any line matching ``CHROME_PATTERNS`` (navigation words,
  comment forms, login widgets, "Comments are closed"...). Such lines are
  dropped wherever they appear and listed under ``removed``.
* Lines are normalised (NFKC, no-break spaces, runs of whitespace) before
  they are matched or kept; dates are written as ISO 8601.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
MONTH_RE = "|".join(MONTHS)
DATE_RE = re.compile(rf"\b(?P<month>{MONTH_RE})\s+(?P<day>\d{{1,2}}),\s*(?P<year>\d{{4}})\b")

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


def norm(line: str) -> str:
    line = unicodedata.normalize("NFKC", line).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", line).strip()


def is_chrome(line: str) -> bool:
    return bool(_CHROME.match(norm(line)))


def iso_date(text: str) -> str | None:
    match = DATE_RE.search(text)
    if not match:
        return None
    month = MONTHS.index(match["month"]) + 1
    try:
        return dt.date(int(match["year"]), month, int(match["day"])).isoformat()
    except ValueError:
        return None


def paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs: blank-line separated, or one per line when a text has no blank lines."""
    stripped = [line for line in lines if line.strip()]
    inner = lines[lines.index(stripped[0]):len(lines) - lines[::-1].index(stripped[-1])] if stripped else []
    if inner and all(line.strip() for line in inner):
        return [norm(line) for line in inner]
    found, current = [], []
    for line in lines:
        if line.strip():
            current.append(norm(line))
        elif current:
            found.append(" ".join(current))
            current = []
    if current:
        found.append(" ".join(current))
    return found


def html_text(node) -> str:
    """Text of an HTML element, paragraph by paragraph; scripts are dropped, markup never kept."""
    for unwanted in node.select("script, style, noscript, iframe, form, nav, footer, .sharedaddy, .jp-relatedposts"):
        unwanted.decompose()
    blocks = node.find_all(["p", "li", "h2", "h3", "h4", "blockquote", "pre"])
    if not blocks:
        return norm(node.get_text(" "))
    texts = []
    for block in blocks:
        if block.find_parent(["li", "blockquote"]) and block.name == "p":
            continue
        text = norm(block.get_text(" "))
        if text:
            texts.append(text)
    return "\n\n".join(texts)
