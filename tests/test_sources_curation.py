"""``python -m handbook sources`` as an editor uses it after an import: which
chapters cite each post, the chapter its text is closest to (with the shared
terms that make it so), and which posts nearly duplicate each other. The posts
and chapters are invented here; each check is paired with a case where it must
not fire."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from handbook.__main__ import main
from handbook.importer.curate import closest_chapters, content_words, near_duplicates
from handbook.importer.sources import run_sources

CHAPTERS = {
    "pricing/discounts": ("Hold your price", """---
sources: [okafor-2023-hold-the-line-on-discounts]
---

(hold-your-price)=
# Hold your price

```{index} discounts, pricing
```

## The story

Ada Okafor tells how a buyer asked for a discount at the last minute
{footcite:p}`okafor-2023-hold-the-line-on-discounts`. Every discount you give
without a trade teaches the buyer that your price was never real. Ask what the
buyer will give in return for a lower price: a longer contract, a larger
volume, an earlier signature. Price concessions without a trade erode margin.

:::{template} Reply to a discount request
:name: tpl-discount-reply
We can look at the price if we also look at the contract length.
:::
"""),
    "meetings/agendas": ("Send the agenda first", """---
sources: []
---

(send-the-agenda)=
# Send the agenda first

## The story

A meeting without an agenda drifts. Send the agenda the day before, name the
decision the meeting must reach, and invite only the people who own that
decision. Close the meeting by reading the decisions and owners aloud, then
send the minutes within the hour.
"""),
}

#: A post about discounts, cited by the pricing chapter.
DISCOUNT_POST = """Buyers love to ask for a discount in the last week of the quarter. When
they do, do not cut the price for nothing. Ask for a trade: a longer contract,
a larger order, a signature this week. A discount given without a trade tells
the buyer your price was padded, and every later renewal starts lower. Protect
your margin by treating each price concession as an exchange."""

#: A post clearly about meetings and agendas, cited by no chapter yet.
AGENDA_POST = """Every meeting I run starts with an agenda sent the afternoon before. The
agenda names the decision we need and who owns it. People who own no decision
are welcome to read the minutes instead. At the end of the meeting I read the
decisions and their owners aloud, and the minutes go out within the hour, so
nobody leaves the meeting unsure of what was agreed."""

#: A near-copy of AGENDA_POST, as a second blog republished it: one sentence rewritten, one added.
AGENDA_REPOST = """Every meeting I run starts with an agenda sent the afternoon before. The
agenda names the decision we need and who owns it. Anyone without a decision
to own can skip the call and read the minutes. At the end of the meeting I read
the decisions and their owners aloud, and the minutes go out within the hour,
so nobody leaves the meeting unsure of what was agreed. Reposted with thanks."""

#: A post about neither chapter's topic, sharing no passage with any post.
GARDEN_POST = """Tomatoes want six hours of sun and a deep weekly soak rather than a daily
sprinkle. Pinch the side shoots, tie the stems to a stake, and mulch the bed
with straw so the soil stays cool in August heat."""

POSTS = {
    "okafor-2023-hold-the-line-on-discounts": ("Hold the Line on Discounts", DISCOUNT_POST),
    "brandt-2022-agenda-before-the-meeting": ("The Agenda Before the Meeting", AGENDA_POST),
    "reposts-2023-agenda-before-the-meeting": ("The Agenda Before the Meeting (repost)", AGENDA_REPOST),
    "vale-2021-tomatoes-in-august": ("Tomatoes in August", GARDEN_POST),
}


def post_txt(key: str, title: str, body: str) -> str:
    """A cleaned post as the importer writes it (``handbook.importer.draft.cleaned_text``)."""
    from handbook.importer.draft import cleaned_text
    from handbook.importer.model import Comment, Post

    post = Post(source=f"{key}.txt", title=title, body=body,
                comments=[Comment("Great post about discounts and agendas and tomatoes!", kept=False, reason="spam")])
    return cleaned_text(post, key)


@pytest.fixture
def library(tmp_path) -> Path:
    docs, drafts = tmp_path / "docs", tmp_path / "drafts"
    for name, (_, text) in CHAPTERS.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / f"{name}.md").write_text(text, encoding="utf-8")
    (docs / "index.md").write_text("# Book\n\nNot a chapter: about discounts, agendas and meetings.\n",
                                   encoding="utf-8")
    drafts.mkdir()
    entries = []
    for key, (title, body) in POSTS.items():
        entries.append(f"@misc{{{key},\n  title = {{{{{title}}}}},\n}}\n")
        (drafts / f"{key}.post.txt").write_text(post_txt(key, title, body), encoding="utf-8")
    (docs / "references.bib").write_text("\n".join(entries), encoding="utf-8")
    return tmp_path


def sources(library: Path, capsys, *extra: str, code: int = 0) -> tuple[str, str]:
    capsys.readouterr()
    assert main(["sources", "--docs", str(library / "docs"), "--drafts", str(library / "drafts"), *extra]) == code
    captured = capsys.readouterr()
    return captured.out, captured.err


def as_json(library: Path, capsys) -> dict[str, dict]:
    out, _ = sources(library, capsys, "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    return {row["key"]: row for row in rows}


def block(out: str, key: str) -> str:
    """The lines the text report prints for one source."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("  ")), len(lines))
    return "\n".join(lines[start:end])


# -- the printed report ---------------------------------------------------------------------------


def test_a_cited_post_is_listed_with_its_chapter_and_closest_to_it(library, capsys):
    out, _ = sources(library, capsys)
    discount = block(out, "okafor-2023-hold-the-line-on-discounts")
    assert discount.splitlines()[0] == "okafor-2023-hold-the-line-on-discounts: pricing/discounts"
    closest = discount.splitlines()[1]
    assert closest.startswith('  closest chapter: pricing/discounts "Hold your price" 0.')
    assert "which does not cite it" not in closest
    terms = closest.split("shared terms: ")[1].split(", ")
    assert "discount" in terms and "price" in terms and "trade" in terms


def test_an_uncited_post_is_pointed_to_the_chapter_on_its_topic(library, capsys):
    out, _ = sources(library, capsys)
    agenda = block(out, "brandt-2022-agenda-before-the-meeting")
    assert agenda.splitlines()[0] == "brandt-2022-agenda-before-the-meeting: NOT CITED by any chapter"
    assert agenda.splitlines()[1].startswith('  closest chapter: meetings/agendas "Send the agenda first"')
    assert "agenda" in agenda.splitlines()[1].split("shared terms: ")[1]
    # the pricing chapter is at most the runner-up, with a lower score
    scores = [float(line.split('" ')[1].split(";")[0].split(",")[0]) for line in agenda.splitlines()[1:3]
              if "chapter" in line or "then" in line]
    assert scores == sorted(scores, reverse=True)


def test_the_near_duplicate_pair_is_found_with_a_passage_both_contain(library, capsys):
    out, _ = sources(library, capsys)
    assert "near-duplicate of reposts-2023-agenda-before-the-meeting (0." in block(
        out, "brandt-2022-agenda-before-the-meeting")
    assert "near-duplicate of brandt-2022-agenda-before-the-meeting" in block(
        out, "reposts-2023-agenda-before-the-meeting")
    [pair] = [line for line in out.splitlines() if " ~ " in line]
    assert pair.startswith("  brandt-2022-agenda-before-the-meeting ~ reposts-2023-agenda-before-the-meeting: 0.")
    passage = pair.split('both say "')[1].rstrip('"').removesuffix(" ...")
    assert passage and passage in " ".join(AGENDA_POST.split()) and passage in " ".join(AGENDA_REPOST.split())
    assert "1 near-duplicate pair" in out


def test_unrelated_posts_are_not_paired_and_an_off_topic_post_says_so(library, capsys):
    out, _ = sources(library, capsys)
    for key in ("okafor-2023-hold-the-line-on-discounts", "vale-2021-tomatoes-in-august"):
        assert "near-duplicate" not in block(out, key)
    garden = block(out, "vale-2021-tomatoes-in-august")
    assert garden.splitlines()[0] == "vale-2021-tomatoes-in-august: NOT CITED by any chapter"
    # "hours" meets the agenda chapter's "hour": a stray word, not a topic
    assert 'closest chapter: none close (the best, meetings/agendas "Send the agenda first", scores 0.0' in garden
    assert "under 0.05; shared terms: hour)" in garden


def test_the_reader_comments_and_the_header_are_not_compared(library, capsys):
    # The spam comment in every .post.txt names discounts, agendas and tomatoes: were it read,
    # the garden post would share words with both chapters.
    rows = as_json(library, capsys)
    assert [(m["chapter"], m["weak"]) for m in rows["vale-2021-tomatoes-in-august"]["closest"]] == [
        ("meetings/agendas", True)]
    assert rows["okafor-2023-hold-the-line-on-discounts"]["closest"][0]["weak"] is False


def test_a_post_cited_by_another_chapter_than_its_closest_is_flagged(library, capsys):
    chapter = library / "docs" / "meetings" / "agendas.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(
        "sources: []", "sources: [okafor-2023-hold-the-line-on-discounts]"), encoding="utf-8")
    out, _ = sources(library, capsys)
    discount = block(out, "okafor-2023-hold-the-line-on-discounts")
    assert discount.splitlines()[0] == "okafor-2023-hold-the-line-on-discounts: meetings/agendas, pricing/discounts"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("sources: [okafor-2023-hold-the-line-on-discounts]",
                                                                   "sources: []"), encoding="utf-8")
    (library / "docs" / "pricing" / "discounts.md").write_text(
        CHAPTERS["pricing/discounts"][1].replace("sources: [okafor-2023-hold-the-line-on-discounts]",
                                                 "sources: [brandt-2022-agenda-before-the-meeting]"),
        encoding="utf-8")
    out, _ = sources(library, capsys)
    agenda = block(out, "brandt-2022-agenda-before-the-meeting")
    assert agenda.splitlines()[0].endswith(": pricing/discounts")
    assert 'closest chapter: meetings/agendas "Send the agenda first"' in agenda
    assert "which does not cite it" in agenda.splitlines()[1]


def test_a_source_without_its_text_is_listed_without_comparisons(library, capsys):
    (library / "drafts" / "vale-2021-tomatoes-in-august.post.txt").unlink()
    out, _ = sources(library, capsys)
    garden = block(out, "vale-2021-tomatoes-in-august")
    assert "no text to compare" in garden and "vale-2021-tomatoes-in-august.post.txt not found" in garden
    assert "3 with their text compared with 2 chapters" in out


# -- JSON ------------------------------------------------------------------------------------------


def test_json_has_one_object_per_source_with_the_same_findings(library, capsys):
    rows = as_json(library, capsys)
    assert sorted(rows) == sorted(POSTS)
    discount = rows["okafor-2023-hold-the-line-on-discounts"]
    assert discount["cited_by"] == ["pricing/discounts"] and discount["in_bibliography"]
    assert discount["title"] == "Hold the Line on Discounts"
    assert discount["text"] == str(library / "drafts" / "okafor-2023-hold-the-line-on-discounts.post.txt")
    best = discount["closest"][0]
    assert (best["chapter"], best["title"]) == ("pricing/discounts", "Hold your price")
    assert 0 < best["score"] <= 1 and {"discount", "price"} <= {t["term"] for t in best["terms"]}
    assert sum(t["share"] for t in best["terms"]) <= 1.0001
    agenda = rows["brandt-2022-agenda-before-the-meeting"]
    assert agenda["cited_by"] == [] and agenda["closest"][0]["chapter"] == "meetings/agendas"
    [dup] = agenda["duplicates"]
    assert dup["key"] == "reposts-2023-agenda-before-the-meeting" and 0.3 <= dup["score"] < 1 and dup["passage"]
    assert rows["vale-2021-tomatoes-in-august"]["duplicates"] == []
    assert rows["okafor-2023-hold-the-line-on-discounts"]["duplicates"] == []


def test_a_stricter_duplicate_threshold_drops_the_pair(library, capsys):
    rows = as_json(library, capsys)
    score = rows["brandt-2022-agenda-before-the-meeting"]["duplicates"][0]["score"]
    out, _ = sources(library, capsys, "--duplicate-threshold", f"{min(1, score + 0.01):.3f}")
    assert "near-duplicate of" not in out and " ~ " not in out and "; 0 near-duplicate pairs" in out


# -- errors ------------------------------------------------------------------------------------------


def test_a_missing_bibliography_is_named_with_what_to_do(library, capsys):
    (library / "docs" / "references.bib").unlink()
    _, err = sources(library, capsys, code=1)
    assert err.startswith(f"error: {library / 'docs' / 'references.bib'} does not exist: pass --bib FILE")
    assert "python -m handbook import FILE" in err


def test_a_broken_bibliography_is_named_with_the_line(library, capsys):
    bib = library / "docs" / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "@misc{broken-entry,\n  title = {{Unclosed},\n", encoding="utf-8")
    _, err = sources(library, capsys, code=1)
    assert f"error: {bib} is not a valid bibliography (syntax error in line" in err
    assert "fix that entry (the build fails on it too)" in err and len(err.splitlines()) == 1


def test_a_missing_drafts_folder_named_on_the_command_line_is_an_error(library, capsys):
    _, err = sources(library, capsys, "--drafts", str(library / "nowhere"), code=1)
    assert f"error: {library / 'nowhere'} does not exist: pass --drafts" in err


def test_without_a_drafts_folder_by_default_the_citations_are_still_listed(library, capsys):
    out, err = io.StringIO(), io.StringIO()
    assert run_sources(library / "docs", library / "docs" / "references.bib", out, err,
                       drafts=library / "absent") == 0
    assert "okafor-2023-hold-the-line-on-discounts: pricing/discounts" in out.getvalue()
    assert "closest chapter" not in out.getvalue()
    assert f"note: {library / 'absent'} does not exist, so no post's text is compared" in err.getvalue()


def test_a_broken_post_text_is_named_and_the_others_still_compared(library, capsys):
    broken = library / "drafts" / "vale-2021-tomatoes-in-august.post.txt"
    broken.write_text("Someone edited this by hand and removed the ruled lines.\n", encoding="utf-8")
    out, err = sources(library, capsys, code=1)
    assert f"error: {broken} is not a cleaned post as the importer writes it" in err
    assert "import the post again (python -m handbook import FILE --force)" in err
    assert 'closest chapter: pricing/discounts "Hold your price"' in out


def test_a_cleaned_post_with_no_bibliography_entry_is_noted(library, capsys):
    (library / "drafts" / "stray-2020-orphan.post.txt").write_text(post_txt("stray-2020-orphan", "Orphan", "Text."),
                                                                   encoding="utf-8")
    _, err = sources(library, capsys)
    assert f"note: {library / 'drafts' / 'stray-2020-orphan.post.txt'} has no entry in" in err


# -- the arithmetic, on its own -----------------------------------------------------------------------


def test_content_words_drop_stop_words_and_fold_plurals():
    assert content_words("The clients always asked us for discounts; the client's price is set.") == [
        "client", "asked", "discount", "client", "price", "set"]
    assert content_words("Клиенты ждут скидки") == ["клиенты", "ждут", "скидки"]


def test_closest_chapter_needs_shared_words_and_ranks_by_them():
    chapters = {"a": "discount price trade margin", "b": "agenda meeting minutes decision"}
    result = closest_chapters({"p": "a discount for a trade", "q": "tomato garden"}, chapters)
    assert [m.chapter for m in result["p"]] == ["a"] and result["q"] == []
    assert {t for t, _ in result["p"][0].terms} == {"discount", "trade"}


def test_near_duplicates_ignore_a_sign_off_that_every_post_shares():
    sign_off = " Thanks for reading, and see you next week on the blog."
    posts = {f"p{i}": f"Post number {i} is about topic {i} alone and nothing else at all." + sign_off
             for i in range(12)}
    assert near_duplicates(posts, 0.3) == []
    posts["copy"] = posts["p3"]
    [pair] = near_duplicates(posts, 0.3)
    assert (pair.first, pair.second, pair.score) == ("copy", "p3", 1.0)
    assert pair.passage.startswith("Post number 3 is about topic 3")


def test_a_word_every_text_uses_weighs_less_than_a_rare_one():
    # "sales" is in most texts, "discount" in two: the post belongs with the discount chapter,
    # although it shares one word with each chapter.
    posts = {"p": "discount sales", "q": "sales garden", "r": "sales tomato"}
    result = closest_chapters(posts, {"a": "sales pipeline", "b": "discount margin"})
    assert [m.chapter for m in result["p"]] == ["b", "a"]
    assert result["p"][0].score > result["p"][1].score


# -- after a real import, and the benchmark's library ----------------------------------------------


def test_posts_imported_by_the_importer_are_compared(library, tmp_path, capsys):
    # Two invented text posts, imported as an editor would; the second republishes the first.
    for name, body in (("agenda.txt", AGENDA_POST), ("repost.txt", AGENDA_REPOST)):
        (tmp_path / name).write_text(f"The Agenda Before the Meeting\n\nby Kim {name[:-4].title()}\n\n{body}\n",
                                     encoding="utf-8")
    bib = library / "docs" / "references.bib"
    assert main(["import", str(tmp_path / "agenda.txt"), str(tmp_path / "repost.txt"), "--bib", str(bib),
                 "--drafts", str(library / "drafts"), "--today", "2026-01-15"]) == 0
    out, _ = sources(library, capsys)
    assert "  agenda-the-agenda-before-the-meeting ~ repost-the-agenda-before-the-meeting: " in out
    imported = block(out, "agenda-the-agenda-before-the-meeting")
    assert imported.splitlines()[0].endswith(": NOT CITED by any chapter")
    assert 'closest chapter: meetings/agendas "Send the agenda first"' in imported


def test_the_benchmark_library_is_placed_and_its_planted_copies_found(tmp_path):
    from handbook.importer.bench import CHAPTERS as N_CHAPTERS, DUPLICATE_EVERY, synthetic_library

    topic_of = synthetic_library(tmp_path, 60)
    out, err = io.StringIO(), io.StringIO()
    assert run_sources(tmp_path / "docs", tmp_path / "docs" / "references.bib", out, err,
                       drafts=tmp_path / "drafts", as_json=True) == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(rows) == 60 and N_CHAPTERS == 20
    assert all(r["closest"][0]["chapter"] == f"part/chapter-{topic_of[r['key']]:02d}" for r in rows)
    pairs = {(r["key"], d["key"]) for r in rows for d in r["duplicates"] if r["key"] < d["key"]}
    assert pairs == {(f"post-{i - 1:04d}", f"post-{i:04d}") for i in range(DUPLICATE_EVERY, 60, DUPLICATE_EVERY)}
    assert "60 sources, 40 not cited yet, 0 cited but missing; 60 with their text compared with 20 chapters; " \
           "2 near-duplicate pairs" in err.getvalue()


def test_the_report_is_the_same_under_any_hash_seed(library):
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    outputs = set()
    for seed in ("0", "1", "4242"):
        done = subprocess.run(
            [sys.executable, "-m", "handbook", "sources", "--docs", str(library / "docs"),
             "--drafts", str(library / "drafts"), "--json"],
            cwd=root, capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.add(done.stdout)
    assert len(outputs) == 1 and "reposts-2023-agenda-before-the-meeting" in outputs.pop()
