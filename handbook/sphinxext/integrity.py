"""Builds that cannot lie: a build stopped at any moment is followed by a correct one.

Sphinx saves its environment after reading and before writing the pages. A
build killed while writing (SIGKILL, SIGTERM, a closed terminal) leaves an
environment that believes every page is current, so the next build reports
success with pages that still show, for example, an old chapter title in
their sidebars. Ctrl-C alone was handled (``build.py`` forgets the
environment when a build fails).

So, for every build:

* once reading is done, before anything is written, a marker
  ``handbook-build-incomplete.json`` is written into the doctree folder;
* when the build finishes without an exception, the pages of removed
  documents are deleted from the output and the marker is removed;
* when a build starts and finds the marker, the last build did not finish:
  every page is read and written again, and removed pages listed in the marker
  are still deleted.

The cost is one full build after an interrupted one.

**The written-pages list survives a failed build.** A failed build throws
its doctree folder away (``build.py``), marker included, so the marker alone
forgets pages written by a build that then failed. So the list of pages an
output folder may hold lives beside it, outside the doctrees
(``_build/.html.pages.json`` for ``_build/html``): before any page is written
it becomes the union of what it held and what this build will write; after a
finished build, the pages of every listed document that no longer exists are
deleted and the list is what the build wrote. A page added to a build that
failed, then deleted, is removed by the next good build.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from handbook.fsutil import atomic_write

logger = logging.getLogger(__name__)
MARKER = "handbook-build-incomplete.json"
HTML_BUILDERS = ("html", "dirhtml")


def _marker(app: Sphinx) -> Path:
    return Path(app.doctreedir) / MARKER


def _pending_removals(app: Sphinx) -> set[str]:
    try:
        return set(json.loads(_marker(app).read_text(encoding="utf-8")).get("removed", []))
    except (OSError, ValueError, AttributeError):
        return set()


def _outdated(app: Sphinx, env, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    app._handbook_removed = _pending_removals(app) | set(removed)
    if not _marker(app).exists():
        return []
    logger.info("handbook: the last build did not finish; reading and writing every page again")
    return sorted(env.found_docs - added - changed)


def pages_list(outdir: Path) -> Path:
    """Where the list of documents whose pages ``outdir`` may hold is kept (beside it, not in it)."""
    outdir = Path(outdir)
    return outdir.parent / f".{outdir.name}.pages.json"


def _written(app: Sphinx) -> set[str]:
    try:
        data = json.loads(pages_list(app.outdir).read_text(encoding="utf-8"))
        return {d for d in data.get("docs", []) if isinstance(d, str)}
    except (OSError, ValueError, AttributeError):
        return set()


def _generated(app: Sphinx) -> set[str]:
    """The pages the last finished build wrote that are no document (the index, search, collected pages)."""
    try:
        data = json.loads(pages_list(app.outdir).read_text(encoding="utf-8"))
        return {d for d in data.get("generated", []) if isinstance(d, str)}
    except (OSError, ValueError, AttributeError):
        return set()


def _reading_done(app: Sphinx, env) -> None:
    removed = sorted(getattr(app, "_handbook_removed", set()) - set(env.found_docs))
    atomic_write(_marker(app), json.dumps({"removed": removed}))
    if app.builder.name in HTML_BUILDERS:
        # Before any page is written: whatever this build writes is on the list, even if it fails.
        docs = sorted(_written(app) | set(env.found_docs))
        atomic_write(pages_list(app.outdir), json.dumps({"docs": docs, "generated": sorted(_generated(app))},
                                                        indent=0))


def _page_written(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Note every page this build writes that is no document. Sphinx writes those (its index and search, and
    pages extensions collect) in the main process after the documents, so a parallel build notes them too."""
    if pagename not in app.env.all_docs:
        app._handbook_generated = getattr(app, "_handbook_generated", set()) | {pagename}


def _output_file(app: Sphinx, docname: str) -> Path:
    uri = app.builder.get_target_uri(docname)
    return Path(app.outdir, uri, "index.html") if uri.endswith("/") else Path(app.outdir, uri)


def _finished(app: Sphinx, exception) -> None:
    if exception is not None:
        return  # keep the marker: the next build writes every page
    if app.builder.name in HTML_BUILDERS:
        gone = (getattr(app, "_handbook_removed", set()) | _written(app)) - set(app.env.found_docs)
        for docname in sorted(gone):
            for page in _output_files(app, docname):
                page.unlink()
                logger.info(f"handbook: removed {page.relative_to(app.outdir)} (its source is gone)")
        generated = sorted(getattr(app, "_handbook_generated", set()) - set(app.env.found_docs))
        atomic_write(pages_list(app.outdir), json.dumps({"docs": sorted(app.env.found_docs),
                                                         "generated": generated}, indent=0))
    _marker(app).unlink(missing_ok=True)


def _output_files(app: Sphinx, docname: str) -> list[Path]:
    """A removed document's page and its copied source (``_sources/``), where they exist."""
    try:
        pages = [_output_file(app, docname)]
    except Exception:  # a name the builder cannot turn into a URI: nothing of it was written
        return []
    sources = Path(app.outdir, "_sources")
    pages += [sources / f"{docname}{suffix}.txt" for suffix in app.config.source_suffix]
    outdir = Path(app.outdir).resolve()
    return [p for p in pages if p.is_file() and p.resolve().is_relative_to(outdir)]


def setup_integrity(app: Sphinx) -> None:
    app.connect("env-get-outdated", _outdated)
    app.connect("env-updated", _reading_done)
    app.connect("html-page-context", _page_written)
    app.connect("build-finished", _finished)
