"""EPUB pages that draw inline SVG are declared as such, so a reader shows the drawing.

EPUB 3 requires each page holding inline ``<svg>`` to carry ``properties="svg"``
on its ``<item>`` in the package file (``content.opf``); epubcheck reports a
page without it (OPF-014) and strict readers may refuse it. Sphinx's EPUB
builder writes no properties for pages. So when an EPUB build has finished,
this adds the property to every page that holds an ``<svg`` element, and packs
the EPUB again with the builder's own ``build_epub`` (same files, same order).
It looks at every page the build wrote, not at a list of known drawings: the
room plan (``kit.py``) is the first, and any later one is covered.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote

from sphinx.application import Sphinx

from handbook.fsutil import atomic_write

#: One page's entry in the package file, as Sphinx's ``content.opf.jinja`` writes it.
_ITEM = re.compile(r'<item id="[^"]*" href="(?P<href>[^"]+)" media-type="application/xhtml\+xml"(?P<end> ?/>)')


def declare_svg(opf: str, outdir: Path) -> tuple[str, list[str]]:
    """The package file with ``properties="svg"`` on each page that holds inline SVG, and those pages."""
    declared: list[str] = []

    def item(match: re.Match) -> str:
        href = unquote(html.unescape(match["href"]))
        page = outdir / href
        if not page.is_file() or "<svg" not in page.read_text(encoding="utf-8"):
            return match[0]
        declared.append(href)
        return match[0][: match.start("end") - match.start()] + ' properties="svg"' + match["end"]

    return _ITEM.sub(item, opf), declared


def _finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.name != "epub":
        return
    opf_path = Path(app.builder.outdir) / "content.opf"
    if not opf_path.is_file():
        return
    opf, declared = declare_svg(opf_path.read_text(encoding="utf-8"), Path(app.builder.outdir))
    if declared:
        atomic_write(opf_path, opf)
        app.builder.build_epub()


def setup_epubsvg(app: Sphinx) -> None:
    app.connect("build-finished", _finished)
