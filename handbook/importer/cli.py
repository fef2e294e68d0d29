"""``python -m handbook import``: read the files, plan every write, refuse
before writing anything, print what it did (text or one JSON object per post),
then write the bibliography and the drafts, each file atomically."""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import asdict
from pathlib import Path

from handbook.bibtex import bib_keys
from handbook.fsutil import atomic_write
from handbook.importer.draft import bib_entry, cleaned_text, draft_chapter
from handbook.importer.load import parse_file
from handbook.importer.model import ImportError_, Post


def summary(post: Post, key: str) -> dict:
    return {
        "source": post.source,
        "key": key,
        "title": post.title,
        "author": post.author,
        "blog": post.blog,
        "date": post.date,
        "encoding": post.encoding,
        "body_words": post.body_words,
        "comments_kept": [asdict(c) for c in post.comments if c.kept],
        "comments_dropped": [asdict(c) for c in post.comments if not c.kept],
        "missing": post.missing,
        "removed": post.removed,
    }


def run_import(args, out=None, err=None) -> int:
    """``python -m handbook import``; see ``handbook.__main__`` for the options."""
    out = out or sys.stdout
    err = err or sys.stderr
    overrides = {name: getattr(args, name) for name in ("title", "author", "blog", "date") if getattr(args, name)}
    if overrides.get("date"):
        try:
            overrides["date"] = dt.date.fromisoformat(overrides["date"]).isoformat()
        except ValueError:
            print(f"error: --date {overrides['date']!r} is not a date; write it as YYYY-MM-DD", file=err)
            return 2
    if overrides and len(args.files) != 1:
        print("error: --title, --author, --blog and --date apply to a single file; import files one at a time",
              file=err)
        return 2

    posts: list[Post] = []
    for name in args.files:
        try:
            found = parse_file(Path(name), args.offtopic_threshold)
        except ImportError_ as exc:
            print(f"error: {exc}", file=err)
            return 1
        if overrides and len(found) != 1:
            print(f"error: {name} holds {len(found)} posts; --title and the other overrides need a file "
                  f"with one post", file=err)
            return 2
        for post in found:
            for attr, value in overrides.items():
                setattr(post, attr, value)
            if post.encoding != "utf-8":
                print(f"note: {name} is not UTF-8; decoded it as {post.encoding}", file=err)
            posts.append(post)

    bib_path = Path(args.bib)
    try:
        bib_text = bib_path.read_text(encoding="utf-8") if bib_path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {bib_path} ({exc}); fix it or pass --bib", file=err)
        return 1
    existing = bib_keys(bib_text)
    drafts = Path(args.drafts)
    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()

    plans = []  # (post, key, bib entry or None, draft files)
    for post in posts:
        # Same key, same post: the key is made from the post's own author,
        # year and title (or opening words), and a hand-edited entry stays.
        key = post.key
        entry = None if key in existing else bib_entry(post, key)
        existing.add(key)
        files = {drafts / f"{key}.md": draft_chapter(post, key, today),
                 drafts / f"{key}.post.txt": cleaned_text(post, key)}
        plans.append((post, key, entry, files))

    # Refuse before writing anything if a draft holds an editor's work.
    if not args.force and not args.dry_run:
        for _, _, _, files in plans:
            for path, text in files.items():
                if path.exists() and path.read_text(encoding="utf-8", errors="replace") != text:
                    print(f"error: {path} already exists and differs from a fresh draft (an editor's work?); "
                          f"move it away or pass --force to overwrite it", file=err)
                    return 1

    new_entries = [entry for _, _, entry, _ in plans if entry]
    for post, key, entry, files in plans:
        if args.json:
            print(json.dumps(summary(post, key), ensure_ascii=False), file=out)
        else:
            dropped = [c for c in post.comments if not c.kept]
            print(f"{post.source}: {key}", file=out)
            print(f"  title {post.title or '-'}; author {post.author or '-'}; blog {post.blog or '-'}; "
                  f"date {post.date or '-'}", file=out)
            if post.missing:
                print(f"  missing: {', '.join(post.missing)} (fill with --{' / --'.join(post.missing)})", file=out)
            print(f"  body {post.body_words} words; {len(post.removed)} chrome lines removed; comments "
                  f"{len(post.comments) - len(dropped)} kept, {len(dropped)} dropped", file=out)
            for comment in dropped:
                print(f"    dropped ({comment.reason}): {comment.text[:60]}", file=out)
            print(f"  {'already in' if entry is None else 'add to'} {bib_path}", file=out)
            for path in files:
                print(f"  {'would write' if args.dry_run else 'write'} {path}", file=out)
        if args.dry_run and not args.json and entry:
            print("  " + entry.replace("\n", "\n  ").rstrip(), file=out)

    if args.dry_run:
        return 0
    if new_entries:
        separator = "" if not bib_text or bib_text.endswith("\n\n") else ("\n" if bib_text.endswith("\n") else "\n\n")
        atomic_write(bib_path, bib_text + separator + "\n".join(new_entries))
    for _, _, _, files in plans:
        for path, text in files.items():
            if not path.exists() or path.read_text(encoding="utf-8", errors="replace") != text:
                atomic_write(path, text)
    return 0
