"""Voice and fidelity checks: ``python -m handbook voice`` and ``python -m handbook overlap``.

``voice``: the book is in American English. Two passes over ``docs/`` and
``README.md``:

1. codespell with only its ``en-GB_to_en-US`` dictionary (``--builtin``),
   which knows "colour" and "organise" but not "travelled";
2. the project's own patterns (``PATTERNS``) for what that dictionary misses:
   double-l inflections, -ise and -yse verbs, idioms such as "at the weekend",
   "in future", "one-to-one", and "agree" used transitively ("agree the plan").

Quoted titles of other people's work keep their spelling: every string in
``IGNORE_TITLES`` is blanked out before either pass reads a file.
``PENDING`` lists findings in text this module's owner may not edit (the
session scripts and the role-play briefs, which have their own owners); they
are printed as notes, not failures, until their owner fixes them. Delete an
entry once its text is fixed: a stale entry is reported as an error.

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

PATTERNS: tuple[Pattern, ...] = (
    Pattern("double-l", re.compile(r"\b(" + "|".join(_DOUBLE_L) + r")l(ed|ing|er|ers|or|ors)\b", re.I),
            lambda m: m.group(1) + m.group(2)),
    Pattern("-ise", re.compile(r"\b([a-z]{2,})(ise|ised|ises|ising|isation|isations|iser|isers)\b", re.I), _ise),
    Pattern("-yse", re.compile(r"\b(analy|paraly|cataly)s(e|ed|es|ing)\b", re.I),
            lambda m: m.group(1) + "z" + m.group(2)),
    Pattern("word", re.compile(r"\b(" + "|".join(_WORDS_GB) + r")\b", re.I),
            lambda m: _keep_case(m.group(0), _WORDS_GB[m.group(0).lower()])),
    Pattern("idiom", re.compile(r"\bat\s+(the\s+)?weekends?\b", re.I),
            lambda m: "on " + m.group(0).split(None, 1)[1]),
    Pattern("idiom", re.compile(r"\bin\s+future\b(?=\s*[,.;:!?)\"]|\s*$|\s+(?:we|you|they|I|he|she|it|please|"
                                r"this|that|the|there)\b)", re.I | re.M),
            lambda m: m.group(0).split()[0] + " the future"),
    Pattern("idiom", re.compile(r"\bone-to-one\b", re.I), lambda m: "one-on-one"),
    Pattern("idiom", re.compile(r"\bon\s+holiday\b", re.I), lambda m: "on vacation"),
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
                out=None, err=None) -> int:
    """Print every British spelling or idiom; 1 when there is one (or a stale PENDING entry)."""
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
        print(f"error: PENDING in handbook/voice.py expects '{word}' in {path}, which is fixed now; "
              f"delete or lower that entry", file=err)
    if failed:
        print(f"{len(failed)} British spelling(s) or idiom(s): use the American form shown", file=err)
    return 1 if failed or stale else 0


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
