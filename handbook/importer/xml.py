"""What the XML readers share (``read_feed.py`` and ``read_wxr.py`` import
this module, never each other): the safe parse and the namespaces.

* ``parse_root`` parses with defusedxml and ``forbid_dtd``: an internal DTD,
  an entity declaration or an external entity is refused, so an XML bomb or
  a file read through an entity cannot happen. A ``<!DOCTYPE>`` that only
  names an external DTD (RSS 0.91 has one) is removed first (``screen``) and
  never loaded. A refusal says
  what is true: an undefined entity is named, and "may be truncated" is said
  only when the document ends before its root element is closed.
* When the document does not parse otherwise, a bare ``&`` (not starting
  an entity or a character reference) is read as a literal ``&`` and an
  HTML entity (``&eacute;``) as its character; any other undefined entity
  is refused and named (expat points at the tag when it is in an attribute).
* White space before the XML declaration (which XML forbids, and a WordPress
  plugin's blank line puts there) is read as if the declaration were spaces:
  lines and columns in a refusal stay those of the file.
* Namespaces are compared as exact strings, never by a prefix or substring.
"""

from __future__ import annotations

import re

from handbook.importer.model import ImportError_

ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"
NS = {
    "atom": ATOM,
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "thr": "http://purl.org/syndication/thread/1.0",
    "app": "http://www.w3.org/2007/app",
    "app_old": "http://purl.org/atom/app#",
    "blogger": "http://schemas.google.com/blogger/2018",
}
#: The WordPress export namespaces, newest first, http and https (WordPress's own theme test data
#: uses https); matched exactly.
WXR_NAMESPACES = tuple(f"{scheme}://wordpress.org/export/{version}/"
                       for version in ("1.2", "1.1", "1.0") for scheme in ("http", "https"))


_QUOTED = r"(?:\"[^\"]*\"|'[^']*')"
#: A document type that only names an external DTD (RSS 0.91's Netscape DTD): no internal subset, so it
#: declares no entity. It is removed, never loaded; anything more is refused by ``parse_root``.
_EXTERNAL_DOCTYPE = re.compile(
    rf"\A(?P<before>\s*(?:<\?xml[^>]*\?>)?\s*(?:<!--(?:[^-]|-(?!->))*-->\s*)*)"
    rf"<!DOCTYPE\s+[\w:.-]+(?:\s+(?:PUBLIC\s+{_QUOTED}(?:\s+{_QUOTED})?|SYSTEM\s+{_QUOTED}))?\s*>", re.S)


def screen(text: str) -> str:
    """``text`` without a document type that only names an external DTD (never fetched)."""
    return _EXTERNAL_DOCTYPE.sub(r"\g<before>", text.lstrip("\ufeff"), count=1)


_BARE_AMPERSAND = re.compile(r"&(?!#\d+;|#x[0-9A-Fa-f]+;|[A-Za-z][\w.-]*;)")


_HTML_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")


def _char_reference(match: re.Match) -> str:
    """An HTML entity XML does not define, as a character reference; others unchanged."""
    from html.entities import html5

    name = match.group(1)
    if name in ("amp", "lt", "gt", "quot", "apos") or name + ";" not in html5:
        return match.group(0)
    return "".join(f"&#{ord(ch)};" for ch in html5[name + ";"])


def parse_root(text: str, source: str, what: str = "feed or export"):
    """The document's root element, parsed safely; refusals name the file and what is wrong."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    text = screen(text)
    # XML allows nothing before its declaration, but a blank line printed first (a WordPress plugin's slip)
    # carries nothing: the declaration becomes spaces, so lines and columns stay those of the file.
    text = re.sub(r"\A(\s+)(<\?xml[^>]*\?>)", lambda m: m[1] + " " * len(m[2]), text, count=1)
    # The text is already decoded: say so to the parser, whatever the declaration said.
    text = re.sub(r"^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*[\"'][^\"']*[\"']", r"\1", text, count=1)
    try:
        return fromstring(text.encode("utf-8"), forbid_dtd=True)
    except DefusedXmlException as exc:
        raise ImportError_(
            f"{source} was refused: it declares XML entities or a DTD ({type(exc).__name__}), "
            f"which can be used for an XML bomb or to read other files; export it again without the DTD"
        ) from None
    except ParseError as exc:
        # A bare "&" (in a URL, a title) and an HTML entity (&eacute;, &nbsp;) are the commonest slips of
        # hand-made feeds and exports: each stands for one character, so reading them as such expands nothing.
        fixed = _HTML_ENTITY.sub(_char_reference, _BARE_AMPERSAND.sub("&amp;", text))
        if fixed != text:
            try:
                return fromstring(fixed.encode("utf-8"), forbid_dtd=True)
            except (ParseError, DefusedXmlException):
                pass
        raise ImportError_(not_well_formed(text, source, exc, what)) from None


#: An entity XML does not define (not one of its five, not a character reference).
_UNDEFINED = re.compile(r"&(?!(?:amp|lt|gt|quot|apos);|#)[^;\s<>\"']{1,40};?")


def not_well_formed(text: str, source: str, exc, what: str) -> str:
    """The refusal for a parse error: truthful about truncation and naming an undefined entity."""
    line, column = exc.position
    problem = re.sub(r": line \d+, column \d+$", "", str(getattr(exc, "msg", exc)))
    lines = text.splitlines()
    if problem.startswith("undefined entity"):
        # expat points at the entity, or at its element's start when it is in an attribute's value
        entity = _UNDEFINED.search("\n".join(lines[line - 1:])[column:])
        name = entity.group(0) if entity else "an entity"
        return (f"{source} uses the undefined entity {name} (line {line}, column {column}); XML knows only "
                f"&amp; &lt; &gt; &quot; &apos;: replace it with the character itself and import again")
    tail = text.rstrip()
    if problem in ("no element found", "unclosed token") or line >= len(lines) and not tail.endswith(">"):
        return (f"{source} is not well-formed XML (line {line}, column {column}): {problem}; it ends before "
                f"the document is closed, so the {what} may be truncated: download or export it again")
    return (f"{source} is not well-formed XML (line {line}, column {column}): {problem}; fix that line "
            f"or export the {what} again")


def namespaces(root) -> dict[str, None]:
    """The namespaces of the document's elements, in document order (a dict, never a set)."""
    found: dict[str, None] = {}
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            found.setdefault(element.tag[1:].split("}")[0], None)
    return found


def wxr_namespace(root) -> str | None:
    """The WordPress export namespace the document uses, or None (not a WordPress export)."""
    if root.tag != "rss":
        return None
    found = namespaces(root)
    return next((uri for uri in WXR_NAMESPACES if uri in found), None)


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
