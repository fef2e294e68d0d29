"""``python -m handbook import``: expand the paths (folders, ``.zip``), read
every input (one failure is reported and the rest go on), then, under a lock
on the bibliography's folder, read the bibliography, give each post a unique
key, refuse before writing anything that would overwrite an editor's draft,
print what it does (text, or one JSON object per post), and write the
bibliography and the drafts, each file atomically.

Exit status: 0 when every input was read, 1 when one was refused (the others
are still imported), 2 for a usage error, 130 after Ctrl-C (one line, no
temporary file left: ``fsutil.atomic_write`` removes its own).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import sys
from dataclasses import asdict
from pathlib import Path

from handbook.bibtex import bib_keys
from handbook.fsutil import atomic_write
from handbook.importer.clean import norm
from handbook.importer.draft import bib_entry, cleaned_text, draft_chapter
from handbook.importer.load import expand, parse_input
from handbook.importer.model import ImportError_, Post, Skipped

INTERRUPTED = "interrupted: stopped before finishing; files already written are complete, no other was changed"


def summary(post: Post, key: str) -> dict:
    return {
        "source": post.source,
        "key": key,
        "title": post.title,
        "author": post.author,
        "blog": post.blog,
        "date": post.date,
        "tags": post.tags,
        "images": post.images,
        "encoding": post.encoding,
        "body_words": post.body_words,
        "comments_kept": [asdict(c) for c in post.comments if c.kept],
        "comments_dropped": [asdict(c) for c in post.comments if not c.kept],
        "missing": post.missing,
        "removed": post.removed,
        "unclassified": post.unclassified,
        "warnings": post.warnings,
    }


def run_import(args, out=None, err=None) -> int:
    """``python -m handbook import``; see ``handbook.__main__`` for the options."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        return _run(args, out, err)
    except KeyboardInterrupt:
        print(INTERRUPTED, file=err)
        return 130


@contextlib.contextmanager
def _locked(folders: list[Path]):
    """An exclusive lock on each folder (fcntl.flock on the folder itself: no lock file is left)."""
    try:
        import fcntl
    except ImportError:  # not on a POSIX system: no lock
        yield
        return
    fds = []
    try:
        for folder in sorted({f.resolve() for f in folders}):
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(folder, os.O_RDONLY)
            fds.append(fd)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        for fd in reversed(fds):
            os.close(fd)  # closing releases the lock


def _import_ids(bib_text: str) -> dict[str, str | None]:
    """Each entry key with the ``importid`` it records (None for an entry written by hand)."""
    ids: dict[str, str | None] = dict.fromkeys(bib_keys(bib_text))
    for match in re.finditer(r"@\w+\s*\{\s*([^,\s]+)\s*,(.*?)(?=\n@|\Z)", bib_text, re.S):
        found = re.search(r"\bimportid\s*=\s*\{([0-9a-f]+)\}", match[2])
        if match[1] in ids and found:
            ids[match[1]] = found[1]
    return ids


def assign_keys(posts: list[Post], bib_text: str) -> list[tuple[Post, str, bool]]:
    """(post, key, already in the bibliography) for each post: the same post keeps its key;
    a different post whose key is taken (here or in the bibliography) gets ``-2``, ``-3``..."""
    existing = _import_ids(bib_text)
    given: set[str] = set()
    result = []
    for post in posts:
        base = post.key
        # One more try than there are keys taken: a free key is always found (a bounded loop, which a slip
        # cannot turn into one that never ends).
        for n in range(1, len(given) + len(existing) + 2):
            key = base if n == 1 else f"{base}-{n}"
            if key in given or existing.get(key, post.identity) not in (None, post.identity):
                continue
            result.append((post, key, key in existing))
            break
        given.add(key)
    return result


def _run(args, out, err) -> int:
    overrides = {}
    for name in ("title", "author", "blog", "date"):
        value = getattr(args, name)
        if value is not None and norm(value):
            overrides[name] = norm(value)
    if overrides.get("date"):
        try:
            overrides["date"] = dt.date.fromisoformat(overrides["date"]).isoformat()
        except ValueError:
            print(f"error: --date {overrides['date']!r} is not a date; write it as YYYY-MM-DD", file=err)
            return 2
    if overrides and (len(args.files) != 1 or Path(args.files[0]).is_dir() or args.files[0].endswith(".zip")):
        print("error: --title, --author, --blog and --date apply to a single file; import files one at a time",
              file=err)
        return 2

    skipped: list[Skipped] = []
    inputs = []
    failures: list[str] = []
    for name in args.files:
        found, errors = expand(name, skipped)
        inputs += found
        for message in errors:
            print(f"error: {message}", file=err)
        failures += errors
    refused_paths = len(failures)  # paths refused before reading (missing, zip members outside the archive)
    progress = len(inputs) > 1 and getattr(err, "isatty", lambda: False)()

    posts: list[Post] = []
    rows: list[tuple[str, str, str]] = []  # (status, source, detail) for the batch summary
    for n, item in enumerate(inputs, start=1):
        if progress:
            print(f"\r[{n}/{len(inputs)}] {item.source[-60:]:<60}", end="", file=err, flush=True)
        try:
            found = parse_input(item, args.offtopic_threshold, skipped)
        except ImportError_ as exc:
            if progress:
                print("\r" + " " * 72 + "\r", end="", file=err)
            print(f"error: {exc}", file=err)
            failures.append(str(exc))
            rows.append(("failed", item.source, str(exc).removeprefix(item.source).lstrip(": ")))
            continue
        if overrides and len(found) != 1:
            print(f"error: {item.source} holds {len(found)} posts; --title and the other overrides need a file "
                  f"with one post", file=err)
            return 2
        for post in found:
            for attr, value in overrides.items():
                setattr(post, attr, value)
            if post.encoding != "utf-8":
                print(f"note: {item.source} is not UTF-8; decoded it as {post.encoding}", file=err)
            posts.append(post)
        rows.append(("imported", item.source, f"{len(found)} post{'s' * (len(found) != 1)}"))
    if progress:
        print("\r" + " " * 72 + "\r", end="", file=err)
    for item in skipped:
        print(f"note: {item.source}: skipped {item.title!r}: {item.reason}", file=err)

    code = 1 if failures else 0
    if not posts and not failures:
        why = f" ({len(skipped)} item{'s' * (len(skipped) != 1)} skipped, listed above)" if skipped else ""
        print(f"error: {', '.join(args.files)} holds no published posts{why}; nothing to import", file=err)
        return 1
    if posts:
        bib_path = Path(args.bib)
        lock = contextlib.nullcontext() if args.dry_run else _locked([bib_path.parent, Path(args.drafts)])
        with lock:
            result = _plan_and_write(posts, args, bib_path, out, err)
        if result:
            return result
    if len(args.files) > 1 or len(inputs) + refused_paths > 1:
        _batch_summary(rows, failures, skipped, len(posts), err if args.json else out)
    return code


def _batch_summary(rows, failures, skipped, n_posts, stream) -> None:
    imported = sum(1 for status, _, _ in rows if status == "imported")
    files = len(rows) + (len(failures) - sum(1 for status, _, _ in rows if status == "failed"))
    print(f"{files} file{'s' * (files != 1)}: {imported} imported ({n_posts} post{'s' * (n_posts != 1)}), "
          f"{len(failures)} failed"
          + (f", {len(skipped)} item{'s' * (len(skipped) != 1)} skipped" if skipped else ""), file=stream)
    width = max((len(source) for _, source, _ in rows), default=0)
    for status, source, detail in rows:
        print(f"  {status:<9} {source:<{width}}  {detail[:100]}", file=stream)


def _plan_and_write(posts: list[Post], args, bib_path: Path, out, err) -> int:
    try:
        bib_text = bib_path.read_text(encoding="utf-8") if bib_path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {bib_path} ({exc}); fix it or pass --bib", file=err)
        return 1
    drafts = Path(args.drafts)
    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()

    plans = []  # (post, key, bib entry or None, draft files)
    for post, key, present in assign_keys(posts, bib_text):
        entry = None if present else bib_entry(post, key)
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
            for warning in post.warnings:
                print(f"  warning: {warning}", file=out)
            for line in post.unclassified:
                print(f"  kept in the body, not understood as a header line: {line[:70]}", file=out)
            if post.images:
                print(f"  {len(post.images)} image{'s' * (len(post.images) != 1)} listed in the cleaned post "
                      f"(not downloaded)", file=out)
            chrome = len(post.removed)
            print(f"  body {post.body_words} words; {chrome} chrome line{'s' * (chrome != 1)} removed; comments "
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
