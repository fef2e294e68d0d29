"""Data the extension keeps in the Sphinx environment, and which module owns it.

Per-page stores are dicts on the environment keyed by page name. Declaring a
store here makes it safe for incremental and parallel builds: a page's entry is
dropped when the page is re-read or removed (``env-purge-doc``), and the
entries a worker process read are merged back (``env-merge-info``). Only the
owning module writes a store; others read it through the owner's functions.

Whole-build values (not per page) are listed too, so a reader of the pickled
environment knows every attribute the extension adds.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

#: Per-page stores: attribute on the environment -> (owning module, what it holds).
DOC_STORES: dict[str, tuple[str, str]] = {
    "handbook_blocks": ("blocks", "every block read on the page (kind, title, id, line, text, minutes)"),
    "handbook_listing_docs": ("listings", "pages built from other pages, with what they list"),
    "handbook_links": ("links", "what the page links to: labels, pages, glossary terms; its terms and title line"),
    "handbook_review": ("chapters", "a chapter's review-by date and whether its notice was shown"),
    "handbook_terms": ("previews", "glossary terms defined on the page, with their definitions"),
    "handbook_freshness": ("freshness", "the last-changed date shown on the chapter"),
    "handbook_sessions": ("kit", "a session page's header (length, people, materials) and its script steps"),
    "handbook_role_cards": ("kit", "a role-cards page and the session it is for"),
}

#: Whole-build values: attribute -> (owning module, what it holds).
BUILD_VALUES: dict[str, tuple[str, str]] = {
    "handbook_standard_secnumbers": ("numbering", "Sphinx's own section numbers, before renumbering"),
    "handbook_book_secnumbers": ("numbering", "section numbers through the whole book"),
    "handbook_navigation_signature": ("navtree", "titles, toctrees and numbers the sidebars were built from"),
    "handbook_link_texts": ("links", "each label's link text in the last build"),
    "handbook_confdir": ("safety", "conf.py's folder, which handbook_include_paths are relative to"),
}


def doc_store(env, name: str) -> dict[str, Any]:
    """The per-page store ``name`` on ``env`` (created empty when missing)."""
    if name not in DOC_STORES:  # a programming error, caught by the tests
        raise KeyError(f"environment store '{name}' is not declared in envdata.DOC_STORES")
    store = getattr(env, name, None)
    if store is None:
        store = {}
        setattr(env, name, store)
    return store


def _purge(app: Sphinx, env, docname: str) -> None:
    for name in DOC_STORES:
        doc_store(env, name).pop(docname, None)


def _merge(app: Sphinx, env, docnames: set[str], other) -> None:
    for name in DOC_STORES:
        ours, theirs = doc_store(env, name), doc_store(other, name)
        for docname in docnames:
            if docname in theirs:
                ours[docname] = theirs[docname]


def setup_envdata(app: Sphinx) -> None:
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
