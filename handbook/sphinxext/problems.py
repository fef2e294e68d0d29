"""Every warning the extension gives: one typed family, ``handbook.<type>``.

A strict build (``-W``) fails on any of them; ``suppress_warnings`` in
conf.py can silence one type (``"handbook.review"``), never by accident all.
The maintainer's guide lists this table (a test compares the two).
"""

from __future__ import annotations

from sphinx.util import logging

logger = logging.getLogger("handbook")

#: type -> what it reports. Block kinds are types too (a misused block).
WARNING_TYPES: dict[str, str] = {
    "agenda": "a session agenda whose items lack minutes or do not add up to the session length",
    "block-index": "a {block-index} of an unknown kind",
    "chapter": "a {chapter} link to a label that is not a numbered chapter's",
    "checklist": "a misused {checklist} block (no bullet list, unknown option, no title)",
    "discussion-questions": "a misused {discussion-questions} block",
    "exercise": "a misused {exercise} block",
    "footnote": "a reStructuredText footnote numbered by docutils ([#]_, [#name]_, [*]_) inside {eval-rst}, which MyST leaves unnumbered",
    "for-managers": "a {for-managers} block without 'Spot it', or without exactly two numbered questions under 'Ask'",
    "glossary": "a glossary term that no chapter uses",
    "in-a-hurry": "an {in-a-hurry} block without exactly three numbered steps and one 'Say'",
    "include": "a file included, shown or offered for download from outside the sources, a trainer file (trainer-only folder or trainer blocks) shown on a participant page, or a file fetched from the network",
    "key-takeaways": "a misused {key-takeaways} block",
    "link": "a link or image with a scheme the handbook does not allow (javascript:, data:, ...)",
    "meta": "page metadata other than description, keywords and author (http-equiv redirects, policies)",
    "metadata": "chapter front matter that is missing or malformed",
    "model-answer": "a {model-answer} outside an exercise or role-play, or empty",
    "nesting": "a blockquote or list nested deeper than the limit (the parser would drop the rest of the page)",
    "objectives": "an {objectives} list of fewer than two or more than four, an objective no exercise of the chapter practices, or an exercise's :objectives: number out of range",
    "observer-sheet": "an {observer-sheet} outside a role-play, empty, or naming the chapter's steps out of order",
    "patch": "an installed Sphinx or furo that a fenced patch was not checked against (stock behavior used)",
    "raw": "raw output (directive or role, in MyST or reST), which the handbook does not allow",
    "role-brief": "a {role-brief} outside a role-play, without a role, empty, or giving away another role's secret or a strong move of the answer key",
    "role-cards": "a {role-cards} page for a page that is not a session",
    "role-play": "a role-play without a scenario, roles, or a brief for every role and round",
    "script-step": "a script step without minutes, SAY or DO, with a part that is not a script part, or with a :cut-to:, :extend-to:, :optional: or phase range that is out of range, lacks its IF RUNNING LATE or IF TIME ALLOWS line, or whose lines state minutes",
    "session": "a session whose script does not add up to its length, runs an unknown activity, gives an activity other minutes than the activity says, or cannot reach the kit's LENGTH from what its steps declare",
    "shape": "a chapter without a block of the chapter shape, an exercise without a model answer, not two or three talk tracks, or too few related chapters",
    "sources": "a chapter source missing from the bibliography, or a bibliography entry no chapter cites",
    "talk-track": "a talk track without 'Say' first, without a reply starting 'If they', or with lines that are not words to say",
    "template": "a misused {template} block",
    "trainer-note": "a misused {trainer-note} block",
    "use-block": "a {use-block} whose label names no block",
    "warning-signs": "a misused {warning-signs} block",
}


def warn(kind: str, message: str, location=None) -> None:
    """Log ``message`` as the typed warning ``handbook.<kind>``, prefixed with the kind."""
    if kind not in WARNING_TYPES:  # a programming error, caught by the tests
        raise KeyError(f"handbook warning type '{kind}' is not in WARNING_TYPES")
    logger.warning(f"{kind}: {message}", type="handbook", subtype=kind, location=location)


def markdown_table() -> str:
    """The table of warning types as the maintainer's guide shows it."""
    rows = [f"| `handbook.{kind}` | {what} |" for kind, what in sorted(WARNING_TYPES.items())]
    return "\n".join(["| warning | what it reports |", "| --- | --- |", *rows]) + "\n"
