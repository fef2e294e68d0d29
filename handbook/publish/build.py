"""Strict builds of the handbook: HTML, EPUB, PDF and session handouts, in the
participant or the trainer edition.

Every build runs Sphinx with ``-n -W --keep-going``. A failed or interrupted
build throws away its saved Sphinx environment, so the next build re-reads every
page and reports the same problems again instead of passing on stale state.

Outputs: the participant edition in ``_build/<builder>``, the trainer edition
in ``_build/trainer/<builder>``; PDFs in ``pdf/``, handouts in ``_build/handouts``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from handbook.publish.common import (PDF_NAME, TEX_PACKAGES, TEX_PROGRAMS, Paths, _error, _release_and_date,  # noqa: F401
                             missing_tex, reproducible_environment, sphinx)
from handbook.editions import PARTICIPANT, TRAINER
from handbook.fsutil import atomic_copy, atomic_write

_TEX_ERROR = re.compile(r"^(!|.*:\d+: )")
_MISSING = re.compile(r"^(?:.*?:(?P<line>\d+): )?Missing character: There is no (?P<char>.+?) \((?P<code>U\+[0-9A-F]+)\)")
_DOC_LABEL = re.compile(r"\\label\{\\detokenize\{(?P<doc>[^}]+?)::doc\}\}")


def _docname_at(tex: Path, line: int) -> str | None:
    """The handbook page a line of Sphinx's LaTeX output belongs to."""
    docname = None
    with tex.open(encoding="utf-8", errors="replace") as handle:
        for number, text in enumerate(handle, start=1):
            if number > line:
                break
            match = _DOC_LABEL.search(text)
            if match:
                docname = match["doc"]
    return docname


def _explain_tex_failure(log: str, texfile: Path) -> list[str]:
    """One line per problem, naming the handbook page where possible."""
    problems = []
    for raw in log.splitlines():
        missing = _MISSING.match(raw)
        if missing:
            page = _docname_at(texfile, int(missing["line"])) if missing["line"] else None
            where = f"on page {page}" if page else "in the PDF"
            problems.append(
                f"error: no font has '{missing['char']}' ({missing['code']}) {where}; remove the character "
                f"or install a font that has it (Debian: fonts-symbola covers emoji)"
            )
    if not problems:
        problems = [line for line in log.splitlines() if _TEX_ERROR.match(line)][:10]
    return list(dict.fromkeys(problems))


#: TeX may read and write only its own folder's files (kpathsea's paranoid mode: no absolute paths,
#: no '..', no dot files) and runs no programs (shell escape off).
TEX_ENVIRONMENT = {"openin_any": "p", "openout_any": "p", "shell_escape": "f"}
#: Limits of one latexmk run (all its xelatex passes) on one document; an environment variable raises them.
TEX_LIMITS = {"HANDBOOK_TEX_TIMEOUT": 900, "HANDBOOK_TEX_MAX_PAGES": 2000}
#: latexmk's own rc files are not read (-norc): a file written into the LaTeX folder could otherwise
#: set the commands of the next run. These are the commands Sphinx's latexmkrc gives, with %P so the
#: page limit runs before the document.
_LATEXMK_COMMANDS = (
    "$pdflatex = q/xelatex -no-shell-escape -interaction=nonstopmode -halt-on-error -file-line-error %O %P/;"
    " $makeindex = q/makeindex -s python.ist %O -o %D %S/;"
)
_PAGE_LIMIT = "handbook-page-limit"
_NOT_READING = re.compile(r"Not reading from (?P<file>.+?) \(openin_any = p\)")
_NOT_WRITING = re.compile(r"(?:I can't write on file `(?P<file>[^']+)'|Not writing to (?P<file2>.+?) \(openout_any = p\))")
_ERROR_LINE = re.compile(r"^(?:\./)?(?P<file>[^:\s]+\.tex):(?P<line>\d+): ")


def tex_limit(name: str) -> int:
    """A TeX limit (seconds, pages): the environment's value when it is a positive number, else the default."""
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() and int(value) > 0 else TEX_LIMITS[name]


def _where(log: str, latexdir: Path, texname: str) -> str:
    """The handbook page the first TeX error is on, as ' (page <docname>)', or ''."""
    for raw in log.splitlines():
        match = _ERROR_LINE.match(raw)
        if match and (latexdir / match["file"]).is_file():
            page = _docname_at(latexdir / match["file"], int(match["line"]))
            if page:
                return f" (page {page})"
    return ""


def _explain_refusal(log: str, latexdir: Path, texname: str, pages: int) -> list[str]:
    """Errors for what the TeX settings refused: a read, a write, the page limit."""
    where = _where(log, latexdir, texname)
    problems = []
    for match in _NOT_READING.finditer(log):
        problems.append(f"error: {texname}{where} tries to read '{match['file']}', a file outside the LaTeX folder; "
                        f"TeX reads only the build's own files (openin_any=p). Remove the TeX code from the source")
    for match in _NOT_WRITING.finditer(log):
        problems.append(f"error: {texname}{where} tries to write '{match['file'] or match['file2']}'; TeX writes only "
                        f"its own files in the LaTeX folder (openout_any=p). Remove the TeX code from the source")
    if re.search(rf"^(?:!|\S+:\d+:) {_PAGE_LIMIT}", log, re.M):  # the error, not the command line
        problems.append(f"error: {texname}{where} runs past {pages} pages, the limit of one PDF; look for a very large "
                        f"number in the source (a {{notes-space}} :lines:, say), or raise HANDBOOK_TEX_MAX_PAGES")
    return list(dict.fromkeys(problems))


def latexmk(latexdir: Path, texname: str) -> Path | None:
    """Run xelatex through latexmk on one .tex file; the PDF, or None after an explanation.

    TeX runs confined (``TEX_ENVIRONMENT``), with a time limit for the whole run and a page limit
    (``TEX_LIMITS``): a loop or a runaway document stops with an error naming it."""
    timeout, pages = tex_limit("HANDBOOK_TEX_TIMEOUT"), tex_limit("HANDBOOK_TEX_MAX_PAGES")
    env = dict(os.environ, **TEX_ENVIRONMENT)
    env.pop("LATEXOPTS", None)
    limit = (r"\AddToHook{shipout/after}{\ifnum\ReadonlyShipoutCounter>%d \errmessage{%s}\fi}" % (pages, _PAGE_LIMIT))
    print(f"Running latexmk (xelatex) on {latexdir / texname} ...", flush=True)
    command = ["latexmk", "-norc", "-pdf", "-dvi-", "-ps-", f"-pretex={limit}", "-e", _LATEXMK_COMMANDS, texname]
    process = subprocess.Popen(command, cwd=latexdir, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, errors="replace", start_new_session=True)
    try:
        output, _ = process.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # latexmk and the xelatex it runs
        output, _ = process.communicate()
        timed_out = True
    log = latexdir / f"{Path(texname).stem}.latexmk-output.log"
    log.write_text(output, encoding="utf-8")
    built = latexdir / f"{Path(texname).stem}.pdf"
    if timed_out:
        tex_log = latexdir / f"{Path(texname).stem}.log"
        text = tex_log.read_text(encoding="utf-8", errors="replace") if tex_log.is_file() else output
        _error(f"xelatex ran longer than {timeout} seconds on {texname}{_where(text, latexdir, texname)} and was "
               f"stopped: a loop in the document? Look for TeX code in its source; for a slow machine, raise "
               f"HANDBOOK_TEX_TIMEOUT (seconds). The log is {log}")
        built.unlink(missing_ok=True)
        return None
    if process.returncode != 0 or not built.is_file():
        for line in _explain_refusal(output, latexdir, texname, pages) or _explain_tex_failure(output, latexdir / texname):
            print(line, file=sys.stderr)
        _error(f"xelatex failed on {texname}; the full log is {log}")
        return None
    return built


def _publish(built: Path, target: Path) -> None:
    """Copy then rename, so a reader never sees half a PDF."""
    atomic_copy(built, target)


def _check_tex() -> bool:
    missing = missing_tex()
    if missing:
        _error(
            f"making PDFs needs {', '.join(missing)}, which are not installed; "
            f"on Debian run: apt-get install {TEX_PACKAGES}"
        )
        return False
    return True


def pdf(paths: Paths) -> int:
    """LaTeX through Sphinx, then xelatex via latexmk; the PDF lands in ``pdf/``."""
    if not _check_tex():
        return 2
    latexdir = paths.out("latex")
    # -q: Sphinx's closing advice ("run make in that directory") does not
    # apply here; warnings are still printed.
    status = sphinx("latex", paths, ["-q"], outdir=latexdir)
    if status != 0:
        return status
    built = latexmk(latexdir, f"{PDF_NAME}.tex")
    if built is None:
        return 1
    target = paths.out("pdf") / f"{PDF_NAME}.pdf"
    _publish(built, target)
    print(f"The {paths.edition} edition's PDF is {target}")
    return 0


def handouts(paths: Paths) -> int:
    """One short PDF per training session, participant material only."""
    if not _check_tex():
        return 2
    if paths.edition != PARTICIPANT:
        _error("handouts are for participants; build them without EDITION=trainer")
        return 2
    latexdir = paths.builddir / "handouts-latex"
    status = sphinx("latex", paths, ["-q", "-D", "handbook_latex_handouts=1"], outdir=latexdir,
                    doctrees=paths.builddir / "doctrees" / "handouts")
    if status != 0:
        return status
    texfiles = sorted(p.name for p in latexdir.glob("handout-*.tex"))
    if not texfiles:
        _error(f"no handouts found: add pages to {paths.srcdir / 'handouts'} (see the maintainer's guide)")
        return 1
    outdir = paths.builddir / "handouts"
    for texname in texfiles:
        built = latexmk(latexdir, texname)
        if built is None:
            return 1
        _publish(built, outdir / built.name)
    print(f"{len(texfiles)} handouts are in {outdir}")
    return 0


def _copies(material: dict, people: int, groups: int, pairs: int) -> int:
    per = material["per"]
    unit = {"participant": people, "group": groups, "pair": pairs, "observer": groups}.get(per, 1)
    return material["count"] * unit


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def kit_readme(name: str, info: dict, people: int, release: str, date: str, pages: dict[str, int] | None = None) -> str:
    """The kit's README.txt: what to print, how many copies for a group of ``people``, and what to pack."""
    from handbook.sphinxext.room import group_plan, plan_text

    group = info.get("group") or 1
    sizes = group_plan(people, group) if info.get("group") else [people]
    groups = len(sizes)
    pairs = -(-people // 2)
    low, high = info.get("group_size") or (people, people)
    cards = sum(len(p["roles"]) * p["rounds"] + p["observer_sheets"] for p in info["role_plays"])
    lines = [
        f"Session kit: {info['title']}",
        f"{info.get('minutes')} minutes. {info.get('audience')}. {low} to {high} people"
        + (f", in groups of {group}." if info.get("group") else "."),
        *([f"This is its {info['minutes']}-minute version (written for {info['written_minutes']} minutes): each step",
           f"of the guide says what changes (\"In this {info['minutes']}-minute version\"); the agenda,",
           "run sheet, slides and timers follow it."]
          if info.get("written_minutes") and info["written_minutes"] != info.get("minutes") else []),
        f"Room: {info.get('room')}",
        f"Built from release {release} on {date}." if release else f"Built on {date}.",
        "",
        f"What to print for {people} participants"
        + (f" ({plan_text(sizes)})" if info.get("group") else "") + "; for another number, run",
        "  make kit GROUP=N        (and LENGTH=45, 60 or 90 for a shorter or longer session)",
        "",
        "  facilitator-guide.pdf  1 copy, for you. Trainer material: do not hand it out.",
        f"  handout.pdf            {people} copies, one per participant. Its last page is the",
        "                         feedback form: collect it at the end.",
    ]
    extra_sheets = 0
    if cards:
        card_pages = (pages or {}).get("role-cards.pdf")
        lines += [
            f"  role-cards.pdf         {groups} copies, one set per group, on ONE SIDE of the paper only:",
            "                         a card printed on the back of another would show a player",
            "                         the other side's secret."
            + (f" A set is {card_pages} pages: page 1 says how to" if card_pages else ""),
            "                         hand them out, then one card a page (the band at the top",
            "                         names whose card it is), then an observer sheet a round.",
        ]
        # role-cards.pdf: page 1, then every role-play's cards, then every role-play's observer sheets.
        first = 2 + sum(len(p["roles"]) * p["rounds"] for p in info["role_plays"])
        for play in info["role_plays"]:
            sheets_first, sheets_last = first, first + play["observer_sheets"] - 1
            first = sheets_last + 1
            # Everyone beyond the roles observes: a group of four has two observers a round.
            more = sum(max(0, size - len(play["roles"]) - 1) for size in sizes) * play["observer_sheets"]
            if more and play["observer_sheets"]:
                extra_sheets += more
                where = f"pages {sheets_first}-{sheets_last}" if sheets_last > sheets_first else f"page {sheets_first}"
                lines.append(f"                         Groups of {len(play['roles']) + 2} have a second observer: "
                             f"print {where}")
                sheets = f"{more} more sheet{'s' if more != 1 else ''}"
                lines.append(f"                         once more for each ({sheets} for {play['title']}).")
    else:
        lines.append("  role-cards.pdf         not needed: this session runs no role-play.")
    if pages and "run-sheet.pdf" in pages:
        lines.append("  run-sheet.pdf          1 copy, for the table beside you: the session on one page.")
    if pages and "slides.pdf" in pages:
        lines += [
            "  slides/                the deck to project: open slides/index.html in a browser on",
            "                         the laptop (no network needed; copy the whole kit folder).",
            "                         Keys: right arrow next slide, S speaker view, T start or pause",
            "                         the timer, R reset it, + and - a minute more or less, M sound",
            "                         on or off.",
            "  slides.pdf             the deck, one slide a page, if you print it (optional).",
            "  speaker-notes.pdf      1 copy, for your binder: each slide with its speaker notes.",
        ]
    if people < low or people > high:
        lines += ["", f"Note: the session is written for {low} to {high} people; with {people}, read the",
                  "note under the facilitator guide's table of groups (what changes outside the range)",
                  "and its IF RUNNING LATE lines."]
    if pages:
        lines += ["", "Pages: " + ", ".join(f"{name} {count}" for name, count in sorted(pages.items())) + "."]
        two_sided = sorted(name for name in pages if name not in ("role-cards.pdf", "run-sheet.pdf"))
        lines.append(f"You may print {', '.join(two_sided)} on both sides; never role-cards.pdf.")
        odd = sorted(name for name, count in pages.items() if count % 2 and count > 1 and name in two_sided)
        if odd:
            lines.append(f"Printed on both sides, {' and '.join(odd)} leave{'s' if len(odd) == 1 else ''} the back "
                         f"of the last sheet blank (an odd number of pages)."
                         + (" The handout's feedback form is then on a sheet of its own: you can collect it."
                            if "handout.pdf" in odd else ""))
    lines += ["", "Materials (from the facilitator guide):"]
    for material in info.get("materials") or []:
        copies = _copies(material, people, groups, pairs)
        lines.append(f"  {copies:>3}  {material['what']} ({material['count']} per {material['per']})")
    if info["role_plays"]:
        lines += ["", "Pack, per group (label the envelopes Group 1 to Group " + f"{groups}):"]
        for play in info["role_plays"]:
            lines.append(f"  {play['title']}: an envelope with the cards of round 1, then round 2, ... "
                         f"({', '.join(play['roles'])} each round), then the observer sheets"
                         + (" (two a round for a group of four)." if extra_sheets else "."))
        if len(info["role_plays"][0]["roles"]) > 1:
            lines.append("  If you have colored paper, print each role on its own color, so a card on the "
                         "wrong desk shows:")
            first = 2
            for play in info["role_plays"]:
                count = len(play["roles"])
                for index, role in enumerate(play["roles"]):
                    numbers = [first + index + count * r for r in range(play["rounds"])]
                    lines.append(f"    {role}: page{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))}")
                first += count * play["rounds"]
    lines += ["", "Before the day: read the facilitator guide from start to end. Its first pages have",
              "the room set-up, the materials, the day-before checklist and the groups for each number.", ""]
    return "\n".join(lines)


def kit(paths: Paths, people: int | None = None, length: int | None = None) -> int:
    """Per session: facilitator guide, handout, role cards and README.txt in ``kit/<session>/`` (with
    ``length``, the session cut or lengthened to that many minutes, in ``kit/<session>-<length>min/``)."""
    import json

    from handbook.sphinxext.kit import kit_documents

    if not _check_tex():
        return 2
    documents = kit_documents(paths.srcdir)
    if not documents:
        _error(f"no sessions found: add session pages to {paths.srcdir / 'sessions'} (see the maintainer's guide)")
        return 1
    missing = [str(paths.srcdir / page) for name, _guide, cards in documents
               for page in (f"{cards}.md", f"handouts/{name}.md") if not (paths.srcdir / page).is_file()]
    if missing:
        _error("a session kit needs a role-cards page and a handout for every session; missing: "
               + ", ".join(missing) + " (see the maintainer's guide, 'Session kits')")
        return 1
    participant = Paths(srcdir=paths.srcdir, confdir=paths.confdir, builddir=paths.builddir, edition=PARTICIPANT,
                        paper=paths.paper, extra=paths.extra)
    status = handouts(participant)
    if status != 0:
        return status
    trainer = Paths(srcdir=paths.srcdir, confdir=paths.confdir, builddir=paths.builddir, edition=TRAINER,
                    paper=paths.paper, extra=paths.extra)
    latexdir = paths.builddir / ("kit-latex" + (f"-{length}" if length else ""))
    drawn = ["-D", f"handbook_kit_people={people}"] if people else []  # the room plan, for GROUP=N
    status = sphinx("latex", trainer, ["-q", "-D", "handbook_latex_kit=1", *_length_option(length), *drawn],
                    outdir=latexdir,
                    doctrees=trainer.root / "doctrees" / ("kit" + (f"-{length}" if length else "")))
    if status != 0:
        return status
    manifest = json.loads((latexdir / "kit-manifest.json").read_text(encoding="utf-8"))
    built: dict[str, dict[str, Path]] = {}
    for name, _guide, _cards in documents:
        built[name] = {"handout.pdf": paths.builddir / "handouts" / f"handout-{name}.pdf"}
        for kind in ("facilitator-guide", "role-cards"):
            pdf_file = latexmk(latexdir, f"{kind}-{name}.tex")
            if pdf_file is None:
                return 1
            built[name][f"{kind}.pdf"] = pdf_file
    from handbook.publish.slides import DECK_FILES, build_slides

    status = build_slides(paths, length)  # the decks, and their PDFs for the kit
    if status != 0:
        return status
    from handbook.publish.slides import variant_folder

    folders = {name: variant_folder(name, manifest[name].get("written_minutes"), length) for name in built}
    for name in built:
        for filename in DECK_FILES:
            built[name][filename] = paths.builddir / "slides" / folders[name] / filename
    release, date = _release_and_date(paths.confdir)
    kitdir = paths.builddir / "kit"
    for name, files in built.items():
        info = manifest[name]
        size = people or (info.get("group_size") or [12, 12])[1]
        stage = kitdir / f".{folders[name]}.new"
        shutil.rmtree(stage, ignore_errors=True)
        for target, source in files.items():
            atomic_copy(source, stage / target)
        deck = paths.builddir / "slides" / folders[name]
        # The deck to project, with its assets, so that copying the kit folder is enough.
        shutil.copytree(deck, stage / "slides", ignore=shutil.ignore_patterns(*DECK_FILES))
        pages = {target: _pages(source) for target, source in files.items()}
        atomic_write(stage / "README.txt", kit_readme(name, info, size, release, date, pages))
        final, old = kitdir / folders[name], kitdir / f".{folders[name]}.old"
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            final.rename(old)
        stage.rename(final)  # a folder is complete or absent, never half-copied
        shutil.rmtree(old, ignore_errors=True)
    print(f"{len(built)} session kits are in {kitdir} ({', '.join(sorted(folders.values()))}; each: facilitator-guide.pdf, run-sheet.pdf, handout.pdf, "
          f"role-cards.pdf, slides/, slides.pdf, speaker-notes.pdf, README.txt)")
    return 0


def _length_option(length: int | None) -> list[str]:
    return ["-D", f"handbook_session_length={length}"] if length else []


def build(target: str, paths: Paths, people: int | None = None, length: int | None = None) -> int:
    reproducible_environment(paths.confdir)
    if length is not None and target not in ("kit", "slides"):
        _error(f"LENGTH is for the session kits and decks (make kit LENGTH=N), not for {target}")
        return 2
    if length is not None and not 1 <= length <= 600:
        _error(f"LENGTH={length} is not a session length; give the minutes, from 1 to 600 (make kit LENGTH=45)")
        return 2
    if target == "pdf":
        return pdf(paths)
    if target == "kit":
        return kit(paths, people, length)
    if target == "handouts":
        return handouts(paths)
    if target == "slides":
        from handbook.publish.slides import build_slides

        return build_slides(paths, length)
    return sphinx(target, paths)
