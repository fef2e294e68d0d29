"""Command line of the handbook: ``python -m handbook <command>``.

Commands:
  build html|epub|pdf   strict build of the handbook (what ``make html`` runs)
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m handbook", description="Tools for the sales-practice handbook.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="build the handbook strictly (-n -W --keep-going)")
    build.add_argument("target", choices=["html", "epub", "pdf"], help="what to build")
    build.add_argument("--srcdir", type=Path, default=ROOT / "docs", help="MyST sources (default: docs/)")
    build.add_argument("--confdir", type=Path, default=ROOT, help="folder holding conf.py (default: the repository)")
    build.add_argument("--builddir", type=Path, default=ROOT / "_build", help="where outputs go (default: _build/)")
    build.add_argument("--sphinxopts", default="", help="extra sphinx-build options, as one string")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "build":
        from handbook.build import Paths, build

        paths = Paths(srcdir=args.srcdir, confdir=args.confdir, builddir=args.builddir)
        return build(args.target, paths, shlex.split(args.sphinxopts))
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":
    sys.exit(main())
