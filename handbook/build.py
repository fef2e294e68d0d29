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
from dataclasses import dataclass, field
from pathlib import Path

from handbook.editions import DEFAULT, PARTICIPANT, TRAINER
from handbook.fsutil import atomic_copy, atomic_write

STRICT = ["-n", "-W", "--keep-going"]
PAPERS = {"letter": "letterpaper", "a4": "a4paper"}

#: What ``make pdf`` needs from Debian, named in the error when TeX is missing.
TEX_PACKAGES = (
    "latexmk texlive-xetex texlive-latex-recommended texlive-latex-extra "
    "texlive-fonts-recommended fonts-freefont-otf tex-gyre fonts-symbola"
)
TEX_PROGRAMS = ("xelatex", "latexmk", "makeindex")

#: Base name of the book's PDF (also ``latex_documents`` in conf.py).
PDF_NAME = "sales-practice-handbook"


@dataclass(frozen=True)
class Paths:
    srcdir: Path
    confdir: Path
    builddir: Path
    edition: str = DEFAULT
    paper: str = "a4"
    extra: list[str] = field(default_factory=list)

    @property
    def root(self) -> Path:
        """Where this edition's outputs go."""
        return self.builddir if self.edition == PARTICIPANT else self.builddir / self.edition

    def doctrees(self, builder: str) -> Path:
        return self.root / "doctrees" / builder

    def out(self, builder: str) -> Path:
        return self.root / builder

    def options(self) -> list[str]:
        # The participant edition is the extension's default, so plain Sphinx
        # projects (the tests' tiny ones) build with these options too.
        edition = [] if self.edition == DEFAULT else ["-D", f"handbook_edition={self.edition}"]
        return [*edition, "-D", f"latex_elements.papersize={PAPERS[self.paper]}", *self.extra]


def _error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def missing_tex() -> list[str]:
    """The TeX programs ``make pdf`` needs that are not on PATH."""
    return [prog for prog in TEX_PROGRAMS if shutil.which(prog) is None]


def sphinx(builder: str, paths: Paths, extra: list[str] | None = None, outdir: Path | None = None,
           doctrees: Path | None = None) -> int:
    """Run one strict Sphinx build; on failure forget the saved environment."""
    from sphinx.cmd.build import build_main

    outdir = outdir or paths.out(builder)
    doctrees = doctrees or paths.doctrees(builder)
    argv = [
        "-b", builder,
        "-c", str(paths.confdir),
        "-d", str(doctrees),
        *STRICT,
        *paths.options(),
        *(extra or []),
        str(paths.srcdir),
        str(outdir),
    ]
    _drop_broken_buildinfo(outdir, doctrees)
    try:
        status = build_main(argv)
    except KeyboardInterrupt:
        status = 130
    if status != 0:
        # Sphinx saves its environment even when warnings fail the build; keeping
        # it would let the next build skip the broken pages and pass.
        shutil.rmtree(doctrees, ignore_errors=True)
        _error(
            f"the {builder} build failed (problems listed above, each with file and line); "
            f"fix them and run the build again"
        )
    return status


def _drop_broken_buildinfo(outdir: Path, doctrees: Path) -> None:
    """A build stopped by a full disk can leave ``.buildinfo`` empty or cut short, on which every later
    Sphinx build crashes (IndexError in BuildInfo.load). Such a file is removed, with a note, and so is
    the saved environment, so every page is read and written again."""
    from sphinx.builders.html._build_info import BuildInfo

    info = Path(outdir) / ".buildinfo"
    if not info.is_file():
        return
    try:
        BuildInfo.load(info)
    except OSError:
        return
    except Exception:  # IndexError on a short file, ValueError on a wrong one, UnicodeError on garbage
        info.unlink()
        shutil.rmtree(doctrees, ignore_errors=True)  # and the saved environment: every page is written
        print(f"note: {info} was broken (a build stopped by a full disk?) and was removed; every page is written "
              f"again", flush=True)


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
    """The kit's README.txt: what to print, and how many copies for a group of ``people``."""
    group = info.get("group") or 1
    groups = -(-people // group)
    pairs = -(-people // 2)
    low, high = info.get("group_size") or (people, people)
    cards = sum(len(p["roles"]) * p["rounds"] + p["observer_sheets"] for p in info["role_plays"])
    lines = [
        f"Session kit: {info['title']}",
        f"{info.get('minutes')} minutes. {info.get('audience')}. {low} to {high} people"
        + (f", in groups of {group}." if info.get("group") else "."),
        f"Room: {info.get('room')}",
        f"Built from release {release} on {date}." if release else f"Built on {date}.",
        "",
        f"What to print for {people} participants ({groups} group(s)); for another number, run",
        "  make kit GROUP=N",
        "",
        "  facilitator-guide.pdf  1 copy, for you. Trainer material: do not hand it out.",
        f"  handout.pdf            {people} copies, one per participant. Its last page is the",
        "                         feedback form: collect it at the end.",
    ]
    if cards:
        plays = "; ".join(f"{p['title']}: {len(p['roles'])} roles x {p['rounds']} round(s)"
                          + (f" + {p['observer_sheets']} observer sheet(s)" if p["observer_sheets"] else "")
                          for p in info["role_plays"])
        lines += [
            f"  role-cards.pdf         {groups} copies, one set per group ({cards} pages a set: {plays}).",
            "                         Cut the pages apart; give each player only their own card, one",
            "                         round at a time. Observer sheets go to whoever observes.",
        ]
    else:
        lines.append("  role-cards.pdf         not needed: this session runs no role-play.")
    if pages and "slides.pdf" in pages:
        lines += [
            "  slides.pdf             the deck, one slide a page, if you print it (optional). To project",
            f"                         it, copy the folder slides/{name}/ (beside kit/ in the build",
            "                         folder) with this kit and open its index.html: S for the speaker",
            "                         view, T and R for the timer on an activity's timer slide.",
            "  speaker-notes.pdf      1 copy, for your binder: each slide with its speaker notes.",
        ]
    if people < low or people > high:
        lines += ["", f"Note: the session is written for {low} to {high} people; with {people}, read the",
                  "facilitator guide's IF RUNNING LATE notes and adjust the groups."]
    if pages:
        lines += ["", "Pages: " + ", ".join(f"{name} {count}" for name, count in sorted(pages.items())) + "."]
        odd = sorted(name for name, count in pages.items() if count % 2 and count > 1)
        if odd:
            lines.append(f"Printed on both sides, {' and '.join(odd)} leave(s) the back of the last sheet blank "
                         f"(an odd number of pages); print the feedback form single-sided if you collect it.")
    lines += ["", "Materials (from the facilitator guide):"]
    for material in info.get("materials") or []:
        copies = _copies(material, people, groups, pairs)
        lines.append(f"  {copies:>3}  {material['what']} ({material['count']} per {material['per']})")
    lines += ["", "Before the day: read the facilitator guide from start to end. Its first pages have",
              "the room set-up, the materials and the day-before checklist.", ""]
    return "\n".join(lines)


def kit(paths: Paths, people: int | None = None) -> int:
    """Per session: facilitator guide, handout, role cards and README.txt in ``kit/<session>/``."""
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
    latexdir = paths.builddir / "kit-latex"
    status = sphinx("latex", trainer, ["-q", "-D", "handbook_latex_kit=1"], outdir=latexdir,
                    doctrees=trainer.root / "doctrees" / "kit")
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
    from handbook.slides import DECK_FILES, build_slides

    status = build_slides(paths)  # the decks, and their PDFs for the kit
    if status != 0:
        return status
    for name in built:
        for filename in DECK_FILES:
            built[name][filename] = paths.builddir / "slides" / name / filename
    release, date = _release_and_date(paths.confdir)
    kitdir = paths.builddir / "kit"
    for name, files in built.items():
        info = manifest[name]
        size = people or (info.get("group_size") or [12, 12])[1]
        stage = kitdir / f".{name}.new"
        shutil.rmtree(stage, ignore_errors=True)
        for target, source in files.items():
            atomic_copy(source, stage / target)
        pages = {target: _pages(source) for target, source in files.items()}
        atomic_write(stage / "README.txt", kit_readme(name, info, size, release, date, pages))
        final, old = kitdir / name, kitdir / f".{name}.old"
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            final.rename(old)
        stage.rename(final)  # a folder is complete or absent, never half-copied
        shutil.rmtree(old, ignore_errors=True)
    print(f"{len(built)} session kits are in {kitdir} (each: facilitator-guide.pdf, handout.pdf, role-cards.pdf, "
          f"slides.pdf, speaker-notes.pdf, README.txt)")
    return 0


def _release_and_date(confdir: Path) -> tuple[str, str]:
    import datetime as dt
    import runpy

    release = str(runpy.run_path(str(confdir / "conf.py")).get("release", "")) if (confdir / "conf.py").is_file() else ""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date() if epoch else dt.date.today()
    return release, f"{day:%B} {day.day}, {day.year}"


def reproducible_environment(confdir: Path) -> None:
    """Fix the build's date to the last commit's, unless SOURCE_DATE_EPOCH is set.

    Sphinx (dates, copyright), the review-by check and TeX (with
    FORCE_SOURCE_DATE=1: \\today and the PDF's dates and ID) all read it, so two
    builds of the same commit give the same files whenever they run.
    """
    if not os.environ.get("SOURCE_DATE_EPOCH"):
        try:
            done = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=confdir, capture_output=True,
                                  text=True, timeout=30)
        except OSError:
            done = None
        if done is not None and done.returncode == 0 and done.stdout.strip().isdigit():
            os.environ["SOURCE_DATE_EPOCH"] = done.stdout.strip()
    if os.environ.get("SOURCE_DATE_EPOCH"):
        os.environ.setdefault("FORCE_SOURCE_DATE", "1")


def build(target: str, paths: Paths, people: int | None = None) -> int:
    reproducible_environment(paths.confdir)
    if target == "pdf":
        return pdf(paths)
    if target == "kit":
        return kit(paths, people)
    if target == "handouts":
        return handouts(paths)
    if target == "slides":
        from handbook.slides import build_slides

        return build_slides(paths)
    return sphinx(target, paths)
