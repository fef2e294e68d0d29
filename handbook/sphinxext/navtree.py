"""A navigation tree whose cost and weight per page barely grow with the book.

Stock furo builds every page's sidebar by asking Sphinx for the whole global
toctree (a deep copy of every entry, resolved and rendered to HTML) and then
re-parsing that HTML with BeautifulSoup to add its expand/collapse checkboxes.
Both steps visit every entry of the book for every page, so a clean build grows
with the square of the page count (furo PRs #674, #748, #939).

This module builds the tree once per build (once per worker process under
``-j``, and not at all when no page changed since the last build: it is kept
in the doctree folder): the stock furo HTML for a page that is in no
toctree, so nothing is marked current. Every page's tree is then derived from it without parsing:

* links are made relative to the page's folder (cached per folder);
* the page's own entry becomes ``class="current reference internal"
  href="#"``, its ancestors' ``<li>`` and ``<ul>`` get ``current``, their
  checkboxes are ``checked``, and the deepest current ``<li>`` is
  ``current-page``: exactly what Sphinx and furo write.

The result is the same HTML byte for byte; ``tests/test_navtree.py`` compares
every page of sample projects (nested parts, hidden toctrees, external links,
pages outside the toctree) and of the handbook against stock furo. Checked
against furo 2025.12.19 and Sphinx 9.0.4. The replacement of furo's
``_compute_navigation_tree`` is fenced (``patches.py``): with another furo
version, or a function with other parameters, the build warns
(``handbook.patch``) and uses furo's own code.

Then the tree is pruned (``handbook_prune_navigation``, on by default): a
page keeps every top-level entry (the parts) and the children of itself and of
each of its ancestors, so its siblings and its own part's chapters; any other
entry shows as its own link, its checkbox and list cut out. The last link,
"All pages", opens ``contents.html`` (written here, from Sphinx's whole
toctree), so the full tree is one click away; a project's own ``contents``
document takes its place. Pruned or not, the page outside the sidebar is
stock furo's, and search is unchanged.

``handbook_fast_navigation = False`` switches it all off (the baseline of
``make bench``).

Because every page shows every part and its own part, a changed title or
toctree can make any page out of date; ``_sidebar_changed`` has Sphinx rewrite
them all then (Sphinx alone rewrites only the pages whose own toctree changed).
"""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from handbook.fsutil import atomic_write
from handbook.sphinxext import order
from handbook.sphinxext.patches import Fence, fence

CHECKED_AGAINST_FURO = "2025.12.19"
#: A page name no project has: its toctree has nothing marked current.
_NOWHERE = "__handbook_navigation_reference__"
#: The page that lists every page, linked at the end of every pruned sidebar.
CONTENTS = "contents"
CONTENTS_TITLE = "All pages"
CONTENTS_LINK = "All pages"
_CAPTION = re.compile(r'<p class="caption" role="heading"><span class="caption-text">(.*?)</span></p>')
_TAG = re.compile(r"<(/?)(li|ul|a|input)\b([^>]*)>")
_HREF = re.compile(r' href="([^"]*)"')

try:  # furo is the theme, but the extension also loads in projects without it
    import furo
except ImportError:  # pragma: no cover
    furo = None

_STOCK = getattr(furo, "_compute_navigation_tree", None)


@dataclass
class _Entry:
    li: int                        # index of the <li ...> part
    parent: int | None             # index into entries of the enclosing <li>
    ul: int | None = None          # index of the enclosing <ul> part
    anchor: int | None = None      # index of the entry's own <a ...> part
    checkbox: int | None = None    # index of its <input ...> part, if it has children
    target: str | None = None      # its href, relative to the site root (None: external)
    end: int | None = None         # index of its </li> part
    children: list[int] = field(default_factory=list)   # indexes into entries


@dataclass
class _Reference:
    parts: list[str]
    entries: list[_Entry]
    by_target: dict[str, list[int]]
    top: list[int] = field(default_factory=list)        # entries without a parent (the parts)
    per_folder: dict[str, list[str]] = field(default_factory=dict)


class _Navigation:
    """The reference tree of one build, in one process."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.prune = app.config.handbook_prune_navigation
        self.reference: _Reference | None = None
        self.stock: tuple[str, str] | None = None
        # The page that shows the whole tree: a document named 'contents' when
        # the project has one, else a page this module writes (html builder only:
        # its links are relative to the site's root folder).
        self.contents: str | None = None
        if self.prune:
            if CONTENTS in app.env.found_docs or app.builder.name == "html":
                self.contents = CONTENTS

    def _cache_key(self) -> tuple:
        env, config = self.app.env, self.app.config
        return (CHECKED_AGAINST_FURO, getattr(furo, "__version__", ""), self.app.builder.name, config.html_theme,
                config.handbook_edition, config.root_doc, tuple(sorted(env.all_docs.items())),
                getattr(env, "handbook_navigation_signature", None))

    def _stock(self) -> tuple[str, str]:
        """Sphinx's whole toctree as HTML (the contents page's list) and furo's
        navigation made from it, from the cache when no page changed since."""
        if self.stock is not None:
            return self.stock
        cache = Path(self.app.doctreedir) / "handbook-navigation.pickle"
        key = self._cache_key()
        try:
            with cache.open("rb") as handle:
                cached_key, stock = pickle.load(handle)
            if cached_key == key and isinstance(stock, tuple):
                self.stock = stock
                return stock
        except (OSError, pickle.UnpicklingError, EOFError, ValueError):
            pass
        self.stock = self._compute_stock()
        atomic_write(cache, pickle.dumps((key, self.stock)))
        return self.stock

    def _compute_stock(self) -> tuple[str, str]:
        from furo.navigation import get_navigation_tree
        from sphinx.environment.adapters.toctree import global_toctree_for_doc

        builder = self.app.builder
        toctree = global_toctree_for_doc(
            builder.env, _NOWHERE, builder, tags=builder.tags, collapse=False,
            titles_only=True, maxdepth=-1, includehidden=True,
        )
        html = builder.render_partial(toctree)["fragment"] if toctree is not None else ""
        return html, get_navigation_tree(html)

    def _parse(self, html: str) -> _Reference:
        parts: list[str] = []
        entries: list[_Entry] = []
        li_stack: list[int] = []
        ul_stack: list[int] = []
        position = 0
        for match in _TAG.finditer(html):
            parts.append(html[position:match.start()])
            closing, name, attrs = match.group(1), match.group(2), match.group(3)
            index = len(parts)
            parts.append(match.group(0))
            position = match.end()
            if name == "ul":
                if closing:
                    ul_stack.pop()
                else:
                    ul_stack.append(index)
            elif name == "li":
                if closing:
                    entries[li_stack.pop()].end = index
                else:
                    entries.append(_Entry(li=index, parent=li_stack[-1] if li_stack else None,
                                          ul=ul_stack[-1] if ul_stack else None))
                    li_stack.append(len(entries) - 1)
            elif name == "a" and not closing and li_stack:
                entry = entries[li_stack[-1]]
                if entry.anchor is None:
                    entry.anchor = index
                    href = _HREF.search(attrs)
                    if href and 'class="reference internal"' in attrs:
                        entry.target = href.group(1)
            elif name == "input" and li_stack and "toctree-checkbox" in attrs:
                entries[li_stack[-1]].checkbox = index
        parts.append(html[position:])
        by_target: dict[str, list[int]] = {}
        top: list[int] = []
        for number, entry in enumerate(entries):
            if entry.target is not None:
                by_target.setdefault(entry.target, []).append(number)
            if entry.parent is None:
                top.append(number)
            else:
                entries[entry.parent].children.append(number)
        return _Reference(parts=parts, entries=entries, by_target=by_target, top=top)

    def _folder_parts(self, reference: _Reference, base: str) -> list[str]:
        folder = base.rsplit("/", 1)[0] + "/" if "/" in base else ""
        cached = reference.per_folder.get(folder)
        if cached is None:
            # Links from any page of the folder are the same, except to the page
            # itself (relative_uri gives ''), which render() sets to '#'.
            anywhere = folder + _NOWHERE + ".html"
            cached = list(reference.parts)
            for entry in reference.entries:
                if entry.target is not None and entry.anchor is not None:
                    new = relative_uri(anywhere, entry.target)
                    cached[entry.anchor] = cached[entry.anchor].replace(
                        f'href="{entry.target}"', f'href="{new}"', 1)
            reference.per_folder[folder] = cached
        return cached

    def render(self, pagename: str) -> str:
        if self.reference is None:
            self.reference = self._parse(self._stock()[1])
        reference = self.reference
        if len(reference.parts) == 1:
            return reference.parts[0]
        base = self.app.builder.get_target_uri(pagename)
        parts = list(self._folder_parts(reference, base))
        matches = reference.by_target.get(base, [])
        current_lis: set[int] = set()
        for number in matches:
            entry = reference.entries[number]
            parts[entry.anchor] = re.sub(r'href="[^"]*"', 'href="#"', parts[entry.anchor], count=1).replace(
                'class="reference internal"', 'class="current reference internal"', 1)
            walk: int | None = number
            while walk is not None:
                current_lis.add(walk)
                walk = reference.entries[walk].parent
        if current_lis:
            deepest = max(current_lis, key=lambda n: reference.entries[n].li)
            for number in current_lis:
                entry = reference.entries[number]
                classes = re.search(r'class="([^"]*)"', parts[entry.li]).group(1).split()
                furo_classes = [c for c in classes if c == "has-children"]
                sphinx_classes = [c for c in classes if c != "has-children"]
                new = [*sphinx_classes, "current", *furo_classes] + (["current-page"] if number == deepest else [])
                parts[entry.li] = f'<li class="{" ".join(new)}">'
                if entry.ul is not None:
                    parts[entry.ul] = '<ul class="current">'
                if entry.checkbox is not None:
                    parts[entry.checkbox] = parts[entry.checkbox].replace(
                        '" class="toctree-checkbox"', '" checked="" class="toctree-checkbox"', 1)
        if not self.prune:
            return "".join(parts)
        return self._pruned(reference, parts, current_lis, base)

    def _pruned(self, reference: _Reference, parts: list[str], path: set[int], base: str) -> str:
        """Keep every top-level entry, and the children of the page and of each of
        its ancestors; any other entry with children shows as its own link."""
        shown = [*reference.top, *(child for number in path for child in reference.entries[number].children)]
        cuts = []
        for number in shown:
            entry = reference.entries[number]
            if number in path or entry.checkbox is None:
                continue
            parts[entry.li] = parts[entry.li].replace(" has-children", "", 1)
            cuts.append((entry.checkbox, entry.end))
        cuts.sort()
        pieces, position = [], 0
        for start, end in cuts:
            pieces.append("".join(parts[position:start]))
            position = end
        pieces.append("".join(parts[position:]))
        if self.contents is not None:
            link = relative_uri(base, self.app.builder.get_target_uri(self.contents)) or "#"
            li, a = ("toctree-l1 current current-page", "current reference internal") if link == "#" else \
                ("toctree-l1", "reference internal")
            pieces.append(f'<ul class="handbook-all-pages">\n<li class="{li}"><a class="{a}" '
                          f'href="{link}">{CONTENTS_LINK}</a></li>\n</ul>\n')
        return "".join(pieces)

    def contents_page(self) -> tuple[str, dict, str] | None:
        """The page that lists every page (html-collect-pages), unless the project
        has its own 'contents' document."""
        if self.contents is None or CONTENTS in self.app.env.found_docs:
            return None
        # Each toctree's caption is a heading of the page.
        tree = _CAPTION.sub(r"<h2>\1</h2>", self._stock()[0])
        body = (f'<section id="contents">\n<h1>{CONTENTS_TITLE}</h1>\n'
                f'<nav class="handbook-contents" aria-label="{CONTENTS_TITLE}">\n{tree}</nav>\n'
                "</section>\n")
        return CONTENTS, {"title": CONTENTS_TITLE, "body": body}, "page.html"


_active: _Navigation | None = None


def _fast_navigation_tree(context: dict) -> str:
    if _active is None or "toctree" not in context or "pagename" not in context:
        return _STOCK(context)
    return _active.render(context["pagename"])


def _install(app: Sphinx, env=None, docnames=None) -> None:
    global _active
    _active = None
    if furo is None:
        return
    enabled = app.config.handbook_fast_navigation and app.builder.format == "html" and \
        getattr(app.builder, "theme", None) is not None and "furo" in str(app.config.html_theme)
    if not enabled:
        return
    checked = Fence(package="furo", version=lambda: getattr(furo, "__version__", "?"), checked=CHECKED_AGAINST_FURO,
                    owner=furo, attribute="_compute_navigation_tree", parameters=("context",),
                    test="tests/test_navtree.py")
    if fence(app, "the fast navigation tree (navtree.py)", [(checked, _fast_navigation_tree)]):
        _active = _Navigation(app)


def _contents_page(app: Sphinx):
    page = _active.contents_page() if _active is not None else None
    return [page] if page is not None else []


def _sidebar_changed(app: Sphinx, env) -> list[str]:
    """Every page shows every part and its own part: when a title or a toctree
    changes, any page may be out of date, not only the ones Sphinx rewrites on its own."""
    signature = (
        tuple(sorted((d, t.astext()) for d, t in env.titles.items())),
        tuple(sorted((d, tuple(c)) for d, c in env.toctree_includes.items())),
        tuple(sorted((d, tuple(sorted(n.items()))) for d, n in env.toc_secnumbers.items())),
    )
    previous = getattr(env, "handbook_navigation_signature", None)
    env.handbook_navigation_signature = signature
    if previous is None or previous == signature:
        return []
    return sorted(env.found_docs)


def setup_navtree(app: Sphinx) -> None:
    app.add_config_value("handbook_fast_navigation", True, "html", types=[bool],
                         description="build furo's navigation tree once per build (see navtree.py)")
    app.add_config_value("handbook_prune_navigation", True, "html", types=[bool],
                         description="each page's sidebar: every part, the page's ancestors and their siblings")
    app.connect("html-collect-pages", _contents_page)
    # At the start of the build (not at builder-inited), so that the original
    # is put back at build-finished even for an app that is created and never built.
    app.connect("env-before-read-docs", _install)
    app.connect("env-get-updated", _sidebar_changed, priority=order.SIDEBAR_CHANGED)
