"""The two directives of a generated slide deck (``make slides``).

``{deck-timer} MINUTES`` is an activity's countdown (``_static/deck.js`` runs
it); ``{deck-notes}`` holds the speaker notes, written as reveal.js's
``<aside class="notes">`` with their paragraphs kept (sphinx-revealjs's own
``revealjs-notes`` flattens them into one line of text). The decks are written
by ``handbook/publish/slides.py``; this module only renders them.
"""

from __future__ import annotations

import html
import json

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


class deck_timer(nodes.General, nodes.Element):
    pass


class deck_notes(nodes.General, nodes.Element):
    pass


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


class TimerDirective(SphinxDirective):
    """``{deck-timer} MINUTES`` with ``:phases: [["Read the cards", 2], ["Call", 5]]`` (JSON, optional)."""

    required_arguments = 1
    option_spec = {"phases": json.loads}

    def run(self):
        minutes = int(self.arguments[0])
        node = deck_timer(seconds=minutes * 60, phases=self.options.get("phases") or [])
        self.set_source_info(node)
        return [node]


class NotesDirective(SphinxDirective):
    has_content = True

    def run(self):
        node = deck_notes()
        self.set_source_info(node)
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


def _visit_timer(self, node):
    seconds = node["seconds"]
    phases = node.get("phases") or []
    first = phases[0] if phases else None
    data = f' data-phases="{html.escape(json.dumps(phases))}"' if phases else ""
    self.body.append(
        f'<div class="deck-timer" data-seconds="{seconds}"{data} role="timer" '
        f'aria-label="Timer: {seconds // 60} minutes">'
        f'<p class="deck-timer-phase">{html.escape(first[0]) if first else ""}</p>'
        f'<p class="deck-timer-clock">{_clock(first[1] * 60 if first else seconds)}</p>'
        '<p class="deck-timer-buttons"><button type="button" class="deck-timer-toggle">Start</button>'
        '<button type="button" class="deck-timer-reset">Reset</button></p>'
        '<p class="deck-timer-help">T: start or pause \u00b7 R: reset \u00b7 + or \u2212: a minute more or less '
        '\u00b7 M: <span class="deck-timer-sound">sound on</span></p></div>\n'
    )
    raise nodes.SkipNode


def _visit_notes(self, node):
    self.body.append('<aside class="notes">')


def _depart_notes(self, node):
    self.body.append("</aside>\n")


def setup(app: Sphinx) -> dict:
    app.add_directive("deck-timer", TimerDirective)
    app.add_directive("deck-notes", NotesDirective)
    app.add_node(deck_timer, html=(_visit_timer, None), revealjs=(_visit_timer, None))
    app.add_node(deck_notes, html=(_visit_notes, _depart_notes), revealjs=(_visit_notes, _depart_notes))
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
