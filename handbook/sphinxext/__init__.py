"""The handbook's Sphinx extension: ``extensions = [..., "handbook.sphinxext"]``.

One extension, one ``setup()``. Each feature lives in its own module with one
``setup_<feature>(app)`` that registers its directives, nodes, config values
and event handlers; ``setup`` below calls them in the order of ``FEATURES``.
When things run is decided by the named priorities in ``order.py``, not by
this order; warnings are the typed family in ``problems.py``; the two patches
of other packages are fenced by ``patches.py``; per-page data in the Sphinx
environment is declared in ``envdata.py`` (which module owns which store).

The maintainer's guide (handbook/README.md, "Map of the code") explains the
modules and the order in which they run.
"""

from __future__ import annotations

import sphinx
from sphinx.application import Sphinx
from sphinx.errors import VersionRequirementError

from handbook import __version__
from handbook.sphinxext import (
    assets, bibplugins, blocks, chapters, checks, deck, editions, envdata, epubsvg, freshness, integrity, kit, latex,
    links, listings, navtree, numbering, previews, safety, searchindex, sessions, sharing,
)

#: The Sphinx versions this extension is tested with: from (inclusive) to (exclusive).
SPHINX_RANGE = ((9, 0), (10, 0))

#: Bump when the data the extension keeps in the environment changes shape:
#: Sphinx then re-reads every page instead of unpickling old data.
ENV_VERSION = 5

#: (feature, its setup function), in the order they are set up.
FEATURES = (
    ("safety", safety.setup_safety),
    ("editions", editions.setup_editions),
    ("assets", assets.setup_assets),
    ("blocks", blocks.setup_blocks),
    ("chapters", chapters.setup_chapters),
    ("links", links.setup_links),
    ("listings", listings.setup_listings),
    ("numbering", numbering.setup_numbering),
    ("sessions", sessions.setup_sessions),
    ("kit", kit.setup_kit),
    ("deck", deck.setup_deck),
    ("latex", latex.setup_latex),
    ("epubsvg", epubsvg.setup_epubsvg),
    ("checks", checks.setup_checks),
    ("searchindex", searchindex.setup_searchindex),
    ("navtree", navtree.setup_navtree),
    ("freshness", freshness.setup_freshness),
    ("previews", previews.setup_previews),
    ("sharing", sharing.setup_sharing),
    ("integrity", integrity.setup_integrity),
    ("bibplugins", bibplugins.setup_bibplugins),
)


def setup(app: Sphinx) -> dict:
    app.require_sphinx(SPHINX_RANGE[0])
    if sphinx.version_info[:2] >= SPHINX_RANGE[1]:
        raise VersionRequirementError(
            f"< {'.'.join(map(str, SPHINX_RANGE[1]))} (the handbook extension is tested with Sphinx "
            f"{'.'.join(map(str, SPHINX_RANGE[0]))} up to that; run the tests with the new Sphinx, then "
            f"widen SPHINX_RANGE in handbook/sphinxext/__init__.py)")
    for _name, setup_feature in FEATURES:
        setup_feature(app)
    envdata.setup_envdata(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
