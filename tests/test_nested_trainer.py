"""Editions by construction: whatever sits inside trainer material (any block, an
index entry, a label, a citation) leaves no trace in the participant edition:
not on a page, a collected practice page, the search index, the object
inventory, the previews data or the EPUB. Every block kind is nested in every
trainer-only container."""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

import pytest

from handbook.__main__ import main

KINDS = {
    "template": ":::{template} Secret template {n}\n:name: secret-{n}\nTRAINERONLY{n} text\n:::",
    "checklist": ":::{checklist} Secret checklist {n}\n:name: secret-{n}\n- TRAINERONLY{n} item\n:::",
    "exercise": "::::{exercise} Secret exercise {n}\n:name: secret-{n}\nTRAINERONLY{n} task\n\n"
                ":::{model-answer}\nAnswer.\n:::\n::::",
    "role-play": "::::{role-play} Secret role-play {n}\n:name: secret-{n}\n:roles: A, B\n\nTRAINERONLY{n} scene\n\n"
                 ":::{role-brief} A\nBrief A.\n:::\n\n:::{role-brief} B\nBrief B.\n:::\n::::",
    "key-takeaways": ":::{key-takeaways} Secret takeaways {n}\n:name: secret-{n}\n- TRAINERONLY{n} point\n:::",
    "warning-signs": ":::{warning-signs} Secret signs {n}\n:name: secret-{n}\n- TRAINERONLY{n} sign\n:::",
    "discussion-questions": ":::{discussion-questions} Secret questions {n}\n:name: secret-{n}\n"
                            "1. TRAINERONLY{n} question\n:::",
    "index": "```{index} TRAINERONLY{n} entry\n```\n\nText.",
    "label": "(secret-{n})=\n**TRAINERONLY{n} labeled**",
    "citation": "TRAINERONLY{n} cites {footcite:p}`trainerbook`.",
}


def _wrap(container: str, inner: str, n: int) -> str:
    """``inner`` nested in a trainer-only container, fences widened to fit."""
    depth = max(len(m) for m in re.findall(r"^:{3,}", inner, re.M)) if ":::" in inner else 3
    outer = ":" * (depth + 2)
    middle = ":" * (depth + 1)
    if container == "trainer-note":
        return f"{outer}{{trainer-note}} Note {n}\n{inner}\n{outer}"
    if container == "model-answer":
        return (f"{outer}{{exercise}} Public exercise {n}\nPublic task.\n\n"
                f"{middle}{{model-answer}}\n{inner}\n{middle}\n{outer}")
    if container == "role-brief":
        return (f"{outer}{{role-play}} Public role-play {n}\n:roles: A\n\nPublic scene.\n\n"
                f"{middle}{{role-brief}} A\n{inner}\n{middle}\n{outer}")
    return (f"{outer}{{role-play}} Public role-play {n}\n:roles: A\n\nPublic scene.\n\n"
            f"{middle}{{role-brief}} A\nBrief.\n{middle}\n\n{middle}{{observer-sheet}}\n{inner}\n{middle}\n{outer}")


CONTAINERS = ("trainer-note", "model-answer", "role-brief", "observer-sheet")


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nested")
    src = tmp / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinxcontrib.bibtex", "handbook.sphinxext"]\n'
        'myst_enable_extensions = ["colon_fence"]\nhandbook_shape_checks = False\n'
        'bibtex_bibfiles = ["refs.bib"]\nproject = "Nested"\ncopyright = "2026"\nversion = release = "1"\n',
        encoding="utf-8")
    (src / "refs.bib").write_text("@misc{trainerbook,\n  title = {{TRAINERBOOK} only for trainers},\n}\n"
                                  "@misc{publicbook,\n  title = {Public book},\n}\n", encoding="utf-8")
    parts, n = [], 0
    for container in CONTAINERS:
        for kind, template in KINDS.items():
            n += 1
            parts.append(f"## Case {n}: {kind} in {container}\n\n" + _wrap(container, template.replace("{n}", str(n)), n))
    n += 1
    deep = n  # issue 27: a checklist in a list item of a trainer note
    parts.append(f"## Case {n}: checklist in a list item of a trainer note\n\n"
                 f"::::{{trainer-note}} Note {n}\n- A step that holds a checklist:\n\n"
                 f"  :::{{checklist}} Deepsecret checklist\n  :name: secret-{n}\n  - TRAINERONLY{n} item\n  :::\n"
                 f"::::")
    (src / "index.md").write_text(
        "# Nested\n\n```{toctree}\npractice\n```\n\nPublic text cites {footcite:p}`publicbook`.\n\n"
        + "\n\n".join(parts) + "\n\n## Sources\n\n```{footbibliography}\n```\n", encoding="utf-8")
    (src / "practice.md").write_text(
        "# Practice\n\n" + "\n\n".join(f"## {k}\n\n:::{{block-index}} {k}\n:::" for k in
                                       ("template", "checklist", "exercise", "role-play")) + "\n", encoding="utf-8")
    out = {}
    for edition in ("participant", "trainer"):
        for target in ("html", "epub"):
            status = main(["build", target, "--srcdir", str(src), "--confdir", str(src), "--builddir", str(tmp / "b"),
                           "--edition", edition])
            assert status == 0, (edition, target)
    out["participant"] = tmp / "b"
    out["trainer"] = tmp / "b" / "trainer"
    out["deep"] = deep
    return out, n


def _texts(root: Path) -> dict[str, str]:
    texts = {}
    for path in (root / "html").rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.name == "objects.inv":
            data = zlib.decompress(data.split(b"\n", 4)[4])
        texts[str(path.relative_to(root))] = data.decode("utf-8", "replace")
    with zipfile.ZipFile(next((root / "epub").glob("*.epub"))) as epub:
        for name in epub.namelist():
            texts[f"epub:{name}"] = epub.read(name).decode("utf-8", "replace")
    return texts


def test_nothing_nested_in_trainer_material_reaches_a_participant_output(book):
    out, count = book
    leaks = sorted({f"{name}: {m}" for name, text in _texts(out["participant"]).items()
                    for m in re.findall(r"TRAINERONLY\d+|TRAINERBOOK|(?i:secret)[- ](?:template|checklist|exercise|"
                                        r"role-play|takeaways|signs|questions|\d+)|(?i:trainerbook)", text)})
    assert leaks == []
    page = _texts(out["participant"])["html/index.html"]
    assert "Public task." in page and "Public scene." in page and "Public book" in page


def test_the_trainer_edition_keeps_it_all(book):
    out, count = book
    texts = _texts(out["trainer"])
    page = texts["html/index.html"] + texts["html/genindex.html"]  # index entries show in the general index
    missing = [n for n in range(1, count + 1) if f"TRAINERONLY{n}" not in page]
    assert missing == []
    assert "TRAINERBOOK" in page


def test_a_checklist_in_a_list_item_of_a_trainer_note_is_not_listed_searched_or_previewed(book):
    out, _count = book
    html = out["participant"] / "html"
    practice = (html / "practice.html").read_text(encoding="utf-8")
    search = (html / "searchindex.js").read_text(encoding="utf-8")
    previews = (html / "_static" / "handbook-previews.json").read_text(encoding="utf-8")
    for name, text in (("practice page", practice), ("search index", search), ("previews", previews)):
        assert "Deepsecret" not in text and "deepsecret" not in text, name
    trainer = out["trainer"] / "html"
    assert "Deepsecret checklist" in (trainer / "index.html").read_text(encoding="utf-8")
