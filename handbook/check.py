"""``python -m handbook check``: the gate a maintainer runs before publishing.

1. Both editions build strictly (``-n -W --keep-going``) as HTML and EPUB, and
   as PDF with the handouts and session kits and decks (which the trainer site links)
   when TeX is installed (without TeX the PDFs are skipped with a note, or fail
   when ``HANDBOOK_REQUIRE_ALL=1``, as in CI). A failed xelatex run, or a
   character no font has, fails the check.
2. No participant-facing output (participant HTML, search, EPUB, PDF,
   handouts, kit handouts, deck faces and slides.pdf, ``site/`` outside
   ``trainer/``) holds a run of five words of trainer-only text, and no role
   card holds another role's brief (``handbook/checks/leaks.py``).
3. Every PDF (books, handouts, kits) passes ``check-print``'s layout rules.
4. Both EPUBs pass EPUBCheck with no error and no fatal (when it is installed;
   required under ``HANDBOOK_REQUIRE_ALL=1``).
5. Every link and anchor in both built sites resolves, and nothing is loaded
   from the network (``check-links``).
6. No page (the decks' too) has an inline script other than furo's theme
   snippet, or an event-handler attribute, so the site runs under its
   Content-Security-Policy.
7. codespell finds no misspelling in the sources, the package, the tests and
   the README (``.codespellrc`` holds the project's word list).
8. ``python -m handbook voice``: no British spelling or idiom in ``docs/`` and
   the README (codespell's ``en-GB_to_en-US`` dictionary and our own list).
9. ``python -m handbook overlap``: no two chapters share a run of 13 or more
   words, so no story is told twice.
10. ``../shared/tools/verbatim-check``, when present, finds nothing pasted from
   the source posts.

It stops at the first failing step and says which one failed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from handbook.publish.build import Paths, build, missing_tex
from handbook.csp import policy
from handbook.editions import EDITIONS
from handbook.checks.links import run_check_links


def run_check(root: Path, builddir: Path) -> int:
    require_all = os.environ.get("HANDBOOK_REQUIRE_ALL") == "1"
    targets = ["html", "epub", "pdf"]
    if missing_tex():
        if require_all:
            print("error: make check needs TeX (HANDBOOK_REQUIRE_ALL=1); install the packages named by make pdf",
                  file=sys.stderr)
            return 2
        print(f"note: TeX is not installed ({', '.join(missing_tex())} missing); skipping the PDFs", flush=True)
        targets.remove("pdf")
    for edition in EDITIONS:
        paths = Paths(srcdir=root / "docs", confdir=root, builddir=builddir, edition=edition)
        for target in targets:
            print(f"== check: {edition} {target}", flush=True)
            if build(target, paths) != 0:
                print(f"error: make check failed: the {edition} edition's {target} build", file=sys.stderr)
                return 1
    if "pdf" in targets:
        print("== check: session kits", flush=True)
        if build("kit", Paths(srcdir=root / "docs", confdir=root, builddir=builddir)) != 0:
            print("error: make check failed: the session kits (make kit)", file=sys.stderr)
            return 1
    print("== check: no trainer-only text in a participant output (leakcheck)", flush=True)
    from handbook.checks.leaks import run_check_leaks

    if run_check_leaks(builddir) != 0:
        print("error: make check failed: trainer-only text in participant outputs (listed above)", file=sys.stderr)
        return 1
    if "pdf" in targets:
        print("== check: printed pages (check-print)", flush=True)
        from handbook.checks.layout import run_check_print

        from handbook.publish.slides import DECK_FILES

        # The printed decks are slides, one a page, checked by make slides itself.
        pdfs = sorted([*builddir.glob("pdf/*.pdf"), *builddir.glob("trainer/pdf/*.pdf"),
                       *builddir.glob("handouts/*.pdf"),
                       *(p for p in builddir.glob("kit/*/*.pdf") if p.name not in DECK_FILES)])
        if run_check_print(pdfs) != 0:
            print("error: make check failed: layout problems in the PDFs (listed above)", file=sys.stderr)
            return 1
    print("== check: EPUBs (epubcheck)", flush=True)
    from handbook.checks.epub import command as epubcheck_command, run_epubcheck

    if epubcheck_command() is None and not require_all:
        print("note: epubcheck is not installed (apt-get install epubcheck); the EPUBs are not validated", flush=True)
    elif run_epubcheck([builddir / "epub" / "sales-practice-handbook.epub",
                        builddir / "trainer" / "epub" / "sales-practice-handbook.epub"]) != 0:
        print("error: make check failed: EPUBCheck found errors (listed above)", file=sys.stderr)
        return 1
    print("== check: links", flush=True)
    sites = [builddir / "html", builddir / "trainer" / "html"]
    if "pdf" not in targets:
        print("note: download links to the PDFs are not checked (no PDFs were built)", flush=True)
    if run_check_links(sites, skip_outside=("pdf" not in targets)) != 0:
        print("error: make check failed: broken links (listed above)", file=sys.stderr)
        return 1
    print("== check: content security policy", flush=True)
    for site in [*sites, *sorted(p for p in builddir.glob("slides/*") if (p / "index.html").is_file())]:
        _, problems = policy(site)
        for problem in problems:
            print(f"error: {site}/{problem}; the Content-Security-Policy would block it", file=sys.stderr)
        if problems:
            print("error: make check failed: inline scripts or event handlers (listed above)", file=sys.stderr)
            return 1
    print("== check: spelling (codespell)", flush=True)
    spelling = subprocess.run([sys.executable, "-m", "codespell_lib", "docs", "handbook", "tests", "README.md", "conf.py"],
                              cwd=root)
    if spelling.returncode != 0:
        print("error: make check failed: misspellings (listed above); fix them, or add a real word to "
              "ignore-words-list in .codespellrc", file=sys.stderr)
        return 1
    print("== check: American English (voice)", flush=True)
    from handbook.checks.voice import check_overlap, check_voice

    if check_voice(root) != 0:
        print("error: make check failed: a British spelling or idiom, or a glossary term used in another sense "
              "(each listed above with its fix); use the American form or the glossary's sense. Only a quoted "
              "title that must keep its spelling goes in IGNORE_TITLES in handbook/checks/voice.py",
              file=sys.stderr)
        return 1
    print("== check: no story told twice (overlap)", flush=True)
    if check_overlap(root) != 0:
        print("error: make check failed: two chapters share a run of 13 or more words (listed above); give the "
              "passage one home and link to it with {chapter}`label`", file=sys.stderr)
        return 1
    verbatim = root.parent / "shared" / "tools" / "verbatim-check"
    if verbatim.is_file():
        print("== check: own words (verbatim-check)", flush=True)
        if subprocess.run([sys.executable, str(verbatim), "."], cwd=root).returncode != 0:
            print("error: make check failed: text pasted from the posts (listed above); retell it in our own "
                  "words (drafts/*.post.txt are listed too: delete them once their chapter is written)",
                  file=sys.stderr)
            return 1
    print("make check: every check passed")
    return 0
