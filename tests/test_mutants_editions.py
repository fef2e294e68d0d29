"""What a participant or a trainer loses when the edition boundary slips.

Found by mutmut (``make mutation``) on ``sphinxext/editions.py``. One small
project, built in both editions as ``make html`` does (two builds for the whole
module), holds trainer material in every place the boundary must reach: a trainer
note with a label written before it and footnotes of both kinds, a checklist
nested in a note's list item, a note nested in a public checklist that a handout
pulls in, a model answer, a page of sources cited only by a note, the session
pages and their trainer-only table of contents, and source links to the
repository. Every trainer text carries ``TRAINERONLY`` (or another secret word),
so a participant output is searched for all of them at once.

mutmut runs, for a mutant, only the tests that reached the mutated function, and
a module-scoped fixture's build counts for the first test that asks for it; so
each build has one test that reads everything that build shows.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from handbook.__main__ import main

CONF = ('extensions = ["myst_parser", "sphinxcontrib.bibtex", "handbook.sphinxext"]\n'
        'myst_enable_extensions = ["colon_fence"]\nhandbook_shape_checks = False\nbibtex_bibfiles = ["refs.bib"]\n'
        'html_theme = "furo"\nhtml_theme_options = {"source_repository": "https://github.com/example/book/", '
        '"source_branch": "main", "source_directory": "docs/"}\n'
        'project = "Editions"\ncopyright = "2026"\nversion = release = "1"\n')
REFS = ("@misc{trainerbook,\n  title = {Trainerbook only for trainers},\n}\n"
        "@misc{publicbook,\n  title = {Publicbook for everyone},\n}\n"
        "@misc{lonebook,\n  title = {Lonebook cited by a note alone},\n}\n")
INDEX = """# Home

```{toctree}
chapter
plain
lone
handouts/sheet
```

```{trainer-toctree}
sessions/guide
```

Public text cites {footcite:p}`publicbook`.

:::{trainer-note} Home note
The trainer also cites {footcite:p}`publicbook` and {footcite:p}`trainerbook`.
:::

```{only} edition_participant
ONLY-PARTICIPANT-TAG text.
```

```{only} edition_trainer
ONLY-TRAINER-TAG text.
```

## Sources

```{footbibliography}
```
"""
# The note comes first, so its footnote references would take the numbers 1 and 2 if they were kept.
CHAPTER = """# Chapter

PUBLIC-BEFORE-RULE text.

---

(tn-label)=
(tn-label-two)=
::::{trainer-note} Debrief QUOKKAFJORD
:name: tn-debrief
TRAINERONLY-NOTE text with a footnote.[^secret] And a numbered one.[^1] And a shared one.[^2]

- A step that holds a checklist:

  :::{checklist} Deepsecret checklist
  :name: deep-list
  - TRAINERONLY-DEEP item
  :::
::::

PUBLIC-CHAPTER text.[^pub] PUBLIC-SHARED text.[^2]

[^secret]: TRAINERONLY-FOOTNOTE text.
[^1]: TRAINERONLY-NUMBERED text.
[^2]: PUBLIC-SHARED-FOOTNOTE cited by the chapter and by a note.
[^pub]: PUBLIC-FOOTNOTE text.

```{eval-rst}
.. _site alias: `public site`_

.. trainer-note:: Rst note

   TRAINERONLY-RST note.

.. _public site: https://example.org/site

.. trainer-note:: Another rst note

   TRAINERONLY-RST another note.

Visit the `public site`_ or the `site alias`_.
```

:::::{checklist} Public list
:name: public-list
- PUBLIC-ITEM one

::::{trainer-note} Nested note
TRAINERONLY-NESTED in a public list.
::::
:::::

::::{exercise} Public exercise
:name: public-exercise
PUBLIC-TASK text.

:::{model-answer}
TRAINERONLY-ANSWER text.
:::
::::
"""
LONE = """# Lone

LONE-TEXT.

:::{trainer-note} Lone note
TRAINERONLY-LONE cites {footcite:p}`lonebook`.
:::

```{footbibliography}
```
"""
SHEET = "---\norphan: true\n---\n\n# Sheet\n\n:::{use-block} public-list\n:::\n"
SECRETS = re.compile(r"TRAINERONLY[A-Z-]*|QUOKKAFJORD|Deepsecret|deepsecret|Trainerbook|trainerbook|Lonebook|lonebook"
                     r"|tn-label|tn-label-two|tn-debrief|deep-list|sessions/guide|Trainer guide|ONLY-TRAINER-TAG")
PUBLIC = ("PUBLIC-CHAPTER", "PUBLIC-SHARED-FOOTNOTE", "PUBLIC-FOOTNOTE", "PUBLIC-ITEM", "PUBLIC-TASK", "Publicbook for everyone", "LONE-TEXT",
          "PLAIN-TEXT")


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("editions")
    src = tmp / "src"
    (src / "sessions").mkdir(parents=True)
    (src / "handouts").mkdir()
    for name, text in {"conf.py": CONF, "refs.bib": REFS, "index.md": INDEX, "chapter.md": CHAPTER,
                       "plain.md": "# Plain\n\nPLAIN-TEXT only.\n", "lone.md": LONE, "handouts/sheet.md": SHEET,
                       "sessions/guide.md": "# Trainer guide\n\nTRAINERONLY-GUIDE text.\n"}.items():
        (src / name).write_text(text, encoding="utf-8")
    return src


def _build(src: Path, edition: str) -> Path:
    builddir = src.parent / "b"
    status = main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(builddir),
                   "--edition", edition])
    assert status == 0, edition
    return builddir / "html" if edition == "participant" else builddir / edition / "html"


def _files(html: Path) -> dict[str, str]:
    """Every file a reader or another site can fetch, as text (the object inventory unpacked)."""
    texts = {}
    for path in html.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.name == "objects.inv":
                data = zlib.decompress(data.split(b"\n", 4)[4])
            texts[path.relative_to(html).as_posix()] = data.decode("utf-8", "replace")
    return texts


def _text(html: Path, page: str) -> str:
    return " ".join(BeautifulSoup((html / page).read_text(encoding="utf-8"), "html.parser")
                    .select_one("article").get_text(" ").split())


def _source_links(html: Path, page: str) -> list[str]:
    soup = BeautifulSoup((html / page).read_text(encoding="utf-8"), "html.parser")
    return sorted(a["href"] for a in soup.select(".view-this-page a, .edit-this-page a"))


REPO = "https://github.com/example/book/"


def test_a_participant_sees_every_public_text_and_no_trace_of_trainer_material(source):
    html = _build(source, "participant")
    files = _files(html)
    # Pages, search index, previews data, object inventory: no trainer text, trainer label, trainer-only page,
    # source only a trainer note cites, or copied Markdown source.
    leaks = sorted({f"{name}: {m}" for name, text in files.items() for m in SECRETS.findall(text)})
    assert leaks == []
    assert not any(name.startswith(("_sources/", "sessions/")) for name in files)
    everything = "".join(files.values())
    assert [word for word in PUBLIC if word not in everything] == []
    assert "ONLY-PARTICIPANT-TAG" in files["index.html"]
    # The chapter's own footnote is number 1: the note's footnotes, cited first, are gone with their numbers.
    chapter = _text(html, "chapter.html")
    assert "PUBLIC-CHAPTER text. [ 1 ]" in chapter and "[ 1 ] PUBLIC-FOOTNOTE text." in chapter
    # A footnote the chapter and a note cite links back to the chapter's citation alone.
    shared = next(note for note in BeautifulSoup((html / "chapter.html").read_text(encoding="utf-8"), "html.parser")
                  .select("aside.footnote") if "PUBLIC-SHARED-FOOTNOTE" in note.get_text())
    assert len(shared.select("a[href]")) == 1, shared
    # Blocks of the page stay listed for other sites (intersphinx) after the note's are forgotten.
    assert re.search(r"^Public list std:handbook-block ", files["objects.inv"], re.M), files["objects.inv"]
    # What stands before a note stays: the rule above its labels, and link targets of the page's own links.
    page = BeautifulSoup((html / "chapter.html").read_text(encoding="utf-8"), "html.parser").select_one("article")
    assert len(page.select("hr:not(.footnotes)")) == 1 and "PUBLIC-BEFORE-RULE" in chapter
    assert [a.get_text() for a in page.select("a.reference") if "site" in a.get_text()] == ["public site", "site alias"]
    # A source cited in the page and in a note stays; a page whose only source a note cites has no empty list.
    index = _text(html, "index.html")
    assert "Publicbook for everyone" in index and "Trainerbook" not in index
    lone = BeautifulSoup((html / "lone.html").read_text(encoding="utf-8"), "html.parser").select_one("article")
    assert [div for div in lone.select("div") if not div.get_text(strip=True)] == []
    # A handout pulls the public checklist without the note nested in it.
    sheet = _text(html, "handouts/sheet.html")
    assert "PUBLIC-ITEM one" in sheet and "TRAINERONLY" not in sheet
    # "View" and "edit this page" only where the source holds no trainer material.
    assert _source_links(html, "chapter.html") == [] and _source_links(html, "lone.html") == []
    assert _source_links(html, "plain.html") == [f"{REPO}blob/main/docs/plain.md?plain=true",
                                                 f"{REPO}edit/main/docs/plain.md"]


def test_a_trainer_sees_it_all(source):
    html = _build(source, "trainer")
    files = _files(html)
    pages = "".join(text for name, text in files.items() if name.endswith(".html"))
    missing = [word for word in ("TRAINERONLY-NOTE", "TRAINERONLY-FOOTNOTE", "TRAINERONLY-NUMBERED",
                                 "TRAINERONLY-DEEP", "TRAINERONLY-NESTED", "TRAINERONLY-ANSWER", "TRAINERONLY-LONE",
                                 "TRAINERONLY-GUIDE", "TRAINERONLY-RST", "Trainerbook only for trainers", "Lonebook cited by a note alone",
                                 "ONLY-TRAINER-TAG", *PUBLIC) if word not in pages]
    assert missing == []
    assert "ONLY-PARTICIPANT-TAG" not in pages
    assert 'href="sessions/guide.html"' in files["index.html"]
    assert {"_sources/chapter.md.txt", "_sources/sessions/guide.md.txt"} <= files.keys()
    assert "PUBLIC-CHAPTER text. [ 4 ]" in _text(html, "chapter.html")
    # The labels of trainer material lead to it.
    inventory = files["objects.inv"]
    assert all(re.search(rf"^{label} std:label -1 chapter.html#\$ (Debrief|Deepsecret)", inventory, re.M)
               for label in ("tn-label", "tn-label-two", "tn-debrief", "deep-list")), inventory
    # A handout is for participants in either edition: the pulled checklist has no note.
    sheet = _text(html, "handouts/sheet.html")
    assert "PUBLIC-ITEM one" in sheet and "TRAINERONLY" not in sheet
    assert _source_links(html, "chapter.html") == [f"{REPO}blob/main/docs/chapter.md?plain=true",
                                                   f"{REPO}edit/main/docs/chapter.md"]


def test_the_copies_role_cards_slides_and_handouts_are_made_of_hold_no_trainer_material():
    """``participant_copy`` and ``participant_children`` are what every participant output outside these pages
    is built from (role cards, the deck's faces, handouts): a brief's card text, say, is its children without
    the title and without a note nested at any depth, and the chapter keeps everything."""
    from docutils import nodes

    from handbook.sphinxext.editions import participant_children, participant_copy

    def para(text: str) -> nodes.paragraph:
        return nodes.paragraph(text, text)

    note = nodes.container("", para("TRAINER nested note"), classes=["handbook-trainer-only"])
    answer = nodes.container("", para("TRAINER answer by its kind alone"), kind="model-answer")
    item = nodes.list_item("", para("PUBLIC item"), note)
    brief = nodes.container("", nodes.title("Brief title", "Brief title"), para("PUBLIC goal"),
                            nodes.bullet_list("", item), answer, kind="exercise")
    card = participant_children(brief, skip=(nodes.title,))
    assert [child.astext() for child in card] == ["PUBLIC goal", "PUBLIC item"]
    assert [child.astext() for child in participant_children(brief)] == ["Brief title", "PUBLIC goal", "PUBLIC item"]
    whole = participant_copy(brief)
    assert whole.astext() == "Brief title\n\nPUBLIC goal\n\nPUBLIC item"
    assert participant_copy(note) is None and participant_copy(answer) is None
    assert participant_copy(nodes.Text("PUBLIC text")).astext() == "PUBLIC text"
    # The chapter's own tree is untouched.
    assert "TRAINER nested note" in brief.astext() and "TRAINER answer by its kind alone" in brief.astext()


def test_a_mistyped_edition_builds_the_participant_edition_and_a_link_to_a_note_fails(tmp_path, capsys):
    """``handbook_edition = "trainers"`` in conf.py is no edition: Sphinx says so, the strict build fails, and what
    it wrote is the participant edition; a reST link from public text to a note's label finds no target."""
    src = tmp_path / "src"
    (src / "sessions").mkdir(parents=True)
    (src / "conf.py").write_text('extensions = ["myst_parser", "handbook.sphinxext"]\nmyst_enable_extensions = '
                                 '["colon_fence"]\nhandbook_shape_checks = False\nhandbook_edition = "trainers"\n',
                                 encoding="utf-8")
    (src / "index.md").write_text("# Home\n\n```{trainer-toctree}\nsessions/guide\n```\n\n"
                                  ":::{trainer-note} Debrief\n:name: tn-debrief\nTRAINERONLY-NOTE text.\n:::\n\n"
                                  "```{eval-rst}\nSee `tn-debrief`_.\n```\n", encoding="utf-8")
    (src / "sessions" / "guide.md").write_text("# Trainer guide\n\nTRAINERONLY-GUIDE text.\n", encoding="utf-8")
    capsys.readouterr()
    status = main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b")])
    err = capsys.readouterr().err
    assert status != 0
    assert "handbook_edition" in err and "trainers" in err, err
    assert f'{src / "index.md"}:' in err and 'Unknown target name: "tn-debrief"' in err, err
    html = tmp_path / "b" / "html"
    assert not (html / "sessions").exists()
    assert "TRAINERONLY" not in (html / "index.html").read_text(encoding="utf-8")


def test_a_setting_that_changes_what_a_page_may_show_makes_the_next_build_read_it_again(tmp_path, capsys):
    """Sphinx reads a page again only when a setting marked "env" changed: a participant build into a folder
    that held the trainer edition (plain sphinx-build, no trainer-only pages) shows no note, and a page taken
    off handbook_trainer_only is held to the participant rule at once. A handbook_trainer_only that is no list
    is refused."""
    from sphinx.cmd.build import build_main

    src = tmp_path / "src"
    (src / "sessions").mkdir(parents=True)
    conf = ('extensions = ["myst_parser", "handbook.sphinxext"]\nmyst_enable_extensions = ["colon_fence"]\n'
            'handbook_shape_checks = False\n')
    (src / "conf.py").write_text(conf + "handbook_trainer_only = []\n", encoding="utf-8")
    (src / "index.md").write_text("# Home\n\nPUBLIC text.\n\n:::{trainer-note} Debrief\nTRAINERONLY-NOTE text.\n:::\n",
                                  encoding="utf-8")
    out = tmp_path / "same"
    assert build_main(["-q", "-b", "html", "-D", "handbook_edition=trainer", str(src), str(out)]) == 0
    assert "TRAINERONLY-NOTE" in (out / "index.html").read_text(encoding="utf-8")
    assert build_main(["-q", "-b", "html", str(src), str(out)]) == 0
    assert "TRAINERONLY-NOTE" not in (out / "index.html").read_text(encoding="utf-8")

    (src / "sessions" / "plan.md").write_text("---\norphan: true\n---\n\n# Plan\n\nPLAN-TEXT\n", encoding="utf-8")
    (src / "index.md").write_text("# Home\n\n```{toctree}\nextra\n```\n", encoding="utf-8")
    (src / "extra.md").write_text("# Extra\n\n```{literalinclude} sessions/plan.md\n```\n", encoding="utf-8")
    (src / "conf.py").write_text(conf + 'handbook_trainer_only = ["sessions", "sessions/**", "extra"]\n',
                                 encoding="utf-8")
    out = tmp_path / "trainer"
    assert build_main(["-q", "-W", "-b", "html", "-D", "handbook_edition=trainer", str(src), str(out)]) == 0
    (src / "conf.py").write_text(conf, encoding="utf-8")
    capsys.readouterr()
    assert build_main(["-q", "-W", "--keep-going", "-b", "html", "-D", "handbook_edition=trainer", str(src),
                       str(out)]) != 0
    assert f"{src / 'extra.md'}:3: WARNING: include: the literal-included file 'sessions/plan.md'" in \
        capsys.readouterr().err

    (src / "conf.py").write_text(conf + 'handbook_trainer_only = "sessions"\n', encoding="utf-8")
    assert build_main(["-q", "-W", "--keep-going", "-b", "html", str(src), str(tmp_path / "string")]) != 0
    assert "handbook_trainer_only" in capsys.readouterr().err
