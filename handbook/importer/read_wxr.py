"""A WordPress export (WXR) -> every published ``Post`` in it, with its comments.

The caller parses the document (``xml.parse_root``: defusedxml, no entity
expansion, no external entities, no DTDs) and hands over its root. The
WordPress namespace is the one of ``xml.WXR_NAMESPACES`` (1.2, 1.1, 1.0,
over http or https) that the document uses, compared
exactly, so the excerpt namespace (``.../export/1.2/excerpt/``) never stands in
for it. Only items with post type ``post`` and status ``publish`` become posts;
every other item (pages, drafts, private posts, attachments, menu items,
reusable blocks, shop products or any other type, an item with no post
type or whose ``wp`` prefix names another namespace) is
listed as skipped with the reason. Content keeps its paragraphs (WordPress
stores them as blank lines), quotes and lists. The export's own marks (spam,
not approved, pingbacks and trackbacks) drop a comment before ``comments.py``
judges the rest. Shortcodes are removed, their text kept (a caption stays a
caption; a gallery or an embed goes: ``strip_shortcodes``); the co-authors of
Co-Authors Plus (``<category domain="author">``) are authors. A post date that is no date (``2024-13-45``) is reported
(the post is imported with its date missing) and the export goes on.
"""

from __future__ import annotations

import re

import datetime as dt

from handbook.importer.clean import fragment_text, norm
from handbook.importer.comments import judge_comments
from handbook.importer.model import DEFAULT_OFFTOPIC, Comment, ImportError_, Post, Skipped
from handbook.importer.xml import parse_root, wxr_namespace

OTHER_NS = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
SKIP_REASONS = {"page": "a page, not a post", "attachment": "an attachment", "nav_menu_item": "a menu item",
                "revision": "a revision", "wp_block": "a reusable block", "wp_template": "a theme template",
                "wp_template_part": "a theme template part", "wp_navigation": "a navigation menu",
                "wp_global_styles": "theme styles", "custom_css": "custom CSS", "product": "a shop product",
                "product_variation": "a shop product variation", "shop_order": "a shop order"}


#: Shortcodes whose content is media or a widget, never text: removed with what they enclose.
MEDIA_SHORTCODES = ("gallery", "embed", "video", "audio", "playlist", "youtube", "vimeo", "soundcloud", "tweet",
                    "twitter", "instagram", "googlemaps", "slideshow", "contact-form", "contact-form-7", "wpforms",
                    "jetpack_subscription_form", "recent-posts", "archives", "sitemap", "wpvideo", "polldaddy")
CAPTIONS = ("caption", "wp_caption")
_SHORTCODE = re.compile(r"\[(/?)([A-Za-z][\w-]{0,40})((?:\s[^\[\]]{0,500})?)\s*/?\]")


def strip_shortcodes(content: str) -> str:
    """A post's content without WordPress shortcodes: an enclosing one (``[caption ...]<img> The
    caption[/caption]``) leaves its text, so a caption stays a caption; a media or widget one
    (``[gallery ids="1,2"]``, ``[embed]URL[/embed]``) goes with what it encloses. Square brackets that
    are no shortcode ("[1]", "[sic]", "[citation needed]") stay: a tag is a shortcode only when it is
    closed somewhere (``[/name]``) or names a known media shortcode. One pass, linear in the content."""
    closed = {m.group(2).lower() for m in _SHORTCODE.finditer(content) if m.group(1)}
    out, pos, dropping = [], 0, None
    for m in _SHORTCODE.finditer(content):
        name = m.group(2).lower()
        if name not in closed and name not in MEDIA_SHORTCODES:
            continue  # "[sic]", "[1]": text, not a shortcode
        if dropping is None:
            out.append(content[pos:m.start()])
            caption = re.search(r"""\bcaption=(?:"([^"]*)"|'([^']*)')""", m.group(3)) if name in CAPTIONS else None
            if caption:  # the older form: [caption caption="The caption"]<img>[/caption]
                out.append(" " + (caption.group(1) or caption.group(2) or "") + " ")
        if dropping is None and not m.group(1) and name in MEDIA_SHORTCODES and name in closed:
            dropping = name  # up to its closing tag
        elif dropping == name and m.group(1):
            dropping = None
        pos = m.end()
    if dropping is None:
        out.append(content[pos:])
    return "".join(out)


def parse_wxr(text: str, source: str, threshold: float = DEFAULT_OFFTOPIC,
              skipped: list[Skipped] | None = None) -> list[Post]:
    """The published posts of a WordPress export given as text."""
    root = parse_root(text, source, "export")
    if not wxr_namespace(root):
        raise ImportError_(f"{source} is not a WordPress export (no wordpress.org/export namespace); "
                           f"export it again from Tools > Export")
    skipped = skipped if skipped is not None else []
    posts = read_wxr(root, source, threshold, skipped)
    if not posts:
        raise ImportError_(f"{source} holds no published posts ({len(skipped)} item{'s' * (len(skipped) != 1)} skipped); nothing to import")
    return posts


def read_wxr(root, source: str, threshold: float, skipped: list[Skipped]) -> list[Post]:
    """The published posts of a parsed WordPress export (``root``); every other item listed in ``skipped``."""
    ns_wp = wxr_namespace(root)
    ns = {**OTHER_NS, "wp": ns_wp}
    channel = root.find("channel")
    if channel is None:
        return []
    blog = norm(channel.findtext("title") or "") or None
    authors = {}
    for author in channel.findall("wp:author", ns):
        login = author.findtext("wp:author_login", default="", namespaces=ns)
        name = author.findtext("wp:author_display_name", default="", namespaces=ns)
        authors[login] = norm(name) or login
    posts = []
    for item in channel.findall("item"):
        title = norm(item.findtext("title") or "") or "(untitled)"
        post_type = item.findtext("wp:post_type", default="", namespaces=ns).strip()
        status = item.findtext("wp:status", default="", namespaces=ns).strip()
        if post_type != "post":
            reason = SKIP_REASONS.get(post_type, f"post type {post_type!r}") if post_type else (
                f"no post type (no <wp:post_type> in {ns_wp})")
            skipped.append(Skipped(source, title, reason))
            continue
        if status != "publish":
            skipped.append(Skipped(source, title, f"status {status or 'not given'}: only published posts are imported"))
            continue
        creator = norm(item.findtext("dc:creator", default="", namespaces=ns))
        # Co-Authors Plus lists each author as a category of the "author" domain (a login, or a guest
        # author's name): every one is an author, the export's display name used where it has one.
        names = [creator] + [norm(c.text or "") for c in item.findall("category") if c.get("domain") == "author"]
        names = list(dict.fromkeys(authors.get(name, name) for name in names if name))
        post = Post(source=source, kind="wxr", blog=blog,
                    title=norm(item.findtext("title") or "") or None,
                    author=", ".join(names) or None)
        date = item.findtext("wp:post_date", default="", namespaces=ns)
        if re.match(r"\d{4}-\d{2}-\d{2}", date.strip()) and not date.strip().startswith("0000"):
            try:
                post.date = dt.date.fromisoformat(date.strip()[:10]).isoformat()
            except ValueError:
                post.warnings.append(f"its post date {date.strip()!r} is no date, so the date is left missing; "
                                     f"fix it in the bibliography entry")
        post.body = fragment_text(strip_shortcodes(item.findtext("content:encoded", default="", namespaces=ns)),
                                  autop=True)
        post.tags = [tag for tag in (norm(c.text or "") for c in item.findall("category")
                                     if c.get("domain") == "post_tag") if tag]  # a tag with no name is none
        for node in item.findall("wp:comment", ns):
            approved = node.findtext("wp:comment_approved", default="1", namespaces=ns)
            ctype = node.findtext("wp:comment_type", default="", namespaces=ns)
            text = fragment_text(node.findtext("wp:comment_content", default="", namespaces=ns), autop=True)
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
    return posts
