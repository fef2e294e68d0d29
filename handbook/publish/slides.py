"""``make slides``: a reveal.js deck per session, from the same pages as the kit.

1. The trainer edition is read (Sphinx's ``dummy`` builder) with
   ``handbook_slides_manifest`` set; ``sphinxext/deck.py`` writes what each
   deck shows: the session's objectives and script, each activity's public
   text, the chapters' discussion questions and key takeaways.
2. :func:`plan` turns a session into slides (the rules of a deck are here):
   title; objectives; agenda; per script step a slide, and for a step that
   runs an activity a set-up slide (the public scenario, the grouping, the
   minutes), a timer slide and the debrief questions; the key takeaways of
   each chapter used; a close with what to read next. Each slide's speaker
   notes hold the step's SAY and WATCH FOR lines. A long list or scenario is
   split over several slides; a single paragraph too long for one slide
   fails the build with the slide named.
3. Each deck is written as MyST (every character of text escaped) and built
   by sphinx-revealjs with ``handbook/publish/deck/conf.py`` into
   ``_build/slides/<session>/`` (a folder is complete or absent).
4. Checks: no sentence of trainer material (role briefs, observer sheets,
   model answers, trainer notes) in any slide's visible text; in Chromium,
   no slide taller than the screen.
5. Chromium prints ``slides.pdf`` (reveal.js's print view, one slide a page)
   and ``speaker-notes.pdf`` (each slide with its notes under it) into the
   deck's folder, and into ``_build/kit/<session>/`` when that exists.
"""

from __future__ import annotations

import base64
import html
import json
import math
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handbook.fsutil import atomic_copy, atomic_write
from handbook.sphinxext.room import rotation as kit_rotation

#: The screen a deck is laid out for (deck.js and deck.css use the same numbers).
WIDTH, HEIGHT = 1280, 720
#: How much text fits on a slide below a one-line title, at deck.css's 36px type (measured in
#: Chromium: about 78 characters a line and 12.7 lines; these leave a margin), and how many
#: characters a line of the title holds (a longer title wraps and takes body lines).
CHARS_PER_LINE = 70
BODY_LINES = 12.0
TITLE_CHARS = 48

#: Chromium's flags, as the tests use them (no sandbox in a container, no network).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]

CONF = Path(__file__).resolve().parent / "deck"
#: The printed deck, in each deck's folder and in the session's kit.
DECK_FILES = ("slides.pdf", "speaker-notes.pdf", "run-sheet.pdf")


class DeckError(Exception):
    """A deck that cannot be built as written; the message names the slide and what to change."""


@dataclass
class Slide:
    title: str
    items: list[dict[str, Any]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    timer: int | None = None  # minutes
    phases: list[list] = field(default_factory=list)  # [[label, minutes], ...] counted down in turn
    kind: str = "content"
    meta: str = ""
    step: int | None = None  # the script step the slide belongs to


# -- planning -------------------------------------------------------------------------------------


def _lines(item: dict[str, Any]) -> float:
    if "p" in item:
        return math.ceil(len(item["p"]) / CHARS_PER_LINE) + 0.4
    return sum(math.ceil((len(text) + 3) / (CHARS_PER_LINE - 3)) + 0.25 for text in item["list"]) + 0.4


def fit(title: str, items: list[dict[str, Any]], source: str, budget: float | None = None) -> list[list[dict[str, Any]]]:
    """The items split into slides that each fit on the screen.

    Paragraphs and list items are never cut; one too long for a whole slide is
    a :class:`DeckError` naming the slide.
    """
    if budget is None:
        budget = BODY_LINES - 1.4 * (math.ceil(len(title) / TITLE_CHARS) - 1)
    pages: list[list[dict[str, Any]]] = [[]]
    used = 0.0
    for position, item in enumerate(items):
        pieces = [item] if "p" in item else [{"list": [text], "ordered": item["ordered"]} for text in item["list"]]
        following = items[position + 1] if position + 1 < len(items) else None
        for piece in pieces:
            need = _lines(piece)
            # A lead-in ("... three questions:") stays with the first item of its list.
            lead = "p" in piece and piece["p"].rstrip().endswith(":") and following is not None \
                and "list" in following and following["list"]
            room = need + (_lines({"list": following["list"][:1], "ordered": following["ordered"]}) if lead else 0)
            if need > budget:
                words = len((piece.get("p") or piece["list"][0]).split())
                raise DeckError(
                    f"the slide '{title}' would overflow the screen: a {'paragraph' if 'p' in piece else 'list item'}"
                    f" of {words} words does not fit on one slide (about {int(budget * CHARS_PER_LINE / 6)} words "
                    f"do); split it or shorten it in {source}")
            if used + room > budget and pages[-1]:
                pages.append([])
                used = 0.0
            last = pages[-1][-1] if pages[-1] else None
            if last is not None and "list" in piece and "list" in last and last["ordered"] == piece["ordered"]:
                last["list"].append(piece["list"][0])
                used += need - 0.4
            else:
                pages[-1].append({**piece, "list": list(piece["list"])} if "list" in piece else dict(piece))
                used += need
    return pages


def _numbered(title: str, pages: list[list[dict[str, Any]]]) -> list[tuple[str, list[dict[str, Any]]]]:
    if len(pages) == 1:
        return [(title, pages[0])]
    return [(f"{title} ({n}/{len(pages)})", page) for n, page in enumerate(pages, start=1)]


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _notes(step: dict[str, Any]) -> list[tuple[str, str]]:
    """The step's script for the speaker notes: when it runs, then every line in order."""
    end = step["start"] + step["minutes"]
    timing = ("TIME", f"{_clock(step['start'])} to {_clock(end)}, {step['minutes']} min: {step['title']}")
    parts = [tuple(part) for part in step.get("parts") or []]
    if not parts:  # records written before the script's parts were kept
        parts = [(label, step[key]) for label, key in (("SAY", "say"), ("WATCH FOR", "watch")) if step.get(key)]
    return [timing, *parts]


_QUOTED = re.compile(r"[\"\u201c]([^\"\u201c\u201d]{8,}?)[\"\u201d]")


def asked(step: dict[str, Any]) -> list[str]:
    """The questions a step's ASK lines put to the room: the quoted words that end with a question mark
    (what the trainer says aloud; the instructions around them stay in the notes)."""
    found = []
    for term, text in step.get("parts") or []:
        if term == "ASK":
            found += [q.strip() for q in _QUOTED.findall(text) if q.strip().endswith("?")]
    return found


def _chapter_name(chapter: dict[str, Any]) -> str:
    return f"Chapter {chapter['number']}, {chapter['title']}" if chapter.get("number") else chapter["title"]


def _grouping(activity: dict[str, Any], minutes: int) -> str:
    parts = []
    if activity.get("group") and activity.get("roles"):
        parts.append(f"Groups of {activity['group']}")
    if activity.get("roles"):
        roles = ", ".join(activity["roles"])
        observers = (activity.get("group") or 0) > len(activity["roles"])
        parts.append(f"roles: {roles}" + (", and an observer" if observers else ""))
    if activity.get("rounds", 1) > 1:
        parts.append(f"{activity['rounds']} rounds, swapping roles each round")
    parts.append(f"{minutes} minutes")
    return "; ".join(parts) + "."


def rotation(activity: dict[str, Any], number: int, offset: int = 0) -> str:
    """Who plays what in round ``number`` (1-based), from ``room.rotation``: the letters move one role on
    each round, and ``offset`` rounds played before in the session carry on."""
    return kit_rotation(list(activity.get("roles") or []), activity.get("group") or 0, number, offset)


def rounds_before(steps: list[dict[str, Any]], index: int) -> int:
    """The role-play rounds the session has played before step ``index``: the rotation goes on from there."""
    return sum(step["activity"].get("rounds", 1) for step in steps[:index]
               if step.get("activity") and not step["activity"]["private"] and step["activity"].get("roles"))


def _by_number(chapters: list[dict[str, Any]]) -> list[str]:
    return [_chapter_name(c) for c in sorted(chapters, key=lambda c: (c.get("number") is None, c.get("number") or 0))]


def plan(deck: dict[str, Any], release: str = "", date: str = "") -> list[Slide]:
    """The slides of one session, in the order of its script."""
    source = deck.get("source", deck["doc"])
    slides: list[Slide] = []
    # No release number on the title slide: the room does not need it (the kit's README.txt has it).
    meta = f"{deck['minutes']} minutes" + (f" \u00b7 {date}" if date else "")
    slides.append(Slide(deck["title"], kind="title", meta=meta,
                        items=[{"p": deck["audience"]}] if deck.get("audience") else []))
    objectives = [text.rstrip(";,")[:1].upper() + text.rstrip(";,")[1:] for text in deck["objectives"]]
    if objectives:  # the session's "Objectives" section, or its chapters' {objectives}
        slides += _slides("Objectives", [{"list": objectives, "ordered": False}], source, [], "objectives")
    agenda = [f"{_clock(step['start'])}  {step['title']} ({step['minutes']} min)" for step in deck["steps"]]
    slides += _slides("Agenda", [{"list": agenda, "ordered": False}], source, [], "agenda")
    steps = deck["steps"]
    # The chapters' key takeaways come before a closing step that runs no activity (the wrap-up),
    # so the room sees them inside the session's time.
    closing = len(steps) - 1 if steps and steps[-1].get("activity") is None and len(steps) > 1 else len(steps)
    for index, step in enumerate(steps):
        # The title, objectives and agenda go with the first step; the key takeaways with the closing one.
        first_of_step = 0 if index == 0 else len(slides)
        if index == closing:
            slides += _takeaways(deck)
        slides += _step_slides(deck, steps, index, source)
        for slide in slides[first_of_step:]:
            slide.step = index
    if closing == len(steps):
        slides += _takeaways(deck)
    reading = _by_number(deck["read_next"]) or _by_number(deck["chapters"])
    close = [{"p": "Thank you."}]
    if reading:
        close.append({"p": "Read next, in the handbook:"})
        close.append({"list": reading, "ordered": False})
    slides += _slides("Close", close, source, [], "close")
    return slides


def _step_slides(deck: dict[str, Any], steps: list[dict[str, Any]], index: int, source: str) -> list[Slide]:
    """The slides of one script step."""
    slides: list[Slide] = []
    step = steps[index]
    activity = step.get("activity")
    notes = _notes(step)
    if activity is None:
        questions = asked(step)
        body = [{"p": f"{step['minutes']} minutes."}] + ([{"list": questions, "ordered": False}] if questions else [])
        return _slides(step["title"], body, source, notes, "step")
    if activity["private"]:
        # A step that runs trainer material (a debrief note): the room sees the questions.
        return _debrief(step["title"], activity, asked(step), notes, source)
    rounds = activity.get("rounds", 1) if activity.get("roles") else 1
    setup = [*activity["public"], {"p": _grouping(activity, step["minutes"])}]
    where = f"{activity['chapter']['doc']} (the block '{activity['label']}')"
    slides += _slides(f"Set-up: {activity['title']}", setup, where, notes, "setup")
    watch = [n for n in notes if n[0] in ("TIME", "WATCH FOR")]
    phases = step.get("phases") or []
    per_round = step["minutes"] // rounds
    if sum(m for _label, m in phases) > per_round:
        raise DeckError(f"the phases of the step '{step['title']}' add up to {sum(m for _l, m in phases)} "
                        f"minutes, more than one round's {per_round} ({step['minutes']} minutes, {rounds} "
                        f"rounds); correct ':phases:' in {source}:{step.get('line', '')}")
    length = sum(m for _label, m in phases) or per_round
    plan_line = [{"p": " \u2192 ".join(f"{label} {m} min" for label, m in phases)}] if phases else []
    offset = rounds_before(steps, index)
    if rounds > 1:
        for number in range(1, rounds + 1):
            who = rotation(activity, number, offset)
            larger = rotation({**activity, "group": (activity.get("group") or 0) + 1}, number, offset) if who else ""
            body = [{"p": (f"{who}. " if who else "") + f"Take the round {number} cards."}, *plan_line]
            notes = watch if number == 1 else [("TIME", f"Round {number}: {length} min")]
            # A group one larger (the leftover people join groups): in the notes, the face has no room.
            extra = [(f"GROUPS OF {activity['group'] + 1}", f"{larger}.")] if larger else []
            slides.append(Slide(f"Round {number} of {rounds}: {activity['title']}", body, [*notes, *extra],
                                timer=length, phases=phases, kind="timer"))
    else:
        slides.append(Slide(f"Timer: {activity['title']}", plan_line, watch, timer=length, phases=phases,
                            kind="timer"))
    following = steps[index + 1].get("activity") if index + 1 < len(steps) else None
    debriefed_next = following is not None and following["private"] \
        and following["chapter"]["doc"] == activity["chapter"]["doc"]
    if not debriefed_next:
        slides += _debrief(f"Debrief: {activity['title']}", activity, asked(step), [], source)
    return slides


def _slides(title: str, items: list[dict[str, Any]], source: str, notes: list[tuple[str, str]],
            kind: str) -> list[Slide]:
    """One or more slides (split to fit); the notes go on the first, the others say they continue."""
    pages = _numbered(title, fit(title, items, source))
    return [Slide(name, page, notes if n == 0 else ([("NOTE", "Continued from the slide before.")] if notes else []),
                  kind=kind) for n, (name, page) in enumerate(pages)]


def _takeaways(deck: dict[str, Any]) -> list[Slide]:
    out: list[Slide] = []
    for chapter in deck["chapters"]:
        if chapter["takeaways"]:
            out += _slides(f"Key takeaways: {_chapter_name(chapter)}",
                           [{"list": chapter["takeaways"], "ordered": False}], chapter["doc"], [], "takeaways")
    return out


def _debrief(title: str, activity: dict[str, Any], questions: list[str], notes: list[tuple[str, str]],
             source: str) -> list[Slide]:
    """The debrief: the step's own questions to the room, else the chapter's discussion questions."""
    if questions:
        return _slides(title, [{"list": questions, "ordered": True}], source, notes, "debrief")
    questions = activity.get("debrief") or []
    if not questions:
        return [Slide(title, [{"p": "What worked? What would you do differently next time?"}], notes, kind="debrief")]
    where = activity["chapter"]["doc"] + " (its discussion questions)"
    return _slides(title, [{"list": questions, "ordered": True}], where, notes, "debrief")


# -- writing ---------------------------------------------------------------------------------------

_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def escape(text: str) -> str:
    """Plain text for MyST: every ASCII punctuation character backslash-escaped (CommonMark allows
    it), so no text from a page can become markup, a directive or HTML."""
    return _PUNCT.sub(r"\\\1", " ".join(text.split()))


def markdown(slides: list[Slide]) -> str:
    out = []
    for slide in slides:
        out.append(f"# {escape(slide.title)}\n")
        if slide.meta:
            out.append(f"{escape(slide.meta)}\n")
        for item in slide.items:
            if "p" in item:
                out.append(f"{escape(item['p'])}\n")
            else:
                marker = "1." if item["ordered"] else "-"
                out.append("".join(f"{marker} {escape(text)}\n" for text in item["list"]))
        if slide.timer:
            phases = f":phases: {json.dumps(slide.phases)}\n" if slide.phases else ""
            out.append(f":::{{deck-timer}} {slide.timer}\n{phases}:::\n")
        if slide.notes:
            body = "\n".join(f"**{label}:** {escape(text)}\n" for label, text in slide.notes)
            out.append(f"::::{{deck-notes}}\n{body}::::\n")
    return "\n".join(out)


# -- the run sheet ---------------------------------------------------------------------------------

#: The keys a run sheet names, by kind of step.
TIMER_KEYS = "T start/pause; + / - a minute; M sound"


def _first_say(step: dict[str, Any], limit: int = 150) -> str:
    say = next((text for term, text in step.get("parts") or [] if term == "SAY"), step.get("say", ""))
    say = " ".join(say.split())
    return say if len(say) <= limit else say[:limit].rsplit(" ", 1)[0] + " \u2026"


def _holding(step: dict[str, Any], before: dict[str, Any] | None = None) -> str:
    """What the participants hold during a step (``before``: the step before it)."""
    activity = step.get("activity")
    if activity is None:
        return "The handout and a pen."
    if activity["private"]:  # a debrief: of a role-play, the observers have their sheets
        played = before is not None and (before.get("activity") or {}).get("roles")
        return "Their notes and observer sheets." if played else "The handout and their notes."
    if activity.get("roles"):
        return "Players: their own card for the round. Observers: the round's observer sheet."
    return "The handout (the exercise is in it) and a pen."


def run_sheet_rows(deck: dict[str, Any], slides: list[Slide]) -> list[dict[str, str]]:
    """One row per script step: start, slides, keys, first line to say, what participants hold."""
    rows = []
    for index, step in enumerate(deck["steps"]):
        numbers = [n for n, slide in enumerate(slides, start=1) if slide.step == index]
        timed = any(slide.timer for slide in slides if slide.step == index)
        shown = (f"{numbers[0]}" if len(numbers) == 1 else f"{numbers[0]}\u2013{numbers[-1]}") if numbers else ""
        rows.append({"start": _clock(step["start"]), "minutes": str(step["minutes"]), "title": step["title"],
                     "slides": shown, "keys": TIMER_KEYS if timed else "\u2192 next slide",
                     "say": _first_say(step), "hold": _holding(step, deck["steps"][index - 1] if index else None)})
    return rows


def _fallback(deck: dict[str, Any]) -> list[str]:
    """If the projector fails: the timers and rotations to run without it."""
    lines = ["Run each timer on your phone and call the phase changes aloud; write the agenda on the flip chart."]
    for index, step in enumerate(deck["steps"]):
        activity = step.get("activity")
        if not activity or activity["private"]:
            continue
        offset = rounds_before(deck["steps"], index)
        phases = ", ".join(f"{label} {m} min" for label, m in step.get("phases") or [])
        rounds = activity.get("rounds", 1) if activity.get("roles") else 1
        text = f"{activity['title']}: " + (f"{rounds} rounds of {phases}" if rounds > 1 and phases
                                           else phases or f"{step['minutes']} min") + "."
        if rounds > 1 and rotation(activity, 1):
            text += " On the flip chart: " + "; ".join(f"round {n}: {rotation(activity, n, offset)}"
                                                        for n in range(1, rounds + 1)) + "."
        lines.append(text)
    return lines


def run_sheet_html(deck: dict[str, Any], slides: list[Slide]) -> str:
    """The one-page run sheet: the session's clock with slides, keys, first lines and what people hold."""
    esc = html.escape
    rows = "".join(
        f"<tr><td>{esc(r['start'])}<br><span class='blank'>__:__</span></td><td>{esc(r['minutes'])}</td>"
        f"<td><b>{esc(r['title'])}</b><br><i>{esc(r['say'])}</i></td><td>{esc(r['slides'])}</td>"
        f"<td>{esc(r['keys'])}</td><td>{esc(r['hold'])}</td></tr>" for r in run_sheet_rows(deck, slides))
    fallback = "".join(f"<li>{esc(line)}</li>" for line in _fallback(deck))
    style = ("body{font:8.5pt/1.3 sans-serif;margin:0}h1{font-size:13pt;margin:0 0 1mm}p{margin:0 0 2mm}"
             "table{border-collapse:collapse;width:100%}th,td{border:1px solid #888;padding:1.2mm;"
             "vertical-align:top;text-align:left}th{background:#eee}.blank{color:#888}"
             "h2{font-size:10pt;margin:3mm 0 1mm}ul{margin:0;padding-left:5mm}"
             "td:nth-child(1),td:nth-child(2),td:nth-child(4){white-space:nowrap}")
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Run sheet</title>"
            f"<style>{style}</style></head><body><h1>Run sheet: {esc(deck['title'])}</h1>"
            f"<p>{deck['minutes']} minutes. Write the real clock time under each start. Slides: "
            f"open slides/index.html in the kit; S opens the speaker view.</p>"
            f"<table><thead><tr><th>Start</th><th>Min</th><th>Step and first line to say</th><th>Slides</th>"
            f"<th>Keys</th><th>Participants hold</th></tr></thead><tbody>{rows}</tbody></table>"
            f"<h2>If the projector fails</h2><ul>{fallback}</ul></body></html>")


# -- checks ----------------------------------------------------------------------------------------


def visible_text(page_html: str) -> str:
    """What the room sees of a deck page: its slides without the speaker notes."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page_html, "html.parser")
    slides = soup.find("div", class_="slides")
    if slides is None:
        return ""
    for aside in slides.find_all("aside", class_="notes"):
        aside.decompose()
    return " ".join(slides.get_text(" ").split())


def leaks(text: str, private: list[str]) -> list[str]:
    """The sentences of trainer material found in ``text``."""
    flat = " ".join(text.split())
    return [sentence for sentence in private if sentence in flat]


def _chromium():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        raise DeckError("printing decks and checking their layout needs Chromium, which is not installed; "
                        "on Debian run: apt-get install chromium")
    return path


def measure_and_print(decks: list[tuple[Path, list[list[tuple[str, str]]], list[str]]], paper: str) -> None:
    """In one Chromium, for each (deck folder, notes per slide, titles): fail on a slide taller than the
    screen; write slides.pdf and speaker-notes.pdf.

    Runs in a thread of its own: Playwright's synchronous API refuses to start in a
    thread that already runs an event loop (a caller that drives a browser itself)."""
    import threading

    failure: list[BaseException] = []

    def work() -> None:
        try:
            _measure_and_print(decks, paper)
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)

    thread = threading.Thread(target=work, name="deck-printer")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def _measure_and_print(decks: list[tuple[Path, list[list[tuple[str, str]]], list[str]]], paper: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        try:
            for deck_dir, notes, titles, *sheet in decks:
                _measure_and_print_one(browser, deck_dir, notes, titles, paper, *sheet)
        finally:
            browser.close()


def _measure_and_print_one(browser, deck_dir: Path, notes: list[list[tuple[str, str]]], titles: list[str],
                           paper: str, run_sheet: str = "") -> None:
    index = (deck_dir / "index.html").resolve().as_uri()
    page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
    page.goto(index)
    page.wait_for_selector("html[data-deck-ready]")
    # reveal.js gives every slide the screen's height and hides what overflows:
    # the content's height is the bottom of its lowest element.
    heights = page.evaluate("""() => Reveal.getHorizontalSlides().map((slide, i) => {
        Reveal.slide(i);
        const parts = Array.from(slide.children).filter((c) => !c.matches("aside.notes"));
        return Math.ceil(Math.max(0, ...parts.map((c) => c.offsetTop + c.offsetHeight))); })""")
    tall = [(titles[i] if i < len(titles) else f"slide {i + 1}", h) for i, h in enumerate(heights) if h > HEIGHT]
    if tall:
        raise DeckError("; ".join(f"the slide '{t}' overflows the screen ({h} of {HEIGHT} pixels)" for t, h in tall)
                        + f" in the deck of session '{deck_dir.name.strip('.').removesuffix('.new')}': "
                          f"shorten its text")
    shots = []
    page.evaluate("Reveal.configure({controls: false, progress: false, slideNumber: false})")
    for i in range(len(heights)):
        page.evaluate(f"Reveal.slide({i})")
        shots.append(base64.b64encode(page.locator(".reveal").screenshot(type="png")).decode())
    page.goto(index + "?print-pdf")
    page.wait_for_selector("html[data-deck-ready]")
    page.wait_for_selector(".pdf-page")
    page.pdf(path=str(deck_dir / "slides.pdf"), prefer_css_page_size=True, print_background=True)
    page.set_content(_notes_html(titles, shots, notes))
    page.pdf(path=str(deck_dir / "speaker-notes.pdf"), format="A4" if paper == "a4" else "Letter",
             margin={"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"}, print_background=True)
    if run_sheet:
        _print_one_page(page, run_sheet, deck_dir / "run-sheet.pdf", paper)
    page.close()


def _print_one_page(page, content: str, target: Path, paper: str) -> None:
    """``content`` printed on one page: scaled down to fit (not below 60%), else a DeckError."""
    width_mm, height_mm = (210, 297) if paper == "a4" else (215.9, 279.4)
    margin = 12
    px = 96 / 25.4
    page.set_viewport_size({"width": int((width_mm - 2 * margin) * px), "height": HEIGHT})
    page.set_content(content)
    tall = page.evaluate("document.documentElement.scrollHeight")
    scale = min(1.0, (height_mm - 2 * margin) * px / tall * 0.98)
    if scale < 0.6:
        raise DeckError(f"the run sheet {target} does not fit on one page even at 60%; shorten the session's "
                        f"first SAY lines or its steps")
    page.pdf(path=str(target), format="A4" if paper == "a4" else "Letter", scale=scale,
             margin={k: f"{margin}mm" for k in ("top", "bottom", "left", "right")}, print_background=True)


def _notes_html(titles: list[str], shots: list[str], notes: list[list[tuple[str, str]]]) -> str:
    pages = []
    for number, (title, shot) in enumerate(zip(titles, shots), start=1):
        lines = "".join(f"<p><b>{html.escape(label)}:</b> {html.escape(text)}</p>" for label, text in notes[number - 1])
        pages.append(f'<section><h2>{number}. {html.escape(title)}</h2><img src="data:image/png;base64,{shot}" '
                     f'alt="Slide {number}"><div class="notes">{lines or "<p><i>No notes.</i></p>"}</div></section>')
    style = ("body{font:13pt/1.45 sans-serif;margin:0}section{page-break-after:always}"
             "section:last-child{page-break-after:auto}h2{font-size:14pt;margin:0 0 4mm}"
             "img{display:block;max-width:100%;max-height:95mm;border:1px solid #999}.notes{margin-top:5mm}"
             "p{margin:0 0 3mm}")
    return f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><style>{style}</style></head>" \
           f"<body>{''.join(pages)}</body></html>"


# -- the build ---------------------------------------------------------------------------------------


def variant_folder(name: str, written: int | None, length: int | None) -> str:
    """A kit's or a deck's folder: the session's name, with the length when it is not the written one
    (``new-clients-45min``), so a shorter version never replaces the kit as written."""
    return name if not length or length == written else f"{name}-{length}min"


def build_slides(paths, length: int | None = None) -> int:
    """Every session's deck into ``<builddir>/slides/<session>/`` (cut or lengthened to ``length``
    minutes: ``<session>-<length>min/``); 0 on success."""
    from handbook.publish.common import Paths, _error, _release_and_date, sphinx
    from handbook.editions import TRAINER

    from handbook.sphinxext.kit import bad_session_files

    bad = bad_session_files(paths.srcdir)
    if bad:  # '...md' would name the folder '..' and build over the whole build folder
        _error("a session's file name becomes its deck's folder, so it may hold only letters, digits, '-' and '_'; "
               "rename " + ", ".join(str(p) for p in bad))
        return 1
    trainer = Paths(srcdir=paths.srcdir, confdir=paths.confdir, builddir=paths.builddir, edition=TRAINER,
                    paper=paths.paper, extra=paths.extra)
    work = paths.builddir / "slides-src"
    manifest = work / "decks.json"
    lengthen = ["-D", f"handbook_session_length={length}"] if length else []
    status = sphinx("dummy", trainer, ["-q", "-D", f"handbook_slides_manifest={manifest}", *lengthen],
                    outdir=work / "dummy", doctrees=trainer.root / "doctrees" / ("slides" + (f"-{length}" if length
                                                                                             else "")))
    if status != 0:
        return status
    data = json.loads(manifest.read_text(encoding="utf-8"))
    if not data["decks"]:
        _error(f"no sessions found: add session pages to {paths.srcdir / 'sessions'} (see the maintainer's guide)")
        return 1
    release, date = _release_and_date(paths.confdir)
    outroot = paths.builddir / "slides"
    built, printing = [], []
    try:
        for session, deck in sorted(data["decks"].items()):
            name = variant_folder(session, deck.get("written_minutes"), length)
            slides = plan(deck, release, date)
            src = work / name
            atomic_write(src / "index.md", markdown(slides))
            stage = outroot / f".{name}.new"
            shutil.rmtree(stage, ignore_errors=True)
            built.append((name, stage, len(slides)))  # staged: removed below if anything fails
            status = _deck_sphinx(src, stage, work / "doctrees" / name)
            if status != 0:
                raise DeckError(f"the deck of {deck['source']} did not build (problems above)")
            found = leaks(visible_text((stage / "index.html").read_text(encoding="utf-8")), data["private"])
            if found:
                raise DeckError(f"trainer material would be projected in the deck of {deck['source']}: "
                                + "; ".join(repr(s[:80]) for s in found[:3]))
            _prune(stage)
            printing.append((stage, [s.notes for s in slides], [s.title for s in slides], deck["source"],
                             run_sheet_html(deck, slides)))
        measure_and_print([(*job[:3], job[4]) for job in printing], paths.paper)  # one Chromium for every deck
        from pypdf import PdfReader

        for stage, _notes, _titles, source, _sheet in printing:
            pdf_text = " ".join(p.extract_text() or "" for p in PdfReader(stage / "slides.pdf").pages)
            found = leaks(pdf_text, data["private"])
            if found:
                raise DeckError(f"trainer material is in the printed deck of {source}: "
                                + "; ".join(repr(s[:80]) for s in found[:3]))
    except DeckError as exc:
        for _name, stage, _count in built:
            shutil.rmtree(stage, ignore_errors=True)  # the decks already there stay as they were
        _error(str(exc))
        return 1
    for name, stage, _count in built:
        final, old = outroot / name, outroot / f".{name}.old"
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            final.rename(old)
        stage.rename(final)
        shutil.rmtree(old, ignore_errors=True)
        kit = paths.builddir / "kit" / name
        if kit.is_dir():
            for pdf in DECK_FILES:
                atomic_copy(final / pdf, kit / pdf)
    print(f"{len(built)} decks are in {outroot} ("
          + ", ".join(f"{name}: {count} slides" for name, _stage, count in built) + ")"
          + "; each with slides.pdf and speaker-notes.pdf")
    return 0


#: What sphinx-revealjs copies that a deck does not use: reveal.js's other plugins, the notes
#: plugin's page (notes.js carries its own copy), Sphinx's search and the sources.
UNUSED = ("_static/revealjs/plugin/markdown", "_static/revealjs/plugin/math", "_static/revealjs/plugin/highlight",
          "_static/revealjs/plugin/search", "_static/revealjs/plugin/zoom",
          "_static/revealjs/plugin/notes/speaker-view.html", "_sources", "objects.inv", "_static/searchtools.js",
          "_static/language_data.js", ".buildinfo")


def _prune(deck_dir: Path) -> None:
    for name in UNUSED:
        target = deck_dir / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()


def _deck_sphinx(srcdir: Path, outdir: Path, doctrees: Path) -> int:
    """sphinx-revealjs over one generated deck page, strictly, with ``handbook/publish/deck/conf.py``."""
    from sphinx.cmd.build import build_main

    from handbook.publish.common import STRICT

    argv = ["-b", "revealjs", "-c", str(CONF), "-d", str(doctrees), "-q", *STRICT, "-E", str(srcdir), str(outdir)]
    try:
        return build_main(argv)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
