"""Previews on hover and focus, and chapter summaries in search results.

At the end of an HTML build this module writes ``_static/handbook-previews.json``:
for every page its title and summary, for every labeled block its title and
where it comes from, and for every glossary term its definition, keyed by the
link target relative to the site root (``start-right/talk-straight.html``,
``glossary.html#term-Discovery``). ``handbook-previews.js`` reads it when a
reader points at or focuses a link (or taps it once on a touch screen) and
shows the preview in a small box next to the link; Escape or moving away
closes it. On the search page it adds each hit's chapter summary. Without
JavaScript the links stay plain links.

Nothing trainer-only is written in the participant edition: trainer-only
pages are never read there, and trainer notes are left out in both editions.
The file is same-origin data (``connect-src 'self'``), so it runs under the
site's Content-Security-Policy.
"""

from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from handbook.fsutil import atomic_write
from handbook.sphinxext import order
from handbook.sphinxext.blocks import DIRECTIVES, blocks_of
from handbook.sphinxext.envdata import doc_store

JSON_NAME = "handbook-previews.json"
SCRIPT = "handbook-previews.js"
KIND_NAMES = {"template": "Template", "checklist": "Checklist", "exercise": "Exercise", "role-play": "Role-play",
              "warning-signs": "Warning signs", "key-takeaways": "Key takeaways",
              "discussion-questions": "Discussion questions", "in-a-hurry": "In a hurry",
              "objectives": "Objectives", "talk-track": "Talk track", "for-managers": "For managers"}
MAX_TEXT = 300
STORE = "handbook_terms"


def _terms(env) -> dict[str, dict[str, tuple[str, str]]]:
    return doc_store(env, STORE)


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1].rsplit(" ", 1)[0] + "\u2026"


def _collect_terms(app: Sphinx, doctree: nodes.document) -> None:
    found = {}
    for glossary in doctree.findall(addnodes.glossary):
        for item in glossary.findall(nodes.definition_list_item):
            terms = [t for t in item.children if isinstance(t, nodes.term)]
            definition = next((d for d in item.children if isinstance(d, nodes.definition)), None)
            for term in terms:
                if term["ids"] and definition is not None:
                    found[term["ids"][0]] = (term.astext(), _shorten(definition.astext()))
    if found:
        _terms(app.env)[app.env.docname] = found
    else:
        _terms(app.env).pop(app.env.docname, None)


def previews(app: Sphinx) -> dict[str, dict[str, str]]:
    env, builder = app.env, app.builder
    data: dict[str, dict[str, str]] = {}
    for docname in sorted(env.found_docs):
        if docname not in env.titles:
            continue
        summary = str(env.metadata.get(docname, {}).get("summary", "")).strip()
        data[builder.get_target_uri(docname)] = {"title": env.titles[docname].astext(), "text": _shorten(summary)}
    std = env.domains.standard_domain
    for name, (docname, labelid, title) in sorted(std.labels.items()):
        if docname not in env.titles or not labelid:
            continue
        page = data.get(builder.get_target_uri(docname), {})
        key = f"{builder.get_target_uri(docname)}#{labelid}"
        data.setdefault(key, {"title": title, "text": page.get("text", "") if title == page.get("title") else ""})
    for kind in DIRECTIVES:
        if kind == "trainer-note":
            continue
        for record in blocks_of(env, kind):
            if record.docname not in env.titles:
                continue
            chapter = env.titles[record.docname].astext()
            key = f"{builder.get_target_uri(record.docname)}#{record.node_id}"
            data[key] = {"title": record.title, "text": f"{KIND_NAMES.get(kind, kind)} in \u201c{chapter}\u201d"}
    for docname, terms in sorted(_terms(env).items()):
        for term_id, (term, definition) in sorted(terms.items()):
            data[f"{builder.get_target_uri(docname)}#{term_id}"] = {"title": term, "text": definition}
    return data


def _write(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.name not in ("html", "dirhtml"):
        return
    path = Path(app.outdir) / "_static" / JSON_NAME
    atomic_write(path, json.dumps(previews(app), ensure_ascii=False, sort_keys=True, separators=(",", ":")))


def _add_script(app: Sphinx) -> None:
    if app.builder.name in ("html", "dirhtml"):
        app.add_js_file(SCRIPT, defer="defer")


def setup_previews(app: Sphinx) -> None:
    app.connect("doctree-read", _collect_terms, priority=order.COLLECT_TERMS)
    app.connect("builder-inited", _add_script)
    app.connect("build-finished", _write)
