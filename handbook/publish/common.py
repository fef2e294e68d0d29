"""What every output builder shares (``build``, ``slides``, ``site``): the strict
Sphinx run, where each edition's outputs go, the TeX the PDFs need, and the
reproducible build date. It imports no builder, so the builders never import
each other to reach it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from handbook.editions import DEFAULT, PARTICIPANT

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
