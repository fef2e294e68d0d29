"""``python -m handbook sources``: every source, the chapters that cite it, and
(curation help, for imported posts) the chapter its text is closest to and the
posts it nearly duplicates.

* **Sources** are the entries of the bibliography (read with pybtex, as the
  build reads it, so a file the build would refuse is refused here too).
* **Chapters** are the ``docs/**/*.md`` files with ``sources:`` in their front
  matter; a chapter *cites* a source it lists there or cites with
  ``{footcite}``/``{cite}`` (any page's citations are listed).
* **A post's text** is the cleaned post the importer wrote beside its draft,
  ``drafts/<key>.post.txt``, between its two ruled lines (the header and the
  reader comments are left out). A source without one (written by hand, or
  its draft deleted) is listed without the comparisons.
* The comparisons (``handbook.importer.curate``): TF-IDF cosine to each
  chapter's text (front matter, labels, directive options and citation keys
  left out), and Jaccard similarity of five-word runs between posts.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_CITE = re.compile(r"\{(?:foot)?cite(?::\w+)?\}`([^`]+)`")
RULE = "=" * 72


class SourcesError(Exception):
    """A file ``sources`` cannot use: the message names it and says what to do."""


def _front_matter(path: Path, text: str) -> dict:
    import yaml

    match = _FRONT.match(text)
    if not match:
        return {}
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise SourcesError(f"{path}: the front matter is not valid YAML ({str(exc).splitlines()[0]}); fix it "
                           f"(the build fails on it too)") from None
    return meta if isinstance(meta, dict) else {}


def chapter_sources(docs: Path) -> dict[str, set[str]]:
    """Citation key -> chapters (document names) that list or cite it."""
    cited: dict[str, set[str]] = {}
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        docname = str(path.relative_to(docs).with_suffix(""))
        keys: set[str] = set()
        keys.update(_as_list(_front_matter(path, text).get("sources")))
        for group in _CITE.findall(text):
            keys.update(k.strip() for k in group.split(","))
        for key in keys:
            cited.setdefault(key, set()).add(docname)
    return cited


def _as_list(value) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


# -- chapters' text ----------------------------------------------------------------------------

_STRIP = [
    re.compile(r"<!--.*?-->", re.S),  # comments
    re.compile(r"^\([^)\s]+\)=\s*$", re.M),  # (label)=
    re.compile(r"^\s*(?:```+|:::+)\s*(?:\{[^}]*\})?", re.M),  # directive fences, keeping a title after them
    re.compile(r"^\s*:[\w-]+:.*$", re.M),  # directive options
    re.compile(r"\{(?:foot)?cite(?::\w+)?\}`[^`]*`"),  # citation keys
    re.compile(r"\{[\w:-]+\}"),  # a role's name (its text stays)
]


def chapter_text(text: str) -> str:
    """A chapter's prose for comparing: no front matter, labels, fences, options or citation keys."""
    text = _FRONT.sub("", text, count=1)
    for pattern in _STRIP:
        text = pattern.sub(" ", text)
    return text


def chapters(docs: Path) -> dict[str, tuple[str, str]]:
    """Document name -> (title, text) of every chapter (a page with ``sources:`` in its front matter)."""
    found = {}
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "sources" not in _front_matter(path, text):
            continue
        title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), "")
        found[str(path.relative_to(docs).with_suffix(""))] = (title, chapter_text(text))
    return found


# -- the bibliography and the posts' text -------------------------------------------------------


def read_bibliography(bib: Path) -> dict[str, str]:
    """Key -> title of every entry, read as the build reads it."""
    from pybtex.database import parse_string

    if not bib.exists():
        raise SourcesError(f"{bib} does not exist: pass --bib FILE (or --docs FOLDER holding references.bib), "
                           f"or import a post first (python -m handbook import FILE --bib {bib})")
    if not bib.is_file():
        raise SourcesError(f"{bib} is not a file: pass --bib with the bibliography (a .bib file)")
    try:
        text = bib.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SourcesError(f"{bib} is not UTF-8 (invalid byte at offset {exc.start}); save it as UTF-8") from None
    try:
        data = parse_string(text, "bibtex")
    except Exception as exc:  # pybtex's syntax and data errors share no base class beyond Exception
        raise SourcesError(f"{bib} is not a valid bibliography ({exc}); fix that entry (the build fails on it "
                           f"too), or restore the file from git") from None
    return {key: " ".join(entry.fields.get("title", "").replace("{", "").replace("}", "").split())
            for key, entry in data.entries.items()}


def post_text(path: Path) -> str:
    """The post's own text in an importer's ``.post.txt``: between its first two ruled lines."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SourcesError(f"{path} is not UTF-8 (invalid byte at offset {exc.start}); import the post again "
                           f"(python -m handbook import FILE --force) or delete the file") from None
    parts = text.split("\n" + RULE + "\n")
    if len(parts) < 3:
        raise SourcesError(f"{path} is not a cleaned post as the importer writes it (no text between two lines "
                           f"of '='); import the post again (python -m handbook import FILE --force) or delete it")
    return parts[1].strip()


# -- the report ----------------------------------------------------------------------------------


@dataclass
class Source:
    key: str
    title: str | None
    cited_by: list[str]
    text: str | None = None  # the .post.txt read, if any
    words: int = 0
    closest: list = field(default_factory=list)  # curate.Closeness, best first
    duplicates: list = field(default_factory=list)  # (other key, score, passage)

    def as_json(self, chapter_titles: dict[str, str]) -> dict:
        from handbook.importer.curate import WEAK

        return {
            "key": self.key,
            "title": self.title,
            "in_bibliography": self.title is not None,
            "cited_by": self.cited_by,
            "text": self.text,
            "words": self.words,
            "closest": [{"chapter": c.chapter, "title": chapter_titles[c.chapter], "score": round(c.score, 3),
                         "weak": c.score < WEAK,
                         "terms": [{"term": t, "share": round(s, 3)} for t, s in c.terms]}
                        for c in self.closest],
            "duplicates": [{"key": k, "score": round(s, 3), "passage": p} for k, s, p in self.duplicates],
        }


def run_sources(docs: Path, bib: Path, out=None, err=None, *, drafts: Path | None = None,
                drafts_given: bool = False, as_json: bool = False, duplicate_threshold: float | None = None) -> int:
    """``python -m handbook sources``; ``drafts_given``: the drafts folder was named on the command line
    (then a missing one is an error; the default one may not exist yet)."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        return _run(docs, bib, out, err, drafts, drafts_given, as_json, duplicate_threshold)
    except SourcesError as exc:
        print(f"error: {exc}", file=err)
        return 1


def _run(docs, bib, out, err, drafts, drafts_given, as_json, duplicate_threshold) -> int:
    from handbook.importer.curate import DEFAULT_DUPLICATE, SHINGLE, closest_chapters, near_duplicates

    threshold = DEFAULT_DUPLICATE if duplicate_threshold is None else duplicate_threshold
    if not 0 < threshold <= 1:
        print(f"error: --duplicate-threshold {threshold:g} is not a similarity; give a number above 0 and at most 1",
              file=err)
        return 2
    if not docs.is_dir():
        raise SourcesError(f"{docs} is not a folder: pass --docs with the handbook's MyST sources (docs/)")
    entries = read_bibliography(bib)
    cited = chapter_sources(docs)
    found_chapters = chapters(docs)
    titles = {name: title for name, (title, _) in found_chapters.items()}

    texts: dict[str, str] = {}
    problems: list[str] = []
    notes: list[str] = []
    if drafts is not None and drafts.exists() and not drafts.is_dir():
        raise SourcesError(f"{drafts} is not a folder: pass --drafts with the folder the importer writes to")
    if drafts is not None and drafts.is_dir():
        for key in sorted(entries):
            path = drafts / f"{key}.post.txt"
            if path.is_file():
                try:
                    texts[key] = post_text(path)
                except SourcesError as exc:
                    problems.append(str(exc))
        strays = sorted(p.name for p in drafts.glob("*.post.txt") if p.name[:-len(".post.txt")] not in entries)
        for name in strays:
            notes.append(f"{drafts / name} has no entry in {bib}: import the post again to add it, or delete it")
    elif drafts is not None and drafts_given:
        raise SourcesError(f"{drafts} does not exist: pass --drafts with the folder the importer wrote "
                           f"(python -m handbook import FILE --drafts FOLDER), where each post is KEY.post.txt")
    elif drafts is not None:
        notes.append(f"{drafts} does not exist, so no post's text is compared: import posts with python -m handbook "
                     f"import (it writes {drafts.name}/KEY.post.txt), or pass --drafts FOLDER")

    sources = {key: Source(key, title, sorted(cited.get(key, ()))) for key, title in sorted(entries.items())}
    for key in sorted(set(cited) - set(entries)):
        sources[key] = Source(key, None, sorted(cited[key]))
    closest = closest_chapters(texts, {name: text for name, (_, text) in found_chapters.items()})
    duplicates = near_duplicates(texts, threshold)
    for key, text in texts.items():
        sources[key].text = str(drafts / f"{key}.post.txt")
        sources[key].words = len(text.split())
        sources[key].closest = closest[key]
    for pair in duplicates:
        sources[pair.first].duplicates.append((pair.second, pair.score, pair.passage))
        sources[pair.second].duplicates.append((pair.first, pair.score, pair.passage))

    for problem in problems:
        print(f"error: {problem}", file=err)
    for note in notes:
        print(f"note: {note}", file=err)
    for source in sources.values():
        if as_json:
            print(json.dumps(source.as_json(titles), ensure_ascii=False), file=out)
        else:
            _print_source(source, titles, bib, drafts, out)

    uncited = [s for s in sources.values() if s.title is not None and not s.cited_by]
    missing = [s for s in sources.values() if s.title is None]
    summary = f"{len(entries)} sources, {len(uncited)} not cited yet, {len(missing)} cited but missing"
    if drafts is not None and drafts.is_dir():
        summary += (f"; {len(texts)} with their text compared with {len(found_chapters)} chapters; "
                    f"{len(duplicates)} near-duplicate pair{'s' * (len(duplicates) != 1)} "
                    f"(five-word runs shared, Jaccard >= {threshold:g})")
    if duplicates and not as_json:
        print(f"Near-duplicates (shared {SHINGLE}-word runs / runs in either post):", file=out)
        for pair in duplicates:
            print(f"  {pair.first} ~ {pair.second}: {pair.score:.2f}, both say \"{pair.passage}\"", file=out)
    print(summary, file=err if as_json else out)
    return 1 if missing or problems else 0


def _print_source(source: Source, titles: dict[str, str], bib: Path, drafts: Path | None, out) -> None:
    from handbook.importer.curate import WEAK

    if source.title is None:
        print(f"{source.key}: cited by {', '.join(source.cited_by)} but NOT IN {bib}", file=out)
        return
    print(f"{source.key}: {', '.join(source.cited_by) if source.cited_by else 'NOT CITED by any chapter'}",
          file=out)
    if source.text is None:
        if drafts is not None and drafts.is_dir():
            print(f"  no text to compare ({drafts / (source.key + '.post.txt')} not found)", file=out)
        return
    if not source.closest:
        print("  closest chapter: none (no word in common with any chapter)", file=out)
    elif source.closest[0].score < WEAK:
        match = source.closest[0]
        print(f"  closest chapter: none close (the best, {match.chapter} \"{titles[match.chapter]}\", scores "
              f"{match.score:.2f}, under {WEAK:g}; shared terms: {', '.join(t for t, _ in match.terms)})", file=out)
    for n, match in enumerate(m for m in source.closest[:2] if m.score >= WEAK):
        terms = ", ".join(term for term, _ in match.terms)
        where = "" if not source.cited_by or match.chapter in source.cited_by else ", which does not cite it"
        label = "closest chapter" if n == 0 else "then"
        print(f"  {label}: {match.chapter} \"{titles[match.chapter]}\" {match.score:.2f}{where}; "
              f"shared terms: {terms}", file=out)
    for other, score, _ in source.duplicates:
        print(f"  near-duplicate of {other} ({score:.2f})", file=out)
