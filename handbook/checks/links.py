"""``python -m handbook check-links DIR``: every link in a built site resolves.

Offline by design: it reads the built files and never fetches anything. For
every ``.html`` file under DIR it checks that each relative ``href``/``src``
points at a file that exists and, with a ``#fragment``, at an element with that
``id`` (or ``name``). Links that leave DIR (the downloads beside the site) must
point at a file too. External links are counted, not fetched; but a script,
stylesheet, image or font loaded from another origin is an error, because the
site must work with no network.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

RESOURCE_TAGS = {"script": "src", "img": "src", "source": "src", "iframe": "src", "audio": "src", "video": "src"}


@lru_cache(maxsize=None)
def _ids(path: Path) -> frozenset[str]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8", errors="replace"), "html.parser")
    return frozenset([*(t["id"] for t in soup.find_all(id=True)), *(t["name"] for t in soup.find_all(attrs={"name": True}))])


def check_site(root: Path, skip_outside: bool = False) -> tuple[list[str], int]:
    """Problems found (one line each) and the number of external links seen.

    ``skip_outside`` ignores links that leave the site (the downloads beside it),
    for a check run before those files are built.
    """
    problems: list[str] = []
    external = 0
    root = root.resolve()
    _ids.cache_clear()
    for page in sorted(root.rglob("*.html")):
        rel = page.relative_to(root)
        soup = BeautifulSoup(page.read_text(encoding="utf-8", errors="replace"), "html.parser")
        links = [("a", a.get("href")) for a in soup.find_all("a", href=True)]
        links += [("link", link.get("href")) for link in soup.find_all("link", href=True)]
        links += [(tag, node.get(attr)) for tag, attr in RESOURCE_TAGS.items() for node in soup.find_all(tag)
                  if node.get(attr)]
        for tag, url in links:
            parts = urlsplit(url)
            if parts.scheme in ("mailto", "tel", "data", "javascript"):
                continue
            if parts.scheme or url.startswith("//"):
                if tag == "a" or (tag == "link" and not _is_resource_link(soup, url)):
                    external += 1
                else:
                    problems.append(f"{rel}: loads {url} from the network; the site must work offline")
                continue
            target, fragment = parts.path, parts.fragment  # a ?v= cache-buster is not part of the file
            if target.startswith("/"):
                # Root-relative (the 404 page): the site is checked as if served at
                # /, with the downloads beside it (_build/pdf next to _build/html).
                path = (root / unquote(target.lstrip("/"))).resolve()
                if not path.exists():
                    path = (root.parent / unquote(target.lstrip("/"))).resolve()
            else:
                path = (page.parent / unquote(target)).resolve() if target else page
            if skip_outside and not path.is_relative_to(root):
                continue
            if path.is_dir():
                path = path / "index.html"
            if not path.exists():
                problems.append(f"{rel}: broken link {url} (no file {path})")
                continue
            if fragment and path.suffix == ".html" and unquote(fragment) not in _ids(path):
                problems.append(f"{rel}: broken link {url} (no #{fragment} in {path.name})")
    return problems, external


def _is_resource_link(soup: BeautifulSoup, url: str) -> bool:
    node = soup.find("link", href=url)
    rel = set(node.get("rel") or []) if node else set()
    return bool(rel & {"stylesheet", "preload", "icon", "modulepreload", "manifest"})


def run_check_links(dirs: list[Path], out=None, err=None, skip_outside: bool = False) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    failed = False
    for directory in dirs:
        if not (directory / "index.html").is_file():
            print(f"error: {directory} holds no built site (no index.html); run make html first", file=err)
            return 2
        problems, external = check_site(directory, skip_outside)
        for problem in problems:
            print(f"{directory}/{problem}", file=err)
        pages = sum(1 for _ in directory.rglob("*.html"))
        print(f"{directory}: {pages} pages, {len(problems)} broken links, {external} external links (not fetched)",
              file=out)
        failed = failed or bool(problems)
    return 1 if failed else 0
