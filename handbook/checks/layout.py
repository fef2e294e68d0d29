"""``python -m handbook check-print PDF...``: what a trainer would see on the printed pages.

Reads each PDF's text with its position and font on every page (pdfplumber,
chosen over pypdf because it gives each line's position, font and size and
the drawn lines on a page, which the layout rules need; pypdf gives text
only), and the LaTeX source and log beside it (``name.tex``, ``name.log``),
and reports, with the file, the page and the text:

* ``stranded-heading``: a heading in the lower part of a page with fewer than
  three lines of its body after it on that page;
* ``near-empty-page``: a page with a few words on it (not the cover, not a
  part or chapter title page);
* ``lines-only-page``: a page holding nothing but ruled lines (and a "Notes"
  label);
* ``missing-title``: a box whose title bar is empty, or a box title in the
  LaTeX source that the PDF does not show;
* ``empty-section``: a heading with nothing under it before the next heading
  of the same or a higher level;
* ``numbered-back-matter``: the glossary, sources or index numbered as if they
  were chapters;
* ``overfull-line``: a line wider than the text by more than 5 pt (from the
  TeX log), with the handbook page it is on;
* ``cut-text``: text past a page's edge, text printed over other text (a box
  run into the page number), or a line of text, or a drawn line (ruled note
  space, a box's frame), in the page's foot where no running foot of the
  document ever is;
* ``label-at-foot``: a label or heading (a short bold line: "DO", "IF RUNNING
  LATE", a talk track's reply) as the last line of a page, its text overleaf;
* ``leftover-fragment``: a page that opens with a pulled box's source line
  ("From <chapter>"), cut off from the box it closes on the page before.

``make check`` runs it on every PDF it builds; each rule is proved to fail on a
seeded file in ``tests/test_printcheck.py``.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

BACK_MATTER = ("Glossary", "Sources", "Index", "Bibliography")
OVERFULL_LIMIT = 5.0
HEADER_MARGIN = 62  # points from the top or bottom edge that hold running heads and page numbers


@dataclass(frozen=True)
class Finding:
    file: str
    page: int | None
    rule: str
    text: str

    def __str__(self) -> str:
        where = f"{self.file}: page {self.page}" if self.page else self.file
        return f"{where}: {self.rule}: {self.text}"


@dataclass
class Line:
    top: float
    size: float
    bold: bool
    text: str
    x0: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0


@dataclass
class Page:
    number: int
    height: float
    lines: list[Line]
    rules: int  # horizontal drawn lines (ruled note space)
    width: float = 595.0
    drawn: tuple[float, ...] = ()  # the heights (top) of the page's wide horizontal drawn lines


# -- reading ---------------------------------------------------------------------------


def read_pages(pdf: Path) -> list[Page]:
    import pdfplumber

    pages = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            lines = []
            for line in page.extract_text_lines(return_chars=True, x_tolerance=1.5):
                chars = [c for c in line["chars"] if c["text"].strip()]
                if not chars:
                    continue
                sizes = Counter(round(c["size"], 1) for c in chars)
                fonts = Counter(c["fontname"] for c in chars)
                font = fonts.most_common(1)[0][0]
                lines.append(Line(top=line["top"], size=sizes.most_common(1)[0][0],
                                  bold="Bold" in font or "bold" in font, text=line["text"], x0=line["x0"],
                                  x1=line["x1"], bottom=line["bottom"]))
            horizontal = [e for e in [*page.lines, *page.rects]
                          if abs(e["top"] - e["bottom"]) < 2 and e["x1"] - e["x0"] > page.width * 0.3]
            pages.append(Page(number=number, height=page.height, lines=lines, rules=len(horizontal),
                              width=page.width, drawn=tuple(sorted(e["top"] for e in horizontal))))
    return pages


def _body(page: Page) -> list[Line]:
    """The page's lines without its running head and page number."""
    return [line for line in page.lines if HEADER_MARGIN < line.top < page.height - HEADER_MARGIN]


def _body_size(pages: list[Page]) -> float:
    sizes = Counter(line.size for page in pages for line in _body(page))
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _is_heading(line: Line, body_size: float) -> bool:
    return line.bold and line.size > body_size * 1.15 and len(line.text) < 120


# -- rules on the pages ----------------------------------------------------------------


def page_findings(name: str, pages: list[Page]) -> list[Finding]:
    found: list[Finding] = []
    body_size = _body_size(pages)
    for page in pages:
        body = _body(page)
        words = sum(len(line.text.split()) for line in body)
        # A part or chapter opening page: a short chapter is a page of its own.
        is_title_page = any(line.size >= body_size * 1.5 for line in body) or bool(
            body and body[0].top < page.height * 0.2 and (body[0].text.strip().upper() == "CHAPTER"
                                                          or _is_heading(body[0], body_size)))
        for index, line in enumerate(body):
            if not _is_heading(line, body_size):
                continue
            after = [other for other in body[index + 1:] if not _is_heading(other, body_size)]
            if line.top > page.height * 0.6 and len(after) < 3 and index + 1 + len(after) == len(body):
                found.append(Finding(name, page.number, "stranded-heading",
                                     f"'{line.text.strip()}' has {len(after)} line(s) under it before the page ends"))
        text_lines = [line for line in body if line.text.strip().lower() not in ("notes", "")]
        if page.rules >= 5 and len(text_lines) <= 1:
            found.append(Finding(name, page.number, "lines-only-page",
                                 f"a page of {page.rules} ruled lines and no text"))
        elif page.number > 1 and page.number != len(pages) and not is_title_page and 0 < words < 25 \
                and page.rules < 5:
            sample = " ".join(line.text.strip() for line in body)[:80]
            found.append(Finding(name, page.number, "near-empty-page", f"{words} word(s): '{sample}'"))
        elif page.number > 1 and words == 0 and page.rules == 0 and page.number != len(pages):
            found.append(Finding(name, page.number, "near-empty-page", "a blank page"))
    return found


def _is_label(line: Line, body_size: float) -> bool:
    """A script's or a definition list's term, a rubric or a heading: a short bold line that ends no
    sentence."""
    text = line.text.strip()
    return line.bold and 0 < len(text) <= 60 and not text.endswith((".", ",", ";")) \
        and line.size >= body_size * 0.9


def cut_findings(name: str, pages: list[Page]) -> list[Finding]:
    """Text cut at a page's edge or printed over other text, and labels left alone at a page's foot."""
    found: list[Finding] = []
    body_size = _body_size(pages)
    # The running foot (page numbers, a section's name) repeats from page to page, in its words or at its
    # height; text that a box or a paragraph pushed into the foot does neither.
    def foot(page: Page) -> list[Line]:
        return [line for line in page.lines if line.top > page.height - HEADER_MARGIN]

    def bare(line: Line) -> str:
        return re.sub(r"[\divxlc]+$|^[\divxlc]+", "", line.text.strip().lower()).strip()

    repeated = Counter(bare(line) for page in pages for line in foot(page))
    heights = Counter(round(line.top) for page in pages for line in foot(page))
    running = [top for top, count in heights.items() if count >= max(2, len(pages) // 4)]
    # A rule under the running head or over the running foot repeats at its height too.
    drawn_heights = Counter(round(top) for page in pages for top in page.drawn if top > page.height - HEADER_MARGIN)
    drawn_running = [top for top, count in drawn_heights.items() if count >= max(2, len(pages) // 4)]
    for page in pages:
        for line in page.lines:
            text = line.text.strip()[:60]
            if line.x1 > page.width + 0.5 or line.x0 < -0.5 or line.bottom > page.height + 0.5 or line.top < -0.5:
                found.append(Finding(name, page.number, "cut-text", f"'{text}' runs past the edge of the page"))
            elif line.top > page.height - HEADER_MARGIN and bare(line) and repeated[bare(line)] < 2 \
                    and not any(abs(line.top - top) <= 2 for top in running):
                found.append(Finding(name, page.number, "cut-text",
                                     f"'{text}' is in the foot of the page, where the page number goes: the text "
                                     f"above runs too long for the page"))
        drawn_in_foot = [top for top in page.drawn if page.height - HEADER_MARGIN < top <= page.height
                         and not any(abs(top - running_top) <= 2 for running_top in drawn_running)]
        if drawn_in_foot:
            found.append(Finding(name, page.number, "cut-text",
                                 f"{len(drawn_in_foot)} drawn line(s) in the foot of the page, where the page number "
                                 f"goes ({page.height - drawn_in_foot[0]:.0f} pt from the bottom edge): ruled "
                                 f"lines or a box run past the text area"))
        body = _body(page)
        if page.number < len(pages) and body and _is_label(body[-1], body_size) \
                and (len(body) == 1 or not body[-2].bold):
            found.append(Finding(name, page.number, "label-at-foot",
                                 f"'{body[-1].text.strip()}' ends the page; its text is on page {page.number + 1}"))
    return found


#: A pulled block's last line, naming the chapter it comes from (``sessions.PullBlocks``).
_SOURCE_LINE = re.compile(r"^From \S.{0,100}$")


def fragment_findings(name: str, pages: list[Page]) -> list[Finding]:
    """A page whose first line is a box's closing source line ("From <chapter>"): the line belongs to
    the box on the page before, and alone on top of a page it reads as a stray fragment."""
    found: list[Finding] = []
    for page in pages[1:]:
        body = _body(page)
        if not body:
            continue
        text = body[0].text.strip()
        short = body[0].x1 - body[0].x0 < page.width * 0.55 and len(text.split()) <= 12
        if _SOURCE_LINE.match(text) and short and not text.endswith((".", ":", ";", ",")):
            found.append(Finding(name, page.number, "leftover-fragment",
                                 f"the page opens with '{text[:60]}', the source line of the box on page "
                                 f"{page.number - 1}: keep it with its box"))
    return found


# -- rules on the LaTeX source and log ---------------------------------------------------

_ADMONITION = re.compile(r"\\begin\{sphinxadmonition\}\{[\w-]+\}\{(?P<title>(?:[^{}]|\{[^{}]*\})*)\}")
_SECTION = re.compile(r"\\(?P<kind>part|chapter|section|subsection|subsubsection)(?P<star>\*?)\{")
_LEVEL = {"part": 0, "chapter": 1, "section": 2, "subsection": 3, "subsubsection": 4}
_NOISE = re.compile(r"\\label\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|\\index\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|"
                    r"\\phantomsection|\\sphinxstepscope|\\bigskip|\\hrule|%[^\n]*|\\par\b|\\null|\\hypertarget\{[^}]*\}\{\}")
_OVERFULL = re.compile(r"Overfull \\hbox \((?P<pt>[\d.]+)pt too wide\) .*?lines? (?P<line>\d+)")


def _braced(text: str, start: int) -> tuple[str, int]:
    """The text of the braced group opening at ``start`` (just after ``{``), and the end."""
    depth, index = 1, start
    while index < len(text) and depth:
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        index += 1
    return text[start:index - 1], index


def _plain(tex: str) -> str:
    """TeX markup reduced to the letters a reader sees (for comparing with PDF text)."""
    tex = re.sub(r"\\[a-zA-Z@]+\*?", "", tex)
    return re.sub(r"[^0-9A-Za-z]", "", tex).lower()


def tex_findings(name: str, tex: str, pdf_text: str | None = None) -> list[Finding]:
    found: list[Finding] = []
    seen = re.sub(r"[^0-9A-Za-z]", "", pdf_text or "").lower()
    for match in _ADMONITION.finditer(tex):
        title = match["title"].strip()
        if not _plain(title):
            line = tex.count("\n", 0, match.start()) + 1
            found.append(Finding(name, None, "missing-title", f"a box with an empty title bar (LaTeX line {line})"))
        elif pdf_text is not None and _plain(title) not in seen:
            found.append(Finding(name, None, "missing-title", f"the box title '{title[:60]}' is not in the PDF"))
    sections = []
    for match in _SECTION.finditer(tex):
        title, end = _braced(tex, match.end())
        sections.append((match, title, end))
    for index, (match, title, end) in enumerate(sections):
        level = _LEVEL[match["kind"]]
        plain_title = re.sub(r"\\[a-zA-Z]+\{|\}", "", title).strip()
        unnumbered = re.search(r"\\setcounter\{secnumdepth\}\{-[12]\}[^\n]*\n?\s*(?:\\[a-zA-Z]+\{[^}]*\}\s*)*$",
                               tex[max(0, match.start() - 400):match.start()])
        if not match["star"] and not unnumbered and level <= 1 and \
                any(plain_title.lower() == b.lower() for b in BACK_MATTER):
            found.append(Finding(name, None, "numbered-back-matter", f"'{plain_title}' is numbered like a chapter"))
        following = sections[index + 1] if index + 1 < len(sections) else None
        stop = following[0].start() if following else len(tex)
        between = _NOISE.sub("", tex[end:stop]).strip()
        between = re.sub(r"\\(end\{document\}|printindex|renewcommand\{\\indexname\}\{[^}]*\}|"
                         r"sphinxtableofcontents|backmatter|appendix)", "", between).strip()
        if not between and (following is None or _LEVEL[following[0]["kind"]] <= level) and level > 0:
            found.append(Finding(name, None, "empty-section", f"'{plain_title}' has nothing under it"))
    return found


def log_findings(name: str, log: str, tex: Path | None = None) -> list[Finding]:
    found = []
    for match in _OVERFULL.finditer(log):
        points = float(match["pt"])
        if points > OVERFULL_LIMIT:
            where = ""
            if tex is not None and tex.is_file():
                from handbook.publish.build import _docname_at

                doc = _docname_at(tex, int(match["line"]))
                where = f" on page {doc}" if doc else ""
            found.append(Finding(name, None, "overfull-line",
                                 f"a line {points:.1f} pt too wide{where} (LaTeX line {match['line']})"))
    return found


def check_pdf(pdf: Path) -> list[Finding]:
    """Every finding for one PDF, with its .tex and .log when they are beside it or in ../latex*."""
    pages = read_pages(pdf)
    found = page_findings(pdf.name, pages) + cut_findings(pdf.name, pages) + fragment_findings(pdf.name, pages)
    tex = _companion(pdf, ".tex")
    if tex is not None:
        text = "\n".join(line.text for page in pages for line in page.lines)
        found += tex_findings(pdf.name, tex.read_text(encoding="utf-8", errors="replace"), text)
        log = tex.with_suffix(".log")
        if log.is_file():
            found += log_findings(pdf.name, log.read_text(encoding="utf-8", errors="replace"), tex)
    return found


def _companion(pdf: Path, suffix: str) -> Path | None:
    """The LaTeX file a PDF was made from: beside it, or in a latex folder next to its folder."""
    stems = [pdf.stem, f"handout-{pdf.parent.name}" if pdf.stem == "handout" else None,
             f"{pdf.stem}-{pdf.parent.name}"]
    folders = [pdf.parent, *sorted(pdf.parent.parent.glob("latex*")), *sorted(pdf.parent.parent.glob("*-latex")),
               *sorted(pdf.parent.parent.parent.glob("*latex*"))]
    for folder in folders:
        for stem in filter(None, stems):
            candidate = folder / f"{stem}{suffix}"
            if candidate.is_file():
                return candidate
    return None


def run_check_print(files: list[Path]) -> int:
    try:
        import pdfplumber  # noqa: F401
    except ImportError:  # pragma: no cover - requirements.txt pins it
        print("error: pdfplumber is not installed; run make venv", file=sys.stderr)
        return 2
    total = 0
    for pdf in files:
        if not pdf.is_file():
            print(f"error: {pdf} does not exist; build it first (make pdf, make handouts or make kit)",
                  file=sys.stderr)
            return 2
        findings = check_pdf(pdf)
        for finding in findings:
            print(f"{pdf.parent / finding.file}{str(finding)[len(finding.file):]}", file=sys.stderr)
        total += len(findings)
        print(f"{pdf}: {'no findings' if not findings else f'{len(findings)} finding(s)'}")
    return 1 if total else 0
