"""Keep the search index's index entries across incremental builds.

Sphinx 9.0's ``IndexBuilder.load`` (used by every incremental HTML build)
restores the search terms and titles of the pages it does not rewrite, but not
their index entries (the glossary terms and ``{index}`` entries a reader can
search for): after editing one chapter, searching for "retention" stopped
finding the glossary. ``freeze`` also lists entries in the order pages were
written, which differs between a clean, an incremental and a parallel build.

This module wraps the two methods: ``load`` also restores the entries of the
pages it keeps, ``prune`` drops those of removed pages, and ``freeze`` lists
entries in page-name order. Checked against Sphinx 9.0.4;
``tests/test_reproducible.py`` (an incremental build equals a clean one) fails
if a Sphinx upgrade changes this behaviour, and the wrapper can then go.
"""

from __future__ import annotations

import io

from sphinx.application import Sphinx
from sphinx.search import IndexBuilder

from handbook import __version__

_original = {name: getattr(IndexBuilder, name) for name in ("load", "prune", "freeze")}


def _load(self, stream, format):  # noqa: A002 - Sphinx's parameter name
    data = stream.read()
    _original["load"](self, io.StringIO(data) if isinstance(data, str) else io.BytesIO(data), format)
    loader = self.formats[format] if isinstance(format, str) else format
    frozen = loader.loads(data)
    names = frozen["docnames"]
    restored: dict[str, set[tuple[str, str, str]]] = {}
    for entry, places in frozen.get("indexentries", {}).items():
        for doc, entry_id, main in places:
            restored.setdefault(names[doc], set()).add((entry, entry_id, "main" if main else ""))
    for docname, entries in restored.items():
        self._index_entries.setdefault(docname, sorted(entries))


def _prune(self, docnames):
    docnames = set(docnames)
    _original["prune"](self, docnames)
    for docname in [d for d in self._index_entries if d not in docnames]:
        del self._index_entries[docname]


def _freeze(self):
    ordered = sorted(self._index_entries.items())
    self._index_entries.clear()
    self._index_entries.update(ordered)
    return _original["freeze"](self)


def setup(app: Sphinx) -> dict:
    IndexBuilder.load = _load
    IndexBuilder.prune = _prune
    IndexBuilder.freeze = _freeze
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
