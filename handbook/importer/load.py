"""A file -> its posts: decode it, refuse what is not text, and hand it to the
reader for its format (WXR, HTML or plain text)."""

from __future__ import annotations

import re
from pathlib import Path

from handbook.importer.model import DEFAULT_OFFTOPIC, ImportError_, Post
from handbook.importer.read_html import parse_html
from handbook.importer.read_text import parse_text
from handbook.importer.read_wxr import parse_wxr


def decode_file(path: Path) -> tuple[str, str]:
    """The file's text and the encoding used; refuses what is not text."""
    if not path.exists():
        raise ImportError_(f"{path} does not exist; check the path")
    if path.is_dir():
        raise ImportError_(f"{path} is a folder; name a post file (text, HTML or WXR)")
    data = path.read_bytes()
    if not data.strip():
        raise ImportError_(f"{path} is empty; there is nothing to import")
    nul = data.find(b"\x00")
    if nul != -1:
        raise ImportError_(
            f"{path} looks like a binary file (NUL byte at offset {nul}); import a text, HTML or WXR file"
        )
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise ImportError_(
            f"{path} is not UTF-8 (invalid byte 0x{data[first_bad]:02x} at offset {first_bad}) and not "
            f"Windows-1252 either; convert it to UTF-8 (iconv -f ENCODING -t UTF-8) and import again"
        ) from None


def parse_file(path: Path, threshold: float = DEFAULT_OFFTOPIC) -> list[Post]:
    text, encoding = decode_file(path)
    head = text.lstrip()[:2000].lower()
    if head.startswith("<?xml") or "<rss" in head:
        posts = parse_wxr(text, str(path), threshold)
    elif head.startswith("<!doctype html") or head.startswith("<html") or re.search(r"<(body|article|head)\b", head):
        posts = [parse_html(text, str(path), threshold)]
    else:
        posts = [parse_text(text, str(path), threshold)]
    for post in posts:
        post.encoding = encoding
    return posts
