"""Restore the real-world corpus (tests/corpus/files/, never committed) from local git mirrors.

    python tests/corpus/restore.py [MIRRORS]

MIRRORS (default: $HANDBOOK_MIRRORS or /work/.mirror) holds one bare repository per project, as
``OWNER+NAME/repo``. Each manifest entry's file is extracted at its recorded commit with ``git show``;
an entry whose path is a folder gets every file under it. A project with no mirror is reported and left
out: the corpus tests run on what was restored.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"


def local_path(entry: dict) -> Path:
    return FILES / entry["repo"].replace("/", "+") / entry["path"]


def main(argv: list[str]) -> int:
    mirrors = Path(argv[0] if argv else os.environ.get("HANDBOOK_MIRRORS", "/work/.mirror"))
    entries = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
    restored, missing = 0, set()
    for entry in entries:
        git_dir = mirrors / entry["repo"].replace("/", "+") / "repo"
        if not git_dir.is_dir():
            missing.add(entry["repo"])
            continue
        git = ["git", "--git-dir", str(git_dir)]
        listing = subprocess.run([*git, "ls-tree", "-r", "--name-only", entry["commit"], "--", entry["path"]],
                                 capture_output=True, text=True)
        if listing.returncode != 0 or not listing.stdout.strip():
            print(f"{entry['repo']}: {entry['path']} is not at {entry['commit'][:12]} in {git_dir}", file=sys.stderr)
            continue
        for name in listing.stdout.splitlines():
            target = FILES / entry["repo"].replace("/", "+") / name
            target.parent.mkdir(parents=True, exist_ok=True)
            data = subprocess.run([*git, "show", f"{entry['commit']}:{name}"], capture_output=True, check=True).stdout
            target.write_bytes(data)
        restored += 1
    for repo in sorted(missing):
        print(f"no mirror of {repo} under {mirrors}: its files are left out", file=sys.stderr)
    print(f"{restored} of {len(entries)} corpus entries restored into {FILES}")
    return 0 if restored else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
