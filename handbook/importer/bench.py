"""``python -m handbook.importer.bench``: shows that importing is linear in the
input's size. Each case is read at 1x, 2x, 4x and 8x its size; the line
prints seconds and the ratio to the 1x time. Linear work gives ratios near 2,
4, 8 (a quadratic search would give 4, 16, 64). Printed, never asserted: a
test must not depend on the machine's speed.
"""

from __future__ import annotations

import time

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


if __name__ == "__main__":
    main()
