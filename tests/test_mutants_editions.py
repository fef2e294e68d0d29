"""What a participant or a trainer loses when the edition boundary slips.

Found by mutmut (``make mutation``) on ``sphinxext/editions.py``, with the fast
edition tests (``test_nested_trainer.py``, ``test_trainer_labels.py``,
``test_blocks.py``): the session pages' table of contents shown to participants
(or hidden from trainers), and a source cited both in the chapter and in a
trainer note dropped from the participant's list of sources. A tiny project is
built in both editions, as ``make html`` does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.__main__ import main

CONF = ('extensions = ["myst_parser", "sphinxcontrib.bibtex", "handbook.sphinxext"]\n'
        'myst_enable_extensions = ["colon_fence"]\nhandbook_shape_checks = False\nbibtex_bibfiles = ["refs.bib"]\n'
        'project = "Editions"\ncopyright = "2026"\nversion = release = "1"\n')
INDEX = """# Home

```{trainer-toctree}
sessions/guide
```

Public text cites {footcite:p}`publicbook`.

:::{trainer-note}
The trainer also cites {footcite:p}`publicbook` and {footcite:p}`trainerbook`.
:::

## Sources

```{footbibliography}
```
"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("editions")
    src = tmp / "src"
    (src / "sessions").mkdir(parents=True)
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "refs.bib").write_text("@misc{trainerbook,\n  title = {Trainerbook only for trainers},\n}\n"
                                  "@misc{publicbook,\n  title = {Publicbook for everyone},\n}\n", encoding="utf-8")
    (src / "index.md").write_text(INDEX, encoding="utf-8")
    (src / "sessions" / "guide.md").write_text("# Trainer guide\n\nGUIDE-TEXT\n", encoding="utf-8")
    found = {}
    for edition, folder in (("participant", tmp / "b"), ("trainer", tmp / "b" / "trainer")):
        status = main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp / "b"),
                       "--edition", edition])
        assert status == 0, edition
        found[edition] = (folder / "html" / "index.html").read_text(encoding="utf-8")
        found[edition + "-guide"] = (folder / "html" / "sessions" / "guide.html").exists()
    return found


def test_the_session_pages_are_listed_for_trainers_only(pages):
    assert 'href="sessions/guide.html"' in pages["trainer"] and pages["trainer-guide"]
    assert "sessions/guide" not in pages["participant"] and not pages["participant-guide"]


def test_a_source_cited_in_the_chapter_and_in_a_trainer_note_stays_for_participants(pages):
    assert "Publicbook for everyone" in pages["participant"]
    assert "Trainerbook" not in pages["participant"]
    assert "Publicbook for everyone" in pages["trainer"] and "Trainerbook only for trainers" in pages["trainer"]
