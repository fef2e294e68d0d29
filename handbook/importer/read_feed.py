"""XML -> posts: a WordPress export (``read_wxr.py``), an RSS 2.0 feed, an
Atom feed, or a Blogger export (Atom, both the classic and the 2018 form).

Parsed with defusedxml and ``forbid_dtd``: a document with a DTD (internal or
external), an entity declaration or an external entity is refused, so an XML
bomb or a file read through an entity cannot happen. Namespaces are compared
as exact strings, never by a prefix or a substring.

* **RSS 2.0**: one post per ``<item>``: ``title``, ``dc:creator`` or
  ``author`` ("mail@host (Name)" gives Name), ``pubDate`` or ``dc:date``,
  ``content:encoded`` or ``description``; the blog from the channel's title.
* **Atom**: one post per ``<entry>``: ``title``, the entry's ``author/name``
  or else the feed's, ``published`` or else ``updated``, ``content`` or
  ``summary`` (text, HTML or XHTML); the blog from the feed's title.
* **Blogger**: entries of kind ``post`` only (settings, template and layout
  entries are not posts); a post marked draft is skipped; an entry of kind
  ``comment`` goes to the post its ``thr:in-reply-to`` (or
  ``blogger:parent``) names, then is kept or dropped by the usual rules.
"""

from __future__ import annotations

import re

from handbook.importer.clean import feed_date, fragment_text, norm
from handbook.importer.comments import judge_comments
from handbook.importer.model import DEFAULT_OFFTOPIC, Comment, ImportError_, Post, Skipped

ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"
NS = {
    "atom": ATOM,
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "thr": "http://purl.org/syndication/thread/1.0",
    "app": "http://www.w3.org/2007/app",
    "blogger": "http://schemas.google.com/blogger/2018",
}
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
KIND = "http://schemas.google.com/blogger/2008/kind#"
#: The WordPress export namespaces, newest first; matched exactly.
WXR_NAMESPACES = ("http://wordpress.org/export/1.2/", "http://wordpress.org/export/1.1/",
                  "http://wordpress.org/export/1.0/")


def parse_root(text: str, source: str, what: str = "feed or export"):
    """The document's root element, parsed safely; refusals name the file."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    # The text is already decoded: say so to the parser, whatever the declaration said.
    text = re.sub(r"^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*[\"'][^\"']*[\"']", r"\1", text.lstrip("\ufeff"), count=1)
    try:
        return fromstring(text.encode("utf-8"), forbid_dtd=True)
    except DefusedXmlException as exc:
        raise ImportError_(
            f"{source} was refused: it declares XML entities or a DTD ({type(exc).__name__}), "
            f"which can be used for an XML bomb or to read other files; export it again without the DTD"
        ) from None
    except ParseError as exc:
        line, column = exc.position
        what_is_wrong = re.sub(r": line \d+, column \d+$", "", str(getattr(exc, "msg", exc)))
        raise ImportError_(
            f"{source} is not well-formed XML (line {line}, column {column}): {what_is_wrong}; "
            f"the {what} may be truncated: download or export it again"
        ) from None


def parse_xml(text: str, source: str, threshold: float = DEFAULT_OFFTOPIC,
              skipped: list[Skipped] | None = None) -> list[Post]:
    from handbook.importer.read_wxr import read_wxr

    skipped = skipped if skipped is not None else []
    root = parse_root(text, source)
    if root.tag == "rss":
        found = namespaces(root)
        wxr = next((uri for uri in WXR_NAMESPACES if uri in found), None)
        posts = read_wxr(root, wxr, source, threshold, skipped) if wxr else _rss(root, source, threshold)
    elif root.tag == f"{{{ATOM}}}feed":
        if _is_blogger(root):
            posts = _blogger(root, source, threshold, skipped)
        else:
            posts = _atom(root, source, threshold)
    else:
        raise ImportError_(f"{source} is XML but not a feed or an export (its root is <{_local(root.tag)}>); "
                           f"import an RSS or Atom feed, a WordPress export or a Blogger export")
    if not posts:
        reasons = f" ({len(skipped)} items skipped)" if skipped else ""
        raise ImportError_(f"{source} holds no published posts{reasons}; nothing to import")
    return posts


def namespaces(root) -> dict[str, None]:
    """The namespaces of the document's elements, in document order (a dict, never a set)."""
    found: dict[str, None] = {}
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            found.setdefault(element.tag[1:].split("}")[0], None)
    return found


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _html_body(html: str | None) -> str:
    return fragment_text(html or "")


# -- RSS 2.0 --------------------------------------------------------------------------


def _rss_author(item) -> str | None:
    creator = norm(item.findtext("dc:creator", default="", namespaces=NS))
    if creator:
        return creator
    author = norm(item.findtext("author", default=""))
    match = re.match(r"^\S+@\S+\s*\((?P<name>[^)]+)\)$", author)
    if match:
        return norm(match["name"])
    return None if "@" in author else (author or None)


def _rss(root, source: str, threshold: float) -> list[Post]:
    channel = root.find("channel")
    if channel is None:
        raise ImportError_(f"{source} is an RSS document with no <channel>; download the feed again")
    blog = norm(channel.findtext("title") or "") or None
    posts = []
    for item in channel.findall("item"):
        post = Post(source=source, kind="feed", blog=blog, title=norm(item.findtext("title") or "") or None,
                    author=_rss_author(item))
        post.date = feed_date(item.findtext("pubDate") or item.findtext("dc:date", namespaces=NS))
        html = item.findtext("content:encoded", namespaces=NS) or item.findtext("description") or ""
        post.body = _html_body(html)
        post.tags = [norm(c.text or "") for c in item.findall("category") if norm(c.text or "")]
        judge_comments(post, threshold)
        posts.append(post)
    return posts


# -- Atom ----------------------------------------------------------------------------------


def _atom_text(node) -> str:
    """An Atom text construct (title, content, summary) as text."""
    if node is None:
        return ""
    kind = node.get("type", "text")
    if kind == "xhtml":
        from xml.etree.ElementTree import tostring

        div = node.find(f"{{{XHTML}}}div")
        inner = div if div is not None else node
        html = (inner.text or "") + "".join(tostring(child, encoding="unicode") for child in inner)
        html = re.sub(r"<(/?)html:", r"<\1", re.sub(r"\sxmlns(:\w+)?=\"[^\"]*\"", "", html))
        return _html_body(html)
    if kind in ("html", "text/html"):
        return _html_body(node.text or "")
    paras = [norm(p) for p in re.split(r"\n\s*\n", node.text or "")]
    return "\n\n".join(p for p in paras if p)


def _atom_entry(entry, source: str, blog: str | None, feed_author: str | None) -> Post:
    author = norm(entry.findtext("atom:author/atom:name", default="", namespaces=NS)) or feed_author
    title = norm(_atom_text(entry.find("atom:title", NS)).replace("\n", " ")) or None
    post = Post(source=source, kind="feed", blog=blog, title=title, author=author)
    post.date = feed_date(entry.findtext("atom:published", namespaces=NS)
                          or entry.findtext("atom:updated", namespaces=NS))
    content = entry.find("atom:content", NS)
    post.body = _atom_text(content if content is not None else entry.find("atom:summary", NS))
    return post


def _feed_meta(root) -> tuple[str | None, str | None]:
    blog = norm(_atom_text(root.find("atom:title", NS)).replace("\n", " ")) or None
    author = norm(root.findtext("atom:author/atom:name", default="", namespaces=NS)) or None
    return blog, author


def _atom(root, source: str, threshold: float) -> list[Post]:
    blog, feed_author = _feed_meta(root)
    posts = []
    for entry in root.findall("atom:entry", NS):
        post = _atom_entry(entry, source, blog, feed_author)
        post.tags = [c.get("term") for c in entry.findall("atom:category", NS) if c.get("term")]
        judge_comments(post, threshold)
        posts.append(post)
    return posts


# -- Blogger --------------------------------------------------------------------------------


def _blogger_kind(entry) -> str | None:
    for category in entry.findall("atom:category", NS):
        if category.get("scheme") == KIND_SCHEME and (category.get("term") or "").startswith(KIND):
            return category.get("term")[len(KIND):]
    kind = entry.findtext("blogger:type", namespaces=NS)
    return kind.strip().lower() if kind else None


def _is_blogger(root) -> bool:
    return any(_blogger_kind(entry) for entry in root.findall("atom:entry", NS))


def _blogger(root, source: str, threshold: float, skipped: list[Skipped]) -> list[Post]:
    blog, feed_author = _feed_meta(root)
    posts: dict[str, Post] = {}
    replies: list[tuple[str, Comment]] = []
    for entry in root.findall("atom:entry", NS):
        kind = _blogger_kind(entry)
        entry_id = (entry.findtext("atom:id", default="", namespaces=NS) or "").strip()
        title = norm(entry.findtext("atom:title", default="", namespaces=NS)) or "(untitled)"
        if kind == "post":
            draft = (entry.findtext("app:control/app:draft", default="", namespaces=NS).strip().lower() == "yes")
            status = (entry.findtext("blogger:status", default="LIVE", namespaces=NS) or "LIVE").strip().upper()
            if draft or status != "LIVE":
                skipped.append(Skipped(source, title, f"status {'draft' if draft else status.lower()}: "
                                                      f"only published posts are imported"))
                continue
            post = _atom_entry(entry, source, blog, feed_author)
            post.kind = "blogger"
            post.tags = [c.get("term") for c in entry.findall("atom:category", NS)
                         if c.get("term") and c.get("scheme") != KIND_SCHEME]
            posts[entry_id] = post
        elif kind == "comment":
            reply = entry.find("thr:in-reply-to", NS)
            parent = reply.get("ref") if reply is not None else entry.findtext("blogger:parent", namespaces=NS)
            content = entry.find("atom:content", NS)
            text = _atom_text(content).replace("\n\n", " ")
            author = norm(entry.findtext("atom:author/atom:name", default="", namespaces=NS)) or None
            replies.append(((parent or "").strip(), Comment(text=text, author=author)))
        elif kind == "page":
            skipped.append(Skipped(source, title, "a page, not a post"))
    for parent, comment in replies:
        if parent in posts:
            posts[parent].comments.append(comment)
    for post in posts.values():
        judge_comments(post, threshold)
    return list(posts.values())
