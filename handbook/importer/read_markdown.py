"""Markdown with front matter (Jekyll, Hugo, Eleventy, Pelican, pandoc...) -> ``Post``.

* **Front matter**, found and split by python-frontmatter (YAML between
  ``---`` lines, JSON as a ``{`` ... ``}`` block) and by our own code where it
  has no handler: TOML between ``+++`` lines (``tomllib``; python-frontmatter
  needs the ``toml`` package), pandoc's YAML block closed by ``...``, and
  Pelican/MultiMarkdown ``Key: value`` lines up to the first blank line (a
  ``Title:`` among them). YAML is read with PyYAML's safe loader, and an
  anchor or alias is refused (they are how a small YAML file expands into a
  huge one). It gives ``title``, ``author`` (a name, a list of names, or a
  table with ``name``; also ``authors``), ``date``, and ``tags``/``categories``;
  the blog is not in a post's front matter. ``draft: true``, ``published:
  false`` or ``status: draft`` means the post is skipped. A block that does
  not parse is refused with the line.
* **Date**: the front matter's, else the date a Jekyll or Hugo file name
  starts with (``2021-03-04-my-post.md``).
* **Template tags** are not the post's text: Liquid ``{% ... %}`` and
  ``{{ ... }}`` and Hugo shortcodes ``{{< ... >}}`` / ``{{% ... %}}`` are
  removed outside code (what a paired tag encloses stays) and listed under
  ``removed``; inside a code fence or a code span they stay. The pattern is
  linear: a tag is at most ``MAX_TAG`` characters long.
* **Body**: the Markdown text, one paragraph per blank-line block; headings,
  lists, quotes, tables and code fences keep their lines. Raw HTML outside
  code becomes text, and ``<!--more-->`` and other HTML comments go. A leading
  ``# Heading`` (or a heading underlined with ``===``) is the title when the
  front matter has none.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from handbook.importer.clean import norm
from handbook.importer.comments import judge_comments
from handbook.importer.model import DEFAULT_OFFTOPIC, ImportError_, Post, Skipped

FRONT = re.compile(r"\A(?P<fence>---|\+\+\+)[ \t]*\r?\n(?P<meta>.*?)(?:\r?\n)?^(?P=fence)[ \t]*$\r?\n?", re.S | re.M)
PANDOC = re.compile(r"\A---[ \t]*\r?\n(?P<meta>.*?)\r?\n^(?:\.\.\.|---)[ \t]*$\r?\n?", re.S | re.M)
PELICAN = re.compile(r"\A(?P<meta>(?:[A-Za-z][\w -]{0,30}:[ \t]*[^\n]*\r?\n(?:(?: {4}|\t)[^\n]*\r?\n)*)+)(?:\r?\n|\Z)")
#: Pelican's metadata keys: a block of ``Key: value`` lines with one of them is front matter.
PELICAN_KEYS = {"title", "date", "modified", "author", "authors", "category", "tags", "slug", "summary", "status",
                "lang", "translation", "save_as", "url", "template"}
#: The longest template tag removed: keeps the pattern linear on a text full of unclosed ``{{``.
MAX_TAG = 2000
TEMPLATE_TAG = re.compile(rf"\{{\{{<.{{0,{MAX_TAG}}}?>\}}\}}|\{{\{{%.{{0,{MAX_TAG}}}?%\}}\}}|\{{%.{{0,{MAX_TAG}}}?%\}}"
                          rf"|\{{\{{.{{0,{MAX_TAG}}}?\}}\}}", re.S)
#: Code the template tags are left in: fenced blocks, indented blocks, code spans.
CODE = re.compile(r"^(?P<fence>```+|~~~+)[^\n]*\n.*?^(?P=fence)[ \t]*$|(?:^(?: {4}|\t)[^\n]*\n?)+|`[^`\n]+`", re.S | re.M)
FILE_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[-_]")


def parse_markdown(text: str, source: str, threshold: float = DEFAULT_OFFTOPIC,
                   skipped: list[Skipped] | None = None) -> list[Post]:
    skipped = skipped if skipped is not None else []
    text = text.lstrip("\ufeff")
    meta, text = split_front_matter(text, source)
    meta = {str(k).lower(): v for k, v in meta.items()}
    post = Post(source=source, kind="markdown")
    title = meta.get("title")
    post.title = norm(str(title)) if title else None
    post.author = _author(meta.get("author") or meta.get("authors"))
    post.date = _date(meta.get("date")) or _file_date(source)
    tags = meta.get("tags") or meta.get("categories") or meta.get("category") or []
    if isinstance(tags, str):
        tags = [t for t in re.split(r"\s*,\s*", tags)]
    post.tags = [norm(str(t)) for t in (tags if isinstance(tags, list) else [tags]) if str(t).strip()]
    if (meta.get("draft") in (True, "true", "yes") or meta.get("published") in (False, "false", "no")
            or str(meta.get("status", "")).lower() in ("draft", "hidden", "private", "skip")):
        skipped.append(Skipped(source, post.title or "(untitled)",
                               "status draft (front matter): only published posts are imported"))
        return []

    def strip_tag(tag: re.Match) -> str:
        post.removed.append(norm(tag.group(0)))
        return ""

    text = _outside_code(text, lambda part: _html_to_text(TEMPLATE_TAG.sub(strip_tag, part)))
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and re.match(r"^#\s+\S", lines[first]):
        if not post.title:
            post.title = norm(lines[first].lstrip("#"))
        lines = lines[first + 1:]
    elif first is not None and first + 1 < len(lines) and re.match(r"^=+\s*$", lines[first + 1]):
        if not post.title:  # a setext heading: "Title" underlined with "="
            post.title = norm(lines[first])
        lines = lines[first + 2:]
    post.body = "\n\n".join(blocks(lines))
    judge_comments(post, threshold)
    return [post]


def _outside_code(text: str, change) -> str:
    """``text`` with ``change`` applied to everything but its code."""
    parts, at = [], 0
    for match in CODE.finditer(text):
        parts.append(change(text[at:match.start()]))
        parts.append(match.group(0))
        at = match.end()
    parts.append(change(text[at:]))
    return "".join(parts)


_RAW_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][\w:-]*(?:\s[^<>]{0,500})?/?>", re.S)


def _html_to_text(part: str) -> str:
    """Raw HTML in Markdown, outside code: comments (``<!--more-->``) go, tags go, their text stays."""
    import html

    if "<" not in part:
        return part
    return html.unescape(_RAW_TAG.sub("", part)) if _RAW_TAG.search(part) else part


def blocks(lines: list[str]) -> list[str]:
    """Markdown blocks: a code fence whole, a heading, a table or a list with its lines; else paragraphs."""
    found, current, fence = [], [], None
    for line in lines:
        if fence:
            current.append(line.rstrip())
            if re.match(rf"^{re.escape(fence)}\s*$", line.strip()):
                found.append("\n".join(current))
                current, fence = [], None
            continue
        opening = re.match(r"^(```+|~~~+)", line.strip())
        if opening:
            if current:
                found.append(_block(current))
            current, fence = [line.rstrip()], opening.group(1)
            continue
        if re.match(r"^#{1,6}\s+\S", line):
            if current:
                found.append(_block(current))
            found.append(norm(line))
            current = []
            continue
        if not line.strip():
            if current:
                found.append(_block(current))
            current = []
            continue
        current.append(line)
    if current:
        found.append(_block(current) if not fence else "\n".join(current))
    return [b for b in found if b.strip()]


def _block(lines: list[str]) -> str:
    """A block of lines: a list, quote or table keeps its lines; a hard-wrapped paragraph is joined."""
    if all(re.match(r"^\s*(?:[-*+] |\d+[.)] |>|\|)", line) for line in lines):
        return "\n".join(line.rstrip() for line in lines)
    return " ".join(norm(line) for line in lines)


def _file_date(source: str) -> str | None:
    match = FILE_DATE.match(Path(source.rsplit(":", 1)[-1]).name)
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


def split_front_matter(text: str, source: str) -> tuple[dict, str]:
    """The front matter's fields and the text after it ({} and the text when there is none)."""
    import frontmatter
    from frontmatter.default_handlers import JSONHandler, YAMLHandler

    match = FRONT.match(text)
    if match and match["fence"] == "+++":
        return _front_matter(match["meta"], "+++", source), text[match.end():]
    pandoc = PANDOC.match(text)
    if pandoc and not match:  # closed by "..." (a "---" close is python-frontmatter's)
        return _front_matter(pandoc["meta"], "---", source), text[pandoc.end():]
    handler = frontmatter.detect_format(text, [YAMLHandler(), JSONHandler()])
    if isinstance(handler, YAMLHandler) and re.match(r"-{3,}[ \t]*\r?\n", text):
        block, rest = handler.split(text)
        return _front_matter(block, "---", source), rest
    if isinstance(handler, JSONHandler) and text.startswith("{"):
        try:
            block, rest = handler.split(text)
            meta = json.loads(block)
        except ValueError as exc:
            raise ImportError_(f"{source}: the front matter is not valid JSON ({exc}); fix it and import again") \
                from None
        if not isinstance(meta, dict):
            raise ImportError_(f"{source}: the JSON front matter is not a set of fields; write it as an object")
        return meta, rest
    pelican = PELICAN.match(text)
    if pelican:
        fields, key = {}, None
        for line in pelican["meta"].splitlines():
            if line[:1] in (" ", "\t") and key:
                fields[key] += " " + line.strip()
                continue
            key, _, value = line.partition(":")
            key = key.strip().lower()
            fields[key] = value.strip()
        if PELICAN_KEYS & set(fields):
            return fields, text[pelican.end():]
    return {}, text


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
            for event in yaml.parse(block, Loader=yaml.SafeLoader):
                if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                    raise ImportError_(f"{source}: the front matter uses a YAML anchor or alias (&name or *name), "
                                       f"which can make a small file expand without limit; write the values out "
                                       f"and import again")
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
