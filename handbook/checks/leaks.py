"""The edition boundary, checked in the outputs: no participant-facing file holds
trainer-only text.

``make check`` runs it after building everything (``python -m handbook.checks.leaks
--builddir _build`` runs it alone). It looks for the property, not for known
payloads:

* **Trainer-only text** is read from the trainer edition's HTML
  (``trainer/html``): every element marked ``handbook-trainer-only`` (trainer
  notes, role briefs, observer sheets, model answers) and the facilitator
  script's lines (``handbook-script``). Its runs of five words, less every run
  the trainer edition also prints outside trainer material (a scenario a brief
  repeats, a session's title), are the runs no participant may see; each
  remembers its source page.
* **Participant-facing outputs** are everything a participant can get: the
  participant HTML (pages, search index, previews, inventory, downloads), the
  EPUB, the PDF, the handouts, each kit's ``handout.pdf``, the decks' faces
  (``slides/<session>/index.html`` without the speaker notes) and
  ``slides.pdf``, and every file under ``site/`` outside ``trainer/``.
* **Role cards** (``kit/<session>/role-cards.pdf``) go to one player each: a
  card may hold its own brief (or an observer its sheet), never another
  role's brief, a trainer note or a model answer.

Each leak is reported as the output, the run of words and the source page the
run comes from. Text is compared as lowercase words (letters and digits), so
markup, line breaks and hyphenation at a line's end do not hide a run.
"""

from __future__ import annotations

import argparse
import copy
import html as html_module
import re
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

RUN = 5
TRAINER_CLASS = "handbook-trainer-only"
SCRIPT_CLASS = "handbook-script"
CARD_CLASS = "handbook-role-card"
#: The kind of a brief's Background field: an observer sheet of the same page's role-play may hold it.
BACKGROUND = "brief-background"
#: What a deck projects by design (issue 15): the script's questions to the room and the debrief
#: questions of the trainer notes. Its faces are checked here against every other kind (briefs,
#: backgrounds, observer sheets, model answers), and sentence by sentence by make slides itself.
PROJECTED_KINDS = {"script", "trainer-note", "trainer"}
#: Files whose text is read (others, such as images and fonts, hold no words to leak).
TEXT_SUFFIXES = {".html", ".htm", ".xhtml", ".js", ".json", ".txt", ".md", ".rst", ".xml", ".css", ".inv", ".svg",
                 ".csv", ".tex", ".ncx", ".opf"}
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Leak:
    output: str
    run: str
    source: str

    def __str__(self) -> str:
        return f"{self.output}: '{self.run}' (trainer-only text from {self.source})"


def words(text: str) -> list[str]:
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)  # a word hyphenated at a line's end
    return _WORD.findall(text.lower())


def runs(text: str) -> set[tuple[str, ...]]:
    found = words(text)
    return {tuple(found[i:i + RUN]) for i in range(len(found) - RUN + 1)}


# -- trainer-only text ----------------------------------------------------------------------


@dataclass
class Item:
    """One piece of trainer material: its kind (role-brief, trainer-note, ...), title, page and runs."""

    kind: str
    title: str
    source: str
    runs: set[tuple[str, ...]]


def _main(soup):
    return soup.find("article", attrs={"role": "main"}) or soup.find(attrs={"role": "main"}) \
        or soup.find("div", class_="body") or soup.body or soup


def _kind(element) -> str:
    for name in element.get("class", []):
        if name.startswith("handbook-") and name not in (TRAINER_CLASS, "handbook-block", "handbook-pulled"):
            return name[len("handbook-"):]
    return "trainer"


def _print_list_numbers(main) -> None:
    """Write each ordered list's numbers into its items, as the PDF and EPUB print them ("4 Coach instead
    of deciding"): HTML leaves them to the browser, so a run with a number would match nothing public."""
    for listing in main.find_all("ol"):
        try:
            number = int(listing.get("start", 1))
        except ValueError:
            number = 1
        for item in listing.find_all("li", recursive=False):
            item.insert(0, f"{number} ")
            number += 1


def _public_block_names(main) -> set[tuple[str, ...]]:
    """A public block's title with its kind ("The declined proposal (role-play)"), as the indexes and the
    search print it: public wherever the block is."""
    found: set[tuple[str, ...]] = set()
    for block in main.find_all(class_="handbook-block"):
        if TRAINER_CLASS in block.get("class", []) or any(
                TRAINER_CLASS in p.get("class", []) for p in block.parents if hasattr(p, "get")):
            continue
        title = block.find(class_="admonition-title")
        if title is not None:
            found |= runs(f"{title.get_text(' ')} {_kind(block).replace('-', ' ')}")
    return found


def trainer_material(trainer_html: Path) -> tuple[list[Item], set[tuple[str, ...]]]:
    """Every piece of trainer material in the trainer edition's pages, and the runs printed outside it."""
    from bs4 import BeautifulSoup

    items: list[Item] = []
    public: set[tuple[str, ...]] = set()
    for page in sorted(trainer_html.rglob("*.html")):
        rel = page.relative_to(trainer_html)
        if rel.parts[0] in ("_static", "_sources", "_images", "_downloads") or page.name in ("genindex.html",
                                                                                            "search.html"):
            continue
        main = _main(BeautifulSoup(page.read_text(encoding="utf-8", errors="replace"), "html.parser"))
        source = rel.with_suffix("").as_posix()
        _print_list_numbers(main)
        public |= _public_block_names(main)
        marked = [e for e in main.find_all(class_=[TRAINER_CLASS, SCRIPT_CLASS])
                  if not any(TRAINER_CLASS in p.get("class", []) or SCRIPT_CLASS in p.get("class", [])
                             for p in e.parents if hasattr(p, "get"))]
        for element in marked:
            for piece in [element, *element.find_all(class_=TRAINER_CLASS)]:
                own = copy.copy(piece)  # its own text: a note nested in a brief is an item of its own
                for inner in own.find_all(class_=TRAINER_CLASS):
                    inner.decompose()
                title = own.find(class_="admonition-title")
                name = title.get_text(" ", strip=True) if title else ""
                if _kind(piece) == "role-brief":
                    # A brief's Background (who the client is, what was proposed) is printed on that
                    # round's observer sheet too: also an item of its own, which an observer sheet may hold.
                    for term in own.find_all("dt"):
                        text = " ".join(term.get_text(" ").split()).rstrip(":").lower()
                        definition = term.find_next_sibling("dd")
                        if text == "background" and definition is not None:
                            items.append(Item(BACKGROUND, name, source, runs(definition.get_text(" "))))
                items.append(Item(_kind(piece), name, source, runs(own.get_text(" "))))
        # Role cards (trainer pages) repeat the briefs outside trainer blocks: neither public nor an item.
        for element in [*marked, *main.find_all(class_=CARD_CLASS)]:
            element.decompose()
        public |= runs(main.get_text(" "))
    unique: dict[frozenset, Item] = {}
    for item in items:
        item.runs -= public
        # A block pulled into a session page is the chapter's: one item, named after the first page.
        if item.runs:
            unique.setdefault(frozenset(item.runs), item)
    return list(unique.values()), public


# -- participant-facing outputs -------------------------------------------------------------


def _pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(path).pages]


def _html_text(data: str) -> str:
    return html_module.unescape(re.sub(r"<[^>]+>", " ", data))


def file_texts(path: Path, name: str) -> list[tuple[str, str]]:
    """(output name, text) for one file: a PDF, an EPUB (each member), or a text file."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return [(name, "\n".join(_pdf_pages(path)))]
    if suffix == ".epub":
        out = []
        with zipfile.ZipFile(path) as epub:
            for member in epub.namelist():
                if Path(member).suffix.lower() in TEXT_SUFFIXES:
                    out.append((f"{name}:{member}", _html_text(epub.read(member).decode("utf-8", "replace"))))
        return out
    if path.name == "objects.inv":
        data = path.read_bytes().split(b"\n", 4)
        return [(name, zlib.decompress(data[4]).decode("utf-8", "replace"))] if len(data) == 5 else []
    if suffix in TEXT_SUFFIXES:
        text = path.read_text(encoding="utf-8", errors="replace")
        return [(name, _html_text(text) if suffix in (".html", ".htm", ".xhtml", ".svg", ".xml") else text)]
    return []


def participant_outputs(builddir: Path) -> list[tuple[str, str]]:
    """(output name, text) for everything a participant can get from ``builddir``."""
    from handbook.publish.slides import visible_text

    found: list[tuple[str, str]] = []

    def tree(folder: Path, skip: tuple[str, ...] = ()) -> None:
        if not folder.is_dir():
            return
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder)
            if path.is_file() and not (rel.parts and rel.parts[0] in skip):
                found.extend(file_texts(path, str(path.relative_to(builddir))))

    tree(builddir / "html", skip=(".doctrees",))
    for pattern in ("epub/*.epub", "pdf/*.pdf", "handouts/*.pdf", "kit/*/handout.pdf", "slides/*/slides.pdf"):
        for path in sorted(builddir.glob(pattern)):
            found.extend(file_texts(path, str(path.relative_to(builddir))))
    for deck in sorted(builddir.glob("slides/*/index.html")):
        found.append((f"{deck.relative_to(builddir)} (slide faces)",
                      visible_text(deck.read_text(encoding="utf-8", errors="replace"))))
    tree(builddir / "site", skip=("trainer",))
    return found


def check_text(output: str, text: str, items: list[Item], allowed: Item | list[Item] | None = None) -> list[Leak]:
    present = runs(text)
    leaks = []
    allowed = [] if allowed is None else [allowed] if isinstance(allowed, Item) else allowed
    allowed_runs = set().union(*(item.runs for item in allowed))
    for item in items:
        if any(item is a for a in allowed):
            continue
        hits = item.runs & present
        hits -= allowed_runs
        for run in sorted(hits)[:1]:  # one run per item and output is enough to find it
            leaks.append(Leak(output, " ".join(run), f"{item.source} ({item.kind}: {item.title})".replace(": )", ")")))
    return leaks


def role_card_leaks(builddir: Path, items: list[Item]) -> list[Leak]:
    """Each printed card (one page) holds at most one brief or sheet: its own."""
    leaks = []
    for pdf in sorted(builddir.glob("kit/*/role-cards.pdf")):
        for number, text in enumerate(_pdf_pages(pdf), start=1):
            leaks += card_leaks(f"{pdf.relative_to(builddir)} page {number}", text, items)
    return leaks


def card_leaks(output: str, text: str, items: list[Item]) -> list[Leak]:
    """One card: the brief or sheet it holds most of is its own; any other trainer text is a leak."""
    present = runs(text)
    cards = [i for i in items if i.kind in ("role-brief", "observer-sheet")]
    backgrounds: dict[tuple[str, str], set] = {}
    for item in items:
        if item.kind == BACKGROUND:
            backgrounds.setdefault((item.source, item.title), set()).update(item.runs)

    def mine(item: Item) -> set:  # a brief's own words, less the Background an observer sheet shows too
        return item.runs - backgrounds.get((item.source, item.title), set())

    own = max(cards, key=lambda i: len(mine(i) & present), default=None)
    if own is not None and not mine(own) & present:
        own = None
    allowed = [] if own is None else [own]
    if own is not None and own.kind == "role-brief":  # a role card holds its own brief's Background too
        allowed += [i for i in items if i.kind == BACKGROUND and i.source == own.source and i.title == own.title]
    if own is not None and own.kind == "observer-sheet":
        # An observer sheet opens with its round's backgrounds (kit.py's _round_scene): the briefs'
        # Background fields of the same page's role-plays, never their private parts.
        allowed += [i for i in items if i.kind == BACKGROUND and i.source == own.source]
    return check_text(output, text, items, allowed=allowed)


def check_leaks(builddir: Path) -> list[Leak]:
    trainer_html = builddir / "trainer" / "html"
    if not trainer_html.is_dir():
        raise FileNotFoundError(f"{trainer_html} is missing: build the trainer edition first "
                                f"(make html EDITION=trainer); it says what trainer-only text is")
    items, _public = trainer_material(trainer_html)
    leaks = []
    never_projected = [item for item in items if item.kind not in PROJECTED_KINDS]
    for output, text in participant_outputs(builddir):
        deck = output.startswith("slides/")
        leaks += check_text(output, text, never_projected if deck else items)
    return leaks + role_card_leaks(builddir, items)


def run_check_leaks(builddir: Path) -> int:
    try:
        leaks = check_leaks(builddir)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for leak in leaks:
        print(f"error: trainer-only text in a participant output: {leak}", file=sys.stderr)
    if leaks:
        print(f"error: {len(leaks)} leak(s) of trainer-only text (listed above); remove the text from the output's "
              f"source, or mark it as trainer material", file=sys.stderr)
        return 1
    print(f"leak check: no run of {RUN} words of trainer-only text in any participant output of {builddir}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handbook.checks.leaks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--builddir", type=Path, default=Path("_build"))
    return run_check_leaks(parser.parse_args(argv).builddir)


if __name__ == "__main__":
    sys.exit(main())
