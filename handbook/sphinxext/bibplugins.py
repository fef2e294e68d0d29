"""pybtex's plugins looked up once per process, not at every citation.

sphinxcontrib-bibtex asks pybtex for its formatting, label, name and sorting
styles at every ``{footcite}`` (``pybtex.plugin.find_plugin``), and pybtex
answers each time by scanning the entry points of every installed package
(``importlib.metadata.entry_points``). In a book of 200 chapters that was a
fifth of a clean build's time, growing with every citation.

pybtex's public ``register_plugin`` puts a class in its runtime table, which
``find_plugin`` reads before the entry points. So, once per process, every
entry point of the groups asked at each citation (``GROUPS``: the styles and
the backends, with their aliases) is registered there: the same classes the scan would
find (the first entry point of each name, as the scan returns), so the output
is unchanged; only the scans are gone. A group pybtex does not know, or an
entry point that does not load, is left to pybtex's own lookup.
``handbook_fast_citations = False`` leaves pybtex alone (``make bench``'s
baseline).
"""

from __future__ import annotations

from importlib.metadata import entry_points

from sphinx.application import Sphinx

#: The plugin groups looked up at every citation (styles, and the backends
#: that render them); each registration costs pybtex one scan of its own.
GROUPS = ("pybtex.style.", "pybtex.backends")
_done = False


def register_pybtex_plugins() -> int:
    """Register every installed pybtex plugin at runtime; returns how many."""
    global _done
    try:
        from pybtex.plugin import PybtexError, register_plugin
    except ImportError:  # pragma: no cover: no pybtex, no citations
        return 0
    count = 0
    installed = entry_points()  # one scan of the installed packages
    for group in sorted(g for g in installed.groups if g.startswith(GROUPS) and not g.endswith(".suffixes")):
        seen: set[str] = set()
        for entry in installed.select(group=group):
            if entry.name in seen:
                continue
            seen.add(entry.name)
            try:
                register_plugin(group, entry.name, entry.load(), force=True)
            except (PybtexError, ValueError, ImportError, AttributeError):
                continue
            count += 1
    _done = True
    return count


def _register(app: Sphinx, config) -> None:
    if config.handbook_fast_citations and not _done:
        register_pybtex_plugins()


def setup_bibplugins(app: Sphinx) -> None:
    app.add_config_value("handbook_fast_citations", True, "", types=[bool],
                         description="register pybtex's plugins once per process (see bibplugins.py)")
    app.connect("config-inited", _register)
