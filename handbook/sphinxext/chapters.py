"""Chapter metadata from front matter: checks, the summary line, review dates.

A chapter is a page whose front matter has ``sources``; only chapters carry it.
Its front matter holds::

    summary: One sentence.
    sources: [latchford2015train]       # citation keys in docs/references.bib
    audience: [rep, manager, trainer]
    owner: Sales enablement
    review-by: 2027-06-30

Each missing or malformed key is a typed warning ``handbook.metadata`` at the
front matter. The summary is shown under the chapter's title. When the
review-by date has passed, readers see a notice at the top of the chapter and
the build log gets a "review due" line; that line is information, not a
warning, so an overdue review never breaks the strict build.

The notice depends on the day of the build, not only on the page: each
chapter's review state is kept in the environment, and an incremental build
re-reads every chapter whose review-by date has passed (or no longer has)
since it was read, so a build with no changed file still shows the notice on
the day it becomes due.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from handbook.sphinxext import order
from handbook.sphinxext.envdata import doc_store
from handbook.sphinxext.problems import warn

logger = logging.getLogger(__name__)
STORE = "handbook_review"

REQUIRED = ("summary", "sources", "audience", "owner", "review-by")
AUDIENCES = {"rep", "manager", "trainer"}


def _as_list(value: Any) -> list[str]:
    """Front matter lists reach Sphinx as JSON text; accept both forms."""
    if isinstance(value, list):
        return [str(v) for v in value]
    text = str(value).strip()
    if text.startswith("["):
        try:
            return [str(v) for v in json.loads(text)]
        except ValueError:
            pass
    return [part.strip() for part in text.split(",") if part.strip()]


def chapter_meta(env, docname: str) -> dict[str, Any] | None:
    """The chapter's metadata, lists parsed; None for pages that are not chapters."""
    meta = env.metadata.get(docname, {})
    if "sources" not in meta:
        return None
    parsed = dict(meta)
    parsed["sources"] = _as_list(meta["sources"])
    parsed["audience"] = _as_list(meta.get("audience", ""))
    return parsed


def is_chapter(env, docname: str) -> bool:
    return "sources" in env.metadata.get(docname, {})


def today(config) -> dt.date:
    """The build's date: handbook_today, else SOURCE_DATE_EPOCH, else today."""
    if config.handbook_today:
        return dt.date.fromisoformat(config.handbook_today)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def is_overdue(due: dt.date, day: dt.date) -> bool:
    """A review is due the day after its review-by date (on that date it is still in time)."""
    return due < day


def _warn(docname: str, message: str) -> None:
    warn("metadata", message, (docname, 1))


def _check_and_decorate(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    meta = chapter_meta(env, docname)
    if meta is None:
        return
    for key in REQUIRED:
        if not str(meta.get(key, "")).strip() or meta.get(key) == []:
            _warn(docname, f"chapter front matter lacks '{key}:' (a chapter needs {', '.join(REQUIRED)})")
    unknown = sorted(set(meta["audience"]) - AUDIENCES)
    if unknown:
        _warn(docname, f"unknown audience {', '.join(unknown)}; use {', '.join(sorted(AUDIENCES))}")

    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        _warn(docname, "a chapter needs a title ('# Title')")
        return
    position = 1
    summary = str(meta.get("summary", "")).strip()
    if summary:
        section.insert(position, nodes.paragraph(summary, summary, classes=["handbook-summary"]))
        position += 1

    review_by = str(meta.get("review-by", "")).strip()
    if not review_by:
        return
    try:
        due = dt.date.fromisoformat(review_by)
    except ValueError:
        _warn(docname, f"review-by '{review_by}' is not a date; write it as YYYY-MM-DD")
        return
    overdue = is_overdue(due, today(app.config))
    doc_store(env, STORE)[docname] = {"due": due.isoformat(), "overdue": overdue}
    if overdue:
        owner = str(meta.get("owner", "")).strip() or "no owner named"
        text = (
            f"This chapter was due for review on {due:%B} {due.day}, {due.year} "
            f"({owner}). Some details may be out of date."
        )
        notice = nodes.admonition(classes=["handbook-review-due", "attention"])
        notice += nodes.title("Review due", "Review due")
        notice += nodes.paragraph(text, text)
        section.insert(position, notice)
        logger.info(
            f"review due: review-by {due.isoformat()} has passed (owner: {owner})",
            location=(docname, 1), color="darkred",
        )


def _review_state_changed(app: Sphinx, env, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Chapters whose review notice would now be shown or hidden: read them again."""
    day = today(app.config)
    return sorted(
        docname for docname, state in doc_store(env, STORE).items()
        if docname in env.all_docs and docname not in changed | removed
        and is_overdue(dt.date.fromisoformat(state["due"]), day) != state["overdue"]
    )


def setup_chapters(app: Sphinx) -> None:
    # Not an "env" value: changing the date re-reads only the chapters whose
    # notice changes (_review_state_changed), not the whole book.
    app.add_config_value("handbook_today", "", "", types=[str],
                         description="the date review-by is compared with (YYYY-MM-DD); empty: today")
    app.connect("doctree-read", _check_and_decorate, priority=order.CHAPTER_METADATA)
    app.connect("env-get-outdated", _review_state_changed)
