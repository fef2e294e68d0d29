"""What each page links to, and rewriting pages whose link texts changed.

While a page is read, this module records what it links to (labels, pages,
glossary terms), the glossary terms it defines and its title's line. The
whole-book checks (``checks.py``) read that record.

A link written as ``{ref}`label``` shows the title of its target. Sphinx
rewrites a page only when the page itself changed, so when a chapter renames a
section or a block, the pages that link to it would keep the old text. After
reading, this module compares every label's title with the last build's and
has Sphinx rewrite the pages that link to a label whose title changed.
(Page titles and chapter numbers appear in every sidebar: ``navtree.py``
rewrites every page when one of those changes.)

``relative_to_root`` makes a link to a file relative to the site's root
(the PDF beside the site, the share card) work from any page, with any HTML
builder (``html`` writes ``a/b.html``, ``dirhtml`` writes ``a/b/index.html``).
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from handbook.sphinxext import order
from handbook.sphinxext.envdata import doc_store

STORE = "handbook_links"
LINK_TEXTS = "handbook_link_texts"


def page_links(env) -> dict[str, dict]:
    """Page name -> {"refs", "docs", "terms", "defined", "title_line"}."""
    return doc_store(env, STORE)


def relative_to_root(app: Sphinx, pagename: str, url: str) -> str:
    """``url`` (relative to the site's root) as a link from ``pagename``'s output file."""
    return relative_uri(app.builder.get_target_uri(pagename), url)


def _collect(app: Sphinx, doctree: nodes.document) -> None:
    refs, docs, terms, defined = set(), set(), set(), {}
    for xref in doctree.findall(addnodes.pending_xref):
        domain, kind, target = xref.get("refdomain"), xref.get("reftype"), xref.get("reftarget", "")
        if domain == "std" and kind in ("ref", "numref"):  # {chapter} is a ref too
            refs.add(target.lower())
        elif domain == "std" and kind == "doc":
            docs.add(target)
        elif domain == "std" and kind == "term":
            terms.add(target.lower())
    for glossary in doctree.findall(addnodes.glossary):
        for term in glossary.findall(nodes.term):
            defined[term.astext().lower()] = term.line or glossary.line or 1
    section = next(iter(doctree.findall(nodes.section)), None)
    page_links(app.env)[app.env.docname] = {
        "refs": sorted(refs), "docs": sorted(docs), "terms": sorted(terms), "defined": defined,
        "title_line": (section.line if section is not None and section.line else 1),
    }


def _link_texts_changed(app: Sphinx, env) -> list[str]:
    """Pages not re-read that link to a label whose title changed (or that went away)."""
    std = env.domains.standard_domain
    now = {name: title for name, (_doc, _id, title) in std.labels.items()}
    previous = getattr(env, LINK_TEXTS, None)
    setattr(env, LINK_TEXTS, now)
    if previous is None:
        return []
    changed = {name for name in previous.keys() | now.keys() if previous.get(name) != now.get(name)}
    if not changed:
        return []
    return sorted(docname for docname, data in page_links(env).items()
                  if docname in env.all_docs and changed & set(data["refs"]))


def setup_links(app: Sphinx) -> None:
    app.connect("doctree-read", _collect, priority=order.COLLECT_LINKS)
    app.connect("env-get-updated", _link_texts_changed, priority=order.LINK_TEXTS_CHANGED)
