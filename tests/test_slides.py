"""make slides: a reveal.js deck per session, what it shows and hides, its timer, its PDFs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from handbook.publish import slides as slides_module
from handbook.__main__ import main
from tests.conftest import require_programs

ROOT = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).parent / "roots"
OBJECTIVES = "\n## Objectives\n\n- PUBLIC-OBJECTIVE: open the renewal call with the reason for the price.\n" \
             "- Ask before you explain.\n"
TITLES = ["Session: The renewal call", "Objectives", "Agenda", "Welcome", "Set-up: The renewal call",
          "Round 1 of 2: The renewal call", "Round 2 of 2: The renewal call", "Debrief: The renewal call",
          "Set-up: Rewrite the price email", "Timer: Rewrite the price email", "Debrief: Rewrite the price email",
          "Close"]
PRIVATE = re.compile(r"PRIVATE-[A-Z-]+")


def kit_root(tmp: Path) -> Path:
    src = tmp / "src"
    shutil.copytree(ROOTS / "test-kit", src)
    with (src / "sessions" / "renewal.md").open("a", encoding="utf-8") as handle:
        handle.write(OBJECTIVES)
    return src


def run(src: Path, *args: str) -> int:
    return main(["build", *args, "--srcdir", str(src), "--confdir", str(src), "--builddir", str(src.parent / "b")])


def slide_sections(page: Path) -> list:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return soup.select("div.slides > section")


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def deck(tmp_path_factory) -> Path:
    require_programs("chromium")
    src = kit_root(tmp_path_factory.mktemp("slides"))
    assert run(src, "slides") == 0
    return src.parent / "b" / "slides" / "renewal"


def test_a_deck_has_the_sessions_slides_in_order(deck):
    titles = [section.find("h1").get_text(strip=True) for section in slide_sections(deck / "index.html")]
    assert titles == TITLES
    sections = {s.find("h1").get_text(strip=True): " ".join(s.get_text(" ").split())
                for s in slide_sections(deck / "index.html")}
    assert "45 minutes" in sections["Session: The renewal call"]
    assert "PUBLIC-OBJECTIVE" in sections["Objectives"]
    assert "0:05 Role-play: the renewal call (30 min)" in sections["Agenda"]
    assert "PUBLIC-SCENARIO" in sections["Set-up: The renewal call"]
    assert "Groups of 4" in sections["Set-up: The renewal call"] and "2 rounds" in sections["Set-up: The renewal call"]
    # A role-play of two rounds gets a timer per round (30 minutes: 15 each) and says who plays what.
    assert "15:00" in sections["Round 1 of 2: The renewal call"] and "10:00" in sections["Timer: Rewrite the price email"]
    assert "A plays the account manager, B the office manager, C the director, D observes. Take the round 1 " \
           "cards." in sections["Round 1 of 2: The renewal call"]
    assert "B plays the account manager, C the office manager, D the director, A observes. Take the round 2 " \
           "cards." in sections["Round 2 of 2: The renewal call"]
    # A group one larger (the leftover people join groups) is in the round's notes: two observe.
    assert "GROUPS OF 5: A plays the account manager, B the office manager, C the director, D and E observe." \
        in sections["Round 1 of 2: The renewal call"]


def test_speaker_notes_hold_the_script_and_the_faces_hold_no_trainer_material(deck):
    for section in slide_sections(deck / "index.html"):
        notes = " ".join(aside.get_text(" ") for aside in section.select("aside.notes"))
        for aside in section.select("aside.notes"):
            aside.decompose()
        assert PRIVATE.findall(section.get_text(" ")) == [], section.find("h1").get_text()
        if section.find("h1").get_text(strip=True) == "Welcome":
            assert "SAY: Today we practice the renewal call. PRIVATE-SAY-WELCOME" in " ".join(notes.split())
            assert "WATCH FOR: People who sit with their own team. PRIVATE-WATCH" in " ".join(notes.split())


def test_the_printed_deck_has_one_slide_a_page_and_the_notes_pdf_the_script(deck):
    pages = pdf_pages(deck / "slides.pdf")
    assert len(pages) == len(TITLES)
    for title, page in zip(TITLES, pages):
        assert title in page
    assert PRIVATE.findall("\n".join(pages)) == []
    notes = pdf_pages(deck / "speaker-notes.pdf")
    assert len(notes) == len(TITLES)
    assert "PRIVATE-SAY-WELCOME" in notes[TITLES.index("Welcome")]


def test_the_run_sheet_is_one_page_with_the_clock_slides_keys_and_a_plan_without_projector(deck):
    [sheet] = pdf_pages(deck / "run-sheet.pdf")
    text = " ".join(sheet.split())
    assert "Run sheet: Session: The renewal call" in text
    for start, title in (("0:00", "Welcome"), ("0:05", "Role-play: the renewal call"), ("0:35", "Exercise and close")):
        assert start in text and title in text
    first = TITLES.index("Set-up: The renewal call") + 1
    last = TITLES.index("Debrief: The renewal call") + 1
    assert f"{first}\u2013{last}" in text or f"{first}-{last}" in text  # the role-play's slides, its debrief too
    assert "T start/pause" in text and "Today we practice the renewal call." in text
    assert "Players: their own card for the round." in text
    assert "If the projector fails" in text and "round 2: B plays the account manager" in text
    assert PRIVATE.findall(text) == ["PRIVATE-SAY-WELCOME"]  # the trainer's own first line, nothing else


def watched_page(browser, deck: Path):
    """A new page, and the lists its console errors and requests outside the deck's folder go to."""
    page = browser.new_page()
    errors, outside = [], []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    folder = deck.resolve().as_uri() + "/"
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith((folder, "data:")) else None)
    return page, errors, outside


def test_a_deck_runs_offline_in_chromium_with_no_error_and_no_request_outside_its_folder(deck, browser):
    page, errors, outside = watched_page(browser, deck)
    page.goto((deck / "index.html").resolve().as_uri())
    page.wait_for_selector("html[data-deck-ready]")
    assert page.evaluate("Reveal.getTotalSlides()") == len(TITLES)
    page.keyboard.press("ArrowRight")
    assert page.evaluate("Reveal.getIndices().h") == 1
    assert errors == [] and outside == []
    page.close()


def test_the_timer_starts_pauses_and_resets_from_the_keyboard_with_a_fake_clock(deck, browser):
    page = browser.new_page()
    page.clock.install()
    page.goto((deck / "index.html").resolve().as_uri() + f"#/{TITLES.index('Round 1 of 2: The renewal call')}")
    page.wait_for_selector("html[data-deck-ready]")
    timer = page.locator("section.present .deck-timer")
    clock = timer.locator(".deck-timer-clock")
    assert clock.text_content() == "15:00" and timer.get_attribute("data-state") == "paused"
    page.keyboard.press("t")
    page.clock.run_for(65_000)
    assert clock.text_content() == "13:55" and timer.get_attribute("data-state") == "running"
    page.keyboard.press("t")  # pause
    page.clock.run_for(60_000)
    assert clock.text_content() == "13:55" and timer.get_attribute("data-state") == "paused"
    page.keyboard.press("t")  # resume, then run out: past 0:00 the clock counts the overtime
    page.clock.run_for(14 * 60_000)
    assert clock.text_content() == "+0:05" and timer.get_attribute("data-state") == "done"
    page.keyboard.press("r")
    assert clock.text_content() == "15:00" and timer.get_attribute("data-state") == "paused"
    timer.locator(".deck-timer-toggle").click()  # the button does what T does
    page.clock.run_for(1_000)
    assert clock.text_content() == "14:59"
    page.close()


def test_the_speaker_view_shows_the_scripts_notes_under_the_decks_policy(deck, browser):
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto((deck / "index.html").resolve().as_uri() + f"#/{TITLES.index('Welcome')}")
    page.wait_for_selector("html[data-deck-ready]")
    with page.expect_popup() as opened:
        page.keyboard.press("s")
    view = opened.value
    notes = view.locator(".speaker-controls-notes .value")
    expect(notes).to_contain_text("SAY: Today we practice the renewal call. PRIVATE-SAY-WELCOME", timeout=15_000)
    expect(notes).to_contain_text("WATCH FOR: People who sit with their own team.")
    expect(notes).to_contain_text("TIME: 0:00 to 0:05, 5 min: Welcome")
    expect(notes).to_contain_text("DO: Put people in groups of four.")
    # T pressed in the speaker view starts the projected deck's timer too.
    page.evaluate(f"Reveal.slide({TITLES.index('Round 1 of 2: The renewal call')})")
    expect(view.locator(".speaker-controls-notes .value")).to_contain_text("TIME: 0:05 to 0:35", timeout=15_000)
    view.keyboard.press("t")
    expect(page.locator("section.present .deck-timer")).to_have_attribute("data-state", "running", timeout=15_000)
    view.keyboard.press("r")
    expect(page.locator("section.present .deck-timer")).to_have_attribute("data-state", "paused", timeout=15_000)
    view.close()
    page.close()


def test_the_deck_runs_under_the_sites_content_security_policy(deck, browser):
    from handbook.csp import policy

    header, problems = policy(deck)
    assert problems == []
    from tests.conftest import serve

    url, server = serve(deck, {"Content-Security-Policy": header})
    try:
        page = browser.new_page()
        errors, missing = [], []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" and "404" not in msg.text else None)
        # The browser asks the server root for /favicon.ico, which is not the deck's.
        page.on("response", lambda response: missing.append(response.url)
                if response.status >= 400 and not response.url.endswith("/favicon.ico") else None)
        page.goto(url + "index.html#/" + str(TITLES.index("Timer: Rewrite the price email")))
        page.wait_for_selector("html[data-deck-ready]")
        page.clock.install()
        page.keyboard.press("t")
        page.clock.run_for(2_000)
        assert page.locator("section.present .deck-timer").get_attribute("data-state") == "running"
        page.keyboard.press("ArrowLeft")  # the activity's set-up, whose notes hold the step's SAY
        with page.expect_popup() as opened:  # the speaker view, under the header too
            page.keyboard.press("s")
        from playwright.sync_api import expect

        expect(opened.value.locator(".speaker-controls-notes .value")).to_contain_text("SAY: Rewrite the email.",
                                                                                      timeout=15_000)
        assert errors == [] and missing == []
        page.close()
    finally:
        server.shutdown()


def test_the_kit_holds_the_deck_and_the_trainer_page_links_it(tmp_path, browser):
    require_programs("chromium", "xelatex", "latexmk")
    src = kit_root(tmp_path)
    assert run(src, "kit", "--group", "9") == 0
    folder = src.parent / "b" / "kit" / "renewal"
    assert {"slides.pdf", "speaker-notes.pdf", "run-sheet.pdf", "slides"} <= {p.name for p in folder.iterdir()}
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert "slides.pdf" in readme and "speaker-notes.pdf" in readme and "open slides/index.html" in readme
    assert "run-sheet.pdf          1 copy" in readme
    # The deck inside the kit runs from there alone: no request outside the kit's slides folder.
    page, errors, outside = watched_page(browser, folder / "slides")
    page.goto((folder / "slides" / "index.html").resolve().as_uri())
    page.wait_for_selector("html[data-deck-ready]")
    assert errors == [] and outside == []
    page.close()
    assert run(src, "html", "--edition", "trainer") == 0
    page = src.parent / "b" / "trainer" / "html" / "sessions" / "renewal.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    [link] = soup.select(".handbook-deck-link a")
    assert (page.parent / link["href"]).resolve() == (src.parent / "b" / "slides" / "renewal" / "index.html")


# -- what fails the build ------------------------------------------------------------------------


def test_a_paragraph_too_long_for_a_slide_fails_the_build_naming_the_slide(tmp_path, capsys):
    src = kit_root(tmp_path)
    chapter = src / "chapter.md"
    long = "PUBLIC-SCENARIO: " + " ".join(["the account manager calls the client about the renewal"] * 30)
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(re.sub(r"PUBLIC-SCENARIO:[^\n]*\n[^\n]*\n", long + "\n", text, count=1), encoding="utf-8")
    assert run(src, "slides", ) == 1
    err = capsys.readouterr().err
    assert "the slide 'Set-up: The renewal call' would overflow the screen: a paragraph of" in err
    assert "(the block 'rp-renewal')" in err
    decks = src.parent / "b" / "slides"
    assert not decks.exists() or list(decks.iterdir()) == []  # nothing half-built, no staging folder left


def test_a_slide_taller_than_the_screen_in_chromium_fails_with_its_name(tmp_path, capsys, monkeypatch):
    require_programs("chromium")
    monkeypatch.setattr(slides_module, "BODY_LINES", 1000.0)  # let the text past the estimate: Chromium measures
    src = kit_root(tmp_path)
    chapter = src / "chapter.md"
    text = chapter.read_text(encoding="utf-8")
    extra = "\n".join(f"- Point {n}: the client asks about the price again." for n in range(30))
    chapter.write_text(text.replace("PUBLIC-SCENARIO:", extra + "\n\nPUBLIC-SCENARIO:", 1), encoding="utf-8")
    assert run(src, "slides") == 1
    err = capsys.readouterr().err
    assert re.search(r"the slide 'Set-up: The renewal call' overflows the screen \(\d+ of 720 pixels\) in the deck "
                     r"of session 'renewal'", err), err
    assert list((src.parent / "b" / "slides").iterdir()) == []  # the staged deck removed, nothing half-built


def test_a_long_list_is_split_over_numbered_slides():
    pages = slides_module.fit("Agenda", [{"list": [f"Item {n} of the agenda" for n in range(30)], "ordered": False}],
                              "session.md")
    assert len(pages) > 1 and sum(len(page[0]["list"]) for page in pages) == 30
    titles = [title for title, _ in slides_module._numbered("Agenda", pages)]
    assert titles[0] == f"Agenda (1/{len(pages)})"


def test_trainer_material_copied_into_a_public_scenario_fails_the_build(tmp_path, capsys):
    src = kit_root(tmp_path)
    chapter = src / "chapter.md"
    text = chapter.read_text(encoding="utf-8")
    secret = "The director already has a quote from another reseller that is lower."
    text = text.replace("PRIVATE-DIR-TWO", f"PRIVATE-DIR-TWO. {secret}", 1)
    text = text.replace("PUBLIC-SCENARIO:", f"{secret}\n\nPUBLIC-SCENARIO:", 1)
    chapter.write_text(text, encoding="utf-8")
    assert run(src, "slides") == 1
    err = capsys.readouterr().err
    assert "trainer material would be projected in the deck of" in err and "another reseller" in err


def test_text_from_a_page_cannot_become_markup_on_a_slide():
    hostile = "<script>alert(1)</script> {raw}`html` ```{eval-rst}``` [x](javascript:alert(1)) *bold*"
    written = slides_module.markdown([slides_module.Slide("T", [{"p": hostile}])])
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render(written)
    assert "<script>" not in rendered and "<a " not in rendered and "<em>" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered


# -- the real handbook -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def handbook_decks(tmp_path_factory) -> Path:
    require_programs("chromium")
    builddir = tmp_path_factory.mktemp("decks") / "_build"
    assert main(["build", "slides", "--builddir", str(builddir)]) == 0
    return builddir


def test_make_slides_builds_a_deck_per_session_of_the_handbook(handbook_decks):
    sessions = sorted(p.stem for p in (ROOT / "docs" / "sessions").glob("*.md") if p.stem != "index")
    decks = handbook_decks / "slides"
    assert sorted(p.name for p in decks.iterdir()) == sessions
    for name in sessions:
        sections = slide_sections(decks / name / "index.html")
        titles = [s.find("h1").get_text(strip=True) for s in sections]
        source = (ROOT / "docs" / "sessions" / f"{name}.md").read_text(encoding="utf-8")
        assert titles[0] == re.search(r"^# (.+)$", source, re.M)[1]
        assert titles[1:3] == ["Objectives", "Agenda"] and titles[-1] == "Close"
        assert any(t.startswith(("Timer: ", "Round 1 of ")) for t in titles)
        assert any(t.startswith("Key takeaways: Chapter") for t in titles)
        assert len(PdfReader(decks / name / "slides.pdf").pages) == len(titles)


def test_no_private_brief_of_the_handbook_is_on_a_slide(handbook_decks, handbook_trainer_html):
    secrets = set()
    for page in handbook_trainer_html.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for block in soup.select("div.role-brief, div.handbook-model-answer, div.handbook-trainer-note"):
            for paragraph in block.find_all("p"):
                text = " ".join(paragraph.get_text(" ").split())
                if len(text.split()) >= 8:
                    secrets.add(text)
    assert len(secrets) > 50
    for deck in (handbook_decks / "slides").iterdir():
        visible = slides_module.visible_text((deck / "index.html").read_text(encoding="utf-8"))
        printed = " ".join(" ".join(p.split()) for p in pdf_pages(deck / "slides.pdf"))
        assert [s for s in secrets if s in visible or s in printed] == [], deck.name


def test_a_lead_in_stays_with_its_list():
    lead = {"p": "In ten minutes, the group answers three questions:"}
    body = {"p": " ".join(["The account manager calls the client about the renewal."] * 11)}
    pages = slides_module.fit("Set-up", [body, lead, {"list": ["One?", "Two?", "Three?"], "ordered": True}], "x.md")
    assert len(pages) == 2 and pages[1][0] == lead and pages[1][1]["list"][0] == "One?"


def test_the_rotation_moves_each_letter_one_role_on_per_round():
    activity = {"roles": ["Account manager", "Client"], "group": 3}
    assert [slides_module.rotation(activity, n) for n in (1, 2, 3)] == [
        "A plays the account manager, B the client, C observes",
        "B plays the account manager, C the client, A observes",
        "C plays the account manager, A the client, B observes"]
    # A second role-play goes on where the first stopped: in a group of four, D plays the first role.
    four = {"roles": ["Seller", "Buyer"], "group": 4}
    assert slides_module.rotation(four, 1, 3) == "D plays the seller, A the buyer, B and C observe"
    assert slides_module.rotation({"roles": ["Manager", "Rep"], "group": None}, 1) == ""


def test_a_steps_questions_to_the_room_are_its_quoted_asks():
    step = {"parts": [["SAY", '"Welcome." '], ["ASK", 'During the rounds, ask an observer: "How many times did the '
                                                       'account manager defend the old option?" Take two answers.'],
                      ["WATCH FOR", 'People who say "Is this right?" too often.']]}
    assert slides_module.asked(step) == ["How many times did the account manager defend the old option?"]


def test_the_notes_hold_every_line_of_the_script_in_order():
    step = {"title": "Welcome", "start": 5, "minutes": 4,
            "parts": [["SAY", "Hello."], ["DO", "Hand out."], ["SAY", "Then this."], ["IF RUNNING LATE", "Skip."]]}
    assert slides_module._notes(step) == [("TIME", "0:05 to 0:09, 4 min: Welcome"), ("SAY", "Hello."),
                                          ("DO", "Hand out."), ("SAY", "Then this."), ("IF RUNNING LATE", "Skip.")]


def test_every_deck_of_the_handbook_opens_in_chromium_cleanly(handbook_decks, browser):
    for deck in sorted((handbook_decks / "slides").iterdir()):
        page, errors, outside = watched_page(browser, deck)
        page.goto((deck / "index.html").resolve().as_uri())
        page.wait_for_selector("html[data-deck-ready]")
        titles = [s.find("h1").get_text(strip=True) for s in slide_sections(deck / "index.html")]
        assert page.evaluate("Reveal.getTotalSlides()") == len(titles)
        page.keyboard.press("End")
        assert page.locator("section.present h1").text_content() == "Close"
        assert errors == [] and outside == [], (deck.name, errors, outside)
        page.close()


PHASES = ":phases: Read the cards 3, Call 9, Feedback 3\n"


def test_a_timer_with_phases_counts_each_down_in_turn(tmp_path, browser):
    require_programs("chromium")
    src = kit_root(tmp_path)
    session = src / "sessions" / "renewal.md"
    session.write_text(session.read_text(encoding="utf-8").replace(":activity: rp-renewal\n",
                                                                   ":activity: rp-renewal\n" + PHASES),
                       encoding="utf-8")
    assert run(src, "slides") == 0
    deck = src.parent / "b" / "slides" / "renewal"
    sections = {s.find("h1").get_text(strip=True): " ".join(s.get_text(" ").split())
                for s in slide_sections(deck / "index.html")}
    assert "Read the cards 3 min \u2192 Call 9 min \u2192 Feedback 3 min" in sections["Round 1 of 2: The renewal call"]
    page = browser.new_page()
    page.clock.install()
    page.goto((deck / "index.html").resolve().as_uri() + f"#/{TITLES.index('Round 1 of 2: The renewal call')}")
    page.wait_for_selector("html[data-deck-ready]")
    timer = page.locator("section.present .deck-timer")
    phase, clock = timer.locator(".deck-timer-phase"), timer.locator(".deck-timer-clock")
    assert (phase.text_content(), clock.text_content()) == ("Read the cards", "3:00")
    page.keyboard.press("t")
    page.clock.run_for(65_000)
    assert (phase.text_content(), clock.text_content()) == ("Read the cards", "1:55")
    page.clock.run_for(120_000)  # 3:05 in: the call has run five seconds
    assert (phase.text_content(), clock.text_content()) == ("Call", "8:55")
    page.clock.run_for(12 * 60_000 - 5_000)
    assert (phase.text_content(), clock.text_content()) == ("Time's up", "0:00")
    assert timer.get_attribute("data-state") == "done"
    page.close()


def test_the_timer_can_be_lengthened_and_shortened_and_signals_each_phase_change(tmp_path, browser):
    """+ and - change the phase now running by a minute; a phase change flashes and beeps (M: no sound);
    after 0:00 the clock counts the overtime. A fake clock drives it all."""
    require_programs("chromium")
    src = kit_root(tmp_path)
    session = src / "sessions" / "renewal.md"
    session.write_text(session.read_text(encoding="utf-8").replace(":activity: rp-renewal\n",
                                                                   ":activity: rp-renewal\n" + PHASES),
                       encoding="utf-8")
    assert run(src, "slides") == 0
    deck = src.parent / "b" / "slides" / "renewal"
    page = browser.new_page()
    page.clock.install()
    page.goto((deck / "index.html").resolve().as_uri() + f"#/{TITLES.index('Round 1 of 2: The renewal call')}")
    page.wait_for_selector("html[data-deck-ready]")
    timer = page.locator("section.present .deck-timer")
    phase, clock = timer.locator(".deck-timer-phase"), timer.locator(".deck-timer-clock")
    assert "M: sound on" in timer.locator(".deck-timer-help").text_content()
    page.keyboard.press("t")
    page.clock.run_for(30_000)
    page.keyboard.press("+")  # reading the cards takes longer: 3:30 left of 4 minutes
    assert (phase.text_content(), clock.text_content()) == ("Read the cards", "3:30")
    assert timer.get_attribute("data-minutes") == "16"
    page.keyboard.press("-")
    page.keyboard.press("-")  # now 2 minutes of reading, half a minute of it gone
    assert clock.text_content() == "1:30" and timer.get_attribute("data-minutes") == "14"
    assert timer.get_attribute("data-signals") == "0"
    page.clock.run_for(91_000)  # the call starts: a flash and a beep
    assert (phase.text_content(), clock.text_content()) == ("Call", "8:59")
    assert timer.get_attribute("data-signals") == "1" and timer.get_attribute("data-beeps") == "1"
    assert "flash" in timer.get_attribute("class")
    page.clock.run_for(2_500)
    assert "flash" not in timer.get_attribute("class")
    page.keyboard.press("m")  # sound off: the next change only flashes
    assert timer.get_attribute("data-sound") == "off" and "M: sound off" in timer.text_content()
    page.keyboard.press("-")  # a minute less for the call
    page.clock.run_for(8 * 60_000)
    assert phase.text_content() == "Feedback"
    assert timer.get_attribute("data-signals") == "2" and timer.get_attribute("data-beeps") == "1"
    page.clock.run_for(3 * 60_000 + 30_000 - 3_500)  # 0:00, then 30 s over
    assert (phase.text_content(), clock.text_content()) == ("Time's up", "+0:30")
    assert timer.get_attribute("data-state") == "done" and timer.get_attribute("data-signals") == "3"
    page.keyboard.press("r")
    assert (phase.text_content(), clock.text_content()) == ("Read the cards", "3:00")
    assert timer.get_attribute("data-minutes") == "15"
    page.close()


@pytest.mark.parametrize(("phases", "message"), [
    (":phases: Read the cards, Call 9\n", "':phases:' part 'Read the cards' is not a label and its minutes"),
    (":phases: Read the cards 10, Call 25\n", "the phases add up to 35 minutes, more than the step's 30"),
])
def test_bad_phases_fail_the_build_with_file_and_line(tmp_path, capsys, phases, message):
    src = kit_root(tmp_path)
    session = src / "sessions" / "renewal.md"
    session.write_text(session.read_text(encoding="utf-8").replace(":activity: rp-renewal\n",
                                                                   ":activity: rp-renewal\n" + phases),
                       encoding="utf-8")
    assert run(src, "html", "--edition", "trainer") != 0
    err = capsys.readouterr().err
    assert re.search(rf"{re.escape(str(session))}:\d+: WARNING: script-step: {re.escape(message)}", err), err


def test_phases_longer_than_a_round_fail_the_deck(tmp_path, capsys):
    src = kit_root(tmp_path)
    session = src / "sessions" / "renewal.md"
    session.write_text(session.read_text(encoding="utf-8").replace(
        ":activity: rp-renewal\n", ":activity: rp-renewal\n:phases: Read the cards 5, Call 20\n"), encoding="utf-8")
    assert run(src, "slides") == 1
    err = capsys.readouterr().err
    assert "the phases of the step 'Role-play: the renewal call' add up to 25 minutes, more than one round's 15 " \
           "(30 minutes, 2 rounds)" in err


def test_the_facilitator_script_shows_the_phases_the_timer_runs(tmp_path):
    src = kit_root(tmp_path)
    session = src / "sessions" / "renewal.md"
    session.write_text(session.read_text(encoding="utf-8").replace(":activity: rp-renewal\n",
                                                                   ":activity: rp-renewal\n" + PHASES),
                       encoding="utf-8")
    assert run(src, "html", "--edition", "trainer") == 0
    page = BeautifulSoup((src.parent / "b" / "trainer" / "html" / "sessions" / "renewal.html").read_text(
        encoding="utf-8"), "html.parser")
    [line] = page.select("div.handbook-script-step p.handbook-phases")
    assert line.get_text() == "On the timer: Read the cards (3 min); Call (9 min); Feedback (3 min)."


def test_a_session_without_a_usual_group_size_still_gets_its_deck(tmp_path):
    """`:group:` is optional on {session}: without it the rounds say no rotation, and nothing breaks."""
    src = kit_root(tmp_path)
    session = src / "sessions" / "renewal.md"
    text = session.read_text(encoding="utf-8")
    assert ":group: 4\n" in text
    session.write_text(text.replace(":group: 4\n", ""), encoding="utf-8")
    assert run(src, "slides") == 0
    sections = {s.find("h1").get_text(strip=True): " ".join(s.get_text(" ").split())
                for s in slide_sections(src.parent / "b" / "slides" / "renewal" / "index.html")}
    assert "roles: Account manager, Office manager, Director; 2 rounds" in sections["Set-up: The renewal call"]
    assert sections["Round 2 of 2: The renewal call"].startswith("Round 2 of 2: The renewal call Take the round 2 cards.")


def test_a_learning_objectives_heading_gives_the_deck_its_objectives(tmp_path):
    src = kit_root(tmp_path)
    session = src / "sessions" / "renewal.md"
    session.write_text(session.read_text(encoding="utf-8").replace("## Objectives", "## Learning objectives"),
                       encoding="utf-8")
    assert run(src, "slides") == 0
    sections = {s.find("h1").get_text(strip=True): " ".join(s.get_text(" ").split())
                for s in slide_sections(src.parent / "b" / "slides" / "renewal" / "index.html")}
    assert "PUBLIC-OBJECTIVE" in sections["Objectives"]
