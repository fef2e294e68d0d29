"""Session kits: the facilitator script, role cards and the feedback form.

A session page (``docs/sessions/<name>.md``, trainer edition only) opens with
``{session}``: length, audience, group size, room, and the materials with
their counts (``- 1 per participant: the handout``). Its script is a series of
``{script-step}`` blocks, each with its minutes and the facilitator's lines
as a definition list (SAY, DO, ASK, WATCH FOR, IF RUNNING LATE) and, with
``:activity: label``, the block it runs. An ``{agenda}`` with no items is the
script's agenda, with start times. The steps must add up to the session's
minutes, and every ``:activity:`` must name a block (typed warnings
``handbook.session`` with file and line).

``{role-cards} name`` (on ``docs/sessions/cards/<name>.md``) prints, for
every role-play the session's steps run, one card per role and round (the
public scenario and that role's private brief, each on its own printed page),
then the observer sheets. ``{feedback-form}`` prints a one-page participant
feedback form.

With ``handbook_latex_kit`` set (``make kit``), the LaTeX builder writes, per
session, the facilitator guide (the session page) and the role cards as two
documents, and ``kit-manifest.json`` beside them, from which ``build.py``
writes the kit's README.txt.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from handbook.fsutil import atomic_write
from handbook.sphinxext import order, variants
from handbook.sphinxext.blocks import BlockDirective, handbook_block, notes_space
from handbook.sphinxext.editions import is_trainer, participant_children, participant_copy
from handbook.sphinxext.envdata import doc_store
from handbook.sphinxext.links import relative_to_root
from handbook.sphinxext.listings import depends_on_others
from handbook.sphinxext.problems import warn
from handbook.sphinxext.room import group_plan, left_out, plan_text, room_latex, room_shapes, room_svg, rotation
from handbook.sphinxext.safety import LIMITS, bounded
from handbook.sphinxext.sessions import agenda_from_script, agenda_table, clock
from handbook.sphinxext.tex import tex_escape

SESSIONS = "handbook_sessions"
CARDS = "handbook_role_cards"
SCRIPT_TERMS = ("SAY", "DO", "ASK", "WATCH FOR", "IF RUNNING LATE", "IF TIME ALLOWS", "IF DROPPED")
REQUIRED_TERMS = ("SAY", "DO")
#: Who a material is counted per (``- 2 per group: ...``).
PER = ("participant", "group", "pair", "observer", "room", "trainer")
_MATERIAL = re.compile(rf"^\s*(?P<count>\d{{1,6}})\s+per\s+(?P<per>{'|'.join(PER)})s?\s*[:\-\u2013]\s*(?P<what>.+)$", re.I)
_GROUP_SIZE = re.compile(r"^\s*(?P<low>\d{1,6})\s*[-\u2013]\s*(?P<high>\d{1,6})\s*$")

FEEDBACK_STATEMENTS = (
    "The session's objectives were clear.",
    "The practice (role-plays and exercises) was useful for my work.",
    "The pace was right: enough time to practice and to talk it through.",
    "The trainer's examples and feedback helped me.",
    "I will use something from today with a client in the next two weeks.",
)


def sessions(env) -> dict[str, dict[str, Any]]:
    return doc_store(env, SESSIONS)


def _page(env) -> dict[str, Any]:
    """This page's session record (created empty)."""
    return sessions(env).setdefault(env.docname, {"steps": []})


# -- {session} --------------------------------------------------------------------------


class SessionDirective(BlockDirective):
    """The header of a facilitator guide: length, people, room, materials."""

    kind = "session"
    title_required = False
    default_title = "Session at a glance"
    recorded = False
    block_options = {
        "minutes": bounded("minutes"),
        "audience": directives.unchanged,
        "group-size": directives.unchanged,
        "group": bounded("group"),
        "room": directives.unchanged,
    }
    required_options = ("minutes", "audience", "group-size", "room")

    def run(self):
        if not self.arguments:
            self.arguments = [self.default_title]
        return super().run()

    def decorate(self, node, options):
        size = _GROUP_SIZE.match(options["group-size"])
        if size is None or int(size["low"]) > int(size["high"]) or int(size["low"]) < 1:
            self.problem(f"':group-size: {options['group-size']}' is not a range; write it as '6-12'")
            return
        if int(size["high"]) > LIMITS["group-size"]:
            self.problem(f"':group-size: {options['group-size']}' is more than {LIMITS['group-size']} people, the "
                         f"handbook's limit; split the session")
            return
        materials = []
        for item in [i for bullet in node.findall(nodes.bullet_list) for i in bullet.children]:
            match = _MATERIAL.match(item.astext().strip().splitlines()[0])
            if match is None:
                self.problem(f"the material '{item.astext().strip()[:60]}' has no count; write it as "
                             f"'- 1 per participant: the handout' (per {', '.join(PER)})")
                continue
            materials.append({"count": int(match["count"]), "per": match["per"].lower(), "what": match["what"]})
        if not materials:
            self.problem("list the materials as a bullet list, one '- 1 per participant: the handout' per line")
        rows = [("Length", f"{options['minutes']} minutes"), ("Audience", options["audience"]),
                ("Group size", f"{size['low']} to {size['high']} people"
                 + (f", in groups of {options['group']}" if options.get("group") else "")),
                ("Room", options["room"])]
        node.insert(1, nodes.paragraph("", "", nodes.strong("", "Materials")))
        fields = nodes.field_list(classes=["handbook-parts"])
        for name, value in rows:
            fields += nodes.field("", nodes.field_name(name, name), nodes.field_body("", nodes.paragraph(value, value)))
        node.insert(1, fields)
        record = _page(self.env)
        if "minutes" in record:
            self.problem("a page holds one session; remove the second {session} block")
            return
        heading = self.state.document.next_node(nodes.title)
        title = heading.astext() if heading is not None else self.env.docname
        record.update({
            "line": self.lineno, "minutes": options["minutes"], "audience": options["audience"],
            "group_size": [int(size["low"]), int(size["high"])], "group": options.get("group"),
            "room": options["room"], "materials": materials, "title": title,
        })


# -- {script-step} ------------------------------------------------------------------------


class ScriptStep(BlockDirective):
    """One agenda item of the facilitator script: minutes, SAY, DO, ASK, WATCH FOR, IF RUNNING LATE."""

    kind = "script-step"
    recorded = False
    block_options = {"minutes": bounded("minutes"), "activity": directives.unchanged,
                     "phases": directives.unchanged, "cut-to": bounded("minutes"), "extend-to": bounded("minutes"),
                     "optional": directives.unchanged}
    required_options = ("minutes",)

    def decorate(self, node, options):
        terms = []
        for dlist in [c for c in node.children if isinstance(c, nodes.definition_list)]:
            dlist["classes"].append("handbook-script")
            for item in dlist.children:
                term = item.next_node(nodes.term)
                name = " ".join(term.astext().split()).upper().rstrip(":") if term is not None else ""
                if name not in SCRIPT_TERMS:
                    self.problem(f"'{term.astext() if term else ''}' is not a part of a script step; use "
                                 f"{', '.join(SCRIPT_TERMS)}")
                    continue
                term["classes"].append("handbook-script-" + name.lower().replace(" ", "-"))
                terms.append(name)
        missing = [t for t in REQUIRED_TERMS if t not in terms]
        if missing:
            self.problem(f"the step has no {' or '.join(missing)}; write each as a term and its text:\n"
                         f"SAY\n: What you tell the room.")
        node["minutes"] = options["minutes"]
        node["activity"] = options.get("activity", "")
        parsed = _parse_phases(options.get("phases", ""))
        phases, spans = ([], []) if isinstance(parsed, str) else parsed
        if isinstance(parsed, str):
            self.problem(parsed)
        elif sum(m for _label, m in phases) > options["minutes"]:
            self.problem(f"the phases add up to {sum(m for _label, m in phases)} minutes, more than the step's "
                         f"{options['minutes']}; shorten them or lengthen the step")
            phases = []
        if phases:  # on the timer, and in the guide so the trainer sees the same plan
            text = "; ".join(f"{label} ({minutes} min)" for label, minutes in phases) + "."
            line = nodes.paragraph(classes=["handbook-phases"])
            line += nodes.strong("", "On the timer: ")
            line += nodes.Text(text)
            node.insert(1 if node.children and isinstance(node.children[0], nodes.title) else 0, line)
        step = {
            "title": node["title"], "minutes": options["minutes"], "activity": options.get("activity", ""),
            "line": self.lineno, "say": _term_text(node, "SAY"), "watch": _term_text(node, "WATCH FOR"),
            "parts": _script_parts(node), "phases": phases, "ranges": spans if phases else [],
            "cut_to": options.get("cut-to"), "extend_to": options.get("extend-to"),
            # Steps that name the same group are dropped together (a role-play and its debrief).
            "optional": ((options.get("optional") or "").strip() or node["title"]) if "optional" in options else "",
        }
        self._check_variants(step, terms)
        _page(self.env)["steps"].append(step)

    def _check_variants(self, step: dict[str, Any], terms: list[str]) -> None:
        """What a step declares for the session's shorter and longer versions (``make kit LENGTH=N``)."""
        minutes = step["minutes"]
        if step["phases"] and (step["cut_to"] or step["extend_to"]):
            self.problem("a step with ':phases:' changes length through its phases: give a phase a range, as in "
                         "':phases: Read the cards 2, Call 5 (4-7)', instead of ':cut-to:' or ':extend-to:'")
            step["cut_to"] = step["extend_to"] = None
        if step["cut_to"] and step["cut_to"] > minutes:
            self.problem(f"':cut-to: {step['cut_to']}' is longer than the step's {minutes} minutes; give the "
                         f"shortest the step can take")
            step["cut_to"] = None
        if step["extend_to"] and step["extend_to"] < minutes:
            self.problem(f"':extend-to: {step['extend_to']}' is shorter than the step's {minutes} minutes; give the "
                         f"longest the step can take")
            step["extend_to"] = None
        if step["cut_to"] and "IF RUNNING LATE" not in terms:
            self.problem("a step with ':cut-to:' needs an IF RUNNING LATE line saying how it is shortened: the "
                         "guide's shorter versions print it")
        if step["optional"] and "IF DROPPED" not in terms:
            self.problem("a step with ':optional:' needs an IF DROPPED line saying what replaces it (homework, "
                         "reading): the guide's shorter versions print it where the step was")
        if step["extend_to"] and "IF TIME ALLOWS" not in terms:
            self.problem("a step with ':extend-to:' needs an IF TIME ALLOWS line saying what to do with the "
                         "time: the guide's longer versions print it")
        if variants.flexible(step):
            for term, text in step["parts"]:
                stated = variants.MINUTES_STATED.search(text)
                if stated:
                    self.problem(f"the step's length changes with the kit's LENGTH, so its lines may not state "
                                 f"minutes ('{stated[0]}' in {term}): the guide's headings, the 'On the timer' "
                                 f"line and the timer give them; say 'until the timer moves on' or leave it out")
                    break


_PHASE = re.compile(r"^(?P<label>\S.*?)\s+(?P<minutes>\d+)"
                    r"(?:\s*\(\s*(?P<low>\d+)\s*(?:-|\u2013|to)\s*(?P<high>\d+)\s*\))?$")


def parse_phases(text: str) -> list[list] | str:
    """``:phases: Read the cards 2, Call 5, Feedback 3`` -> [[label, minutes], ...], or what is wrong.

    The phases of one run of the activity (one round of a role-play), which the deck's timer
    counts down one after the other."""
    parsed = _parse_phases(text)
    return parsed if isinstance(parsed, str) else parsed[0]


def _parse_phases(text: str) -> tuple[list[list], list[list[int]]] | str:
    """The phases and each one's [shortest, longest] minutes (``Call 5 (4-7)``; no range: [5, 5])."""
    phases, spans = [], []
    if text.count(",") >= LIMITS["phases"]:
        return f"':phases:' has more than {LIMITS['phases']} parts, the handbook's limit for one round"
    for part in [p.strip() for p in text.split(",")] if text.strip() else []:
        match = _PHASE.match(part) if len(part) <= 200 else None  # a label is a few words
        numbers = [int(match[k][:6]) for k in ("minutes", "low", "high") if match[k]] if match else []
        if match is None or not all(1 <= n <= LIMITS["minutes"] for n in numbers):
            return (f"':phases:' part '{part}' is not a label and its minutes; write the phases of one round as "
                    f"':phases: Read the cards 2, Call 5, Feedback 3' (a phase that may change in a shorter or "
                    f"longer version gives its range: 'Call 5 (4-7)')")
        minutes = int(match["minutes"])
        low, high = (int(match["low"]), int(match["high"])) if match["low"] else (minutes, minutes)
        if not low <= minutes <= high:
            return (f"':phases:' part '{part}': the range must hold the phase's minutes, as in 'Call 5 (4-7)'")
        phases.append([match["label"], minutes])
        spans.append([low, high])
    return phases, spans


def _script_parts(node: nodes.Element) -> list[list[str]]:
    """The step's lines in order, ``[term, text]``, one per definition (a SAY may have several)."""
    parts = []
    for item in node.findall(nodes.definition_list_item):
        term = item.next_node(nodes.term)
        name = " ".join(term.astext().split()).upper().rstrip(":") if term is not None else ""
        if name not in SCRIPT_TERMS:
            continue
        for definition in item.children:
            if isinstance(definition, nodes.definition):
                parts.append([name, " ".join(definition.astext().split())])
    return parts


def _term_text(node: nodes.Element, name: str) -> str:
    for item in node.findall(nodes.definition_list_item):
        term = item.next_node(nodes.term)
        if term is not None and " ".join(term.astext().split()).upper().rstrip(":") == name:
            definition = item.next_node(nodes.definition)
            return " ".join(definition.astext().split()) if definition is not None else ""
    return ""


def _fill_script(app: Sphinx, doctree: nodes.document) -> None:
    """Check the page's script against its session, time the steps, fill its agenda."""
    env = app.env
    record = sessions(env).get(env.docname)
    steps = [n for n in doctree.findall(handbook_block) if n["kind"] == "script-step"]
    placeholders = list(doctree.findall(agenda_from_script))
    if record is None or (not steps and "minutes" not in record):
        for node in placeholders:
            warn("agenda", "an {agenda} without items is made from the page's {script-step} blocks, and this "
                           "page has none; list the items or write the script", node)
            node.replace_self([])
        return
    if "minutes" not in record:
        warn("session", "the page has a script but no {session} block; add one above the script "
                        "(length, audience, group size, room, materials)", (env.docname, record["steps"][0]["line"]))
        for node in placeholders:  # no agenda without a session (an error, never a crash)
            node.replace_self([])
        return
    total = sum(step["minutes"] for step in record["steps"])
    if steps and total != record["minutes"]:
        parts = " + ".join(str(step["minutes"]) for step in record["steps"])
        warn("session", f"the script's steps add up to {total} minutes ({parts}), but the session is "
                        f"{record['minutes']} minutes; change the steps' or the session's :minutes:",
             (env.docname, record["line"]))
    if not steps:
        warn("session", "the session has no script; add a {script-step} block for each agenda item",
             (env.docname, record["line"]))
    rows, elapsed = [], 0
    for node in steps:
        title = node.next_node(nodes.title)
        heading = f"{clock(elapsed)} \u00b7 {node['title']} ({node['minutes']} min)"
        if title is not None:
            title.children = [nodes.Text(heading)]
        rows.append((elapsed, node["minutes"], nodes.paragraph("", node["title"])))
        elapsed += node["minutes"]
    for node in placeholders:
        table = agenda_table(rows, record["minutes"])
        table.source, table.line = node.source, node.line
        node.replace_self(table)


# -- shorter and longer versions (make kit LENGTH=N) -------------------------------------------


def _activity_block(env, label: str) -> nodes.Element | None:
    std = env.domains.standard_domain
    if not label or label not in std.labels:
        return None
    docname, labelid, _title = std.labels[label]
    return next((b for b in env.get_doctree(docname).findall(handbook_block) if labelid in b["ids"]), None)


def step_rounds(env, step: dict[str, Any]) -> int:
    """How many times a step runs its phases: a role-play's rounds, else once."""
    block = _activity_block(env, step.get("activity") or "")
    if block is None or block["kind"] != "role-play":
        return 1
    rounds = str(block.get("data", {}).get("rounds", "1"))
    return int(rounds) if rounds.isdigit() else 1


def session_length(env, docname: str) -> int | None:
    """The length this build makes of a session (``handbook_session_length``), None when as written."""
    length = env.config.handbook_session_length
    record = sessions(env).get(docname, {})
    return length if length and "minutes" in record and length != record["minutes"] else None


def session_steps(env, docname: str) -> list[dict[str, Any]] | str:
    """The session's steps as this build runs them: as written, or cut or lengthened to
    ``handbook_session_length`` (each with ``written``, ``written_phases`` and ``dropped``); a string
    says why that length cannot be reached."""
    record = sessions(env).get(docname, {})
    steps = record.get("steps", [])
    length = session_length(env, docname)
    if length is None:
        return [{**step, "written": step["minutes"], "written_phases": step["phases"], "dropped": False}
                for step in steps]
    return variants.allocate(steps, [step_rounds(env, step) for step in steps], length)


def step_lines(env, step: dict[str, Any], length: int | None) -> dict[str, Any]:
    """What the guide and the speaker notes say about a step's length in this version: the timer's
    IF RUNNING LATE and IF TIME ALLOWS sentences, the line for this version, and which of the step's
    own lines no longer apply (a cut already made)."""
    parts = {term: text for term, text in step.get("parts") or []}
    timer = variants.timer_lines(step, step_rounds(env, step)) if step["phases"] else {}
    done = set()
    if length is not None and not step["phases"]:
        if step.get("cut_to") and step["minutes"] <= step["cut_to"]:
            done.add("IF RUNNING LATE")  # already cut as far as it goes
        if step.get("extend_to") and step["minutes"] >= step["extend_to"]:
            done.add("IF TIME ALLOWS")
    version = variants.version_line(step, parts, length) if length is not None else ""
    return {"timer": timer, "version": version, "done": done}


# -- {session-lengths} ---------------------------------------------------------------------------


class session_lengths(nodes.General, nodes.Element):
    """Placeholder: the session's steps at each length of ``handbook_session_lengths`` (filled once every
    page is read, since a role-play's rounds live in its chapter)."""


class _FilledLater(SphinxDirective):
    """A placeholder filled once every page is read (``ApplyLength``); the page is read again when the
    pages it is made from change (``depends_on_others``)."""

    has_content = False
    kind: str
    node_class: type[nodes.Element]

    def run(self):
        depends_on_others(self.env, self.env.docname, self.kind)
        node = self.node_class()
        self.set_source_info(node)
        return [node]


class SessionLengthsDirective(_FilledLater):
    """``{session-lengths}``: a table of the session's steps at 45, 60 and 90 minutes, from what they declare."""

    kind, node_class = "session-lengths", session_lengths


def lengths_table(env, docname: str) -> list[nodes.Node]:
    """The steps' minutes at each length the kit can be built for, and the lengths it cannot reach."""
    record = sessions(env).get(docname, {})
    steps = record.get("steps", [])
    if "minutes" not in record or not steps:
        return []
    rounds = [step_rounds(env, step) for step in steps]
    columns, refused = [], []
    for length in sorted({*env.config.handbook_session_lengths, record["minutes"]}):
        found = steps if length == record["minutes"] else variants.allocate(steps, rounds, length)
        if isinstance(found, str):
            refused.append(f"{length} minutes: {found}.")
        else:
            columns.append((length, found))
    table = nodes.table(classes=["handbook-session-lengths"])
    group = nodes.tgroup(cols=1 + len(columns))
    table += group
    group += nodes.colspec(colwidth=40)
    for _ in columns:
        group += nodes.colspec(colwidth=max(8, 60 // max(1, len(columns))))
    head = nodes.thead()
    group += head
    head += _cells(["Step", *(f"{length} min" + (" (as written)" if length == record["minutes"] else "")
                              for length, _found in columns)])
    body = nodes.tbody()
    group += body
    for index, step in enumerate(steps):
        cells = [step["title"]]
        for _length, found in columns:
            chosen = found[index]
            cells.append("dropped" if chosen.get("dropped") else str(chosen["minutes"]))
        body += _cells(cells)
    out: list[nodes.Node] = [table]
    for text in refused:
        out.append(nodes.paragraph(text, text, classes=["handbook-lengths-refused"]))
    return out


def _cells(texts: list[str]) -> nodes.row:
    row = nodes.row()
    for text in texts:
        row += nodes.entry("", nodes.paragraph(text, text))
    return row



# -- {rotation} -----------------------------------------------------------------------------------


class rotation_table(nodes.General, nodes.Element):
    """Placeholder: who plays what in each round, for the session's group and one more (filled once every
    page is read: the role-plays live in their chapters)."""


class RotationDirective(_FilledLater):
    """``{rotation}``: the rotation to write on the flip chart, from the role-plays the script runs."""

    kind, node_class = "rotation", rotation_table


def rotation_nodes(env, docname: str) -> list[nodes.Node]:
    record = sessions(env).get(docname, {})
    group = record.get("group")
    plays = []
    for _label, block in role_plays_of(env, docname):
        roles = [r.strip() for r in block.get("data", {}).get("roles", "").split(",") if r.strip()]
        rounds = str(block.get("data", {}).get("rounds", "1"))
        plays.append((block["title"], roles, int(rounds) if rounds.isdigit() else 1))
    if not group or not plays:
        return []
    sizes = [size for size in (group, group + 1) if size >= max(len(roles) for _t, roles, _r in plays)]
    # The widths as given (LaTeX's automatic widths ran this table past the margin).
    table = nodes.table(classes=["handbook-rotation", "colwidths-given"])
    tgroup = nodes.tgroup(cols=1 + len(sizes))
    table += tgroup
    tgroup += nodes.colspec(colwidth=20 if len(plays) > 1 else 12)
    for _ in sizes:
        tgroup += nodes.colspec(colwidth=(80 if len(plays) > 1 else 88) // len(sizes))
    head = nodes.thead()
    tgroup += head
    head += _cells(["Round", *(f"Groups of {size}" for size in sizes)])
    body = nodes.tbody()
    tgroup += body
    offset = 0
    for title, roles, rounds in plays:
        for number in range(1, rounds + 1):
            body += _cells([f"{title}, round {number}" if len(plays) > 1 else str(number),
                            *(rotation(roles, size, number, offset) + "." for size in sizes)])
        offset += rounds
    out: list[nodes.Node] = [table]
    for size in sizes:
        for text in left_out(plays, size):
            out.append(nodes.paragraph(text, text))
    return out

# -- {group-plan} ---------------------------------------------------------------------------


#: How far past the session's range the guide's group table goes (a trainer planning for a bigger room).
PLAN_BEYOND = 4


class GroupPlanDirective(SphinxDirective):
    """The groups for every number of participants, from the session's ``:group-size:`` and ``:group:``."""

    has_content = False

    def run(self):
        record = sessions(self.env).get(self.env.docname, {})
        if not record.get("group_size"):
            warn("session", "a {group-plan} needs the page's {session} block above it", (self.env.docname,
                                                                                         self.lineno))
            return []
        if not record.get("group"):
            return []  # a session that does not work in groups has no plan to show
        low, high = record["group_size"]
        table = nodes.table(classes=["handbook-group-plan"])
        tgroup = nodes.tgroup(cols=2)
        table += tgroup
        for width in (20, 80):
            tgroup += nodes.colspec(colwidth=width)
        head = nodes.thead()
        tgroup += head
        body = nodes.tbody()
        tgroup += body
        for cells, part in ((("People", "Groups"), head),
                            *(((str(n), plan_text(group_plan(n, record["group"]))
                                + (" (more than the session is written for)" if n > high else "")), body)
                              for n in range(low, high + PLAN_BEYOND + 1))):
            row = nodes.row()
            for cell in cells:
                row += nodes.entry("", nodes.paragraph(cell, cell))
            part += row
        self.set_source_info(table)
        beyond = len(group_plan(high + 1, record["group"]))
        note = (f"Over {high} people ({beyond} groups or more) the session runs as written, with more groups than "
                f"you can listen to in a round: choose two groups to listen to in each round and the others in the "
                f"next, and in the debriefs take one answer per group. The kit's README.txt counts the extra cards "
                f"and observer sheets.")
        return [table, nodes.paragraph(note, note, classes=["handbook-group-beyond"])]


# -- {room-plan} ----------------------------------------------------------------------------------


class room_plan(nodes.General, nodes.Element):
    """Placeholder: the room diagram (filled once every page is read: the role-plays live in chapters)."""


class RoomPlanDirective(_FilledLater):
    """``{room-plan}``: the room from above for the kit's number of people (``make kit GROUP=N``; else
    the top of the session's range), from the session's ``:group:`` and whether it hands out cards."""

    kind, node_class = "room-plan", room_plan


def room_people(env, docname: str) -> int:
    record = sessions(env).get(docname, {})
    return env.config.handbook_kit_people or (record.get("group_size") or [12, 12])[1]


def room_nodes(env, docname: str) -> list[nodes.Node]:
    """The room plan: a LaTeX picture in print, an inline SVG on screen and in the EPUB (whose package
    file declares the SVG: ``epubsvg.py``), and its caption."""
    record = sessions(env).get(docname, {})
    if not record.get("group"):
        return []
    people = room_people(env, docname)
    sizes = group_plan(people, record["group"])
    shapes, height = room_shapes(sizes, len(role_plays_of(env, docname)))
    caption = (f"The room for {people} people, {plan_text(sizes)} (make kit GROUP=N draws it for another "
               f"number): chairs in clusters, the screen and flip chart at the front"
               + (", the envelopes of cards with you until the groups are formed." if role_plays_of(env, docname)
                  else "."))
    figure = nodes.container(classes=["handbook-room"])
    figure += nodes.raw("", room_latex(shapes, height), format="latex")
    figure += nodes.raw("", room_svg(shapes, height), format="html")
    figure += nodes.paragraph(caption, caption, classes=["handbook-room-caption"])
    return [figure]


# -- {role-cards} ---------------------------------------------------------------------------


class role_cards(nodes.General, nodes.Element):
    """Placeholder: the role cards of a session (filled when the page is resolved)."""


class page_break(nodes.General, nodes.Element):
    """A new printed page (LaTeX); nothing on screen."""


class RoleCardsDirective(SphinxDirective):
    required_arguments = 1
    has_content = False

    def run(self):
        depends_on_others(self.env, self.env.docname, "role-cards")
        name = self.arguments[0].strip()
        doc_store(self.env, CARDS)[self.env.docname] = {"session": name, "line": self.lineno}
        node = role_cards(session=name)
        self.set_source_info(node)
        return [node]


def role_plays_of(env, session_doc: str) -> list[tuple[str, nodes.Element]]:
    """The role-plays a session's script runs: (label, the block in its chapter's doctree)."""
    std = env.domains.standard_domain
    found = []
    planned = session_steps(env, session_doc)  # a shorter version prints no cards for a dropped role-play
    kept = None if isinstance(planned, str) else {s["activity"] for s in planned if not s["dropped"]}
    for step in sessions(env).get(session_doc, {}).get("steps", []):
        label = step["activity"]
        if kept is not None and label not in kept:
            continue
        if not label or label not in std.labels:
            continue
        docname, labelid, _title = std.labels[label]
        block = next((b for b in env.get_doctree(docname).findall(handbook_block) if labelid in b["ids"]), None)
        if block is not None and block["kind"] == "role-play" and label not in [f[0] for f in found]:
            found.append((label, block))
    return found


def _public(block: nodes.Element) -> list[nodes.Node]:
    """What everyone reads of a role-play: its text outside briefs, sheets and answers (the edition
    boundary removes trainer material at any depth)."""
    return participant_children(block, skip=(nodes.title, nodes.field_list, handbook_block, notes_space))


def _clean(node: nodes.Node) -> nodes.Node:
    for inner in [node, *node.findall(nodes.Element)]:
        inner["ids"] = []
        inner["names"] = []
    return node


def _band(text: str) -> list[nodes.Node]:
    """A card's role in a dark band across its top, so a card on the wrong desk shows at a glance."""
    latex = (r"\par\noindent\colorbox{black}{\parbox{\dimexpr\linewidth-2\fboxsep\relax}{\centering"
             r"\color{white}\sffamily\bfseries\large " + tex_escape(text) + r"}}\par\medskip" + "\n")
    return [nodes.raw("", latex, format="latex"),
            nodes.raw("", f'<p class="handbook-card-band">{html.escape(text)}</p>', format="html")]


#: The height of all the writing boxes of an observer sheet together, in lines of text: the boxes
#: share it (at most 3 lines each), so a sheet of eight points still fits its page.
SHEET_BOX_LINES = 16


def _box(height: float = 3.0) -> list[nodes.Node]:
    """A framed box to write in (an observer sheet's step), ``height`` lines of text tall."""
    latex = (r"\par\nopagebreak\noindent\fbox{\parbox[t][" + f"{height:.2f}" + r"\baselineskip]"
             r"{\dimexpr\linewidth-2\fboxsep-0.8pt\relax}{\strut}}\par\smallskip" + "\n")
    return [nodes.raw("", latex, format="latex"),
            nodes.raw("", f'<div class="handbook-write-box" style="min-height: {height:.2f}em"></div>',
                      format="html")]


def _card(title: str, parts: list[nodes.Node], kind: str, band: str = "") -> list[nodes.Node]:
    card = nodes.container(classes=["handbook-role-card", f"handbook-card-{kind}"])
    if band:
        card += _band(band)
    card += nodes.rubric(title, title)
    for part in parts:
        card += _clean(part)
    return [page_break(), card]


def _field(brief: nodes.Element, name: str) -> nodes.definition | None:
    """A brief's definition under ``name`` (Goal, Background, Only you know ...), or None."""
    for item in brief.findall(nodes.definition_list_item):
        term = item.next_node(nodes.term)
        if term is not None and " ".join(term.astext().split()).rstrip(":").lower() == name.lower():
            return item.next_node(nodes.definition)
    return None


_STEP = re.compile(r"^\s*Step\s+(\d+)\b")


def _sheet_steps(sheet: nodes.Element) -> list[nodes.Node]:
    """The observer sheet's points, each followed by a box to write in."""
    out: list[nodes.Node] = []
    points = len(list(sheet.findall(nodes.list_item)))
    height = min(3.0, SHEET_BOX_LINES / max(points, 1))
    for child in sheet.children:
        if isinstance(child, nodes.title) or isinstance(child, notes_space):
            continue
        if isinstance(child, nodes.bullet_list):
            for item in child.children:
                if is_trainer(item):
                    continue
                out += participant_children(item)  # the edition boundary: no trainer note nested in a point
                out += _box(height)
        elif not is_trainer(child):
            out.append(participant_copy(child))
    return out


def sheet_order(sheet: nodes.Element) -> list[int]:
    """The step numbers an observer sheet's points name ("Step 2, ..."), in the sheet's order."""
    numbers = []
    for item in sheet.findall(nodes.list_item):
        match = _STEP.match(item.astext())
        if match:
            numbers.append(int(match[1]))
    return numbers


def _round_scene(briefs: list[nodes.Element], number: int) -> list[nodes.Node]:
    """What an observer of round ``number`` needs to know: each role's background (who the client is,
    what was proposed and chosen), never a brief's private part."""
    out: list[nodes.Node] = []
    for brief in [b for b in briefs if b["round"] == number]:
        background = _field(brief, "Background")
        if background is None:
            continue
        text = " ".join(participant_copy(background).astext().split())  # no trainer note nested in it
        para = nodes.paragraph()
        para += nodes.strong("", f"From the {brief['role'].lower()}'s card: ")
        para += nodes.Text(text)
        out.append(para)
    return out


def _cards(env, session_doc: str) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    sheets: list[nodes.Node] = []
    for _label, block in role_plays_of(env, session_doc):
        briefs = [c for c in block.children if isinstance(c, handbook_block) and c["kind"] == "role-brief"]
        scenario = _public(block)
        for brief in sorted(briefs, key=lambda b: (b["round"], b.parent.index(b))):
            body = participant_children(brief, skip=(nodes.title,))  # not a trainer note nested in it
            rounds = f", round {brief['round']}" if len(briefs) > len({b["role"] for b in briefs}) else ""
            head = nodes.paragraph("", "", nodes.strong("", "Everyone knows"))
            mine = nodes.paragraph("", "", nodes.strong("", "Your brief (keep this card to yourself)"))
            out += _card(f"{brief['role']}{rounds}: {block['title']}",
                         [head, *(n.deepcopy() for n in scenario), mine, *body], "role",
                         band=f"{brief['role'].upper()}{rounds.upper()}: do not show this card")
        rounds = int(block.get("data", {}).get("rounds", "1"))
        for sheet in [c for c in block.children if isinstance(c, handbook_block) and c["kind"] == "observer-sheet"]:
            for number in range(1, rounds + 1):  # whoever observes a round needs a fresh sheet
                suffix = f", round {number}" if rounds > 1 else ""
                sheets += _card(f"Observer{suffix}: {block['title']}",
                                [*_round_scene(briefs, number), *_sheet_steps(sheet)],
                                "observer", band=f"OBSERVER{suffix.upper()}: your notes for the feedback")
    if not out:
        return [nodes.paragraph("", "This session runs no role-play, so it has no role cards.")]
    cards = len(out) // 2 + len(sheets) // 2
    intro = (f"Print one set per group on one side of the paper only: a card printed on the back of another "
             f"would show one player the other's secret. A set is {cards} cards, one per page (each role in "
             f"each round, then an observer sheet for each round); the band at the top of each page names whose "
             f"card it is. Give each player only their own card, one round at a time.")
    return [nodes.raw("", CARD_PAGES, format="latex"),
            nodes.paragraph(intro, intro, classes=["handbook-cards-intro"]), *out, *sheets]


class FillRoleCards(SphinxPostTransform):
    """Replace ``{role-cards}`` with the cards, before references are resolved,
    so links inside a brief work as they do in the chapter."""

    default_priority = order.PULL_BLOCKS

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(role_cards)):
            cards = _cards(self.env, f"sessions/{node['session']}")
            for card in cards:
                for xref in card.findall(addnodes.pending_xref):
                    xref["refdoc"] = self.env.docname
            node.replace_self(cards)


#: Role cards are handed out: their pages carry no trainer mark (latex.py's
#: \handbookmark, switched off before them).
CARD_PAGES = r"\ifdefined\handbookmarkfalse\global\handbookmarkfalse\fi"

#: What the deck's keys do, as the guide and the run sheet say it.
TIMER_KEYS = "T starts or pauses the timer, + and - give the phase a minute more or less, M turns the sound off or on"


def on_screen(env, steps: list[dict[str, Any]], index: int) -> str:
    """Which slides of the deck go with the script step ``steps[index]``, by their titles (``slides.plan``
    names them the same way), and the keys that run its timer."""
    std = env.domains.standard_domain
    step = steps[index]
    label = step.get("activity") or ""
    block = None
    if label in std.labels:
        docname, labelid, _title = std.labels[label]
        block = next((b for b in env.get_doctree(docname).findall(handbook_block) if labelid in b["ids"]), None)
    private = block is not None and (block["kind"] in ("role-brief", "observer-sheet", "model-answer", "trainer-note")
                                     or "handbook-trainer-only" in block["classes"])
    if block is None or private:
        opening = "the title, \u201cObjectives\u201d and \u201cAgenda\u201d slides, then " if index == 0 else ""
        return f"{opening}the slide \u201c{step['title']}\u201d."
    title = block["title"]
    rounds = int(block.get("data", {}).get("rounds", "1")) if block["kind"] == "role-play" else 1
    timer = (f"\u201cRound 1 of {rounds}: {title}\u201d to \u201cRound {rounds} of {rounds}\u201d, one a round"
             if rounds > 1 else f"\u201cTimer: {title}\u201d")
    text = f"\u201cSet-up: {title}\u201d, then {timer}. {TIMER_KEYS}."
    following = steps[index + 1].get("activity") if index + 1 < len(steps) else ""
    if following not in std.labels or "the slide" not in on_screen(env, steps, index + 1):
        text += f" Then \u201cDebrief: {title}\u201d."  # no debrief step of its own follows
    return text


class OnScreen(SphinxPostTransform):
    """Each script step of a facilitator guide says which slides go with it and which keys to press."""

    default_priority = order.PULL_BLOCKS + 1

    def run(self, **kwargs) -> None:
        record = sessions(self.env).get(self.env.docname)
        if not record or "minutes" not in record:
            return
        nodes_ = [n for n in self.document.findall(handbook_block) if n["kind"] == "script-step"]
        for index, node in enumerate(nodes_[:len(record["steps"])]):
            line = nodes.paragraph(classes=["handbook-on-screen"])
            line += nodes.strong("", "On screen: ")
            line += nodes.Text(on_screen(self.env, record["steps"], index))
            node.insert(1 if node.children and isinstance(node.children[0], nodes.title) else 0, line)


def _script_definition(node: nodes.Element, name: str, create: bool = False) -> nodes.definition | None:
    """The definition under the script term ``name`` in a step (made, at the end, with ``create``)."""
    lists = [c for c in node.children if isinstance(c, nodes.definition_list)]
    for dlist in lists:
        for item in dlist.children:
            term = item.next_node(nodes.term)
            if term is not None and " ".join(term.astext().split()).upper().rstrip(":") == name:
                return item.next_node(nodes.definition)
    if not create:
        return None
    if not lists:
        lists = [nodes.definition_list(classes=["handbook-script"])]
        node += lists[0]
    item = nodes.definition_list_item()
    item += nodes.term(name, name, classes=["handbook-script-" + name.lower().replace(" ", "-")])
    definition = nodes.definition()
    item += definition
    lists[-1] += item
    return definition


def _remove_script_item(node: nodes.Element, name: str) -> None:
    definition = _script_definition(node, name)
    if definition is not None:
        definition.parent.parent.remove(definition.parent)


def _page_of(env, node: nodes.Node) -> str:
    """The page a node was written on (in a book PDF all pages share one doctree)."""
    return (env.path2doc(node.source) if node.source else None) or env.docname


class ApplyLength(SphinxPostTransform):
    """A facilitator guide as this build runs it: the timer's IF RUNNING LATE and IF TIME ALLOWS lines
    from the phases' ranges; with ``make kit LENGTH=N``, the steps, headings, agenda, timer lines and
    the activities' times of the shorter or longer version, and what it changes in each step."""

    default_priority = order.PULL_BLOCKS + 2

    def run(self, **kwargs) -> None:
        env, docname = self.env, self.env.docname
        record = sessions(env).get(docname)
        # In a book PDF every page is in one doctree: each table is made for the page it was written on.
        for node in list(self.document.findall(room_plan)):
            node.replace_self(room_nodes(env, _page_of(env, node)))
        for node in list(self.document.findall(rotation_table)):
            node.replace_self(rotation_nodes(env, _page_of(env, node)))
        for node in list(self.document.findall(session_lengths)):
            if "minutes" not in sessions(env).get(_page_of(env, node), {}):
                warn("session", "a {session-lengths} table needs the page's {session} block and script", node)
            node.replace_self(lengths_table(env, _page_of(env, node)))
        if not record or "minutes" not in record:
            return
        steps = session_steps(env, docname)
        if isinstance(steps, str):
            return  # reported with file and line by the consistency check
        length = session_length(env, docname)
        nodes_ = [n for n in self.document.findall(handbook_block) if n["kind"] == "script-step"]
        rows, elapsed = [], 0
        for node, step in zip(nodes_, steps):
            # A step's heading never ends a printed page: its box starts where eight lines still fit.
            node.parent.insert(node.parent.index(node), nodes.raw("", "\\needspace{8\\baselineskip}\n",
                                                                  format="latex"))
            lines = step_lines(env, step, length)
            if step["dropped"]:
                note = nodes.paragraph(classes=["handbook-variant", "handbook-dropped"])
                note += nodes.strong("", f"{step['title']} ({step['written']} min): ")
                note += nodes.Text(lines["version"])
                node.replace_self(note)
                continue
            for name in lines["done"]:
                _remove_script_item(node, name)
            for name, text in lines["timer"].items():
                definition = _script_definition(node, name, create=True)
                definition += nodes.paragraph(text, text, classes=["handbook-timer-keys"])
            if length is not None:
                title = node.next_node(nodes.title)
                if title is not None:
                    title.clear()
                    title += nodes.Text(f"{clock(elapsed)} \u00b7 {step['title']} ({step['minutes']} min)")
                for line in [p for p in node.children if isinstance(p, nodes.paragraph)
                             and "handbook-phases" in p["classes"]]:
                    line.clear()
                    line += nodes.strong("", "On the timer: ")
                    line += nodes.Text("; ".join(f"{label} ({m} min)" for label, m in step["phases"]) + ".")
                if lines["version"]:
                    para = nodes.paragraph(classes=["handbook-variant"])
                    para += nodes.strong("", f"In this {length}-minute version: ")
                    para += nodes.Text(lines["version"])
                    node.insert(1 if node.children and isinstance(node.children[0], nodes.title) else 0, para)
            rows.append((elapsed, step["minutes"], nodes.paragraph("", step["title"])))
            elapsed += step["minutes"]
        if length is None:
            return
        for table in [t for t in self.document.findall(nodes.table) if "handbook-agenda" in t["classes"]]:
            fresh = agenda_table(rows, length)
            fresh.source, fresh.line = table.source, table.line
            table.replace_self(fresh)
        for field in self.document.findall(nodes.field):
            if field[0].astext() == "Length" and "handbook-parts" in field.parent["classes"]:
                text = f"{length} minutes (this kit's version; the session is written for {record['minutes']})"
                field[1].clear()
                field[1] += nodes.paragraph(text, text)
        self._activity_times(steps, length)
        self._dropped_activities(steps, length)

    def _dropped_activities(self, steps: list[dict[str, Any]], length: int) -> None:
        """A version that drops a step prints one line where its pulled activity was, not the activity:
        its scenario, briefs and observer sheet would be pages of what the trainer does not run."""
        played = {self._activity_key(step) for step in steps if not step["dropped"]}
        gone = {self._activity_key(step) for step in steps if step["dropped"]} - played - {None}
        for block in list(self.document.findall(handbook_block)):
            if block.get("pulled_with") in gone and block.parent is not None:
                block.parent.remove(block)
        for block in list(self.document.findall(handbook_block)):
            if "handbook-pulled" not in block["classes"] or block.get("pulled_key") not in gone:
                continue
            title, chapter = block["pulled_key"].split("\n", 1)
            note = nodes.paragraph(classes=["handbook-variant", "handbook-dropped"])
            note += nodes.strong("", f"{title}, from {chapter}: ")
            note += nodes.Text(f"dropped from the {length}-minute version, with its step in the script.")
            block.replace_self(note)

    def _activity_key(self, step: dict[str, Any]) -> str | None:
        """The step's activity as its pulled copy names it (``pulled_key``): title and chapter, since two
        chapters' debrief notes may both be titled "Debrief"; None for a step that runs no activity."""
        label = step.get("activity") or ""
        block = _activity_block(self.env, label)
        if block is None:
            return None
        docname = self.env.domains.standard_domain.labels[label][0]
        chapter = self.env.titles[docname].astext() if docname in self.env.titles else docname
        return f"{block['title']}\n{chapter}"

    def _activity_times(self, steps: list[dict[str, Any]], length: int) -> None:
        """A pulled activity's Time is the step's minutes in this version; its own text keeps the chapter's."""
        by_key = {self._activity_key(step): step for step in steps if not step["dropped"]}
        for block in self.document.findall(handbook_block):
            step = by_key.get(block.get("pulled_key"))
            if step is None or "handbook-pulled" not in block["classes"] or step["minutes"] == step["written"]:
                continue
            for field in block.findall(nodes.field):
                if field[0].astext().strip().lower() in ("time", "minutes"):
                    text = (f"{step['minutes']} minutes in this {length}-minute version ({step['written']} as "
                            f"written; where the text below gives times, follow the script's timer line)")
                    field[1].clear()
                    field[1] += nodes.paragraph(text, text)


_UNDER = " (under \u201cYou will be able to\u201d)"


class PulledReferences(SphinxPostTransform):
    """A block pulled onto another page (a facilitator guide, a handout) says which chapter's objectives
    it practices: that page has no "You will be able to" section of its own. On a facilitator guide,
    the blocks inside it (briefs, observer sheet, model answer) follow it rather than sit inside it."""

    default_priority = order.PULL_BLOCKS + 1

    def run(self, **kwargs) -> None:
        guide = "minutes" in sessions(self.env).get(self.env.docname, {})
        for block in list(self.document.findall(handbook_block)):
            if "handbook-pulled" not in block["classes"]:
                continue
            origin = next((p for p in block.findall(nodes.paragraph) if "handbook-from" in p["classes"]), None)
            chapter = origin.astext().removeprefix("From ").strip() if origin is not None else "its chapter"
            # Which activity this is: two chapters' debrief notes may both be titled "Debrief".
            block["pulled_key"] = f"{block['title']}\n{chapter}"
            if guide:
                # In print a box inside a box cannot break across pages, so a long brief or model answer
                # would run off the page: on a facilitator guide they follow their activity's box instead.
                inner = [c for c in block.children if isinstance(c, handbook_block)]
                for child in inner:
                    block.remove(child)
                    child["pulled_with"] = block["pulled_key"]  # a version that drops the activity drops them too
                block.parent.insert(block.parent.index(block) + 1, inner)
            for text in list(block.findall(nodes.Text)):
                if _UNDER in text:
                    named = text.replace(_UNDER, f" of the chapter \u201c{chapter}\u201d")
                    text.parent.replace(text, nodes.Text(named))


KIT_FILES = (("facilitator guide", "facilitator-guide.pdf"), ("run sheet", "run-sheet.pdf"),
             ("handout", "handout.pdf"), ("role cards", "role-cards.pdf"), ("slides", "slides.pdf"),
             ("speaker notes", "speaker-notes.pdf"), ("what to print", "README.txt"))


def _kit_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On a session's web page, links to its kit (``make kit``), under the header."""
    if app.builder.name not in ("html", "dirhtml") or "minutes" not in sessions(app.env).get(docname, {}):
        return
    header = next((n for n in doctree.findall(handbook_block) if n["kind"] == "session"), None)
    if header is None:
        return
    name = docname.rsplit("/", 1)[-1]
    line = nodes.paragraph(classes=["handbook-kit-links"])
    line += nodes.strong("", "Session kit (make kit): ")
    for index, (label, filename) in enumerate(KIT_FILES):
        if index:
            line += nodes.Text(" \u00b7 ")
        url = relative_to_root(app, docname, f"{app.config.handbook_kit_url}{name}/{filename}")
        line += nodes.reference(label, label, refuri=url, internal=False)
    header += line
    deck = nodes.paragraph(classes=["handbook-deck-link"])
    deck += nodes.strong("", "Slides (make slides): ")
    url = relative_to_root(app, docname, f"{app.config.handbook_slides_url}{name}/index.html")
    deck += nodes.reference("", "open the deck", refuri=url, internal=False)
    deck += nodes.Text(" (S: speaker view with the script's notes; on a timer slide T starts or pauses the "
                       "timer, R resets it, + and - give a minute more or less, M turns the sound off or on)")
    header += deck


# -- {feedback-form} ------------------------------------------------------------------------


class FeedbackFormDirective(SphinxDirective):
    has_content = False

    def run(self):
        form = nodes.container(classes=["handbook-feedback"])
        form += nodes.rubric("Your feedback", "Your feedback")
        heading = self.state.document.next_node(nodes.title)
        session = heading.astext().removeprefix("Handout: ") if heading is not None else ""
        line = nodes.paragraph(classes=["handbook-feedback-session"])
        line += nodes.strong("", "Session: ")
        line += nodes.Text(session or "________________________________")
        line += nodes.strong("", "    Date: ")
        line += nodes.Text("____________________")
        form += line
        intro = ("Tick one box per line (1 = disagree, 5 = agree), answer the question, and hand this page "
                 "to the trainer. You do not need to give your name.")
        form += nodes.paragraph(intro, intro)
        table = nodes.table(classes=["handbook-feedback-table"])
        group = nodes.tgroup(cols=6)
        table += group
        for width in (60, 8, 8, 8, 8, 8):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        group += head
        row = nodes.row()
        for text in ("", "1", "2", "3", "4", "5"):
            row += nodes.entry("", nodes.paragraph("", text))
        head += row
        body = nodes.tbody()
        group += body
        for statement in FEEDBACK_STATEMENTS:
            row = nodes.row()
            row += nodes.entry("", nodes.paragraph(statement, statement))
            for _ in range(5):
                row += nodes.entry("", nodes.paragraph("", "\u2610"))
            body += row
        form += table
        form += notes_space(lines=5, label="What one change would make this session more useful to you?")
        self.set_source_info(form)
        return [page_break(), form]


# -- checks and the kit manifest ------------------------------------------------------------


#: A brief may share no run of this many words with another role's secret or the answer key's strong moves.
GIVEAWAY_WORDS = 5
_WORD = re.compile(r"[a-z0-9$%']+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def shared_run(text: str, other: str, size: int = GIVEAWAY_WORDS) -> str:
    """The longest run of at least ``size`` words that ``text`` and ``other`` share, or ''."""
    a, b = _words(text), _words(other)
    grams = {tuple(b[i:i + size]) for i in range(len(b) - size + 1)}
    best = ""
    for i in range(len(a) - size + 1):
        if tuple(a[i:i + size]) in grams:
            j, flat = i + size, f" {' '.join(b)} "
            while j < len(a) and f" {' '.join(a[i:j + 1])} " in flat:
                j += 1
            if j - i > len(best.split()):
                best = " ".join(a[i:j])
    return best


def strong_moves(note: nodes.Element) -> list[str]:
    """An answer key's strong moves: in a debrief note, what follows 'Strong:' in a paragraph."""
    found = []
    for para in note.findall(nodes.paragraph):
        text = " ".join(para.astext().split())
        if "Strong:" in text:
            found.append(text.split("Strong:", 1)[1].strip())
    return found


def giveaways(block: nodes.Element, notes: list[nodes.Element]) -> list[tuple[nodes.Element, str]]:
    """(brief, what is wrong) for every brief that shares a run of words with another role's
    'Only you know' or, for the role who practices (the first of ``:roles:``), with the strong moves
    of the role-play's answer key (``notes``)."""
    briefs = [c for c in block.children if isinstance(c, handbook_block) and c["kind"] == "role-brief"]
    moves = [(move, "the answer key's strong moves") for note in notes for move in strong_moves(note)]
    practising = block.get("data", {}).get("roles", "").split(",")[0].strip().lower()
    found = []
    for brief in briefs:
        text = " ".join(c.astext() for c in brief.children if not isinstance(c, nodes.title))
        secrets = []
        for other in briefs:
            private = _field(other, "Only you know")
            if other["role"].lower() != brief["role"].lower() and private is not None:
                secrets.append((private.astext(), f"the {other['role']}'s 'Only you know', round {other['round']}"))
        # The strong moves are what the first role (the one who practices) should find in the call.
        for other_text, where in secrets + (moves if brief["role"].lower() == practising else []):
            run = shared_run(text, other_text)
            if run:
                found.append((brief, f"the {brief['role']}'s brief, round {brief['round']}, of '{block['title']}' "
                                     f"gives away \"{run}\", which is in {where}; a brief holds what its player "
                                     f"knows and wants, never the move the exercise practices: reword it"))
                break
    return found


def _check_role_plays(app: Sphinx, doctree: nodes.document) -> None:
    """A chapter's role-plays: no giveaway in a brief, observer sheets in the chapter's step order."""
    blocks = [b for b in doctree.findall(handbook_block) if b["kind"] == "role-play"]
    if not blocks:
        return
    notes = [b for b in doctree.findall(handbook_block) if b["kind"] == "trainer-note"]
    for block in blocks:
        for brief, message in giveaways(block, notes):
            warn("role-brief", message, brief)
        for sheet in [c for c in block.children if isinstance(c, handbook_block) and c["kind"] == "observer-sheet"]:
            order_ = sheet_order(sheet)
            if order_ != sorted(order_):
                warn("observer-sheet", f"the observer sheet of '{block['title']}' names the steps in the order "
                                       f"{', '.join(map(str, order_))}; list them in the chapter's order "
                                       f"({', '.join(map(str, sorted(order_)))}) so the observer follows the call",
                     sheet)


def _block_minutes(block: nodes.Element) -> int | None:
    """The minutes a block states in its header (Time or Minutes), if any."""
    for field in block.findall(nodes.field):
        name = field[0].astext().strip().lower()
        if name in ("time", "minutes"):
            match = re.match(r"\s*(\d+)", field[1].astext())
            return int(match[1]) if match else None
    return None


def _check(app: Sphinx, env) -> None:
    std = env.domains.standard_domain
    for docname, record in sorted(sessions(env).items()):
        for step in record.get("steps", []):
            if step["activity"] and step["activity"] not in std.labels:
                warn("session", f"the step '{step['title']}' runs ':activity: {step['activity']}', but no block "
                                f"has that label; give the block ':name: {step['activity']}' or correct the label",
                     (docname, step["line"]))
            elif step["activity"]:
                block_doc, labelid, _title = std.labels[step["activity"]]
                block = next((b for b in env.get_doctree(block_doc).findall(handbook_block) if labelid in b["ids"]),
                             None)
                minutes = _block_minutes(block) if block is not None else None
                if minutes is not None and minutes != step["minutes"]:
                    warn("session", f"the step '{step['title']}' gives '{step['activity']}' {step['minutes']} "
                                    f"minutes, but the block says {minutes} ({block_doc}.md); make the block's "
                                    f":minutes: the agenda's", (docname, step["line"]))
        if session_length(env, docname) is not None:
            steps = session_steps(env, docname)
            if isinstance(steps, str):
                warn("session", f"make kit LENGTH={env.config.handbook_session_length}: {steps}",
                     (docname, record["line"]))
    for docname, record in sorted(doc_store(env, CARDS).items()):
        target = f"sessions/{record['session']}"
        if "minutes" not in sessions(env).get(target, {}):
            warn("role-cards", f"'{record['session']}' is not a session (no {{session}} block in "
                               f"{target}.md); name the session page the cards are for", (docname, record["line"]))


def _latex_page_break(self, node) -> None:
    self.body.append("\n\\clearpage\n")
    raise nodes.SkipNode


def _skip(self, node) -> None:
    raise nodes.SkipNode


#: A session's name becomes a folder (kit/<name>/, slides/<name>/): letters, digits, '-' and '_' only.
SESSION_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")


def bad_session_files(srcdir: Path) -> list[Path]:
    """Session pages whose names cannot be a kit's or a deck's folder (``...md`` would be '..')."""
    folder = Path(srcdir) / "sessions"
    return [p for p in sorted(folder.glob("*.md")) if not SESSION_NAME.fullmatch(p.stem)] if folder.is_dir() else []


def kit_documents(srcdir: Path) -> list[tuple[str, str, str]]:
    """(session name, facilitator guide page, role cards page) for every session in ``sessions/``."""
    folder = srcdir / "sessions"
    return [(p.stem, f"sessions/{p.stem}", f"sessions/cards/{p.stem}")
            for p in sorted(folder.glob("*.md")) if p.stem != "index" and SESSION_NAME.fullmatch(p.stem)] \
        if folder.is_dir() else []


def manifest(app: Sphinx) -> dict[str, Any]:
    """What the kit's README.txt needs: per session, the materials and the role-plays' shape."""
    env = app.env
    out = {}
    for name, guide, _cards_page in kit_documents(Path(app.srcdir)):
        record = sessions(env).get(guide, {})
        plays = []
        for label, block in role_plays_of(env, guide):
            roles = [r.strip() for r in block.get("data", {}).get("roles", "").split(",") if r.strip()]
            rounds = int(block.get("data", {}).get("rounds", "1"))
            observers = rounds * sum(1 for c in block.children
                                     if isinstance(c, handbook_block) and c["kind"] == "observer-sheet")
            plays.append({"label": label, "title": block["title"], "roles": roles, "rounds": rounds,
                          "observer_sheets": observers})
        out[name] = {"title": env.titles[guide].astext() if guide in env.titles else name,
                     **{k: record.get(k) for k in ("minutes", "audience", "group_size", "group", "room", "materials")},
                     "written_minutes": record.get("minutes"), "role_plays": plays}
        if session_length(env, guide) is not None:
            out[name]["minutes"] = session_length(env, guide)
    return out


def _write_manifest(app: Sphinx, exception) -> None:
    if exception is None and app.builder.name == "latex" and app.config.handbook_latex_kit:
        atomic_write(Path(app.outdir) / "kit-manifest.json", json.dumps(manifest(app), indent=1, sort_keys=True))


def setup_kit(app: Sphinx) -> None:
    app.add_config_value("handbook_latex_kit", False, "env", types=[bool],
                         description="build the session kits' facilitator guides and role cards instead of the book")
    app.add_config_value("handbook_session_length", 0, "env", types=[int],
                         description="make kit LENGTH=N: cut or lengthen every session to N minutes (0: as written)")
    app.add_config_value("handbook_session_lengths", [45, 60, 90], "env", types=[list],
                         description="the lengths a session page's {session-lengths} table shows")
    app.add_directive("session", SessionDirective)
    app.add_directive("session-lengths", SessionLengthsDirective)
    app.add_directive("rotation", RotationDirective)
    app.add_directive("room-plan", RoomPlanDirective)
    app.add_node(room_plan)
    app.add_config_value("handbook_kit_people", 0, "", types=[int],
                         description="make kit GROUP=N: the number of people the room plan is drawn for (0: the top "
                                     "of the session's range)")
    app.add_node(rotation_table)
    app.add_node(session_lengths)
    app.add_directive("script-step", ScriptStep)
    app.add_directive("role-cards", RoleCardsDirective)
    app.add_directive("group-plan", GroupPlanDirective)
    app.add_directive("feedback-form", FeedbackFormDirective)
    app.add_node(role_cards)
    app.add_node(page_break, html=(_skip, None), latex=(_latex_page_break, None), text=(_skip, None),
                 man=(_skip, None), texinfo=(_skip, None))
    app.connect("doctree-read", _fill_script, priority=order.SESSION_SCRIPT)
    app.connect("doctree-read", _check_role_plays)
    app.add_config_value("handbook_kit_url", "../../kit/", "html", types=[str],
                         description="where make kit puts the kits, relative to the trainer site's root")
    app.add_config_value("handbook_slides_url", "../../slides/", "html", types=[str],
                         description="where make slides puts the decks, relative to the trainer site's root")
    app.add_post_transform(FillRoleCards)
    app.add_post_transform(PulledReferences)
    app.add_post_transform(OnScreen)
    app.add_post_transform(ApplyLength)
    app.connect("doctree-resolved", _kit_links)
    app.connect("env-check-consistency", _check)
    app.connect("build-finished", _write_manifest)
