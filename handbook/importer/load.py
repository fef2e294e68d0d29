"""Paths -> inputs -> posts: expand folders and ``.zip`` archives, decode each
file, refuse what is not text, and hand it to the reader for its format.

* **Inputs**: a file; a folder (every post file under it, in sorted order,
  hidden files left out); a ``.zip`` archive (its members, read in memory,
  never extracted: a member whose path is absolute or leaves the archive with
  ``..`` is refused). In a folder or archive, Medium's ``draft_*.html`` files
  and files of other kinds (images...) are listed as skipped; in a whole
  Medium export (a folder holding ``posts/`` and ``profile/``) only ``posts/``
  is read, the rest (profile, claps, bookmarks...) listed as skipped.
* **Size**: a file or member over ``MAX_BYTES`` is refused with its size; every
  reader is linear in the input (``python -m handbook.importer.bench``).
* **Decoding**: UTF-8 (with or without a byte-order mark), UTF-16 (a BOM, or
  the zero bytes of ASCII text in UTF-16), else Windows-1252; a NUL byte in
  what is left means binary.
* **Format**: XML (a WordPress export, an RSS 2.0 or Atom feed, a Blogger
  export: ``read_feed.py``), HTML, Markdown with front matter (``.md``, or a
  text opening with ``---`` or ``+++``), else plain text.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable

from handbook.importer.model import DEFAULT_OFFTOPIC, ImportError_, Post, Skipped
from handbook.importer.read_feed import parse_xml
from handbook.importer.read_html import parse_html
from handbook.importer.read_markdown import parse_markdown
from handbook.importer.read_text import parse_text
from handbook.importer.sanity import insane, looks_like

#: The largest file or archive member read (64 MiB): a bigger WordPress export
#: is split by date range in WordPress's export screen.
MAX_BYTES = 64 * 1024 * 1024
#: An archive's bounds: its members, and the bytes they unpack to (what a zip bomb would exceed).
MAX_MEMBERS = 20_000
MAX_TOTAL = 512 * 1024 * 1024
#: Files a folder or archive is searched for.
SUFFIXES = (".txt", ".text", ".html", ".htm", ".xml", ".wxr", ".rss", ".atom", ".md", ".markdown")


_FRONT_MATTER = re.compile(r"(-{3,}|\+\+\+)[ \t]*\r?\n(?:.*?\r?\n)?\1[ \t]*(?:\r?\n|$)", re.S)


@dataclass
class Input:
    source: str
    read: Callable[[], bytes]
    size: int


def expand(name: str, skipped: list[Skipped]) -> tuple[list[Input], list[str]]:
    """The inputs a command-line path stands for, and the refusals (one message each)."""
    path = Path(name)
    if not path.exists():
        return [], [f"{path} does not exist; check the path"]
    if path.is_dir() and _substack_columns(path / "posts.csv"):
        return _substack_inputs(path, skipped)
    if path.is_dir():
        inputs = []
        files = sorted(p for p in path.rglob("*") if p.is_file())
        medium = _medium_root([PurePosixPath(f.relative_to(path).as_posix()) for f in files])
        inside = path.resolve()
        for file in files:
            relative = file.relative_to(path)
            if any(part.startswith(".") for part in relative.parts):
                continue
            if not file.resolve().is_relative_to(inside):
                skipped.append(Skipped(str(file), relative.name, f"a link to {file.resolve()}, outside {path}: "
                                                                 f"not followed (copy the file in to import it)"))
                continue
            if _not_medium_posts(str(file), PurePosixPath(relative.as_posix()), medium, skipped):
                continue
            if _skip(str(file), file.name, skipped):
                continue
            inputs.append(Input(str(file), file.read_bytes, file.stat().st_size))
        return inputs, ([] if inputs or skipped else [f"{path} is a folder with no post files ({', '.join(SUFFIXES)})"])
    if path.suffix.lower() == ".zip":
        return _zip_inputs(path, skipped)
    return [Input(str(path), path.read_bytes, path.stat().st_size)], []


def _substack_columns(csv_path: Path) -> bool:
    """Whether ``csv_path`` is a Substack export's post list (``post_id`` and ``is_published`` columns)."""
    if not csv_path.is_file():
        return False
    try:
        with csv_path.open(encoding="utf-8-sig") as handle:  # closed at once: a Substack folder is read again
            first = handle.readline()
    except (OSError, UnicodeDecodeError):
        return False
    return {"post_id", "is_published"} <= {c.strip().lower() for c in first.split(",")}


def _substack_inputs(path: Path, skipped: list[Skipped]) -> tuple[list[Input], list[str]]:
    """A Substack export folder: each published post of ``posts.csv`` (not pages) with its ``posts/ID.html``.

    The post's HTML is a fragment: its title, subtitle and date come from ``posts.csv``, so each is read
    as a page made of the two (``_substack_page``)."""
    import csv
    import html

    inputs, errors = [], []
    with (path / "posts.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        title = html.unescape(row.get("title") or "") or row.get("post_id", "(untitled)")
        source = str(path / "posts" / f"{row.get('post_id')}.html")
        if row.get("is_published", "").lower() != "true":
            skipped.append(Skipped(source, title, "not published (a draft in posts.csv): only published posts "
                                                  "are imported"))
            continue
        if row.get("type", "newsletter") not in ("newsletter", "podcast", "thread", ""):
            skipped.append(Skipped(source, title, f"a {row['type']}, not a post"))
            continue
        file = path / "posts" / f"{row.get('post_id')}.html"
        if not file.is_file():
            errors.append(f"{source} is listed in {path / 'posts.csv'} but missing; unzip the whole export again")
            continue
        inputs.append(Input(source, lambda file=file, row=row, title=title: _substack_page(file, row, title),
                            file.stat().st_size))
    return inputs, errors


def _substack_page(file: Path, row: dict, title: str) -> bytes:
    import html

    fragment = file.read_bytes().decode("utf-8", errors="replace")
    subtitle = html.unescape(row.get("subtitle") or "")
    return (f"<html><head><meta property='article:published_time' content='{html.escape(row.get('post_date', ''))}'>"
            f"</head><body><article><h1>{html.escape(title)}</h1><div class='entry-content'>"
            f"{f'<p>{html.escape(subtitle)}</p>' if subtitle else ''}{fragment}</div>"
            f"</article></body></html>").encode("utf-8")


def _medium_root(paths: list[PurePosixPath]) -> PurePosixPath | None:
    """The folder of a Medium export among ``paths`` (it holds ``posts/`` and ``profile/``), or None."""
    tops = {path.parts[:i] for path in paths for i, part in enumerate(path.parts[:-1]) if part == "profile"}
    for path in paths:
        for i, part in enumerate(path.parts[:-1]):
            if part == "posts" and path.parts[:i] in tops:
                return PurePosixPath(*path.parts[:i]) if i else PurePosixPath(".")
    return None


def _not_medium_posts(source: str, relative: PurePosixPath, medium: PurePosixPath | None,
                      skipped: list[Skipped]) -> bool:
    """In a Medium export, only ``posts/`` holds posts: the rest (profile, claps, bookmarks...) is skipped."""
    if medium is None:
        return False
    posts = medium / "posts" if str(medium) != "." else PurePosixPath("posts")
    if posts in relative.parents:
        return False
    skipped.append(Skipped(source, relative.name, "part of a Medium export outside posts/ (profile, claps, "
                                                  "bookmarks...): no post"))
    return True


def _skip(source: str, filename: str, skipped: list[Skipped]) -> bool:
    if not filename.lower().endswith(SUFFIXES):
        skipped.append(Skipped(source, filename, f"not a post file (the importer reads {', '.join(SUFFIXES)})"))
        return True
    if filename.startswith("draft_") and filename.lower().endswith((".html", ".htm")):
        skipped.append(Skipped(source, filename, "a Medium draft (its file name starts with draft_)"))
        return True
    return False


def _zip_inputs(path: Path, skipped: list[Skipped]) -> tuple[list[Input], list[str]]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        return [], [f"{path} is not a readable zip archive ({exc}); make it again"]
    inputs, errors = [], []
    members = sorted((i for i in archive.infolist() if not i.is_dir()), key=lambda i: i.filename)
    total = sum(i.file_size for i in members)
    if len(members) > MAX_MEMBERS or total > MAX_TOTAL:
        return [], [f"{path} was refused: it holds {len(members):,} files that unpack to {total:,} bytes, more "
                    f"than the importer reads from one archive ({MAX_MEMBERS:,} files, {MAX_TOTAL:,} bytes); "
                    f"unzip it and import its folders one at a time"]
    budget = [MAX_TOTAL]  # what is left to read: a member's declared size may lie
    medium = _medium_root([PurePosixPath(i.filename.replace("\\", "/")) for i in members])
    for info in members:
        name = info.filename
        pure = PurePosixPath(name.replace("\\", "/"))
        source = f"{path}:{name}"
        if pure.is_absolute() or ".." in pure.parts or re.match(r"^[A-Za-z]:", name):
            errors.append(f"{source} was refused: its path {name!r} points outside the archive")
            continue
        if any(part.startswith(".") or part == "__MACOSX" for part in pure.parts):
            continue
        if _not_medium_posts(source, pure, medium, skipped) or _skip(source, pure.name, skipped):
            continue
        inputs.append(Input(source, lambda info=info: _read_member(archive, info, budget), info.file_size))
    return inputs, errors


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> bytes:
    with archive.open(info) as handle:
        data = handle.read(min(MAX_BYTES, budget[0]) + 1)  # the declared size may lie
    if len(data) > MAX_BYTES:
        raise ImportError_(_too_big(f"{archive.filename}:{info.filename}", len(data)))
    if len(data) > budget[0]:
        raise ImportError_(f"{archive.filename}:{info.filename} was refused: the archive unpacks to more than "
                           f"{MAX_TOTAL:,} bytes (its sizes are not what it declares); unzip it and import its "
                           f"folders one at a time")
    budget[0] -= len(data)
    return data


def _too_big(source: str, size: int) -> str:
    return (f"{source} is {size:,} bytes, larger than the importer reads ({MAX_BYTES:,} bytes); "
            f"split it (a WordPress export by date range) and import the parts")


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """The text and the encoding used; refuses what is not text."""
    if not data.strip():
        raise ImportError_(f"{source} is empty; there is nothing to import")
    if data.startswith((b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00")):
        return _utf16(data, "utf-32", source), "utf-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _utf16(data, "utf-16", source), "utf-16"
    declared = _declared(data)
    if declared:
        try:
            return _C1.sub("", data.decode(declared).lstrip("\ufeff")), declared
        except (UnicodeDecodeError, LookupError):
            pass  # the declaration is wrong: read it as any other file
    head = data[:400]
    if len(head) >= 4 and head.count(b"\x00") * 3 >= len(head):
        zeros_odd = head[1::2].count(b"\x00")
        zeros_even = head[0::2].count(b"\x00")
        if zeros_odd > 2 * zeros_even:
            return _utf16(data, "utf-16-le", source), "utf-16"
        if zeros_even > 2 * zeros_odd:
            return _utf16(data, "utf-16-be", source), "utf-16"
    nul = data.find(b"\x00")
    if nul != -1:
        raise ImportError_(
            f"{source} looks like a binary file (NUL byte at offset {nul}); import a text, HTML, Markdown, "
            f"feed or export file"
        )
    try:
        return _C1.sub("", data.decode("utf-8-sig")), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    guessed = _guess(data)
    if guessed:
        return _C1.sub("", data.decode(guessed)), guessed
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise ImportError_(
            f"{source} is not UTF-8 (invalid byte 0x{data[first_bad]:02x} at offset {first_bad}) and not "
            f"Windows-1252 either; convert it to UTF-8 (iconv -f ENCODING -t UTF-8) and import again"
        ) from None


#: Encodings charset-normalizer may name for Western text that Windows-1252 reads as well: never taken.
_WESTERN = ("cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_2", "iso8859_15", "mac_roman", "ascii",
            "utf_8", "cp850", "cp437", "mac_latin2", "iso8859_9", "iso8859_13", "iso8859_16", "hp_roman8")


def _guess(data: bytes) -> str | None:
    """An undeclared legacy encoding of another script (KOI8-R, EUC-KR, Shift JIS, TIS-620...), or None.

    charset-normalizer guesses; a guess of a Western single-byte encoding is left to Windows-1252."""
    from charset_normalizer import from_bytes

    if sum(byte > 127 for byte in data[:4000]) < 8:
        return None  # too little to tell a script by
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding in _WESTERN or best.encoding.startswith("utf") or best.chaos > 0.1:
        return None
    try:
        data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return best.encoding


#: C1 control characters: never text (a stray one comes from a file decoded twice).
_C1 = re.compile("[\x80-\x9f]")


def _declared(data: bytes) -> str | None:
    """The encoding an XML declaration or an HTML ``<meta charset>`` names, when it is not UTF-8."""
    import codecs

    match = (re.match(rb"\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._-]{1,40})", data[:300])
             or re.search(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([A-Za-z0-9._-]{1,40})", data[:4000], re.I))
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    if name in ("utf-8", "ascii", "utf-16", "utf-16-le", "utf-16-be", "utf-32"):
        return None  # UTF-8 and ASCII are read below; a UTF-16 declaration in bytes that read as ASCII is wrong
    # Latin-1 is what Windows-1252 extends; a page that declares it usually means Windows-1252.
    return "cp1252" if name in ("latin-1", "iso8859-1") else name


def _utf16(data: bytes, codec: str, source: str) -> str:
    try:
        return _C1.sub("", data.decode(codec).lstrip("\ufeff"))
    except UnicodeDecodeError as exc:
        raise ImportError_(f"{source} looks like UTF-16 but byte {exc.start} is not; convert it to UTF-8 "
                           f"(iconv -f UTF-16 -t UTF-8) and import again") from None


def decode_file(path: Path) -> tuple[str, str]:
    """The file's text and the encoding used; refuses what is not text."""
    if not path.exists():
        raise ImportError_(f"{path} does not exist; check the path")
    if path.is_dir():
        raise ImportError_(f"{path} is a folder; name a post file, or import the folder as a batch")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ImportError_(_too_big(str(path), size))
    return decode_bytes(path.read_bytes(), str(path))


def parse_input(item: Input, threshold: float = DEFAULT_OFFTOPIC,
                skipped: list[Skipped] | None = None) -> list[Post]:
    if item.size > MAX_BYTES:
        raise ImportError_(_too_big(item.source, item.size))
    text, encoding = decode_bytes(item.read(), item.source)
    return parse_text_as(text, item.source, encoding, threshold, skipped)


def parse_file(path: Path, threshold: float = DEFAULT_OFFTOPIC, skipped: list[Skipped] | None = None) -> list[Post]:
    text, encoding = decode_file(Path(path))
    return parse_text_as(text, str(path), encoding, threshold, skipped)


#: What each reader is, for the refusals.
READ_AS = {"text": "plain text", "html": "an HTML page", "markdown": "Markdown", "feed": "a feed",
           "wxr": "a WordPress export", "blogger": "a Blogger export", "ghost": "a Ghost export"}
#: What can stand before a feed's root element: a declaration, comments, a document type, white space.
_XML_PROLOG = re.compile(r"\A(?:\s+|<\?xml[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*", re.S | re.I)


def _is_xml(text: str) -> bool:
    head = text.lstrip("\ufeff")[:20000]
    if head.lstrip().lower().startswith("<?xml"):
        return True
    rest = head[_XML_PROLOG.match(head).end():]
    return re.match(r"<(rss|feed|rdf:RDF)\b", rest, re.I) is not None


def parse_text_as(text: str, source: str, encoding: str, threshold: float = DEFAULT_OFFTOPIC,
                  skipped: list[Skipped] | None = None) -> list[Post]:
    try:
        return _parse_text_as(text, source, encoding, threshold, skipped)
    except RecursionError:
        raise ImportError_(f"{source} was refused: its elements are nested more deeply than any post's (hundreds "
                           f"of levels); save the post's page again or export it as a feed") from None


def _parse_text_as(text: str, source: str, encoding: str, threshold: float = DEFAULT_OFFTOPIC,
                   skipped: list[Skipped] | None = None) -> list[Post]:
    skipped = skipped if skipped is not None else []
    head = text.lstrip()[:2000].lower()
    suffix = Path(source).suffix.lower()
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        raise ImportError_(f"{source} holds nothing but a byte-order mark or white space; there is nothing to import")
    if stripped[:1] in "{[" and suffix not in (".md", ".markdown", ".txt", ".text"):
        posts = _parse_json(stripped, source, threshold, skipped)
    elif _is_xml(text):
        posts = parse_xml(text, source, threshold, skipped)
    elif suffix in (".md", ".markdown") or _FRONT_MATTER.match(text.lstrip("\ufeff")) or (
            suffix not in (".html", ".htm", ".xml") and _PANDOC.match(stripped)):
        posts = parse_markdown(text, source, threshold, skipped)
    elif head.startswith("<!doctype html") or head.startswith("<html") or re.search(r"<(body|article|head)\b", head):
        posts = [parse_html(text, source, threshold)]
    else:
        looks = looks_like(text, source)
        if looks:
            raise ImportError_(f"{source} was refused: this is {looks}")
        posts = [parse_text(text, source, threshold)]
    posts = _gate(posts, text, source, skipped)
    for post in posts:
        post.encoding = encoding
    return posts


_PANDOC = re.compile(r"\A---[ \t]*\r?\n.*?\r?\n\.\.\.[ \t]*(?:\r?\n|$)", re.S)


def _parse_json(text: str, source: str, threshold: float, skipped: list[Skipped]) -> list[Post]:
    import json

    from handbook.importer.read_ghost import ghost_data, parse_ghost

    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ImportError_(f"{source} starts like JSON but is not valid JSON ({exc}); it is not a post: export "
                           f"the posts themselves (HTML, Markdown, a feed or a WordPress export)") from None
    if ghost_data(data) is not None:
        return parse_ghost(data, source, threshold, skipped)
    raise ImportError_(f"{source} was refused: this is {looks_like(text, source)}")


def _gate(posts: list[Post], text: str, source: str, skipped: list[Skipped]) -> list[Post]:
    """Every post must be sane (``sanity.insane``): else the file is refused, never imported as garbage.

    In a feed or export, an entry with no text (a title-only link, a photo post) is listed as skipped."""
    kept = []
    for post in posts:
        reason = insane(post)
        if reason is None:
            kept.append(post)
            continue
        no_text = "holds no text" in reason or "holds only" in reason
        if len(posts) > 1 and no_text:
            skipped.append(Skipped(source, post.title or "(untitled)", f"{reason}: nothing to retell"))
            continue
        # What the file looks like is advice only for a file read as one post's text; a feed or export was
        # read as such, so "a feed whose XML could not be read" would be untrue of it.
        looks = looks_like(text, source) if post.kind in ("text", "html", "markdown") else None
        what = READ_AS.get(post.kind, post.kind)
        where = f"post {post.title[:50]!r}" if len(posts) > 1 and post.title else "the post"
        advice = (f"this is {looks}" if looks else
                  "save the post itself as an HTML page, Markdown or plain text, or pass the feed or export it "
                  "came from" if not no_text else "there is nothing to import")
        raise ImportError_(f"{source} was refused: read as {what}, {where} is no post: {reason}; {advice}")
    if posts and not kept:
        raise ImportError_(f"{source} holds no post with text ({len(posts)} entries without text); nothing to import")
    return kept
