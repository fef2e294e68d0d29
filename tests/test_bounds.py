"""Bounds on every number a directive takes: a huge or mistyped number fails the
build at once with the file, the line and the limit, instead of running for
hours (``:rounds: 1000000000``), printing 65,535 pages (``:lines:``) or
crashing the deck (``:group: 3000000``). The limits are ``safety.LIMITS``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handbook.__main__ import main
from handbook.sphinxext.safety import LIMITS

ROOTS = Path(__file__).parent / "roots"

# name: (file, old text, new text, what the error says)
CASES = {
    "rounds": ("chapter.md", ":rounds: 2", ":rounds: 1000000000", "more than 20"),
    "rounds-digits": ("chapter.md", ":rounds: 2", ":rounds: " + "9" * 5000, "more than 20"),
    "role-play-group": ("chapter.md", ":group: 4\n\nPUBLIC", ":group: 3000000\n\nPUBLIC", "more than 26"),
    "session-group-letters": ("sessions/renewal.md", ":group: 4", ":group: 30", "more than 26"),
    "session-group-huge": ("sessions/renewal.md", ":group: 4", ":group: 3000000", "more than 26"),
    "session-minutes": ("sessions/renewal.md", ":minutes: 45", ":minutes: 100000", "more than 600"),
    "step-minutes": ("sessions/renewal.md", ":minutes: 30\n:activity: rp-renewal",
                     ":minutes: 99999999\n:activity: rp-renewal", "more than 600"),
    "group-size": ("sessions/renewal.md", ":group-size: 8-12", ":group-size: 8-" + "9" * 40, "not a range"),
    "group-size-people": ("sessions/renewal.md", ":group-size: 8-12", ":group-size: 8-100000", "more than 500"),
    "notes-lines": ("handouts/renewal.md", ":::{feedback-form}", ":::{notes-space}\n:lines: 100000000\n:::\n\n"
                    ":::{feedback-form}", "more than 100"),
    "phases": ("sessions/renewal.md", ":activity: rp-renewal\n", ":activity: rp-renewal\n:phases: "
               + ", ".join(f"Part {n} 1" for n in range(40)) + "\n", "more than 12 parts"),
    "objectives-span": ("chapter.md", ":minutes: 10\nPUBLIC-EXERCISE", ":minutes: 10\n:objectives: 1-1000000000\n"
                        "PUBLIC-EXERCISE", "objectives 1 to 20"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_huge_number_fails_at_once_with_file_line_and_limit(case, tmp_path, capsys):
    name, old, new, says = CASES[case]
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-kit", src)
    page = src / name
    text = page.read_text(encoding="utf-8")
    assert old in text, case
    page.write_text(text.replace(old, new, 1), encoding="utf-8")
    status = main(["build", "html", "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp_path / "b"),
                   "--edition", "trainer"])
    err = capsys.readouterr().err
    assert status != 0
    problems = [row for row in err.splitlines() if says in row]
    assert problems, err[-3000:]
    assert any(f"{page}:" in row for row in problems), problems
    assert "Traceback" not in err


def test_the_limits_are_in_the_guide():
    guide = (ROOTS.parent.parent / "handbook" / "README.md").read_text(encoding="utf-8")
    section = guide[guide.index("### Bounds"):]
    for option, limit in LIMITS.items():
        assert f"`{option}`" in section and str(limit) in section, option
