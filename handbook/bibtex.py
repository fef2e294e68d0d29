"""The few facts about a BibTeX file that the build, the checks and the importer share.

Deliberately small and standard-library only: the build reads the
bibliography through sphinxcontrib-bibtex (pybtex); this module only finds the
entry keys and the line each starts on, so that a check can name
``references.bib:LINE`` and the importer can avoid a key that is taken.
"""

from __future__ import annotations

import re

_ENTRY = re.compile(r"@(?P<type>\w+)\s*\{\s*(?P<key>[^,\s]+)\s*,")


def bib_keys(text: str) -> set[str]:
    """The entry keys in a BibTeX file's text (``@comment`` and ``@string`` are not entries)."""
    return set(bib_key_lines(text))


def bib_key_lines(text: str) -> dict[str, int]:
    """Each entry key with the line (from 1) its entry starts on."""
    found: dict[str, int] = {}
    for match in _ENTRY.finditer(text):
        if match["type"].lower() in ("comment", "string", "preamble"):
            continue
        found.setdefault(match["key"], text.count("\n", 0, match.start()) + 1)
    return found
