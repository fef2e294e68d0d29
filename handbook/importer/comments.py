"""Reader comments: where they start, how they split, and which are kept.

* **Where comments start**: a comment heading ("2 thoughts on ...", "3
  comments", "Leave a Reply"...). A text with no such marker is checked from
  its end: a trailing paragraph that reads like a comment (it addresses the
  author, or praises or agrees with "this post") or that is off-topic is
  taken as a comment (off-topic here means below half the threshold), and the
  first paragraph that is neither ends the search.
* **One comment each**: a commenter's line ("Ana Ruiz wrote on March 4,
  2022:", "Ana Ruiz says:") opens a new comment with its author, and a
  "Reply" line closes one: two commenters are never merged.
* **Dropping comments**: ``empty`` (no words), ``spam`` (marked as spam in a
  WXR file, or links, shouting in capitals, or one phrase said three times
  or repeated phrases making over half the words),
  ``unapproved`` (WXR only), ``off-topic`` (similarity to the post below the
  threshold). Similarity is the cosine between the word counts of the comment
  and of the post, stop words removed; the threshold (default 0.08) is set
  with ``--offtopic-threshold``. It catches comments about something else
  entirely; it misses spam that copies words from the post, and it can drop a
  very short on-topic comment that shares no content word with the post.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

from handbook.importer.clean import is_chrome, norm
from handbook.importer.model import Comment, Post

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
#: The line that opens a reader's comment in a saved page's text: "Ana Ruiz wrote on March 4, 2022:",
#: "Ana Ruiz says:", "Ana Ruiz on March 4, 2022 at 9:12 am said:" (WordPress, Blogger, Disqus themes).
#: The name is the comment's author; the line itself is chrome.
COMMENT_HEADER = re.compile(
    r"^(?P<author>[^\W\d_][\w.'\u2019-]*(?: [\w.'\u2019-]+){0,4})\s+"
    r"(?:(?:wrote|said|commented)(?: on| at)? (?P<date>[^:]{4,40})|(?:on|at) (?P<date2>[^:]{4,40}?) said|says|said|wrote)\s*:$",
    re.I,
)
#: Chrome inside a comment thread: the reply link and its kin.
REPLY = re.compile(r"^(?:reply|reply to this comment|\u21b5 reply|log in to reply|permalink|edit)$", re.I)
STOP_WORDS = set("""
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most
my myself no nor not now of off on once only or other our ours ourselves out over own same she should
so some such than that the their theirs them themselves then there these they this those through to
too under until up very was we were what when where which while who whom why will with would you
your yours yourself yourselves also one get got us let may might must shall like even much many
""".split())


# -- similarity (off-topic comments) ---------------------------------------------


def _bag(text: str) -> Counter:
    # Letters of any script: an ASCII-only pattern found no word in a Cyrillic post, so every paragraph
    # after the first looked off-topic and was taken off as a comment.
    words = re.findall(r"[^\W\d_]+", unicodedata.normalize("NFC", text).lower().replace("\u2019", "'"))
    return Counter(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words
                   if w not in STOP_WORDS and len(w) > 2)


def similarity(a: str, b: str) -> float:
    """Cosine similarity of the content-word counts of two texts (0 to 1)."""
    return _cosine(_bag(a), _bag(b))


def _cosine(bag_a: Counter, bag_b: Counter, norm_b: float | None = None) -> float:
    small, large = (bag_a, bag_b) if len(bag_a) <= len(bag_b) else (bag_b, bag_a)
    dot = sum(v * large[w] for w, v in small.items() if w in large)
    if norm_b is None:
        norm_b = math.sqrt(sum(v * v for v in bag_b.values()))
    magnitude = math.sqrt(sum(v * v for v in bag_a.values())) * norm_b
    return dot / magnitude if magnitude else 0.0


LINK = re.compile(r"https?://|www\.|\[url=", re.I)


def spam_reason(text: str, *, links: bool = True) -> str | None:
    """Why a comment looks like spam, or None. Deliberately simple and stated.

    ``links=False`` judges a paragraph of the post itself: carrying a link
    makes a reader's comment spam, never a paragraph of the post.
    """
    if links and LINK.search(text):
        return "spam: contains a link"
    if re.search(r"\b[A-Z][A-Z'\u2019]{2,}\s+[A-Z][A-Z'\u2019]+\s+[A-Z][A-Z'\u2019]+\b", text):
        return "spam: shouting in capitals"
    words = re.findall(r"\w+", text.lower())
    grams = Counter(tuple(words[i:i + 4]) for i in range(len(words) - 3))
    # One phrase said three times, or repeated phrases making over half the words: a reader who says the
    # post's phrase twice in a comment of their own ("the follow-up call after a demo...") is no spammer.
    covered = {i + k for i in range(len(words) - 3) if grams[tuple(words[i:i + 4])] > 1 for k in range(4)}
    if grams and len(words) < 200 and (max(grams.values()) >= 3 or len(covered) * 2 > len(words)):
        return "spam: repeats the same phrase"
    return None


# -- judging ------------------------------------------------------------------------


def judge_comments(post: Post, threshold: float) -> None:
    """Keep or drop each comment, with a reason."""
    for comment in post.comments:
        if comment.reason and not comment.kept:
            continue  # already judged by the export itself (WXR)
        if not re.search(r"\w", comment.text):
            comment.kept, comment.reason = False, "empty"
            continue
        spam = spam_reason(comment.text)
        comment.similarity = round(similarity(comment.text, post.body), 3)
        if spam:
            comment.kept, comment.reason = False, spam
        elif comment.similarity < threshold:
            comment.kept = False
            comment.reason = f"off-topic: similarity {comment.similarity:.3f} < {threshold}"


# -- finding comments in plain text -------------------------------------------------------


def split_at_comments(lines: list[str]) -> tuple[list[str], list[str]]:
    """The lines before the first comment heading, and the heading with everything after it."""
    for i, line in enumerate(lines):
        if COMMENTS_START.match(norm(line)) and i > 0:
            return lines[:i], lines[i:]
    return lines, []


def comments_from_tail(tail: list[str], post: Post) -> list[Comment]:
    """The comments after a comment heading; chrome lines go to ``post.removed``."""
    comments: list[Comment] = []
    current: list[str] | None = None
    author: str | None = None

    def close() -> None:
        nonlocal current, author
        if current is not None:  # an empty one too: it is judged, and dropped as empty
            comments.append(Comment(text=" ".join(current).strip(), author=author))
        current, author = None, None

    for line in tail:
        normed = norm(line)
        if not normed:
            continue
        header = COMMENT_HEADER.match(normed)
        numbered = NUMBERED_COMMENT.match(normed)
        if numbered and numbered["text"]:
            header = COMMENT_HEADER.match(numbered["text"]) or header
        if header:  # "Ana Ruiz wrote on March 4, 2022:": a new commenter, never merged into the last
            close()
            post.removed.append(normed)
            current, author = [], header["author"]
        elif REPLY.match(normed):  # the reply link ends the comment above it
            post.removed.append(normed)
            close()
        elif is_chrome(normed) or COMMENTS_START.match(normed):
            post.removed.append(normed)
            close()
        elif numbered:
            close()
            current = [numbered["text"] or ""]
        elif current is not None:
            current.append(normed)
        else:
            current = [normed]
    close()
    return comments


def trailing_comments(paragraphs: list[str], threshold: float) -> list[Comment]:
    """Take the paragraphs at the end that look like comments off ``paragraphs`` (no comment heading).

    Linear in the text: the word counts of the paragraphs before the one
    judged are kept up to date as paragraphs are taken off, never recounted.
    A paragraph is taken for what it says (it addresses the author, praises
    "this post", shouts, repeats itself, or is off-topic), never for carrying
    a link: a post's own paragraphs often do.
    """
    comments: list[Comment] = []
    if len(paragraphs) < 2:
        return comments
    bags = [_bag(p) for p in paragraphs]
    rest = Counter()
    for bag in bags[:-1]:
        rest.update(bag)
    square = sum(v * v for v in rest.values())
    while len(paragraphs) > 1:
        last = paragraphs[-1]
        # Stricter than the judging threshold: a post's own last paragraph
        # can drift from the rest, and losing it would be worse.
        off_topic = _cosine(bags[-1], rest, math.sqrt(square)) < threshold / 2
        if not (COMMENT_LIKE.search(last) or off_topic or spam_reason(last, links=False)):
            break
        comments.insert(0, Comment(text=last))
        paragraphs.pop()
        bags.pop()
        # The new last paragraph leaves "the rest".
        for word, count in bags[-1].items():
            old = rest[word]
            square += (old - count) ** 2 - old * old
            if old == count:
                del rest[word]
            else:
                rest[word] = old - count
    return comments
