"""Safe by construction: what a source may pull into the handbook or run in a reader's browser.

A post pasted by an editor, or a hurried edit, must not publish a file from the
build machine or a script. Every rule below is a typed warning with file and
line (so the strict build fails) and the payload is left out of every output:

* **Raw output is off in every form.** MyST's HTML syntax is switched off
  (``myst_disable_syntax``), so markup comes out as escaped text; the ``raw``
  directive and the ``raw`` role (also reached through ``{eval-rst}``, and
  through a ``.. role:: x(raw)`` derived from it) report ``handbook.raw`` and
  output nothing; docutils' ``raw_enabled`` is off.
* **Files come from inside the sources only** (``handbook.include``):
  ``{include}`` (MyST and reST), ``{literalinclude}``, ``csv-table :file:``,
  images, figures and ``{download}`` must resolve (symbolic links followed)
  inside the source folder; ``csv-table :url:`` is refused (no network).
  ``handbook_include_paths`` names further folders a maintainer allows (empty
  by default).
* **A participant page shows no trainer file** (``handbook.include``): a page
  outside ``handbook_trainer_only`` cannot include, literal-include, download,
  or show as an image or figure a file in a trainer-only folder (``sessions/``)
  or a file holding trainer material (a ``{trainer-note}``, ``{role-brief}``,
  ``{observer-sheet}``, ``{model-answer}``, ``{session}`` or ``{script-step}``
  block). The warning names both files. This is the file side of the edition
  boundary (``editions.py``); an include cut with ``:start-after:`` could
  otherwise copy a note's text without its block.
* **Links use allowed schemes only** (``handbook.link``): ``http``,
  ``https``, ``mailto``, ``tel`` and relative links (``handbook_link_schemes``);
  a ``javascript:`` or ``data:`` link, in any syntax or as an image target,
  becomes plain text.
* **Page metadata is limited** (``handbook.meta``): ``html_meta`` and the
  ``meta`` directive may set only ``handbook_meta_names`` (description,
  keywords, author); ``http-equiv`` (a redirect, a policy) is refused.
* **Structure has limits** (``handbook.nesting``): a blockquote or list nested
  deeper than ``handbook_max_nesting`` (8) levels fails with the line, instead
  of the Markdown parser silently dropping the rest of the page.
"""

from __future__ import annotations

import os
import re
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.directives.tables import CSVTable
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include
from sphinx.util.docutils import SphinxDirective, SphinxRole

from handbook.sphinxext import order
from handbook.sphinxext.problems import warn

HTML_SYNTAX = ("html_block", "html_inline")


# -- raw output ------------------------------------------------------------------------


def _raw_message() -> str:
    return ("raw output is switched off in this handbook (it could carry scripts into readers' browsers); write "
            "the content in Markdown or add a block to the extension")


class NoRaw(SphinxDirective):
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {"file": str, "url": str, "encoding": str}

    def run(self):
        warn("raw", _raw_message(), self.get_location())
        return []


class NoRawRole(SphinxRole):
    options = {"format": directives.unchanged, "class": directives.class_option}

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        finally:
            # SphinxRole keeps the call's option values in self.options, where docutils reads a role's option
            # spec: a second ".. role:: x(raw)" would fail with "'str' object is not callable".
            self.__dict__.pop("options", None)

    def run(self):
        # A role in a page's second {eval-rst} block may not know its source (docutils' nested parse); its
        # line number is the page's.
        location = self.get_location() or (self.env.docname, self.lineno)
        warn("raw", _raw_message(), location)
        return [], []


def _no_html(app: Sphinx, config) -> None:
    disabled = list(getattr(config, "myst_disable_syntax", []) or [])
    config.myst_disable_syntax = [*disabled, *(s for s in HTML_SYNTAX if s not in disabled)]


def _docutils_settings(app: Sphinx) -> None:
    # Also stops a raw role derived in reST before our role is looked up.
    app.env.settings["raw_enabled"] = False
    # handbook_include_paths are relative to conf.py's folder (the environment has no public way to it).
    app.env.handbook_confdir = str(app.confdir)


# -- files from inside the sources only -----------------------------------------------------


def _allowed_roots(env) -> list[Path]:
    extra = [Path(env.handbook_confdir, p).resolve() for p in env.config.handbook_include_paths]
    return [Path(env.srcdir).resolve(), *extra]


def outside(env, path: Path) -> bool:
    """Whether ``path`` (resolved, links followed) lies outside the sources and the allowed folders."""
    resolved = Path(path).resolve()
    return not any(resolved == root or resolved.is_relative_to(root) for root in _allowed_roots(env))


#: A directive that makes trainer material, in MyST (```{x} or :::{x}) or reST (.. x::).
_TRAINER_BLOCK = re.compile(
    r"(?:\{|^[ \t]*\.\.[ \t]+)(?P<name>trainer-note|role-brief|observer-sheet|model-answer|session|script-step)"
    r"(?:\}|::)", re.M)
#: Files larger than this are not read for trainer blocks (no page is this long); the folder rule still holds.
SCAN_LIMIT = 8 * 1024 * 1024


def trainer_file(env, path: Path) -> str | None:
    """Why ``path`` is trainer material (a trainer-only folder, or the trainer block it holds), else None."""
    resolved = Path(path).resolve()
    src = Path(env.srcdir).resolve()
    if resolved.is_relative_to(src):
        rel = resolved.relative_to(src)
        names = [rel.as_posix(), rel.with_suffix("").as_posix(), *(p.as_posix() for p in rel.parents if p.parts)]
        for pattern in env.config.handbook_trainer_only:
            if any(fnmatch(name, pattern) for name in names):
                return f"lies in a trainer-only folder ('{pattern}' in handbook_trainer_only)"
    try:
        with resolved.open("rb") as handle:
            text = handle.read(SCAN_LIMIT).decode("utf-8", "replace")
    except OSError:
        return None
    match = _TRAINER_BLOCK.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        return f"holds trainer material (a {{{match['name']}}} block on line {line})"
    return None


def _participant_page(env) -> bool:
    return not any(fnmatch(env.docname, pattern) for pattern in env.config.handbook_trainer_only)


def _shown(env, what: str, name: str, path: Path, location) -> bool:
    """False (after a warning naming both files) when a participant page would show a trainer file."""
    if not _participant_page(env):
        return True
    why = trainer_file(env, path)
    if why is None:
        return True
    page = env.doc2path(env.docname)
    warn("include", f"{what} '{name}' ({path}) {why}, and the page {page} is for participants; a participant page "
                    f"cannot show a trainer file: move the shared text into its own file without trainer blocks, or "
                    f"pull a block in with {{use-block}}", location)
    return False


def _resolve(directive: SphinxDirective, name: str) -> Path:
    """A file name as include and literalinclude read it (Sphinx's and MyST's relfn2path): from the source
    folder for '/x', else from the page's folder, also when the directive sits in an included file."""
    return Path(directive.env.relfn2path(name, directive.env.docname)[1])


def _resolve_csv(directive: SphinxDirective, name: str) -> Path:
    """A csv-table ':file:' as docutils reads it: beside the file being parsed; '/x' from the file system's root.
    docutils gives it relative to the working folder: made absolute (the same file), so messages name it alike
    from any folder."""
    from docutils.parsers.rst.directives.misc import adapt_path

    document = directive.state.document
    return Path(os.path.abspath(adapt_path(name, document.current_source, document.settings.root_prefix)))


def _refuse(directive: SphinxDirective, what: str, name: str) -> list[nodes.Node]:
    warn("include", f"{what} '{name}' is outside the handbook's sources; only files inside the source folder can "
                    f"be included (copy the file into docs/, or name its folder in handbook_include_paths)",
         directive.get_location())
    return []


class SafeInclude(SphinxDirective):
    """``include`` (MyST or reST), refusing files outside the sources."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec = dict(Include.option_spec)
    has_content = False

    def run(self):
        name = self.arguments[0]
        if name.startswith("<") and name.endswith(">"):
            return _refuse(self, "the docutils include file", name)
        if outside(self.env, _resolve(self, name)):
            return _refuse(self, "the file", name)
        if not _shown(self.env, "the included file", name, _resolve(self, name), self.get_location()):
            return []
        renderer = self.state.__dict__.get("_renderer")
        if renderer is not None:  # MyST: its own include, as myst-parser runs it
            from myst_parser.mocking import MockIncludeDirective

            return MockIncludeDirective(renderer, name=self.name, klass=Include, arguments=self.arguments,
                                        options=self.options, body=list(self.content), lineno=self.lineno).run()
        return Include(self.name, self.arguments, self.options, self.content, self.lineno, self.content_offset,
                       self.block_text, self.state, self.state_machine).run()


class SafeLiteralInclude(LiteralInclude):
    def run(self):
        if outside(self.env, _resolve(self, self.arguments[0])):
            return _refuse(self, "the file", self.arguments[0])
        if not _shown(self.env, "the literal-included file", self.arguments[0], _resolve(self, self.arguments[0]),
                      self.get_location()):
            return []
        return super().run()


class SafeCSVTable(CSVTable, SphinxDirective):
    def run(self):
        if "url" in self.options:
            warn("include", f"csv-table ':url: {self.options['url']}' would fetch a file from the network while "
                            f"building; copy the file into docs/ and use ':file:'", self.get_location())
            return []
        if "file" in self.options and outside(self.env, _resolve_csv(self, self.options["file"])):
            return _refuse(self, "the CSV file", self.options["file"])
        if "file" in self.options and not _shown(self.env, "the CSV file", self.options["file"],
                                                 _resolve_csv(self, self.options["file"]), self.get_location()):
            return []
        return super().run()


def _image_files(env, uri: str) -> list[Path]:
    """The files Sphinx may copy for a local image ``uri`` (its asset collector): 'picture.*' is a pattern
    over the whole path (a wildcard in a folder's name too) and Sphinx picks among the files it matches; a
    translated picture (``figure_language_filename``) is tried first. Nothing is cut off at a '?'."""
    from glob import glob

    from sphinx.util.i18n import get_image_filename_for_language, search_image_for_language

    if uri.endswith(os.extsep + "*"):
        patterns = [get_image_filename_for_language(uri, env), uri]
        return sorted({Path(f) for p in patterns for f in glob(env.relfn2path(p, env.docname)[1])})
    return [Path(env.relfn2path(search_image_for_language(uri, env), env.docname)[1])]


def _check_files(app: Sphinx, doctree: nodes.document) -> None:
    """Images and downloads must be inside the sources too (before Sphinx copies them). What is a file is
    decided as Sphinx decides it: an address without '://' (or 'data:') is read from the disk, whatever it
    starts with ('https:/../x', 'c:/../x')."""
    env = app.env
    for image in list(doctree.findall(nodes.image)):
        uri = image.get("uri", "")
        scheme = urlsplit(uri).scheme
        if scheme or uri.startswith("//"):
            if scheme not in ("http", "https"):
                warn("link", f"the image '{uri[:60]}' uses a scheme the handbook does not allow; use an image file "
                             f"inside docs/", image)
                image.parent.remove(image)
                continue
            if "://" in uri:  # a web address: the reader's browser loads it
                continue
        candidates = _image_files(env, uri)
        _rel, absolute = env.relfn2path(uri, env.docname)
        if any(outside(env, path) for path in [*candidates, Path(absolute).parent]):
            warn("include", f"the image '{uri}' is outside the handbook's sources; copy it into docs/", image)
            image.parent.remove(image)
        elif not all(_shown(env, "the image", uri, path, image) for path in candidates):
            image.parent.remove(image)
    allowed = {s.lower() for s in app.config.handbook_link_schemes}
    for ref in list(doctree.findall(addnodes.download_reference)):
        target = ref.get("reftarget", "")
        if "://" in target:  # Sphinx makes it a link, not a file
            scheme = _scheme(target)
            if scheme and scheme not in allowed:
                warn("link", f"a link to '{target[:60]}' uses the scheme '{scheme}:', which the handbook does not "
                             f"allow (allowed: {', '.join(sorted(allowed))}, or a relative link)", ref)
                ref.replace_self(nodes.Text(ref.astext()))
            continue
        _rel, absolute = env.relfn2path(target, env.docname)
        if outside(env, Path(absolute)):
            warn("include", f"the download '{target}' is outside the handbook's sources; copy it into docs/", ref)
            ref.replace_self(nodes.Text(ref.astext()))
        elif not _shown(env, "the download", target, Path(absolute), ref):
            ref.replace_self(nodes.Text(ref.astext()))


# -- links and metadata ---------------------------------------------------------------------


#: What a browser drops from a URL before reading its scheme (the WHATWG URL standard): C0 control
#: characters and spaces at either end, and tabs and line breaks anywhere ("java\tscript:" is javascript:).
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


def _scheme(url: str) -> str:
    """The scheme a browser would read from ``url`` ("" for a relative link)."""
    url = re.sub(r"[\t\n\r]", "", url).strip(_C0_AND_SPACE)
    return urlsplit(url).scheme.lower() if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url) else ""


def _check_links(app: Sphinx, doctree: nodes.document) -> None:
    allowed = {s.lower() for s in app.config.handbook_link_schemes}
    for ref in list(doctree.findall(nodes.reference)):
        uri = ref.get("refuri")
        if uri is None:
            continue
        scheme = _scheme(uri)
        if scheme and scheme not in allowed:
            warn("link", f"a link to '{uri[:60]}' uses the scheme '{scheme}:', which the handbook does not allow "
                         f"(allowed: {', '.join(sorted(allowed))}, or a relative link)", _located(app, ref, uri))
            ref.replace_self(nodes.Text(ref.astext()))
    for meta in list(doctree.findall(nodes.meta)):
        equiv = meta.get("http-equiv")
        name = (meta.get("name") or meta.get("property") or "").lower()
        if equiv or name not in {n.lower() for n in app.config.handbook_meta_names}:
            if equiv:
                what = needle = f"http-equiv={equiv}"
            elif name:
                what, needle = f"name={name}", name
            else:  # neither (charset=...): named by its first attribute
                key = next((k for k in meta.attributes if k not in (*nodes.Element.list_attributes, "content")), "?")
                what = needle = f"{key}={meta.get(key, '')}"
            warn("meta", f"page metadata '{what}' is not allowed (a redirect or a policy would change what readers "
                         f"get); use {', '.join(app.config.handbook_meta_names)}",
                 (app.env.docname, _source_line(app.env, needle)))
            meta.parent.remove(meta)


def _located(app: Sphinx, node: nodes.Element, text: str):
    """The source line holding ``text`` (nodes made inside {eval-rst} may carry a line of the
    block, not of the page); else the node or a node inside it that knows its line."""
    line = _source_line(app.env, text, default=0)
    if line:
        return app.env.docname, line
    return next((n for n in node.findall(nodes.Element) if n.line), node)


def _source_line(env, needle: str, default: int = 1) -> int:
    """The first line of the page's source holding ``needle`` (metadata nodes carry no line)."""
    try:
        text = Path(env.doc2path(env.docname)).read_text(encoding="utf-8")
    except OSError:
        return default
    return next((n for n, line in enumerate(text.splitlines(), 1) if needle.lower() in line.lower()), default)


# -- bounds on numbers --------------------------------------------------------------------------

#: The largest value each number option of a directive takes. A mistyped or hostile number
#: (``:rounds: 1000000000``) would otherwise run the build for hours or print 65,535 pages. The
#: maintainer's guide lists them ("Bounds"); raise one here when a real session needs more.
LIMITS = {
    "minutes": 600,     # a session, a step, an activity: a long training day
    "rounds": 20,       # of a role-play, each with a brief per role
    "round": 20,        # of a role brief
    "group": 26,        # people in a group: the deck names their seats A to Z
    "group-size": 500,  # people in a session
    "lines": 100,       # {notes-space} ruled lines: four printed pages
    "notes": 100,       # an exercise's or role-play's ruled lines
    "phases": 12,       # parts of one round on the deck's timer
    "objective": 20,    # the highest objective number an exercise may name
}


def bounded(option: str):
    """A directive option converter: a whole number from 1 to ``LIMITS[option]``, else a clear ValueError."""
    high = LIMITS[option]

    def convert(value: str | None) -> int:
        text = (value or "").strip()
        if not text.isdigit() or len(text) > 12:
            if text.isdigit():
                raise ValueError(f"{text[:12]}... is more than {high}, the handbook's limit for ':{option}:'")
            raise ValueError(f"'{text[:40]}' is not a whole number from 1 to {high}")
        number = int(text)
        if not 1 <= number <= high:
            raise ValueError(f"{number} is {'less than 1' if number < 1 else f'more than {high}'}, outside the "
                             f"handbook's limits for ':{option}:' (1 to {high}; see 'Bounds' in the maintainer's "
                             f"guide)")
        return number

    convert.__name__ = f"bounded_{option.replace('-', '_')}"
    return convert


# -- structure limits -----------------------------------------------------------------------

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_LIST = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d{1,9}[.)])(?:\s|$)")
_QUOTE = re.compile(r"^\s{0,3}((?:>\s?)+)")


def nesting_problems(text: str, limit: int) -> list[tuple[int, str]]:
    """(line, what) for each block nested deeper than ``limit`` (fenced code skipped)."""
    problems, fence, stack = [], None, []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _FENCE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            fence = match.group(1)
            continue
        quote = _QUOTE.match(line)
        depth = quote.group(1).count(">") if quote else 0
        if depth > limit:
            problems.append((number, f"a blockquote {depth} levels deep"))
            continue
        body = line[quote.end():] if quote else line
        item = _LIST.match(body)
        if item:
            indent = len(item["indent"].expandtabs(4))
            while stack and stack[-1] >= indent:
                stack.pop()
            stack.append(indent)
            if len(stack) > limit:
                problems.append((number, f"a list {len(stack)} levels deep"))
        elif body.strip() and not body[:1].isspace():
            stack = []
    seen, unique = set(), []
    for number, what in problems:  # one report per run of deep lines
        if number - 1 not in seen:
            unique.append((number, what))
        seen.add(number)
    return unique


def _check_nesting(app: Sphinx, docname: str, source: list[str]) -> None:
    limit = app.config.handbook_max_nesting
    for line, what in nesting_problems(source[0], limit):
        warn("nesting", f"{what}: the handbook allows {limit} levels (deeper ones make the Markdown parser drop the "
                        f"rest of the page); flatten it", (docname, line))


#: Each setting's default; one of the wrong type (Sphinx warns, which fails the strict build) falls back to it.
DEFAULTS = {"handbook_include_paths": [], "handbook_link_schemes": ["http", "https", "mailto", "tel"],
            "handbook_meta_names": ["description", "keywords", "author"], "handbook_max_nesting": 8}


def _safe_settings(app: Sphinx, config) -> None:
    """A string of folders would allow '/' (its letters are read as folders), a string of schemes its letters,
    a string limit would stop the build with a traceback: a value of the wrong type is not used."""
    for name, default in DEFAULTS.items():
        value = getattr(config, name)
        if type(value) is not type(default):
            setattr(config, name, default)


def _check_footnotes(app: Sphinx, doctree: nodes.document) -> None:
    """A footnote numbered or marked by docutils (``[#]_``, ``[#name]_``, ``[*]_``) inside ``{eval-rst}``:
    MyST numbers only its own footnotes, so the reference prints as "[]" or, unresolved, stops Sphinx's
    writers with a traceback. Refused with the page and line, and the reference left out so the rest of
    the page builds."""
    for ref in list(doctree.findall(nodes.footnote_reference)):
        if ref.astext().strip() and ("refid" in ref or "refname" in ref):
            continue  # numbered: by MyST ([^note]) or by hand ([1]_)
        # The reference as written ('[#Tip]_'), on its paragraph's line (MyST gives {eval-rst} the page's lines).
        warn("footnote", f"the footnote '{ref.rawsource}' is numbered by docutils ([#]_, [#name]_ or [*]_), which "
                         f"MyST leaves unnumbered inside {{eval-rst}} (it numbers its own footnotes only), so it "
                         f"would print as '[]' or stop the build; number it yourself ('[1]_' with '.. [1] ...') or "
                         f"write it in Markdown ('[^note]' with '[^note]: ...')", ref)
        ref.parent.remove(ref)


def setup_safety(app: Sphinx) -> None:
    app.add_config_value("handbook_include_paths", DEFAULTS["handbook_include_paths"], "env", types=[list],
                         description="folders (relative to conf.py) besides the sources that files may come from")
    app.add_config_value("handbook_link_schemes", DEFAULTS["handbook_link_schemes"], "env", types=[list],
                         description="link schemes allowed besides relative links")
    app.add_config_value("handbook_meta_names", DEFAULTS["handbook_meta_names"], "env", types=[list],
                         description="the page metadata names a page may set")
    app.add_config_value("handbook_max_nesting", DEFAULTS["handbook_max_nesting"], "env", types=[int],
                         description="the deepest a blockquote or list may be nested")
    app.add_directive("raw", NoRaw, override=True)
    app.add_role("raw", NoRawRole(), override=True)
    app.add_directive("include", SafeInclude, override=True)
    app.add_directive("literalinclude", SafeLiteralInclude, override=True)
    app.add_directive("csv-table", SafeCSVTable, override=True)
    # Before myst-parser reads its configuration at builder-inited.
    app.connect("config-inited", _no_html)
    app.connect("config-inited", _safe_settings, priority=order.CHECK_SAFETY_SETTINGS)
    app.connect("builder-inited", _docutils_settings)
    app.connect("source-read", _check_nesting)
    app.connect("doctree-read", _check_files, priority=order.CHECK_FILES)
    app.connect("doctree-read", _check_links, priority=order.CHECK_FILES)
    app.connect("doctree-read", _check_footnotes)
