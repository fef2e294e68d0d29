"""Freshness: when each chapter last changed, who owns it, when it is reviewed.

Under a chapter's summary goes one line: "Last changed March 3, 2026 ·
Owner: Sales enablement · Review by June 30, 2027". The date is the last
commit that touched the chapter's file, read with one ``git log`` per build
(so it costs the same for 8 or 800 chapters); outside a git checkout, or for a
file not committed yet, it is the build date (``SOURCE_DATE_EPOCH``, else
today). In HTML a "Print this chapter" button follows, shown only when
JavaScript runs (``handbook-previews.js``), so it never appears broken.

The date shown is kept in the environment; an incremental build re-reads a
chapter whose last commit date changed since it was read (committing an
edited file changes the date without changing the file).
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from handbook.sphinxext import order
from handbook.sphinxext.chapters import chapter_meta, today
from handbook.sphinxext.envdata import doc_store

STORE = "handbook_freshness"
# hidden="hidden", not a bare attribute: the EPUB's pages are XHTML.
PRINT_BUTTON = '<button class="handbook-print" type="button" hidden="hidden">Print this chapter</button>'


def _git_dates(srcdir: Path) -> dict[str, dt.date]:
    """Last commit date of every file under srcdir, by absolute path."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=srcdir, capture_output=True,
                             text=True, timeout=60)
        if top.returncode != 0:
            return {}
        log = subprocess.run(["git", "log", "--format=%x00%cs", "--name-only", "--no-renames", "--", "."],
                             cwd=srcdir, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if log.returncode != 0:
        return {}
    root = Path(top.stdout.strip())
    dates: dict[str, dt.date] = {}
    current = None
    for line in log.stdout.splitlines():
        if line.startswith("\x00"):
            current = dt.date.fromisoformat(line[1:].strip())
        elif line.strip() and current is not None:
            dates.setdefault(str(root / line.strip()), current)  # newest first
    return dates


def _long(date: dt.date) -> str:
    return f"{date:%B} {date.day}, {date.year}"


def _dates(app: Sphinx) -> dict[str, dt.date]:
    if not hasattr(app, "_handbook_git_dates"):
        app._handbook_git_dates = _git_dates(Path(app.srcdir))
    return app._handbook_git_dates


def _decorate(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    meta = chapter_meta(env, env.docname)
    if meta is None:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    source = str(Path(env.doc2path(env.docname)).resolve())
    committed = _dates(app).get(source)
    doc_store(env, STORE)[env.docname] = committed.isoformat() if committed else None
    changed = committed or today(app.config)
    parts = [f"Last changed {_long(changed)}"]
    owner = str(meta.get("owner", "")).strip()
    if owner:
        parts.append(f"Owner: {owner}")
    try:
        parts.append(f"Review by {_long(dt.date.fromisoformat(str(meta.get('review-by', '')).strip()))}")
    except ValueError:
        pass  # chapters.py reports the malformed date
    line = " \u00b7 ".join(parts)
    summary = next((n for n in section.children if "handbook-summary" in n.get("classes", [])), None)
    position = section.index(summary) + 1 if summary is not None else 1
    section.insert(position, nodes.paragraph(line, line, classes=["handbook-freshness"]))
    section.insert(position + 1, nodes.raw("", PRINT_BUTTON, format="html"))


def _date_changed(app: Sphinx, env, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Chapters whose last commit date is not the one they show: read them again."""
    shown = doc_store(env, STORE)
    if not shown:
        return []
    dates = _dates(app)
    outdated = []
    for docname, date in shown.items():
        if docname not in env.all_docs or docname in changed | removed:
            continue
        committed = dates.get(str(Path(env.doc2path(docname)).resolve()))
        if (committed.isoformat() if committed else None) != date:
            outdated.append(docname)
    return sorted(outdated)


def setup_freshness(app: Sphinx) -> None:
    app.connect("doctree-read", _decorate, priority=order.FRESHNESS_LINE)
    app.connect("env-get-outdated", _date_changed)
