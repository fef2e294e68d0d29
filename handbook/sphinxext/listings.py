"""Pages built from other pages: a part's chapter list, and the reference
pages that list every template, checklist or exercise.

``{chapter-list}`` on a part page lists the chapters of the page's toctree
with their numbers, titles and summaries. ``{block-index} template`` (or
``checklist``, ``exercise``, ``role-play``) lists every block of that kind
with a link to it and the chapter it comes from; templates also show their
text, with a copy button, so a rep can copy every template from one page.
Nothing is copied in the sources: the lists are made at build time.

Both are placeholders filled in when the page is resolved (after every page
has been read and numbered), with links made by the builder itself, so they
work in HTML, EPUB and LaTeX alike. A page holding one is re-read whenever any page is added, changed
or removed, so the lists never go stale in an incremental build.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import NoUri
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from handbook.sphinxext.blocks import blocks_of, spoken_words
from handbook.sphinxext.envdata import doc_store
from handbook.sphinxext.problems import warn

LISTABLE = ("template", "talk-track", "checklist", "exercise", "role-play")
STORE = "handbook_listing_docs"


class chapter_list(nodes.General, nodes.Element):
    pass


class block_index(nodes.General, nodes.Element):
    pass


def listing_docs(env) -> dict[str, set[str]]:
    """Pages built from other pages, with what they show (see ``_outdated``)."""
    return doc_store(env, STORE)


def depends_on_others(env, docname: str, kind: str) -> None:
    listing_docs(env).setdefault(docname, set()).add(kind)


class ChapterListDirective(SphinxDirective):
    has_content = False

    def run(self):
        depends_on_others(self.env, self.env.docname, "chapter-list")
        node = chapter_list()
        self.set_source_info(node)
        return [node]


class BlockIndexDirective(SphinxDirective):
    required_arguments = 1
    has_content = False

    def run(self):
        kind = self.arguments[0]
        if kind not in LISTABLE:
            warn("block-index", f"unknown kind '{kind}'; use one of {', '.join(LISTABLE)}", self.get_location())
            return []
        depends_on_others(self.env, self.env.docname, "block-index")
        node = block_index(kind=kind)
        self.set_source_info(node)
        return [node]


def book_order(env, root: str) -> dict[str, int]:
    """Each document's position when the book is read from its root page."""
    order: dict[str, int] = {}
    stack = [root]
    while stack:
        docname = stack.pop()
        if docname in order:
            continue
        order[docname] = len(order)
        stack.extend(reversed(env.toctree_includes.get(docname, [])))
    return order


def _doc_link(builder, fromdoc: str, todoc: str, anchor: str = "", text: str | None = None) -> nodes.reference:
    """A link to a page (or an anchor in it), titled with the page's title."""
    env = builder.env
    label = text if text is not None else (env.titles[todoc].astext() if todoc in env.titles else todoc)
    try:
        return make_refnode(builder, fromdoc, todoc, anchor, nodes.inline(label, label))
    except NoUri:  # a page this output does not hold (an orphan page in the PDF): its title, unlinked
        return nodes.inline(label, label)


def _chapters(app: Sphinx, fromdoc: str) -> nodes.Node:
    env = app.env
    listing = nodes.definition_list(classes=["handbook-chapter-list"])
    for child in env.toctree_includes.get(fromdoc, []):
        meta = env.metadata.get(child, {})
        number = env.toc_secnumbers.get(child, {}).get("")
        term = nodes.term()
        if number:
            label = f"Chapter {'.'.join(map(str, number))}: "
            term += nodes.inline(label, label, classes=["handbook-number"])
        term += _doc_link(app.builder, fromdoc, child)
        summary = str(meta.get("summary", "")).strip()
        body = nodes.definition()
        if summary:
            body += nodes.paragraph(summary, summary)
        listing += nodes.definition_list_item("", term, body)
    return listing


def _blocks(app: Sphinx, fromdoc: str, kind: str) -> nodes.Node:
    env = app.env
    container = nodes.container(classes=["handbook-block-index", f"handbook-index-{kind}"])
    order = book_order(env, app.config.root_doc)
    records = sorted(blocks_of(env, kind), key=lambda r: order.get(r.docname, len(order)))
    if not records:
        container += nodes.paragraph("", f"No {kind} blocks yet.")
        return container
    for record in records:
        entry = nodes.container(classes=["handbook-index-entry"])
        heading = nodes.paragraph(classes=["handbook-index-title"])
        heading += _doc_link(app.builder, fromdoc, record.docname, record.node_id, record.title)
        heading[-1]["classes"].append("handbook-block-link")
        minutes = f"{record.minutes} minutes, " if record.minutes else ""
        heading += nodes.Text(f" ({minutes}from ")
        heading += _doc_link(app.builder, fromdoc, record.docname)
        heading += nodes.Text(")")
        entry += heading
        if record.text and kind == "talk-track":
            # Each line as the chapter shows it: who says it, then the words, copyable on screen and
            # printed as a paragraph (not a code line that wraps with continuation marks).
            for chunk in record.text.split("\n\n"):
                term, _, words = chunk.partition(":\n")
                entry += nodes.paragraph("", "", nodes.strong(term, term))
                entry += nodes.raw("", "\\nopagebreak\n", format="latex")  # who says it stays with the words
                entry += spoken_words(words, words, language="text", classes=["handbook-copyable", "handbook-words"])
        elif record.text:
            entry += nodes.literal_block(record.text, record.text, language="text", classes=["handbook-copyable"])
        container += entry
    return container


def _fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill the placeholders once every page has been read and numbered."""
    for node in list(doctree.findall(chapter_list)):
        fromdoc = app.env.path2doc(node.source) if node.source else docname
        node.replace_self(_chapters(app, fromdoc or docname))
    for node in list(doctree.findall(block_index)):
        node.replace_self(_blocks(app, docname, node["kind"]))


def _outdated(app: Sphinx, env, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Re-read the pages that show something of a page that changed.

    A part's chapter list shows its own chapters (and every list changes when
    pages come or go); the block lists and the pages pulling blocks in
    (sessions, handouts) may show any page's blocks.
    """
    touched = added | changed | removed
    if not touched:
        return []
    outdated = []
    for docname, kinds in sorted(listing_docs(env).items()):
        if docname not in env.all_docs or docname in changed:
            continue
        if kinds - {"chapter-list"} or added or removed or touched & set(env.toctree_includes.get(docname, ())):
            outdated.append(docname)
    return outdated


def setup_listings(app: Sphinx) -> None:
    for cls in (chapter_list, block_index):
        app.add_node(cls)
    app.add_directive("chapter-list", ChapterListDirective)
    app.add_directive("block-index", BlockIndexDirective)
    app.connect("doctree-resolved", _fill)
    app.connect("env-get-outdated", _outdated)
