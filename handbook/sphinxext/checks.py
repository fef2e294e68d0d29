"""Whole-book checks, run once every page has been read.

Each problem is a typed warning with file and line, so the strict build fails:

* ``handbook.shape``: a chapter lacks a block of the chapter shape
  (``handbook_chapter_blocks``; ``exercise|role-play`` means either), or links
  to fewer than ``handbook_min_related`` other chapters;
* ``handbook.sources``: a chapter lists a source the bibliography does not
  have, or the bibliography has a source no chapter lists;
* ``handbook.glossary``: a glossary term no chapter links to.

The checks run on every build, incremental ones included, so a problem keeps
failing the build until it is fixed. ``handbook_shape_checks = False`` turns
them off (for projects that are not a handbook, such as some test projects).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

from handbook import __version__
from handbook.importer import bib_keys
from handbook.sphinxext.blocks import blocks_of
from handbook.sphinxext.chapters import chapter_meta
from handbook.sphinxext.envdata import doc_store, register_doc_store

logger = logging.getLogger(__name__)
STORE = "handbook_checks"


def _data(env) -> dict[str, dict]:
    return doc_store(env, STORE)


def _collect(app: Sphinx, doctree: nodes.document) -> None:
    """Remember what each page links to, and where its title and terms are."""
    refs, docs, terms, defined = set(), set(), set(), {}
    for xref in doctree.findall(addnodes.pending_xref):
        domain, kind, target = xref.get("refdomain"), xref.get("reftype"), xref.get("reftarget", "")
        if domain == "std" and kind in ("ref", "numref"):  # {chapter} is a ref too
            refs.add(target.lower())
        elif domain == "std" and kind == "doc":
            docs.add(target)
        elif domain == "std" and kind == "term":
            terms.add(target.lower())
    for glossary in doctree.findall(addnodes.glossary):
        for term in glossary.findall(nodes.term):
            defined[term.astext().lower()] = term.line or glossary.line or 1
    section = next(iter(doctree.findall(nodes.section)), None)
    _data(app.env)[app.env.docname] = {
        "refs": sorted(refs), "docs": sorted(docs), "terms": sorted(terms), "defined": defined,
        "title_line": (section.line if section is not None and section.line else 1),
    }


def _linked_docs(env, docname: str, data: dict) -> set[str]:
    std = env.domains.standard_domain
    linked = set()
    for label in data["refs"]:
        if label in std.labels:
            linked.add(std.labels[label][0])
        elif label in std.anonlabels:
            linked.add(std.anonlabels[label][0])
    base = docname.rsplit("/", 1)[0] + "/" if "/" in docname else ""
    for target in data["docs"]:
        name = target[1:] if target.startswith("/") else str(Path(base + target).as_posix())
        parts = []
        for part in name.split("/"):
            if part == "..":
                parts and parts.pop()
            elif part not in ("", "."):
                parts.append(part)
        linked.add("/".join(parts))
    return linked


def _check(app: Sphinx, env) -> None:
    config = app.config
    if not config.handbook_shape_checks:
        return
    data = _data(env)
    chapters = sorted(d for d in env.found_docs if chapter_meta(env, d) is not None and d in data)
    kinds_by_doc: dict[str, set[str]] = {}
    for kind in {k for spec in config.handbook_chapter_blocks for k in spec.split("|")}:
        for record in blocks_of(env, kind):
            kinds_by_doc.setdefault(record.docname, set()).add(kind)

    cited: set[str] = set()
    bib_entries: dict[str, tuple[str, int]] = {}
    for bibfile in getattr(config, "bibtex_bibfiles", []) or []:
        path = Path(app.confdir) / bibfile
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            for key in bib_keys(text):
                line = text[: text.find(f"{{{key},")].count("\n") + 1
                bib_entries[key] = (str(path), line)

    for docname in chapters:
        where = (docname, data[docname]["title_line"])
        present = kinds_by_doc.get(docname, set())
        for spec in config.handbook_chapter_blocks:
            options = spec.split("|")
            if not present & set(options):
                logger.warning(
                    f"chapter has no {' or '.join('{' + o + '}' for o in options)} block; every chapter "
                    f"has the blocks of the chapter shape (see the maintainer's guide)",
                    type="handbook", subtype="shape", location=where,
                )
        related = {d for d in _linked_docs(env, docname, data[docname]) if d != docname and d in chapters}
        if len(related) < config.handbook_min_related:
            logger.warning(
                f"chapter links to {len(related)} other chapter(s); link at least {config.handbook_min_related} "
                f"under 'Related chapters' with {{chapter}} and {{ref}}",
                type="handbook", subtype="shape", location=where,
            )
        sources = chapter_meta(env, docname)["sources"]
        cited.update(sources)
        if bib_entries:
            for key in sources:
                if key not in bib_entries:
                    logger.warning(
                        f"source '{key}' is not in the bibliography; add it (python -m handbook import) "
                        f"or correct the key", type="handbook", subtype="sources", location=(docname, 1),
                    )

    if chapters:
        for key, (path, line) in sorted(bib_entries.items()):
            if key not in cited:
                logger.warning(
                    f"source '{key}' is cited by no chapter; add it to a chapter's 'sources:' and cite it, "
                    f"or remove it", type="handbook", subtype="sources", location=f"{path}:{line}",
                )
        used = {t for d in chapters for t in data[d]["terms"]}
        for docname, info in sorted(data.items()):
            for term, line in sorted(info["defined"].items()):
                if term not in used:
                    logger.warning(
                        f"glossary term '{term}' is used by no chapter; link it from a chapter with "
                        f"{{term}}`{term}` or remove it", type="handbook", subtype="glossary",
                        location=(docname, line),
                    )


def setup(app: Sphinx) -> dict:
    app.add_config_value("handbook_shape_checks", True, "env", types=[bool],
                         description="check chapters' shape, sources and glossary use")
    app.add_config_value("handbook_chapter_blocks",
                         ["warning-signs", "template", "exercise|role-play", "trainer-note",
                          "discussion-questions", "key-takeaways"], "env", types=[list],
                         description="the blocks every chapter has")
    app.add_config_value("handbook_min_related", 2, "env", types=[int],
                         description="how many other chapters a chapter links to at least")
    app.connect("doctree-read", _collect, priority=800)
    app.connect("env-check-consistency", _check)
    register_doc_store(app, STORE)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
