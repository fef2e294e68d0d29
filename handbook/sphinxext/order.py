"""When each part of the extension runs: every priority, named, in one place.

Sphinx runs event handlers and transforms from the lowest priority number to
the highest (500 is the default for events). Each constant says what must have
happened before it and what needs it after. No module of the extension writes
a bare priority number; ``tests/test_extension.py`` greps for them.

Reading a page (``doctree-read`` runs after Sphinx's own collectors at 500)
---------------------------------------------------------------------------
"""

from __future__ import annotations

# -- config-inited ---------------------------------------------------------------------
#: After Sphinx has checked the config values' types (800), which names a
#: value outside the edition ENUM: then fall back to the default edition.
CHECK_EDITION = 900
#: After the same check: a safety setting of the wrong type (warned) falls back to
#: its default, so no rule is loosened by it and no check stops with a traceback.
CHECK_SAFETY_SETTINGS = 900

# -- transforms, while a page is parsed ------------------------------------------------
#: Drop trainer-only nodes first: before Sphinx collects labels, the table of
#: contents, index entries or search terms from the page (its transforms run
#: from 100 up), so nothing trainer-only is ever recorded.
REMOVE_TRAINER_ONLY = 50

# -- doctree-read -----------------------------------------------------------------------
#: Before Sphinx's collectors (500) copy images and downloads: drop files from
#: outside the sources and links with schemes the handbook does not allow.
CHECK_FILES = 400

# -- doctree-read: after Sphinx's collectors (500) have read titles, labels, metadata --
#: Metadata is read by Sphinx's collector at 500; record per-page data
#: (glossary terms for previews) once the page is final.
COLLECT_TERMS = 500
#: After the metadata collector: check the front matter, put the summary and
#: the review notice under the title.
CHAPTER_METADATA = 600
#: After the summary is in place: the freshness line goes under it.
FRESHNESS_LINE = 650
#: After the standard domain has collected the page's labels (500): give
#: labeled blocks their titles as link text.
BLOCK_LABELS = 700
#: After the page is read whole: time the facilitator script's steps, check
#: them against the session's length and fill the script's agenda.
SESSION_SCRIPT = 750
#: Last: what the page links to, for the whole-book checks and for rebuilding
#: pages whose link texts changed.
COLLECT_LINKS = 800

# -- env-get-updated: after every changed page was read ---------------------------------
#: Before Sphinx's toctree collector numbers the sections (500): put back the
#: standard numbers, so Sphinx compares like with like.
RESTORE_STANDARD_NUMBERS = 400
#: After the collector (500): renumber chapters through the book.
BOOK_NUMBERS = 600
#: After the numbers are final: pages whose referenced titles changed.
LINK_TEXTS_CHANGED = 650
#: After the numbers are final: every sidebar changes when a title, a
#: toctree or a number does.
SIDEBAR_CHANGED = 700

# -- post-transforms, while a page is resolved for writing -------------------------------
#: Pull blocks into sessions and handouts, and role briefs onto role cards,
#: first, so the {chapter} links inside them are numbered (next) and resolved
#: (Sphinx, 10) like the rest.
PULL_BLOCKS = 5
#: After PULL_BLOCKS, before Sphinx's ReferencesResolver (10): write
#: "Chapter N, Title" into {chapter} links.
NUMBER_CHAPTER_REFS = 6

# -- html-page-context -----------------------------------------------------------------
#: Before sphinxext-opengraph (500) reads a page's values from its metadata.
SHARE_FIELDS = 450
#: After sphinxext-opengraph (500) has written the tags.
SHARE_TAGS_CHECKED = 550
#: After furo (500) has put its navigation tree into the context.
ARIA_FIXES = 900
