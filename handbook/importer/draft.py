"""What an import writes for a post: its BibTeX entry, the chapter draft, and
the cleaned post text the editor reads beside it.

The draft's sections come from ``handbook.shape``, the one description of the
chapter shape; everything put into Markdown is escaped, so a post's text stays
text.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from handbook.importer.clean import MONTHS
from handbook.importer.model import Post, ascii_slug
from handbook.shape import skeleton, talk_track_drafts

# -- the bibliography ------------------------------------------------------------------------


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
    # Which post this key was given to: a different post under the same key gets a suffix (cli.py).
    body += f"  importid = {{{post.identity}}},\n"
    return f"@misc{{{key},\n{body}}}\n"


# -- the chapter draft ----------------------------------------------------------------------------


def _md_text(text: str) -> str:
    """Text safe to put in Markdown: HTML and MyST syntax characters escaped."""
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", text)


def _yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _sections(key: str, label: str) -> dict[str, str]:
    """What each section of the chapter shape holds in a fresh draft."""
    return {
        "The story": f"TODO: retell the post in our own words and cite it {{footcite:p}}`{key}`.",
        "The principle and why it works": "TODO",
        "Warning signs": ":::{warning-signs}\n- TODO\n:::",
        "What to do": "1. TODO",
        "Templates": (
            ":::{template} TODO template title\n"
            f":name: tpl-{label}\n"
            "TODO: the text a reader copies.\n"
            ":::"
        ),
        "Talk tracks": talk_track_drafts(label),
        "Exercise": (
            "::::{exercise} TODO exercise title\n"
            f":name: ex-{label}\n"
            ":minutes: 20\n"
            ":objectives: 1, 2\n"
            "\n"
            "TODO: instructions for the room.\n"
            "\n"
            ":::{model-answer}\n"
            "TODO: what a strong answer looks like.\n"
            ":::\n"
            "::::\n"
            "\n"
            ":::{trainer-note} Debrief\n"
            "TODO: what to listen for, answer key, timing.\n"
            ":::"
        ),
        "Discussion questions": ":::{discussion-questions}\n1. TODO\n:::",
        "Key takeaways": ":::{key-takeaways}\n- TODO\n:::",
        "Related chapters": "- TODO: at least two, as {chapter}`label`.",
        "Sources": "```{footbibliography}\n```",
    }


def draft_chapter(post: Post, key: str, today: dt.date) -> str:
    title = post.title or "Untitled chapter"
    review_by = today.replace(year=today.year + 1) if not (today.month == 2 and today.day == 29) else today + dt.timedelta(days=365)
    label = ascii_slug(title, 5) or key
    credit = ", ".join(part for part in (
        f"by {post.author}" if post.author else "author not named",
        f"on {post.blog}" if post.blog else None,
        post.date,
    ) if part)
    head = f"""---
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

"""
    return head + skeleton(_sections(key, label))


# -- the cleaned post --------------------------------------------------------------------------------


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
    if post.images:
        lines += ["", "Images in the post (not copied; a caption stays in the text above):"]
        for image in post.images:
            about = "; ".join(f"{name} {image[name]!r}" for name in ("alt", "caption") if image.get(name))
            lines.append(f"  - {image['src']}" + (f" ({about})" if about else ""))
    if post.removed:
        lines += ["", "Blog chrome removed:", *[f"  - {line}" for line in post.removed]]
    return "\n".join(lines).rstrip() + "\n"
