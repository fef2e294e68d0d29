"""The content model: the handbook's semantic blocks.

Each block is a directive used from MyST with colon fences::

    :::{template} Kickoff email
    :name: tpl-kickoff-email
    Subject: How we will work together
    ...
    :::

and becomes a ``handbook_block`` node, a subclass of docutils' generic
admonition, so every builder (HTML, EPUB, LaTeX, text) renders it as a framed
block with its title, and the handbook's CSS and LaTeX styles tell the kinds
apart. A ``:name:`` label works with ``{ref}`` from any page, and the link
text is the block's title.

Misuse (an unknown option, a missing title, an empty body, a missing role-play
part) is a typed warning ``handbook.<kind>`` naming the file and line, so the
strict build fails on it.

Every block is recorded in the environment (``env.handbook_blocks``), which the
listing pages (all templates, all checklists, all exercises) read; the records
are purged and merged per document so parallel builds stay correct.
"""

from __future__ import annotations

import html
import re
from fnmatch import fnmatch
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from handbook.sphinxext import order
from handbook.sphinxext.envdata import doc_store
from handbook.sphinxext.problems import warn
from handbook.sphinxext.safety import LIMITS, bounded


#: Blocks whose titles go into the index and the search index.
INDEXED_KINDS = ("template", "checklist", "exercise", "role-play", "talk-track")
OBJECT_TYPE = "handbook-block"
STORE = "handbook_blocks"


class handbook_block(nodes.admonition):
    """A block of the content model; ``node['kind']`` says which."""


class notes_space(nodes.General, nodes.Element):
    """Ruled lines to write on in print; a framed space on screen."""


def _html_notes(self, node):
    label = html.escape(node.get("label", "Notes"))
    self.body.append(f'<div class="handbook-notes" style="--lines: {node["lines"]}"><p>{label}</p></div>\n')
    raise nodes.SkipNode


def _latex_notes(self, node):
    label = self.encode(node.get("label", "Notes"))
    if node.get("fill"):
        self.body.append(f"\n\\handbooknotesfill[{label}]\n")
    else:
        self.body.append(f"\n\\handbooknotes[{label}]{{{node['lines']}}}\n")
    raise nodes.SkipNode


def _html_block_visit(self, node: "handbook_block") -> None:
    """An admonition, with ``data-*`` attributes (a role brief's ``data-role``)."""
    if not node.get("data"):
        return self.visit_admonition(node)
    data = {f"data-{key}": value for key, value in sorted(node["data"].items())}
    self.body.append(self.starttag(node, "div", CLASS="admonition ", **data))
    self.context.append("</div>\n")


def _html_block_depart(self, node: "handbook_block") -> None:
    self.depart_admonition(node)


def _skip(self, node):
    raise nodes.SkipNode


class spoken_words(nodes.literal_block):
    """Words a rep says, word for word (a talk track's Say and replies).

    A literal block, so HTML shows it as the copyable text block templates use
    (sphinx-copybutton's ``div.highlight pre``; CSS wraps its lines on a
    phone); LaTeX prints it as a quoted paragraph instead of verbatim lines.
    """


def _as_literal(self, node):
    self.visit_literal_block(node)


def _as_literal_depart(self, node):
    self.depart_literal_block(node)


def _latex_words(self, node):
    self.body.append("\n\\sphinxAtStartPar\n\u201c" + self.encode(node.astext()) + "\u201d\n\\par\n")
    raise nodes.SkipNode


@dataclass
class BlockRecord:
    """What the listing pages need to know about one block."""

    kind: str
    title: str
    docname: str
    node_id: str
    lineno: int
    text: str = ""  # a template's copyable text
    minutes: int | None = None
    extra: dict[str, str] = field(default_factory=dict)


class _AnyOption(dict):
    """An option spec that lets every option through to ``run()``.

    Docutils and MyST would reject an unknown option with an untyped error;
    accepting it here lets the directive report it as ``handbook.<kind>``.
    """

    def __contains__(self, key: object) -> bool:
        return True

    def __bool__(self) -> bool:  # "this directive takes options"
        return True

    def __missing__(self, key: str):
        return directives.unchanged


class BlockDirective(SphinxDirective):
    """Shared behavior of every block directive."""

    kind: ClassVar[str]
    #: Title of blocks that sit under a heading saying the same (key
    #: takeaways, ...): recorded, but not shown unless the author gives one.
    default_title: ClassVar[str | None] = None
    #: Whether the author must give a title as the directive's argument.
    title_required: ClassVar[bool] = True
    #: Options beyond ``name`` and ``class``, with their converters.
    block_options: ClassVar[dict[str, Any]] = {}
    required_options: ClassVar[tuple[str, ...]] = ()
    #: Whether the body is kept as literal, copyable text.
    literal_body: ClassVar[bool] = False
    #: Trainer material: removed from the participant edition, never listed.
    trainer_only: ClassVar[bool] = False
    #: Whether listings, previews and search know the block (False: session parts).
    recorded: ClassVar[bool] = True
    #: The block this one must sit in directly ({role-brief} in {role-play}), if any.
    parents: ClassVar[tuple[str, ...]] = ()

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = _AnyOption()

    def problem(self, message: str) -> list[nodes.Node]:
        warn(self.kind, message, self.get_location())
        return []

    def _check_options(self) -> dict[str, Any] | None:
        allowed = {"name": directives.unchanged, "class": directives.class_option, **self.block_options}
        checked: dict[str, Any] = {}
        for key, value in self.options.items():
            if key in self.required_options and not str(value or "").strip():
                continue  # given but empty: reported as missing below
            if key not in allowed:
                known = ", ".join(f":{k}:" for k in sorted(allowed))
                self.problem(f"unknown option ':{key}:' (this block takes {known})")
                return None
            try:
                checked[key] = allowed[key](value)
            except (ValueError, TypeError) as exc:
                self.problem(f"bad value for ':{key}:': {exc}")
                return None
        for key in self.required_options:
            if not checked.get(key):
                self.problem(f"the ':{key}:' option is required")
                return None
        return checked

    def run(self) -> list[nodes.Node]:
        self.record_extra: dict[str, str] = {}
        options = self._check_options()
        if options is None:
            return []
        if self.parents:
            # MyST's state has no .parent: its renderer knows the node being filled.
            renderer = self.state.__dict__.get("_renderer")
            parent = renderer.current_node if renderer is not None else self.state.parent
            if not (isinstance(parent, handbook_block) and parent["kind"] in self.parents):
                inside = " or ".join("{" + p + "}" for p in self.parents)
                return self.problem(f"this block belongs inside a {inside} block (nest it between that block's "
                                    f"fences, with one more colon on the outer fence)")
        if self.arguments:
            title = self.arguments[0]
        elif self.title_required:
            return self.problem("a title is required, for example ':::{%s} Kickoff email'" % self.kind)
        else:
            title = self.default_title or ""
        if not "\n".join(self.content).strip():
            return self.problem("the block is empty; write its content between the fences")

        node = handbook_block(
            kind=self.kind, title=title,
            classes=["handbook-block", f"handbook-{self.kind}", *options.get("class", []),
                     *(["handbook-trainer-only"] if self.trainer_only else [])],
        )
        self.set_source_info(node)
        if self.arguments or self.default_title is None:
            node += nodes.title(title, title)
        text = ""
        if self.literal_body:
            text = "\n".join(self.content).strip("\n")
            literal = nodes.literal_block(text, text, language="text", classes=["handbook-copyable"])
            self.set_source_info(literal)
            node += literal
        else:
            self.state.nested_parse(self.content, self.content_offset, node)
        self.decorate(node, options)
        text = text or self.listing_text(node)

        if "name" in options:
            self.options["name"] = options["name"]
            self.add_name(node)
        else:
            words = self.kind if title == self.default_title else f"{self.kind} {title}"
            slug = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")
            block_id = _unique_id(self.state.document, slug)
            node["ids"].append(block_id)
            self.state.document.ids[block_id] = node  # so the next block with this slug gets "-2" (one page, two model answers)
        if self.trainer_only or not self.recorded or self._on_trainer_page():
            # Trainer material, and the blocks of trainer pages (a session's own
            # checklist), are never listed, indexed or previewed.
            return [node]
        record = BlockRecord(
            kind=self.kind, title=title, docname=self.env.docname, node_id=node["ids"][0],
            lineno=self.lineno, text=text,
            minutes=options.get("minutes"),
            extra={**{k: str(v) for k, v in options.items() if k not in {"name", "class", "minutes", "notes"}},
                   **self.record_extra},
        )
        _blocks(self.env).setdefault(self.env.docname, []).append(asdict(record))
        if self.kind in INDEXED_KINDS:
            # Search finds block titles as objects (any part of the title) and
            # the general index lists them.
            self.env.domains.standard_domain.note_object(OBJECT_TYPE, title, node["ids"][0], location=node)
            entry = f"{title} ({self.kind.replace('-', ' ')})"
            return [addnodes.index(entries=[("single", entry, node["ids"][0], "", None)], inline=False), node]
        return [node]

    def decorate(self, node: handbook_block, options: dict[str, Any]) -> None:
        """Add kind-specific parts; the default adds nothing."""

    def listing_text(self, node: handbook_block) -> str:
        """The block's words as the Practice pages list them (a literal body is listed as is)."""
        return ""

    def _on_trainer_page(self) -> bool:
        patterns = getattr(self.config, "handbook_trainer_only", [])
        return any(fnmatch(self.env.docname, pattern) for pattern in patterns)


def _unique_id(document: nodes.document, slug: str) -> str:
    candidate, n = slug, 1
    while candidate in document.ids:
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


def _field_list(rows: list[tuple[str, str]]) -> nodes.field_list:
    fields = nodes.field_list(classes=["handbook-parts"])
    for name, value in rows:
        fields += nodes.field("", nodes.field_name(name, name), nodes.field_body("", nodes.paragraph(value, value)))
    return fields


class KeyTakeaways(BlockDirective):
    kind = "key-takeaways"
    default_title = "Key takeaways"
    title_required = False


class WarningSigns(BlockDirective):
    kind = "warning-signs"
    default_title = "Warning signs"
    title_required = False


class DiscussionQuestions(BlockDirective):
    kind = "discussion-questions"
    default_title = "Discussion questions"
    title_required = False


class Checklist(BlockDirective):
    """A list of items printed with tick boxes."""

    kind = "checklist"

    def decorate(self, node, options):
        lists = list(node.findall(nodes.bullet_list))
        if not lists:
            self.problem("write the items as a bullet list ('- item')")
        for bullet_list in lists:
            bullet_list["classes"].append("handbook-ticks")


class Template(BlockDirective):
    """An email, call opener or script, copied with one click."""

    kind = "template"
    literal_body = True
    block_options = {"use": directives.unchanged}

    def decorate(self, node, options):
        if options.get("use"):
            node.insert(1, nodes.paragraph(options["use"], options["use"], classes=["handbook-use"]))


def objective_numbers(value: str) -> str:
    """``:objectives: 1, 2, 3`` (or ``1-3``): the numbers, checked, as "1, 2, 3"."""
    numbers: set[int] = set()
    for part in (value or "").split(","):
        part = part.strip()
        span = re.fullmatch(r"(\d+)\s*[-\u2013]\s*(\d+)", part)
        if (span and int(span[2]) > LIMITS["objective"]) or (part.isdigit() and int(part) > LIMITS["objective"]):
            raise ValueError(f"an exercise practices objectives 1 to {LIMITS['objective']} at most")
        if span and int(span[1]) <= int(span[2]):
            numbers.update(range(int(span[1]), int(span[2]) + 1))
        elif part.isdigit():
            numbers.add(int(part))
        else:
            raise ValueError("write the numbers of the chapter's objectives it practices, for example "
                             "':objectives: 1, 2' or ':objectives: 1-3'")
    if 0 in numbers:
        raise ValueError("objectives are numbered from 1")
    return ", ".join(str(n) for n in sorted(numbers))


def _spelled(numbers: list[str]) -> str:
    if len(numbers) == 1:
        return f"objective {numbers[0]}"
    return f"objectives {', '.join(numbers[:-1])} and {numbers[-1]}"


def _practices_row(options: dict[str, Any]) -> list[tuple[str, str]]:
    """The exercise's "Practices" line: which of the chapter's objectives it trains."""
    if not options.get("objectives"):
        return []
    spelled = _spelled(options["objectives"].split(", "))
    return [("Practices", f"{spelled[0].upper()}{spelled[1:]} (under \u201cYou will be able to\u201d)")]


def _add_notes(node: handbook_block, options: dict[str, Any]) -> None:
    if options.get("notes"):
        node += notes_space(lines=options["notes"])


class Exercise(BlockDirective):
    kind = "exercise"
    block_options = {"minutes": bounded("minutes"), "format": directives.unchanged,
                     "notes": bounded("notes"), "objectives": objective_numbers}

    def decorate(self, node, options):
        # The whole-book check (checks.py) asks every chapter's exercise for a model answer.
        if any(isinstance(c, handbook_block) and c["kind"] == "model-answer" for c in node.children):
            self.record_extra["model-answer"] = "yes"
        rows = [(k.capitalize(), str(options[k]) if k != "minutes" else f"{options[k]} minutes")
                for k in ("format", "minutes") if options.get(k)] + _practices_row(options)
        if rows:
            node.insert(1, _field_list(rows))
        _add_notes(node, options)


def _names(value: str) -> list[str]:
    names = [part.strip() for part in value.split(",") if part.strip()]
    if not names:
        raise ValueError("give the role names, separated by commas")
    if len({n.lower() for n in names}) != len(names):
        raise ValueError("a role is named twice")
    return names


class RolePlay(BlockDirective):
    """A role-play: a public scenario, a private brief per role and round, an observer sheet.

    The scenario is the text outside the briefs; ``:roles:`` names the parts,
    ``:rounds:`` how often the group plays (each round with its own briefs,
    so a player never knows the other side's hidden facts in advance).
    """

    kind = "role-play"
    block_options = {
        "minutes": bounded("minutes"),
        "roles": _names,
        "rounds": bounded("rounds"),
        "group": bounded("group"),
        "notes": bounded("notes"),
        "objectives": objective_numbers,
    }
    required_options = ("roles",)

    def decorate(self, node, options):
        roles: list[str] = options["roles"]
        rounds = options.get("rounds", 1)
        briefs: dict[tuple[str, int], handbook_block] = {}
        public = False
        for child in node.children:
            if isinstance(child, handbook_block) and child["kind"] == "role-brief":
                key = (child["role"], child["round"])
                if child["role"].lower() not in {r.lower() for r in roles}:
                    self.problem(f"a brief for '{child['role']}', who is not in :roles: ({', '.join(roles)}); "
                                 f"add the role or correct the name")
                elif child["round"] > rounds:
                    self.problem(f"a brief for '{child['role']}' in round {child['round']}, but the role-play has "
                                 f"{rounds} round(s); set :rounds: or correct :round:")
                elif key in briefs:
                    self.problem(f"two briefs for '{child['role']}' in round {child['round']}; keep one")
                briefs[key] = child
            elif isinstance(child, handbook_block) and child["kind"] in ("observer-sheet", "model-answer"):
                continue
            elif not isinstance(child, (nodes.title, nodes.field_list)) and child.astext().strip():
                public = True
        if not public:
            self.problem("the role-play has no scenario: write what everyone reads (who, what just happened, "
                         "what the conversation is for) between the fences, outside the role briefs")
        canonical = {r.lower(): r for r in roles}
        for role in roles:
            for number in range(1, rounds + 1):
                if not any(canonical.get(k[0].lower()) == role and k[1] == number for k in briefs):
                    self.problem(f"role '{role}' has no brief for round {number}; add a "
                                 f"{{role-brief}} {role} with ':round: {number}'")
        rows = [("Roles", ", ".join(roles))]
        if rounds > 1:
            rows.append(("Rounds", f"{rounds}, with a new brief for each role in each round"))
        if options.get("group"):
            rows.append(("Group", f"{options['group']} people"))
        if options.get("minutes"):
            rows.append(("Time", f"{options['minutes']} minutes"))
        rows += _practices_row(options)
        node.insert(1, _field_list(rows))
        node["data"] = {"roles": ", ".join(roles), "rounds": str(rounds)}
        _add_notes(node, options)


class RoleBrief(BlockDirective):
    """One role's private brief for one round: trainer material (role cards, guide)."""

    kind = "role-brief"
    trainer_only = True
    parents = ("role-play",)
    block_options = {"round": bounded("round")}

    def run(self):
        if self.arguments:
            self.role = self.arguments[0].strip()
            round_number = self.options.get("round")
            suffix = f", round {round_number}" if round_number else ""
            self.arguments = [f"{self.role}: private brief{suffix}"]
        else:
            return self.problem("name the role, for example ':::{role-brief} Client'")
        return super().run()

    def decorate(self, node, options):
        node["role"] = self.role
        node["round"] = options.get("round", 1)
        node["classes"].append("role-brief")
        node["data"] = {"role": self.role, "round": str(node["round"])}


class ObserverSheet(BlockDirective):
    """What an observer watches for, tied to the chapter's steps: trainer material."""

    kind = "observer-sheet"
    default_title = "Observer sheet"
    title_required = False
    trainer_only = True
    parents = ("role-play",)

    def run(self):
        if not self.arguments:
            self.arguments = ["Observer sheet"]
        return super().run()

    def decorate(self, node, options):
        for bullet_list in node.findall(nodes.bullet_list):
            bullet_list["classes"].append("handbook-ticks")
        node += notes_space(lines=4, label="Quotes and moments to raise in the debrief")


class ModelAnswer(BlockDirective):
    """What good looks like: the trainer's answer key to an exercise."""

    kind = "model-answer"
    default_title = "Model answer"
    title_required = False
    trainer_only = True
    parents = ("exercise", "role-play")

    def run(self):
        if not self.arguments:
            self.arguments = ["Model answer"]
        return super().run()


class TrainerNote(BlockDirective):
    """Debrief notes, answer keys, timings: shown in the trainer edition only."""

    kind = "trainer-note"
    default_title = None
    title_required = False

    def run(self):
        if not self.arguments:
            self.arguments = ["Trainer note"]
        result = super().run()
        for node in result:
            node["classes"].append("handbook-trainer-only")
        return result


# -- the chapter parts for a rep before a call, a trainer and a manager ------------------------


def _items(node: nodes.Node) -> list[nodes.list_item]:
    return [item for item in node.children if isinstance(item, nodes.list_item)]


def _unquoted(text: str) -> str:
    """The words without the quotation marks around them (copied as they are said)."""
    text = " ".join(text.split())
    if len(text) > 1 and text[0] in "\"\u201c" and text[-1] in "\"\u201d" and text.count('"') + text.count(
            "\u201c") + text.count("\u201d") == 2:
        return text[1:-1].strip()
    return text


def _say(definition: nodes.definition) -> spoken_words | None:
    """A definition's words as copyable spoken words, or None when it has none."""
    if not definition.children or not all(isinstance(c, nodes.paragraph) for c in definition.children):
        return None
    words = _unquoted(" ".join(c.astext() for c in definition.children))
    if not words:
        return None
    literal = spoken_words(words, words, language="text", classes=["handbook-copyable", "handbook-words"])
    literal.source, literal.line = definition.source, definition.line
    return literal


class SpokenWordsMixin:
    """Blocks whose ``Say`` and ``If they ...`` definitions are words to copy."""

    def spoken(self: BlockDirective, items: list[nodes.definition_list_item]) -> bool:
        for item in items:
            term = item.next_node(nodes.term).astext().strip()
            definition = item.next_node(nodes.definition)
            literal = _say(definition) if definition is not None else None
            if literal is None:
                self.problem(f"'{term}' needs the words to say, as one quoted paragraph, for example "
                             f"': \"Thanks for telling me.\"'")
                return False
            definition.children = []
            definition += literal
        return True


def _only(node: handbook_block, *kinds: type[nodes.Node]) -> list[nodes.Node] | None:
    """The block's body children, or None when one is not of the given kinds."""
    body = [c for c in node.children if not isinstance(c, (nodes.title, nodes.system_message))]
    return body if all(isinstance(c, kinds) for c in body) else None


class InAHurry(SpokenWordsMixin, BlockDirective):
    """The chapter for a rep with ten minutes before a call: three things to do, one thing to say."""

    kind = "in-a-hurry"
    default_title = "In a hurry"
    title_required = False
    HOW = ("write three numbered steps ('1. ...'), then the one talk track as 'Say' followed by a line "
           "': \"the words\"'")

    def decorate(self, node, options):
        body = _only(node, nodes.enumerated_list, nodes.definition_list)
        steps = [c for c in body or [] if isinstance(c, nodes.enumerated_list)]
        says = [c for c in body or [] if isinstance(c, nodes.definition_list)]
        if body is None or len(steps) != 1 or len(says) != 1:
            self.problem(f"an {{in-a-hurry}} block holds one numbered list and one 'Say'; {self.HOW}")
            return
        if len(_items(steps[0])) != 3:
            self.problem(f"an {{in-a-hurry}} block gives exactly three things to do, not "
                         f"{len(_items(steps[0]))}; {self.HOW}")
            return
        items = list(says[0].findall(nodes.definition_list_item))
        terms = [item.next_node(nodes.term).astext().strip() for item in items]
        if terms != ["Say"]:
            self.problem(f"an {{in-a-hurry}} block has one 'Say' and nothing else in its definition list "
                         f"(found: {', '.join(repr(t) for t in terms)}); {self.HOW}")
            return
        self.spoken(items)


class Objectives(BlockDirective):
    """What the reader will be able to do: two to four observable objectives."""

    kind = "objectives"
    default_title = "You will be able to"
    title_required = False
    LIMITS = (2, 4)

    def decorate(self, node, options):
        body = _only(node, nodes.enumerated_list)
        low, high = self.LIMITS
        if not body or len(body) != 1:
            self.problem(f"write the objectives as one numbered list ('1. Respond to ...'), {low} to {high} items")
            return
        count = len(_items(body[0]))
        if not low <= count <= high:
            self.problem(f"{count} objective(s); a chapter has {low} to {high}, each a verb a trainer can "
                         f"observe (respond, spot, write, plan ...)")
            return
        body[0]["classes"].append("handbook-objectives-list")
        self.record_extra["count"] = str(count)


class TalkTrack(SpokenWordsMixin, BlockDirective):
    """The exact words for one hard live moment, and what to say when the client pushes back."""

    kind = "talk-track"
    HOW = ("write 'Say' with the words, then one or more replies such as 'If they say \"We have decided\"', "
           "each followed by a line ': \"the words\"'")

    def decorate(self, node, options):
        body = _only(node, nodes.definition_list)
        if not body or len(body) != 1:
            self.problem(f"a talk track is one definition list; {self.HOW}")
            return
        items = list(body[0].findall(nodes.definition_list_item))
        terms = [item.next_node(nodes.term).astext().strip() for item in items]
        if not terms or terms[0] != "Say" or terms.count("Say") != 1:
            self.problem(f"a talk track starts with one 'Say' (found: {', '.join(repr(t) for t in terms)}); "
                         f"{self.HOW}")
            return
        replies = terms[1:]
        if not replies:
            self.problem(f"a talk track needs at least one reply for when the client pushes back; {self.HOW}")
            return
        wrong = [t for t in replies if not t.startswith("If they")]
        if wrong:
            self.problem(f"'{wrong[0]}' is not a reply: after 'Say', every term starts with 'If they'; {self.HOW}")
            return
        body[0]["classes"].append("handbook-talk-lines")
        self.spoken(items)

    def listing_text(self, node):
        lines = []
        for item in node.findall(nodes.definition_list_item):
            term, words = item.next_node(nodes.term), item.next_node(nodes.definition)
            if term is not None and words is not None:
                lines.append(f"{term.astext().strip()}:\n{' '.join(words.astext().split())}")
        return "\n\n".join(lines)


class ForManagers(BlockDirective):
    """How a manager spots the behavior, and two coaching questions."""

    kind = "for-managers"
    default_title = "For managers"
    title_required = False
    HOW = ("write 'Spot it' (where it shows: pipeline reviews, call notes ...) and 'Ask' with two numbered "
           "coaching questions")

    def decorate(self, node, options):
        body = _only(node, nodes.definition_list)
        if not body or len(body) != 1:
            self.problem(f"a {{for-managers}} block is one definition list; {self.HOW}")
            return
        parts = {}
        for item in body[0].findall(nodes.definition_list_item):
            term = item.next_node(nodes.term).astext().strip()
            if term not in ("Spot it", "Ask") or term in parts:
                self.problem(f"'{term}' is not a part of {{for-managers}} (or is there twice); {self.HOW}")
                return
            parts[term] = item.next_node(nodes.definition)
        if "Spot it" not in parts or not parts["Spot it"].astext().strip():
            self.problem(f"'Spot it' is missing or empty; {self.HOW}")
            return
        asked = [c for c in parts.get("Ask", nodes.definition()).children if isinstance(c, nodes.enumerated_list)]
        if "Ask" not in parts or len(asked) != 1 or len(_items(asked[0])) != 2 \
                or len(parts["Ask"].children) != 1:
            self.problem(f"'Ask' holds exactly two coaching questions as a numbered list ('1. ...', '2. ...'); "
                         f"{self.HOW}")
            return


DIRECTIVES: dict[str, type[BlockDirective]] = {
    cls.kind: cls
    for cls in (KeyTakeaways, WarningSigns, DiscussionQuestions, Checklist, Template, Exercise, RolePlay, RoleBrief,
                ObserverSheet, ModelAnswer, TrainerNote, InAHurry, Objectives, TalkTrack, ForManagers)
}


def _blocks(env: BuildEnvironment) -> dict[str, list[dict]]:
    return doc_store(env, STORE)


def blocks_of(env: BuildEnvironment, kind: str) -> list[BlockRecord]:
    """Every recorded block of one kind, by document name, then in page order."""
    found = []
    for docname in sorted(_blocks(env)):
        found += [BlockRecord(**r) for r in _blocks(env)[docname] if r["kind"] == kind]
    return found


#: The Sphinx admonition style each kind prints with (its colors and frame), so
#: the boxes tell their kinds apart on paper as the CSS does on screen.
PRINT_STYLES = {
    "template": "note", "session": "note", "script-step": "note",
    "checklist": "hint", "discussion-questions": "hint",
    "exercise": "important", "role-play": "important",
    "warning-signs": "warning", "key-takeaways": "tip",
    "trainer-note": "caution", "model-answer": "caution", "role-brief": "caution", "observer-sheet": "caution",
    "in-a-hurry": "attention", "objectives": "hint", "talk-track": "note", "for-managers": "seealso",
}


#: Short boxes read as a whole (before a call, in a coaching talk): in print they
#: move to the next page rather than break, and the heading before them asks
#: for their room (latex.py).
KEEP_WHOLE = ("in-a-hurry", "objectives", "talk-track", "for-managers")


def print_lines(node: nodes.Node) -> int | None:
    """Printed lines a keep-whole box needs (about 12 words a line), or None."""
    if not isinstance(node, handbook_block) or node["kind"] not in KEEP_WHOLE:
        return None
    lines = 3  # the title bar and the frame
    for part in node.findall(lambda n: isinstance(n, (nodes.paragraph, nodes.term, nodes.literal_block))):
        if not isinstance(part.parent, nodes.title):
            lines += 1 + len(part.astext().split()) // 12
    return min(30, lines)


def _latex_visit(self, node: handbook_block) -> None:
    if print_lines(node):
        self.body.append("\n\\needspace{%d\\baselineskip}" % print_lines(node))
    # A group, so a checklist's tick boxes do not leak into later lists.
    self.body.append("\n\\begingroup" + self.hypertarget_to(node, anchor=True))
    if node["kind"] == "checklist":
        self.body.append("\\renewcommand{\\labelitemi}{$\\square$}")
    self.body.append("\n\\begin{sphinxadmonition}{%s}" % PRINT_STYLES.get(node["kind"], "note"))
    self.no_latex_floats += 1
    if not isinstance(node.children[0], nodes.title):
        # A block that shows no title on screen (it sits under a heading saying the
        # same) still names itself in print: a box's title bar is never empty.
        self.body.append("{" + self.encode(node.get("title") or node["kind"].replace("-", " ").capitalize()) + "}")


def _latex_depart(self, node: handbook_block) -> None:
    self.body.append("\\end{sphinxadmonition}\\endgroup\n")
    self.no_latex_floats -= 1


def _register_labels(app: Sphinx, doctree: nodes.document) -> None:
    """Give labeled blocks their title as link text, as sections have.

    Sphinx's standard domain records titles only for sections and numbered
    nodes; blocks are neither (numbering them would print "Block 7" in every
    title), so their labels are completed here, after the domain has run.
    """
    std = app.env.domains.standard_domain
    docname = app.env.docname
    for node in doctree.findall(handbook_block):
        for name in node["names"]:
            labelid = doctree.nameids.get(name)
            if labelid and node["title"]:
                std.labels[name] = (docname, labelid, node["title"])
                std.anonlabels[name] = (docname, labelid)


def setup_blocks(app: Sphinx) -> None:
    app.add_node(handbook_block, html=(_html_block_visit, _html_block_depart), latex=(_latex_visit, _latex_depart))
    app.add_object_type(OBJECT_TYPE, OBJECT_TYPE, objname="block")
    app.add_node(spoken_words, html=(_as_literal, _as_literal_depart), latex=(_latex_words, None),
                 text=(_as_literal, _as_literal_depart), man=(_as_literal, _as_literal_depart),
                 texinfo=(_as_literal, _as_literal_depart))
    app.add_node(notes_space, html=(_html_notes, None), latex=(_latex_notes, None), text=(_skip, None),
                 man=(_skip, None), texinfo=(_skip, None))
    app.connect("doctree-read", _register_labels, priority=order.BLOCK_LABELS)
    for name, cls in DIRECTIVES.items():
        app.add_directive(name, cls)
