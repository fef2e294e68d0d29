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


def _reading_done(app: Sphinx, env) -> None:
    removed = sorted(getattr(app, "_handbook_removed", set()) - set(env.found_docs))
    atomic_write(_marker(app), json.dumps({"removed": removed}))


def _output_file(app: Sphinx, docname: str) -> Path:
    uri = app.builder.get_target_uri(docname)
    return Path(app.outdir, uri, "index.html") if uri.endswith("/") else Path(app.outdir, uri)


def _finished(app: Sphinx, exception) -> None:
    if exception is not None:
        return  # keep the marker: the next build writes every page
    if app.builder.name in HTML_BUILDERS:
        for docname in sorted(getattr(app, "_handbook_removed", set()) - set(app.env.found_docs)):
            page = _output_file(app, docname)
            if page.is_file():
                page.unlink()
                logger.info(f"handbook: removed {page.relative_to(app.outdir)} (its source is gone)")
    _marker(app).unlink(missing_ok=True)


def setup_integrity(app: Sphinx) -> None:
    app.connect("env-get-outdated", _outdated)
    app.connect("env-updated", _reading_done)
    app.connect("build-finished", _finished)
