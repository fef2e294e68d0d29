"""XML -> posts: a WordPress export (``read_wxr.py``), an RSS or Atom feed
(feedparser), or a Blogger export (Atom, both the classic and the 2018 form).

* **The screen** (``xml.parse_root``, defusedxml): a document with an
  internal DTD, an entity declaration or an external entity is
  refused before any reader sees it, so an XML bomb or a file read through an
  entity cannot happen. An HTML entity XML does not define (``&eacute;``,
  ``&hellip;``) is read as its character; a truncated document is refused as
  such.
* **Feeds** are read by feedparser 6 (RSS 0.9x, 1.0 and 2.0, Atom 0.3 and
  1.0, with their encodings, base64 content and every author): one post per
  entry, the title, every author, ``published`` or else ``updated`` (as the
  writer wrote it, in the writer's time zone), ``content`` or else
  ``summary`` (HTML or text), the tags; the blog from the feed's title.
  feedparser does not sanitize the HTML: the text is taken by ``clean``'s
  ``html_text``, which keeps no markup and drops scripts and chrome (its
  sanitizer unwrapped iframes and templates and removed ``role``, so an
  embed's fallback text or a navigation block reached the body).
* **Blogger** (our own code: feedparser counts its template and settings
  entries as posts and ignores the draft marks): entries of kind ``post``
  only; a post marked draft in either namespace (``app:draft`` of 2007 or of
  the older ``purl.org/atom/app#``, or ``blogger:status``) is skipped; an
  entry of kind ``comment`` goes to the post its ``thr:in-reply-to`` (or
  ``blogger:parent``) names, then is kept or dropped by the usual rules; an
  entry with no ``<id>`` is listed as skipped, never lost without a word.
"""

from __future__ import annotations

import re

from handbook.importer.clean import feed_date, fragment_text, norm, paragraphs
from handbook.importer.comments import judge_comments
from handbook.importer.model import DEFAULT_OFFTOPIC, Comment, ImportError_, Post, Skipped
from handbook.importer.read_wxr import read_wxr
from handbook.importer.xml import ATOM, NS, XHTML, local, parse_root, screen, wxr_namespace

KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
KIND = "http://schemas.google.com/blogger/2008/kind#"
RSS1 = "http://purl.org/rss/1.0/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
ATOM03 = "http://purl.org/atom/ns#"
#: Root elements feedparser reads: RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 1.0 and 0.3.
FEED_ROOTS = ("rss", f"{{{RDF}}}RDF", f"{{{ATOM}}}feed", f"{{{ATOM03}}}feed", "feed")


def parse_xml(text: str, source: str, threshold: float = DEFAULT_OFFTOPIC,
              skipped: list[Skipped] | None = None) -> list[Post]:
    skipped = skipped if skipped is not None else []
    text = screen(text)
    root = parse_root(text, source)
    if wxr_namespace(root):
        posts = read_wxr(root, source, threshold, skipped)
    elif root.tag == f"{{{ATOM}}}feed" and _is_blogger(root):
        posts = _blogger(root, source, threshold, skipped)
    elif root.tag in FEED_ROOTS:
        posts = _feed(text, source, threshold, skipped)
    else:
        raise ImportError_(f"{source} is XML but not a feed or an export (its root is <{local(root.tag)}>); "
                           f"import an RSS or Atom feed, a WordPress export or a Blogger export")
    if not posts:
        reasons = f" ({len(skipped)} item{'s' * (len(skipped) != 1)} skipped)" if skipped else ""
        raise ImportError_(f"{source} holds no published posts{reasons}; nothing to import")
    return posts


def _html_body(html: str | None) -> str:
    return fragment_text(html or "")


# -- RSS and Atom, through feedparser --------------------------------------------------------


def _detail_text(detail) -> str:
    """A feedparser text construct (content, summary, title detail) as text."""
    value = detail.get("value") or ""
    if "html" in (detail.get("type") or "text/html"):
        return _html_body(value)
    return "\n\n".join(paragraphs(value.splitlines()))


def _feed(text: str, source: str, threshold: float, skipped: list[Skipped]) -> list[Post]:
    import feedparser

    parsed = feedparser.parse(text.encode("utf-8"), response_headers={"content-type": "application/xml; charset=utf-8"},
                              sanitize_html=False, resolve_relative_uris=False)
    feed = parsed.get("feed", {})
    blog = norm(_detail_text(feed["title_detail"])) if feed.get("title_detail") else None
    feed_authors = [norm(a.get("name") or "") for a in feed.get("authors", []) if norm(a.get("name") or "")]
    posts = []
    for entry in parsed.get("entries", []):
        title = norm(_detail_text(entry["title_detail"])) if entry.get("title_detail") else ""
        names = [norm(a.get("name") or "") for a in entry.get("authors", []) if norm(a.get("name") or "")]
        # feedparser cuts an address whose top-level domain is over four letters ("x@host.invalid (Name)"
        # gives "lid (Name"; a bare "news@host.coach" gives the name "h"): the RSS "address (Name)" form and
        # the bare address (no name) are read here.
        raw = re.match(r"^\s*\S+@\S+?\s*(?:\((?P<name>[^)]+)\))?\s*$", entry.get("author") or "")
        if raw and len(names) <= 1:
            names = [name for name in (norm(raw["name"] or ""),) if name]
        names = list(dict.fromkeys(names or feed_authors))
        post = Post(source=source, kind="feed", blog=blog or None, title=title or None,
                    author=", ".join(names) or None)
        post.date = feed_date(entry.get("published") or entry.get("updated") or entry.get("created"))
        contents = [c for c in entry.get("content", []) if (c.get("value") or "").strip()]
        if contents:
            post.body = _detail_text(next((c for c in contents if "html" in (c.get("type") or "")), contents[0]))
        elif entry.get("summary_detail"):
            post.body = _detail_text(entry["summary_detail"])
        post.tags = [norm(t.get("term") or "") for t in entry.get("tags", []) if norm(t.get("term") or "")]
        judge_comments(post, threshold)
        posts.append(post)
    return posts


# -- Atom text constructs (Blogger) ----------------------------------------------------------


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
    """A Blogger post's fields (not its tags, status or comments)."""
    names = [norm(a.findtext("atom:name", default="", namespaces=NS)) for a in entry.findall("atom:author", NS)]
    author = ", ".join(n for n in names if n) or feed_author
    title = norm(_atom_text(entry.find("atom:title", NS))) or None
    post = Post(source=source, kind="blogger", blog=blog, title=title, author=author)
    post.date = feed_date(entry.findtext("atom:published", namespaces=NS)
                          or entry.findtext("atom:updated", namespaces=NS))
    content = entry.find("atom:content", NS)
    post.body = _atom_text(content if content is not None else entry.find("atom:summary", NS))
    return post


def _feed_meta(root) -> tuple[str | None, str | None]:
    blog = norm(_atom_text(root.find("atom:title", NS))) or None
    author = norm(root.findtext("atom:author/atom:name", default="", namespaces=NS)) or None
    return blog, author


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
            draft = any((entry.findtext(f"{app}:control/{app}:draft", default="", namespaces=NS) or "").strip()
                        .lower() == "yes" for app in ("app", "app_old"))
            status = (entry.findtext("blogger:status", default="LIVE", namespaces=NS) or "LIVE").strip().upper()
            if draft or status != "LIVE":
                skipped.append(Skipped(source, title, f"status {'draft' if draft else status.lower()}: "
                                                      f"only published posts are imported"))
                continue
            if not entry_id:
                skipped.append(Skipped(source, title, "a Blogger post with no <id>: its comments cannot be "
                                                      "matched to it; export the blog again"))
                continue
            post = _atom_entry(entry, source, blog, feed_author)
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
