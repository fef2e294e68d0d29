"""Session variants: ``make kit LENGTH=45`` cuts or lengthens a session from what its steps declare.

A ``{script-step}`` says how far it can change:

- ``:cut-to: N`` (its shortest) with an IF RUNNING LATE line saying how;
- ``:extend-to: N`` (its longest) with an IF TIME ALLOWS line saying what to do with the time;
- ``:optional: group``, a step the session can drop (with the other steps of its group), with an
  IF DROPPED line saying what replaces it;
- a step with ``:phases:`` changes through its phases' ranges instead:
  ``:phases: Read the cards 2, Call 5 (4-7), Feedback 3``; a role-play of three rounds then
  changes three minutes a step.

:func:`allocate` picks, for a length, one length per step so that the steps add up to it exactly,
spreading the change over the steps in proportion to their length (dropping an optional step only
when nothing else reaches the length). When the length cannot be reached it says by how much the
steps can change and what to declare. The timer's IF RUNNING LATE and IF TIME ALLOWS lines
(:func:`timer_lines`) are made from the same ranges, so what the trainer is told to press is what the
timer can do.

These are pure functions over the step records ``kit.py`` keeps; ``kit.py`` applies them to the
facilitator guide and ``deck.py`` to the deck and the run sheet.
"""

from __future__ import annotations

import re
from typing import Any

#: The guide's line that says what this version changes in a step.
VERSION_TERM = "THIS VERSION"
#: How much worse than a minute's change dropping a whole optional step counts.
DROP_COST = 10_000
#: Phrases that state minutes in a step's lines ("five minutes", "2 min", "ten-minute").
_NUMBER = (r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
           r"thirty|forty|ninety|a)")
MINUTES_STATED = re.compile(rf"\b{_NUMBER}[\s-]+(?:more\s+)?min(?:ute)?s?\b", re.I)


def ranges(step: dict[str, Any]) -> list[list[int]]:
    """Each phase's [shortest, longest] (the written minutes when the phase has no range)."""
    given = step.get("ranges") or []
    return [list(given[i]) if i < len(given) and given[i] else [m, m] for i, (_l, m) in enumerate(step["phases"])]


def flexible(step: dict[str, Any]) -> bool:
    """Whether the step's length can change in a variant."""
    return bool(step.get("cut_to") or step.get("extend_to") or step.get("optional")
                or any(low != high for low, high in ranges(step)))


def _phase_sums(step: dict[str, Any]) -> dict[int, tuple[float, list[int]]]:
    """For each sum of one round's phases: the cheapest phase minutes giving it (cost, minutes)."""
    best: dict[int, tuple[float, list[int]]] = {0: (0.0, [])}
    for (_label, written), (low, high) in zip(step["phases"], ranges(step)):
        following: dict[int, tuple[float, list[int]]] = {}
        for total, (cost, chosen) in best.items():
            for value in range(low, high + 1):
                candidate = (cost + (value - written) ** 2 / written, chosen + [value])
                key = total + value
                if key not in following or candidate[0] < following[key][0]:
                    following[key] = candidate
        best = following
    return best


def options(step: dict[str, Any], rounds: int = 1) -> dict[int, tuple[float, list[int]]]:
    """Every length the step can take when it is kept: minutes -> (cost, the phases' minutes)."""
    written = step["minutes"]
    out: dict[int, tuple[float, list[int] | None]] = {}
    if step["phases"]:
        rounds = max(1, rounds)
        overhead = max(0, written - rounds * sum(m for _l, m in step["phases"]))
        for total, (cost, chosen) in _phase_sums(step).items():
            out[overhead + rounds * total] = (cost * rounds, chosen)
    else:
        for minutes in range(step.get("cut_to") or written, (step.get("extend_to") or written) + 1):
            out[minutes] = ((minutes - written) ** 2 / written, [])
    out[written] = (0.0, [m for _l, m in step["phases"]])
    return out


def allocate(steps: list[dict[str, Any]], rounds: list[int], length: int) -> list[dict[str, Any]] | str:
    """For each step, its minutes and phases in a session of ``length`` minutes (``dropped`` when it is
    left out), or what stops that length being reached.

    The steps of an optional group (``:optional: discovery``) are dropped together or not at all:
    every choice of groups to drop is tried, and dropping counts far more than any change of minutes,
    so a group is dropped only when the other steps cannot reach the length."""
    groups = list(dict.fromkeys(step["optional"] for step in steps if step.get("optional")))[:MAX_GROUPS]
    choices = [{m: v for m, v in options(step, r).items() if v[1] is not None} for step, r in zip(steps, rounds)]
    best: tuple[float, list[int]] | None = None
    for mask in range(1 << len(groups)):
        dropped = {group for bit, group in enumerate(groups) if mask >> bit & 1}
        kept = [{0: (0.0, None)} if step.get("optional") in dropped else found for step, found in zip(steps, choices)]
        found = _cheapest(kept, length)
        if found is None:
            continue
        cost = found[0] + sum(DROP_COST + sum(s["minutes"] for s in steps if s.get("optional") == g) for g in dropped)
        if best is None or cost < best[0]:
            best = (cost, found[1])
    if best is None:
        written = sum(step["minutes"] for step in steps)
        low = sum(0 if step.get("optional") else min(found) for step, found in zip(steps, choices))
        high = sum(max(found) for found in choices)
        ranged = "phase ranges such as ':phases: Call 5 (4-7)'"
        if length < low:
            return (f"cannot cut the session to {length} minutes: its steps can lose at most {written - low} "
                    f"minutes (down to {low}); mark more steps ':optional:' or give them ':cut-to:' or {ranged}")
        if length > high:
            return (f"cannot extend the session to {length} minutes: its steps can gain at most {high - written} "
                    f"minutes (up to {high}); give more steps ':extend-to:' or {ranged}")
        return (f"cannot make exactly {length} minutes from what the steps declare (a step of several rounds "
                f"changes by its rounds at a time); give one more step ':cut-to:' or ':extend-to:'")
    out = []
    for step, found, minutes in zip(steps, choices, best[1]):
        dropped = minutes == 0 and bool(step.get("optional"))
        phases = None if dropped else found[minutes][1]
        out.append({**step, "written": step["minutes"], "written_phases": step["phases"], "minutes": minutes,
                    "dropped": dropped,
                    "phases": [] if dropped else [[label, m] for (label, _w), m in zip(step["phases"], phases or [])]})
    return out


#: At most this many optional groups in one session (each choice of them is tried).
MAX_GROUPS = 8


def _cheapest(choices: list[dict[int, tuple[float, Any]]], length: int) -> tuple[float, list[int]] | None:
    """One length per step adding up to ``length`` with the least cost, or None."""
    best: dict[int, tuple[float, list[int]]] = {0: (0.0, [])}
    for found in choices:
        following: dict[int, tuple[float, list[int]]] = {}
        for total, (cost, chosen) in best.items():
            for minutes, (extra, _phases) in found.items():
                key = total + minutes
                if key > length:
                    continue
                candidate = (cost + extra, chosen + [minutes])
                if key not in following or candidate[0] < following[key][0]:
                    following[key] = candidate
        best = following
    return best.get(length)


def timer_lines(step: dict[str, Any], rounds: int = 1) -> dict[str, str]:
    """The IF RUNNING LATE and IF TIME ALLOWS sentences a step's phase ranges give, for the phases as
    they are in this version: which key to press while which phase runs, and how far it goes."""
    lines: dict[str, str] = {}
    each = " (in any round)" if rounds > 1 else ""
    shorter, longer = [], []
    for (label, minutes), (low, high) in zip(step["phases"], ranges(step)):
        name = f"\u201c{label}\u201d"
        if minutes > low:
            shorter.append(f"press - while {name} runs to take a minute off it, down to {low} min{each}")
        if minutes < high:
            longer.append(f"press + while {name} runs to give it a minute more, up to {high} min{each}")
    if shorter:
        lines["IF RUNNING LATE"] = "On the timer, " + "; or ".join(shorter) + "."
    if longer:
        lines["IF TIME ALLOWS"] = "On the timer, " + "; or ".join(longer) + "."
    return lines


def version_line(step: dict[str, Any], parts: dict[str, str], length: int) -> str:
    """What this ``length``-minute version changes in a step ('' when nothing): its minutes and how."""
    written = step.get("written", step["minutes"])
    if step.get("dropped"):
        return f"Dropped from the {length}-minute version. {parts.get('IF DROPPED', '')}".strip()
    if step["minutes"] == written:
        return ""
    head = f"{step['minutes']} minute{'s' if step['minutes'] != 1 else ''} instead of {written}."
    if step["phases"]:
        changed = [f"{label} {m} min (not {w})" for (label, m), (_l, w) in zip(step["phases"], step["written_phases"])
                   if m != w]
        return f"{head} On the timer: {'; '.join(changed)}."
    how = parts.get("IF RUNNING LATE" if step["minutes"] < written else "IF TIME ALLOWS", "")
    return f"{head} {how}".strip()
