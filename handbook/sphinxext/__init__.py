"""The handbook's local Sphinx extension.

One feature per module; each module has a ``setup(app)`` of its own, and this
package's ``setup`` loads them all, so ``extensions = ["handbook.sphinxext"]`` in
conf.py is the only line a project needs.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from handbook import __version__

#: The feature modules, in the order they are set up.
MODULES = (
    "handbook.sphinxext.safety",
    "handbook.sphinxext.assets",
    "handbook.sphinxext.editions",
    "handbook.sphinxext.blocks",
    "handbook.sphinxext.chapters",
    "handbook.sphinxext.listings",
    "handbook.sphinxext.numbering",
    "handbook.sphinxext.sessions",
    "handbook.sphinxext.latex",
    "handbook.sphinxext.checks",
    "handbook.sphinxext.searchindex",
    "handbook.sphinxext.navtree",
    "handbook.sphinxext.freshness",
    "handbook.sphinxext.previews",
    "handbook.sphinxext.sharing",
)


def setup(app: Sphinx) -> dict:
    for name in MODULES:
        app.setup_extension(name)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
