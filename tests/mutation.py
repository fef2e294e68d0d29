"""Mutation testing: does the test suite notice when the code is wrong?

Two passes, each on a copy of the project (the working tree is never changed):

* **The tool pass** (mutmut 3.8.1, configured in ``setup.cfg``): mutmut writes
  every mutant it can think of (swapped comparisons, numbers off by one,
  strings and arguments replaced, ``and``/``or``, ``break``/``continue``...) in
  one guarding module (``GUARDING`` below: the modules between a user and a loss)
  and runs the tests that cover that module, chosen by mutmut's per-test
  coverage within the module's tests. A mutant reached only from a build in a
  child process (the interrupted-build tests, the shared builds) has no
  in-process coverage; it is run against all of the module's tests.
  Survivors listed in ``tests/mutants-equivalent.txt`` (with one line on why)
  are equivalent and leave the score; every other survivor is printed with its
  diff. Score = killed (timeouts count as killed) / (mutants - equivalent).
* **The hand pass**: the hand-written mutants below, kept only where mutmut
  cannot express the slip (module-level constants and class attributes, a
  statement dropped, one name swapped for another, JavaScript) or where the
  module is outside ``GUARDING``.

``make mutation`` runs both passes on what the branch changed since it left
main (``git merge-base HEAD main``, plus uncommitted and new files);
``make mutation-all`` on everything. Options: ``--module PATH`` (repeatable)
runs the tool on chosen modules, ``--only ID`` chosen hand mutants, ``--list``
lists both, ``--report`` prints the last run's scores (also of a stopped run), ``--jobs N`` runs N mutants at once, ``--min-ratio`` (default 0.85)
is the score below which the pass fails. Results stay in ``_build/mutation/``:
``cd _build/mutation/<name> && ../../../.venv/bin/mutmut show <mutant>`` shows one.
"""

from __future__ import annotations

import argparse
import json
import concurrent.futures
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutant:
    id: str
    file: str           # relative to the repository root
    old: str            # must occur exactly once
    new: str
    tests: tuple[str, ...]  # pytest node ids or files that should notice
    what: str


M = Mutant
SX = "handbook/sphinxext/"
MUTANTS: tuple[Mutant, ...] = (
    # -- editions ------------------------------------------------------------------------
    M("edition-excludes-wrong", SX + "editions.py", "if config.handbook_edition == PARTICIPANT:",
      "if config.handbook_edition == TRAINER:", ("tests/test_editions.py",),
      "trainer-only pages excluded from the wrong edition"),
    # -- blocks --------------------------------------------------------------------------
    M("empty-block-accepted", SX + "blocks.py", 'if not "\\n".join(self.content).strip():',
      'if "\\n".join(self.content).strip() == "ignored":', ("tests/test_blocks.py",), "an empty block accepted"),
    M("empty-required-option", SX + "blocks.py",
      '            if key in self.required_options and not str(value or "").strip():\n                continue',
      '            if False:\n                continue', ("tests/test_role_play_parts.py",),
      "an empty required role-play part reported as a bad value, not as missing"),
    M("role-play-not-indexed", SX + "blocks.py", 'INDEXED_KINDS = ("template", "checklist", "exercise", "role-play")',
      'INDEXED_KINDS = ("template", "checklist", "exercise")', ("tests/test_block_index_entries.py",), "role-play titles not in index/search"),
    M("no-tick-boxes", SX + "blocks.py", 'self.problem("write the items as a bullet list (\'- item\')")\n'
      '        for bullet_list in lists:\n            bullet_list["classes"].append("handbook-ticks")',
      'self.problem("write the items as a bullet list (\'- item\')")\n        for bullet_list in lists:\n            pass', ("tests/test_blocks.py", "tests/test_browser.py"), "checklists without tick boxes"),
    M("label-without-title", SX + "blocks.py", 'if labelid and node["title"]:', 'if labelid and not node["title"]:',
      ("tests/test_blocks.py",), "block labels without their title as link text"),
    M("own-title-hidden", SX + "blocks.py", "if self.arguments or self.default_title is None:",
      "if self.default_title is None:", ("tests/test_block_titles.py",), "a key-takeaways block's own title dropped"),
    M("unknown-option-ignored", SX + "blocks.py", "            if key not in allowed:",
      "            if key not in allowed and False:", ("tests/test_blocks.py",), "an unknown block option ignored"),
    # -- chapters, numbering, links -------------------------------------------------------
    M("review-boundary", SX + "chapters.py", "    return due < day", "    return due <= day",
      ("tests/test_incremental.py", "tests/test_chapters.py"), "review notice a day early"),
    M("owner-optional", SX + "chapters.py", 'REQUIRED = ("summary", "sources", "audience", "owner", "review-by")',
      'REQUIRED = ("summary", "sources", "audience", "review-by")', ("tests/test_chapters.py", "tests/test_checks.py"),
      "a chapter without an owner accepted"),
    M("review-state-ignored", SX + "chapters.py", "    day = today(app.config)\n    return sorted(",
      "    day = today(app.config)\n    return [] and sorted(", ("tests/test_incremental.py",),
      "an incremental build keeps a stale review notice"),
    M("numbers-from-zero", SX + "numbering.py", "enumerate(chapters, start=1)", "enumerate(chapters, start=0)",
      ("tests/test_handbook_html.py", "tests/test_chapters.py", "tests/test_bench.py"), "chapters numbered from 0"),
    M("section-as-chapter", SX + "numbering.py", "if not number or len(number) != 1:", "if not number or len(number) > 2:",
      ("tests/test_checks.py", "tests/test_chapters.py", "tests/test_architecture.py"), "{chapter} accepts a section label"),
    M("number-before-pull", SX + "order.py", "NUMBER_CHAPTER_REFS = 6", "NUMBER_CHAPTER_REFS = 4",
      ("tests/test_architecture.py",), "chapter links in pulled blocks numbered before they are pulled"),
    M("link-texts-stale", SX + "links.py", "    if not changed:\n        return []", "    if changed:\n        return []",
      ("tests/test_incremental.py",), "pages keep a renamed section's old link text"),
    M("listing-stale", SX + "listings.py", 'if kinds - {"chapter-list"} or added', "if added",
      ("tests/test_incremental.py",), "the collected templates page misses an edit"),
    M("sidebar-stale", SX + "navtree.py", "    if previous is None or previous == signature:",
      "    if True:", ("tests/test_incremental.py", "tests/test_reader_features.py"),
      "other pages keep a renamed chapter in their sidebar"),
    M("nav-not-pruned", SX + "navtree.py", "            if number in path or entry.checkbox is None:",
      "            if True:", ("tests/test_navtree.py",), "every page carries every part's chapters again"),
    M("nav-not-expanded", SX + "navtree.py", "'\" checked=\"\" class=\"toctree-checkbox\"'", "'\" class=\"toctree-checkbox\"'",
      ("tests/test_navtree.py",), "the current section's sidebar branch not expanded"),
    M("root-links-by-depth", SX + "links.py", "return relative_uri(app.builder.get_target_uri(pagename), url)",
      'return "../" * pagename.count("/") + url', ("tests/test_architecture.py",),
      "links to the site root wrong under dirhtml"),
    # -- checks --------------------------------------------------------------------------
    M("self-link-counts", SX + "checks.py", "if d != docname and d in chapters}", "if d in chapters}",
      ("tests/test_related_chapters.py",), "a chapter linking only to itself passes"),
    M("unused-term-silent", SX + "checks.py", "                if term not in used:", "                if term in used:",
      ("tests/test_checks.py",), "unused glossary terms not reported"),
    M("shape-without-takeaways", "handbook/shape.py", 'Section("Key takeaways", ("key-takeaways",)),',
      'Section("Key takeaways"),', ("tests/test_checks.py",), "a chapter without key takeaways passes"),
    M("uncited-source-silent", SX + "checks.py", "            if key not in cited:", "            if key in cited:",
      ("tests/test_checks.py",), "a bibliography entry no chapter cites passes"),
    # -- sessions ------------------------------------------------------------------------
    M("agenda-overrun-only", SX + "sessions.py", "        if elapsed != total:", "        if elapsed > total:",
      ("tests/test_sessions.py",), "an agenda shorter than the session passes"),
    M("use-block-unknown-silent", SX + "sessions.py", "            if block is None:\n                warn(",
      "            if block is None:\n                (lambda *a: None)(", ("tests/test_sessions.py", "tests/test_blocks.py"),
      "an unknown {use-block} label passes silently"),
    # -- safety and print ----------------------------------------------------------------------
    M("raw-html-on", SX + "safety.py", '    app.connect("config-inited", _no_html)', "    pass",
      ("tests/test_strict_build.py", "tests/test_checks.py", "tests/test_blocks.py"), "raw HTML passes through"),
    M("tex-hash-unescaped", SX + "latex.py", '"&%$#_{}"', '"&%$_{}"', ("tests/test_latex_escaping.py",),
      "a '#' in the title breaks the PDF"),
    M("handouts-with-contents", SX + "latex.py", '        elements["tableofcontents"] = ""\n', "",
      ("tests/test_handouts_latex.py",), "handouts get a table of contents"),
    M("emoji-font-dropped", SX + "latex.py", "-\n\\tracinglostchars=3", "-\n\\tracinglostchars=1",
      ("tests/test_pdf.py",), "a character no font has passes silently"),
    # -- build, files, patches ------------------------------------------------------------------
    M("failed-build-keeps-state", "handbook/publish/common.py", "        shutil.rmtree(doctrees, ignore_errors=True)\n", "",
      ("tests/test_strict_build.py",), "a failed build's saved state lets the next pass"),
    M("handouts-trainer-allowed", "handbook/publish/build.py", "    if paths.edition != PARTICIPANT:",
      "    if paths.edition == 'nobody':", ("tests/test_handouts_edition.py",), "trainer handouts built"),
    M("copy-leaves-temp", "handbook/fsutil.py",
      "        shutil.copyfile(source, tmp)\n        _replace(tmp, target, mode)\n    except BaseException:\n"
      "        Path(tmp).unlink(missing_ok=True)",
      "        shutil.copyfile(source, tmp)\n        _replace(tmp, target, mode)\n    except BaseException:\n        pass",
      ("tests/test_publish.py", "tests/test_fsutil.py"), "a failed PDF copy leaves a temporary file"),
    M("private-files", "handbook/fsutil.py", "os.chmod(tmp, (0o666 & ~_umask()) if mode is None else mode)",
      "os.chmod(tmp, 0o600 if mode is None else mode)", ("tests/test_fsutil.py", "tests/test_importer.py"),
      "written files readable by their owner only"),
    M("patch-any-version", SX + "patches.py", "        if installed != self.checked:", "        if False:",
      ("tests/test_architecture.py",), "a patch installed on an unchecked version"),
    M("patch-not-restored", SX + "patches.py", '    app.connect("build-finished", restore)', "    pass",
      ("tests/test_architecture.py",), "a patch left installed after the build"),
    M("patch-signature-unchecked", SX + "patches.py", "        if names != self.parameters:", "        if False:",
      ("tests/test_architecture.py",), "a patch installed over a changed function"),
    # -- reader features -----------------------------------------------------------------------
    M("previews-leak-notes", SX + "previews.py", '        if kind == "trainer-note":\n            continue',
      '        if kind == "no-such-kind":\n            continue', ("tests/test_reader_features.py", "tests/test_editions.py"),
      "trainer notes in the previews data"),
    M("og-type-swapped", SX + "sharing.py", '"article" if is_chapter(app.env, pagename) else "website"',
      '"website" if is_chapter(app.env, pagename) else "article"',
      ("tests/test_reader_features.py",), "chapters shared as websites"),
    M("freshness-stale", SX + "freshness.py", "    if not shown:\n        return []", "    if shown:\n        return []",
      ("tests/test_incremental.py",), "a committed edit keeps the old last-changed date"),
    # -- session kits, safety, integrity, print --------------------------------------------------
    M("script-minutes-overrun-only", SX + "kit.py", 'if steps and total != record["minutes"]:',
      'if steps and total > record["minutes"]:', ("tests/test_kit.py",), "a script shorter than its session passes"),
    M("brief-shown-to-participants", SX + "blocks.py", 'kind = "role-brief"\n    trainer_only = True',
      'kind = "role-brief"\n    trainer_only = False', ("tests/test_kit.py",), "private briefs in the participant edition"),
    M("one-observer-sheet", SX + "kit.py", "for number in range(1, rounds + 1):  # whoever observes",
      "for number in range(1, 2):  # whoever observes", ("tests/test_kit.py",),
      "one observer sheet for a three-round role-play"),
    M("giveaway-unchecked", SX + "kit.py", "            run = shared_run(text, other_text)\n            if run:",
      "            run = shared_run(text, other_text)\n            if False:", ("tests/test_kit.py",),
      "a brief that hands over another role's secret or the strong move passes"),
    M("activity-minutes-unchecked", SX + "kit.py", 'if minutes is not None and minutes != step["minutes"]:',
      "if False:", ("tests/test_kit.py",), "an activity's time other than the agenda's passes"),
    M("observer-order-unchecked", SX + "kit.py", "if order_ != sorted(order_):", "if False:",
      ("tests/test_kit.py",), "an observer sheet with the steps out of order passes"),
    M("handout-keeps-secrets", SX + "sessions.py", "            if public_page or self.config.handbook_edition != TRAINER:\n", "            if False:\n",
      ("tests/test_kit.py",), "a trainer-edition handout shows private briefs"),
    M("include-anywhere", SX + "safety.py", "return not any(resolved == root", "return False and not any(resolved == root",
      ("tests/test_hostile.py",), "files from outside the sources published"),
    M("nested-records-kept", SX + "editions.py", "            forget(self.env, self.env.docname, removed)",
      "            pass", ("tests/test_nested_trainer.py",), "blocks nested in trainer notes listed for participants"),
    M("card-nested-note", SX + "kit.py", "            body = participant_children(brief, skip=(nodes.title,))",
      "            body = [c.deepcopy() for c in brief.children if not isinstance(c, nodes.title)]",
      ("tests/test_edition_boundary.py",), "a trainer note inside a brief prints on that role's card"),
    M("scenario-direct-children-only", SX + "kit.py",
      "    return participant_children(block, skip=(nodes.title, nodes.field_list, handbook_block, notes_space))",
      "    return [c.deepcopy() for c in block.children\n"
      "            if not isinstance(c, (nodes.title, nodes.field_list, handbook_block, notes_space))]",
      ("tests/test_edition_boundary.py",), "a note in a scenario's list item prints on every card"),
    M("trainer-file-shown", SX + "safety.py", "    if why is None:\n        return True", "    if True:\n        return True",
      ("tests/test_edition_boundary.py",), "a participant page literal-includes a session's script"),
    M("tex-reads-anything", "handbook/publish/build.py", "    env = dict(os.environ, **TEX_ENVIRONMENT)",
      "    env = dict(os.environ)", ("tests/test_hostile_tex.py",), "TeX reads /etc/passwd"),
    M("handout-title-raw", SX + "latex.py", "            return _tex_escape(line[2:].strip())",
      "            return line[2:].strip()", ("tests/test_hostile_tex.py::test_tex_code_in_a_handout_heading_prints_as_text_and_runs_nothing",),
      "TeX code in a handout heading runs"),
    M("rounds-unbounded", SX + "safety.py", "        if not 1 <= number <= high:", "        if number < 1:",
      ("tests/test_bounds.py",), ":rounds: 1000000000 accepted"),
    M("written-list-ignored", SX + "integrity.py",
      '        gone = (getattr(app, "_handbook_removed", set()) | _written(app)) - set(app.env.found_docs)',
      '        gone = getattr(app, "_handbook_removed", set()) - set(app.env.found_docs)',
      ("tests/test_interrupted.py",), "a page written by a failed build, then deleted, stays published"),
    M("interrupted-build-trusted", SX + "integrity.py", "    if not _marker(app).exists():", "    if True:",
      ("tests/test_interrupted.py",), "a build after a killed one keeps stale pages"),
    M("stranded-heading-missed", "handbook/checks/layout.py", "and len(after) < 3 and", "and len(after) < 0 and",
      ("tests/test_printcheck.py",), "a heading at a page's foot passes check-print"),
    M("label-at-foot-missed", "handbook/checks/layout.py", "and (len(body) == 1 or not body[-2].bold):",
      "and False:", ("tests/test_printcheck.py",), "a label alone at a page's foot passes check-print"),
    M("empty-box-title", SX + "blocks.py",
      'self.body.append("{" + self.encode(node.get("title") or node["kind"].replace("-", " ").capitalize()) + "}")',
      'self.body.append("{}")', ("tests/test_pdf.py", "tests/test_printcheck.py"),
      "boxes with empty title bars in print"),
    M("no-trainer-mark", SX + "latex.py", 'if config.handbook_edition == TRAINER:\n        elements["preamble"] += TRAINER_MARK',
      'if False:\n        elements["preamble"] += TRAINER_MARK', ("tests/test_kit.py",),
      "the trainer edition not marked on its pages"),
    # -- issue 27's five survivors (on 920cdea), applied to the code as it is now ----------------
    M("nested-ids-kept", SX + "editions.py", "            for inner in [node, *node.findall(nodes.Element)]:",
      "            for inner in [node, *(c for c in node.children if isinstance(c, nodes.Element))]:",
      ("tests/test_nested_trainer.py",), "a checklist two levels inside a trainer note listed for participants"),
    M("include-by-string-prefix", SX + "safety.py", "resolved == root or resolved.is_relative_to(root)",
      "str(resolved).startswith(str(root))", ("tests/test_hostile.py::test_hostile_source_fails_with_file_and_line_and_publishes_nothing",),
      "a file in a sibling folder sharing the sources' name (src-private/) published"),
    M("plus-bullets-uncounted", SX + "safety.py", r'_LIST = re.compile(r"^(?P<indent>\s*)(?:[-*+]|',
      r'_LIST = re.compile(r"^(?P<indent>\s*)(?:[-*]|', ("tests/test_hostile.py::test_hostile_source_fails_with_file_and_line_and_publishes_nothing",),
      "a 30-level '+' list builds and the rest of the page is gone"),
    M("killed-build-forgets-deletion", SX + "integrity.py",
      "    app._handbook_removed = _pending_removals(app) | set(removed)", "    app._handbook_removed = set(removed)",
      ("tests/test_interrupted.py::test_a_deleted_page_stays_gone_after_a_build_killed_while_writing",
       "tests/test_mutants_integrity.py"), "a page deleted before a killed build stays published"),
    M("unknown-post-types-imported", "handbook/importer/read_wxr.py", '        if post_type != "post":',
      "        if post_type in SKIP_REASONS or not post_type:", ("tests/test_importer_gate.py", "tests/test_mutants_readers.py"),
      "a WordPress reusable block or shop product imported as a post"),
    # -- importer -----------------------------------------------------------------------------
    M("spam-repeats-kept", "handbook/importer/comments.py", "    if len(grams) != len(set(grams)) and len(words) < 200:",
      "    if len(grams) != len(set(grams)) and len(words) < 2:", ("tests/test_importer_spam.py", "tests/test_importer.py"),
      "a comment repeating one phrase kept"),
    M("overwrite-edited-draft", "handbook/importer/cli.py", "    if not args.force and not args.dry_run:",
      "    if args.force and not args.dry_run:", ("tests/test_importer.py",), "an editor's draft overwritten"),
    M("key-without-year", "handbook/importer/model.py", "        parts.append(post.date[:4])", "        pass",
      ("tests/test_importer.py",), "citation keys without the year"),
    # -- chapter parts ---------------------------------------------------------------------
    M("talk-track-without-reply", SX + "blocks.py", "        if not replies:\n", "        if replies is None:\n",
      ("tests/test_chapter_parts.py",), "a talk track with no push-back reply accepted"),
    M("objective-unpracticed", SX + "checks.py", "        if number not in practiced:",
      "        if number not in practiced and number > count:", ("tests/test_chapter_parts.py",),
      "an objective no exercise practices accepted"),
    # -- slides ----------------------------------------------------------------------------
    # (Dropping the block skip in deck.items() alone is an equivalent mutant: the briefs, sheets and
    # answers it skips are also marked trainer-only, which the next line skips. Defense in depth.)
    M("deck-debrief-note-projected", SX + "deck.py",
      '                private = is_trainer(block)',
      "                private = False", ("tests/test_slides.py",),
      "a step that runs a trainer note gets a set-up slide showing the note"),
    M("deck-notes-only-say", "handbook/publish/slides.py", '    parts = [tuple(part) for part in step.get("parts") or []]',
      '    parts = [tuple(part) for part in step.get("parts") or [] if part[0] == "SAY"]',
      ("tests/test_slides.py",), "the speaker notes keep only the SAY lines"),
    M("deck-leak-check-off", "handbook/publish/slides.py", "    return [sentence for sentence in private if sentence in flat]",
      "    return []", ("tests/test_slides.py",), "trainer material copied into a scenario projected"),
    M("deck-overflow-unmeasured", "handbook/publish/slides.py", "for i, h in enumerate(heights) if h > HEIGHT]",
      "for i, h in enumerate(heights) if h > HEIGHT * 10]", ("tests/test_slides.py",),
      "a slide taller than the screen built"),
    M("deck-never-splits", "handbook/publish/slides.py", "            if used + room > budget and pages[-1]:",
      "            if used + room > budget * 10 and pages[-1]:", ("tests/test_slides.py",),
      "a long list crammed onto one slide"),
    M("deck-text-unescaped", "handbook/publish/slides.py", r'    return _PUNCT.sub(r"\\\1", " ".join(text.split()))',
      '    return " ".join(text.split())', ("tests/test_slides.py",), "page text turned into markup on a slide"),
    M("timer-does-not-pause", "handbook/publish/deck/_static/deck.js", "      this.tick();\n      this.stop();",
      "      this.tick();", ("tests/test_slides.py",), "the timer keeps running when paused"),
    M("timer-silent-at-phase-change", "handbook/publish/deck/_static/deck.js",
      "if (this.running() && index > this.shown) { this.signal(); }", "if (false) { this.signal(); }",
      ("tests/test_slides.py",), "no flash or beep when a phase ends"),
    M("timer-reset-keeps-time", "handbook/publish/deck/_static/deck.js", "    this.remaining = this.total;\n    this.render();",
      "    this.render();", ("tests/test_slides.py",), "reset leaves the time as it was"),
)


# -- the tool pass ------------------------------------------------------------------------

#: The importer's tests, but not test_importer_bounds.py (its timing ratios fail at random on a loaded
#: machine, which would count as kills) nor the corpus (its files are restored separately).
IMPORTER = ("tests/test_importer.py", "tests/test_importer_formats.py", "tests/test_importer_spam.py",
            "tests/test_importer_gate.py", "tests/test_mutants_importer.py", "tests/test_mutants_readers.py",
            "tests/test_mutants_sanity.py", "tests/test_mutants_read_html.py", "tests/test_mutants_feed.py",
            "tests/test_mutants_cli.py")
#: Each guarding module and the tests that cover it (mutmut narrows these down per mutant).
GUARDING: dict[str, tuple[str, ...]] = {
    # one build per edition of every place trainer material hides (test_nested_trainer.py, test_trainer_labels.py
    # and test_blocks.py check the same removal with more builds); the safety build shows the trainer-only folders
    SX + "editions.py": ("tests/test_mutants_editions.py", "tests/test_mutants_safety.py"),
    SX + "safety.py": ("tests/test_mutants_safety.py",),  # one build of every case (test_hostile.py: one each)
    SX + "integrity.py": ("tests/test_mutants_integrity.py", "tests/test_interrupted.py"),
    "handbook/importer/comments.py": IMPORTER,
    "handbook/checks/layout.py": ("tests/test_mutants_layout.py",),
    SX + "sessions.py": ("tests/test_mutants_sessions.py",),
    # one small book built in-process for each thing a trainer reads (see the module's docstring), and the parts on
    # their own
    SX + "kit.py": ("tests/test_mutants_kit.py",),
    SX + "room.py": ("tests/test_mutants_kit.py",),
    SX + "deck.py": ("tests/test_mutants_deck.py",),
    "handbook/importer/read_text.py": IMPORTER,
    "handbook/importer/read_html.py": IMPORTER,
    "handbook/importer/read_markdown.py": IMPORTER,
    "handbook/importer/read_feed.py": IMPORTER,
    "handbook/importer/read_wxr.py": IMPORTER,
    "handbook/importer/sanity.py": IMPORTER,
    # the XML screen: every XML reader's test, and the DTD and entity refusals of test_importer_integrity.py
    "handbook/importer/xml.py": (*IMPORTER, "tests/test_importer_integrity.py", "tests/test_mutants_xml.py"),
    "handbook/importer/cli.py": ("tests/test_mutants_cli.py", "tests/test_importer.py", "tests/test_importer_formats.py",
                                 "tests/test_importer_integrity.py"),
}
#: Modules whose tests reach them only through a build in a child process (mutmut's per-test
#: coverage sees nothing there), or through one build a module-scoped fixture shares (mutmut credits
#: it to the first test only): every mutant runs against all of the module's tests. integrity.py left it:
#: test_mutants_integrity.py builds in-process too.
CHILD_ONLY = {SX + "deck.py", SX + "sessions.py"}
#: Modules every test calls in the test's own process (the importer: ``main([...])``): a mutant no test
#: reaches is not run again against every test (that costs a minute a mutant and kills nothing).
IN_PROCESS = {m for m in GUARDING if m.startswith("handbook/importer/")}
EQUIVALENT = ROOT / "tests" / "mutants-equivalent.txt"
KILLED = {"killed", "timeout"}


def _mutmut() -> str:
    return str(Path(sys.executable).parent / "mutmut")


def equivalents() -> dict[str, str]:
    """``tests/mutants-equivalent.txt``: one ``<mutant> <why>`` a line, ``#`` comments."""
    found = {}
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, why = line.partition(" ")
            found[name] = why.strip()
    return found


def _stage(module: str) -> Path:
    """A fresh copy of the project (tracked and new files) in _build/mutation/<module>, set up for mutmut."""
    import configparser

    stage = _stage_dir(module)
    shutil.rmtree(stage, ignore_errors=True)
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (stage / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, stage / name)
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    config["mutmut"]["only_mutate"] = module
    tests = [t for t in GUARDING[module] if (ROOT / t).exists()]
    config["mutmut"]["pytest_add_cli_args_test_selection"] = "\n" + "\n".join(tests)
    if module in IN_PROCESS:  # no build in a fixture: a mutant that loops forever is stopped in minutes, not an hour
        config["mutmut"]["timeout_constant"], config["mutmut"]["timeout_multiplier"] = "5", "3"
    else:  # mutmut's own multiplier let kit.py's looping mutant (shared_run 24) run for over eight minutes
        config["mutmut"]["timeout_multiplier"] = "3"
    with open(stage / "setup.cfg", "w", encoding="utf-8") as f:
        config.write(f)
    return stage


def _statuses(stage: Path, module: str) -> dict[str, str]:
    from mutmut.stats import status_by_exit_code

    meta = json.loads((stage / "mutants" / (module + ".meta")).read_text(encoding="utf-8"))
    return {name: status_by_exit_code[code] for name, code in meta["exit_code_by_key"].items()}


def _cover_from_children(stage: Path, names: list[str]) -> None:
    """Give mutants reached only from child processes every test of the module (mutmut's stats miss them)."""
    stats_file = stage / "mutants" / "mutmut-stats.json"
    stats = json.loads(stats_file.read_text(encoding="utf-8"))
    every = sorted(stats["duration_by_test"])
    for name in names:
        stats["tests_by_mangled_function_name"][name.partition("__mutmut_")[0]] = every
    stats_file.write_text(json.dumps(stats, indent=4), encoding="utf-8")


def _seed_stats(stage: Path, module: str) -> None:
    """Say that every test of the module covers every function in it (for CHILD_ONLY modules)."""
    import ast

    name = module.removesuffix(".py").replace("/", ".")
    tree = ast.parse((stage / module).read_text(encoding="utf-8"))
    functions = [f"{name}.x_{node.name}" for node in tree.body if isinstance(node, ast.FunctionDef)]
    functions += [f"{name}.x\u01c1{cls.name}\u01c1{node.name}" for cls in tree.body if isinstance(cls, ast.ClassDef)
                  for node in cls.body if isinstance(node, ast.FunctionDef)]
    listed = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "--rootdir=.",
                             *(t for t in GUARDING[module] if (stage / t).exists())],
                            cwd=stage, capture_output=True, text=True).stdout
    tests = [line for line in listed.splitlines() if "::" in line]
    (stage / "mutants").mkdir(exist_ok=True)
    (stage / "mutants" / "mutmut-stats.json").write_text(json.dumps({
        "tests_by_mangled_function_name": {f: tests for f in functions},
        "duration_by_test": {t: 60.0 for t in tests}, "stats_time": 0.0}, indent=4), encoding="utf-8")


def tool_run(module: str, jobs: int, log) -> dict[str, str]:
    stage = _stage(module)
    if module in CHILD_ONLY:
        _seed_stats(stage, module)
    command = ["nice", "-n", "19", _mutmut(), "run", "--max-children", str(jobs)]
    with open(stage.parent / (stage.name + ".log"), "w", encoding="utf-8") as out:
        subprocess.run(command, cwd=stage, stdout=out, stderr=subprocess.STDOUT, check=False)
        statuses = _statuses(stage, module)
        untested = [name for name, status in statuses.items() if status == "no tests"]
        if untested and module not in IN_PROCESS:
            log(f"  {len(untested)} mutants reached only from child processes: run against every test of the module")
            _cover_from_children(stage, untested)
            subprocess.run(command + untested, cwd=stage, stdout=out, stderr=subprocess.STDOUT, check=False)
            statuses = _statuses(stage, module)
    return statuses


def _diff(module: str, name: str) -> str:
    """The mutant's changed lines (mutmut's own diff, read in this process: ``mutmut show`` takes seconds each)."""
    import os

    from mutmut.mutation.diff_apply import get_diff_for_mutant

    here = os.getcwd()
    os.chdir(_stage_dir(module))
    try:
        shown = get_diff_for_mutant(name, path=module)
    finally:
        os.chdir(here)
    return "\n".join(line for line in shown.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---"))


def _stage_dir(module: str) -> Path:
    return ROOT / "_build" / "mutation" / module.replace("/", ".").removesuffix(".py")


def tool_pass(modules: list[str], jobs: int, min_ratio: float, run: bool = True) -> bool:
    """Run mutmut on each module (or, with run=False, read the last run's results) and print the scores."""
    known = equivalents()
    ok = True
    rows = []
    for module in modules:
        started = time.monotonic()
        if run:
            print(f"mutmut: {module} against {' '.join(GUARDING[module])}", flush=True)
            statuses = tool_run(module, jobs, lambda s: print(s, flush=True))
        elif (_stage_dir(module) / "mutants" / (module + ".meta")).exists():
            statuses = _statuses(_stage_dir(module), module)
        else:
            continue
        seconds = time.monotonic() - started
        unrun = [n for n, s in statuses.items() if s == "not checked"]
        equivalent = [n for n, s in statuses.items() if s not in KILLED and n in known]
        counted = {n: s for n, s in statuses.items() if n not in equivalent and n not in unrun}
        killed = sum(1 for s in counted.values() if s in KILLED)
        ratio = killed / len(counted) if counted else 1.0
        rows.append((module, len(statuses), len(unrun), killed, len(equivalent), ratio, seconds))
        print(f"{module}: {killed} of {len(counted)} killed ({ratio:.0%}), {len(equivalent)} equivalent"
              + (f", {len(unrun)} not run (the run was stopped)" if unrun else ""), flush=True)
        for name, status in sorted(counted.items()):
            if status not in KILLED:
                print(f"  {status}: {name}\n" + "\n".join("    " + l for l in _diff(module, name).splitlines()))
        ok &= ratio >= min_ratio and not unrun
    print("\nmodule                                   mutants  not run  killed  equivalent  score" +
          ("  minutes" if run else ""))
    for module, total, unrun, killed, equivalent, ratio, seconds in rows:
        print(f"{module:40} {total:7} {unrun:8} {killed:7} {equivalent:11} {ratio:6.0%}" +
              (f" {seconds / 60:8.1f}" if run else ""))
    return ok


# -- the hand pass ------------------------------------------------------------------------


def _copy(dest: Path) -> None:
    ignore = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", ".pytest_cache", "drafts")
    shutil.copytree(ROOT, dest, ignore=ignore)


def run_one(mutant: Mutant, python: str) -> tuple[Mutant, bool, float, str]:
    with tempfile.TemporaryDirectory(prefix=f"mutant-{mutant.id}-") as tmp:
        copy = Path(tmp) / "repo"
        _copy(copy)
        target = copy / mutant.file
        text = target.read_text(encoding="utf-8")
        count = text.count(mutant.old)
        if count != 1:
            return mutant, False, 0.0, f"mutation does not apply ({count} matches): fix the mutant list"
        target.write_text(text.replace(mutant.old, mutant.new), encoding="utf-8")
        started = time.monotonic()
        done = subprocess.run(
            ["nice", "-n", "19", python, "-m", "pytest", *mutant.tests, "-x", "-q", "-p", "no:cacheprovider"],
            cwd=copy, capture_output=True, text=True, timeout=1800,
        )
        killed = done.returncode not in (0, 5)
        last = (done.stdout.strip().splitlines() or [""])[-1]
        return mutant, killed, time.monotonic() - started, last


def hand_pass(mutants: list[Mutant], jobs: int, min_ratio: float) -> bool:
    if not mutants:
        return True
    python = sys.executable
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for mutant, killed, seconds, last in pool.map(lambda m: run_one(m, python), mutants):
            results.append((mutant, killed, last))
            print(f"{'killed  ' if killed else 'SURVIVED'} {mutant.id:28} {seconds:6.1f}s  {last}", flush=True)
    killed = sum(1 for _m, k, _l in results if k)
    ratio = killed / len(results)
    print(f"\nhand-written: {killed} of {len(results)} mutants killed ({ratio:.0%})")
    for mutant, k, _last in results:
        if not k:
            print(f"  survived: {mutant.id}: {mutant.what} ({mutant.file})")
    return ratio >= min_ratio


# -- what to run --------------------------------------------------------------------------


def changed_files() -> set[str]:
    """Files changed since the branch left main (committed, uncommitted and new)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout

    base = git("merge-base", "HEAD", "main").strip() or git("merge-base", "HEAD", "origin/main").strip() or "HEAD"
    return set((git("diff", "--name-only", base) + git("ls-files", "--others", "--exclude-standard")).split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="every guarding module and every hand mutant")
    parser.add_argument("--module", action="append", default=[], metavar="PATH", help="run the tool on this module")
    parser.add_argument("--only", action="append", default=[], metavar="ID", help="run this hand mutant")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--report", action="store_true", help="print the last tool run's scores; run nothing")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--min-ratio", type=float, default=0.85)
    args = parser.parse_args(argv)
    unknown = [m for m in args.module if m not in GUARDING]
    if unknown:
        parser.error(f"not a guarding module: {', '.join(unknown)} (choose from {', '.join(GUARDING)})")
    if args.module or args.only:
        modules = args.module
        hand = [m for m in MUTANTS if m.id in args.only]
    elif args.all:
        modules, hand = list(GUARDING), list(MUTANTS)
    else:
        changed = changed_files()
        modules = [m for m in GUARDING if m in changed]
        hand = [m for m in MUTANTS if m.file in changed]
        print(f"changed since main: {len(modules)} guarding modules, {len(hand)} hand mutants")
    if args.report:
        return 0 if tool_pass(args.module or list(GUARDING), args.jobs, args.min_ratio, run=False) else 1
    if args.list:
        for module in modules:
            print(f"{'mutmut':28} {module:38} against {' '.join(GUARDING[module])}")
        for m in hand:
            print(f"{m.id:28} {m.file:38} {m.what}")
        return 0
    ok = tool_pass(modules, args.jobs, args.min_ratio)
    ok &= hand_pass(hand, args.jobs, args.min_ratio)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
