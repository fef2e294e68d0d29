"""Chapter numbers that run through the whole book, as in the PDF.

With a numbered root toctree whose entries are parts, Sphinx numbers the
chapters of Part II as 2.1, 2.2, ... while LaTeX numbers chapters 1, 2, 3, ...
across parts. So that "see Chapter 4" reads the same on the web and in print,
this module renumbers the HTML: chapters (pages whose front matter has
``sources``) get their position in the book, a chapter's sections follow
(4.1, 4.2, ...), and the pages above chapters (the parts) lose their number,
so the sidebar shows the part titles as they are. ``{numref}`` to a chapter's
label gives "Chapter 4" in both outputs.

Only documents whose number changed are rewritten: the standard numbering is
restored before Sphinx compares old and new numbers, so Sphinx itself sees no
change, and this module reports the pages whose book numbers moved.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from handbook import __version__
from handbook.sphinxext.chapters import is_chapter


def _restore_standard(app: Sphinx, env) -> list[str]:
    standard = getattr(env, "handbook_standard_secnumbers", None)
    if standard is not None:
        env.toc_secnumbers = standard
    return []


def _renumber(app: Sphinx, env) -> list[str]:
    standard = env.toc_secnumbers
    env.handbook_standard_secnumbers = standard
    if not app.config.handbook_book_numbering:
        return []
    # Chapters are the pages with chapter front matter; the pages above them
    # in the numbered toctree (the parts) lose their numbers.
    chapters = sorted(
        (numbers[""], docname) for docname, numbers in standard.items()
        if numbers.get("") and is_chapter(env, docname)
    )
    prefixes = {prefix[:n] for prefix, _ in chapters for n in range(1, len(prefix))}
    book: dict[str, dict[str, tuple[int, ...]]] = {
        docname: {} for docname, numbers in standard.items() if numbers.get("") in prefixes
    }
    for position, (prefix, docname) in enumerate(chapters, start=1):
        book[docname] = {
            anchor: (position, *number[len(prefix):])
            for anchor, number in standard[docname].items()
            if number[: len(prefix)] == prefix
        }
    for docname, numbers in standard.items():
        book.setdefault(docname, numbers)
    previous = getattr(env, "handbook_book_secnumbers", {})
    env.handbook_book_secnumbers = book
    env.toc_secnumbers = book
    # The sidebars and tables of contents read the numbers stored on the
    # pages' toc nodes; the collector just set the standard ones there.
    for docname, numbers in book.items():
        toc = env.tocs.get(docname)
        if toc is None:
            continue
        for ref in toc.findall(nodes.reference):
            number = numbers.get(ref.get("anchorname", ""))
            if number:
                ref["secnumber"] = number
            else:
                ref.attributes.pop("secnumber", None)
    return [d for d in book if previous.get(d) != book[d] and d in env.all_docs]


def setup(app: Sphinx) -> dict:
    app.add_config_value("handbook_book_numbering", True, "env", types=[bool],
                         description="number chapters 1, 2, 3 across parts, as in the PDF")
    # Sphinx's toctree collector numbers sections at priority 500.
    app.connect("env-get-updated", _restore_standard, priority=400)
    app.connect("env-get-updated", _renumber, priority=600)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
