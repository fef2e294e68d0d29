"""What a session's slide deck shows, taken from the trainer edition's pages.

With ``handbook_slides_manifest`` set to a file name (``make slides`` does
this), the build writes, when it has finished, one record per session in
``sessions/``: its title, length and objectives; the script's steps with their
minutes, SAY and WATCH FOR lines (the speaker notes); for each step that runs
an activity, the activity's public text only (what everyone reads: never a
role brief, an observer sheet, a model answer or a trainer note), its grouping
and the chapter's discussion questions (the debrief); the key takeaways of
every chapter the session uses, and the chapters to read next. It also lists
every sentence of trainer material in the book (``private``), which
``handbook/publish/slides.py`` checks the built decks against.

``handbook/publish/slides.py`` turns the records into slides; the rules of a deck
(what goes on which slide) live there, not here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from handbook.fsutil import atomic_write
from handbook.sphinxext.blocks import handbook_block, notes_space
from handbook.sphinxext.chapters import is_chapter
from handbook.sphinxext.editions import is_trainer, participant_copy
from handbook.sphinxext.kit import kit_documents, session_length, session_steps, sessions, step_lines
from handbook.sphinxext.variants import VERSION_TERM


def _text(node: nodes.Node) -> str:
    return " ".join(node.astext().split())


def items(children: list[nodes.Node]) -> list[dict[str, Any]]:
    """Slide items from doctree nodes: ``{"p": text}`` or ``{"list": [texts], "ordered": bool}``."""
    out: list[dict[str, Any]] = []
    for original in children:
        # The edition boundary: no trainer material at any depth on a slide's face.
        child = participant_copy(original)
        if child is None or isinstance(child, (nodes.title, nodes.field_list, handbook_block, notes_space,
                                               nodes.comment, nodes.target, nodes.system_message)):
            continue
        if isinstance(child, (nodes.bullet_list, nodes.enumerated_list)):
            out.append({"list": [_text(item) for item in child.children if isinstance(item, nodes.list_item)],
                        "ordered": isinstance(child, nodes.enumerated_list)})
        elif isinstance(child, nodes.definition_list):
            out.append({"list": [f"{_text(i.next_node(nodes.term))}: {_text(i.next_node(nodes.definition))}"
                                 for i in child.children if isinstance(i, nodes.definition_list_item)],
                        "ordered": False})
        elif isinstance(child, nodes.Element) and _text(child):
            out.append({"p": _text(child)})
    return out


def _block(env, label: str) -> tuple[str, nodes.Element] | None:
    found = env.domains.standard_domain.labels.get(label)
    if not found:
        return None
    docname, labelid, _title = found
    block = next((b for b in env.get_doctree(docname).findall(handbook_block) if labelid in b["ids"]), None)
    return (docname, block) if block is not None else None


def _chapter_blocks(env, docname: str, kind: str) -> list[nodes.Element]:
    return [b for b in env.get_doctree(docname).findall(handbook_block) if b["kind"] == kind]


def _list_texts(block: nodes.Element) -> list[str]:
    return [text for item in items(block.children) for text in item.get("list", [item.get("p")]) if text]


def _section(doctree: nodes.document, title: str) -> nodes.section | None:
    for section in doctree.findall(nodes.section):
        heading = section.next_node(nodes.title)
        if heading is not None and _text(heading).lower() == title.lower():
            return section
    return None


def _objectives(section: nodes.section | None) -> list[str]:
    """A section's list items (its lead-in sentence is not an objective)."""
    if section is None:
        return []
    lists = [item["list"] for item in items(section.children) if "list" in item]
    return [text for found in lists for text in found]


def _related(env, docname: str) -> list[str]:
    """The chapters a chapter's "Related chapters" section links to."""
    section = _section(env.get_doctree(docname), "Related chapters")
    labels = env.domains.standard_domain.labels
    found = []
    for xref in (section.findall(addnodes.pending_xref) if section is not None else []):
        target = labels.get(xref.get("reftarget", ""))
        if target and target[0] not in found:
            found.append(target[0])
    return found


def _chapter(env, docname: str) -> dict[str, Any]:
    number = getattr(env, "handbook_book_secnumbers", {}).get(docname, {}).get("")
    title = _text(env.titles[docname]) if docname in env.titles else docname
    return {"doc": docname, "title": title, "number": number[0] if number else None}


_SENTENCE = re.compile(r"(?<=[.!?:;])\s+")


def private_sentences(env) -> list[str]:
    """Every sentence of trainer material in the book, eight words or longer."""
    found: set[str] = set()
    for docname in sorted(env.all_docs):
        try:
            doctree = env.get_doctree(docname)
        except OSError:
            continue
        for node in doctree.findall(nodes.Element):
            if not is_trainer(node):
                continue
            for paragraph in node.findall(nodes.paragraph):
                for sentence in _SENTENCE.split(_text(paragraph)):
                    if len(sentence.split()) >= 8:
                        found.add(sentence)
    return sorted(found)


def _parts(env, step: dict[str, Any], length: int | None) -> list[list[str]]:
    """The step's lines for the speaker notes, as the guide prints them in this version."""
    lines = step_lines(env, step, length)
    parts = [list(part) for part in step.get("parts") or [] if part[0] not in lines["done"]]
    for name, text in lines["timer"].items():
        last = max((i for i, part in enumerate(parts) if part[0] == name), default=None)
        if last is None:
            parts.append([name, text])
        else:
            parts[last][1] += " " + text
    if lines["version"]:
        parts.insert(0, [VERSION_TERM, lines["version"]])
    return parts


def deck_data(app: Sphinx) -> dict[str, Any]:
    env = app.env
    decks: dict[str, Any] = {}
    for name, guide, _cards in kit_documents(Path(app.srcdir)):
        record = sessions(env).get(guide, {})
        if "minutes" not in record:
            continue
        doctree = env.get_doctree(guide)
        objectives = next((section for section in doctree.findall(nodes.section)
                           if _text(section.next_node(nodes.title)).lower().endswith("objectives")), None)
        steps, used, elapsed = [], [], 0
        planned = session_steps(env, guide)
        if isinstance(planned, str):
            continue  # a length the steps cannot reach: reported with file and line by kit.py's check
        length = session_length(env, guide)
        for step in planned:
            if step["dropped"]:
                continue
            entry: dict[str, Any] = {"title": step["title"], "minutes": step["minutes"], "start": elapsed,
                                     "say": step["say"], "watch": step["watch"], "line": step["line"],
                                     "parts": _parts(env, step, length), "phases": step.get("phases") or []}
            elapsed += step["minutes"]
            found = _block(env, step["activity"]) if step["activity"] else None
            if found is not None:
                docname, block = found
                data = block.get("data", {})
                roles = [r.strip() for r in data.get("roles", "").split(",") if r.strip()]
                questions = _chapter_blocks(env, docname, "discussion-questions")
                private = is_trainer(block)
                entry["activity"] = {
                    "label": step["activity"], "kind": block["kind"], "title": block["title"], "private": private,
                    "chapter": _chapter(env, docname), "public": [] if private else items(block.children),
                    "roles": roles,
                    "rounds": int(data.get("rounds", "1") or 1), "group": record.get("group"),
                    "debrief": _list_texts(questions[0]) if questions else [],
                }
                if is_chapter(env, docname) and docname not in used:
                    used.append(docname)
            steps.append(entry)
        goals = _objectives(objectives)
        if not goals:  # no "Objectives" section: the objectives of the chapters the session uses
            goals = [text for docname in used for block in _chapter_blocks(env, docname, "objectives")
                     for text in _list_texts(block)]
        chapters = []
        for docname in used:
            takeaways = _chapter_blocks(env, docname, "key-takeaways")
            chapters.append({**_chapter(env, docname), "takeaways": _list_texts(takeaways[0]) if takeaways else []})
        related = [d for doc in used for d in _related(env, doc) if d not in used]
        read_next = [_chapter(env, d) for d in dict.fromkeys(related) if is_chapter(env, d)]
        decks[name] = {
            "title": record.get("title") or name, "doc": guide, "minutes": length or record["minutes"],
            "written_minutes": record["minutes"],
            "audience": record.get("audience"), "source": str(env.doc2path(guide)),
            "objectives": goals,
            "steps": steps, "chapters": chapters, "read_next": read_next,
        }
    return {"decks": decks, "private": private_sentences(env)}


def _write(app: Sphinx, exception) -> None:
    target = app.config.handbook_slides_manifest
    if exception is None and target:
        atomic_write(Path(target), json.dumps(deck_data(app), indent=1, sort_keys=True))


def setup_deck(app: Sphinx) -> None:
    app.add_config_value("handbook_slides_manifest", "", "", types=[str],
                         description="write the session decks' content to this file (make slides)")
    app.connect("build-finished", _write)
