"""What a maintainer loses when a refused source says too little: the message naming
what is wrong and how to fix it.

Found by mutmut (``make mutation``) on ``sphinxext/safety.py``: the hostile-source
tests (``test_hostile.py``) check the file, the line, the warning type and that
the payload reaches no output, not the words a maintainer reads. Each case here
builds a one-page project as ``make html`` does and reads the whole warning.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook.__main__ import main

CONF = """extensions = ["myst_parser", "handbook.sphinxext"]
handbook_shape_checks = False
"""
FIX_INCLUDE = ("is outside the handbook's sources; only files inside the source folder can be included (copy the "
               "file into docs/, or name its folder in handbook_include_paths)")
RAW = ("raw output is switched off in this handbook (it could carry scripts into readers' browsers); write the "
       "content in Markdown or add a block to the extension")

# name: (page text, the whole message after "WARNING: <type>: ", warning type)
CASES = {
    "raw-directive": ("```{eval-rst}\n.. raw:: html\n\n   <b>bold</b>\n```\n", RAW, "raw"),
    "raw-role": ("```{eval-rst}\n.. role:: rawhtml(raw)\n   :format: html\n\n:rawhtml:`<b>x</b>`\n```\n", RAW, "raw"),
    "docutils-include": ("```{eval-rst}\n.. include:: <isonum.txt>\n```\n",
                         f"the docutils include file '<isonum.txt>' {FIX_INCLUDE}", "include"),
    "include": ("```{include} ../secret.txt\n```\n", f"the file '../secret.txt' {FIX_INCLUDE}", "include"),
    "literalinclude": ("```{literalinclude} ../secret.txt\n```\n", f"the file '../secret.txt' {FIX_INCLUDE}",
                       "include"),
    "csv-file": ("```{eval-rst}\n.. csv-table:: Data\n   :file: ../secret.txt\n```\n",
                 f"the CSV file '../secret.txt' {FIX_INCLUDE}", "include"),
    "csv-url": ("```{eval-rst}\n.. csv-table:: Data\n   :url: https://example.org/x.csv\n```\n",
                "csv-table ':url: https://example.org/x.csv' would fetch a file from the network while building; "
                "copy the file into docs/ and use ':file:'", "include"),
    "image-outside": ("![A picture](../secret.png)\n",
                      "the image '../secret.png' is outside the handbook's sources; copy it into docs/", "include"),
    "image-scheme": ("![A picture](ftp://example.org/a.png)\n",
                     "the image 'ftp://example.org/a.png' uses a scheme the handbook does not allow; use an image "
                     "file inside docs/", "link"),
    "download-outside": ("Get {download}`the file <../secret.txt>`.\n",
                         "the download '../secret.txt' is outside the handbook's sources; copy it into docs/",
                         "include"),
    "javascript-link": ("```{eval-rst}\n`Click me <javascript:alert(1)>`_\n```\n",
                        "a link to 'javascript:alert(1)' uses the scheme 'javascript:', which the handbook does not "
                        "allow (allowed: http, https, mailto, tel, or a relative link)", "link"),
    "meta-refresh": ("```{eval-rst}\n.. meta::\n   :http-equiv=refresh: 0; url=https://evil.example/\n```\n",
                     "page metadata 'http-equiv=refresh' is not allowed (a redirect or a policy would change what "
                     "readers get); use description, keywords, author", "meta"),
    "meta-name": ("```{eval-rst}\n.. meta::\n   :robots: noindex\n```\n",
                  "page metadata 'name=robots' is not allowed (a redirect or a policy would change what readers "
                  "get); use description, keywords, author", "meta"),
    "deep-list": ("".join("  " * i + "+ level\n" for i in range(10)) + "\n",
                  "a list 9 levels deep: the handbook allows 8 levels (deeper ones make the Markdown parser drop the "
                  "rest of the page); flatten it", "nesting"),
    "deep-quote": ("> " * 9 + "deep\n",
                   "a blockquote 9 levels deep: the handbook allows 8 levels (deeper ones make the Markdown parser "
                   "drop the rest of the page); flatten it", "nesting"),
}


def build(tmp_path: Path, capsys, text: str) -> tuple[int, str, Path]:
    src = tmp_path / "src"
    src.mkdir()
    (tmp_path / "secret.txt").write_text("SECRET\n", encoding="utf-8")
    (tmp_path / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.md").write_text(f"# Page\n\nBefore.\n\n{text}\nAfter.\n", encoding="utf-8")
    capsys.readouterr()
    status = main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b")])
    return status, capsys.readouterr().err, src


def test_a_refused_source_says_what_is_wrong_and_how_to_fix_it(tmp_path, capsys):
    """Every case on one page (one build; the nesting cases last, since the parser drops what follows them)."""
    order = sorted(CASES, key=lambda case: CASES[case][2] == "nesting")
    status, err, src = build(tmp_path, capsys, "\n\nBetween.\n\n".join(CASES[case][0] for case in order))
    assert status != 0
    # (where each is reported is test_hostile.py's part)
    warnings = re.findall(r"^(?:.*: )?WARNING: ([a-z]+): (.*) \[handbook\.\1\]$", err, re.M)
    assert sorted(warnings) == sorted((kind, message) for _text, message, kind in CASES.values()), err


def test_an_allowed_folder_beside_the_sources_may_be_included(tmp_path, capsys):
    """handbook_include_paths lets a maintainer name a folder outside the sources."""
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "terms.md").write_text("INCLUDED-FROM-SHARED\n", encoding="utf-8")
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF + 'handbook_include_paths = ["../shared"]\n', encoding="utf-8")
    (src / "index.md").write_text("# Page\n\n```{include} ../shared/terms.md\n```\n", encoding="utf-8")
    status = main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b")])
    assert status == 0, capsys.readouterr().err
    assert "INCLUDED-FROM-SHARED" in (tmp_path / "b" / "html" / "index.html").read_text(encoding="utf-8")


def test_an_include_inside_the_sources_is_published(tmp_path, capsys):
    src = tmp_path / "src"
    (src / "parts").mkdir(parents=True)
    (src / "parts" / "terms.md").write_text("INCLUDED-FROM-PARTS\n", encoding="utf-8")
    (src / "parts" / "code.txt").write_text("LITERALFROMPARTS\n", encoding="utf-8")
    (src / "parts" / "snippet.py").write_text("print('SNIPPET-FROM-PARTS')\n", encoding="utf-8")
    (src / "<draft.md").write_text("INCLUDED-FROM-DRAFT\n", encoding="utf-8")  # only docutils' own "<name>" is refused
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.md").write_text("# Page\n\n```{include} parts/terms.md\n```\n\n```{literalinclude} /parts/code.txt\n"
                                  "```\n\n```{eval-rst}\n.. include:: parts/terms.md\n```\n\n```{include} <draft.md\n```\n\n```{include} parts/snippet.py\n:code: python\n```\n",
                                  encoding="utf-8")
    status = main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b")])
    assert status == 0, capsys.readouterr().err
    html = (tmp_path / "b" / "html" / "index.html").read_text(encoding="utf-8")
    assert html.count("INCLUDED-FROM-PARTS") == 2 and "LITERALFROMPARTS" in html and "INCLUDED-FROM-DRAFT" in html
    assert "SNIPPET-FROM-PARTS" in html


def test_a_javascript_link_in_capitals_and_over_two_lines_is_refused_on_its_line(tmp_path, capsys):
    """The scheme is matched in any case, and a link whose address runs over two lines is still
    reported on the line where it starts."""
    status, err, src = build(tmp_path, capsys, "```{eval-rst}\nSome text first.\n\n`Click me <JAVAscript:\n"
                                               "alert(1)>`_ and more.\n```\n")
    assert status != 0
    message = ("a link to 'JAVAscript:alert(1)' uses the scheme 'javascript:', which the handbook does not allow "
               "(allowed: http, https, mailto, tel, or a relative link)")
    page = (src / "index.md").read_text(encoding="utf-8").splitlines()
    line = page.index("`Click me <JAVAscript:") + 1
    assert f"{src / 'index.md'}:{line}: WARNING: link: {message} [handbook.link]" in err.splitlines(), err
    html = (tmp_path / "b" / "html" / "index.html").read_text(encoding="utf-8")
    assert "alert(1)" not in html.split("Click me")[0][-200:] and 'href="JAVAscript' not in html


def test_relative_web_mail_and_phone_links_are_published(tmp_path, capsys):
    status, err, _src = build(tmp_path, capsys, "```{eval-rst}\n`Home <other.html>`_, `Site <https://example.org/>`_,"
                                                " `Mail <mailto:a@example.org>`_ and `Call <tel:+15550100>`_.\n```\n")
    assert status == 0, err
    html = (tmp_path / "b" / "html" / "index.html").read_text(encoding="utf-8")
    for href in ("other.html", "https://example.org/", "mailto:", "tel:+15550100"):  # docutils masks the address
        assert f'href="{href}' in html


def test_a_javascript_link_behind_a_control_character_is_refused(tmp_path, capsys):
    status, err, _src = build(tmp_path, capsys, "```{eval-rst}\n`Click me <\x01javascript:alert(1)>`_\n```\n")
    html = (tmp_path / "b" / "html" / "index.html").read_text(encoding="utf-8")
    assert "javascript:alert" not in html
    assert status != 0 and "WARNING: link: " in err


def test_a_missing_include_inside_the_sources_names_the_directive_and_the_file(tmp_path, capsys):
    status, err, src = build(tmp_path, capsys, "```{include} parts/missing.md\n```\n")
    assert status != 0
    assert f"Directive \"include\": file not found: '{src / 'parts' / 'missing.md'}'" in err, err


def test_a_missing_rest_include_names_the_directive_and_its_line(tmp_path, capsys):
    status, err, src = build(tmp_path, capsys, "```{eval-rst}\nText.\n\n.. include:: parts/missing.rst\n```\n")
    assert status != 0
    line = (src / "index.md").read_text(encoding="utf-8").splitlines().index(".. include:: parts/missing.rst") + 1
    assert f'{src / "index.md"}:{line}: CRITICAL: Problems with "include" directive path:' in err.splitlines(), err


def test_a_csv_table_written_in_the_page_or_read_from_the_sources_is_published(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    (src / "prices.csv").write_text("Plan,Price\nTeam,FROMFILE\n", encoding="utf-8")
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.md").write_text("# Page\n\n```{eval-rst}\n.. csv-table:: Inline\n\n   Plan,Price\n   Solo,INLINECELL\n\n"
                                  ".. csv-table:: From a file\n   :file: prices.csv\n```\n", encoding="utf-8")
    status = main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b")])
    assert status == 0, capsys.readouterr().err
    html = (tmp_path / "b" / "html" / "index.html").read_text(encoding="utf-8")
    assert "INLINECELL" in html and "FROMFILE" in html
