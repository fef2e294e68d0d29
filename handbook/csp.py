"""``python -m handbook csp DIR``: the Content-Security-Policy for a built site.

The site runs with no inline script except furo's one-line theme snippet and
the speaker view of the slide decks (``speaker_view_hashes``), each allowed by
its hash, and loads nothing from another origin. Inline styles are
allowed ('unsafe-inline' in style-src) because furo and Sphinx write style
attributes and a style block of theme colors; styles cannot run code.

Every HTML page also carries the policy in a ``<meta http-equiv>`` tag
(``meta_policy``, without the directives a meta tag cannot hold), for hosts
that send no headers. The command prints the header to send with every page, and fails (exit 1)
naming the file when a page has an inline script other than furo's snippet
or an event-handler attribute (``onclick=``...), which the policy would block.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import sys
from pathlib import Path

from bs4 import BeautifulSoup

#: furo's theme snippet, the only inline script a page may have (furo 2025.12.19).
FURO_THEME_SNIPPET = 'document.body.dataset.theme = localStorage.getItem("theme") || "auto";'
#: The snippet exactly as furo's base.html writes it (the hash covers the whitespace too).
FURO_THEME_SCRIPT = "\n      " + FURO_THEME_SNIPPET + "\n    "


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@functools.cache
def speaker_view_hashes() -> frozenset[str]:
    """The inline script of reveal.js's speaker view, allowed by its hash.

    The notes plugin of a deck (``make slides``) writes the speaker view into a new,
    blank window, which inherits the deck's policy; its one inline script comes with
    sphinx-revealjs (``plugin/notes/speaker-view.html``, the same text notes.js writes).
    Read once per process: the meta policy is written into every page of a site build.
    """
    import importlib.util

    spec = importlib.util.find_spec("sphinx_revealjs")
    if spec is None or spec.origin is None:
        return frozenset()
    page = Path(spec.origin).parent / "_static" / "revealjs" / "plugin" / "notes" / "speaker-view.html"
    if not page.is_file():
        return frozenset()
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return frozenset(_hash(script.string) for script in soup.find_all("script")
                     if not script.get("src") and script.string)


def inline_scripts(site: Path) -> tuple[set[str], list[str]]:
    """Hashes of the allowed inline scripts, and the problems found."""
    hashes, problems = set(), []
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8", errors="replace"), "html.parser")
        for script in soup.find_all("script"):
            if script.get("src"):
                continue
            text = script.string or ""
            if text.strip() != FURO_THEME_SNIPPET:
                problems.append(f"{page.relative_to(site)}: inline script {text.strip()[:60]!r}")
            else:
                hashes.add(_hash(text))
        for tag in soup.find_all(True):
            for attr in tag.attrs:
                if attr.lower().startswith("on"):
                    problems.append(f"{page.relative_to(site)}: event handler {attr}= on <{tag.name}>")
    return hashes, problems


#: Directives a ``<meta http-equiv>`` policy ignores (browsers honor them only as a header).
HEADER_ONLY = ("frame-ancestors", "report-uri", "sandbox")


def directives(hashes) -> list[str]:
    return [
        "default-src 'none'",
        "script-src 'self' " + " ".join(sorted(hashes)),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        # The decks' speaker view shows the deck's current and next slide in frames.
        "frame-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'self'",
    ]


def policy(site: Path) -> tuple[str, list[str]]:
    hashes, problems = inline_scripts(site)
    return "; ".join(directives(hashes | speaker_view_hashes())), problems


def meta_policy() -> str:
    """The policy for a ``<meta http-equiv="Content-Security-Policy">`` tag, written into every
    page while it is built, for hosts that send no header of ours (Read the Docs, a plain static
    host): the header's directives that a meta tag supports, with furo's snippet allowed by its
    hash. ``policy()`` on the built site finds the same hash or reports the stray script."""
    allowed = {_hash(FURO_THEME_SCRIPT), *speaker_view_hashes()}
    return "; ".join(d for d in directives(allowed) if d.split()[0] not in HEADER_ONLY)


def run_csp(site: Path, out=None, err=None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    if not (site / "index.html").is_file():
        print(f"error: {site} holds no built site (no index.html); run make html first", file=err)
        return 2
    header, problems = policy(site)
    for problem in problems:
        print(f"error: {problem}; the policy would block it", file=err)
    print(f"Content-Security-Policy: {header}", file=out)
    return 1 if problems else 0
