"""Editions: the participant edition never contains trainer-only material.

``handbook_edition`` is ``participant`` (the default) or ``trainer``. In the
participant edition:

* every node marked ``handbook-trainer-only`` (the ``{trainer-note}`` block)
  is removed from the doctree while the page is being read, before the search
  index, the labels, the toctree or any builder sees it;
* the trainer-only pages (``handbook_trainer_only``, by default everything
  under ``sessions/``) are excluded from the project, so they are never read;
* ``{trainer-toctree}``, the toctree that lists those pages, produces nothing;
* the pages' Markdown sources are not copied into the site (``_sources/``),
  since they hold the trainer material.

So no trace reaches pages, headings, the sidebar, search entries, the object
inventory, the PDF or the EPUB.

**The one boundary.** ``is_trainer(node)`` says what trainer material is (a
node marked ``handbook-trainer-only``: trainer notes, role briefs, observer
sheets, model answers) and ``participant_copy(node)`` /
``participant_children(node)`` give a copy without it, at any depth. Every
output that shows material to a participant goes through them: the transform
below (participant HTML, search, previews, EPUB, PDF), the handouts' pulled
blocks (``sessions.py``), the role cards (``kit.py``: the scenario, and each
brief and sheet without the trainer material nested in it) and the deck's
faces (``deck.py``). No output keeps a filter of its own. (Sphinx's ``only`` directive is not enough: it
leaks headings, toctree entries and search terms, sphinx-doc/sphinx #1420 and
#3539.)
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import ENUM
from sphinx.directives.other import TocTree
from sphinx.transforms import SphinxTransform
from handbook.editions import DEFAULT, EDITIONS, PARTICIPANT, TRAINER
from handbook.sphinxext import order
from handbook.sphinxext.envdata import doc_store

TRAINER_ONLY = "handbook-trainer-only"


#: Block kinds that are trainer material wherever they sit (their nodes also carry TRAINER_ONLY).
PRIVATE_KINDS = ("role-brief", "observer-sheet", "model-answer", "trainer-note")


def is_trainer(node: nodes.Node) -> bool:
    """Whether ``node`` is trainer material: never shown to a participant."""
    return isinstance(node, nodes.Element) and (
        TRAINER_ONLY in node.get("classes", ()) or node.get("kind") in PRIVATE_KINDS)


def strip_trainer(node: nodes.Element) -> nodes.Element:
    """Remove, in place, all trainer material inside ``node`` (not ``node`` itself), at any depth."""
    for inner in list(node.findall(nodes.Element, include_self=False)):
        if inner.parent is not None and is_trainer(inner):
            inner.parent.remove(inner)
    return node


def participant_copy(node: nodes.Node) -> nodes.Node | None:
    """A copy of ``node`` a participant may see: None when it is trainer material, else without any inside."""
    if is_trainer(node):
        return None
    copy = node.deepcopy()  # docutils' copy: copy.deepcopy would follow .parent
    return strip_trainer(copy) if isinstance(copy, nodes.Element) else copy


def participant_children(node: nodes.Element, skip: tuple[type, ...] = ()) -> list[nodes.Node]:
    """Copies of ``node``'s children without trainer material at any depth (``skip``: node types left out)."""
    copies = [participant_copy(child) for child in node.children if not isinstance(child, skip)]
    return [copy for copy in copies if copy is not None]


class RemoveTrainerOnly(SphinxTransform):
    default_priority = order.REMOVE_TRAINER_ONLY

    def apply(self, **kwargs) -> None:
        if self.config.handbook_edition == TRAINER:
            return
        document = self.document
        removed: set[str] = set()
        cited: set[str] = set()  # footnotes (footcite sources) cited inside removed material
        for node in list(document.findall(nodes.Element)):
            if not is_trainer(node) or node.parent is None:
                continue
            for ref in node.findall(nodes.footnote_reference):
                cited.add(ref.get("refname", ""))
                # docutils numbers footnotes from these lists: forget the removed references.
                for registry in (document.autofootnote_refs, document.symbol_footnote_refs,
                                 document.footnote_refs.get(ref.get("refname", ""), [])):
                    if ref in registry:
                        registry.remove(ref)
            labels = _labels_before(node)
            for inner in [*labels, node, *node.findall(nodes.Element)]:
                for node_id in inner.get("ids", ()):
                    document.ids.pop(node_id, None)
                    removed.add(node_id)
                for name in inner.get("names", ()):
                    document.nameids.pop(name, None)
                    document.nametypes.pop(name, None)
            for label in labels:
                label.parent.remove(label)
            node.parent.remove(node)
        if removed:
            forget(self.env, self.env.docname, removed)
        if cited:
            self._drop_uncited(cited - {""})

    def _drop_uncited(self, names: set[str]) -> None:
        """A source cited only inside trainer material leaves the chapter's source list too."""
        document = self.document
        still = {ref.get("refname", "") for ref in document.findall(nodes.footnote_reference)}
        for footnote in list(document.findall(nodes.footnote)):
            if set(footnote["names"]) & names and not set(footnote["names"]) & still:
                for name in footnote["names"]:
                    document.nameids.pop(name, None)
                    document.nametypes.pop(name, None)
                for node_id in footnote["ids"]:
                    document.ids.pop(node_id, None)
                # docutils keeps a list of each kind ([^1] numbered, [^name] auto-numbered); MyST walks them all.
                for registry in (document.footnotes, document.autofootnotes, document.symbol_footnotes):
                    if footnote in registry:
                        registry.remove(footnote)
                parent = footnote.parent
                parent.remove(footnote)
                if isinstance(parent, nodes.container) and not parent.children and parent.parent is not None:
                    parent.parent.remove(parent)


def _labels_before(node: nodes.Element) -> list[nodes.target]:
    """The labels written just before ``node`` (MyST's ``(name)=``, reST's ``.. _name:``): docutils moves them
    onto ``node`` only after this transform, so they go with it (else they would label the next block)."""
    labels = []
    sibling = node.previous_sibling()
    while (isinstance(sibling, nodes.target) and not len(sibling)
           and not any(sibling.get(key) for key in ("refid", "refuri", "refname"))):
        labels.append(sibling)
        sibling = sibling.previous_sibling()
    return labels


def forget(env, docname: str, ids: set[str]) -> None:
    """Drop what was recorded, while the page was parsed, about nodes now removed.

    Blocks record themselves (for the collected pages and previews) and note
    their titles as search objects while they are parsed, before this
    transform runs; anything nested in trainer material must leave no trace.
    """
    records = doc_store(env, "handbook_blocks").get(docname)
    if records:
        records[:] = [r for r in records if r["node_id"] not in ids]
    objects = env.domains.standard_domain.objects
    for key, (where, labelid) in list(objects.items()):
        if where == docname and labelid in ids:
            del objects[key]


class TrainerTocTree(TocTree):
    """A toctree that exists in the trainer edition only."""

    def run(self):
        if self.config.handbook_edition != TRAINER:
            return []
        return super().run()


def _check_edition(app: Sphinx, config) -> None:
    # Sphinx has already warned about a value outside the ENUM; build the default.
    if config.handbook_edition not in EDITIONS:
        config.handbook_edition = DEFAULT
    app.tags.add(f"edition_{config.handbook_edition}")
    if config.handbook_edition == PARTICIPANT:
        config.exclude_patterns = [*config.exclude_patterns, *config.handbook_trainer_only]
        # A page's Markdown source holds its trainer notes and private briefs:
        # never publish it (_sources/) in the participant edition.
        config.html_copy_source = False


def _source_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """In the participant edition, no "view" or "edit this page" link to a source holding trainer material.

    furo's buttons link to the page's Markdown on the repository host; a chapter's file holds its
    trainer notes, private briefs and model answers. Pages whose source holds none keep the links."""
    if app.config.handbook_edition == TRAINER or pagename not in app.env.all_docs:
        return
    from handbook.sphinxext.safety import trainer_file

    if trainer_file(app.env, app.env.doc2path(pagename)) is not None:
        context["theme_top_of_page_buttons"] = []


def setup_editions(app: Sphinx) -> None:
    app.add_config_value("handbook_edition", DEFAULT, "env", types=ENUM(*EDITIONS),
                         description=" or ".join(EDITIONS))
    app.add_config_value("handbook_trainer_only", ["sessions", "sessions/**"], "env", types=[list],
                         description="pages (exclude_patterns syntax) only the trainer edition has")
    app.add_transform(RemoveTrainerOnly)
    app.add_directive("trainer-toctree", TrainerTocTree)
    app.connect("config-inited", _check_edition, priority=order.CHECK_EDITION)
    app.connect("html-page-context", _source_links)
