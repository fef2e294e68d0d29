"""Property-based tests of the edition boundary (Hypothesis).

Hypothesis generates pages that nest public blocks (bullet and numbered list
items, blockquotes, admonitions, exercises, a role-play's scenario, a role's
brief) around trainer material (trainer notes, model answers) at random depths,
with public blocks inside the trainer material too. Each piece of trainer
material carries a unique marker word. Every example builds the participant
HTML (pages, search index, previews, inventory), the trainer HTML, the
handouts' LaTeX, the kit's LaTeX (facilitator guide and role cards) and the
deck's content, and checks the property:

* no marker in any participant output: participant HTML, the handout, any
  role card, the deck's faces;
* every marker in the trainer edition's pages and in the facilitator guide.

``make test`` runs a few examples (``HANDBOOK_FUZZ_EXAMPLES``, default 3);
``make fuzz`` runs many (200 by default) and prints how many ran and how long.
The outputs are read as the TeX and JSON that the PDFs and slides are made from,
so no example needs TeX or a browser.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.publish import build as build_module

ROOTS = Path(__file__).parent / "roots"
EXAMPLES = int(os.environ.get("HANDBOOK_FUZZ_EXAMPLES", "3"))
PUBLIC_KINDS = ("bullet", "ordered", "quote", "note", "exercise")
#: Inside a role's brief (itself trainer material): containers that are legal there.
BRIEF_KINDS = ("bullet", "ordered", "quote", "note")


def marker(number: int) -> str:
    """A unique word the search index keeps whole: letters only."""
    return "zqmark" + "".join("abcdefghij"[int(d)] for d in str(number))


def _fence(body: str) -> str:
    runs = [len(m) for m in re.findall(r"^[ >]*(:{3,})", body, re.M)]
    return ":" * (max(runs) + 1 if runs else 3)


def _indent(body: str, prefix: str) -> str:
    return "\n".join(prefix + line if line.strip() else "" for line in body.split("\n"))


def wrap(kind: str, body: str, words: str) -> str:
    """``body`` nested in one block of ``kind``, with some public ``words`` of its own."""
    if kind == "bullet":
        return f"- {words}\n\n" + _indent(body, "  ")
    if kind == "ordered":
        return f"1. {words}\n\n" + _indent(body, "   ")
    if kind == "quote":
        return "\n".join("> " + line if line.strip() else ">" for line in f"{words}\n\n{body}".split("\n"))
    fence = _fence(body)
    if kind == "note":
        return f"{fence}{{note}}\n{words}\n\n{body}\n{fence}"
    if kind == "exercise":
        # Its own title: two exercises with one title on a page fail the build (a duplicate object).
        return f"{fence}{{exercise}} Practice: {words}\n{words}\n\n{body}\n{fence}"
    if kind == "trainer-note":
        return f"{fence}{{trainer-note}} Note {words.split()[-1]}\n{words}\n\n{body}\n{fence}"
    if kind == "model-answer":
        return f"{fence}{{model-answer}}\n{words}\n\n{body}\n{fence}"
    raise ValueError(kind)


class Piece:
    """One piece of trainer material nested in ``outer`` public blocks, holding ``inner`` blocks."""

    def __init__(self, outer: list[str], secret: str, inner: list[str], number: int):
        if secret == "model-answer" and (not outer or outer[-1] != "exercise"):
            outer = [*outer, "exercise"]  # a model answer sits directly in an exercise
        self.outer, self.secret, self.inner, self.number = outer, secret, inner, number
        self.marker = marker(number)

    def markdown(self) -> str:
        text = f"The {self.marker} detail, deepest."
        for index, kind in enumerate(reversed(self.inner)):
            text = wrap(kind, text, f"Inside {self.marker} level {index}")
        text = wrap(self.secret, text, f"Secret {self.marker} said here")
        for index, kind in enumerate(reversed(self.outer)):
            text = wrap(kind, text, f"Public words around piece {self.number} level {index}")
        return text


def pieces(kinds: tuple[str, ...], secrets: tuple[str, ...], start: int):
    level = st.lists(st.sampled_from(kinds), max_size=3)
    return st.lists(st.tuples(level, st.sampled_from(secrets), st.lists(st.sampled_from(kinds), max_size=2)),
                    min_size=1, max_size=3).map(
        lambda found: [Piece(outer, secret, inner, start + i) for i, (outer, secret, inner) in enumerate(found)])


def chapter(scenario: list[Piece], brief: list[Piece], page: list[Piece]) -> str:
    """tests/roots/test-kit's chapter with the generated pieces in its scenario, a brief and its body."""
    scenario_text = "\n\n".join(p.markdown() for p in scenario)
    brief_text = "\n\n".join(p.markdown() for p in brief)
    inner = _fence(scenario_text + "\n" + brief_text + "\n:::")
    outer = inner + ":"
    briefs = "\n\n".join(
        f"{inner}{{role-brief}} {role}\n:round: {number}\nGoal\n: {goal}\n"
        + (f"\n{brief_text}\n" if (role, number) == ("Account manager", 1) else "") + inner
        for role, number, goal in (("Account manager", 1, "Keep the account. PRIVATE-AM-ONE"),
                                   ("Office manager", 1, "A smaller bill. PRIVATE-OM-ONE"),
                                   ("Director", 1, "A reason in numbers. PRIVATE-DIR-ONE"),
                                   ("Account manager", 2, "A two-year term. PRIVATE-AM-TWO"),
                                   ("Office manager", 2, "Support. PRIVATE-OM-TWO"),
                                   ("Director", 2, "No surprises. PRIVATE-DIR-TWO")))
    return (f"# The price increase\n\n## Exercise\n\n{outer}{{role-play}} The renewal call\n:name: rp-renewal\n"
            f":minutes: 30\n:roles: Account manager, Office manager, Director\n:rounds: 2\n:group: 4\n\n"
            f"PUBLIC-SCENARIO: a reseller renews a client's licences at a higher price.\n\n{scenario_text}\n\n"
            f"{briefs}\n\n{inner}{{observer-sheet}}\n- Did they ask first? PRIVATE-OBSERVER\n{inner}\n{outer}\n\n"
            ":::{trainer-note} Debrief\n:name: tn-renewal\nPRIVATE-DEBRIEF\n:::\n\n"
            "::::{exercise} Rewrite the price email\n:name: ex-price-email\n:minutes: 10\nPUBLIC-EXERCISE: rewrite "
            "it.\n\n:::{model-answer}\nPRIVATE-MODEL-ANSWER: the reason first.\n:::\n::::\n\n"
            ":::{key-takeaways}\n:name: kt-price\n- PUBLIC-TAKEAWAY: give the reason in numbers.\n:::\n\n"
            "## More practice\n\n" + "\n\n".join(p.markdown() for p in page) + "\n")


def build_all(tmp: Path, text: str) -> dict[str, Path]:
    src = tmp / "src"
    shutil.copytree(ROOTS / "test-kit", src)
    (src / "chapter.md").write_text(text, encoding="utf-8")
    base = build_module.Paths(srcdir=src, confdir=src, builddir=tmp / "b")
    trainer = build_module.Paths(srcdir=src, confdir=src, builddir=tmp / "b", edition="trainer")
    deck = tmp / "deck.json"
    steps = [
        ("html", base, [], None, None),
        ("html", trainer, [], None, None),
        ("latex", base, ["-q", "-D", "handbook_latex_handouts=1"], tmp / "handouts", tmp / "dt-handouts"),
        ("latex", trainer, ["-q", "-D", "handbook_latex_kit=1", "-D", f"handbook_slides_manifest={deck}"],
         tmp / "kit", tmp / "dt-kit"),
    ]
    for builder, paths, extra, outdir, doctrees in steps:
        status = build_module.sphinx(builder, paths, extra, outdir=outdir, doctrees=doctrees)
        assert status == 0, f"the generated page did not build:\n{text}"
    return {"participant": tmp / "b" / "html", "trainer": tmp / "b" / "trainer" / "html",
            "handouts": tmp / "handouts", "kit": tmp / "kit", "deck": deck}


def _files(folder: Path) -> str:
    import zlib

    texts = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".js", ".json", ".txt", ".tex", ".inv"):
            data = path.read_bytes()
            if path.name == "objects.inv":
                data = zlib.decompress(data.split(b"\n", 4)[4])
            texts.append(data.decode("utf-8", "replace"))
    return "\n".join(texts).lower()


def _faces(deck: Path) -> str:
    """What the deck projects: every field but the speaker notes (say, watch, parts) and the private list."""
    data = json.loads(deck.read_text(encoding="utf-8"))["decks"]
    for record in data.values():
        for step in record["steps"]:
            for notes in ("say", "watch", "parts"):
                step.pop(notes, None)
    return json.dumps(data).lower()


RUNS = {"examples": 0, "seconds": 0.0}


@pytest.fixture(scope="module", autouse=True)
def summary(request):
    """After the module: how many examples ran and how long (make fuzz shows it)."""
    yield
    if RUNS["examples"]:
        line = (f"fuzz: {RUNS['examples']} generated examples passed in {RUNS['seconds']:.0f} s "
                f"({RUNS['seconds'] / RUNS['examples']:.1f} s each): no marker leaked")
        capture = request.config.pluginmanager.get_plugin("capturemanager")
        with capture.global_and_fixture_disabled():
            print(f"\n{line}")


@settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 5, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scenario=pieces(PUBLIC_KINDS[:4], ("trainer-note",), 100),
       brief=pieces(BRIEF_KINDS, ("trainer-note",), 200),
       page=pieces(PUBLIC_KINDS, ("trainer-note", "model-answer"), 300))
def test_no_marker_reaches_a_participant_and_every_marker_reaches_the_trainer(scenario, brief, page):
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="handbook-fuzz-") as folder:
        out = build_all(Path(folder), chapter(scenario, brief, page))
        markers = [p.marker for p in (*scenario, *brief, *page)]
        seen = {
            "participant HTML": _files(out["participant"]),
            "handout": _files(out["handouts"]),
            "role cards": "\n".join(p.read_text(encoding="utf-8").lower() for p in out["kit"].glob("role-cards-*.tex")),
            "deck faces": _faces(out["deck"]),
        }
        leaks = {where: [m for m in markers if m in text] for where, text in seen.items()}
        assert {where: found for where, found in leaks.items() if found} == {}
        trainer = _files(out["trainer"])
        guide = "\n".join(p.read_text(encoding="utf-8").lower() for p in out["kit"].glob("facilitator-guide-*.tex"))
        assert [m for m in markers if m not in trainer] == []
        # The facilitator guide pulls the role-play (scenario and briefs) and the trainer note.
        assert [p.marker for p in (*scenario, *brief) if p.marker not in guide] == []
        # Public words around trainer material survive in the participant edition.
        assert "public words around piece" in seen["participant HTML"] or not any(p.outer for p in page)
    RUNS["examples"] += 1
    RUNS["seconds"] += time.monotonic() - started
