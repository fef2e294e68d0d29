"""Pages built from other pages: a part's chapter list, and the reference
pages that list every template, checklist or exercise.

``{chapter-list}`` on a part page lists the chapters of the page's toctree
with their numbers, titles and summaries. ``{block-index} template`` (or
``checklist``, ``exercise``, ``role-play``) lists every block of that kind
with a link to it and the chapter it comes from; templates also show their
text, with a copy button, so a rep can copy every template from one page.
Nothing is copied in the sources: the lists are made at build time.

Both are placeholders filled in by a post-transform, after every page has
been read. A page holding one is re-read whenever any page is added, changed
or removed, so the lists never go stale in an incremental build.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from handbook import __version__
from handbook.sphinxext.blocks import DIRECTIVES, blocks_of

logger = logging.getLogger(__name__)

LISTABLE = ("template", "checklist", "exercise", "role-play")


class chapter_list(nodes.General, nodes.Element):
    pass


class block_index(nodes.General, nodes.Element):
    pass


def _listing_docs(env) -> set[str]:
    if not hasattr(env, "handbook_listing_docs"):
        env.handbook_listing_docs = set()
    return env.handbook_listing_docs


class ChapterListDirective(SphinxDirective):
    has_content = False

    def run(self):
        _listing_docs(self.env).add(self.env.docname)
        node = chapter_list()
        self.set_source_info(node)
        return [node]


class BlockIndexDirective(SphinxDirective):
    required_arguments = 1
    has_content = False

    def run(self):
        kind = self.arguments[0]
        if kind not in LISTABLE:
            logger.warning(
                f"block-index: unknown kind '{kind}'; use one of {', '.join(LISTABLE)}",
                type="handbook", subtype="block-index", location=self.get_location(),
            )
            return []
        _listing_docs(self.env).add(self.env.docname)
        node = block_index(kind=kind)
        self.set_source_info(node)
        return [node]


def _doc_link(target: str, fromdoc: str) -> addnodes.pending_xref:
    """A link to a page, titled with the page's title (resolved later)."""
    xref = addnodes.pending_xref(
        "", nodes.inline("", target), refdomain="std", reftype="doc",
        reftarget="/" + target, refexplicit=False, refdoc=fromdoc, refwarn=True,
    )
    return xref


class FillListings(SphinxPostTransform):
    """Fill the placeholders before references are resolved (priority 10)."""

    default_priority = 5

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(chapter_list)):
            node.replace_self(self.chapters(node))
        for node in list(self.document.findall(block_index)):
            node.replace_self(self.blocks(node))

    def _fromdoc(self, node: nodes.Node) -> str:
        return self.env.path2doc(node.source) if node.source else self.env.docname

    def chapters(self, node: chapter_list) -> nodes.Node:
        fromdoc = self._fromdoc(node)
        listing = nodes.definition_list(classes=["handbook-chapter-list"])
        for child in self.env.toctree_includes.get(fromdoc, []):
            meta = self.env.metadata.get(child, {})
            number = self.env.toc_secnumbers.get(child, {}).get("")
            term = nodes.term()
            if number:
                term += nodes.inline("", f"Chapter {'.'.join(map(str, number))}: ", classes=["handbook-number"])
            term += _doc_link(child, fromdoc)
            summary = str(meta.get("summary", "")).strip()
            body = nodes.definition("", nodes.paragraph(summary, summary)) if summary else nodes.definition()
            listing += nodes.definition_list_item("", term, body)
        return listing

    def blocks(self, node: block_index) -> nodes.Node:
        fromdoc = self._fromdoc(node)
        kind = node["kind"]
        container = nodes.container(classes=["handbook-block-index", f"handbook-index-{kind}"])
        records = blocks_of(self.env, kind)
        if not records:
            container += nodes.paragraph("", f"No {kind} blocks yet.")
            return container
        for record in records:
            uri = self.app.builder.get_relative_uri(fromdoc, record.docname) + "#" + record.node_id
            entry = nodes.container(classes=["handbook-index-entry"])
            heading = nodes.paragraph(classes=["handbook-index-title"])
            heading += nodes.reference("", "", nodes.strong(record.title, record.title), refuri=uri, internal=True)
            details = []
            if record.minutes:
                details.append(f"{record.minutes} minutes")
            heading += nodes.Text(" (" + ", ".join(details) + "), from " if details else ", from ")
            heading += _doc_link(record.docname, fromdoc)
            entry += heading
            if record.text:
                entry += nodes.literal_block(record.text, record.text, language="text", classes=["handbook-copyable"])
            container += entry
        return container


def _outdated(app: Sphinx, env, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    if not (added or changed or removed):
        return []
    return sorted(d for d in _listing_docs(env) if d in env.all_docs and d not in changed)


def _purge(app: Sphinx, env, docname: str) -> None:
    _listing_docs(env).discard(docname)


def _merge(app: Sphinx, env, docnames: set[str], other) -> None:
    _listing_docs(env).update(_listing_docs(other) & docnames)


def setup(app: Sphinx) -> dict:
    for cls in (chapter_list, block_index):
        app.add_node(cls)
    app.add_directive("chapter-list", ChapterListDirective)
    app.add_directive("block-index", BlockIndexDirective)
    app.add_post_transform(FillListings)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    assert set(LISTABLE) <= set(DIRECTIVES)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
