"""The output-wide leak check (``handbook/checks/leaks.py``, part of ``make check``):
every participant-facing output compared with all trainer-only text by runs of
five words, and every role card with the other roles' briefs.

It runs on tests/roots/test-kit with trainer notes nested in a scenario's list
item and in a brief (``test_edition_boundary.nested_project``): built as
``make check`` builds it, nothing leaks; a file that copies trainer text into a
participant output is found, named with the run and its source page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import require_programs
from handbook.publish import build as build_module
from handbook.__main__ import main
from handbook.checks.leaks import card_leaks, check_leaks, run_check_leaks, trainer_material
from test_edition_boundary import nested_project

BRIEF_AM = "Keep the account and the increase"
NOTE = "the account manager usually gives in too early"


def _build(src: Path, *targets: str, edition: str = "participant") -> None:
    for target in targets:
        assert main(["build", target, "--srcdir", str(src), "--confdir", str(src), "--builddir",
                     str(src.parent / "b"), "--edition", edition]) == 0, target


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("leaks")
    src = nested_project(tmp)
    _build(src, "html", "epub")
    _build(src, "html", edition="trainer")
    return tmp / "b"


@pytest.fixture
def outputs(built, tmp_path):
    copy = tmp_path / "b"
    shutil.copytree(built, copy)
    return copy


def test_the_built_editions_leak_nothing(built, capsys):
    assert check_leaks(built) == []
    assert run_check_leaks(built) == 0
    assert "no run of 5 words" in capsys.readouterr().out


def test_the_trainer_text_is_read_from_the_trainer_edition(built):
    items, _public = trainer_material(built / "trainer" / "html")
    kinds = {item.kind for item in items}
    assert {"role-brief", "observer-sheet", "model-answer", "trainer-note", "script"} <= kinds
    brief = next(item for item in items
                 if item.title == "Account manager: private brief, round 1" and item.kind == "role-brief")
    assert ("keep", "the", "account", "and", "the") in brief.runs
    # Its Background is also an item of its own: the round's observer sheet prints it (and only that).
    background = next(item for item in items
                      if item.title == "Account manager: private brief, round 1" and item.kind == "brief-background")
    assert ("client", "is", "a", "dental", "practice") in background.runs and background.runs <= brief.runs
    assert not any("usually" in run for run in brief.runs)  # the note inside it is an item of its own


def test_a_participant_download_holding_a_debrief_note_is_named_with_run_and_source(outputs, capsys):
    folder = outputs / "html" / "_downloads" / "0123"
    folder.mkdir(parents=True)
    (folder / "notes.txt").write_text(f"Some notes. The trainer said: {NOTE.upper()}!\n", encoding="utf-8")
    leaks = check_leaks(outputs)
    assert [(leak.output, leak.source) for leak in leaks] == [
        ("html/_downloads/0123/notes.txt", "chapter (trainer-note: Coach the account manager)")]
    assert leaks[0].run in NOTE.lower()
    assert run_check_leaks(outputs) == 1
    err = capsys.readouterr().err
    assert "html/_downloads/0123/notes.txt" in err and "chapter" in err


def test_the_site_is_checked_outside_trainer_only(outputs):
    (outputs / "site" / "trainer").mkdir(parents=True)
    (outputs / "site" / "trainer" / "guide.html").write_text(f"<p>{BRIEF_AM}. PRIVATE-AM-ONE</p>", encoding="utf-8")
    assert check_leaks(outputs) == []
    (outputs / "site" / "downloads").mkdir()
    (outputs / "site" / "downloads" / "handout.html").write_text(f"<p>{BRIEF_AM}. PRIVATE-AM-ONE</p>",
                                                                  encoding="utf-8")
    assert [leak.output for leak in check_leaks(outputs)] == ["site/downloads/handout.html"]


def test_a_role_card_may_hold_its_own_brief_but_not_another_roles(built):
    items, _public = trainer_material(built / "trainer" / "html")
    own = f"Account manager, round 1. Your brief. Goal: {BRIEF_AM}. PRIVATE-AM-ONE"
    assert card_leaks("card 1", own, items) == []
    other = own + " Goal: A smaller bill. PRIVATE-OM-ONE and more"
    assert [leak.source for leak in card_leaks("card 1", other, items)] == [
        "chapter (role-brief: Office manager: private brief, round 1)"]
    noted = own + " " + NOTE
    assert [leak.source for leak in card_leaks("card 1", noted, items)] == [
        "chapter (trainer-note: Coach the account manager)"]


def test_without_the_trainer_edition_the_check_says_what_to_build(tmp_path, capsys):
    (tmp_path / "html").mkdir()
    assert run_check_leaks(tmp_path) == 2
    assert "make html EDITION=trainer" in capsys.readouterr().err


def test_the_kit_handouts_cards_and_decks_leak_nothing(built, tmp_path):
    require_programs("xelatex", "latexmk", "chromium")
    src = nested_project(tmp_path)
    _build(src, "html", "epub")
    _build(src, "html", edition="trainer")
    assert main(["build", "kit", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b")]) == 0
    out = tmp_path / "b"
    assert (out / "kit" / "renewal" / "role-cards.pdf").is_file() and (out / "slides" / "renewal" / "slides.pdf").is_file()
    assert check_leaks(out) == []
