"""Chapter numbers that run through the whole book, as in the PDF.

With a numbered root toctree whose entries are parts, Sphinx numbers the
chapters of Part II as 2.1, 2.2, ... while LaTeX numbers chapters 1, 2, 3, ...
across parts. So that "see Chapter 4" reads the same on the web and in print,
this module renumbers the HTML: chapters (pages whose front matter has
``sources``) get their position in the book, a chapter's sections follow
(4.1, 4.2, ...), and the pages above chapters (the parts) lose their number,
so the sidebar shows the part titles as they are.

``{chapter}`label``` writes "Chapter 4, Parting ways well" linked to the
chapter with that label, in HTML and in the PDF (where LaTeX adds the page:
"Chapter 4, Parting ways well (page 31)").
It replaces ``{numref}``, which needs ``numfig = True``: with numfig Sphinx
walks every page's doctree on every build, even one where nothing changed.
A label that is not a chapter's is a typed warning ``handbook.chapter``.

Only documents whose number changed are rewritten: the standard numbering is
restored before Sphinx compares old and new numbers, so Sphinx itself sees no
change, and this module reports the pages whose book numbers moved.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxRole

from handbook.sphinxext import order
from handbook.sphinxext.chapters import is_chapter
from handbook.sphinxext.problems import warn


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
    # Page titles (<title>, prev/next links) read the number stored on the
    # title node; the sidebars read the numbers on the pages' toc nodes. The
    # collector just set the standard ones on both.
    for docname, numbers in book.items():
        for titles in (env.titles, env.longtitles):
            title = titles.get(docname)
            if title is None:
                continue
            if numbers.get(""):
                title["secnumber"] = numbers[""]
            else:
                title.attributes.pop("secnumber", None)
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


class ChapterRole(SphinxRole):
    """``{chapter}`label``` -> a link reading "Chapter N, Title"."""

    def run(self):
        label = self.text.strip().lower()
        xref = addnodes.pending_xref(
            self.rawtext, nodes.inline(self.rawtext, "Chapter", classes=["handbook-chapter-ref"]),
            refdomain="std", reftype="ref", reftarget=label, refexplicit=True, refwarn=True,
            refdoc=self.env.docname,
        )
        self.set_source_info(xref)
        return [xref], []


class NumberChapterRefs(SphinxPostTransform):
    """Put the chapter's number into ``{chapter}`` links, before they are resolved."""

    default_priority = order.NUMBER_CHAPTER_REFS

    def run(self, **kwargs) -> None:
        std = self.env.domains.standard_domain
        for xref in self.document.findall(addnodes.pending_xref):
            inline = xref.next_node(nodes.inline)
            if inline is None or "handbook-chapter-ref" not in inline["classes"]:
                continue
            found = std.labels.get(xref["reftarget"])
            number, title = None, ""
            if found:
                docname, labelid, title = found
                numbers = self.env.toc_secnumbers.get(docname, {})
                anchor = "#" + labelid
                number = numbers.get(anchor) or numbers.get("")
            if not number or len(number) != 1:
                warn("chapter", f"'{xref['reftarget']}' is not the label of a numbered chapter; "
                                f"use the label above a chapter's title", xref)
                number = ("?",)
            text = f"Chapter {number[0]}, {title}" if title else f"Chapter {number[0]}"
            inline.children = [nodes.Text(text)]


def setup_numbering(app: Sphinx) -> None:
    app.add_role("chapter", ChapterRole())
    app.add_post_transform(NumberChapterRefs)
    app.add_config_value("handbook_book_numbering", True, "env", types=[bool],
                         description="number chapters 1, 2, 3 across parts, as in the PDF")
    app.connect("env-get-updated", _restore_standard, priority=order.RESTORE_STANDARD_NUMBERS)
    app.connect("env-get-updated", _renumber, priority=order.BOOK_NUMBERS)
