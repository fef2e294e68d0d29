r"""Print: the PDF's cover, metadata, fonts and the handouts.

Added to ``latex_elements`` at start-up, so conf.py stays free of logic:

* a cover page with the handbook's title, the edition and the date;
* PDF metadata: title, author, subject (``handbook_pdf_subject``), keywords;
* emoji fall back to the Symbola font (Debian: fonts-symbola), since the body
  fonts have none; any character no font has stops xelatex
  (``\tracinglostchars=3``), and the build names the page it is on;
* ``\handbooknotes{N}``: N ruled lines to write on (``{notes-space}``, and
  the ``:notes:`` option of exercises and role-plays).

With ``handbook_latex_handouts`` set (``make handouts``), the LaTeX builder
writes one short document per page in ``handouts/`` instead of the book.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx

from handbook.editions import TRAINER
from handbook.sphinxext.kit import kit_documents
from handbook.sphinxext.tex import tex_escape

PREAMBLE = r"""
% -- handbook: fonts ------------------------------------------------------
\tracinglostchars=3
\IfFontExistsTF{Symbola}{%
  \newfontfamily\handbookemojifont{Symbola}%
  \XeTeXinterchartokenstate=1
  \newXeTeXintercharclass\handbookemojiclass
  \count255="1F300
  \loop\ifnum\count255<"1FAFF
    \XeTeXcharclass\count255=\handbookemojiclass
    \advance\count255 by 1
  \repeat
  \XeTeXinterchartoks 0 \handbookemojiclass = {\begingroup\handbookemojifont}
  \XeTeXinterchartoks 4095 \handbookemojiclass = {\begingroup\handbookemojifont}
  \XeTeXinterchartoks \handbookemojiclass 0 = {\endgroup}
  \XeTeXinterchartoks \handbookemojiclass 4095 = {\endgroup}
}{}
% -- handbook: space to write ----------------------------------------------
\newcount\handbooknotecount
\newcommand{\handbooknotes}[2][Notes]{%
  \par\medskip\noindent{\small\itshape #1}\par
  \handbooknotecount=#2
  \loop\ifnum\handbooknotecount>0
    \vspace{1.6\baselineskip}\noindent\rule{\linewidth}{0.4pt}\par
    \advance\handbooknotecount by -1
  \repeat
  \medskip}
% -- handbook: ruled lines down to the foot of the page ------------------------
% Nothing when the page is new (no page of lines alone) or when fewer than five
% lines fit (the next page follows directly).
\newcommand{\handbooknotesfill}[1][Notes]{%
  \par\vspace*{0pt}%
  \ifdim\pagetotal<\baselineskip\else
    % Lines stop at the text area's foot, even on a page a short last section
    % enlarged (\enlargethispage): a fixed length, not \vfill, which LaTeX's output
    % routine would stretch to the enlarged page, over the page number.
    \ifdim\pagegoal>\textheight\pagegoal=\textheight\fi
    \ifdim\dimexpr\pagegoal-\pagetotal\relax>6\baselineskip
      \medskip\noindent{\small\itshape #1}\par
      \leaders\vbox to 1.6\baselineskip{\vfil\hrule width\linewidth height 0.4pt}%
        \vskip\dimexpr\pagegoal-\pagetotal-\pagedepth-2pt\relax
      \clearpage
    \fi
  \fi}
% -- handbook: layout ----------------------------------------------------------
% A definition list's term (a script's DO, a talk track's reply) is the first line
% of its definition's paragraph: in a definition list, that line never ends a page.
% (LaTeX's \item resets \clubpenalty from \@clubpenalty, so both are set.) A list that
% opens a definition stays with its term too (\@beginparpenalty, -51 by default, invites a break).
\makeatletter
\AddToHook{env/description/begin}{\@clubpenalty=10000\relax\clubpenalty=10000\relax\@beginparpenalty=10000\relax}
\makeatother
% A box (every block prints as one) starts only where its title bar and a few lines of
% it fit: its title never ends a page with its text overleaf.
\AddToHook{env/sphinxadmonition/before}{\needspace{6\baselineskip}}
% A part's introduction goes on the part's own page, under its title.
\makeatletter
\ifdefined\@endpart\renewcommand{\@endpart}{\par\vspace{2\baselineskip}}\fi
% A compact contents: less space above part entries, and its first
% page may run four lines long rather than leave an entry alone.
\makeatletter
\ifdefined\l@part
\renewcommand*\l@part[2]{%
  \ifnum \c@tocdepth >-2\relax
    \addpenalty{-\@highpenalty}\addvspace{1em \@plus\p@}%
    \begingroup
      \parindent \z@ \rightskip \@pnumwidth \parfillskip -\@pnumwidth
      {\leavevmode\large\bfseries #1\hfil\hb@xt@\@pnumwidth{\hss #2}}\par
      \nobreak\global\@nobreaktrue\everypar{\global\@nobreakfalse\everypar{}}%
    \endgroup
  \fi}
\fi
\makeatother
\AtBeginDocument{\addtocontents{toc}{\protect\small\protect\enlargethispage{4\baselineskip}}}
\makeatother
% -- handbook: metadata -----------------------------------------------------
\hypersetup{pdftitle={@@title@@}, pdfauthor={@@author@@}, pdfsubject={@@subject@@}, pdfkeywords={@@keywords@@}}
"""

TRAINER_MARK = r"""
% -- handbook: the trainer edition says so on every page -------------------
\newif\ifhandbookmark\handbookmarktrue
\AddToHook{shipout/foreground}{\ifhandbookmark
  \put(0.5\paperwidth,-0.55cm){\makebox[0pt][c]{\footnotesize\sffamily\bfseries
    Trainer edition: do not hand out}}\fi}
"""

COVER = r"""
\begin{titlepage}
  \centering
  \vspace*{0.22\textheight}
  {\sffamily\bfseries\Huge @@title@@\par}
  \vspace{1.2cm}
  {\sffamily\LARGE @@edition@@\par}
  \vspace{0.6cm}
  {\large @@subject@@\par}
  \vfill
  {\large @@author@@\par}
  \vspace{0.3cm}
  {\large Release @@release@@ \textperiodcentered\ \today\par}
\end{titlepage}
"""


def _tex_escape(text: str) -> str:
    """Every text this module puts into LaTeX goes through the one escape (``tex.py``)."""
    return tex_escape(text)


def _fill(template: str, values: dict[str, str]) -> str:
    """Put values into a TeX template (``@@name@@``; TeX's own % and # stay)."""
    return re.sub(r"@@(\w+)@@", lambda m: values[m.group(1)], template)


def _first_heading(path: Path) -> str:
    """A page's first heading as LaTeX text (Sphinx puts a document's title into LaTeX as markup: escaped here)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return _tex_escape(line[2:].strip())
    return _tex_escape(path.stem.replace("-", " ").capitalize())


def _configure(app: Sphinx, config) -> None:
    edition = "Trainer edition" if config.handbook_edition == TRAINER else "Participant edition"
    values = {
        "title": _tex_escape(config.project),
        "author": _tex_escape(config.author),
        "release": _tex_escape(config.release),
        "edition": edition,
        "subject": _tex_escape(config.handbook_pdf_subject),
        "keywords": _tex_escape(", ".join(config.handbook_pdf_keywords)),
    }
    elements = dict(config.latex_elements)
    elements["preamble"] = elements.get("preamble", "") + _fill(PREAMBLE, values)
    if config.handbook_edition == TRAINER:
        elements["preamble"] += TRAINER_MARK
    elements.setdefault("maketitle", _fill(COVER, values))
    config.latex_elements = elements

    if config.handbook_latex_handouts or config.handbook_latex_kit:
        if config.handbook_latex_kit:
            srcdir = Path(app.srcdir)
            config.latex_documents = [
                document
                for name, guide, cards in kit_documents(srcdir)
                for document in (
                    (guide, f"facilitator-guide-{name}.tex",
                     f"Facilitator guide: {_first_heading(srcdir / (guide + '.md'))}", values["author"], "howto"),
                    (cards, f"role-cards-{name}.tex", _first_heading(srcdir / (cards + ".md")), values["author"],
                     "howto"),
                )
                if (srcdir / (guide + ".md")).is_file() and (srcdir / (cards + ".md")).is_file()
            ]
        else:
            handouts = sorted((Path(app.srcdir) / "handouts").glob("*.md"))
            config.latex_documents = [
                (f"handouts/{path.stem}", f"handout-{path.stem}.tex", _first_heading(path), values["author"], "howto")
                for path in handouts
            ]
        # Short documents: no contents page or index of their own.
        elements["tableofcontents"] = ""
        elements["printindex"] = ""
        elements["maketitle"] = r"\maketitle"
        config.latex_elements = elements
        config.latex_toplevel_sectioning = "section"


def _print_layout(app: Sphinx, doctree, docname: str) -> None:
    """Layout rules that only print needs.

    * Before every heading, ask for ten lines of room (``\\needspace``): a heading
      never ends a page, and a short box starts under its heading.
    * The back matter (``handbook_back_matter``: glossary, sources) is unnumbered.
    * An empty "Sources" section is left out (below).
    """
    if app.builder.format != "latex":
        return
    from docutils import nodes
    from sphinx import addnodes

    _drop_empty_sections(app, doctree, docname)
    for section in list(doctree.findall(nodes.section)):
        if section.parent is None:
            continue
        index = section.parent.index(section)
        last = isinstance(section.parent, nodes.section) and index == len(section.parent.children) - 1 \
            and not any(isinstance(c, nodes.section) for c in section.children)
        if last and _estimated_lines(section) <= 10:
            # A chapter's short last section (related chapters) may run a few lines
            # into the foot margin rather than sit alone on a page of its own.
            command = "\\needspace{5\\baselineskip}\\enlargethispage{4\\baselineskip}"
        else:
            command = f"\\needspace{{{_estimated_lines(section)}\\baselineskip}}"
        section.parent.insert(index, nodes.raw("", command, format="latex"))
    back = set(app.config.handbook_back_matter)
    for start in list(doctree.findall(addnodes.start_of_file)):
        if start.get("docname") in back:
            start.insert(0, nodes.raw("", "\\edef\\handbooksecnumdepth{\\the\\value{secnumdepth}}"
                                          "\\setcounter{secnumdepth}{-2}", format="latex"))
            start.append(nodes.raw("", "\\setcounter{secnumdepth}{\\handbooksecnumdepth}", format="latex"))


def _estimated_lines(section) -> int:
    """Room a heading asks for: itself and its section's opening, up to a short box
    (about 12 words a printed line, a template's lines as they are), at least three
    lines of body, and at most 30: a template box that does not fit moves with its
    heading rather than leave the heading alone at the foot of a page)."""
    from docutils import nodes

    from sphinx import addnodes

    opening = []
    for child in section.children[1:]:
        if isinstance(child, nodes.section):
            break
        if isinstance(child, (addnodes.index, nodes.target, nodes.raw, nodes.comment)):
            continue  # prints nothing
        opening.append(child)
        if len(opening) == 2:
            break
    literal = [block for child in opening for block in child.findall(nodes.literal_block)]
    verbatim_lines = sum(block.astext().count("\n") + 1 for block in literal)
    words = sum(len(child.astext().split()) for child in opening) - sum(len(b.astext().split()) for b in literal)
    items = sum(1 for child in opening for _ in child.findall(nodes.list_item))
    boxes = sum(1 for child in opening if isinstance(child, nodes.admonition))
    # A box kept whole (blocks.KEEP_WHOLE: in a hurry, talk tracks ...) moves as one,
    # with room for the heading above it (about five lines with its spacing).
    from handbook.sphinxext.blocks import print_lines
    whole = max([print_lines(child) or 0 for child in opening] or [0])
    # Text and boxes break across pages: their first eight lines are enough. A
    # template's verbatim lines do not break: all of them.
    return max(5, 5 + whole, min(30, 2 + min(8, words // 12 + items) + verbatim_lines + 2 * len(opening) + 3 * boxes))


def _drop_empty_sections(app: Sphinx, doctree, docname: str) -> None:
    """In print, a chapter's source list is footnotes at the foot of its pages: a
    "Sources" section holding nothing else would be an empty heading."""
    if app.builder.format != "latex":
        return
    from docutils import nodes

    for section in list(doctree.findall(nodes.section)):
        body = [c for c in section.children if not isinstance(c, nodes.title)]
        printable = [c for c in body if not (isinstance(c, nodes.container) and
                                               all(isinstance(f, nodes.footnote) for f in c.children))
                     and not isinstance(c, (nodes.target, nodes.footnote))]
        if body and not printable and section.parent is not None:
            # Keep the footnotes (LaTeX prints them where they are cited).
            section.replace_self(body)


def setup_latex(app: Sphinx) -> None:
    app.add_config_value("handbook_pdf_subject", "", "env", types=[str],
                         description="the PDF's subject (metadata and cover)")
    app.add_config_value("handbook_pdf_keywords", [], "env", types=[list],
                         description="the PDF's keywords (metadata)")
    app.add_config_value("handbook_latex_handouts", False, "env", types=[bool],
                         description="build the handouts (one document per handouts/ page) instead of the book")
    app.connect("config-inited", _configure)
    app.add_config_value("handbook_back_matter", ["glossary", "sources"], "env", types=[list],
                         description="pages printed unnumbered after the chapters")
    app.connect("doctree-resolved", _print_layout)
