"""A WordPress export (WXR) -> every published ``Post`` in it, with its comments.

Parsed with defusedxml: no entity expansion, no external entities, no DTDs,
so an XML bomb is refused. The export's own marks (spam, not approved,
pingbacks and trackbacks) drop a comment before ``comments.py`` judges the rest.
"""

from __future__ import annotations

import re

from handbook.importer.clean import html_text, norm
from handbook.importer.comments import judge_comments
from handbook.importer.model import DEFAULT_OFFTOPIC, Comment, ImportError_, Post

WXR_NS = {
    "wp": "http://wordpress.org/export/1.2/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def parse_wxr(text: str, source: str, threshold: float = DEFAULT_OFFTOPIC) -> list[Post]:
    from bs4 import BeautifulSoup
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root = fromstring(text.encode("utf-8"))
    except DefusedXmlException as exc:
        raise ImportError_(
            f"{source} was refused: it declares XML entities or a DTD ({type(exc).__name__}), "
            f"which can be used for an XML bomb; export it again from WordPress"
        ) from None
    except ParseError as exc:
        line, column = exc.position
        raise ImportError_(
            f"{source} is not well-formed XML (line {line}, column {column}): {exc.msg if hasattr(exc, 'msg') else exc}; "
            f"export it again or fix the file"
        ) from None
    channel = root.find("channel")
    if channel is None:
        raise ImportError_(f"{source} is XML but not a WordPress export (no <channel>); export it from WordPress")
    # WXR namespaces change with the export version; accept any wp namespace.
    ns_wp = next((uri for uri in _namespaces(root) if "wordpress.org/export" in uri), WXR_NS["wp"])
    ns = {**WXR_NS, "wp": ns_wp}
    blog = norm(channel.findtext("title") or "") or None
    authors = {}
    for author in channel.findall("wp:author", ns):
        login = author.findtext("wp:author_login", default="", namespaces=ns)
        name = author.findtext("wp:author_display_name", default="", namespaces=ns)
        authors[login] = norm(name) or login
    posts = []
    for item in channel.findall("item"):
        if item.findtext("wp:post_type", default="post", namespaces=ns) != "post":
            continue
        if item.findtext("wp:status", default="publish", namespaces=ns) != "publish":
            continue
        creator = item.findtext("dc:creator", default="", namespaces=ns)
        post = Post(source=source, kind="wxr", blog=blog,
                    title=norm(item.findtext("title") or "") or None,
                    author=authors.get(creator, creator) or None)
        date = item.findtext("wp:post_date", default="", namespaces=ns)
        if re.match(r"\d{4}-\d{2}-\d{2}", date) and not date.startswith("0000"):
            post.date = date[:10]
        html = item.findtext("content:encoded", default="", namespaces=ns)
        body = html_text(BeautifulSoup(f"<div>{html}</div>", "html.parser").div) if html.strip() else ""
        post.body = "\n\n".join(p for p in re.split(r"\n\s*\n", body) if p.strip())
        for node in item.findall("wp:comment", ns):
            approved = node.findtext("wp:comment_approved", default="1", namespaces=ns)
            ctype = node.findtext("wp:comment_type", default="", namespaces=ns)
            text = html_text(BeautifulSoup(
                f"<div>{node.findtext('wp:comment_content', default='', namespaces=ns)}</div>", "html.parser").div)
            comment = Comment(text=text.replace("\n\n", " "),
                              author=norm(node.findtext("wp:comment_author", default="", namespaces=ns)) or None)
            if approved == "spam":
                comment.kept, comment.reason = False, "spam: marked as spam in the export"
            elif approved != "1":
                comment.kept, comment.reason = False, "unapproved: not approved in the export"
            elif ctype in ("pingback", "trackback"):
                comment.kept, comment.reason = False, f"{ctype}: not a reader comment"
            post.comments.append(comment)
        judge_comments(post, threshold)
        posts.append(post)
    if not posts:
        raise ImportError_(f"{source} holds no published posts; nothing to import")
    return posts


def _namespaces(root) -> set[str]:
    found = set()
    for element in root.iter():
        if element.tag.startswith("{"):
            found.add(element.tag[1:].split("}")[0])
    return found
