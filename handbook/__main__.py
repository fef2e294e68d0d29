"""Command line of the handbook: ``python -m handbook <command>``.

Commands:
  build html|epub|pdf|handouts|kit|slides
                        strict build of the handbook (what ``make html`` runs)
  import FILE...        blog posts (text, HTML, Markdown, feeds, exports) -> sources and chapter drafts
  sources               every source: chapters citing it, closest chapter, near-duplicates
  check-links DIR...    every link in a built site resolves (offline)
  check                 the gate before publishing (what ``make check`` runs)
  csp DIR               the Content-Security-Policy header for a built site
  epubcheck FILE...     validate EPUBs with EPUBCheck
  check-print PDF...    check built PDFs page by page (layout rules)
  proof                 every page of the built PDFs on contact sheets
  site                  both editions and their downloads as one folder, _build/site
  serve-site            nginx on 127.0.0.1 over _build/site, trainer edition behind a login
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from handbook.editions import DEFAULT, EDITIONS

ROOT = Path(__file__).resolve().parent.parent


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m handbook", description="Tools for the sales-practice handbook.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="build the handbook strictly (-n -W --keep-going)")
    build.add_argument("target", choices=["html", "epub", "pdf", "handouts", "kit", "slides"], help="what to build")
    build.add_argument("--group", type=int, default=None, metavar="N",
                       help="kit: print counts for N participants (default: the top of each session's range)")
    build.add_argument("--length", type=int, default=None, metavar="MINUTES",
                       help="kit, slides: cut or lengthen every session to MINUTES from what its steps declare "
                            "(default: as written)")
    build.add_argument("--edition", choices=EDITIONS, default=DEFAULT,
                       help="participant (default) or trainer, which adds trainer notes and session plans")
    build.add_argument("--paper", choices=["a4", "letter"], default="a4", help="PDF paper size (default: a4)")
    build.add_argument("--srcdir", type=Path, default=ROOT / "docs", help="MyST sources (default: docs/)")
    build.add_argument("--confdir", type=Path, default=ROOT, help="folder holding conf.py (default: the repository)")
    build.add_argument("--builddir", type=Path, default=ROOT / "_build", help="where outputs go (default: _build/)")
    build.add_argument("--sphinxopts", default="", help="extra sphinx-build options, as one string")

    imp = commands.add_parser(
        "import", help="import blog posts as source records and chapter drafts",
        description="Import blog posts (scraped text, a saved HTML page, Markdown with front matter, an RSS or "
                    "Atom feed, a Blogger or WordPress export, or a folder or .zip of these): add each published "
                    "post to the bibliography and write a chapter draft beside the cleaned post text.",
    )
    imp.add_argument("files", nargs="+", metavar="FILE",
                     help="a post (text, HTML, Markdown), a feed or export (RSS, Atom, Blogger, WXR), a folder or a .zip")
    imp.add_argument("--title", help="the post's title (one file only)")
    imp.add_argument("--author", help="the post's author (one file only)")
    imp.add_argument("--blog", help="the blog's name (one file only)")
    imp.add_argument("--date", help="the post's date, YYYY-MM-DD (one file only)")
    imp.add_argument("--dry-run", action="store_true", help="show what would be written; write nothing")
    imp.add_argument("--json", action="store_true", help="print one JSON object per post")
    imp.add_argument("--force", action="store_true", help="overwrite drafts that differ from a fresh draft")
    # The importer is loaded only to run an import: every other command (the build
    # above all) works without it, so its default is applied in main().
    imp.add_argument("--offtopic-threshold", type=float, default=None, metavar="X",
                     help="drop comments less similar to the post than X, 0 to 1 (default: the importer's, "
                          "see the maintainer's guide)")
    imp.add_argument("--bib", type=Path, default=ROOT / "docs" / "references.bib", help="the bibliography to add to")
    imp.add_argument("--drafts", type=Path, default=ROOT / "drafts", help="where drafts go (default: drafts/)")
    imp.add_argument("--today", help=argparse.SUPPRESS)

    src = commands.add_parser(
        "sources", help="every source, the chapters citing it, the chapter its text is closest to, near-duplicates",
        description="List every source of the bibliography with the chapters that cite it; for an imported post "
                    "(its cleaned text in DRAFTS/KEY.post.txt) also the chapter its text is closest to (TF-IDF "
                    "cosine, with the shared terms that weigh most) and the posts it nearly duplicates (shared "
                    "five-word runs, with a passage both contain). Exit status 1 when a chapter cites a key the "
                    "bibliography lacks or a file cannot be read.",
    )
    src.add_argument("--docs", type=Path, default=ROOT / "docs", help="the MyST sources (default: docs/)")
    src.add_argument("--bib", type=Path, default=None, help="the bibliography (default: DOCS/references.bib)")
    src.add_argument("--drafts", type=Path, default=None,
                     help="where the importer wrote the posts' text (default: drafts/, skipped if absent)")
    src.add_argument("--json", action="store_true", help="print one JSON object per source")
    src.add_argument("--duplicate-threshold", type=float, default=None, metavar="X",
                     help="report two posts as near-duplicates from this Jaccard similarity, 0 to 1 "
                          "(default: 0.3, see the maintainer's guide)")

    links = commands.add_parser("check-links", help="check every link of a built site (offline)")
    links.add_argument("dirs", nargs="+", type=Path, metavar="DIR", help="a built site, such as _build/html")
    links.add_argument("--skip-downloads", action="store_true",
                       help="ignore links that leave the site (the PDF and EPUB beside it, when not built)")

    proof = commands.add_parser("proof", help="every page of the built PDFs on contact sheets (_build/proof)")
    proof.add_argument("--builddir", type=Path, default=ROOT / "_build", help="where outputs go (default: _build/)")

    prints = commands.add_parser("check-print", help="check built PDFs page by page (layout rules)")
    prints.add_argument("files", nargs="+", type=Path, metavar="PDF", help="a built PDF")

    epub = commands.add_parser("epubcheck", help="validate EPUBs with EPUBCheck (zero errors, zero fatals)")
    epub.add_argument("files", nargs="+", type=Path, metavar="FILE", help="an EPUB file")

    csp = commands.add_parser("csp", help="print the Content-Security-Policy header for a built site")
    csp.add_argument("site", type=Path, metavar="DIR", help="a built site, such as _build/html")

    voice = commands.add_parser("voice", help="British spelling and idiom in docs/ and README.md")
    voice.add_argument("paths", nargs="*", default=["docs", "README.md"], metavar="PATH",
                       help="files or folders, relative to the repository (default: docs README.md)")

    overlap = commands.add_parser("overlap", help="runs of 13 or more words that two chapters share")
    overlap.add_argument("--words", type=int, default=13, metavar="N", help="shortest run reported (default: 13)")

    site = commands.add_parser("site", help="both editions and their downloads as one deployable folder (_build/site)")
    site.add_argument("--builddir", type=Path, default=ROOT / "_build", help="where outputs go (default: _build/)")
    site.add_argument("--srcdir", type=Path, default=ROOT / "docs", help="MyST sources (default: docs/)")
    site.add_argument("--sphinxopts", default="", help="extra sphinx-build options, as one string")

    serve_site = commands.add_parser("serve-site", help="serve _build/site with nginx on 127.0.0.1 (foreground)")
    serve_site.add_argument("--site", type=Path, default=ROOT / "_build" / "site", help="the built site")
    serve_site.add_argument("--port", type=int, default=8080, help="port on 127.0.0.1 (default: 8080)")
    serve_site.add_argument("--htpasswd", type=Path, default=None,
                            help="the trainer logins (default: a throwaway one for the user trainer, password "
                                 "from TRAINER_PASSWORD or printed)")

    check = commands.add_parser("check", help="strict builds of both editions, links, spelling, own words")
    check.add_argument("--builddir", type=Path, default=ROOT / "_build", help="where outputs go (default: _build/)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "build":
        from handbook.publish.build import Paths, build

        paths = Paths(srcdir=args.srcdir, confdir=args.confdir, builddir=args.builddir, edition=args.edition,
                      paper=args.paper, extra=shlex.split(args.sphinxopts))
        return build(args.target, paths, people=args.group, length=args.length)
    if args.command == "import":
        from handbook.importer import DEFAULT_OFFTOPIC, run_import

        if args.offtopic_threshold is None:
            args.offtopic_threshold = DEFAULT_OFFTOPIC

        return run_import(args)
    if args.command == "sources":
        from handbook.importer.sources import run_sources

        return run_sources(args.docs, args.bib or args.docs / "references.bib", drafts=args.drafts or ROOT / "drafts",
                           drafts_given=args.drafts is not None, as_json=args.json,
                           duplicate_threshold=args.duplicate_threshold)
    if args.command == "check-links":
        from handbook.checks.links import run_check_links

        return run_check_links(args.dirs, skip_outside=args.skip_downloads)
    if args.command == "proof":
        from handbook.publish.proof import run_proof

        return run_proof(args.builddir)
    if args.command == "check-print":
        from handbook.checks.layout import run_check_print

        return run_check_print(args.files)
    if args.command == "epubcheck":
        from handbook.checks.epub import run_epubcheck

        return run_epubcheck(args.files)
    if args.command == "csp":
        from handbook.csp import run_csp

        return run_csp(args.site)
    if args.command == "voice":
        from handbook.checks.voice import check_voice

        return check_voice(ROOT, args.paths)
    if args.command == "overlap":
        from handbook.checks.voice import check_overlap

        return check_overlap(ROOT, args.words)
    if args.command == "site":
        from handbook.publish.site import run_site

        return run_site(args.builddir, srcdir=args.srcdir, sphinxopts=shlex.split(args.sphinxopts))
    if args.command == "serve-site":
        from handbook.publish.site import run_serve_site

        return run_serve_site(args.site, args.port, args.htpasswd)
    if args.command == "check":
        from handbook.check import run_check

        return run_check(ROOT, args.builddir)
    return 2  # pragma: no cover - argparse rejects unknown commands


class _ReaderMayStop:
    """Standard output for ``python -m handbook``: when the reader of a pipe stops reading
    (``python -m handbook import ... --json | head -1``), the rest of the output goes to /dev/null and the
    command finishes its work and exits with its own status. Without it, Python raises BrokenPipeError at
    the next print: a traceback, and an import stopped between writing its drafts and their sources."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def _reader_gone(self) -> None:
        os.dup2(os.open(os.devnull, os.O_WRONLY), self._stream.fileno())

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._reader_gone()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._reader_gone()

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def _command() -> int:
    sys.stdout = _ReaderMayStop(sys.stdout)
    status = main()
    sys.stdout.flush()
    return status


if __name__ == "__main__":
    sys.exit(_command())
