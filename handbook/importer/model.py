"""What an import is about: a post, its comments, the refusal, and the post's key.

Standard library only, and imports nothing else from the importer, so every
other module can use it.

* **The key** is the author's last name, the year and the title's first six
  words, as ASCII: Latin letters lose their accents, Cyrillic and Greek are
  transliterated (``TRANSLIT``), and a title with none of these (Chinese, say)
  gives ``post-<8 hex digits of its hash>``; no title at all gives
  ``untitled-<hash of the opening words>``. A key is never empty.
* **The identity** (``Post.identity``) is a short hash of the title, author,
  date and opening words; the bibliography entry records it as ``importid``,
  so a *different* post that would get a taken key gets ``-2``, ``-3``...
  instead of overwriting it (``cli.py``), and the same post gets the same key.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

#: The off-topic threshold ``--offtopic-threshold`` defaults to (see ``comments.py``).
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
class Skipped:
    """An item of a feed or export that is not a published post, and why."""
    source: str
    title: str
    reason: str


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
    #: Header lines the reader could not classify: kept in the body and reported.
    unclassified: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    #: What the reader found wrong but could import past (a post date that is no date...), shown to the user.
    warnings: list[str] = field(default_factory=list)
    #: Images in the post's body (HTML and Medium files): ``{"src", "alt", "caption"}``. Never downloaded;
    #: a caption stays in the body as its own paragraph.
    images: list[dict] = field(default_factory=list)
    encoding: str = "utf-8"
    #: "wxr" and "blogger" posts carry their own spam/approval marks.
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

    @property
    def identity(self) -> str:
        opening = " ".join(re.findall(r"\w+", self.body.lower())[:100])
        text = "\x1f".join((self.title or "", self.author or "", self.date or "", opening))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# -- the key ------------------------------------------------------------------------------------

#: Cyrillic and Greek letters to ASCII (a simple, readable romanisation for keys).
TRANSLIT = {letter: ("" if latin == "-" else latin) for letter, latin in zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяєіїґαβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώ",
    "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya ye i yi g "
    "a v g d e z i th i k l m n x o p r s s t y f ch ps o a e i i o y o".split(" "),
)}


def ascii_slug(text: str, max_words: int = 6) -> str:
    text = "".join(TRANSLIT.get(ch, ch) for ch in text.lower())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.replace("'", "")
    words = re.findall(r"[a-z0-9]+", text)
    return "-".join(words[:max_words])


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def citation_key(post: Post) -> str:
    """A stable key: author's last name, year, title words; or a hash. Never empty."""
    parts = []
    if post.author and post.author.split():
        parts.append(ascii_slug(post.author.split()[-1], 1))
    if post.date:
        parts.append(post.date[:4])
    if post.title:
        parts.append(ascii_slug(post.title) or f"post-{_digest(post.title)}")
    else:
        # The first hundred words: stable when comment or chrome detection changes.
        opening = " ".join(re.findall(r"\w+", post.body.lower())[:100])
        parts.append(f"untitled-{_digest(opening)}")
    return "-".join(p for p in parts if p)
