"""No raw HTML or other raw output in the handbook.

MyST passes raw HTML through by default, so a ``<script>`` pasted from a blog
would run in every reader's browser. This module turns MyST's HTML syntax off
(``myst_disable_syntax``: ``html_block`` and ``html_inline``), so such markup
comes out as escaped text, and replaces the ``raw`` directive (also reachable
through ``{eval-rst}``) with one that reports a typed warning
``handbook.raw`` and outputs nothing, so the strict build fails.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from handbook.sphinxext.problems import warn

HTML_SYNTAX = ("html_block", "html_inline")


class NoRaw(SphinxDirective):
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {"file": str, "url": str, "encoding": str}

    def run(self):
        warn("raw", "raw output is switched off in this handbook (it could carry scripts into readers' "
                    "browsers); write the content in Markdown or add a block to the extension",
             self.get_location())
        return []


def _no_html(app: Sphinx, config) -> None:
    disabled = list(getattr(config, "myst_disable_syntax", []) or [])
    config.myst_disable_syntax = [*disabled, *(s for s in HTML_SYNTAX if s not in disabled)]


def setup_safety(app: Sphinx) -> None:
    app.add_directive("raw", NoRaw, override=True)
    # Before myst-parser reads its configuration at builder-inited.
    app.connect("config-inited", _no_html)
