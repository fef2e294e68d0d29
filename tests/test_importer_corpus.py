"""The importer on real files from public projects' fixtures (tests/corpus/manifest.json).

The files are not in the repository: ``python tests/corpus/restore.py`` extracts them from local git
mirrors into tests/corpus/files/. Without them this module is not collected at all (a module-level skip,
not a test skip, so CI's HANDBOOK_REQUIRE_ALL does not turn it into a failure), except for the committed
sample (tests/corpus/sample.zip, 27 files whose licences allow it, listed in sample-NOTICE.md), which
``make test`` always runs, in CI too; with the corpus restored it adds every tenth entry.
``make test-corpus`` (HANDBOOK_CORPUS=all) runs every entry and prints a table per source: right, wrong,
refused correctly, crashes, and the score.

Each entry's expectation was written from the file itself or from its project's own expected results
(``why`` says which): ``post`` (one post; its title when given), ``posts`` (that many posts; the titles
listed among them), ``refuse`` (exit status 1, an ``error:`` line, nothing imported). An entry the importer
still gets wrong, for a reason understood, carries ``known_wrong`` (the reason): it counts as wrong in the
score, and its own test fails once it is right, so the mark is removed.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import os
import re
import tempfile
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from handbook.__main__ import main

CORPUS = Path(__file__).parent / "corpus"
FILES = CORPUS / "files"
# Committed: files whose licences allow it (sample-NOTICE.md), zipped so the spelling check skips them;
# unpacked for this run, so CI reads real files too.
_UNPACKED = tempfile.TemporaryDirectory(prefix="corpus-sample-")
SAMPLE = Path(_UNPACKED.name)
with zipfile.ZipFile(CORPUS / "sample.zip") as _zip:
    _zip.extractall(SAMPLE)
ENTRIES = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))


def local(entry: dict) -> Path:
    restored = FILES / entry["repo"].replace("/", "+") / entry["path"]
    return restored if restored.exists() else SAMPLE / entry["repo"].replace("/", "+") / entry["path"]


ALL = os.environ.get("HANDBOOK_CORPUS") == "all"
if ALL and not FILES.is_dir():
    pytest.skip("the corpus files are not restored (python tests/corpus/restore.py)", allow_module_level=True)
# make test: every tenth entry when the corpus is restored, and the committed sample always.
SELECTED = ENTRIES if ALL else [e for i, e in enumerate(ENTRIES)
                                if (i % 10 == 0 or e.get("sample")) and local(e).exists()]


def _key(title: str | None) -> str:
    text = unicodedata.normalize("NFKC", html.unescape(title or "")).casefold()
    text = text.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                                         "\u2013": "-", "\u2014": "-"}))
    return re.sub(r"\s+", " ", text).strip(" .!?:")


def _same_title(found: str | None, expected: str | None, loose: bool) -> bool:
    a, b = _key(found), _key(expected)
    if a == b:
        return True
    if not loose or not a or not b:
        return False
    if a in b or b in a:
        return True
    wa, wb = set(re.findall(r"\w+", a)), set(re.findall(r"\w+", b))
    return len(wa & wb) / max(1, len(wa | wb)) >= 0.6


def judge(entry: dict, tmp: Path) -> tuple[str, str]:
    """(verdict, detail): verdict is right, refused (a right refusal), wrong, garbage or crash."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["import", str(local(entry)), "--json", "--dry-run", "--bib", str(tmp / "references.bib"),
                         "--drafts", str(tmp / "drafts"), "--today", "2026-01-15"])
    except BaseException as exc:  # noqa: BLE001 - a traceback is the verdict
        return "crash", f"{type(exc).__name__}: {exc}"[:200]
    posts = [json.loads(line) for line in out.getvalue().splitlines() if line.startswith("{")]
    errors = [line for line in err.getvalue().splitlines() if line.startswith("error:")]
    if entry["expect"] == "refuse":
        if code == 1 and not posts and errors:
            return "refused", errors[0][:200]
        return "garbage", f"exit {code}, {len(posts)} posts: {[p['title'] for p in posts][:3]}"
    if code != 0 or not posts:
        return "wrong", f"exit {code}: {(errors or ['no error line'])[0][:200]}"
    if entry["expect"] == "post":
        if len(posts) != 1:
            return "wrong", f"{len(posts)} posts, expected 1"
        post = posts[0]
        if "title" in entry and not _same_title(post["title"], entry["title"], entry.get("loose_title", False)):
            return "wrong", f"title {post['title']!r}, expected {entry['title']!r}"
        if entry.get("words"):
            ratio = post["body_words"] / entry["words"]
            if not 0.4 <= ratio <= 2.5:
                return "wrong", f"{post['body_words']} words, expected about {entry['words']}"
        return "right", post["title"] or "(untitled)"
    if len(posts) != entry["posts"]:
        return "wrong", f"{len(posts)} posts, expected {entry['posts']}"
    found = [_key(p["title"]) for p in posts]
    lost = [t for t in entry.get("titles", []) if _key(t) not in found]
    if lost:
        return "wrong", f"missing titles {lost[:3]}"
    return "right", f"{len(posts)} posts"


@pytest.mark.parametrize("entry", SELECTED, ids=[f"{e['id']}-{e['source']}" for e in SELECTED])
def test_each_file_is_imported_or_refused_as_expected(entry, tmp_path):
    verdict, detail = judge(entry, tmp_path)
    if "known_wrong" in entry:  # counted wrong in the score; the mark says why, and goes once it is right
        assert verdict == "wrong", (f"{entry['repo']}:{entry['path']} is marked known_wrong ({entry['known_wrong']}) "
                                    f"but is now {verdict}: {detail}")
        return
    assert verdict in ("right", "refused"), f"{entry['repo']}:{entry['path']}: {verdict}: {detail}"


def _the_whole_corpus_scores_95_percent_with_no_garbage_and_no_traceback(tmp_path_factory, capsys):
    tally: dict[str, Counter] = {}
    lines = []
    for entry in ENTRIES:
        verdict, detail = judge(entry, tmp_path_factory.mktemp("c"))
        tally.setdefault(entry["source"], Counter())[verdict] += 1
        if verdict not in ("right", "refused"):
            known = f" (known: {entry['known_wrong']})" if "known_wrong" in entry else ""
            lines.append(f"  {verdict:<8} {entry['id']:>4} {entry['repo']}:{entry['path']}: {detail}{known}")
    total = Counter()
    for counts in tally.values():
        total.update(counts)
    table = ["| source | files | right | refused correctly | wrong | garbage | crash |", "|---|---|---|---|---|---|---|"]
    for source, c in sorted(tally.items()) + [("all", total)]:
        table.append(f"| {source} | {sum(c.values())} | {c['right']} | {c['refused']} | {c['wrong']} | "
                     f"{c['garbage']} | {c['crash']} |")
    score = (total["right"] + total["refused"]) / sum(total.values())
    report = "\n".join(table + [f"\nscore {score:.1%} ({total['right'] + total['refused']} of {sum(total.values())})",
                                "", *lines])
    (FILES / "report.md").write_text(report + "\n", encoding="utf-8")
    with capsys.disabled():
        print("\n" + report)
    assert total["crash"] == 0 and total["garbage"] == 0
    assert score >= 0.95


# The whole corpus runs with make test-corpus (HANDBOOK_CORPUS=all) only: the test exists there, and is not
# a skip elsewhere (CI turns every skip into a failure; it has only the committed sample).
if ALL:
    test_the_whole_corpus_scores_95_percent_with_no_garbage_and_no_traceback = \
        _the_whole_corpus_scores_95_percent_with_no_garbage_and_no_traceback
