"""A saved HTML page -> ``Post``, read with BeautifulSoup.

The article comes from ``<article>``, ``.entry-content``, ``.post-content`` or
``<main>``; title, author, site and date from Open Graph and ``<meta>`` tags,
``.entry-title``, ``rel=author`` and ``<time>``. Scripts, styles and forms are
dropped; text stays text, never markup.
"""

from __future__ import annotations

import re

from handbook.importer.clean import html_text, is_chrome, iso_date, norm
from handbook.importer.comments import judge_comments
from handbook.importer.model import DEFAULT_OFFTOPIC, Comment, ImportError_, Post

ARTICLE_SELECTORS = ("article .entry-content", ".entry-content", ".post-content", "article .post-body",
                     ".post-body", "article", "main")
COMMENT_SELECTORS = (".comment-list li.comment, ol.commentlist li.comment, #comments .comment")


def parse_html(text: str, source: str, threshold: float = DEFAULT_OFFTOPIC) -> Post:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    post = Post(source=source, kind="html")

    def meta(*names: str) -> str | None:
        for name in names:
            tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
            if tag and tag.get("content", "").strip():
                return norm(tag["content"])
        return None

    comments_root = soup.select(COMMENT_SELECTORS)
    for node in comments_root:
        author = node.select_one(".comment-author .fn, .comment-author, cite.fn")
        content = node.select_one(".comment-content, .comment-body p, .comment-text")
        text = norm((content or node).get_text(" "))
        post.comments.append(Comment(text=text, author=norm(author.get_text(" ")) if author else None))
    for node in soup.select("#comments, .comments-area, #respond"):
        node.decompose()

    article = None
    for selector in ARTICLE_SELECTORS:
        article = soup.select_one(selector)
        if article is not None and norm(article.get_text(" ")):
            break
        article = None
    if article is None:
        raise ImportError_(
            f"{source} has no article: no <article>, <main> or .entry-content element with text; "
            f"save the post's own page (not the blog's front page) and import again"
        )

    title_node = soup.select_one("h1.entry-title, .entry-title, article h1, h1")
    post.title = meta("og:title") or (norm(title_node.get_text(" ")) if title_node else None)
    author_node = soup.select_one("[rel=author], .author .fn, .byline .author, .author")
    post.author = meta("author", "article:author") or (norm(author_node.get_text(" ")) if author_node else None)
    if post.author and post.author.lower().startswith("by "):
        post.author = post.author[3:].strip()
    site = soup.select_one(".site-title")
    post.blog = meta("og:site_name") or (norm(site.get_text(" ")) if site else None)
    time_node = soup.select_one("time[datetime]")
    published = meta("article:published_time") or (time_node["datetime"] if time_node else None)
    if published and re.match(r"\d{4}-\d{2}-\d{2}", published):
        post.date = published[:10]
    elif time_node:
        post.date = iso_date(time_node.get_text(" "))

    # The article may repeat the title or the byline; keep the body only.
    for node in article.select("h1, .entry-title, .entry-meta, .byline, header"):
        node.decompose()
    body = html_text(article)
    kept = []
    for paragraph in body.split("\n\n"):
        if is_chrome(paragraph):
            post.removed.append(paragraph)
        else:
            kept.append(paragraph)
    post.body = "\n\n".join(kept)
    judge_comments(post, threshold)
    return post
