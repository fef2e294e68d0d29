"""check-print's rules (``handbook/checks/layout.py``) on small PDFs written here, byte by byte, with each
line's position, size and weight set exactly: what a maintainer reads in ``make check``'s output (the
file, the page, the rule and its text), in milliseconds, with no TeX run. ``tests/test_printcheck.py``
proves the same rules on PDFs that xelatex makes; this file is the one mutation testing runs (every
mutant of the print check runs it in about a second), so it also pins each rule's limits from both sides.
"""

from __future__ import annotations

import signal
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from handbook.checks.layout import Line, Page, check_pdf, cut_findings, fragment_findings, log_findings, \
    page_findings, run_check_print, tex_findings

W, H = 595, 842  # A4 in points


@pytest.fixture(autouse=True)
def finishes():
    """check-print ends: a test that runs 15 s (each takes well under one) fails, as a slip that loops for ever
    in a LaTeX file would hang make check."""
    def stop(_signum, _frame):
        raise TimeoutError("check-print did not finish in 15 s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(15)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)
BODY = "Body text of the page goes on across the line"  # 10 words


@dataclass
class Sheet:
    """One page: text lines as (top, text, size, bold, x), drawn lines as (x0, x1, top), filled boxes as
    (x0, x1, top, height)."""
    texts: list = field(default_factory=list)
    rules: list = field(default_factory=list)
    boxes: list = field(default_factory=list)
    width: float = W
    height: float = H

    def text(self, top, text, size=10, bold=False, x=72):
        self.texts.append((top, text, size, bold, x))
        return self


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def write_pdf(path: Path, sheets: list[Sheet], bold_font: str = "Helvetica-Bold") -> Path:
    """A PDF whose text is in Helvetica (bold: Helvetica-Bold, or a font of another name), placed so that
    pdfplumber reads each line's top exactly as given."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    regular = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    if bold_font == "Helvetica-Bold":
        bold = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>")
    else:  # not one of the 14 standard fonts: its widths and descriptor are in the file
        descriptor = add(f"<< /Type /FontDescriptor /FontName /{bold_font} /Flags 32 /FontBBox [0 -207 1000 800] "
                         "/ItalicAngle 0 /Ascent 800 /Descent -207 /CapHeight 700 /StemV 80 >>".encode())
        bold = add(f"<< /Type /Font /Subtype /Type1 /BaseFont /{bold_font} /FirstChar 32 /LastChar 126 "
                   f"/Widths [{' '.join(['600'] * 95)}] /FontDescriptor {descriptor} 0 R >>".encode())
    parent = len(objects) + 2 * len(sheets) + 1
    kids = []
    for sheet in sheets:
        ops = []
        for top, text, size, is_bold, x in sheet.texts:
            baseline = sheet.height - top - size + 0.207 * size  # Helvetica's descent is 207/1000 of the size
            ops.append(f"BT /{'F2' if is_bold else 'F1'} {size} Tf {x} {baseline:.4f} Td ({_pdf_string(text)}) Tj ET")
        for x0, x1, top in sheet.rules:
            ops.append(f"0.4 w {x0} {sheet.height - top} m {x1} {sheet.height - top} l S")
        for x0, x1, top, height in sheet.boxes:
            ops.append(f"{x0} {sheet.height - top - height} {x1 - x0} {height} re f")
        data = "\n".join(ops).encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        kids.append(add(f"<< /Type /Page /Parent {parent} 0 R /MediaBox [0 0 {sheet.width} {sheet.height}] "
                        f"/Contents {content} 0 R /Resources << /Font << /F1 {regular} 0 R /F2 {bold} 0 R >> >> >>"
                        .encode()))
    add(f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode())
    catalog = add(f"<< /Type /Catalog /Pages {parent} 0 R >>".encode())
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(out))
    return path


def full(top=80, bottom=700, step=120) -> Sheet:
    """A page of body text from ``top`` down to ``bottom``."""
    sheet = Sheet()
    for y in range(top, bottom + 1, step):
        sheet.text(y, BODY)
    return sheet


def shown(tmp_path: Path, sheets: list[Sheet], name: str = "book") -> list[str]:
    return [str(f) for f in check_pdf(write_pdf(tmp_path / f"{name}.pdf", sheets))]


# -- reading the PDF ---------------------------------------------------------------------


def test_the_pdf_is_read_as_a_reader_sees_it(tmp_path):
    """Lines, their size and weight, running heads left out of the body, ruled lines counted: a page
    with a heading near its foot and one line under it is a stranded heading; the same page read with a
    heading that is not bold, or in the running foot, is not."""
    page = full(80, 560).text(600, "Stranded heading", size=14, bold=True).text(620, BODY)
    assert shown(tmp_path, [page, full()]) == [
        "book.pdf: page 1: stranded-heading: 'Stranded heading' has 1 line(s) under it before the page ends"]
    plain = full(80, 560).text(600, "Not a heading", size=14).text(620, BODY)
    assert shown(tmp_path, [plain, full()]) == []
    # A heading's size is its most common letter size; blank lines (spaces only) are no lines.
    page = full(80, 560).text(600, "Big", size=14, bold=True).text(600, "  ", size=14, x=300).text(620, BODY)
    assert shown(tmp_path, [page, full()]) == [
        "book.pdf: page 1: stranded-heading: 'Big' has 1 line(s) under it before the page ends"]


def test_words_joined_by_a_small_gap_are_one_line_of_text(tmp_path):
    """Letters less than 1.5 pt apart are one word, as pdfplumber reads them with x_tolerance 1.5; a gap of
    2 pt reads as a space. "From" in 10 pt Helvetica is 23.33 pt wide."""
    def opening(gap):
        return full(90, 700).text(70, "From").text(70, "Parting", x=72 + 23.33 + gap)

    assert shown(tmp_path, [full(), opening(2), full()]) == [
        "book.pdf: page 2: leftover-fragment: the page opens with 'From Parting', the source line of the box on "
        "page 1: keep it with its box"]
    assert shown(tmp_path, [full(), opening(1), full()]) == []


@pytest.mark.parametrize("bold_font", ["Helvetica-Bold", "Arial-boldMT", "ABCDEF+NotoSans-Bold"])
def test_a_bold_font_is_told_by_its_name(tmp_path, bold_font):
    page = full(80, 560).text(600, "Stranded heading", size=14, bold=True).text(620, BODY)
    path = write_pdf(tmp_path / "book.pdf", [page, full()], bold_font=bold_font)
    assert [f.rule for f in check_pdf(path)] == ["stranded-heading"]


@pytest.mark.parametrize("rule, counted", [
    ((72, 251, 300), True),             # wider than 30% of the page (178.5 pt)
    ((72, 250.5, 300), False),          # exactly 30%
    ((72, 250, 300), False),            # narrower
    ("box 1.9", True),                  # a filled box under 2 pt high is a line
    ("box 2", False),                   # a box 2 pt high is not
])
def test_ruled_lines_are_wide_horizontal_lines(tmp_path, rule, counted):
    sheets = [full(), Sheet().text(100, "Notes"), full()]
    for n in range(5):
        if isinstance(rule, tuple):
            sheets[1].rules.append((rule[0], rule[1], rule[2] + 30 * n))
        else:
            sheets[1].boxes.append((72, 400, 300 + 30 * n, float(rule.split()[1])))
    expected = "book.pdf: page 2: lines-only-page: a page of 5 ruled lines and no text" if counted else \
        "book.pdf: page 2: near-empty-page: 1 word(s): 'Notes'"
    assert shown(tmp_path, sheets) == [expected]


# -- the page rules ----------------------------------------------------------------------


def line(top, text=BODY, size=10.0, bold=False, x0=72.0, x1=None, bottom=None) -> Line:
    return Line(top=top, size=size, bold=bold, text=text, x0=x0, x1=x1 if x1 is not None else min(x0 + 5 * len(text), 520),
                bottom=bottom if bottom is not None else top + size)


def body_page(number, *extra, top=80, bottom=700, rules=0, drawn=(), height=H, width=W) -> Page:
    lines = [line(y) for y in range(top, bottom + 1, 20)] + list(extra)
    return Page(number=number, height=height, lines=sorted(lines, key=lambda l: l.top), rules=rules, width=width,
                drawn=tuple(drawn))


def findings(pages: list[Page]) -> list[str]:
    return [str(f) for f in page_findings("book.pdf", pages) + cut_findings("book.pdf", pages)
            + fragment_findings("book.pdf", pages)]


HEADING = dict(size=14.0, bold=True)


@pytest.mark.parametrize("lines, expected", [
    # a heading in the lower 40% of the page with fewer than 3 lines under it
    ([line(600, "Stranded", **HEADING), line(620), line(640)], ["'Stranded' has 2 line(s) under it"]),
    ([line(600, "Enough", **HEADING), line(620), line(640), line(660)], []),
    ([line(505.2, "On the limit", **HEADING), line(620)], []),
    ([line(505.3, "Below the limit", **HEADING), line(620)], ["'Below the limit' has 1 line(s) under it"]),
    # a heading followed by another heading: only the last one counts
    ([line(600, "First", **HEADING), line(620), line(640, "Second", **HEADING), line(660)],
     ["'Second' has 1 line(s) under it"]),
    # the size limit: more than 1.15 times the body size (11.5 pt)
    ([line(600, "Small bold", size=11.5, bold=True), line(620)], []),
    ([line(600, "Bigger bold", size=11.6, bold=True), line(620)], ["'Bigger bold' has 1 line(s) under it"]),
    # a bold line of 120 characters or more is no heading
    ([line(600, "x" * 119, **HEADING), line(620)], [f"'{'x' * 119}' has 1 line(s) under it"]),
    ([line(600, "x" * 120, **HEADING), line(620)], []),
])
def test_a_heading_at_a_pages_foot_is_stranded(lines, expected):
    pages = [body_page(1, *lines, bottom=480), body_page(2)]
    found = [f.split("stranded-heading: ")[1] for f in findings(pages) if "stranded-heading" in f]
    assert found == [e + " before the page ends" for e in expected]
    assert all(f.startswith("book.pdf: page 1: ") for f in findings(pages))


def few(number, words, **kw) -> Page:
    text = " ".join(["word"] * words)
    return Page(number=number, height=H, lines=[line(300, text)] if words else [], rules=0, width=W, **kw)


@pytest.mark.parametrize("middle, expected", [
    (few(2, 24), ["book.pdf: page 2: near-empty-page: 24 word(s): '" + " ".join(["word"] * 24)[:80] + "'"]),
    (few(2, 25), []),
    (few(2, 1), ["book.pdf: page 2: near-empty-page: 1 word(s): 'word'"]),
    (few(2, 0), ["book.pdf: page 2: near-empty-page: a blank page"]),
    # a running head or page number alone is a blank page
    (Page(2, H, [line(40, "Running head"), line(800, "2")], 0, W), ["book.pdf: page 2: near-empty-page: a blank page"]),
    # part and chapter title pages: a line 1.5 times the body size, or a heading or CHAPTER high on the page
    (Page(2, H, [line(300, "Part one", size=15.0)], 0, W), []),
    (Page(2, H, [line(300, "Part one", size=14.9)], 0, W), ["book.pdf: page 2: near-empty-page: 2 word(s): 'Part one'"]),
    (Page(2, H, [line(100, "Chapter"), line(130, "Parting ways", size=10)], 0, W), []),
    (Page(2, H, [line(100, "Parting ways", **HEADING), line(130, "Text")], 0, W), []),
    (Page(2, H, [line(168.3, "Parting ways", **HEADING), line(200, "Text")], 0, W), []),
    (Page(2, H, [line(168.4, "Parting ways", **HEADING), line(200, "Text")], 0, W),
     ["book.pdf: page 2: near-empty-page: 3 word(s): 'Parting ways Text'"]),
    (Page(2, H, [line(100, "Parting ways", size=10), line(130, "Text")], 0, W),
     ["book.pdf: page 2: near-empty-page: 3 word(s): 'Parting ways Text'"]),
    # ruled note space: five lines or more and no text but "Notes" is a lines-only page
    (Page(2, H, [line(100, "Notes")], 5, W), ["book.pdf: page 2: lines-only-page: a page of 5 ruled lines and no text"]),
    (Page(2, H, [line(100, "NOTES"), line(120, " ")], 7, W),
     ["book.pdf: page 2: lines-only-page: a page of 7 ruled lines and no text"]),
    (Page(2, H, [line(100, "Your answer")], 5, W),
     ["book.pdf: page 2: lines-only-page: a page of 5 ruled lines and no text"]),
    (Page(2, H, [line(100, "Notes"), line(120, "Your answer"), line(140, "Their answer")], 5, W), []),
    (Page(2, H, [line(100, "Notes"), line(120, "Your answer")], 5, W),
     ["book.pdf: page 2: lines-only-page: a page of 5 ruled lines and no text"]),
    (Page(2, H, [line(100, "Notes")], 4, W), ["book.pdf: page 2: near-empty-page: 1 word(s): 'Notes'"]),
    (Page(2, H, [], 1, W), []),
    (Page(2, H, [], 5, W), ["book.pdf: page 2: lines-only-page: a page of 5 ruled lines and no text"]),
])
def test_near_empty_and_lines_only_pages(middle, expected):
    pages = [body_page(1), middle, body_page(3)]
    assert [f for f in findings(pages) if "page 2" in f] == expected


def test_the_cover_and_the_last_page_may_be_short():
    pages = [few(1, 3), body_page(2), few(3, 3)]
    assert findings(pages) == []
    pages = [few(1, 0), body_page(2), few(3, 0)]
    assert findings(pages) == []


def test_the_body_size_is_the_commonest_size_on_the_body_of_the_pages():
    # Most lines are 9 pt here, so an 11 pt bold line is a heading (more than 10.35 pt)...
    small = [Page(n, H, [line(y, size=9.0) for y in range(80, 701, 20)] + [line(20, "Head", size=30.0)] * 40, 0, W)
             for n in (1, 2)]
    small[0].lines += [line(720, "Late heading", size=11.0, bold=True), line(740, size=9.0)]
    assert [f for f in findings(small) if "stranded" in f] == [
        "book.pdf: page 1: stranded-heading: 'Late heading' has 1 line(s) under it before the page ends"]
    # ...and a 10 pt body makes the same line no heading.
    small[0].lines = [line(y, size=10.0) for y in range(80, 701, 20)] + small[0].lines[-2:]
    small[1].lines = [line(y, size=10.0) for y in range(80, 701, 20)]
    assert [f for f in findings(small) if "stranded" in f] == []


@pytest.mark.parametrize("top, in_body", [(62, False), (62.1, True), (779.9, True), (780, False)])
def test_the_running_head_and_foot_are_not_body_text(top, in_body):
    """Body text lies between 62 pt from the top and 62 pt from the bottom edge."""
    pages = [body_page(1), Page(2, H, [line(top, "Alone here")], 0, W), body_page(3)]
    near_empty = [f for f in page_findings("book.pdf", pages)]
    expected = "2 word(s): 'Alone here'" if in_body else "a blank page"
    assert [f.text for f in near_empty] == [expected]


# -- text cut at the edge or pushed into the foot ----------------------------------------


@pytest.mark.parametrize("where, cut", [
    (dict(x0=72, x1=595.5), False), (dict(x0=72, x1=595.6), True),
    (dict(x0=-0.5, x1=200), False), (dict(x0=-0.6, x1=200), True),
    (dict(top=400, bottom=842.5), False), (dict(top=400, bottom=842.6), True),
    (dict(top=-0.5, bottom=10), False), (dict(top=-0.6, bottom=10), True),
])
def test_text_past_a_pages_edge_is_cut(where, cut):
    where = dict(where)
    top = where.pop("top", 400)
    stray = line(top, "Words at the edge", **where)
    pages = [body_page(1), body_page(2, stray), body_page(3)]
    expected = ["book.pdf: page 2: cut-text: 'Words at the edge' runs past the edge of the page"] if cut else []
    assert [f for f in findings(pages) if "cut-text" in f] == expected


def numbered(count, *, foot=800, extra=None) -> list[Page]:
    pages = [body_page(n, line(foot, str(n))) for n in range(1, count + 1)]
    for number, stray in (extra or {}).items():
        pages[number - 1].lines.append(stray)
    return pages


FOOT = ("is in the foot of the page, where the page number goes: the text above runs too long for the page")


def test_text_in_the_foot_where_the_page_number_goes_is_cut():
    pages = numbered(4, extra={2: line(790, "a box pushed down")})
    assert [f for f in findings(pages) if "cut-text" in f] == [f"book.pdf: page 2: cut-text: 'a box pushed down' {FOOT}"]
    # The line must lie below 780 pt (62 pt from the bottom edge) to be in the foot.
    assert [f for f in findings(numbered(4, extra={2: line(780, "a box pushed down")})) if "cut-text" in f] == []
    # The running foot's words repeat from page to page ("Page 3", "Parting ways 3" and "Parting ways iv" all
    # read "page", "parting ways"), and a lone word at the running foot's height is a page's own foot.
    running = [body_page(n, line(800, f"Parting ways {n}"), line(815, "A once-only foot note" if n == 3 else f"xi {n}"))
               for n in range(1, 5)]
    running[1].lines.append(line(790, "Page " + "iv"))
    running[2].lines.append(line(790, "page 12"))
    assert [f for f in findings(running) if "cut-text" in f] == []
    # Two pages are not enough to make a height the running foot's on a four-page document... but with
    # eight pages, two are (a quarter of them).
    lone = [body_page(n, line(820, "only the first") if n == 1 else line(800, str(n))) for n in range(1, 5)]
    lone[2].lines.append(line(820, "only the third"))
    assert [f for f in findings(lone) if "cut-text" in f] == []
    lone = [body_page(n) for n in range(1, 13)]
    lone[0].lines.append(line(820, "first"))
    lone[2].lines.append(line(820, "third"))
    assert [f.split(": ")[1] for f in findings(lone) if "cut-text" in f] == ["page 1", "page 3"]
    lone[5].lines.append(line(820, "sixth"))  # three pages of twelve make the running foot's height
    assert [f.split(": ")[1] for f in findings(lone) if "cut-text" in f] == []
    lone[7].lines.append(line(822, "eighth"))  # within 2 pt of it
    assert [f.split(": ")[1] for f in findings(lone) if "cut-text" in f] == []
    lone[7].lines[-1] = line(822.1, "eighth")
    assert [f.split(": ")[1] for f in findings(lone) if "cut-text" in f] == ["page 8"]
    lone[7].lines[-1] = line(817.9, "eighth")
    assert [f.split(": ")[1] for f in findings(lone) if "cut-text" in f] == ["page 8"]


@pytest.mark.parametrize("count, pages_with_rule, expected", [
    # a rule drawn into the foot of one page of four
    (4, {2: 790}, [(2, "1 drawn line(s) in the foot of the page, where the page number goes (52 pt from the bottom "
                       "edge): ruled lines or a box run past the text area")]),
    (4, {2: 780}, []),            # 62 pt from the bottom edge is still the text area
    (4, {2: 842}, [(2, "1 drawn line(s) in the foot of the page, where the page number goes (0 pt from the bottom "
                       "edge): ruled lines or a box run past the text area")]),
    (4, {2: 843}, []),            # off the page
    # the running foot's rule on two pages of four (max(2, 4 // 4)) is no finding, nor 2 pt off its height
    (4, {1: 790, 2: 790}, []),
    (4, {1: 790, 2: 790, 3: 792}, []),
    (4, {1: 790, 2: 790, 3: 788}, []),
    (4, {1: 790, 2: 790, 3: 792.1}, [(3, "1 drawn")]),
    (4, {1: 790, 2: 790, 3: 787.9}, [(3, "1 drawn")]),
    # on twelve pages, a rule must be on three (12 // 4) to be the running foot's
    (12, {1: 790, 2: 790}, [(1, "1 drawn"), (2, "1 drawn")]),
    (12, {1: 790, 2: 790, 3: 790}, []),
])
def test_lines_drawn_into_the_foot_are_cut(count, pages_with_rule, expected):
    pages = [body_page(n, drawn=[200] + ([pages_with_rule[n]] if n in pages_with_rule else []))
             for n in range(1, count + 1)]
    found = [f for f in cut_findings("book.pdf", pages) if f.rule == "cut-text"]
    assert [(f.page, f.text[:len(text)]) for f, (_p, text) in zip(found, expected)] == expected
    assert all(str(f).startswith(f"book.pdf: page {f.page}: cut-text: ") for f in found)
    assert len(found) == len(expected)


def test_several_drawn_lines_in_one_foot_count_and_measure_from_the_first():
    pages = [body_page(n, drawn=[795, 810] if n == 2 else []) for n in range(1, 5)]
    assert [f.text for f in cut_findings("book.pdf", pages)] == [
        "2 drawn line(s) in the foot of the page, where the page number goes (47 pt from the bottom edge): ruled "
        "lines or a box run past the text area"]


# -- a label alone at a page's foot ------------------------------------------------------


LABEL = "'IF RUNNING LATE' ends the page; its text is on page 2"


@pytest.mark.parametrize("last, before, expected", [
    (line(710, "IF RUNNING LATE", bold=True), line(690), [LABEL]),
    (line(710, "IF RUNNING LATE", bold=True, size=9.0), line(690), [LABEL]),       # 0.9 of the body size
    (line(710, "IF RUNNING LATE", bold=True, size=8.9), line(690), []),
    (line(710, "IF RUNNING LATE"), line(690), []),                                  # not bold
    (line(710, "IF RUNNING LATE", bold=True), line(690, "DO", bold=True), []),      # a run of bold lines
    (line(710, "The end of a sentence.", bold=True), line(690), []),
    (line(710, "A list, ", bold=True), line(690), []),
    (line(710, "A list; ", bold=True), line(690), []),
    (line(710, "L" * 60, bold=True), line(690), [f"'{'L' * 60}' ends the page; its text is on page 2"]),
    (line(710, "L" * 61, bold=True), line(690), []),
])
def test_a_label_at_a_pages_foot(last, before, expected):
    pages = [body_page(1, before, last, bottom=680), body_page(2)]
    assert [f.text for f in cut_findings("book.pdf", pages) if f.rule == "label-at-foot"] == expected


def test_a_label_alone_on_a_page_and_on_the_last_page():
    pages = [body_page(1), Page(2, H, [line(400, "DO", bold=True)], 0, W), body_page(3)]
    assert [str(f) for f in cut_findings("book.pdf", pages)] == [
        "book.pdf: page 2: label-at-foot: 'DO' ends the page; its text is on page 3"]
    pages = [body_page(1), Page(2, H, [line(400, "DO", bold=True)], 0, W)]
    assert cut_findings("book.pdf", pages) == []
    assert cut_findings("book.pdf", [body_page(1), Page(2, H, [], 0, W), body_page(3)]) == []


# -- a box's source line alone on top of a page -----------------------------------------


@pytest.mark.parametrize("first, expected", [
    (line(80, "From Parting ways well", x1=200), True),
    (line(80, "From Parting ways well", x1=72 + 327.2), True),    # narrower than 55% of the page
    (line(80, "From Parting ways well", x1=72 + 327.25), False),
    (line(80, "From Parting ways well", x1=72 + 327.3), False),
    (line(80, "From " + " ".join(["w"] * 11), x1=200), True),      # 12 words
    (line(80, "From " + " ".join(["w"] * 12), x1=200), False),
    (line(80, "From Parting ways well.", x1=200), False),
    (line(80, "From Parting ways well:", x1=200), False),
    (line(80, "From Parting ways well;", x1=200), False),
    (line(80, "From Parting ways well,", x1=200), False),
    (line(80, "From " + "x" * 101, x1=200), True),
    (line(80, "From " + "x" * 102, x1=200), False),
    (line(80, "From  two spaces", x1=200), False),
    (line(80, "Fromage", x1=200), False),
    (line(80, "  From Parting ways  ", x1=200), True),
])
def test_a_boxs_source_line_on_top_of_the_next_page(first, expected):
    pages = [body_page(1), body_page(2, first, top=100), body_page(3)]
    text = first.text.strip()
    assert [str(f) for f in fragment_findings("book.pdf", pages)] == (
        [f"book.pdf: page 2: leftover-fragment: the page opens with '{text[:60]}', the source line of the box on "
         "page 1: keep it with its box"] if expected else [])


def test_the_first_page_and_a_page_with_no_body_have_no_fragment():
    pages = [Page(1, H, [line(80, "From the cover", x1=200)], 0, W), Page(2, H, [line(20, "head")], 0, W),
             body_page(3, line(70, "From Parting ways", x1=200), top=100)]
    assert [(f.page, f.rule) for f in fragment_findings("book.pdf", pages)] == [(3, "leftover-fragment")]


# -- the LaTeX source and the log --------------------------------------------------------


def box(title: str) -> str:
    return "\\begin{sphinxadmonition}{note}{" + title + "}\ntext\\end{sphinxadmonition}\n"


@pytest.mark.parametrize("tex, pdf_text, expected", [
    (box(""), None, ["missing-title: a box with an empty title bar (LaTeX line 1)"]),
    ("\n\n" + box("  \\sphinxstyleemphasis{} "), None, ["missing-title: a box with an empty title bar (LaTeX line 3)"]),
    (box("\\sphinxstylestrong{Exit plan}"), None, []),
    (box("Exit plan"), "Kickoff text", ["missing-title: the box title 'Exit plan' is not in the PDF"]),
    (box("Exit plan"), "EXIT-PLAN text", []),
    (box("Step {2}: exit_plan"), "step 2: exit plan", []),
    (box("\\textbf{Exit} plan"), "Exitplan", []),
    (box("A" * 70), "none", ["missing-title: the box title '" + "A" * 60 + "' is not in the PDF"]),
    (box("Exit plan"), "", ["missing-title: the box title 'Exit plan' is not in the PDF"]),
    (box("Xxxx"), "", ["missing-title: the box title 'Xxxx' is not in the PDF"]),
    ("\\begin{sphinxadmonition}{trainer-note}{Timing}\nx\\end{sphinxadmonition}", "timing", []),
])
def test_box_titles(tex, pdf_text, expected):  # noqa: D103
    assert [f"{f.rule}: {f.text}" for f in tex_findings("book.pdf", tex, pdf_text)] == expected
    assert all(str(f).startswith("book.pdf: missing-title: ") for f in tex_findings("book.pdf", tex, pdf_text))


@pytest.mark.parametrize("tex, expected", [
    ("\\chapter{Glossary}\nTerms.\n", ["numbered-back-matter: 'Glossary' is numbered like a chapter"]),
    ("\\part{Sources}\nList.\n", ["numbered-back-matter: 'Sources' is numbered like a chapter"]),
    ("\\chapter{\\textbf{Index}}\nx\n", ["numbered-back-matter: 'Index' is numbered like a chapter"]),
    ("\\chapter{bibliography}\nx\n", ["numbered-back-matter: 'bibliography' is numbered like a chapter"]),
    ("\\chapter*{Glossary}\nTerms.\n", []),
    ("\\section{Glossary}\nTerms.\n", []),
    ("\\chapter{Glossary terms}\nTerms.\n", []),
    ("\\setcounter{secnumdepth}{-1}\n\\chapter{Glossary}\nTerms.\n", []),
    ("\\setcounter{secnumdepth}{-2}\\label{x}\n \\phantomsection{x}\n\\chapter{Glossary}\nTerms.\n", []),
    ("\\setcounter{secnumdepth}{-1}\nSome text.\n\\chapter{Glossary}\nTerms.\n",
     ["numbered-back-matter: 'Glossary' is numbered like a chapter"]),
    ("\\setcounter{secnumdepth}{-1}\n" + "x" * 400 + "\n\\chapter{Glossary}\nTerms.\n",
     ["numbered-back-matter: 'Glossary' is numbered like a chapter"]),
    ("\\setcounter{secnumdepth}{1}\n\\chapter{Glossary}\nTerms.\n",
     ["numbered-back-matter: 'Glossary' is numbered like a chapter"]),
])
def test_back_matter_numbered_like_a_chapter(tex, expected):
    assert [str(f).removeprefix("book.pdf: ") for f in tex_findings("book.pdf", tex)] == expected


@pytest.mark.parametrize("tex, expected", [
    ("\\chapter{A}\nText.\n\\section{Warning signs}\n\\section{Next}\nText.\n", ["'Warning signs'"]),
    ("\\chapter{A}\nText.\n\\section{Warning signs}\n\\subsection{Inner}\nText.\n", []),
    ("\\chapter{A}\nText.\n\\subsection{Deep}\n\\section{Next}\nText.\n", ["'Deep'"]),
    ("\\chapter{A}\nText.\n\\subsubsection{Deepest}\n\\subsection{Next}\nText.\n", ["'Deepest'"]),
    ("\\chapter{A}\nText.\n\\section{Last}\n\\end{document}\n", ["'Last'"]),
    ("\\chapter{A}\nText.\n\\section{Last}\n", ["'Last'"]),
    ("\\chapter{Empty}\n\\chapter{B}\nText.\n", ["'Empty'"]),
    ("\\chapter{Empty}\n\\part{B}\nText.\n", ["'Empty'"]),
    ("\\part{Empty part}\n\\chapter{B}\nText.\n", []),
    ("\\part{Empty part}\n\\part{B}\nText.\n", []),
    # the noise Sphinx writes between headings is nothing under a heading
    ("\\chapter{A}\nx\n\\section{Noise}\n\\label{\\detokenize{a:noise}}\\index{Noise@\\spxentry{Noise}}"
     "\\phantomsection\\sphinxstepscope\\bigskip\\hrule % a comment\n\\par\\null\\hypertarget{x}{}\n\\printindex"
     "\\renewcommand{\\indexname}{Index}\\sphinxtableofcontents\\backmatter\\appendix\n\\section{B}\nText.\n",
     ["'Noise'"]),
    ("\\chapter{A}\nx\n\\section{Full}\n\\label{a}Text under it.\n\\section{B}\nText.\n", []),
    ("\\chapter{A}\nx\n\\section{\\textbf{Nested \\emph{braces}}}\n\\section{B}\nText.\n", ["'Nested braces'"]),
    ("\\chapter{A}\nx\n\\section*{Starred}\n\\section{B}\nText.\n", ["'Starred'"]),
])
def test_a_heading_with_nothing_under_it(tex, expected):
    assert [str(f) for f in tex_findings("book.pdf", tex) if f.rule == "empty-section"] == \
        [f"book.pdf: empty-section: {e} has nothing under it" for e in expected]


def test_the_log_reports_lines_more_than_five_points_too_wide(tmp_path):
    log = ("Overfull \\hbox (5.0pt too wide) in paragraph at lines 10--12\n"
           "Overfull \\hbox (5.1pt too wide) in paragraph at lines 40--41\n"
           "Overfull \\hbox (12.25pt too wide) detected at line 7\n"
           "Overfull \\vbox (30.0pt too high) has occurred while \\output is active\n")
    assert [str(f) for f in log_findings("book.pdf", log)] == [
        "book.pdf: overfull-line: a line 5.1 pt too wide (LaTeX line 40)",
        "book.pdf: overfull-line: a line 12.2 pt too wide (LaTeX line 7)"]
    tex = tmp_path / "book.tex"
    tex.write_text("\\begin{document}\n\\label{\\detokenize{index::doc}}\nx\n"
                   "\\label{\\detokenize{chapters/parting::doc}}\n" + "x\n" * 40, encoding="utf-8")
    assert [f.text for f in log_findings("book.pdf", log, tex)] == [
        "a line 5.1 pt too wide on page chapters/parting (LaTeX line 40)",
        "a line 12.2 pt too wide on page chapters/parting (LaTeX line 7)"]
    before = tmp_path / "early.tex"
    before.write_text("x\n" * 50 + "\\label{\\detokenize{late::doc}}\n", encoding="utf-8")
    assert [f.text for f in log_findings("book.pdf", log, before)] == [
        "a line 5.1 pt too wide (LaTeX line 40)", "a line 12.2 pt too wide (LaTeX line 7)"]
    assert [f.text for f in log_findings("book.pdf", log, tmp_path / "gone.tex")] == [
        "a line 5.1 pt too wide (LaTeX line 40)", "a line 12.2 pt too wide (LaTeX line 7)"]


# -- the whole check: files beside the PDF and the command's output ----------------------


def test_check_pdf_reads_the_latex_source_and_log_beside_the_pdf(tmp_path):
    pdf = write_pdf(tmp_path / "pdf" / "book.pdf", [full().text(60, "Kickoff email"), full()])
    assert [str(f) for f in check_pdf(pdf)] == []
    (tmp_path / "pdf" / "book.tex").write_text("\\label{\\detokenize{chapters/kickoff::doc}}\n" + box("Kickoff email")
                                              + box("Exit plan"), encoding="utf-8")
    assert [str(f) for f in check_pdf(pdf)] == ["book.pdf: missing-title: the box title 'Exit plan' is not in the PDF"]
    (tmp_path / "pdf" / "book.log").write_text("Overfull \\hbox (9.0pt too wide) in paragraph at lines 2--2\n",
                                              encoding="utf-8")
    assert [str(f) for f in check_pdf(pdf)][1:] == [
        "book.pdf: overfull-line: a line 9.0 pt too wide on page chapters/kickoff (LaTeX line 2)"]


@pytest.mark.parametrize("pdf_at, tex_at", [
    ("pdf/book.pdf", "latex/book.tex"),
    ("pdf/book.pdf", "latex-trainer/book.tex"),
    ("pdf/book.pdf", "trainer-latex/book.tex"),
    ("out/pdf/book.pdf", "latexbuild/book.tex"),
    ("handouts/discovery/handout.pdf", "handouts/latex/handout-discovery.tex"),
    ("kit/discovery/guide.pdf", "kit/latex/guide-discovery.tex"),
    ("kit/discovery/guide.pdf", "kit/discovery/guide-discovery.tex"),
])
def test_the_latex_source_is_found_where_the_builds_leave_it(tmp_path, pdf_at, tex_at):
    pdf = write_pdf(tmp_path / pdf_at, [full(), full()])
    (tmp_path / tex_at).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / tex_at).write_text(box("Exit plan"), encoding="utf-8")
    (tmp_path / tex_at).with_suffix(".log").write_text("Overfull \\hbox (6.0pt too wide) at lines 1--1\n",
                                                       encoding="utf-8")
    name = Path(pdf_at).name
    assert [str(f) for f in check_pdf(pdf)] == [f"{name}: missing-title: the box title 'Exit plan' is not in the PDF",
                                               f"{name}: overfull-line: a line 6.0 pt too wide (LaTeX line 1)"]


def test_a_guides_latex_source_is_not_the_handouts_beside_it(tmp_path):
    pdf = write_pdf(tmp_path / "kit" / "discovery" / "guide.pdf", [full(), full()])
    (tmp_path / "kit" / "discovery" / "handout-discovery.tex").write_text(box(""), encoding="utf-8")
    (tmp_path / "kit" / "discovery" / "guide-discovery.tex").write_text(box("Exit plan"), encoding="utf-8")
    assert [str(f) for f in check_pdf(pdf)] == ["guide.pdf: missing-title: the box title 'Exit plan' is not in the PDF"]


def test_a_latex_file_of_another_name_or_a_folder_is_not_the_source(tmp_path):
    pdf = write_pdf(tmp_path / "pdf" / "book.pdf", [full(), full()])
    (tmp_path / "latex").mkdir()
    (tmp_path / "latex" / "other.tex").write_text(box(""), encoding="utf-8")
    (tmp_path / "pdf" / "book.tex").mkdir()
    (tmp_path / "notlatex").mkdir()
    (tmp_path / "notlatex" / "book.tex").write_text(box(""), encoding="utf-8")
    assert check_pdf(pdf) == []


def test_the_command_prints_each_finding_with_its_path_and_a_summary(tmp_path, capsys):
    bad = write_pdf(tmp_path / "pdf" / "guide.pdf", [full(80, 680).text(710, "DO", bold=True), full()])
    good = write_pdf(tmp_path / "good.pdf", [full(), full()])
    assert run_check_print([good]) == 0
    out = capsys.readouterr()
    assert (out.out, out.err) == (f"{good}: no findings\n", "")
    assert run_check_print([good, bad]) == 1
    out = capsys.readouterr()
    assert out.out == f"{good}: no findings\n{bad}: 1 finding(s)\n"
    assert out.err == f"{tmp_path / 'pdf' / 'guide.pdf'}: page 1: label-at-foot: 'DO' ends the page; its text is on page 2\n"
    (tmp_path / "pdf" / "guide.tex").write_text(box(""), encoding="utf-8")
    assert run_check_print([bad]) == 1
    assert capsys.readouterr().err.splitlines()[1] == \
        f"{tmp_path / 'pdf' / 'guide.pdf'}: missing-title: a box with an empty title bar (LaTeX line 1)"


def test_the_command_names_a_missing_pdf_and_how_to_make_it(tmp_path, capsys):
    good = write_pdf(tmp_path / "good.pdf", [full(), full()])
    assert run_check_print([good, tmp_path / "gone.pdf", good]) == 2
    out = capsys.readouterr()
    assert out.out == f"{good}: no findings\n"
    assert out.err == f"error: {tmp_path / 'gone.pdf'} does not exist; build it first (make pdf, make handouts or make kit)\n"
    (tmp_path / "folder.pdf").mkdir()
    assert run_check_print([tmp_path / "folder.pdf"]) == 2


# -- limits found by mutation testing -----------------------------------------------------


def test_a_pdf_with_no_body_text_is_checked_like_any_other(tmp_path):
    """Pages holding only running heads and page numbers: blank pages, no crash."""
    sheets = [Sheet().text(30, "Head").text(800, str(n)) for n in range(1, 4)]
    assert shown(tmp_path, sheets) == ["book.pdf: page 2: near-empty-page: a blank page"]


@pytest.mark.parametrize("size, heading", [(11.5, False), (11.54, False), (11.6, True)])
def test_letter_sizes_are_read_to_a_tenth_of_a_point(tmp_path, size, heading):
    """A heading is larger than 1.15 times the body's 10 pt, to a tenth of a point: 11.54 pt reads as 11.5."""
    page = full(80, 560).text(600, "Maybe a heading", size=size, bold=True).text(620, BODY)
    assert [f.split(": ")[2] for f in shown(tmp_path, [page, full()])] == (["stranded-heading"] if heading else [])


def test_positions_are_read_from_the_pdf(tmp_path):
    """Each line's left and right ends and its bottom, the page's width, and its drawn lines."""
    wide = Sheet(width=842, height=595)
    for y in range(80, 480, 100):
        wide.text(y, BODY, x=600)  # past the edge of an A4 portrait page, not of this landscape one
    assert shown(tmp_path, [wide, wide, wide]) == []
    # A source line 290 pt wide starting at 72 pt is short (under 55% of the page); one 400 pt wide is not.
    short = full(120, 700).text(80, "From " + "m" * 34)  # 'm' is 8.33 pt wide
    long = full(120, 700).text(80, "From " + "m" * 47)
    assert [f.split(": ")[2] for f in shown(tmp_path, [full(), short, full()])] == ["leftover-fragment"]
    assert shown(tmp_path, [full(), long, full()]) == []
    # Text past the right edge and past the bottom edge.
    edge = full(80, 680).text(400, "Off the right", x=560).text(838, "Off the bottom")
    assert [f.split(": ", 3)[3] for f in shown(tmp_path, [full(), edge, full()]) if "past the edge" in f] == [
        "'Off the right' runs past the edge of the page", "'Off the bottom' runs past the edge of the page"]
    # A ruled line drawn into the foot of one page.
    ruled = full()
    ruled.rules.append((72, 523, 790))
    assert [f.split(": ", 3)[:3] for f in shown(tmp_path, [full(), ruled, full(), full()])] == [
        ["book.pdf", "page 2", "cut-text"]]


def test_a_box_title_set_over_two_lines_of_the_pdf_is_found(tmp_path):
    pdf = write_pdf(tmp_path / "book.pdf", [full().text(60, "Kickoff").text(70, "email"), full()])
    (tmp_path / "book.tex").write_text(box("Kickoff email"), encoding="utf-8")
    assert check_pdf(pdf) == []


def test_latex_files_with_bytes_that_are_no_utf8_are_read(tmp_path):
    pdf = write_pdf(tmp_path / "book.pdf", [full(), full()])
    (tmp_path / "book.tex").write_bytes(b"\\label{\\detokenize{caf\xe9::doc}}\n" + box("Menu \xe9").encode("latin-1"))
    (tmp_path / "book.log").write_bytes(b"caf\xe9\nOverfull \\hbox (7.0pt too wide) in paragraph at lines 2--2\n")
    assert [str(f) for f in check_pdf(pdf)] == [
        "book.pdf: missing-title: the box title 'Menu \ufffd' is not in the PDF",
        "book.pdf: overfull-line: a line 7.0 pt too wide on page caf\ufffd (LaTeX line 2)"]


def test_the_command_without_pdfplumber_says_how_to_install_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "pdfplumber", None)
    assert run_check_print([tmp_path / "any.pdf"]) == 2
    assert capsys.readouterr().err == "error: pdfplumber is not installed; run make venv\n"


def test_the_command_fails_when_any_pdf_has_findings(tmp_path, capsys):
    bad = write_pdf(tmp_path / "guide.pdf", [full(80, 680).text(710, "DO", bold=True), full()])
    good = write_pdf(tmp_path / "good.pdf", [full(), full()])
    assert run_check_print([bad, good]) == 1
    assert capsys.readouterr().out == f"{bad}: 1 finding(s)\n{good}: no findings\n"


def test_a_one_letter_label_at_a_pages_foot():
    pages = [body_page(1, line(710, "A", bold=True), bottom=680), body_page(2)]
    assert [str(f) for f in cut_findings("book.pdf", pages)] == [
        "book.pdf: page 1: label-at-foot: 'A' ends the page; its text is on page 2"]


def test_the_running_foot_by_its_words_and_by_its_height():
    # Roman page numbers count as numbers: "Contents i" and "Contents ii" are one running foot, found on two
    # pages at two heights (twelve pages: a height must repeat on three to be the running foot's).
    pages = [body_page(n) for n in range(1, 13)]
    pages[0].lines.append(line(800, "Contents i"))
    pages[1].lines.append(line(810, "CONTENTS II"))
    assert findings(pages) == []
    pages[2].lines.append(line(820, "Contents once"))
    assert findings(pages) == [f"book.pdf: page 3: cut-text: 'Contents once' {FOOT}"]
    # Thirteen pages: a quarter is three pages (13 // 4), so three make the running foot's height.
    pages = [body_page(n) for n in range(1, 14)]
    for n, word in ((1, "one"), (5, "five"), (9, "nine")):
        pages[n - 1].lines.append(line(820, word))
    assert findings(pages) == []
    drawn = [body_page(n, drawn=[790] if n in (1, 5, 9) else []) for n in range(1, 14)]
    assert cut_findings("book.pdf", drawn) == []
    # A line or rule 62 pt from the bottom edge (780 pt) is not in the foot, so it makes no running height.
    pages = [body_page(n, line(780, "Edge"), drawn=[780]) if n < 3 else body_page(n) for n in range(1, 5)]
    pages[2].lines.append(line(781, "Below the edge"))
    pages[2].drawn = (781,)
    assert [f.text[:16] for f in cut_findings("book.pdf", pages)] == ["'Below the edge'", "1 drawn line(s) "]


def test_cut_text_quotes_sixty_characters():
    stray = line(400, "x" * 70, x0=72, x1=700)
    assert [f.text for f in cut_findings("book.pdf", [body_page(1), body_page(2, stray), body_page(3)])] == [
        f"'{'x' * 60}' runs past the edge of the page"]


@pytest.mark.parametrize("tex, expected", [
    # A Sphinx-less source: \label right after the heading's brace.
    ("\\chapter{Glossary}\\label{glossary}\nTerms.\n", ["numbered-back-matter: 'Glossary' is numbered like a chapter"]),
    ("\\chapter{\\MakeUppercase{Glossary}}\nTerms.\n", ["numbered-back-matter: 'Glossary' is numbered like a chapter"]),
    ("\\setcounter{secnumdepth}{-1}\n\\NeedSpace{x}\n\\chapter{Glossary}\nTerms.\n", []),
    # The unnumbered setting must be within the 400 characters before the heading.
    ("\\setcounter{secnumdepth}{-1}\n\\x{" + "a" * 366 + "}\n\\chapter{Glossary}\nTerms.\n", []),
    ("\\setcounter{secnumdepth}{-1}\n\\x{" + "a" * 367 + "}\n\\chapter{Glossary}\nTerms.\n",
     ["numbered-back-matter: 'Glossary' is numbered like a chapter"]),
    # A file cut off in a heading (a build killed while writing) is read, not crashed on.
    ("\\chapter{A}\nx\n\\section{Cut off", ["empty-section"]),
    (box("\\Huge"), ["missing-title: a box with an empty title bar (LaTeX line 1)"]),
])
def test_more_headings_and_titles(tex, expected):
    found = tex_findings("book.pdf", tex)
    assert [f"{f.rule}: {f.text}" if ": " in e else f.rule for f, e in zip(found, expected)] == expected
    assert len(found) == len(expected)
    assert all(str(f).startswith(f"book.pdf: {f.rule}: ") for f in found)
