"""Strict builds of the handbook: HTML, EPUB and PDF.

Every build runs Sphinx with ``-n -W --keep-going``. A failed or interrupted
build throws away its saved Sphinx environment, so the next build re-reads every
page and reports the same problems again instead of passing on stale state.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

STRICT = ["-n", "-W", "--keep-going"]

#: What ``make pdf`` needs from Debian, named in the error when TeX is missing.
TEX_PACKAGES = (
    "latexmk texlive-xetex texlive-latex-recommended texlive-latex-extra "
    "texlive-fonts-recommended fonts-freefont-otf tex-gyre"
)
TEX_PROGRAMS = ("xelatex", "latexmk", "makeindex")

#: Base name of the PDF (also ``latex_documents`` in conf.py).
PDF_NAME = "sales-practice-handbook"


@dataclass(frozen=True)
class Paths:
    srcdir: Path
    confdir: Path
    builddir: Path

    def doctrees(self, builder: str) -> Path:
        return self.builddir / "doctrees" / builder

    def out(self, builder: str) -> Path:
        return self.builddir / builder


def _error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def missing_tex() -> list[str]:
    """The TeX programs ``make pdf`` needs that are not on PATH."""
    return [prog for prog in TEX_PROGRAMS if shutil.which(prog) is None]


def sphinx(builder: str, paths: Paths, extra: list[str] | None = None, outdir: Path | None = None) -> int:
    """Run one strict Sphinx build; on failure forget the saved environment."""
    from sphinx.cmd.build import build_main

    outdir = outdir or paths.out(builder)
    doctrees = paths.doctrees(builder)
    argv = [
        "-b", builder,
        "-c", str(paths.confdir),
        "-d", str(doctrees),
        *STRICT,
        *(extra or []),
        str(paths.srcdir),
        str(outdir),
    ]
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


_TEX_ERROR = re.compile(r"^(!|.*:\d+: )")


def _tex_errors(log: str) -> list[str]:
    return [line for line in log.splitlines() if _TEX_ERROR.match(line)][:10]


def pdf(paths: Paths, extra: list[str] | None = None) -> int:
    """LaTeX through Sphinx, then xelatex via latexmk; the PDF lands in ``pdf/``."""
    missing = missing_tex()
    if missing:
        _error(
            f"make pdf needs {', '.join(missing)}, which are not installed; "
            f"on Debian run: apt-get install {TEX_PACKAGES}"
        )
        return 2
    latexdir = paths.out("latex")
    # -q: Sphinx's closing advice ("run make in that directory") does not
    # apply here; warnings are still printed.
    status = sphinx("latex", paths, ["-q", *(extra or [])], outdir=latexdir)
    if status != 0:
        return status
    env = dict(os.environ, LATEXOPTS="-interaction=nonstopmode -halt-on-error -file-line-error")
    texfile = f"{PDF_NAME}.tex"
    print(f"Running latexmk (xelatex) on {latexdir / texfile} ...", flush=True)
    done = subprocess.run(
        ["latexmk", "-pdf", "-dvi-", "-ps-", texfile],
        cwd=latexdir, env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace",
    )
    log = latexdir / "latexmk-output.log"
    log.write_text(done.stdout, encoding="utf-8")
    built = latexdir / f"{PDF_NAME}.pdf"
    if done.returncode != 0 or not built.is_file():
        for line in _tex_errors(done.stdout):
            print(line, file=sys.stderr)
        _error(f"xelatex failed; the full log is {log}")
        return 1
    target_dir = paths.out("pdf")
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{PDF_NAME}.pdf"
    # Copy then rename, so a reader never sees half a PDF.
    fd, tmp = tempfile.mkstemp(dir=target_dir, suffix=".pdf.tmp")
    os.close(fd)
    shutil.copyfile(built, tmp)
    os.replace(tmp, target)
    print(f"The PDF is {target}")
    return 0


def build(target: str, paths: Paths, extra: list[str] | None = None) -> int:
    if target == "pdf":
        return pdf(paths, extra)
    return sphinx(target, paths, extra)
