"""``python -m handbook.importer.bench``: shows that importing, and the
curation help of ``python -m handbook sources``, are linear in the input's
size. Each import case is read at 1x, 2x, 4x and 8x its size; the line prints
seconds and the ratio to the 1x time. Linear work gives ratios near 2, 4, 8 (a
quadratic search would give 4, 16, 64). ``sources`` runs on synthetic
libraries of 100 to 800 imported posts (``synthetic_library``) against 20
chapters, and says how many posts got their own topic's chapter as closest and
how many planted near-duplicate pairs were found. Printed, never asserted: a
test must not depend on the machine's speed.
"""

from __future__ import annotations

import io
import random
import tempfile
import time
from pathlib import Path

from handbook.importer.load import parse_text_as

PARAGRAPH = ("Ask the buyer what changed since the last call and write the answer down before you plan the next "
             "step of the deal with them. ")
OFF_TOPIC = "Cheap flights and hotel rooms on every island this summer, book today for the lowest fares. "


def _text_post(n: int) -> str:
    # A post whose many trailing paragraphs all read like comments: the case
    # that was quadratic (every paragraph taken off recounted the rest).
    body = "\n\n".join(PARAGRAPH * 3 for _ in range(n))
    tail = "\n\n".join(f"{OFF_TOPIC} {i}" for i in range(n))
    return f"Deal Notes\n\nby Bench Writer\n\n{body}\n\n{tail}\n"


def _wxr(n: int) -> str:
    items = "".join(
        f"<item><title>Post {i}</title><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>"
        f"<content:encoded><![CDATA[{PARAGRAPH}\n\n{PARAGRAPH}]]></content:encoded></item>" for i in range(n))
    return ('<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>B</title>'
            f"{items}</channel></rss>")


CASES = {"text post with a long comment tail": (_text_post, 400, "post.txt"),
         "WordPress export": (_wxr, 200, "export.wxr")}


# -- sources: a synthetic library of imported posts ---------------------------------------------

CHAPTERS = 20
#: Every DUPLICATE_EVERY-th post is a near-copy of the one before it (a tenth of its sentences rewritten).
DUPLICATE_EVERY = 25


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4)))


def _sentence(rng: random.Random, topic: list[str], common: list[str]) -> str:
    glue = ("the", "and", "with", "for", "when", "your", "before", "after", "that")
    words = [rng.choice(topic) if rng.random() < 0.3 else rng.choice(common) for _ in range(rng.randint(8, 16))]
    mixed = [w for pair in zip(words, [rng.choice(glue) for _ in words]) for w in pair][:-1]
    return " ".join(mixed).capitalize() + "."


def synthetic_library(folder: Path, posts: int, seed: int = 17) -> dict[str, int]:
    """A handbook (``docs/`` with CHAPTERS chapters citing the first posts, ``references.bib``) and the
    importer's ``drafts/KEY.post.txt`` for ``posts`` posts, each about one chapter's topic; returns each post's
    key with its topic's chapter number. Post ``i`` (``i % DUPLICATE_EVERY == 0``) nearly copies post ``i - 1``."""
    from handbook.importer.draft import bib_entry, cleaned_text
    from handbook.importer.model import Post

    rng = random.Random(seed)
    common = sorted({_word(rng) for _ in range(3000)})
    topics = [sorted({_word(rng) for _ in range(60)}) for _ in range(CHAPTERS)]
    docs, drafts = folder / "docs", folder / "drafts"
    drafts.mkdir(parents=True)
    for c in range(CHAPTERS):
        (docs / "part").mkdir(parents=True, exist_ok=True)
        prose = "\n\n".join(" ".join(_sentence(rng, topics[c], common) for _ in range(5)) for _ in range(12))
        (docs / "part" / f"chapter-{c:02d}.md").write_text(
            f"---\nsources: [post-{c:04d}]\n---\n\n# Chapter {c}\n\n{prose}\n", encoding="utf-8")
    entries, topic_of = [], {}
    previous: list[str] = []
    for i in range(posts):
        key, topic = f"post-{i:04d}", i % CHAPTERS
        if i and i % DUPLICATE_EVERY == 0:
            topic = (i - 1) % CHAPTERS
            sentences = [s if rng.random() > 0.1 else _sentence(rng, topics[topic], common) for s in previous]
        else:
            sentences = [_sentence(rng, topics[topic], common) for _ in range(rng.randint(25, 60))]
        previous = sentences
        body = "\n\n".join(" ".join(sentences[j:j + 5]) for j in range(0, len(sentences), 5))
        post = Post(source=f"{key}.txt", title=f"Post {i}", author="Bench Writer", date="2024-01-01", body=body)
        entries.append(bib_entry(post, key))
        (drafts / f"{key}.post.txt").write_text(cleaned_text(post, key), encoding="utf-8")
        topic_of[key] = topic
    (docs / "references.bib").write_text("\n".join(entries), encoding="utf-8")
    return topic_of


def _bench_sources() -> None:
    import json

    from handbook.importer.sources import run_sources

    print(f"sources: synthetic posts against {CHAPTERS} chapters (seconds for the whole command, in-process)")
    first = None
    for n in (100, 200, 400, 800):
        with tempfile.TemporaryDirectory() as tmp:
            topic_of = synthetic_library(Path(tmp), n)
            out, err = io.StringIO(), io.StringIO()
            start = time.perf_counter()
            run_sources(Path(tmp) / "docs", Path(tmp) / "docs" / "references.bib", out, err,
                        drafts=Path(tmp) / "drafts", as_json=True)
            secs = time.perf_counter() - start
        first = first or secs
        rows = [json.loads(line) for line in out.getvalue().splitlines()]
        right = sum(1 for r in rows
                    if r["closest"] and r["closest"][0]["chapter"] == f"part/chapter-{topic_of[r['key']]:02d}")
        pairs = sum(len(r["duplicates"]) for r in rows) // 2
        planted = (n - 1) // DUPLICATE_EVERY
        print(f"  {n:4d} posts: {secs:.2f}s x{secs / first:.1f}; closest chapter is the post's topic for "
              f"{right}/{n}; near-duplicate pairs found {pairs} (planted {planted})")


def main() -> None:
    for name, (make, base, filename) in CASES.items():
        parse_text_as(make(base), filename, "utf-8")  # warm up (imports, caches)
        times = []
        for factor in (1, 2, 4, 8):
            text = make(base * factor)
            start = time.perf_counter()
            parse_text_as(text, filename, "utf-8")
            times.append((len(text), time.perf_counter() - start))
        ratios = "  ".join(f"{size / 1024:.0f} KiB {secs:.2f}s x{secs / times[0][1]:.1f}" for size, secs in times)
        print(f"{name}: {ratios}")
    _bench_sources()


if __name__ == "__main__":
    main()
