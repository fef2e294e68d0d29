"""``python -m handbook voice`` and ``overlap``: American English, and no story told twice.

Each check is shown catching each kind of finding on a seeded folder, and
the real docs/ are shown to pass both.
"""

from __future__ import annotations

import io

import pytest

from handbook.__main__ import main
from handbook.checks.voice import SENSES, Sense, check_overlap, check_senses, check_voice

# One line per kind the voice check knows: (text, the finding it must print).
SEEDS = [
    ("Pick a colour for the slides.", "colour -> color"),                      # codespell's dictionary
    ("We travelled to the client.", "travelled -> traveled"),                   # double-l inflection
    ("The rep cancelled the call.", "cancelled -> canceled"),
    ("Prioritise the renewal.", "Prioritise -> Prioritize"),                    # -ise verb
    ("The organisation grew.", "organisation -> organization"),
    ("Analyse the pipeline.", "Analyse -> Analyze"),                            # -yse verb
    ("Call whilst you wait.", "whilst -> while"),                              # word list
    ("Do not answer at the weekend.", "at the weekend -> on the weekend"),     # idioms
    ("In future, send it by noon.", "In future -> In the future"),
    ("Book a one-to-one with the rep.", "one-to-one -> one-on-one"),
    ("First agree the plan with your adviser.", "agree the -> agree on the"),  # transitive agree
    ("Then we agreed\n  a date for the review.", "agreed a -> agreed on a"),    # across a line break
    # British idioms and titles (IDIOMS): each with the American form a reader is shown.
    ("A prospect filled in the contact form.", "filled in -> filled out"),
    ("Then fill in the\n  feedback form.", "fill in -> fill out"),
    ("Demonstrate it straight away.", "straight away -> right away"),
    ("You will ring their cell phone.", "ring -> call"),
    ("You expect to be told off for it.", "be told off -> criticized"),
    ("Print it and tick the boxes.", "tick -> check"),
    ("Send the list round by email.", "round by email -> around by email"),
    ("What did you think afterwards?", "afterwards -> afterward"),
    ("Are they still keen?", "keen -> eager"),
    ("A compulsory course.", "compulsory -> mandatory"),
    ("A law firm with 40 staff.", "40 staff -> 40 employees"),
    ("Two senior staff complained.", "Two senior staff -> Two senior employees"),
    ("Your chief executive asked.", "chief executive -> CEO"),
    ("The finance director signs.", "finance director -> CFO (or director of finance)"),
    ("The operations director decides.", "operations director -> director of operations (or VP of operations)"),
    ("I have tried you a few times.", "tried you -> tried to reach you"),
    ("Instead of a third chase, call.", "third chase -> third follow-up"),
    ("Put it in the calendar.", "in the calendar -> on the calendar"),
    ("Call my mobile tonight.", "mobile -> cell phone"),
    ("Reply the next working day.", "next working day -> next business day"),
    ("Hands up if you agree.", "Hands up -> raise your hand"),
]

AMERICAN = """\
Promise, exercise, advertise and advise are fine; so are surprised, raised,
premises, enterprise and supervising. Plan for future years, or in the future.
An agreed plan is fine, and so is "I agree that it works". We traveled and
canceled; we organize, prioritize and analyze. Download the mobile app on a
mobile device; fill in the blanks, then fill out the form. A chief executive
officer with a keen eye and 40 staff members rang the bell, tried them out and
kept a diary. Tick-tock. Chase the lead right away, put it on the calendar,
then email the list around.
"""


def run_voice(root, **kw):
    out, err = io.StringIO(), io.StringIO()
    code = check_voice(root, out=out, err=err, **kw)
    return code, out.getvalue(), err.getvalue()


def seed(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("text,finding", SEEDS, ids=[f for _, f in SEEDS])
def test_each_british_form_is_caught_with_file_line_and_suggestion(tmp_path, text, finding):
    root = seed(tmp_path, {"docs/part/chapter.md": "# A chapter\n\n" + text + "\n"})
    code, out, err = run_voice(root, pending={})
    assert code == 1
    assert f"docs/part/chapter.md:3: {finding}" in out
    assert "British spelling" in err


def test_each_idiom_in_the_one_list_catches_its_example_with_its_american_form():
    from handbook.checks.voice import IDIOMS, british

    assert len(IDIOMS) >= 25
    for idiom in IDIOMS:
        found = [f for f in british(idiom.example) if f.kind == "idiom"]
        assert len(found) == 1, (idiom.british, idiom.example, found)
        assert found[0].suggestion.lower() != found[0].word.lower(), found[0]


def test_the_readme_is_checked_and_american_text_passes(tmp_path):
    root = seed(tmp_path, {"docs/a.md": AMERICAN, "README.md": "We labelled it.\n"})
    code, out, _ = run_voice(root, pending={})
    assert code == 1
    assert out.strip() == "README.md:1: labelled -> labeled"
    (root / "README.md").write_text("We labeled it.\n", encoding="utf-8")
    assert run_voice(root, pending={})[0] == 0


def test_quoted_titles_on_the_ignore_list_keep_their_spelling(tmp_path):
    root = seed(tmp_path, {"docs/a.md": 'Read "The Colour of Sales" by the team.\nThe colour is wrong.\n'})
    code, out, _ = run_voice(root, pending={}, titles=("The Colour of Sales",))
    assert code == 1
    assert out.strip() == "docs/a.md:2: colour -> color"


def test_pending_findings_are_notes_and_a_stale_entry_fails(tmp_path):
    root = seed(tmp_path, {"docs/s.md": "Agree the plan.\n"})
    pending = {("docs/s.md", "Agree the"): 1}
    code, out, _ = run_voice(root, pending=pending)
    assert code == 0 and out.startswith("note: docs/s.md:1: Agree the -> Agree on the")
    (root / "docs/s.md").write_text("Agree on the plan.\n", encoding="utf-8")
    code, _, err = run_voice(root, pending=pending)
    assert code == 1 and "which is fixed now" in err


# -- glossary senses ----------------------------------------------------------

GLOSSARY = """\
# Glossary

```{glossary}
:sorted:

Client training
  Everything a client learns about how you work from what you do.

Guest mindset
  A buyer's way of treating a seller as a welcome guest rather than a vendor.

Role-play
  A practice conversation in which each person plays a part.

Talk track
  A short script for a hard moment. Say it in your own words; do not read it aloud.

The decider
  A manager who settles how every task must be done.
```
"""

# (a page's text, the line and term a reader must be shown): one known wrong use per term,
# each in a different place where the term is in use.
WRONG_SENSES = [
    ("## Talk tracks\n\nSay the words, then stop.\n", 3, "talk track"),              # section heading
    (":::{talk-track} A call\nSay\n: Read it aloud, word for word.\n:::\n", 3, "talk track"),  # block body
    ("In a {term}`role-play`, one person plays the seller and another the buyer.\n", 1, "role-play"),
    ("Managers play {term}`the decider`. The decider is a habit of control.\n", 1, "the decider"),
    ("Text.\n\nThe {term}`guest mindset` is something you practice first.\n", 3, "guest mindset"),
    ("We ran a client training session for their staff.\n", 1, "client training"),
]


@pytest.mark.parametrize("text,line,term", WRONG_SENSES, ids=[f"{t} {i}" for i, (_, _, t) in enumerate(WRONG_SENSES)])
def test_a_glossary_term_in_another_sense_fails_naming_file_line_and_sense(tmp_path, text, line, term):
    root = seed(tmp_path, {"docs/glossary.md": GLOSSARY, "docs/part/chapter.md": text})
    code, out, err = run_voice(root, pending={})
    assert code == 1, out
    assert out.startswith(f"docs/part/chapter.md:{line}: '{term}' used against the glossary's sense: "), out
    assert '; the glossary: "' in out and "in another sense than the glossary's" in err


def test_the_same_words_where_the_term_is_not_in_use_or_negated_pass(tmp_path):
    root = seed(tmp_path, {"docs/glossary.md": GLOSSARY, "docs/part/chapter.md": (
        "# A chapter\n\nRead it aloud to the room, word for word.\n\n"          # no talk track here
        "A {term}`talk track` is not to be read aloud; never recite it.\n\n"   # negated
        "This {term}`role-play` has a seller and a buyer, with an observer.\n\n"
        "The author wanted to stop being {term}`the decider`.\n\n"
        "A buyer with a {term}`guest mindset` treats you as a guest.\n\n"
        "Training sessions for clients are not {term}`client training`.\n")})
    code, out, _ = run_voice(root, pending={})
    assert (code, out) == (0, "")


def test_a_glossary_entry_in_another_sense_fails_at_its_term_line(tmp_path):
    wrong = GLOSSARY.replace("A manager who settles how every task must be done.",
                             "A management habit of settling how every task is done.")
    root = seed(tmp_path, {"docs/glossary.md": wrong})
    code, out, _ = run_voice(root, pending={})
    assert code == 1
    assert out.startswith("docs/glossary.md:18: 'the decider' used against the glossary's sense: "
                          '"decider is A management habit"'), out


def test_a_senses_entry_the_glossary_does_not_define_is_an_error(tmp_path):
    root = seed(tmp_path, {"docs/glossary.md": GLOSSARY})
    table = SENSES + (Sense("Pipeline hygiene", r"pipeline hygiene", ((r"spring clean", "x"),)),)
    out, err = io.StringIO(), io.StringIO()
    assert check_senses(root, [root / "docs/glossary.md"], out=out, err=err, table=table) == 1
    assert "names 'Pipeline hygiene', which the glossary does not define" in err.getvalue()
    assert check_senses(root, [root / "docs/glossary.md"], out=out, err=err) == 0


def test_every_listed_term_is_in_the_real_glossary():
    from pathlib import Path

    from handbook.checks.voice import glossary_entries

    glossary = (Path(__file__).resolve().parent.parent / "docs" / "glossary.md").read_text(encoding="utf-8")
    terms = {term.lower() for term, *_ in glossary_entries(glossary)}
    assert len(terms) >= 15
    assert {s.term.lower() for s in SENSES} <= terms


CHAPTER = "---\nsummary: s\nsources: [k]\n---\n\n# {title}\n\n{body}\n"
RUN13 = "the client called on a friday to say they were leaving for a rival firm"


def test_a_run_of_thirteen_words_in_two_chapters_is_caught(tmp_path):
    words = RUN13.split()
    assert len(words) >= 13
    root = seed(tmp_path, {
        "docs/one/a.md": CHAPTER.format(title="A", body="Story A. " + RUN13.capitalize() + "."),
        "docs/two/b.md": CHAPTER.format(title="B", body="In B:\n" + " ".join(words[:7]) + "\n"
                                        + " ".join(words[7:]) + "."),
        "docs/index.md": "# Not a chapter\n\n" + RUN13 + "\n",  # no sources: not a chapter
    })
    out, err = io.StringIO(), io.StringIO()
    assert check_overlap(root, out=out, err=err) == 1
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("docs/two/b.md:9: 15 words shared with docs/one/a.md:8: " + RUN13)
    assert "told twice" in err.getvalue()


def test_twelve_shared_words_pass(tmp_path):
    twelve = " ".join(RUN13.split()[:12])
    root = seed(tmp_path, {
        "docs/a.md": CHAPTER.format(title="A", body=twelve + " today."),
        "docs/b.md": CHAPTER.format(title="B", body=twelve + " yesterday."),
    })
    assert check_overlap(root, out=io.StringIO(), err=io.StringIO()) == 0


def test_the_real_docs_pass_both_checks(capsys):
    assert main(["voice"]) == 0
    out = capsys.readouterr().out
    assert all(line.startswith("note: ") for line in out.splitlines()), out
    assert main(["overlap"]) == 0
    assert capsys.readouterr().out == ""


def test_make_check_runs_both_after_codespell():
    from pathlib import Path

    source = (Path(__file__).resolve().parent.parent / "handbook" / "check.py").read_text(encoding="utf-8")
    spelling, voice, overlap, verbatim = (source.index(s) for s in (
        "codespell_lib", "check_voice(root)", "check_overlap(root)", "verbatim-check\"\n"))
    assert spelling < voice < overlap < verbatim
