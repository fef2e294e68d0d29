"""Curation help for ``python -m handbook sources``: which chapter an imported
post's text is closest to, and which posts are near-duplicates of each other.
Standard library only; both are linear in the number of posts (an inverted
index, never a comparison of every pair).

* **Words** (``content_words``): the text in lower case, NFC, split into runs
  of letters (any script), a possessive ``'s`` and contractions dropped, the
  importer's stop words (``comments.STOP_WORDS``, and ``MORE_STOP_WORDS``) and
  words under three letters left out, a plural ``s`` folded (``clients`` -> ``client``).
* **Closest chapter**: TF-IDF cosine. A word's weight in a text is
  ``(1 + ln count) * idf``, with ``idf = ln((1 + N) / (1 + df)) + 1`` over all
  N texts, posts and chapters together (``df``: how many contain the word), so
  a word every post uses weighs little. The score is the cosine of the two
  weight vectors (0 to 1); the shared terms shown are those adding most to it
  (their products of weights, as a share of the score), so an editor sees why.
  Below ``WEAK`` (0.05) the best chapter shares a stray word, not a topic, and
  the report says no chapter is close.
  The chapters sit in an inverted index (word -> chapters), so each post costs
  the number of its words, whatever the number of chapters.
* **Near-duplicates**: Jaccard similarity of the sets of five-word runs
  (shingles, every word counted, stop words included) of two posts: shared
  runs / runs in either. An inverted index (run -> posts) gives the shared
  counts of exactly the pairs that share a run. A run found in more than
  ``max(10, posts / 10)`` posts (a blog's sign-off) is boilerplate, not a sign
  of copying, and is left out of both sets. The passage shown is the longest
  stretch of text the two share.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from handbook.importer.comments import STOP_WORDS

#: Words in a shingle (a run of words two posts must share to count).
SHINGLE = 5
#: Jaccard similarity from which two posts are reported as near-duplicates.
DEFAULT_DUPLICATE = 0.3
#: A closest chapter scoring below this shares a stray word or two, not a topic (on the sample posts the
#: chapter that retells a post scores 0.21 to 0.28, the next best 0.11 to 0.26).
WEAK = 0.05
#: Shared terms reported with a closest chapter.
TERMS_SHOWN = 5
#: Words that say nothing of a topic, beyond the importer's stop words.
MORE_STOP_WORDS = frozenset("always perhaps never ever every really still well though yet already".split())

_LETTERS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_TOKEN = re.compile(r"\w+")


def _prepare(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower().replace("\u2019", "'")


def _fold(word: str) -> str | None:
    if word.endswith("'s"):
        word = word[:-2]
    if "'" in word or len(word) < 3 or word in STOP_WORDS or word in MORE_STOP_WORDS:
        return None
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word


def content_words(text: str) -> list[str]:
    """The words that carry a text's topic (see the module's docstring)."""
    folded: dict[str, str | None] = {}  # each distinct word decided once
    words = []
    for word in _LETTERS.findall(_prepare(text)):
        if word not in folded:
            folded[word] = _fold(word)
        if folded[word] is not None:
            words.append(folded[word])
    return words


# -- the closest chapter -------------------------------------------------------------------


@dataclass
class Closeness:
    """A chapter a post is close to: the cosine and the shared terms that weigh most."""
    chapter: str
    score: float
    terms: list[tuple[str, float]] = field(default_factory=list)  # (word, share of the score)


def _weights(counts: Counter, idf: dict[str, float]) -> dict[str, float]:
    vector = {word: (1 + math.log(n)) * idf[word] for word, n in counts.items()}
    length = math.sqrt(sum(w * w for w in vector.values()))
    return {word: w / length for word, w in vector.items()} if length else {}


def closest_chapters(posts: dict[str, str], chapters: dict[str, str], top: int = 3) -> dict[str, list[Closeness]]:
    """For each post (name -> text), the ``top`` chapters (name -> text) its words are closest to, best
    first; chapters sharing no word with the post are left out."""
    bags = {("post", name): Counter(content_words(text)) for name, text in posts.items()}
    bags.update({("chapter", name): Counter(content_words(text)) for name, text in chapters.items()})
    df: Counter = Counter()
    for bag in bags.values():
        df.update(bag.keys())
    n = len(bags)
    idf = {word: math.log((1 + n) / (1 + count)) + 1 for word, count in df.items()}
    vectors = {doc: _weights(bag, idf) for doc, bag in bags.items()}

    index: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for name in chapters:
        for word, weight in vectors[("chapter", name)].items():
            index[word].append((name, weight))

    result = {}
    for name in posts:
        post = vectors[("post", name)]
        scores: dict[str, float] = defaultdict(float)
        for word, weight in post.items():
            for chapter, chapter_weight in index.get(word, ()):
                scores[chapter] += weight * chapter_weight
        best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:top]
        matches = []
        for chapter, score in best:
            if score <= 0:
                continue
            chapter_vector = vectors[("chapter", chapter)]
            shared = sorted(((word, weight * chapter_vector[word] / score) for word, weight in post.items()
                             if word in chapter_vector), key=lambda item: (-item[1], item[0]))
            matches.append(Closeness(chapter, score, shared[:TERMS_SHOWN]))
        result[name] = matches
    return result


# -- near-duplicates ---------------------------------------------------------------------------


@dataclass
class Duplicate:
    """Two posts that share most of their five-word runs."""
    first: str
    second: str
    score: float
    passage: str


def _runs(words: list[str]) -> set[str]:
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def near_duplicates(posts: dict[str, str], threshold: float = DEFAULT_DUPLICATE,
                    passage_words: int = 30) -> list[Duplicate]:
    """Pairs of posts (name -> text) whose Jaccard similarity of five-word runs is at least ``threshold``,
    most similar first."""
    names = sorted(posts)
    words = [_TOKEN.findall(_prepare(posts[name])) for name in names]
    runs = [_runs(w) for w in words]
    # The inverted index: a run -> the posts holding it, kept only for runs in two posts or more.
    first: dict[str, int] = {}
    shared_by: dict[str, list[int]] = {}
    for number, own in enumerate(runs):
        for run in own:
            holder = first.setdefault(run, number)
            if holder != number:
                shared_by.setdefault(run, [holder]).append(number)
    common = max(10, len(names) // 10)
    boilerplate = {run for run, holders in shared_by.items() if len(holders) > common}
    sizes = [len(own) for own in runs]
    for run in boilerplate:
        for number in shared_by[run]:
            sizes[number] -= 1

    shared: Counter = Counter()
    for run, holders in shared_by.items():
        if run in boilerplate:
            continue
        for i, one in enumerate(holders):
            for other in holders[i + 1:]:
                shared[one, other] += 1

    found = []
    for (one, other), count in shared.items():
        score = count / (sizes[one] + sizes[other] - count)
        if score >= threshold:
            passage = _passage(posts[names[one]], words[one], runs[other] - boilerplate, passage_words)
            found.append(Duplicate(names[one], names[other], score, passage))
    return sorted(found, key=lambda d: (-d.score, d.first, d.second))


def _passage(text: str, words: list[str], other: set[str], limit: int) -> str:
    """The longest stretch of ``text`` (``words``: its words, lowered) made of runs the other post has
    too, at most ``limit`` words."""
    best = (0, 0)  # (length in runs, first run)
    start = None
    for i in range(len(words) - SHINGLE + 2):
        if i <= len(words) - SHINGLE and " ".join(words[i:i + SHINGLE]) in other:
            start = i if start is None else start
            continue
        if start is not None and i - start > best[0]:
            best = (i - start, start)
        start = None
    length, first = best
    if not length:
        return ""
    end = first + length - 1 + SHINGLE  # one past the stretch's last word
    last = min(end, first + limit)
    tokens = list(_TOKEN.finditer(text))
    if len(tokens) == len(words):  # the original spelling, punctuation included
        passage = " ".join(text[tokens[first].start():tokens[last - 1].end()].split())
    else:  # lower-casing changed the words (rare): show them lowered
        passage = " ".join(words[first:last])
    return passage + (" ..." if end > last else "")
