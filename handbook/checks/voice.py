"""Voice and fidelity checks: ``python -m handbook voice`` and ``python -m handbook overlap``.

``voice``: the book is in American English. Two passes over ``docs/`` and
``README.md``:

1. codespell with only its ``en-GB_to_en-US`` dictionary (``--builtin``),
   which knows "colour" and "organise" but not "travelled";
2. the project's own patterns (``PATTERNS``) for what that dictionary misses:
   double-l inflections, -ise and -yse verbs, "agree" used transitively
   ("agree the plan"), and ``IDIOMS``, the one list of British idioms and
   titles ("fill in a form", "straight away", "chief executive"), each entry
   with its American form, an example sentence, and the American phrases it
   must leave alone ("mobile app").

Quoted titles of other people's work keep their spelling: every string in
``IGNORE_TITLES`` is blanked out before either pass reads a file.
``PENDING`` lists findings in text this module's owner may not edit (the
session scripts and the role-play briefs, which have their own owners); they
are printed as notes, not failures, until their owner fixes them. Delete an
entry once its text is fixed: a stale entry is reported as an error.

``voice`` also checks glossary senses (``check_senses``): a term the glossary
defines means the same thing everywhere. ``SENSES`` lists known wrong uses of
terms (a talk track "said word for word", a role-play always "seller against
buyer", the decider as "a habit"); each is reported as ``file:line`` where the
term is in use, and an entry naming a term the glossary lacks is an error.

``overlap``: no story is told twice. No two chapters (pages whose front
matter has ``sources``) share a run of ``WORDS`` (13) or more words, with the
same tokenizing as ``../shared/tools/verbatim-check``: NFKC, curly quotes
straightened, lowercase, apostrophes dropped, runs of ``[a-z0-9]``.

Both print ``file:line: ...`` for each finding and return 1 when there is
one, 0 otherwise. Standard library plus codespell (a dependency already).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

WORDS = 13

#: Quoted titles of published work, kept as their authors spelled them.
IGNORE_TITLES: tuple[str, ...] = (
    "Saturday Morning Sales",
    "Don't Ignore Advice",
    "Train Your Client",
    "It's Not Personal!",
    "Lessons – response",
)

# Words ending in -ise (and their inflections) that are spelled so in American
# English too; a candidate is skipped when its -ise form ends with one of these.
_ISE_OK = (
    "advise", "devise", "revise", "supervise", "improvise", "televise", "advertise", "apprise", "comprise",
    "enterprise", "surprise", "reprise", "arise", "sunrise", "moonrise", "uprise", "bruise", "cruise",
    "chaise", "chastise", "despise", "disguise", "guise", "expertise", "franchise", "merchandise", "promise",
    "premise", "demise", "surmise", "compromise", "chemise", "exercise", "concise", "precise", "excise",
    "incise", "circumcise", "mortise", "noise", "poise", "paradise", "porpoise", "raise", "praise",
    "tortoise", "treatise", "turquoise", "valise", "wise", "louise", "elise", "denise",
)

_DOUBLE_L = (
    "travel", "cancel", "label", "model", "signal", "counsel", "fuel", "level", "channel", "dial", "total",
    "quarrel", "marvel", "jewel", "tunnel", "funnel", "shovel", "equal", "rival", "pencil", "panel", "libel",
    "duel", "gravel", "unravel", "refuel", "initial", "yodel", "snorkel", "towel", "chisel", "grovel", "revel",
    "sandal", "shrivel", "swivel", "tassel", "travel", "bevel", "enamel", "barrel", "cudgel", "drivel",
)

_WORDS_GB = {
    "whilst": "while", "amongst": "among", "learnt": "learned", "spelt": "spelled", "fortnight": "two weeks",
    "fortnightly": "every two weeks", "marvellous": "marvelous", "jewellery": "jewelry", "woollen": "woolen",
    "skilful": "skillful", "wilful": "willful", "fulfil": "fulfill", "fulfils": "fulfills", "enrol": "enroll",
    "enrols": "enrolls", "instalment": "installment", "instil": "instill", "instils": "instills",
    "programme": "program", "programmes": "programs",
}


@dataclass(frozen=True)
class Pattern:
    kind: str
    regex: re.Pattern
    #: The suggestion for a match (the matched text as written).
    suggest: object


def _keep_case(word: str, new: str) -> str:
    return new[:1].upper() + new[1:] if word[:1].isupper() else new


def _ise(m: re.Match) -> str | None:
    word = m.group(0)
    stem, suffix = m.group(1), m.group(2)
    if (stem + "ise").lower().endswith(_ISE_OK):
        return None
    return word[: len(stem)] + "iz" + suffix[2:] if suffix.startswith("is") else None


def _agree(m: re.Match) -> str:
    return f"{m.group(1)} on {m.group(2)}"


_AGREE_OBJECTS = (
    "the", "a", "an", "this", "these", "those", "your", "our", "their", "its", "his", "her", "my", "them",
    "one", "two", "three", "four", "five", "six",
)

@dataclass(frozen=True)
class Idiom:
    """One British idiom or title, and its American form."""

    #: What a British text writes, as a regex (case ignored; a space matches any whitespace, line breaks too).
    british: str
    #: The American form: a ``re.Match.expand`` template (``\1`` is the first group).
    american: str
    #: A sentence the entry catches; tests/test_voice.py reads it.
    example: str
    #: Phrases (regexes) around a match that are American as they stand, such as "mobile app".
    keep: tuple[str, ...] = ()


_NUMBER = (r"\d+|a few|several|dozens of|hundreds of|two|three|four|five|six|seven|eight|nine|ten|eleven|"
           r"twelve|fifteen|twenty|thirty|forty|fifty|sixty|a hundred")

#: The one list of idioms and titles the voice check knows, each with its American form.
IDIOMS: tuple[Idiom, ...] = (
    Idiom(r"\bat (the )?(weekends?)\b", r"on \1\2", "Do not answer at the weekend."),
    Idiom(r"\b(in) future\b(?=\s*[,.;:!?)\"]|\s*$|\s+(?:we|you|they|I|he|she|it|please|this|that|the|there)\b)",
          r"\1 the future", "In future, send it by noon."),
    Idiom(r"\bone-to-one\b", "one-on-one", "Book a one-to-one with the rep."),
    Idiom(r"\bon holiday\b", "on vacation", "She is on holiday this week."),
    Idiom(r"\b(fill(?:s|ed|ing)?) in\b(?=(?: \S+){0,3} (?:forms?|surveys?|questionnaires?|sheets?|details|"
          r"applications?)\b)", r"\1 out", "Please fill in the feedback form."),
    Idiom(r"\bstraight away\b", "right away", "Call them straight away."),
    Idiom(r"\bring(s|ing)?(?= (?:them|him|her|me|you|us|back|their|his|your|my|our|the client)\b)", r"call\1",
          "Ring their cell phone if it breaks."),
    Idiom(r"\b(?:told|been told|be told) off\b", "criticized", "You expect to be told off for the visits."),
    Idiom(r"\b(tell|tells|telling|told) (him|her|them|me|you|us) off\b", r"criticized \2",
          "The manager told them off."),
    Idiom(r"\btick(s|ed|ing)?(?= (?:the |each |every |all )?(?:box|boxes|items?)\b| off\b)", r"check\1",
          "Print it and tick the boxes as you go."),
    Idiom(r"\bround by (e-?mail|post)\b", r"around by \1", "Send the list round by email."),
    Idiom(r"\b(send|sends|sent|sending|pass|passes|passed|passing|hand|hands|handed|handing) round\b",
          r"\1 around", "Pass round the sign-up sheet."),
    Idiom(r"\bafterwards\b", "afterward", "What did you think of them afterwards?"),
    Idiom(r"\btowards\b", "toward", "Work towards a plan."),
    Idiom(r"\bkeen\b", "eager", 'Are the new people still keen?',
          keep=(r"keen (?:eye|ear|interest|sense|observers?|insight|edge|competition)",)),
    Idiom(r"\bcompulsory\b", "mandatory", "A compulsory security course."),
    Idiom(r"\b(" + _NUMBER + r")( senior| junior| full-time| part-time| new)? staff\b(?! members?\b)",
          r"\1\2 employees", "A law firm with 40 staff.", keep=()),
    Idiom(r"\bchief executive\b(?! officer)", "CEO", "Your chief executive asked."),
    Idiom(r"\bfinance director\b", "CFO (or director of finance)", "The finance director signs it."),
    Idiom(r"\boperations director\b", "director of operations (or VP of operations)",
          "The operations director controls the budget."),
    Idiom(r"\bmanaging director\b", "CEO (or president)", "The managing director decides."),
    Idiom(r"\b(tried|try|trying|tries) (you|him|her|them)\b(?! (?:out|on|for|with|in|as|at|to|first)\b)",
          r"\1 to reach \2", "I have tried you a few times."),
    Idiom(r"\b(a|another|one more|second|third|fourth|final|last) chase\b", r"\1 follow-up",
          "Instead of a third chase, ask."),
    Idiom(r"\bin (the|my|your|their|our|his|her) (calendars?)\b", r"on \1 \2", "Put it in the calendar."),
    Idiom(r"\b(next|previous|same|two|three|five|ten) working (day|days|morning|week)\b", r"\1 business \2",
          "I reply the next working morning."),
    Idiom(r"\bhands up\b", "raise your hand", "Hands up if you got all four."),
    Idiom(r"\bmobiles?\b(?: phones?\b)?", "cell phone", "Call my mobile.",
          keep=(r"mobile(?:-friendly| (?:apps?|devices?|web|sites?|versions?|browsers?|data|networks?|screens?))",)),
)


def _idiom(idiom: Idiom) -> Pattern:
    regex = re.compile(idiom.british.replace(" ", r"\s+"), re.I)
    keeps = [re.compile(k.replace(" ", r"\s+"), re.I) for k in idiom.keep]

    def suggest(m: re.Match) -> str | None:
        for keep in keeps:
            for k in keep.finditer(m.string, max(0, m.start() - 40), min(len(m.string), m.end() + 40)):
                if k.start() <= m.start() and m.end() <= k.end():
                    return None
        return m.expand(idiom.american)

    return Pattern("idiom", regex, suggest)


PATTERNS: tuple[Pattern, ...] = (
    Pattern("double-l", re.compile(r"\b(" + "|".join(_DOUBLE_L) + r")l(ed|ing|er|ers|or|ors)\b", re.I),
            lambda m: m.group(1) + m.group(2)),
    Pattern("-ise", re.compile(r"\b([a-z]{2,})(ise|ised|ises|ising|isation|isations|iser|isers)\b", re.I), _ise),
    Pattern("-yse", re.compile(r"\b(analy|paraly|cataly)s(e|ed|es|ing)\b", re.I),
            lambda m: m.group(1) + "z" + m.group(2)),
    Pattern("word", re.compile(r"\b(" + "|".join(_WORDS_GB) + r")\b", re.I),
            lambda m: _keep_case(m.group(0), _WORDS_GB[m.group(0).lower()])),
    *(_idiom(i) for i in IDIOMS),
    Pattern("agree (transitive)", re.compile(r"\b(agree(?:s|d|ing)?)\s+(" + "|".join(_AGREE_OBJECTS) + r")\b",
                                             re.I), _agree),
)

#: Findings in text whose owner is not this module's: (file, matched text) ->
#: how many times. Printed as notes; fix the text, then delete the entry.
PENDING: dict[tuple[str, str], int] = {}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    word: str
    suggestion: str
    kind: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.word} -> {self.suggestion}"


def _mask(text: str, titles=IGNORE_TITLES) -> str:
    """The text with each ignored title blanked out (same length, same lines)."""
    for title in titles:
        for variant in {title, title.replace("'", "\u2019")}:
            text = text.replace(variant, " " * len(variant))
    return text


def _sources(root: Path, paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for name in paths:
        path = root / name
        if path.is_dir():
            files.extend(p for p in sorted(path.rglob("*.md")) if not any(part.startswith(".") for part in p.parts))
        elif path.is_file():
            files.append(path)
    return files


def _codespell(root: Path, files: list[Path], masked: dict[Path, str]) -> list[Finding]:
    """codespell's en-GB_to_en-US dictionary over masked copies of the files."""
    found: list[Finding] = []
    with tempfile.TemporaryDirectory() as tmp:
        copies: dict[str, str] = {}
        for i, path in enumerate(files):
            copy = Path(tmp) / f"{i:04d}.md"
            copy.write_text(masked[path], encoding="utf-8")
            copies[str(copy)] = path.relative_to(root).as_posix()
        if not copies:
            return found
        proc = subprocess.run(
            [sys.executable, "-m", "codespell_lib", "--builtin", "en-GB_to_en-US", "--config", "/dev/null",
             *copies],
            capture_output=True, text=True, cwd=tmp,
        )
        if proc.returncode not in (0, 65):
            raise RuntimeError(f"codespell failed ({proc.returncode}): {proc.stderr.strip()}")
        for line in proc.stdout.splitlines():
            m = re.match(r"(.+?):(\d+): (.+?) ==> (.+)$", line.strip())
            if m and m.group(1) in copies:
                found.append(Finding(copies[m.group(1)], int(m.group(2)), m.group(3), m.group(4), "codespell"))
    return found


def british(text: str, path: str = "<text>") -> list[Finding]:
    """The project's own patterns over one text (already masked)."""
    found: list[Finding] = []
    for pattern in PATTERNS:
        for m in pattern.regex.finditer(text):
            suggestion = pattern.suggest(m)
            if suggestion is None:
                continue
            word = " ".join(m.group(0).split())
            found.append(Finding(path, text.count("\n", 0, m.start()) + 1, word,
                                 " ".join(str(suggestion).split()), pattern.kind))
    return found


def _key(f: Finding) -> tuple[str, str]:
    return (f.path, f.word)


def check_voice(root: Path, paths=("docs", "README.md"), pending=None, titles=IGNORE_TITLES,
                out=None, err=None, senses_too: bool = True) -> int:
    """Print every British spelling or idiom, and every glossary term used in another sense
    (``check_senses``); 1 when there is one (or a stale PENDING or SENSES entry)."""
    out = out or sys.stdout
    err = err or sys.stderr
    pending = PENDING if pending is None else pending
    files = _sources(root, list(paths))
    checked = {p.relative_to(root).as_posix() for p in files}
    masked = {p: _mask(p.read_text(encoding="utf-8"), titles) for p in files}
    findings = _codespell(root, files, masked)
    for path in files:
        findings.extend(british(masked[path], path.relative_to(root).as_posix()))
    unique: dict[tuple[str, int, str], Finding] = {}
    for f in findings:  # codespell and our list may both know a word: report it once
        unique.setdefault((f.path, f.line, f.word.lower()), f)
    findings = sorted(unique.values(), key=lambda f: (f.path, f.line, f.word))
    waived: dict[tuple[str, str], int] = {}
    failed = []
    for f in findings:
        key = _key(f)
        if waived.get(key, 0) < pending.get(key, 0):
            waived[key] = waived.get(key, 0) + 1
            print(f"note: {f} (pending: text owned elsewhere)", file=out)
        else:
            failed.append(f)
            print(f, file=out)
    stale = [key for key, count in pending.items() if key[0] in checked and waived.get(key, 0) < count]
    for path, word in stale:
        print(f"error: PENDING in handbook/checks/voice.py expects '{word}' in {path}, which is fixed now; "
              f"delete or lower that entry", file=err)
    if failed:
        print(f"{len(failed)} British spelling(s) or idiom(s): use the American form shown", file=err)
    wrong_sense = check_senses(root, files, out=out, err=err) if senses_too else 0
    return 1 if failed or stale or wrong_sense else 0


# -- glossary senses -------------------------------------------------------------
#
# A glossary term means one thing in the whole book. ``SENSES`` lists, per term,
# the known wrong uses: phrases that give the term another sense than the
# glossary's. A phrase counts only where the term is in use: in a sentence that
# names the term, in a section whose heading names it, inside one of the term's
# directive blocks (``{talk-track}``), or in the term's own glossary entry, read
# as "TERM is DEFINITION". A phrase right after "not", "never", "rather than" or
# "instead of" is a warning against the wrong use, not one.


@dataclass(frozen=True)
class Sense:
    #: The term as the glossary spells it.
    term: str
    #: The term as prose writes it (any case, plural, a hyphen or a space).
    forms: str
    #: (a wrong use, what is wrong with it); words are separated by any whitespace.
    wrong: tuple[tuple[str, str], ...]
    #: Directive names whose body uses the term throughout.
    blocks: tuple[str, ...] = ()


SENSES: tuple[Sense, ...] = (
    Sense("Talk track", r"talk[- ]tracks?", (
        (r"say (?:the|these|its) (?:exact )?words", "tells the rep to recite it"),
        (r"word for word|verbatim|exactly as written", "tells the rep to recite it"),
        (r"(?:recite|memori[sz]e) (?:it|them|the (?:track|script|words))", "tells the rep to recite it"),
        (r"read (?:it|them|the (?:track|script|words)) (?:out )?aloud", "tells the rep to read it out"),
    ), blocks=("talk-track",)),
    Sense("Role-play", r"role[- ]plays?", (
        (r"(?:one|a) (?:person|participant|rep) plays the seller and (?:another|the other|a second)"
         r"(?: person| participant)?(?: plays)? the buyer", "makes every role-play seller against buyer"),
        (r"seller against (?:the|a) buyer", "makes every role-play seller against buyer"),
        (r"(?:always|only) (?:a|the) seller and (?:a|the) buyer", "makes every role-play seller against buyer"),
    ), blocks=("role-play",)),
    Sense("The decider", r"(?:the )?decider", (
        (r"decider\W* (?:is|was|means) (?:a|an|the) (?:\w+ )?(?:habit|style|practice|approach|tendency)",
         "makes it a habit; the decider is a person, the manager"),
        (r"(?:habit|style|practice|approach) (?:called|known as) (?:the )?\W?decider",
         "makes it a habit; the decider is a person, the manager"),
    )),
    Sense("Guest mindset", r"guest mindset", (
        (r"(?:a|the) (?:seller|rep)'s (?:\w+ )?(?:habit|way|mindset) of behaving like (?:a|the) (?:\w+ )?guest",
         "makes it the seller's; it is how a buyer treats a seller"),
        (r"guest mindset\W* (?:is|means) (?:something )?(?:that )?(?:you|a seller|the seller|sellers|a rep|reps) "
         r"(?:practice|show|adopt|behave|bring)", "makes it the seller's; it is how a buyer treats a seller"),
        (r"(?:you|sellers?|reps?) (?:practice|adopt|show|have|bring) (?:a|the) guest mindset",
         "makes it the seller's; it is how a buyer treats a seller"),
    )),
    Sense("Client training", r"client training", (
        (r"client training (?:session|course|workshop|day)s?",
         "means training sessions for clients; client training is what clients learn from how you work"),
    )),
)

_NEGATED = re.compile(r"\b(?:not|never|no|don't|rather than|instead of)\s+(?:\S+\s+){0,2}$", re.I)
_ROLE = re.compile(r"\{[a-z-]+\}`([^`<]*)(?:<[^`]*>)?`")
_HEADING = re.compile(r"^(#+)\s+(.*)$", re.M)
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+|\n[ \t]*\n|\n(?=[ \t]*(?:[-*]|\d+\.|:|#)\s)")
_FENCE = re.compile(r"^[ \t]*(`{3,}|:{3,})\{([a-z-]+)\}.*$", re.M)


@dataclass(frozen=True)
class SenseFinding:
    path: str
    line: int
    term: str
    phrase: str
    why: str
    meaning: str

    def __str__(self) -> str:
        return (f"{self.path}:{self.line}: '{self.term.lower()}' used against the glossary's sense: "
                f'"{self.phrase}" {self.why}; the glossary: "{self.meaning}"')


def _flatten(text: str) -> str:
    """Roles such as {term}`talk track <Talk track>` read as their words, at the same offsets."""
    return _ROLE.sub(lambda m: " " * (m.start(1) - m.start()) + m.group(1) + " " * (m.end() - m.end(1)), text)


def glossary_entries(text: str) -> list[tuple[str, int, str, int]]:
    """(term, line, definition, last line) for each entry of each ``{glossary}`` block in a MyST text."""
    entries: list[tuple[str, int, str, int]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = re.match(r"^(`{3,}|:{3,})\{glossary\}", lines[i])
        if not m:
            i += 1
            continue
        fence, i = m.group(1), i + 1
        term, start, body, last = None, 0, [], 0
        while i < len(lines) and not lines[i].startswith(fence):
            line = lines[i]
            if line.strip() and not line[0].isspace() and not line.startswith(":"):
                if term:
                    entries.append((term, start, " ".join(body), last))
                term, start, body, last = line.strip(), i + 1, [], i + 1
            elif term and line.strip():
                body.append(line.strip())
                last = i + 1
            i += 1
        if term:
            entries.append((term, start, " ".join(body), last))
        i += 1
    return entries


def _scopes(text: str, sense: Sense) -> list[tuple[int, int]]:
    """Spans of a (flattened) text in which the term is in use."""
    forms = re.compile(r"\b" + sense.forms + r"\b", re.I)
    spans: list[tuple[int, int]] = []
    start = 0
    for end in [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]:
        if forms.search(text, start, end):
            spans.append((start, end))
        start = end
    headings = list(_HEADING.finditer(text))
    for k, h in enumerate(headings):
        if forms.search(h.group(2)):
            level = len(h.group(1))
            end = next((o.start() for o in headings[k + 1:] if len(o.group(1)) <= level), len(text))
            spans.append((h.start(), end))
    for m in _FENCE.finditer(text):
        if m.group(2) in sense.blocks:
            close = re.compile(r"^[ \t]*" + re.escape(m.group(1)) + r"[ \t]*$", re.M).search(text, m.end())
            spans.append((m.start(), close.end() if close else len(text)))
    return spans


def _wrong(sense: Sense):
    for regex, why in sense.wrong:
        yield re.compile(r"\b" + regex.replace(" ", r"\s+"), re.I), why


def senses(text: str, path: str = "<text>", meanings: dict[str, str] | None = None,
           table: tuple[Sense, ...] = SENSES) -> list[SenseFinding]:
    """Every known wrong use of a glossary term in one MyST text."""
    meanings = meanings or {}
    flat = _flatten(text)
    found: list[SenseFinding] = []
    entries = {term.lower(): (line, definition, last) for term, line, definition, last in glossary_entries(text)}
    for sense in table:
        meaning = meanings.get(sense.term.lower(), "")
        spans = _scopes(flat, sense)
        for regex, why in _wrong(sense):
            lines = set()
            for m in regex.finditer(flat):
                if not any(a <= m.start() and m.end() <= b for a, b in spans):
                    continue
                if _NEGATED.search(flat[max(0, m.start() - 40):m.start()]):
                    continue
                lines.add(flat.count("\n", 0, m.start()) + 1)
                found.append(SenseFinding(path, flat.count("\n", 0, m.start()) + 1, sense.term,
                                          " ".join(m.group(0).split()), why, meaning))
            if sense.term.lower() in entries:  # the entry itself, read as "TERM is DEFINITION"
                line, definition, last = entries[sense.term.lower()]
                if any(line <= n <= last for n in lines):
                    continue
                entry = f"{sense.term} is {_flatten(definition)}"
                m = next((m for m in regex.finditer(entry)
                          if not _NEGATED.search(entry[max(0, m.start() - 40):m.start()])), None)
                if m:
                    found.append(SenseFinding(path, line, sense.term, " ".join(m.group(0).split()), why,
                                              meaning or definition))
    return found


def _first_sentence(text: str) -> str:
    m = re.match(r"(.+?[.!?])(?:\s|$)", text)
    return m.group(1) if m else text


def check_senses(root: Path, files: list[Path], out=None, err=None, table: tuple[Sense, ...] = SENSES) -> int:
    """Print every known wrong use of a glossary term; 1 when there is one, or when ``table``
    names a term that the glossary (a ``{glossary}`` block in ``files``) does not define."""
    out = out or sys.stdout
    err = err or sys.stderr
    texts = {p: p.read_text(encoding="utf-8") for p in files}
    meanings: dict[str, str] = {}
    for text in texts.values():
        for term, _, definition, _ in glossary_entries(text):
            meanings[term.lower()] = _first_sentence(_flatten(definition))
    stale = [s.term for s in table if meanings and s.term.lower() not in meanings]
    for term in stale:
        print(f"error: SENSES in handbook/checks/voice.py names '{term}', which the glossary does not define; "
              "delete the entry or rename it to the glossary's term", file=err)
    found: list[SenseFinding] = []
    for path, text in texts.items():
        found.extend(senses(text, path.relative_to(root).as_posix(), meanings, table))
    unique = sorted({(f.path, f.line, f.phrase.lower()): f for f in found}.values(),
                    key=lambda f: (f.path, f.line, f.phrase))
    for f in unique:
        print(f, file=out)
    if unique:
        print(f"{len(unique)} glossary term(s) used in another sense than the glossary's: reword the sentence, "
              "or change the glossary (and SENSES in handbook/checks/voice.py) if the glossary is wrong", file=err)
    return 1 if unique or stale else 0


# -- overlap between chapters --------------------------------------------------

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def words(text: str) -> list[str]:
    """verbatim-check's tokenizing."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.lower().replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


def _tokens(text: str) -> list[tuple[str, int]]:
    seq: list[tuple[str, int]] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        seq.extend((w, lineno) for w in words(line))
    return seq


def chapters(docs: Path) -> list[Path]:
    """Pages whose front matter lists ``sources``: the chapters."""
    found = []
    for path in sorted(docs.rglob("*.md")):
        m = _FRONT.match(path.read_text(encoding="utf-8"))
        if m and re.search(r"^sources\s*:", m.group(1), re.M):
            found.append(path)
    return found


def shared_runs(texts: dict[str, str], n: int = WORDS) -> list[tuple[str, int, str, int, list[str]]]:
    """Maximal runs of n+ words that two texts share: (a, line, b, line, words), each pair once."""
    seqs = {name: _tokens(text) for name, text in texts.items()}
    first: dict[tuple[str, ...], tuple[str, int]] = {}
    for name, seq in seqs.items():
        ws = [w for w, _ in seq]
        for i in range(len(ws) - n + 1):
            first.setdefault(tuple(ws[i:i + n]), (name, i))
    runs = []
    names = list(seqs)
    for name in names:
        seq = seqs[name]
        ws = [w for w, _ in seq]
        i = 0
        while i <= len(ws) - n:
            owner = first.get(tuple(ws[i:i + n]))
            if owner and owner[0] != name and names.index(owner[0]) < names.index(name):
                j = i + n
                while j < len(ws) and (o := first.get(tuple(ws[j - n + 1:j + 1]))) and o[0] == owner[0]:
                    j += 1
                other = seqs[owner[0]]
                runs.append((owner[0], other[owner[1]][1], name, seq[i][1], ws[i:j]))
                i = j
            else:
                i += 1
    return runs


def check_overlap(root: Path, n: int = WORDS, out=None, err=None) -> int:
    """Print every run of n+ words two chapters share; 1 when there is one."""
    out = out or sys.stdout
    err = err or sys.stderr
    docs = root / "docs"
    texts = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in chapters(docs)}
    runs = shared_runs(texts, n)
    for a, line_a, b, line_b, ws in runs:
        print(f"{b}:{line_b}: {len(ws)} words shared with {a}:{line_a}: {' '.join(ws)}", file=out)
    if runs:
        print(f"{len(runs)} run(s) of {n}+ words told twice: give the passage one home and link to it "
              "with {chapter}`label`", file=err)
        return 1
    return 0
