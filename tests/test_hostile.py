"""Hostile and mistaken sources: each fails the strict build with the file, the
line and a typed warning, and its payload reaches no output.

Every case is a one-page project beside a "secret" file outside its sources
(standing in for /etc/passwd or .git/config). The build runs as ``make html``
does (strict, keep going), so the pages are still written and can be searched
for the payload.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook.__main__ import main

SECRET = "SECRET-FILE-CONTENT-7Q"
CONF = """extensions = ["myst_parser", "handbook.sphinxext"]
myst_enable_extensions = ["colon_fence"]
handbook_shape_checks = False
"""

# name: (page text, the text on the line the warning names, warning type, payload that must not appear)
CASES = {
    "myst-include-literal": ("```{include} ../secret.txt\n:literal:\n```\n", "```{include}", "include", SECRET),
    "myst-include-absolute": ("```{include} /../secret.txt\n```\n", "```{include}", "include", SECRET),
    "literalinclude": ("```{literalinclude} ../secret.txt\n```\n", "```{literalinclude}", "include", SECRET),
    "symlink": ("```{literalinclude} innocent.txt\n```\n", "```{literalinclude}", "include", SECRET),
    "rst-include": ("```{eval-rst}\n.. include:: ../secret.txt\n```\n", ".. include::", "include", SECRET),
    "csv-file": ("```{eval-rst}\n.. csv-table:: Data\n   :file: ../secret.txt\n```\n", ".. csv-table::", "include",
                 SECRET),
    "csv-url": ("```{eval-rst}\n.. csv-table:: Data\n   :url: https://example.org/x.csv\n```\n", ".. csv-table::",
                "include", "example.org/x.csv"),
    "image-outside": ("![A picture](../secret.png)\n", "![A picture]", "include", "secret.png"),
    "download-outside": ("Get {download}`the file <../secret.txt>`.\n", "Get {download}", "include", "secret"),
    "raw-directive": ("```{eval-rst}\n.. raw:: html\n\n   <script>alert('RAW-1')</script>\n```\n", ".. raw::", "raw",
                      "RAW-1"),
    "raw-role": ("```{eval-rst}\n.. role:: rawhtml(raw)\n   :format: html\n\n:rawhtml:`<script>alert('RAW-2')</script>`\n"
                 "```\n", ":rawhtml:", "raw", "RAW-2"),
    "rst-javascript-link": ("```{eval-rst}\n`Click me <javascript:alert('JS-1')>`_\n```\n", "`Click me", "link",
                            "JS-1"),
    "image-target": ("```{eval-rst}\n.. image:: card.png\n   :target: javascript:alert('JS-2')\n```\n",
                     "   :target:", "link", "JS-2"),
    "data-link": ("```{eval-rst}\n`Open <data:text/html;base64,PHNjcmlwdD4=>`_\n```\n", "`Open", "link",
                  "data:text/html"),
    "meta-refresh": ("---\nmyst:\n  html_meta:\n    http-equiv=refresh: 0; url=https://evil.example/\n---\n\n# Page\n",
                     "    http-equiv=refresh", "meta", "evil.example"),
    "rst-meta": ("```{eval-rst}\n.. meta::\n   :http-equiv=refresh: 0; url=https://evil.example/\n```\n",
                 "   :http-equiv=refresh", "meta", "evil.example"),
    "deep-quote": ("> " * 5000 + "deep\n\nAFTER-QUOTE\n", "> > >", "nesting", None),
    # issue 27: the sources are src/; a sibling src-private/ shares the prefix "src" but is outside.
    "sibling-folder-include": ("```{include} ../src-private/notes.txt\n```\n", "```{include}", "include", SECRET),
    "sibling-folder-literalinclude": ("```{literalinclude} ../src-private/notes.txt\n```\n", "```{literalinclude}",
                                      "include", SECRET),
    "sibling-folder-image": ("![A picture](../src-private/secret.png)\n", "![A picture]", "include", "secret.png"),
    "deep-plus-list": ("".join("  " * i + "+ level\n" for i in range(30)) + "\nAFTER-LIST\n",
                       "                + level", "nesting", None),
    "deep-list": ("".join("  " * i + "- level\n" for i in range(30)) + "\nAFTER-LIST\n", "                - level",
                  "nesting", None),
    # MyST numbers only its own footnotes: a reST one numbered or marked by docutils stopped the build with a
    # traceback (KeyError 'refid' in the HTML writer).
    "rst-auto-footnote": ("```{eval-rst}\nA claim [#]_, a mark [*]_, a name [#n]_.\n\n.. [#] One.\n.. [*] Two.\n"
                          ".. [#n] Three.\n```\n", "A claim [#]_", "footnote", None),
}


def _project(tmp_path: Path, text: str) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (tmp_path / "secret.txt").write_text(f"{SECRET}\nroot:x:0:0\n", encoding="utf-8")
    (tmp_path / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + SECRET.encode())
    (src / "innocent.txt").symlink_to(tmp_path / "secret.txt")
    private = tmp_path / "src-private"
    private.mkdir()
    (private / "notes.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    (private / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + SECRET.encode())
    (src / "card.png").write_bytes((Path(__file__).parent.parent / "handbook" / "sphinxext" / "static" /
                                    "handbook-card.png").read_bytes())
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    body = text if text.startswith("---") else f"# Page\n\nBefore.\n\n{text}\nAfter.\n"
    (src / "index.md").write_text(body, encoding="utf-8")
    return src


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_source_fails_with_file_and_line_and_publishes_nothing(case, tmp_path, capsys):
    text, marker, kind, payload = CASES[case]
    src = _project(tmp_path, text)
    page = (src / "index.md").read_text(encoding="utf-8")
    line = next(n for n, content in enumerate(page.splitlines(), 1) if content.startswith(marker))
    status = main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b")])
    err = capsys.readouterr().err
    assert status != 0
    pattern = rf"{re.escape(str(src / 'index.md'))}:{line}: WARNING: {kind}: .*\[handbook\.{kind}\]"
    assert re.search(pattern, err), err
    out = tmp_path / "b" / "html"
    if payload:
        leaks = [str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()
                 and payload.encode() in p.read_bytes()]
        assert leaks == []
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "javascript:" not in html and "<script>alert" not in html
    if kind != "nesting":  # too deep a structure fails the build; the rest is kept
        assert "After." in html or kind == "meta"


def test_a_shallow_list_and_quote_pass(tmp_path, capsys):
    text = "".join("  " * i + "- level\n" for i in range(8)) + "\n" + "> " * 8 + "quoted\n"
    src = _project(tmp_path, text)
    status = main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b")])
    assert status == 0, capsys.readouterr().err
