"""``python -m handbook epubcheck FILE...``: validate EPUBs with EPUBCheck, the W3C validator.

Strict e-readers refuse a book with an error in it (a chapter that is not
well-formed XHTML, a link to a fragment that does not exist). Debian's
``epubcheck`` package ships the validator as a jar; it runs through Java.
``make check`` and the tests run it on both editions' EPUBs; any error or
fatal fails.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

_SUMMARY = re.compile(r"Messages:\s*(?P<fatals>\d+) fatals? / (?P<errors>\d+) errors?")


def command() -> list[str] | None:
    """How to run EPUBCheck here, or None when it is not installed."""
    jar = shutil.which("epubcheck")
    if jar is None:
        return None
    with open(jar, "rb") as handle:
        is_jar = handle.read(2) == b"PK"
    if is_jar:
        java = shutil.which("java")
        return [java, "-jar", jar] if java else None
    return [jar]


def check(epub: Path) -> tuple[list[str], str]:
    """(the error and fatal lines, the whole report) for one EPUB."""
    run = command()
    if run is None:
        raise FileNotFoundError("epubcheck (Debian: apt-get install epubcheck)")
    done = subprocess.run([*run, str(epub)], capture_output=True, text=True, timeout=600)
    report = done.stdout + done.stderr
    problems = [line for line in report.splitlines() if line.startswith(("ERROR", "FATAL"))]
    summary = _SUMMARY.search(report)
    if summary is None and done.returncode != 0 and not problems:
        problems = [f"FATAL: epubcheck ended with status {done.returncode}: {report.strip()[-300:]}"]
    return problems, report


def run_epubcheck(files: list[Path]) -> int:
    if command() is None:
        print("error: epubcheck is not installed; on Debian run: apt-get install epubcheck", file=sys.stderr)
        return 2
    failed = False
    for epub in files:
        problems, _report = check(epub)
        for line in problems:
            print(f"{epub}: {line}", file=sys.stderr)
        print(f"{epub}: {'valid' if not problems else f'{len(problems)} error(s)'}")
        failed |= bool(problems)
    return 1 if failed else 0
