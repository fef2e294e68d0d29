"""Where people sit: the groups for a number of people, who plays what in each round of a role-play,
and the room seen from above (as SVG on screen and a LaTeX picture in print).

Plain functions of numbers and names, with no Sphinx in them: ``kit.py`` puts their results on the
facilitator guide, ``publish/build.py`` counts the kit's README.txt from the same ``group_plan`` and
``publish/slides.py`` puts ``rotation`` on the slides, so the three cannot disagree.
"""

from __future__ import annotations

import html
import math

from handbook.sphinxext.tex import tex_escape

# -- the rotation -----------------------------------------------------------------------------------


def seats(group: int, number: int, offset: int) -> list[str]:
    """The letter in each seat in round ``number``: the roles in order, then the observers."""
    return [chr(ord("A") + (slot + number - 1 + offset) % group) for slot in range(group)]


def rotation(roles: list[str], group: int, number: int, offset: int = 0) -> str:
    """Who plays what in round ``number`` (1-based): the group's letters move one role on each round, so
    round 2 gives B the first role. ``offset``: the rounds the session played before (a second
    role-play goes on where the first stopped, so that in a group of four D plays a first role too).
    "A plays the account manager, B the client, C observes": never "A account manager", where the
    letter reads as an article."""
    if not roles or group < len(roles):
        return ""
    letters = seats(group, number, offset)
    said = [f"{letters[0]} plays the {roles[0].lower()}"] + [f"{letters[i]} the {role.lower()}"
                                                             for i, role in enumerate(roles[1:], start=1)]
    watching = letters[len(roles):]
    if len(watching) == 1:
        said.append(f"{watching[0]} observes")
    elif watching:
        said.append(f"{', '.join(watching[:-1])} and {watching[-1]} observe")
    return ", ".join(said)


_NUMBERS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}


def left_out(plays: list[tuple[str, list[str], int]], group: int) -> list[str]:
    """For a group of ``group``, a sentence for each person who never plays a role-play's first role,
    saying what they do instead (``plays``: each role-play's title, roles and rounds, in session order)."""
    played: dict[str, list[str]] = {chr(ord("A") + i): [] for i in range(group)}
    first: set[str] = set()
    offset = 0
    for title, roles, rounds in plays:
        where = f" of \u201c{title}\u201d" if len(plays) > 1 else ""
        for number in range(1, rounds + 1):
            letters = seats(group, number, offset)
            first.add(letters[0])
            for slot, letter in enumerate(letters[1:len(roles)], start=1):
                played[letter].append(f"the {roles[slot].lower()} in round {number}{where}")
        offset += rounds
    out = []
    main = " or the ".join(dict.fromkeys(roles[0].lower() for _t, roles, _r in plays))
    for letter, parts in played.items():
        if letter in first:
            continue
        does = f"plays {', '.join(parts)} and observes the other rounds" if parts else "observes every round"
        out.append(f"In a group of {_NUMBERS.get(group, group)}, {letter} never plays the {main}: there are fewer "
                   f"rounds than people. {letter} {does}; make {letter} whoever is most at home with these calls.")
    return out


# -- the groups ---------------------------------------------------------------------------------


def group_plan(people: int, group: int) -> list[int]:
    """The sizes of the groups for ``people`` in groups of ``group``: as many full groups as fit, the
    people left over joining groups one each (7 in threes: 4 + 3). The guide's table and the kit's
    README.txt both count from this, so they cannot disagree."""
    if group < 1 or people < 1:
        return [people] if people > 0 else []
    count = max(1, people // group)
    return [people // count + (1 if i < people % count else 0) for i in range(count)]


def plan_text(sizes: list[int]) -> str:
    """``[4, 3, 3]`` -> 'three groups: one of four, two of three'."""
    words = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}
    say = lambda n: words.get(n, str(n))  # noqa: E731
    parts = [f"{say(sizes.count(size))} of {say(size)}" for size in sorted(set(sizes), reverse=True)]
    return f"{say(len(sizes))} group{'s' if len(sizes) != 1 else ''}: {', '.join(parts)}"


# -- the room ------------------------------------------------------------------------------------


#: The room diagram's width and the height of one row of groups, in millimeters.
ROOM_WIDTH, ROOM_ROW = 150, 30


def room_shapes(sizes: list[int], envelopes: int) -> tuple[list[tuple], int]:
    """The room seen from above, as shapes in millimeters (y downward) and the drawing's height: the
    screen and flip chart at the front, the trainer (with the envelopes when the session hands out
    cards: ``envelopes`` a group, one per role-play), then one cluster per group, a table with a chair per
    person, in rows."""
    shapes: list[tuple] = [("bar", 45, 4, 60, 2), ("text", 75, 10, "Screen"),
                           ("box", 8, 3, 22, 9, "Flip chart"), ("dot", 122, 7, 2.2), ("text", 122, 14, "Trainer")]
    if envelopes:
        count = len(sizes) * envelopes
        shapes.append(("box", 128, 3, 20, 7, f"{count} envelope{'s' if count != 1 else ''}"))
    columns = len(sizes) if len(sizes) <= 3 else 3 if len(sizes) in (5, 6, 9) else 4
    cell = ROOM_WIDTH / columns
    top = 22
    for index, size in enumerate(sizes):
        row, column = divmod(index, columns)
        cx, cy = cell * column + cell / 2, top + ROOM_ROW * row + ROOM_ROW / 2
        shapes.append(("table", cx - 8, cy - 5, 16, 10, f"Group {index + 1}"))
        for seat in range(size):
            angle = 2 * math.pi * seat / size - math.pi / 2
            shapes.append(("chair", cx + 13 * math.cos(angle), cy + 9.5 * math.sin(angle), 1.8))
    rows = -(-len(sizes) // columns) if sizes else 0
    return shapes, top + ROOM_ROW * rows


def room_svg(shapes: list[tuple], height: int) -> str:
    out = [f'<svg class="handbook-room-plan" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {ROOM_WIDTH} {height}" '
           f'role="img" aria-label="Room plan" style="max-width:100%;font-family:sans-serif">']
    for shape in shapes:
        kind = shape[0]
        if kind == "bar":
            out.append(f'<rect x="{shape[1]}" y="{shape[2]}" width="{shape[3]}" height="{shape[4]}" fill="#333"/>')
        elif kind in ("box", "table"):
            _k, x, y, w, h, label = shape
            group = ' class="cluster"' if kind == "table" else ""
            out.append(f'<g{group}><rect x="{x:.1f}" y="{y:.1f}" width="{w}" height="{h}" fill="#fff" stroke="#333" '
                       f'stroke-width="0.4"/><text x="{x + w / 2:.1f}" y="{y + h / 2 + 1.2:.1f}" font-size="3.2" '
                       f'text-anchor="middle">{html.escape(label)}</text></g>')
        elif kind == "chair":
            out.append(f'<circle cx="{shape[1]:.1f}" cy="{shape[2]:.1f}" r="{shape[3]}" fill="#fff" stroke="#333" '
                       f'stroke-width="0.4"/>')
        elif kind == "dot":
            out.append(f'<circle cx="{shape[1]}" cy="{shape[2]}" r="{shape[3]}" fill="#333"/>')
        elif kind == "text":
            out.append(f'<text x="{shape[1]}" y="{shape[2]}" font-size="3.2" text-anchor="middle">'
                       f'{html.escape(shape[3])}</text>')
    out.append("</svg>")
    return "".join(out)


def room_latex(shapes: list[tuple], height: int) -> str:
    """The same shapes in LaTeX's picture mode (no package needed): millimeters, y upward."""
    flip = lambda y: height - y  # noqa: E731
    out = [r"\par\medskip\noindent{\setlength{\unitlength}{1mm}\begin{picture}(%d,%d)\small\sffamily" % (ROOM_WIDTH,
                                                                                                         height)]
    for shape in shapes:
        kind = shape[0]
        if kind == "bar":
            out.append(r"\put(%.1f,%.1f){\rule{%dmm}{%dmm}}" % (shape[1], flip(shape[2] + shape[4]), shape[3], shape[4]))
        elif kind in ("box", "table"):
            _k, x, y, w, h, label = shape
            out.append(r"\put(%.1f,%.1f){\framebox(%d,%d){%s}}" % (x, flip(y + h), w, h, tex_escape(label)))
        elif kind == "chair":
            out.append(r"\put(%.1f,%.1f){\circle{%.1f}}" % (shape[1], flip(shape[2]), shape[3] * 2))
        elif kind == "dot":
            out.append(r"\put(%.1f,%.1f){\circle*{%.1f}}" % (shape[1], flip(shape[2]), shape[3] * 2))
        elif kind == "text":
            out.append(r"\put(%.1f,%.1f){\makebox(0,0){%s}}" % (shape[1], flip(shape[2]), tex_escape(shape[3])))
    out.append(r"\end{picture}}\par\medskip" + "\n")
    return "\n".join(out)
