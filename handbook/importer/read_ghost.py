"""A Ghost JSON export (Settings > Labs > Export) -> every published post in it.

* **Where**: ``db[0].data`` (Ghost 1 and later) or ``data`` (Ghost 0.x):
  ``posts``, ``users``, ``posts_authors`` (or a post's ``author_id``),
  ``tags`` with ``posts_tags``, and the ``settings`` row ``title`` (the blog).
* **Which**: posts of type ``post`` (Ghost 0.x: ``page`` false) with status
  ``published``; pages, drafts and scheduled posts are listed as skipped.
* **Text**: the post's ``html``; else its ``plaintext``; else the Markdown of
  a Ghost 0.x ``markdown`` field or of a mobiledoc ``markdown`` card; else
  the text of the ``mobiledoc`` or ``lexical`` document, one paragraph per
  section. The date is ``published_at`` as ISO 8601.
"""

from __future__ import annotations

import json

from handbook.importer.clean import feed_date, fragment_text, norm, paragraphs
from handbook.importer.comments import judge_comments
from handbook.importer.model import DEFAULT_OFFTOPIC, ImportError_, Post, Skipped


def ghost_data(data) -> dict | None:
    """The ``data`` table of a Ghost export, or None when ``data`` is no Ghost export."""
    if isinstance(data, dict) and isinstance(data.get("db"), list) and data["db"] and isinstance(data["db"][0], dict):
        data = data["db"][0]
    inner = data.get("data") if isinstance(data, dict) else None
    return inner if isinstance(inner, dict) and isinstance(inner.get("posts"), list) else None


def parse_ghost(data: dict, source: str, threshold: float = DEFAULT_OFFTOPIC,
                skipped: list[Skipped] | None = None) -> list[Post]:
    skipped = skipped if skipped is not None else []
    table = ghost_data(data)
    if table is None:
        raise ImportError_(f"{source} is JSON but not a Ghost export (no db[0].data.posts); export it again from "
                           f"Ghost's Settings > Labs > Export")
    users = {u.get("id"): norm(str(u.get("name") or "")) for u in table.get("users", []) if isinstance(u, dict)}
    authors: dict = {}
    for row in sorted((r for r in table.get("posts_authors", []) if isinstance(r, dict)),
                      key=lambda r: r.get("sort_order") or 0):
        authors.setdefault(row.get("post_id"), []).append(users.get(row.get("author_id")))
    tags = {t.get("id"): norm(str(t.get("name") or "")) for t in table.get("tags", []) if isinstance(t, dict)}
    post_tags: dict = {}
    for row in table.get("posts_tags", []):
        if isinstance(row, dict):
            post_tags.setdefault(row.get("post_id"), []).append(tags.get(row.get("tag_id")))
    blog = next((norm(str(s.get("value") or "")) for s in table.get("settings", [])
                 if isinstance(s, dict) and s.get("key") == "title"), None) or None
    posts = []
    for item in table["posts"]:
        if not isinstance(item, dict):
            continue
        title = norm(str(item.get("title") or "")) or "(untitled)"
        kind = item.get("type") or ("page" if item.get("page") in (1, True) else "post")
        status = item.get("status") or "not given"
        if kind != "post":
            skipped.append(Skipped(source, title, f"a {kind}, not a post"))
            continue
        if status != "published":
            skipped.append(Skipped(source, title, f"status {status}: only published posts are imported"))
            continue
        names = [n for n in authors.get(item.get("id"), []) if n] or (
            [users[item["author_id"]]] if users.get(item.get("author_id")) else [])
        post = Post(source=source, kind="ghost", blog=blog, title=None if title == "(untitled)" else title,
                    author=", ".join(names) or None, date=feed_date(str(item.get("published_at") or "")))
        post.body = _body(item)
        post.tags = [t for t in post_tags.get(item.get("id"), []) if t]
        judge_comments(post, threshold)
        posts.append(post)
    if not posts:
        raise ImportError_(f"{source} is a Ghost export with no published posts ({len(skipped)} item{'s' * (len(skipped) != 1)} skipped); "
                           f"nothing to import")
    return posts


def _body(item: dict) -> str:
    if (item.get("html") or "").strip():
        return fragment_text(item["html"])
    if (item.get("plaintext") or "").strip():
        return "\n\n".join(paragraphs(item["plaintext"].splitlines()))
    if (item.get("markdown") or "").strip():
        return "\n\n".join(paragraphs(item["markdown"].splitlines()))
    texts: list[str] = []
    for field in ("mobiledoc", "lexical"):
        try:
            doc = json.loads(item.get(field) or "null")
        except ValueError:
            continue
        if field == "mobiledoc" and isinstance(doc, dict):
            for card in doc.get("cards", []):
                if isinstance(card, list) and len(card) == 2 and card[0] == "markdown":
                    texts += paragraphs(str(card[1].get("markdown") or "").splitlines())
            for section in doc.get("sections", []):
                if isinstance(section, list) and len(section) >= 3 and isinstance(section[2], list):
                    words = [m[3] for m in section[2] if isinstance(m, list) and len(m) >= 4 and isinstance(m[3], str)]
                    if norm(" ".join(words)):
                        texts.append(norm("".join(words)))
        elif isinstance(doc, dict):
            for block in (doc.get("root") or {}).get("children", []):
                text = norm("".join(_lexical_text(block)))
                if text:
                    texts.append(text)
        if texts:
            break
    return "\n\n".join(texts)


def _lexical_text(node) -> list[str]:
    if not isinstance(node, dict):
        return []
    found = [node["text"]] if isinstance(node.get("text"), str) else []
    for child in node.get("children", []) or []:
        found += _lexical_text(child)
    return found
