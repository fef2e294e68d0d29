"""Training sessions: a checked agenda, blocks pulled in from chapters, and
space to write.

``{agenda}`` takes the session length and one bullet per item, each starting
with its minutes::

    :::{agenda}
    :minutes: 75
    - 10 min: Welcome and objectives
    - 25 min: Role-play, {ref}`rp-first-month-reset`
    ...
    :::

It renders a table with each item's start time, and when the items do not add
up to the session length (or an item has no minutes) it is a typed warning
``handbook.agenda`` naming the file and line, so the strict build fails.

``{use-block} label`` pulls a labeled block (an exercise, a role-play, a
template, a checklist, key takeaways, a trainer note) into the page at build
time, with a line saying which chapter it comes from: session plans and
handouts never copy a chapter's text. An unknown label is a typed warning
``handbook.use-block``. A trainer note pulled into a participant page is
dropped like any other trainer note.

``{notes-space}`` leaves ruled lines to write on in print (``:lines:``,
default 6) and a framed space on screen.
"""

from __future__ import annotations

import re
from fnmatch import fnmatch

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from handbook.editions import TRAINER
from handbook.sphinxext import order
from handbook.sphinxext.blocks import handbook_block, notes_space
from handbook.sphinxext.editions import is_trainer, participant_copy
from handbook.sphinxext.listings import depends_on_others
from handbook.sphinxext.problems import warn
from handbook.sphinxext.safety import bounded

_ITEM = re.compile(r"^\s*(?P<minutes>\d+)\s*(?:min(?:utes?)?)?\s*[:.\-\u2013|]\s*", re.I)


class agenda_from_script(nodes.General, nodes.Element):
    """Placeholder: the agenda of the page's facilitator script (filled by kit.py)."""


class AgendaDirective(SphinxDirective):
    has_content = True
    option_spec = {"minutes": bounded("minutes")}

    def warn(self, message: str, lineno: int | None = None) -> None:
        warn("agenda", message, (self.env.docname, lineno or self.lineno))

    def run(self):
        if not self.content and "minutes" not in self.options:
            # A session with a script: the agenda is made from its steps.
            node = agenda_from_script()
            self.set_source_info(node)
            return [node]
        total = self.options.get("minutes")
        if total is None:
            self.warn("give the session length, for example ':minutes: 90'")
            return []
        holder = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, holder)
        items = [item for bullet in holder.findall(nodes.bullet_list) for item in bullet.children]
        if not items:
            self.warn("write the agenda as a bullet list, one '- 10 min: Activity' per item")
            return []
        rows, elapsed = [], 0
        for index, item in enumerate(items):
            paragraph = item.next_node(nodes.paragraph)
            first = paragraph.children[0] if paragraph is not None and paragraph.children else None
            match = _ITEM.match(first.astext()) if isinstance(first, nodes.Text) else None
            lineno = self.content_offset + 1 + index
            if match is None:
                self.warn(f"item {index + 1} does not start with its minutes ('- 10 min: ...')", item.line or lineno)
                return []
            minutes = int(match["minutes"])
            rest = first.astext()[match.end():]
            paragraph.replace(first, nodes.Text(rest))
            rows.append((elapsed, minutes, paragraph))
            elapsed += minutes
        if elapsed != total:
            self.warn(f"the items add up to {elapsed} minutes, but the session is {total} minutes; "
                      f"change the items or ':minutes:'")
        table = agenda_table(rows, total)
        self.set_source_info(table)
        return [table]


def agenda_table(rows: list[tuple[int, int, nodes.Element]], total: int) -> nodes.table:
    """The agenda as a table: start, minutes, activity; then the end time."""
    table = nodes.table(classes=["handbook-agenda"])
    group = nodes.tgroup(cols=3)
    table += group
    for width in (12, 12, 76):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    head += _row("Start", "Minutes", nodes.paragraph("", "Activity"))
    body = nodes.tbody()
    group += body
    for start, minutes, paragraph in rows:
        body += _row(clock(start), str(minutes), paragraph)
    body += _row(clock(total), "", nodes.paragraph("", "End"))
    return table


def clock(minutes: int) -> str:
    """Minutes from the start as h:mm."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def _row(start: str, minutes: str, activity: nodes.Element) -> nodes.row:
    row = nodes.row()
    for cell in (nodes.paragraph("", start), nodes.paragraph("", minutes), activity):
        row += nodes.entry("", cell)
    return row


class use_block(nodes.General, nodes.Element):
    """Placeholder for a block pulled in from a chapter."""


class UseBlockDirective(SphinxDirective):
    required_arguments = 1
    has_content = False

    def run(self):
        # Re-read when any page changes, so the pulled copy is never stale.
        depends_on_others(self.env, self.env.docname, "use-block")
        node = use_block(target=self.arguments[0])
        self.set_source_info(node)
        return [node]


class PullBlocks(SphinxPostTransform):
    """Replace ``use_block`` placeholders with copies of the labeled blocks.

    Runs before ``{chapter}`` links are numbered and references are resolved
    (``order.PULL_BLOCKS``), so links inside the copied block read and resolve
    as they do in the chapter.
    """

    default_priority = order.PULL_BLOCKS

    def run(self, **kwargs) -> None:
        std = self.env.domains.standard_domain
        for node in list(self.document.findall(use_block)):
            target = node["target"]
            found = std.labels.get(target)
            block = None
            if found:
                docname, labelid, _title = found
                doctree = self.env.get_doctree(docname)
                block = next((b for b in doctree.findall(handbook_block) if labelid in b["ids"]), None)
            if block is None:
                warn("use-block", f"no block is labeled '{target}'; give the block ':name: {target}'", node)
                node.replace_self([])
                continue
            public_page = any(fnmatch(self.env.docname, p) for p in self.config.handbook_participant_pages)
            if is_trainer(block) and (self.config.handbook_edition != TRAINER or public_page):
                node.replace_self([])
                continue
            if public_page or self.config.handbook_edition != TRAINER:
                # A handout is what a participant keeps, in either edition: no
                # private briefs, observer sheets or model answers (the edition boundary).
                pulled = participant_copy(block)
            else:
                pulled = block.deepcopy()  # docutils' copy: copy.deepcopy would follow .parent
                # A handout has its own notes space at the end: an exercise's
                # ruled lines would only split its box across pages.
                for lines in list(pulled.findall(notes_space)):
                    lines.parent.remove(lines)
            # The chapter keeps the anchor; the copy links back to it.
            for inner in [pulled, *pulled.findall(nodes.Element)]:
                inner["ids"] = []
                inner["names"] = []
            for xref in pulled.findall(addnodes.pending_xref):
                xref["refdoc"] = self.env.docname
            pulled["classes"].append("handbook-pulled")
            if not isinstance(pulled.children[0], nodes.title):
                # Under its chapter's heading the block needs no title; here it does.
                pulled.insert(0, nodes.title(pulled["title"], pulled["title"]))
            chapter = self.env.titles[docname].astext() if docname in self.env.titles else docname
            source = nodes.paragraph(classes=["handbook-from"])
            source += nodes.Text("From ")
            # Explicit text: a handout's PDF does not contain the chapter, and
            # LaTeX then prints the link text alone.
            source += addnodes.pending_xref(
                "", nodes.inline("", chapter), refdomain="std", reftype="doc", reftarget="/" + docname,
                refexplicit=True, refdoc=self.env.docname, refwarn=True,
            )
            # Under the title, not at the end: a box's last line can be pushed alone onto the next page, where
            # it reads as a stray fragment (check-print's leftover-fragment rule); under its title it cannot.
            pulled.insert(1, source)
            node.replace_self(pulled)


class NotesSpaceDirective(SphinxDirective):
    """Ruled lines to write on: ``:lines: N``, or ``:fill:`` down to the foot of the printed page."""

    has_content = False
    option_spec = {"lines": bounded("lines"), "fill": directives.flag}

    def run(self):
        node = notes_space(lines=self.options.get("lines", 6), fill="fill" in self.options)
        self.set_source_info(node)
        return [node]


def setup_sessions(app: Sphinx) -> None:
    app.add_config_value("handbook_participant_pages", ["handouts/*"], "env", types=[list],
                         description="pages (fnmatch patterns) that never hold trainer material, in either edition")
    app.add_directive("agenda", AgendaDirective)
    app.add_node(use_block)
    app.add_node(agenda_from_script)
    app.add_directive("use-block", UseBlockDirective)
    app.add_post_transform(PullBlocks)
    app.add_directive("notes-space", NotesSpaceDirective)
