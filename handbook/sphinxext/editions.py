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
inventory, the PDF or the EPUB. (Sphinx's ``only`` directive is not enough: it
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

TRAINER_ONLY = "handbook-trainer-only"


class RemoveTrainerOnly(SphinxTransform):
    default_priority = order.REMOVE_TRAINER_ONLY

    def apply(self, **kwargs) -> None:
        if self.config.handbook_edition == TRAINER:
            return
        document = self.document
        for node in list(document.findall(nodes.Element)):
            if TRAINER_ONLY not in node.get("classes", ()) or node.parent is None:
                continue
            for inner in [node, *node.findall(nodes.Element)]:
                for node_id in inner.get("ids", ()):
                    document.ids.pop(node_id, None)
                for name in inner.get("names", ()):
                    document.nameids.pop(name, None)
                    document.nametypes.pop(name, None)
            node.parent.remove(node)


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


def setup_editions(app: Sphinx) -> None:
    app.add_config_value("handbook_edition", DEFAULT, "env", types=ENUM(*EDITIONS),
                         description=" or ".join(EDITIONS))
    app.add_config_value("handbook_trainer_only", ["sessions", "sessions/**"], "env", types=[list],
                         description="pages (exclude_patterns syntax) only the trainer edition has")
    app.add_transform(RemoveTrainerOnly)
    app.add_directive("trainer-toctree", TrainerTocTree)
    app.connect("config-inited", _check_edition, priority=order.CHECK_EDITION)
