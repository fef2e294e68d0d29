"""Keep the search index's index entries across incremental builds.

Sphinx 9.0's ``IndexBuilder.load`` (used by every incremental HTML build)
restores the search terms and titles of the pages it does not rewrite, but not
their index entries (the glossary terms and ``{index}`` entries a reader can
search for): after editing one chapter, searching for "retention" stopped
finding the glossary. ``freeze`` also lists entries in the order pages were
written, which differs between a clean, an incremental and a parallel build.

This module wraps three methods: ``load`` also restores the entries of the
pages it keeps, ``prune`` drops those of removed pages, and ``freeze`` lists
entries in page-name order (and drops terms no page has any more, which
Sphinx keeps after a title changes). The wrappers are fenced (``patches.py``): they are
installed only on the Sphinx version they were checked against
(``CHECKED_AGAINST``) and when the methods still take the same parameters;
otherwise the build warns (``handbook.patch``) and keeps Sphinx's own
methods. ``tests/test_reproducible.py`` (an incremental build equals a clean
one) is the test to run on a new Sphinx; when it passes without the wrappers,
they can go.
"""

from __future__ import annotations

import io

import sphinx
from sphinx.application import Sphinx
from sphinx.search import IndexBuilder

from handbook.sphinxext.patches import Fence, fence

CHECKED_AGAINST = "9.0.4"
_original = {name: getattr(IndexBuilder, name) for name in ("load", "prune", "freeze")}
_PARAMETERS = {"load": ("self", "stream", "format"), "prune": ("self", "docnames"), "freeze": ("self",)}


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
    # Terms whose pages were all re-indexed without them (a changed title)
    # are left with no page by Sphinx's prune; a clean build has no such term.
    for mapping in (self._mapping, self._title_mapping):
        for term in [t for t, docs in mapping.items() if not docs]:
            del mapping[term]
    ordered = sorted(self._index_entries.items())
    self._index_entries.clear()
    self._index_entries.update(ordered)
    return _original["freeze"](self)


def _fences() -> list[tuple[Fence, object]]:
    return [
        (Fence(package="Sphinx", version=lambda: sphinx.__version__, checked=CHECKED_AGAINST, owner=IndexBuilder,
               attribute=name, parameters=_PARAMETERS[name], test="tests/test_reproducible.py"), replacement)
        for name, replacement in (("load", _load), ("prune", _prune), ("freeze", _freeze))
    ]


def _install(app: Sphinx, env=None, docnames=None) -> None:
    if app.builder.format == "html":
        fence(app, "the search index's kept entries (searchindex.py)", _fences())


def setup_searchindex(app: Sphinx) -> None:
    # At the start of the build (not at builder-inited), so that the original
    # is put back at build-finished even for an app that is created and never built.
    app.connect("env-before-read-docs", _install)
