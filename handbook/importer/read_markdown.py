"""Markdown with front matter (Jekyll, Hugo, Eleventy...) -> ``Post``.

* **Front matter**: YAML between ``---`` lines (read with PyYAML's safe
  loader) or TOML between ``+++`` lines (``tomllib``). It gives ``title``,
  ``author`` (a name, a list of names, or a table with ``name``; also
  ``authors``), ``date``, and ``tags``/``categories``; the blog is not in a
  post's front matter. ``draft: true`` or ``published: false`` means the post
  is skipped. A block that does not parse is refused with the line.
* **Template tags** are not the post's text: Liquid ``{% ... %}`` and
  ``{{ ... }}`` and Hugo shortcodes ``{{< ... >}}`` / ``{{% ... %}}`` are
  removed (what a paired tag encloses stays) and listed under ``removed``.
* **Body**: the Markdown text, one paragraph per blank-line block; lists and
  quotes keep their lines. A leading ``# Heading`` is the title when the front
  matter has none.
"""

from __future__ import annotations

import datetime as dt
import re

from handbook.importer.clean import norm, paragraphs
from handbook.importer.comments import judge_comments
from handbook.importer.model import DEFAULT_OFFTOPIC, ImportError_, Post, Skipped

FRONT = re.compile(r"\A(?P<fence>---|\+\+\+)[ \t]*\r?\n(?P<meta>.*?)(?:\r?\n)?^(?P=fence)[ \t]*$\r?\n?", re.S | re.M)
TEMPLATE_TAG = re.compile(r"\{\{<.*?>\}\}|\{\{%.*?%\}\}|\{%.*?%\}|\{\{.*?\}\}", re.S)


def parse_markdown(text: str, source: str, threshold: float = DEFAULT_OFFTOPIC,
                   skipped: list[Skipped] | None = None) -> list[Post]:
    skipped = skipped if skipped is not None else []
    text = text.lstrip("\ufeff")
    meta: dict = {}
    match = FRONT.match(text)
    if match:
        meta = _front_matter(match["meta"], match["fence"], source)
        text = text[match.end():]
    post = Post(source=source, kind="markdown")
    title = meta.get("title")
    post.title = norm(str(title)) if title else None
    post.author = _author(meta.get("author") or meta.get("authors"))
    post.date = _date(meta.get("date"))
    tags = meta.get("tags") or meta.get("categories") or []
    post.tags = [norm(str(t)) for t in (tags if isinstance(tags, list) else [tags]) if str(t).strip()]
    if meta.get("draft") is True or meta.get("published") is False:
        skipped.append(Skipped(source, post.title or "(untitled)",
                               "status draft (front matter): only published posts are imported"))
        return []

    def strip_tag(tag: re.Match) -> str:
        post.removed.append(norm(tag.group(0)))
        return ""

    text = TEMPLATE_TAG.sub(strip_tag, text)
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and re.match(r"^#\s+\S", lines[first]):
        if not post.title:
            post.title = norm(lines[first].lstrip("#"))
        lines = lines[first + 1:]
    post.body = "\n\n".join(paragraphs(lines))
    judge_comments(post, threshold)
    return [post]


def _front_matter(block: str, fence: str, source: str) -> dict:
    if fence == "+++":
        import tomllib

        try:
            meta = tomllib.loads(block)
        except tomllib.TOMLDecodeError as exc:
            raise ImportError_(f"{source}: the front matter is not valid TOML ({exc}); fix it and import again") from None
    else:
        import yaml

        try:
            meta = yaml.safe_load(block)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 2})" if mark is not None else ""
            problem = getattr(exc, "problem", None) or "cannot be read"
            raise ImportError_(f"{source}: the front matter is not valid YAML{where}: {problem}; fix it and "
                               f"import again") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise ImportError_(f"{source}: the front matter is not a set of fields (it is a "
                           f"{type(meta).__name__}); write it as 'title: ...' lines")
    return meta


def _author(value) -> str | None:
    if isinstance(value, list):
        names = [_author(v) for v in value]
        return ", ".join(n for n in names if n) or None
    if isinstance(value, dict):
        value = value.get("name") or value.get("display_name")
    return norm(str(value)) if value else None


def _date(value) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        from handbook.importer.clean import feed_date

        return feed_date(value)
    return None
