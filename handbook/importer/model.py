"""What an import is about: a post, its comments, the refusal, and the post's key.

Standard library only, and imports nothing else from the importer, so every
other module can use it.
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


# -- the key ------------------------------------------------------------------------------------


def ascii_slug(text: str, max_words: int = 6) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = text.replace("'", "")
    words = re.findall(r"[a-z0-9]+", text)
    return "-".join(words[:max_words])


def citation_key(post: Post) -> str:
    """A stable key: author's last name, year, title words; or a body hash."""
    parts = []
    if post.author:
        parts.append(ascii_slug(post.author.split()[-1], 1))
    if post.date:
        parts.append(post.date[:4])
    if post.title:
        parts.append(ascii_slug(post.title))
    else:
        # The first hundred words: stable when comment or chrome detection changes.
        opening = " ".join(re.findall(r"\w+", post.body.lower())[:100])
        digest = hashlib.sha256(opening.encode("utf-8")).hexdigest()[:8]
        parts.append(f"untitled-{digest}")
    return "-".join(p for p in parts if p)
