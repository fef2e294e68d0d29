"""Data the extension keeps per page in the Sphinx environment.

Each store is a dict on the environment, keyed by page name. Registering it
makes it safe for incremental and parallel builds: a page's entry is dropped
when the page is re-read or removed (``env-purge-doc``), and the entries a
worker process read are merged back (``env-merge-info``). That is what lets
the modules declare ``parallel_read_safe``.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def doc_store(env, name: str) -> dict[str, Any]:
    """The store ``name`` on ``env`` (created empty when missing)."""
    store = getattr(env, name, None)
    if store is None:
        store = {}
        setattr(env, name, store)
    return store


def register_doc_store(app: Sphinx, name: str) -> None:
    def purge(app: Sphinx, env, docname: str) -> None:
        doc_store(env, name).pop(docname, None)

    def merge(app: Sphinx, env, docnames: set[str], other) -> None:
        ours, theirs = doc_store(env, name), doc_store(other, name)
        for docname in docnames:
            if docname in theirs:
                ours[docname] = theirs[docname]

    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
