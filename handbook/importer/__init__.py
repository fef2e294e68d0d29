"""Blog posts in, clean source records out: ``python -m handbook import``.

Reads a post as scraped plain text, a saved HTML page, or a WordPress export
(WXR), and finds for each post its title, author, blog, date (ISO 8601), the
body with the blog's chrome removed, and the reader comments, each kept or
dropped with a reason. What it cannot find it reports as missing; it never
guesses a name or a date. It never runs during a build (the Sphinx extension
and ``handbook.publish.build`` never import it).

The package, in the order a post goes through it (each module's docstring says
how it decides, so a maintainer can predict it; the maintainer's guide has the
long version):

* ``model.py``: ``Post``, ``Comment``, ``ImportError_`` (a refusal), the
  default off-topic threshold, and the post's citation key.
* ``load.py``: a file -> its posts: decoding (UTF-8, else Windows-1252),
  refusing what is not text, and choosing the reader for the format.
* ``read_text.py``, ``read_html.py``, ``read_markdown.py``, ``read_feed.py``,
  ``read_wxr.py``: one reader per format.
* ``clean.py``: normalising text, removing the blog's chrome, dates, HTML to text.
* ``comments.py``: where comments start, and keeping or dropping each
  (empty, spam, unapproved, off-topic).
* ``draft.py``: the BibTeX entry, the chapter draft (its sections from
  ``handbook.shape``) and the cleaned post text.
* ``cli.py``: ``run_import``: the command's flow, its text or JSON report, and
  the writes (atomic, through ``handbook.fsutil``).
* ``curate.py``: for ``python -m handbook sources``: the chapter a post's text
  is closest to (TF-IDF cosine) and near-duplicate posts (Jaccard of five-word
  runs), both through inverted indexes.
* ``bench.py``: ``python -m handbook.importer.bench``, the timings at growing sizes.
"""

from __future__ import annotations

from handbook.importer.cli import run_import, summary
from handbook.importer.clean import CHROME_PATTERNS, is_chrome, iso_date
from handbook.importer.comments import judge_comments, similarity
from handbook.importer.draft import bib_entry, cleaned_text, draft_chapter
from handbook.importer.load import decode_file, parse_file
from handbook.importer.model import DEFAULT_OFFTOPIC, Comment, ImportError_, Post, Skipped, citation_key
from handbook.importer.read_feed import parse_xml
from handbook.importer.read_markdown import parse_markdown
from handbook.importer.read_html import parse_html
from handbook.importer.read_text import parse_text
from handbook.importer.read_wxr import parse_wxr

__all__ = [
    "CHROME_PATTERNS", "DEFAULT_OFFTOPIC", "Comment", "ImportError_", "Post", "bib_entry", "citation_key",
    "cleaned_text", "decode_file", "draft_chapter", "is_chrome", "iso_date", "judge_comments", "parse_file",
    "parse_html", "parse_markdown", "parse_text", "parse_wxr", "parse_xml", "run_import", "similarity", "summary",
    "Skipped",
]
