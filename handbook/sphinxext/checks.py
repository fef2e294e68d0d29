"""Whole-book checks, run once every page has been read.

Each problem is a typed warning with file and line, so the strict build fails:

* ``handbook.shape``: a chapter lacks a block of the chapter shape
  (``handbook_chapter_blocks``; ``exercise|role-play`` means either), has an
  exercise without a ``{model-answer}``, has fewer or more talk tracks than
  ``shape.TALK_TRACKS`` allows, or links to fewer than
  ``handbook_min_related`` other chapters;
* ``handbook.objectives``: an objective of the chapter's ``{objectives}``
  that no exercise or role-play of the chapter practices (their
  ``:objectives:`` option), or an ``:objectives:`` number the chapter's
  list does not have;
* ``handbook.sources``: a chapter lists a source the bibliography does not
  have, or the bibliography has a source no chapter lists;
* ``handbook.glossary``: a glossary term no chapter links to.

The checks run on every build, incremental ones included, so a problem keeps
failing the build until it is fixed. ``handbook_shape_checks = False`` turns
them off (for projects that are not a handbook, such as some test projects).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from handbook.bibtex import bib_key_lines
from handbook.editions import TRAINER
from handbook.shape import REQUIRED_BLOCKS, TALK_TRACKS
from handbook.sphinxext.blocks import blocks_of
from handbook.sphinxext.chapters import chapter_meta
from handbook.sphinxext.links import page_links
from handbook.sphinxext.problems import warn

#: Block kinds that exist in the trainer edition only.
TRAINER_KINDS = {"trainer-note", "model-answer", "role-brief", "observer-sheet"}


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


def _records_by_doc(env, *kinds: str) -> dict[str, list]:
    found: dict[str, list] = {}
    for kind in kinds:
        for record in blocks_of(env, kind):
            found.setdefault(record.docname, []).append(record)
    return found


def _check_parts(docname: str, where: tuple[str, int], parts: list) -> None:
    """Talk tracks counted; every objective practiced, every practiced number an objective."""
    low, high = TALK_TRACKS
    talk_tracks = [r for r in parts if r.kind == "talk-track"]
    if talk_tracks and not low <= len(talk_tracks) <= high:
        warn("shape", f"chapter has {len(talk_tracks)} talk track(s); write {low} to {high}, one for each of the "
                      f"hardest live moments of the topic", where)
    objectives = [r for r in parts if r.kind == "objectives"]
    if objectives and "count" not in objectives[0].extra:
        return  # a malformed list, already reported where it is
    count = int(objectives[0].extra["count"]) if objectives else 0
    practiced: set[int] = set()
    for record in parts:
        if record.kind not in ("exercise", "role-play") or not record.extra.get("objectives"):
            continue
        numbers = [int(n) for n in record.extra["objectives"].split(", ")]
        practiced.update(numbers)
        beyond = [n for n in numbers if n > count]
        if beyond and objectives:
            warn("objectives", f"the {record.kind} '{record.title}' practices objective {beyond[0]}, but the "
                               f"chapter's {{objectives}} list has {count}; correct ':objectives:'",
                 (docname, record.lineno))
        elif beyond:
            warn("objectives", f"the {record.kind} '{record.title}' names objectives, but the chapter has no "
                               f"{{objectives}} block under 'You will be able to'", (docname, record.lineno))
    for number in range(1, count + 1):
        if number not in practiced:
            warn("objectives", f"objective {number} is practiced by no exercise or role-play of the chapter; "
                               f"add {number} to the ':objectives:' of the one that practices it (or drop the "
                               f"objective)", (docname, objectives[0].lineno))


def _check(app: Sphinx, env) -> None:
    config = app.config
    if not config.handbook_shape_checks:
        return
    data = page_links(env)
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
            for key, line in bib_key_lines(text).items():
                bib_entries[key] = (str(path), line)

    parts_by_doc = _records_by_doc(env, "objectives", "talk-track", "exercise", "role-play")
    for docname in chapters:
        where = (docname, data[docname]["title_line"])
        _check_parts(docname, where, parts_by_doc.get(docname, []))
        present = kinds_by_doc.get(docname, set())
        for spec in config.handbook_chapter_blocks:
            options = spec.split("|")
            if config.handbook_edition != TRAINER and set(options) <= TRAINER_KINDS:
                continue  # removed from the participant edition; the trainer edition's build checks it
            if not present & set(options):
                warn("shape", f"chapter has no {' or '.join('{' + o + '}' for o in options)} block; every "
                              f"chapter has the blocks of the chapter shape (see the maintainer's guide)", where)
        for record in blocks_of(env, "exercise"):
            if record.docname == docname and record.extra.get("model-answer") != "yes":
                warn("shape", f"the exercise '{record.title}' has no model answer; add a {{model-answer}} block "
                              f"inside it (what good looks like, for the trainer)", (docname, record.lineno))
        related = {d for d in _linked_docs(env, docname, data[docname]) if d != docname and d in chapters}
        if len(related) < config.handbook_min_related:
            warn("shape", f"chapter links to {len(related)} other chapter(s); link at least "
                          f"{config.handbook_min_related} under 'Related chapters' with {{chapter}} and {{ref}}", where)
        sources = chapter_meta(env, docname)["sources"]
        cited.update(sources)
        if bib_entries:
            for key in sources:
                if key not in bib_entries:
                    warn("sources", f"source '{key}' is not in the bibliography; add it (python -m handbook "
                                    f"import) or correct the key", (docname, 1))

    if chapters:
        for key, (path, line) in sorted(bib_entries.items()):
            if key not in cited:
                warn("sources", f"source '{key}' is cited by no chapter; add it to a chapter's 'sources:' and "
                                f"cite it, or remove it", f"{path}:{line}")
        used = {t for d in chapters for t in data[d]["terms"]}
        for docname, info in sorted(data.items()):
            for term, line in sorted(info["defined"].items()):
                if term not in used:
                    warn("glossary", f"glossary term '{term}' is used by no chapter; link it from a chapter "
                                     f"with {{term}}`{term}` or remove it", (docname, line))


def setup_checks(app: Sphinx) -> None:
    app.add_config_value("handbook_shape_checks", True, "env", types=[bool],
                         description="check chapters' shape, sources and glossary use")
    app.add_config_value("handbook_chapter_blocks",
                         list(REQUIRED_BLOCKS), "env", types=[list],
                         description="the blocks every chapter has")
    app.add_config_value("handbook_min_related", 2, "env", types=[int],
                         description="how many other chapters a chapter links to at least")
    app.connect("env-check-consistency", _check)
