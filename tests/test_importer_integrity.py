"""The importer's promises about keys, writes and bad input: unique valid keys,
no entry lost when imports run at once, byte-identical output under any hash
seed, a size limit, link paragraphs kept, a clean Ctrl-C, normalised
overrides, UTF-16, DTDs refused. Linear time is shown by
``python -m handbook.importer.bench``, not asserted here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from handbook import fsutil
from handbook.bibtex import bib_keys
from handbook.importer import load
from importing import TODAY, run

ROOT = Path(__file__).resolve().parent.parent
BLOGS = Path(__file__).parent / "fixtures" / "blogs"




def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_non_latin_title_gets_a_transliterated_key(repo, capsys):
    capsys.readouterr()
    assert run(repo, str(BLOGS / "cyrillic.txt"), "--json", "--dry-run") == 0
    post = json.loads(capsys.readouterr().out)
    assert post["key"] == "kak-prodavat-bez-speshki"
    assert run(repo, str(BLOGS / "cyrillic.txt")) == 0
    assert (repo / "drafts" / "kak-prodavat-bez-speshki.md").exists()


def test_title_with_no_transliteration_gets_a_hash_key(repo, tmp_path, capsys):
    path = tmp_path / "cjk.txt"
    path.write_text("\u8ddf\u8fdb\u7684\u65b9\u6cd5\n\n\u6bcf\u6b21\u8ddf\u8fdb\u90fd\u8981\u5e26\u6765\u65b0\u7684"
                    "\u4fe1\u606f\u3002\u8fd9\u662f\u7b2c\u4e8c\u53e5\u8bdd\u3002\n", encoding="utf-8")
    capsys.readouterr()
    assert run(repo, str(path), "--json", "--dry-run") == 0
    key = json.loads(capsys.readouterr().out)["key"]
    assert key.startswith("post-") and len(key) == len("post-") + 8


def test_same_key_twice_gets_a_suffix_and_nothing_is_overwritten(repo, capsys):
    capsys.readouterr()
    assert run(repo, str(BLOGS / "mixed.wxr"), "--json", "--dry-run") == 0
    keys = [json.loads(line)["key"] for line in capsys.readouterr().out.splitlines()]
    assert keys == ["achebe-2021-weekly-review", "achebe-2021-weekly-review-2"]
    assert run(repo, str(BLOGS / "mixed.wxr")) == 0
    assert bib_keys((repo / "references.bib").read_text(encoding="utf-8")) == set(keys)
    before = snapshot(repo)
    assert run(repo, str(BLOGS / "mixed.wxr")) == 0
    assert snapshot(repo) == before


def test_a_different_post_under_a_taken_key_gets_a_suffix(repo, tmp_path, capsys):
    first = tmp_path / "a.txt"
    first.write_text("Cold Calls\n\nby Ada Park\n\nThe first post about cold calls and their openings.\n",
                     encoding="utf-8")
    second = tmp_path / "b.txt"
    second.write_text("Cold Calls\n\nby Ada Park\n\nAn entirely different post on voicemail scripts.\n",
                      encoding="utf-8")
    assert run(repo, str(first)) == 0
    assert run(repo, str(second)) == 0
    assert bib_keys((repo / "references.bib").read_text(encoding="utf-8")) == {"park-cold-calls", "park-cold-calls-2"}


def test_imports_running_at_once_lose_no_entry(repo):
    files = ["follow-up.txt", "posted-by.txt", "date-first.txt", "rss.xml", "atom.xml", "hugo.md"]
    procs = [subprocess.Popen([sys.executable, "-m", "handbook", "import", str(BLOGS / name),
                               "--bib", str(repo / "references.bib"), "--drafts", str(repo / "drafts"),
                               "--today", TODAY], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for name in files]
    for proc in procs:
        assert proc.wait() == 0, proc.stderr.read()
        proc.stderr.close()
    assert len(bib_keys((repo / "references.bib").read_text(encoding="utf-8"))) == 8
    assert [p.name for p in repo.rglob("*.tmp")] == []


def test_same_input_same_bytes_under_any_hash_seed(tmp_path):
    inputs = [str(BLOGS / name) for name in ("mixed.wxr", "blogger.xml", "follow-up.txt", "jekyll.md",
                                             "h-entry.html", "rss.xml")]
    outputs = []
    for seed in ("0", "1", "4242"):
        out = tmp_path / seed
        out.mkdir()
        (out / "references.bib").write_text("% sources\n", encoding="utf-8")
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-m", "handbook", "import", *inputs, "--json",
                               "--bib", str(out / "references.bib"), "--drafts", str(out / "drafts"),
                               "--today", TODAY], cwd=ROOT, env=env, capture_output=True)
        assert proc.returncode == 0, proc.stderr
        outputs.append((proc.stdout, proc.stderr, snapshot(out)))
    assert outputs[0] == outputs[1] == outputs[2]


def test_a_paragraph_with_a_link_is_not_spam(repo, tmp_path, capsys):
    path = tmp_path / "links.txt"
    path.write_text("Reference Calls That Help\n\nBefore a reference call, send the buyer the customer's case "
                    "study at https://example.invalid/case so they arrive with questions.\n\nAfter the call, "
                    "ask the buyer what they heard; the notes template is at https://example.invalid/notes for "
                    "anyone who wants it.\n\nReference calls work when the customer speaks freely, so never "
                    "script them; see www.example.invalid/guide for our reference call checklist.\n",
                    encoding="utf-8")
    capsys.readouterr()
    assert run(repo, str(path), "--json", "--dry-run") == 0
    post = json.loads(capsys.readouterr().out)
    assert post["comments_kept"] == [] and post["comments_dropped"] == []
    assert post["body_words"] > 50


def test_absurd_input_is_refused_with_a_clear_message(repo, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(load, "MAX_BYTES", 1000)
    path = tmp_path / "huge.txt"
    path.write_text("Huge\n\n" + "word " * 400, encoding="utf-8")
    capsys.readouterr()
    assert run(repo, str(path)) == 1
    err = capsys.readouterr().err
    assert f"error: {path} is 2,006 bytes" in err and "larger than the importer reads" in err


def test_ctrl_c_ends_with_one_line_and_no_temporary_file(repo, capsys, monkeypatch):
    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(fsutil.os, "replace", interrupted)
    capsys.readouterr()
    assert run(repo, str(BLOGS / "follow-up.txt")) == 130
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["interrupted: stopped before finishing; files already written are complete, no other was changed"]
    assert [p.name for p in repo.rglob("*.tmp")] == []


def test_overrides_are_normalised(repo, capsys):
    capsys.readouterr()
    assert run(repo, str(BLOGS / "date-first.txt"), "--title", "Subscribe\nBefore  You\tPitch ",
               "--author", "Lena\r\nRuiz", "--json", "--dry-run") == 0
    post = json.loads(capsys.readouterr().out)
    assert (post["title"], post["author"]) == ("Subscribe Before You Pitch", "Lena Ruiz")


def test_utf16_is_detected(repo, tmp_path, capsys):
    path = tmp_path / "utf16.txt"
    path.write_bytes((BLOGS / "date-first.txt").read_text(encoding="utf-8").encode("utf-16"))
    capsys.readouterr()
    assert run(repo, str(path), "--json", "--dry-run") == 0
    captured = capsys.readouterr()
    post = json.loads(captured.out)
    assert post["title"] == "Subscribe Before You Pitch" and post["encoding"] == "utf-16"


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE rss SYSTEM "http://example.invalid/rss.dtd" [<!ELEMENT rss ANY>]>',
    '<!DOCTYPE rss [<!ENTITY ext SYSTEM "file:///etc/passwd">]>',
])
def test_dtds_and_external_entities_are_refused(repo, tmp_path, capsys, doctype):
    path = tmp_path / "feed.xml"
    path.write_text(f"<?xml version='1.0'?>{doctype}<rss version='2.0'><channel><title>T</title><item>"
                    "<title>A Post</title><description>Body</description></item></channel></rss>",
                    encoding="utf-8")
    before = snapshot(repo)
    capsys.readouterr()
    assert run(repo, str(path)) == 1
    err = capsys.readouterr().err
    assert f"error: {path} was refused" in err and "DTD" in err
    assert snapshot(repo) == before


def test_a_doctype_that_only_names_an_external_dtd_is_removed_and_the_feed_read(repo, tmp_path, capsys):
    """RSS 0.91 names Netscape's DTD: no entity is declared, nothing is loaded, and &eacute; is known."""
    path = tmp_path / "feed.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
                    '"http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel>'
                    "<title>Caf&eacute; Notes</title><item><title>Ask for the date</title><description>A deal with "
                    "no agreed next date is not in the forecast&hellip;</description></item></channel></rss>",
                    encoding="utf-8")
    assert run(repo, str(path), "--json") == 0
    post = json.loads(capsys.readouterr().out)
    assert (post["title"], post["blog"]) == ("Ask for the date", "Caf\u00e9 Notes")
    assert post["body_words"] == 12


# -- every kind of bad input, in a batch: named, nothing written for it, the rest imported --------

_RSS_ITEM = "<item><title>A Post</title><description>Body text of a post.</description></item>"
BAD_INPUTS = {
    "dtd.xml": ("<?xml version='1.0'?><!DOCTYPE rss SYSTEM 'http://example.invalid/rss.dtd' [<!ELEMENT rss ANY>]>"
                "<rss version='2.0'>"
                f"<channel><title>T</title>{_RSS_ITEM}</channel></rss>",
                "was refused: it declares XML entities or a DTD"),
    "entity.xml": ("<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><rss version='2.0'>"
                   f"<channel><title>&e;</title>{_RSS_ITEM}</channel></rss>", "was refused: it declares XML entities"),
    "truncated.xml": ((BLOGS / "rss.xml").read_text(encoding="utf-8")[:600],
                      "is not well-formed XML (line 11, column 156): unclosed CDATA section; it ends before the "
                      "document is closed, so the feed or export may be truncated: download or export it again"),
    "no-posts.xml": ("<?xml version='1.0'?><rss version='2.0'><channel><title>Empty</title></channel></rss>",
                     "holds no published posts"),
    "bad-front.md": ("---\ntitle: [unclosed\n---\n\nBody.\n", "front matter is not valid YAML"),
    "unknown.xml": ("<?xml version='1.0'?><inventory><item>3</item></inventory>", "not a feed or an export"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_in_a_batch_is_named_writes_nothing_and_the_rest_imports(repo, tmp_path, capsys, name):
    text, message = BAD_INPUTS[name]
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    (folder / "good.txt").write_bytes((BLOGS / "follow-up.txt").read_bytes())
    capsys.readouterr()
    assert run(repo, str(folder)) == 1
    captured = capsys.readouterr()
    [error] = [line for line in captured.err.splitlines() if line.startswith("error:")]
    assert error.startswith((f"error: {folder / name} ", f"error: {folder / name}: ")) and message in error
    assert "2 files: 1 imported (1 post), 1 failed" in captured.out
    assert f"failed    {folder / name}" in captured.out
    assert sorted(p.name for p in (repo / "drafts").iterdir()) == [
        "whitlock-2022-follow-up-without-pestering.md", "whitlock-2022-follow-up-without-pestering.post.txt"]
    assert bib_keys((repo / "references.bib").read_text(encoding="utf-8")) == {
        "whitlock-2022-follow-up-without-pestering"}


def test_one_bad_file_alone_gets_its_error_and_no_batch_summary(repo, tmp_path, capsys):
    path = tmp_path / "truncated.xml"
    path.write_text(BAD_INPUTS["truncated.xml"][0], encoding="utf-8")
    before = snapshot(repo)
    capsys.readouterr()
    assert run(repo, str(path)) == 1
    captured = capsys.readouterr()
    assert captured.err == f"error: {path} {BAD_INPUTS['truncated.xml'][1]}\n"
    assert captured.out == "" and snapshot(repo) == before


def test_a_post_in_another_script_keeps_its_paragraphs(repo, tmp_path, capsys):
    # Words are letters of any script: with ASCII-only words every paragraph of a Cyrillic post
    # scored 0 against the rest and was taken off as an off-topic comment.
    path = tmp_path / "vstrecha.txt"
    path.write_text("Как назначить вторую встречу\n\n"
                    "Перед концом первой встречи попросите о второй встрече и договоритесь о её теме.\n\n"
                    "Покупатель, который назначает вторую встречу, подтверждает, что проблема реальна.\n\n"
                    "Запишите тему второй встречи в письме покупателю в тот же день.\n", encoding="utf-8")
    capsys.readouterr()
    assert run(repo, str(path), "--json", "--dry-run") == 0
    post = json.loads(capsys.readouterr().out)
    assert post["title"] == "Как назначить вторую встречу"
    assert post["comments_kept"] == [] and post["comments_dropped"] == []
    assert post["body_words"] == 33
