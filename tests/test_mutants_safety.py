"""Every rule of ``sphinxext/safety.py`` in one build: what a maintainer reads and what a reader gets.

A project of many small pages, one hostile or mistaken source on each (so each
warning has its own file and line, and a page cut short by too deep a structure
hides nothing else), beside pages that do what is allowed. One participant
build (as ``make html``) must fail with exactly the expected warnings, each with
its file, line, type and whole message; no secret reaches any output; every
allowed include, table, image, download and link is published. A second, tiny
trainer-edition build shows that a session page may show a session file.

mutmut runs, for a mutant, only the tests that reached the mutated function, and
a module-scoped build counts for the first test that asks for it; so each build
has one test that reads everything that build shows. These are the fast tests
``tests/mutation.py`` runs for ``safety.py`` (``test_hostile.py`` builds one
project per case). They replace this file's earlier tests, one build each: the
whole message a maintainer reads for each refusal, an allowed folder beside the
sources, includes, tables and links that are published, a link behind a control
character or in capitals over two lines, a missing include's error.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from handbook.__main__ import main
from handbook.sphinxext.safety import SCAN_LIMIT, bounded, nesting_problems

SECRET = "SECRET-FILE-CONTENT-7Q"
CONF = """extensions = ["myst_parser", "handbook.sphinxext"]
myst_enable_extensions = ["colon_fence"]
handbook_shape_checks = False
handbook_include_paths = ["../shared"]
myst_disable_syntax = ["emphasis"]
project = "Safety"
copyright = "2026"
version = release = "1"
"""
CARD = (Path(__file__).parent.parent / "handbook" / "sphinxext" / "static" / "handbook-card.png").read_bytes()
OUTSIDE = ("is outside the handbook's sources; only files inside the source folder can be included (copy the file "
           "into docs/, or name its folder in handbook_include_paths)")
RAW = ("raw output is switched off in this handbook (it could carry scripts into readers' browsers); write the "
       "content in Markdown or add a block to the extension")
META = ("is not allowed (a redirect or a policy would change what readers get); use description, keywords, "
        "author")
LINK = "which the handbook does not allow (allowed: http, https, mailto, tel, or a relative link)"
DEEP = ("levels deep: the handbook allows 8 levels (deeper ones make the Markdown parser drop the rest of the "
        "page); flatten it")
TRAINER_FIX = ("and the page {page} is for participants; a participant page cannot show a trainer file: move the "
               "shared text into its own file without trainer blocks, or pull a block in with {use-block}")
SESSIONS = "lies in a trainer-only folder ('sessions' in handbook_trainer_only)"

FOOTNOTE = ("the footnote '{ref}' is numbered by docutils ([#]_, [#name]_ or [*]_), which MyST leaves unnumbered "
            "inside {eval-rst} (it numbers its own footnotes only), so it would print as '[]' or stop the build; number "
            "it yourself ('[1]_' with '.. [1] ...') or write it in Markdown ('[^note]' with '[^note]: ...')")
DL_LONG = "javascript://%0Aalert('DL-1-an-address-longer-than-sixty-letters')"
# page: (text, the start of the line the warning names, type, message ({src}: the source folder, {page}: the
# page's file), a payload no output may hold (or None)). Each page is "# <page>", "Before.", the text, "After.".
HOSTILE = {
    "raw-directive": ("```{eval-rst}\n.. raw:: html\n\n   <script>alert('RAW-1')</script>\n```\n", ".. raw::", "raw",
                      RAW, "RAW-1"),
    "raw-role": ("```{eval-rst}\n.. role:: rawhtml(raw)\n   :format: html\n\n:rawhtml:`<script>alert('RAW-2')</script>`"
                 "\n```\n", ":rawhtml:", "raw", RAW, "RAW-2"),
    # a second role derived from raw, in a later {eval-rst} block (docutils' nested parse knows no source there)
    "raw-role-again": ("```{eval-rst}\n.. role:: other(raw)\n   :format: html\n\n:other:`<script>alert('RAW-3')</script>`"
                       "\n```\n", ":other:", "raw", RAW, "RAW-3"),
    "docutils-include": ("```{eval-rst}\n.. include:: <isonum.txt>\n```\n", ".. include::", "include",
                         f"the docutils include file '<isonum.txt>' {OUTSIDE}", None),
    "myst-include": ("```{include} ../secret.txt\n:literal:\n```\n", "```{include}", "include",
                     f"the file '../secret.txt' {OUTSIDE}", SECRET),
    "myst-include-absolute": ("```{include} /../secret.txt\n```\n", "```{include}", "include",
                              f"the file '/../secret.txt' {OUTSIDE}", SECRET),
    "literalinclude": ("```{literalinclude} ../secret.txt\n```\n", "```{literalinclude}", "include",
                       f"the file '../secret.txt' {OUTSIDE}", SECRET),
    "symlink": ("```{literalinclude} innocent.txt\n```\n", "```{literalinclude}", "include",
                f"the file 'innocent.txt' {OUTSIDE}", SECRET),
    "rst-include": ("Text.\n\n```{eval-rst}\nMore text.\n\n.. include:: ../secret.txt\n```\n", ".. include::",
                    "include", f"the file '../secret.txt' {OUTSIDE}", SECRET),
    "sibling-include": ("```{include} ../src-private/notes.txt\n```\n", "```{include}", "include",
                        f"the file '../src-private/notes.txt' {OUTSIDE}", SECRET),
    "sibling-literalinclude": ("```{literalinclude} ../src-private/notes.txt\n```\n", "```{literalinclude}",
                               "include", f"the file '../src-private/notes.txt' {OUTSIDE}", SECRET),
    "csv-file": ("```{eval-rst}\n.. csv-table:: Data\n   :file: ../secret.txt\n```\n", ".. csv-table::", "include",
                 f"the CSV file '../secret.txt' {OUTSIDE}", SECRET),
    "csv-url": ("```{eval-rst}\n.. csv-table:: Data\n   :url: https://example.org/x.csv\n```\n", ".. csv-table::",
                "include", "csv-table ':url: https://example.org/x.csv' would fetch a file from the network while "
                           "building; copy the file into docs/ and use ':file:'", "example.org/x.csv"),
    "image-outside": ("![A picture](../secret.png)\n", "![A picture]", "include",
                      "the image '../secret.png' is outside the handbook's sources; copy it into docs/", "secret.png"),
    "image-sibling": ("![A picture](../src-private/secret.png)\n", "![A picture]", "include",
                      "the image '../src-private/secret.png' is outside the handbook's sources; copy it into docs/",
                      "secret.png"),
    "image-glob-outside": ("```{image} ../secret.*\n```\n", "```{image}", "include",
                           "the image '../secret.*' is outside the handbook's sources; copy it into docs/",
                           "secret.png"),
    "image-scheme": ("![A picture](ftp://example.org/a.png)\n", "![A picture]", "link",
                     "the image 'ftp://example.org/a.png' uses a scheme the handbook does not allow; use an image "
                     "file inside docs/", "ftp://example.org"),
    "image-data": (f"![A picture](data:image/png;base64,{'iVBORw0KGgo' * 8})\n", "![A picture]", "link",
                   f"the image '{('data:image/png;base64,' + 'iVBORw0KGgo' * 8)[:60]}' uses a scheme the handbook "
                   "does not allow; use an image file inside docs/", "iVBORw0KGgo"),
    "image-protocol-relative": ("![A picture](//evil.example/a.png)\n", "![A picture]", "link",
                                "the image '//evil.example/a.png' uses a scheme the handbook does not allow; use an "
                                "image file inside docs/", "evil.example"),
    "download-outside": ("Get {download}`the web file <https://example.org/f.pdf>` or {download}`the file "
                         "<../secret.txt>`.\n", "Get {download}", "include",
                         "the download '../secret.txt' is outside the handbook's sources; copy it into docs/",
                         SECRET),
    # Sphinx reads an address without '://' from the disk, whatever it starts with, and nothing is cut at a '?'
    "image-query-outside": ("![A picture](x?/../../secret.png)\n", "![A picture]", "include",
                            "the image 'x?/../../secret.png' is outside the handbook's sources; copy it into docs/",
                            "secret.png"),
    "image-https-path": ("![A picture](https:/../../secret.png)\n", "![A picture]", "include",
                         "the image 'https:/../../secret.png' is outside the handbook's sources; copy it into docs/",
                         "secret.png"),
    # a web picture first does not end the check of the page's other pictures
    "image-after-web": ("![Web](https://example.org/ok.png) and ![A picture](../src-private/secret.png)\n", "![Web]",
                        "include", "the image '../src-private/secret.png' is outside the handbook's sources; copy it "
                                   "into docs/", "secret.png"),
    # a pattern that matches nothing, in a folder outside the sources
    "image-glob-outside-none": ("```{image} ../nothing.*\n```\n", "```{image}", "include",
                                "the image '../nothing.*' is outside the handbook's sources; copy it into docs/", None),
    "download-drive-path": ("Fetch {download}`the drive file <c:/../../secret.txt>`.\n", "Fetch {download}", "include",
                            "the download 'c:/../../secret.txt' is outside the handbook's sources; copy it into docs/",
                            SECRET),
    "download-javascript": (f"Fetch {{download}}`the script <{DL_LONG}>`.\n", "Fetch {download}", "link",
                            f"a link to '{DL_LONG[:60]}' uses the scheme 'javascript:', {LINK}", "DL-1"),
    "javascript-link": ("```{eval-rst}\n.. _inner-target:\n\nSee inner-target_ and `Click me <javascript:alert('JS-1')>`_"
                        "\n```\n", "See inner-target_", "link",
                        f"a link to 'javascript:alert('JS-1')' uses the scheme 'javascript:', {LINK}", "JS-1"),
    # two links whose first 40 characters are the same: each is reported on its own line
    "javascript-same-start": ("```{eval-rst}\n`One <javascript:alert('a-long-message-that-both-links-share-1')>`_\n```\n",
                              "`One", "link", "a link to 'javascript:alert('a-long-message-that-both-links-share-1')' "
                                              f"uses the scheme 'javascript:', {LINK}", "both-links-share"),
    "javascript-same-start-again": ("```{eval-rst}\n`Two <javascript:alert('a-long-message-that-both-links-share-2')>`_"
                                    "\n```\n", "`Two", "link",
                                    "a link to 'javascript:alert('a-long-message-that-both-links-share-2')' uses the "
                                    f"scheme 'javascript:', {LINK}", "both-links-share"),
    "javascript-capitals-two-lines": ("```{eval-rst}\nSome text first.\n\n`Click me <JAVAscript:\nalert('JS-3')>`_"
                                      " and more.\n```\n", "`Click me", "link",
                                      f"a link to 'JAVAscript:alert('JS-3')' uses the scheme 'javascript:', {LINK}",
                                      "JS-3"),
    "javascript-control-character": ("```{eval-rst}\n`Click me <\x01java\tscript:alert('JS-4')>`_\n```\n",
                                     "`Click me", "link",
                                     f"a link to '\x01javascript:alert('JS-4')' uses the scheme 'javascript:', {LINK}",
                                     "JS-4"),
    "image-target": ("```{eval-rst}\n.. image:: card.png\n   :target: javascript:alert('JS-2')\n```\n",
                     "   :target:", "link",
                     f"a link to 'javascript:alert('JS-2')' uses the scheme 'javascript:', {LINK}", "JS-2"),
    "data-link": (f"```{{eval-rst}}\n`Open <data:text/html;base64,{'PHNjcmlwdD4=' * 6}>`_\n```\n", "`Open", "link",
                  f"a link to '{('data:text/html;base64,' + 'PHNjcmlwdD4=' * 6)[:60]}' uses the scheme 'data:', {LINK}",
                  "data:text/html"),
    "meta-property": ("```{eval-rst}\n.. meta::\n   :property=og:image: https://evil.example/og.png\n```\n",
                      "   :property=og:image", "meta", f"page metadata 'name=og:image' {META}", "evil.example/og.png"),
    "meta-refresh": ("```{eval-rst}\n.. meta::\n   :http-equiv=refresh: 0; url=https://evil.example/\n```\n",
                     "   :http-equiv=refresh", "meta", f"page metadata 'http-equiv=refresh' {META}", "evil.example"),
    "meta-front-matter": ("---\nmyst:\n  html_meta:\n    http-equiv=Refresh: 0; url=https://evil.example/front\n---\n",
                          "    http-equiv=Refresh", "meta", f"page metadata 'http-equiv=Refresh' {META}",
                          "evil.example/front"),
    "meta-name": ("```{eval-rst}\n.. meta::\n   :robots: noarchive-7Q\n```\n", "   :robots:", "meta",
                  f"page metadata 'name=robots' {META}", "noarchive-7Q"),
    # a tag with a name and an http-equiv is refused for the http-equiv; one with neither is named by its attribute
    "meta-name-and-policy": ("```{eval-rst}\n.. meta::\n   :description http-equiv=content-security-policy: default-src *"
                             "\n```\n", "   :description http-equiv", "meta",
                             f"page metadata 'http-equiv=content-security-policy' {META}", "default-src"),
    "meta-charset": ("```{eval-rst}\n.. meta::\n   :charset=koi8-r: x\n```\n", "   :charset", "meta",
                     f"page metadata 'charset=koi8-r' {META}", "koi8-r"),
    # MyST numbers only its own footnotes: one numbered or marked by docutils is refused on its own line (a
    # Markdown link text '[#1 tip]' and a hand-numbered note before it on the page are not it)
    "footnote-auto": ("See [#1 tip](https://example.org/) first.\n\n```{eval-rst}\nA hand note [2]_.\n\n"
                      "A claim [#]_.\n\n.. [2] Hand.\n\n.. [#] One.\n```\n", "A claim [#]_", "footnote",
                      FOOTNOTE.replace("{ref}", "[#]_"), None),
    "footnote-auto-again": ("```{eval-rst}\nAnother claim [#]_ (a hand-numbered note with no text [9]_ is docutils' "
                            "error, not this one).\n\n.. [#] Two.\n```\n", "Another claim [#]_", "footnote",
                            FOOTNOTE.replace("{ref}", "[#]_"), None),
    "footnote-mark": ("```{eval-rst}\nA mark [*]_.\n\n.. [*] Three.\n```\n", "A mark [*]_", "footnote",
                      FOOTNOTE.replace("{ref}", "[*]_"), None),
    "footnote-named": ("```{eval-rst}\nA name [#Tip]_.\n\n.. [#tip] Four.\n```\n", "A name [#Tip]_", "footnote",
                       FOOTNOTE.replace("{ref}", "[#Tip]_"), None),
    "deep-list": ("".join("  " * i + "+ level\n" for i in range(10)) + "\n", "                + level", "nesting",
                  f"a list 9 {DEEP}", None),
    "deep-numbered-list": ("".join("   " * i + "1. level\n" for i in range(10)) + "\n", "                        1.",
                           "nesting", f"a list 9 {DEEP}", None),
    "deep-quote": ("> " * 9 + "deep\n", "> > >", "nesting", f"a blockquote 9 {DEEP}", None),
    "trainer-literalinclude": ("```{literalinclude} sessions/plan.md\n```\n", "```{literalinclude}", "include",
                               "the literal-included file 'sessions/plan.md' ({src}/sessions/plan.md) "
                               f"{SESSIONS}, {TRAINER_FIX}", "PLAN-TEXT"),
    "trainer-include-cut": ("```{include} notes.txt\n:start-after: Debrief\n```\n", "```{include}", "include",
                            "the included file 'notes.txt' ({src}/notes.txt) holds trainer material (a {trainer-note} block on line "
                            f"2), {TRAINER_FIX}",
                            "NOTE-FILE-TEXT"),
    "trainer-rst-include": ("```{eval-rst}\n.. include:: notes.rst\n```\n", ".. include::", "include",
                            "the included file 'notes.rst' ({src}/notes.rst) holds trainer material (a "
                            f"{{trainer-note}} block on line 3), {TRAINER_FIX}", "RST-NOTE-TEXT"),
    "trainer-csv": ("```{eval-rst}\n.. csv-table:: Plan\n   :file: sessions/plan.csv\n```\n", ".. csv-table::",
                    "include", "the CSV file 'sessions/plan.csv' ({src}/sessions/plan.csv) "
                               f"{SESSIONS}, {TRAINER_FIX}", "CSV-PLAN-CELL"),
    "trainer-download": ("Get {download}`the plan <sessions/plan.md>`.\n", "Get {download}", "include",
                         f"the download 'sessions/plan.md' ({{src}}/sessions/plan.md) {SESSIONS}, {TRAINER_FIX}",
                         "PLAN-TEXT"),
    "trainer-image-glob": ("```{image} sessions/chart.*\n```\n", "```{image}", "include",
                           f"the image 'sessions/chart.*' ({{src}}/sessions/chart.png) {SESSIONS}, {TRAINER_FIX}",
                           None),
    # the whole path is a pattern for Sphinx: a wildcard in a folder's name finds the session chart too
    "trainer-image-folder-glob": ("```{image} sess*/chart.*\n```\n", "```{image}", "include",
                                  f"the image 'sess*/chart.*' ({{src}}/sessions/chart.png) {SESSIONS}, {TRAINER_FIX}",
                                  None),
    "trainer-figure": ("```{figure} sessions/chart.png\nA chart.\n```\n", "```{figure}", "include",
                       f"the image 'sessions/chart.png' ({{src}}/sessions/chart.png) {SESSIONS}, {TRAINER_FIX}",
                       None),
    "minutes-zero": (":::{exercise} Practice\n:minutes: 0\nDo it.\n:::\n", ":::{exercise}", "exercise",
                     "bad value for ':minutes:': 0 is less than 1, outside the handbook's limits for ':minutes:' (1 to 600; see 'Bounds' in "
                     "the maintainer's guide)", None),
    "minutes-high": (":::{exercise} Practice\n:minutes: 601\nDo it.\n:::\n", ":::{exercise}", "exercise",
                     "bad value for ':minutes:': 601 is more than 600, outside the handbook's limits for ':minutes:' (1 to 600; see 'Bounds' "
                     "in the maintainer's guide)", None),
    "minutes-words": (":::{exercise} Practice\n:minutes: " + "ten " * 12 + "\nDo it.\n:::\n", ":::{exercise}", "exercise",
                      "bad value for ':minutes:': '" + ("ten " * 12)[:40] + "' is not a whole number from 1 to 600", None),
    "minutes-huge": (":::{exercise} Practice\n:minutes: 1234567890123\nDo it.\n:::\n", ":::{exercise}", "exercise",
                     "bad value for ':minutes:': 123456789012... is more than 600, the handbook's limit for ':minutes:'", None),
    "notes-high": (":::{exercise} Practice\n:notes: 101\nDo it.\n:::\n", ":::{exercise}", "exercise",
                   "bad value for ':notes:': 101 is more than 100, outside the handbook's limits for ':notes:' (1 to 100; see 'Bounds' in "
                   "the maintainer's guide)", None),
}
# Pages whose include names a file missing inside the sources (the directive's own error, not a refusal).
MISSING = {"missing-include": "```{include} parts/missing.md\n```\n",
           "missing-rst-include": "```{eval-rst}\nText.\n\n.. include:: parts/missing.rst\n```\n"}
# page: (text, what the published page shows). Nothing here warns.
ALLOWED = {
    "includes": ("```{include} parts/terms.md\n```\n\n```{literalinclude} /parts/code.txt\n```\n\n"
                 "```{eval-rst}\n.. include:: parts/terms.md\n```\n\n```{include} <draft.md\n```\n\n"
                 "```{include} parts/snippet.py\n:code: python\n```\n\n```{include} parts/shared.txt\n```\n",
                 ("INCLUDED-FROM-PARTS", "INCLUDED-FROM-PARTS", "LITERALFROMPARTS", "INCLUDED-FROM-DRAFT",
                  "SNIPPET-FROM-PARTS", "SHARED-TEXT")),
    # a data file longer than any page is read for trainer blocks only as far as safety.SCAN_LIMIT
    "big-download": ("Get {download}`the large data <big.txt>`.\n", ("the large data",)),
    "include-paths": ("```{include} ../shared/terms.md\n```\n", ("INCLUDED-FROM-SHARED",)),
    "tables": ("```{eval-rst}\n.. csv-table:: Inline\n\n   Plan,Price\n   Solo,INLINECELL\n\n"
               ".. csv-table:: From a file\n   :file: prices.csv\n```\n", ("INLINECELL", "FROMFILE")),
    "markdown": ("Inline <b>BOLD-HTML</b> and *NOT-EMPHASIZED* text.\n\n<div>HTML-BLOCK</div>\n\n"
                 "![An old picture](http://example.org/old.png)\n",
                 ("<b>BOLD-HTML</b>", "*NOT-EMPHASIZED*", "<div>HTML-BLOCK</div>")),
    "links": ("```{eval-rst}\n`Home <other.html>`_, `Site <https://example.org/>`_, `Mail <mailto:a@example.org>`_ "
              "and `Call <tel:+15550100>`_.\n```\n\n![A web picture](https://example.org/web.png)\n\n"
              "![A far picture](https://example.org/a/../../../../far.png)\n\n"
              "![A card](card.png)\n\n```{image} card.*\n```\n\nGet {download}`the price list <prices.csv>` or "
              "{download}`the web file <https://example.org/file.pdf>`.\n\n"
              "```{eval-rst}\n.. meta::\n   :description: A page of links\n```\n",
              ("Home", "Site", "Mail", "Call", "the price list", "the web file")),
    "footnotes": ("A note[^a] in Markdown.\n\n[^a]: MYST-NOTE-TEXT\n\n```{eval-rst}\nA hand note [7]_.\n\n"
                  ".. [7] HAND-NOTE-TEXT\n```\n", ("MYST-NOTE-TEXT", "HAND-NOTE-TEXT")),
    "shallow": ("".join("  " * i + "- level\n" for i in range(8)) + "\n" + "> " * 8 + "quoted\n\n"
                "```\n" + "".join("  " * i + "- fenced\n" for i in range(12)) + "```\n\nPast the fence.\n\n"
                ":::{exercise} Practice\n:minutes: 600\n:notes: 1\nDo it.\n:::\n",
                ("quoted", "Past the fence.", "600 minutes")),
}


def _page_of(name: str, kind: str) -> str:
    """The page a case is on: cases of a kind share a page (a build of few pages is fast); front matter and
    too deep a structure (the parser drops what follows) get their own."""
    if kind == "nesting" or HOSTILE[name][0].startswith("---\n"):
        return name
    if kind == "include":
        return "trainer-files" if name.startswith("trainer-") else "files"
    return {"exercise": "bounds"}.get(kind, "markup")


def _pages() -> dict[str, tuple[str, dict[str, int]]]:
    """Each page's text and the line each of its cases starts on: its title, "Before.", the cases with
    "Between." after each, "After." (front matter first, before the title)."""
    cases: dict[str, list[tuple[str, str]]] = {}
    for name, (text, _marker, kind, _message, _payload) in HOSTILE.items():
        cases.setdefault(_page_of(name, kind), []).append((name, text))
    cases["missing"] = list(MISSING.items())
    cases["allowed"] = [(name, text) for name, (text, _shows) in ALLOWED.items()]
    pages = {}
    for page, listed in cases.items():
        front, text, starts = "", f"# {page}\n\nBefore.\n\n", {}
        for name, case in listed:
            starts[name] = (front + text).count("\n") + 1
            if case.startswith("---\n"):
                end = case.index("---\n", 4) + 4
                front, case, starts[name] = case[:end] + "\n", case[end:], 1
            text += case + "\nBetween.\n\n"
        pages[page] = (front + text + "After.\n", starts)
    return pages


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("safety")
    src = tmp / "src"
    for folder in ("parts", "sessions", "../src-private", "../shared"):
        (src / folder).mkdir(parents=True)
    files = {
        "../secret.txt": f"{SECRET}\nroot:x:0:0\n", "../src-private/notes.txt": f"{SECRET}\n",
        "../shared/terms.md": "INCLUDED-FROM-SHARED\n", "conf.py": CONF,
        "parts/terms.md": "INCLUDED-FROM-PARTS\n", "parts/code.txt": "LITERALFROMPARTS\n",
        "parts/snippet.py": "print('SNIPPET-FROM-PARTS')\n", "<draft.md": "INCLUDED-FROM-DRAFT\n",
        "parts/shared.txt": "SHARED-TEXT: no block here, though it names a trainer-note in words.\n",
        "prices.csv": "Plan,Price\nTeam,FROMFILE\n", "sessions/plan.md": "# Plan\n\nPLAN-TEXT\n",
        "sessions/plan.csv": "Step,Time\nCSV-PLAN-CELL,5\n",
        "notes.txt": "\n:::{trainer-note} Debrief\nNOTE-FILE-TEXT for trainers.\n:::\n",
        "notes.rst": "Intro.\n\n.. trainer-note:: Debrief\n\n   RST-NOTE-TEXT for trainers.\n",
    }
    for name, text in files.items():
        (src / name).write_text(text, encoding="utf-8")
    for name in ("../secret.png", "../src-private/secret.png"):
        (src / name).write_bytes(b"\x89PNG\r\n\x1a\n" + SECRET.encode())
    for name in ("card.png", "sessions/chart.png"):
        (src / name).write_bytes(CARD)
    (src / "innocent.txt").symlink_to(tmp / "secret.txt")
    (src / "big.txt").write_bytes(b"x" * SCAN_LIMIT + b"\n:::{trainer-note}\n")
    pages = _pages()
    for name, (text, _starts) in pages.items():
        (src / f"{name}.md").write_text(text, encoding="utf-8")
    (src / "index.md").write_text("# Safety\n\n```{toctree}\n" + "\n".join(pages) + "\n```\n", encoding="utf-8")
    return src


def _expected(src: Path) -> list[str]:
    pages = _pages()
    lines = []
    for name, (text, marker, kind, message, _payload) in HOSTILE.items():
        page = _page_of(name, kind)
        where = src / f"{page}.md"
        number = next(n for n, line in enumerate(pages[page][0].splitlines(), 1)
                      if n >= pages[page][1][name] and line.startswith(marker))
        message = message.replace("{src}", str(src)).replace("{page}", str(where))
        lines.append(f"{where}:{number}: WARNING: {kind}: {message} [handbook.{kind}]")
    return sorted(lines)


def _reported(err: str) -> list[str]:
    """The handbook's warnings."""
    return sorted(re.findall(r"^.*: WARNING: [a-z-]+: .* \[handbook\.[a-z-]+\]$", err, re.M))


def test_a_hostile_source_fails_on_its_line_and_publishes_nothing_while_allowed_files_are_published(project,
                                                                                                   capsys):
    src = project
    capsys.readouterr()
    status = main(["build", "html", "--srcdir", str(src), "--confdir", str(src),
                   "--builddir", str(src.parent / "b")])
    err = capsys.readouterr().err
    assert status != 0
    reported, expected = _reported(err), _expected(src)
    assert ([line for line in expected if line not in reported], [line for line in reported if line not in expected]) \
        == ([], []), err
    # A file missing inside the sources is the directive's own error, with the file (and the line for reST).
    missing = _pages()["missing"]
    line = missing[1]["missing-include"]
    assert (f"{src / 'missing.md'}:{line}: CRITICAL: Directive \"include\": file not found: "
            f"'{src / 'parts' / 'missing.md'}' [docutils]") in err.splitlines(), err
    line = missing[1]["missing-rst-include"] + 3
    assert f'{src / "missing.md"}:{line}: CRITICAL: Problems with "include" directive path:' in err.splitlines(), err
    assert "Traceback" not in err
    out = src.parent / "b" / "html"
    for name, (_text, _marker, kind, _message, payload) in HOSTILE.items():
        if payload:
            leaks = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()
                     and payload.encode() in p.read_bytes()]
            assert leaks == [], name
    for page in _pages():
        html = (out / f"{page}.html").read_text(encoding="utf-8")
        assert "javascript:" not in html.lower() and "<script>alert" not in html, page
        text = " ".join(BeautifulSoup(html, "html.parser").select_one("[role=main]").get_text(" ").split())
        assert "Before." in text and ("After." in text or page in HOSTILE), page
    # A refused link or download keeps its words as plain text.
    texts = {page: " ".join(BeautifulSoup((out / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
                            .select_one("[role=main]").get_text(" ").split()) for page in ("files", "markup",
                                                                                             "trainer-files")}
    assert "or the file." in texts["files"] and texts["markup"].count("Click me") == 3, texts
    assert "Get the plan." in texts["trainer-files"], texts
    assert "Open" in texts["markup"] and "Fetch the script." in texts["markup"]
    # Only the allowed picture is copied: no secret, no session chart.
    assert sorted(p.name for p in (out / "_images").iterdir()) == ["card.png"]
    assert sorted(p.name for p in (out / "_downloads").rglob("*") if p.is_file()) == ["big.txt", "prices.csv"]
    allowed = BeautifulSoup((out / "allowed.html").read_text(encoding="utf-8"), "html.parser")
    text = " ".join(allowed.select_one("[role=main]").get_text(" ").split())
    shown = [word for _text, shows in ALLOWED.values() for word in shows]
    assert {word: text.count(word) for word in shown} == {word: shown.count(word) for word in shown}
    hrefs = [a["href"] for a in allowed.select("[role=main] a[href]")]
    for href in ("other.html", "https://example.org/", "mailto:", "tel:+15550100", "https://example.org/file.pdf"):
        assert any(h.startswith(href) for h in hrefs), (href, hrefs)
    assert any(h.endswith("/prices.csv") and "_downloads/" in h for h in hrefs), hrefs
    assert [img["src"] for img in allowed.select("[role=main] img")] == [
        "http://example.org/old.png", "https://example.org/web.png", "https://example.org/a/../../../../far.png",
        "_images/card.png", "_images/card.png"]
    # MyST's HTML stays switched off (shown as text) beside a syntax the maintainer switched off in conf.py.
    source = (out / "allowed.html").read_text(encoding="utf-8")
    assert not allowed.select("[role=main] b, [role=main] em") and "<div>HTML-BLOCK" not in source
    assert allowed.select_one('meta[name="description"]')["content"] == "A page of links"


def test_a_session_page_may_show_a_session_file(tmp_path):
    """Only participant pages are held to the trainer-file rule: the trainer edition's session page shows its
    own chart, includes its own plan and shows its table, named from the root docutils.conf sets."""
    src = tmp_path / "src"
    (src / "sessions").mkdir(parents=True)
    (src / "conf.py").write_text(CONF.replace('handbook_include_paths = ["../shared"]\n', ""), encoding="utf-8")
    (src / "sessions" / "chart.png").write_bytes(CARD)
    (src / "sessions" / "plan.md").write_text("PLAN-TEXT-FOR-THE-TRAINER\n", encoding="utf-8")
    (src / "index.md").write_text("# Book\n\n```{trainer-toctree}\nsessions/run\n```\n", encoding="utf-8")
    # a csv-table's '/x' is read under docutils' root_prefix, which a docutils.conf beside conf.py may set
    (src / "docutils.conf").write_text(f"[general]\nroot_prefix: {src}\n", encoding="utf-8")
    (src / "sessions" / "times.csv").write_text("Step,Minutes\nROOTED-CELL,5\n", encoding="utf-8")
    (src / "sessions" / "run.md").write_text("# Run\n\n![The room](chart.png)\n\n```{include} plan.md\n```\n\n"
                                             "```{eval-rst}\n.. csv-table:: Times\n   :file: /sessions/times.csv\n```\n",
                                             encoding="utf-8")
    assert main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b"),
                 "--edition", "trainer"]) == 0
    out = tmp_path / "b" / "trainer" / "html"
    assert "PLAN-TEXT-FOR-THE-TRAINER" in (out / "sessions" / "run.html").read_text(encoding="utf-8")
    assert "ROOTED-CELL" in (out / "sessions" / "run.html").read_text(encoding="utf-8")
    assert (out / "_images" / "chart.png").is_file()


def test_a_number_option_takes_a_whole_number_from_1_to_its_limit_and_says_why_not():
    """The converter every number option uses (``:minutes:``, ``:rounds:``...): its refusal is the reason the
    editor reads after "bad value for ':minutes:':" (the build above shows it in place). Called here, at run
    time, since the directives make theirs when the extension is imported."""
    minutes = bounded("minutes")
    assert (minutes("1"), minutes(" 600 "), minutes.__name__) == (1, 600, "bounded_minutes")
    assert bounded("group-size").__name__ == "bounded_group_size" and bounded("group-size")("500") == 500
    limits = "outside the handbook's limits for ':minutes:' (1 to 600; see 'Bounds' in the maintainer's guide)"
    for value, says in [("0", f"0 is less than 1, {limits}"), ("601", f"601 is more than 600, {limits}"),
                        ("999999999999", f"999999999999 is more than 600, {limits}"),
                        ("1234567890123", "123456789012... is more than 600, the handbook's limit for ':minutes:'"),
                        ("", "'' is not a whole number from 1 to 600"), (None, "'' is not a whole number from 1 to 600"),
                        ("-5", "'-5' is not a whole number from 1 to 600"),
                        ("ten" * 20, f"'{('ten' * 20)[:40]}' is not a whole number from 1 to 600")]:
        with pytest.raises(ValueError) as refused:
            minutes(value)
        assert str(refused.value) == says, value


def test_metadata_set_for_every_page_in_conf_py_is_refused_at_the_top_of_each_page(tmp_path, capsys):
    """myst_html_meta in conf.py puts a tag on every page; the page's source does not hold it, so the warning
    names the page's first line."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF + 'myst_html_meta = {"http-equiv=refresh": "0; url=https://evil.example/conf"}\n',
                                 encoding="utf-8")
    (src / "index.md").write_text("# Home\n\nText.\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b")]) != 0
    assert f"{src / 'index.md'}:1: WARNING: meta: page metadata 'http-equiv=refresh' {META} [handbook.meta]" in \
        capsys.readouterr().err.splitlines()
    assert "evil.example" not in (tmp_path / "b" / "html" / "index.html").read_text(encoding="utf-8")


def test_a_file_is_checked_where_the_directive_reads_it(tmp_path, capsys):
    """An include inside an included file reads its file from the page's folder (Sphinx's and MyST's
    relfn2path), so that is the file checked; a csv-table reads '/x' from the file system's root (docutils),
    so an absolute path is outside. Both once published a file the rules forbid."""
    src = tmp_path / "src"
    (src / "parts").mkdir(parents=True)
    (tmp_path / "outside.csv").write_text("A,B\nOUTSIDE-CSV-CELL,1\n", encoding="utf-8")
    # a translated picture is looked for (and taken) before the one named: here outside the sources
    (src / "conf.py").write_text(CONF + 'figure_language_filename = "../{basename}.{language}{ext}"\n', encoding="utf-8")
    for name in ("src/pic.png", "pic.en.png", "src/glob.png", "glob.en.png"):
        (tmp_path / name).write_bytes(CARD)
    (src / "parts" / "outer.txt").write_text("OUTER-TEXT\n\n```{include} nested.txt\n```\n", encoding="utf-8")
    (src / "parts" / "nested.txt").write_text("HARMLESS-TEXT\n", encoding="utf-8")
    (src / "nested.txt").write_text("LEAKED-TEXT\n\n:::{trainer-note} Debrief\nA note.\n:::\n", encoding="utf-8")
    (src / "index.md").write_text(f"# Home\n\n```{{include}} parts/outer.txt\n```\n\n```{{eval-rst}}\n"
                                  f".. csv-table:: Data\n   :file: {tmp_path / 'outside.csv'}\n```\n\n![A picture](pic.png)\n\n"
                                  f"```{{image}} glob.*\n```\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b")]) != 0
    err = capsys.readouterr().err
    assert f"WARNING: include: the included file 'nested.txt' ({src / 'nested.txt'}) holds trainer material" in err, err
    assert (f"{src / 'index.md'}:7: WARNING: include: the CSV file '{tmp_path / 'outside.csv'}' {OUTSIDE} "
            f"[handbook.include]") in err.splitlines(), err
    for line, name in ((11, "pic.png"), (13, "glob.*")):
        assert (f"{src / 'index.md'}:{line}: WARNING: include: the image '{name}' is outside the handbook's sources; "
                f"copy it into docs/ [handbook.include]") in err.splitlines(), err
    html = (tmp_path / "b" / "html" / "index.html").read_text(encoding="utf-8")
    assert "OUTER-TEXT" in html and "LEAKED-TEXT" not in html and "OUTSIDE-CSV-CELL" not in html
    assert not (tmp_path / "b" / "html" / "_images").exists()


@pytest.mark.parametrize("text, reported", [
    ("```\n> > > in code\n```\n", []),  # fenced code is not counted
    ("```\n~~~\n> > > in code\n```\n> > > after\n", [(5, "a blockquote 3 levels deep")]),  # ~~~ does not close ```
    ("```\ncode\n````\n> > > after\n", [(4, "a blockquote 3 levels deep")]),  # a longer fence closes it
    ("````\n```\n> > > in code\n````\n", []),  # a shorter one does not
    ("> > at the limit\n", []),
    ("Text.\n\n> > > one too deep\n", [(3, "a blockquote 3 levels deep")]),
    ("> - a\n>   - b\n>     - c\n", [(3, "a list 3 levels deep")]),  # a list inside a quote
    ("1. a\n   2) b\n      3. c\n", [(3, "a list 3 levels deep")]),
    ("- a\n    - b\n\t- c\n", []),  # a tab indents to column 4: c is b's sibling
    ("- a\n  - b\n  - c\n  - d\n", []),  # siblings do not nest
    ("- a\n\n  - b\n\n    - c\n", [(5, "a list 3 levels deep")]),  # blank lines do not end a list
    ("- a\n  - b\nText.\n  - c\n    - d\n", []),  # a paragraph does
    ("- a\n  - b\n continued\n    - c\n", [(4, "a list 3 levels deep")]),  # an indented continuation does not
    ("> > > one\n\n> > > two\n", [(1, "a blockquote 3 levels deep"), (3, "a blockquote 3 levels deep")]),
    ("- a\n  - b\n    - c\n    - d\n\nText.\n\n- a\n  - b\n    - e\n",
     [(3, "a list 3 levels deep"), (10, "a list 3 levels deep")]),  # one report per run of deep lines
])
def test_a_structure_too_deep_is_reported_once_on_its_first_line(text, reported):
    """What the nesting warning says (its line and "a list/blockquote N levels deep"), here with a limit of
    2: fenced code is skipped until its own kind of fence, at least as long, closes it; list levels are
    counted by indent, as Markdown nests them."""
    assert nesting_problems(text, 2) == reported


def test_with_no_nesting_allowed_a_list_is_one_level_too_deep_and_text_is_not():
    assert nesting_problems("Text.\n\n- item\n", 0) == [(3, "a list 1 levels deep")]


def _build(src: Path, out: Path, **overrides) -> str:
    """One in-process HTML build into ``out``, reusing what an earlier build there saved; its warnings."""
    import io

    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    warnings = io.StringIO()
    with patch_docutils(src), docutils_namespace():
        Sphinx(str(src), str(src), str(out / "html"), str(out / "doctrees"), "html", confoverrides=overrides,
               status=None, warning=warnings, freshenv=False).build()
    return re.sub(r"\x1b\[[0-9;]*m", "", warnings.getvalue())


def test_a_rule_changed_in_conf_py_applies_to_pages_not_edited_since(tmp_path):
    """A maintainer who narrows a rule (no more tel: links, fewer meta names, shallower lists, one allowed
    folder less) sees the next build hold every page to it, also pages read before: each setting, changed
    alone, makes the pages be read again."""
    src = tmp_path / "src"
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "terms.md").write_text("FROM-SHARED\n", encoding="utf-8")
    src.mkdir()
    (src / "conf.py").write_text(CONF.replace('handbook_include_paths = ["../shared"]\n', ""), encoding="utf-8")
    (src / "index.md").write_text("# Home\n\n```{eval-rst}\n`Call <tel:+15550100>`_\n\n.. meta::\n   :keywords: calls\n"
                                  "```\n\n- one\n  - two\n    - three\n\n```{include} ../shared/terms.md\n```\n",
                                  encoding="utf-8")
    out = tmp_path / "b"
    page = src / "index.md"
    steps = [
        ({"handbook_include_paths": ["../shared"]}, None),
        ({"handbook_link_schemes": ["http", "https", "mailto"]},
         f"{page}:4: WARNING: link: a link to 'tel:+15550100' uses the scheme 'tel:', which the handbook does not "
         f"allow (allowed: http, https, mailto, or a relative link) [handbook.link]"),
        ({"handbook_meta_names": ["description"]},
         f"{page}:7: WARNING: meta: page metadata 'name=keywords' is not allowed (a redirect or a policy would change "
         f"what readers get); use description [handbook.meta]"),
        ({"handbook_max_nesting": 2},
         f"{page}:12: WARNING: nesting: a list 3 levels deep: the handbook allows 2 levels (deeper ones make the "
         f"Markdown parser drop the rest of the page); flatten it [handbook.nesting]"),
        ({"handbook_include_paths": []},
         f"{page}:14: WARNING: include: the file '../shared/terms.md' {OUTSIDE} [handbook.include]"),
    ]
    overrides, expected = {}, []
    for change, warning in steps:
        overrides.update(change)
        expected += [warning] if warning else []
        reported = sorted(line for line in _build(src, out, **overrides).splitlines() if "[handbook." in line)
        assert reported == sorted(expected), (change, reported)
    assert "FROM-SHARED" not in (out / "html" / "index.html").read_text(encoding="utf-8")


def test_a_setting_of_the_wrong_type_is_named_and_loosens_nothing(tmp_path, capsys):
    """A string where a list belongs would be read letter by letter (folders '.', '/' and the rest: every file
    on the machine; schemes 'h', 't', 'p'), a string limit would stop the build with a traceback: Sphinx names
    each (the strict build fails) and the rule keeps its default."""
    src = tmp_path / "src"
    src.mkdir()
    (tmp_path / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    (src / "conf.py").write_text(CONF.replace('handbook_include_paths = ["../shared"]\n', "") +
                                 'handbook_include_paths = "../shared"\nhandbook_link_schemes = "https"\n'
                                 'handbook_meta_names = ("description",)\nhandbook_max_nesting = "8"\n',
                                 encoding="utf-8")
    (src / "index.md").write_text("# Home\n\n- one\n  - two\n\n[Site](https://example.org/)\n\n```{eval-rst}\n"
                                  "`Call <tel:+15550100>`_\n\n.. meta::\n   :keywords: calls\n```\n\n"
                                  "```{include} ../secret.txt\n:literal:\n```\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b")]) != 0
    err = capsys.readouterr().err
    assert [line.split("WARNING: ", 1)[1] for line in err.splitlines() if "WARNING: " in line] == [
        "The config value `handbook_include_paths' has type `str'; expected `list'.",
        "The config value `handbook_link_schemes' has type `str'; expected `list'.",
        "The config value `handbook_meta_names' has type `tuple'; expected `list'.",
        "The config value `handbook_max_nesting' has type `str'; expected `int'.",
        f"include: the file '../secret.txt' {OUTSIDE} [handbook.include]"], err
    assert (f"{src / 'index.md'}:15: WARNING: include: the file '../secret.txt' {OUTSIDE} [handbook.include]"
            in err.splitlines())
    assert "Traceback" not in err
    page = BeautifulSoup((tmp_path / "b" / "html" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert SECRET not in str(page)
    assert [a["href"] for a in page.select("[role=main] a[href^='https:'], [role=main] a[href^='tel:']")] == [
        "https://example.org/", "tel:+15550100"]
    assert page.select_one('meta[name="keywords"]')["content"] == "calls"
