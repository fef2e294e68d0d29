"""``python -m handbook sources``: every source and the chapters that cite it."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from handbook.bibtex import bib_keys

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_CITE = re.compile(r"\{(?:foot)?cite(?::\w+)?\}`([^`]+)`")


def chapter_sources(docs: Path) -> dict[str, set[str]]:
    """Citation key -> chapters (document names) that list or cite it."""
    import yaml

    cited: dict[str, set[str]] = {}
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        docname = str(path.relative_to(docs).with_suffix(""))
        keys: set[str] = set()
        match = _FRONT.match(text)
        if match:
            meta = yaml.safe_load(match.group(1)) or {}
            keys.update(meta.get("sources") or [])
        for group in _CITE.findall(text):
            keys.update(k.strip() for k in group.split(","))
        for key in keys:
            cited.setdefault(key, set()).add(docname)
    return cited


def run_sources(docs: Path, bib: Path, out=None, err=None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    if not bib.is_file():
        print(f"error: {bib} does not exist; pass --bib or --docs", file=err)
        return 1
    entries = bib_keys(bib.read_text(encoding="utf-8"))
    cited = chapter_sources(docs)
    uncited = []
    for key in sorted(entries):
        chapters = sorted(cited.get(key, ()))
        print(f"{key}: {', '.join(chapters) if chapters else 'NOT CITED by any chapter'}", file=out)
        if not chapters:
            uncited.append(key)
    unknown = sorted(set(cited) - set(entries))
    for key in unknown:
        print(f"{key}: cited by {', '.join(sorted(cited[key]))} but NOT IN {bib}", file=out)
    print(f"{len(entries)} sources, {len(uncited)} not cited yet, {len(unknown)} cited but missing", file=out)
    return 1 if unknown else 0
