"""A saved HTML page (a blog post, a Medium export file) -> ``Post``, read with
BeautifulSoup and, for a page not marked up as a post, readability-lxml.

* **The post**: a page marked up as one (an ``h-entry``, a schema.org
  ``BlogPosting``/``Article``) is read as its author marked it. On any other
  page readability-lxml finds the article by scoring the blocks' text and
  links (measured on 121 saved real pages: it found the article where our
  selectors took a teaser or found nothing); only when it finds none are
  ``<article>``, ``.post``, ``.entry-content``, ``.post-content``,
  ``.post-body``, ``<main>`` or a bare page's body (a ``<title>`` and a
  ``<body>`` with no navigation: Pelican's HTML sources) taken. A page
  with no title anywhere, a ``<head>`` alone, or a profile card (an
  ``h-card`` and nothing else) is refused.
* **Title**: a marked-up post's ``p-name`` or ``itemprop=headline``; else the
  title the page declares for sharing (``TITLE_METAS``: Dublin Core, Open
  Graph, ``title``, Twitter, Parse.ly); else readability-lxml's shortened
  ``<title>`` (the site's name cut off); else ``<h1>``.
  **Author**: ``p-author`` (an ``h-card``), ``rel=author``,
  ``itemprop=author``, ``<meta name=author>``, ``.byline .author``.
  **Date**: ``dt-published``, ``itemprop=datePublished``,
  ``article:published_time``, then the first ``<time>``. **Blog**:
  ``og:site_name`` or ``.site-title``.
* **Body**: a marked-up post's ``e-content`` (or ``itemprop=articleBody``,
  ``.entry-content``...), else readability-lxml's article (or the selectors'), without the title and byline it repeats and without
  chrome elements (``clean.CHROME_SELECTORS``: navigation, share, subscribe
  and related-posts widgets, forms, asides); quotes and lists keep their form.
  Scripts and styles are dropped; text stays text, never markup.
* **Images** (a Medium post's figures, any ``<img>`` in the body) are listed
  with their address, alternative text and caption (``Post.images``, in
  ``--json`` and at the end of the ``.post.txt``); they are never downloaded,
  and a caption stays in the body as a paragraph.
"""

from __future__ import annotations

import re

from handbook.importer.clean import CHROME_SELECTORS, feed_date, html_text, is_chrome, iso_date, norm
from handbook.importer.comments import judge_comments
from handbook.importer.model import DEFAULT_OFFTOPIC, Comment, ImportError_, Post

POST_SELECTORS = (".h-entry", "[itemtype*=BlogPosting]", "[itemtype$='schema.org/Article']", "article", ".post",
                  ".entry-content", ".post-content", ".post-body", "main")
BODY_SELECTORS = (".e-content", "[itemprop=articleBody]", ".entry-content", ".post-content", ".post-body")
COMMENT_SELECTORS = (".comment-list li.comment, ol.commentlist li.comment, #comments .comment")


#: The deepest nesting of elements read: CSS selectors with a descendant step cost the depth for each
#: element, so a page nested thousands deep would be quadratic; real pages stay far below.
MAX_DEPTH = 256


def _depth(soup) -> int:
    """The page's deepest nesting, found without recursion; stops counting past ``MAX_DEPTH``."""
    from bs4 import Tag

    deepest, stack = 0, [(soup, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        stack.extend((child, depth + 1) for child in node.contents if isinstance(child, Tag))
    return deepest


def _too_deep(text: str) -> bool:
    """Whether the page nests elements past ``MAX_DEPTH``, found by one pass of the tokenizer, before any tree.

    Beautiful Soup's tree building slows more than linearly on pages nested thousands deep (4x the
    time for 2x the input, measured), so a hostile page is refused before a tree is built. The count
    follows the tree builder: a start tag opens an element (not a void one, such as ``<br>``), an end
    tag closes back to the newest open element of its name and is ignored if none is open."""
    from html.parser import HTMLParser

    from bs4.builder import HTMLParserTreeBuilder

    void = HTMLParserTreeBuilder().empty_element_tags

    class Depth(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=False)
            self.stack: list[str] = []
            self.open: dict[str, int] = {}

        def handle_starttag(self, tag, attrs):
            if tag in void:
                return
            self.stack.append(tag)
            self.open[tag] = self.open.get(tag, 0) + 1
            if len(self.stack) > MAX_DEPTH:
                raise _Deep

        def handle_startendtag(self, tag, attrs):
            pass  # <div/>: opened and closed at once

        def handle_endtag(self, tag):
            if not self.open.get(tag):
                return
            while True:
                name = self.stack.pop()
                self.open[name] -= 1
                if name == tag:
                    return

    class _Deep(Exception):
        pass

    try:
        parser = Depth()
        parser.feed(text)
        parser.close()
    except _Deep:
        return True
    return False


def images_in(node) -> list[dict]:
    """The images of a post's body, in order: their address, alternative text and figure caption."""
    found = []
    for img in node.select("img"):
        src = (img.get("src") or img.get("data-src") or "").strip()
        if not src or src.startswith("data:"):
            continue
        figure = img.find_parent("figure")
        caption = figure.select_one("figcaption") if figure is not None else None
        found.append({"src": src, "alt": norm(img.get("alt") or "") or None,
                      "caption": norm(caption.get_text(" ")) or None if caption is not None else None})
    return found


#: The page's own title for sharing, in the order readability (Mozilla's) reads it: Dublin Core, Open Graph,
#: the title meta tag, Twitter's, Parse.ly's. Names are matched without case, ``DC.title`` as ``dc:title``.
TITLE_METAS = ("dc:title", "dcterm:title", "og:title", "title", "twitter:title", "parsely-title")


def _declared_title(soup) -> str | None:
    """The title the page declares for sharing: the first of ``TITLE_METAS``; None when it declares none.
    (A JSON-LD ``headline`` was tried too: it lost a title on the corpus, Wikipedia's "Wikimedia list article".)"""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        content = norm(tag.get("content") or "")
        if not content:
            continue
        for key in (tag.get("property") or tag.get("name") or "").split():
            found[re.sub(r"\s*[.-]\s*", ":", key.strip().lower(), count=1) if key.lower() != "parsely-title"
                  else "parsely-title"] = content
    return next((found[name] for name in TITLE_METAS if name in found), None)


_TITLE_HEURISTICS = ("#title", "#head", "#heading", ".pageTitle", ".news_title", ".title", ".head", ".heading",
                     ".contentheading", ".small_header_red")
_CJK = re.compile("[\u4e00-\u9fff]+")


def _title_text(text: str) -> str:
    return norm(text).translate(str.maketrans({"\u2014": "-", "\u2013": "-", "\u00ab": '"', "\u00bb": '"'}))


def _short_title(soup) -> str | None:
    """The page's ``<title>`` without the site's name, as readability-lxml's ``shorten_title`` finds it
    (Apache-2.0; its rules, ported to Beautiful Soup): the longest heading the title contains, else the
    part before or after " | ", " - ", " :: " or " / " that has four words, else the title. Its own
    version kept the headings in a set, so of two headings of one length the one it chose changed with
    the hash seed (the mercurial page's title did): here the first on the page wins."""
    if soup.title is None or not norm(soup.title.get_text()):
        return None
    title = orig = _title_text(soup.title.get_text())
    candidates: list[str] = []
    nodes = [*soup.find_all(["h1", "h2", "h3"]), *(n for sel in _TITLE_HEURISTICS for n in soup.select(sel))]
    for node in nodes:
        first = node.contents[0] if node.contents else None
        for text in ((str(first) if isinstance(first, str) else ""), node.get_text()):
            text = _title_text(text)
            if len(text.split()) >= 2 and len(text) >= 15 and text.replace('"', "") in orig.replace('"', ""):
                if text not in candidates:
                    candidates.append(text)
    if candidates:
        title = max(candidates, key=len)  # the first of the longest
    else:
        for delimiter in (" | ", " - ", " :: ", " / "):
            if delimiter in title:
                first, last = orig.split(delimiter)[0], orig.split(delimiter)[-1]
                if len(first.split()) >= 4 or (len(first) >= 4 and _CJK.search(first)):
                    title = first
                    break
                if len(last.split()) >= 4 or (len(last) >= 4 and _CJK.search(last)):
                    title = last
                    break
        else:
            if ": " in title:
                last = orig.split(": ")[-1]
                title = last if len(last.split()) >= 4 or (len(last) >= 4 and _CJK.search(last)) \
                    else orig.split(": ", 1)[1]
    if _CJK.search(title):
        return title if 4 <= len(title) < 100 else orig
    if not candidates and title == orig and len(orig.split()) < 2 and soup.find("h1") is not None:
        return None  # one word and no heading in it (<title>Site</title>): a site's name; the post's <h1> is its title
    return title if 15 < len(title) < 150 else orig


def _readability(soup):
    """The article readability-lxml finds in the page (a tree of its own) and the page's title without
    the site's name (``_short_title``); (None, None) when it finds no text."""
    import logging

    from bs4 import BeautifulSoup
    from readability import Document

    if soup.body is None or not norm(soup.body.get_text(" ")):
        return None, None  # a <head> alone (a <title> and <meta> tags) holds no post
    logging.getLogger("readability.readability").setLevel(logging.ERROR)  # its per-page notes are not ours
    document = Document(str(soup))
    try:
        summary = document.summary(html_partial=True)
        title = _short_title(soup)
    except ValueError:  # it gives up on some pages (its own subclass of ValueError): the selectors' answer stands
        return None, None
    article = BeautifulSoup(summary, "html.parser")
    for node in article.select(CHROME_SELECTORS):
        node.decompose()
    if not norm(article.get_text(" ")):
        return None, None
    return article, title


#: Inside a comment: its replies (comments of their own) and its chrome (the author line, date, reply link).
COMMENT_CHROME = (".children, ul.comments, ol.comments, .comment, .comment-meta, .comment-metadata, .reply, "
                  ".comment-reply-link, .comment-author, .says, .comment-edit-link, .edit-link, script, style, form")


def _comment(node) -> Comment:
    """One reader's comment: its author and its own text, without the replies nested in it (each read on
    its own) or its header and "Reply" link."""
    import copy

    author = next((found for selector in (".comment-author .fn", ".comment-author cite", "cite.fn", ".comment-author")
                   if (found := node.select_one(selector)) is not None), None)
    own = copy.copy(node)
    for inner in own.select(COMMENT_CHROME):
        if not inner.decomposed:
            inner.decompose()
    content = own.select_one(".comment-content, .comment-text, .comment-body") or own
    text = "\n\n".join(norm(p.get_text(" ")) for p in content.select("p")) or norm(content.get_text(" "))
    return Comment(text=norm(text), author=norm(author.get_text(" ")) or None if author else None)


def parse_html(text: str, source: str, threshold: float = DEFAULT_OFFTOPIC) -> Post:
    from bs4 import BeautifulSoup

    too_deep = _too_deep(text)
    soup = None if too_deep else BeautifulSoup(text, "html.parser")
    if too_deep or _depth(soup) > MAX_DEPTH:
        raise ImportError_(f"{source} was refused: its elements are nested more deeply than any post's (over "
                           f"{MAX_DEPTH} levels); save the post's page again or export it as a feed")
    post = Post(source=source, kind="html")

    def meta(*names: str) -> str | None:
        for name in names:
            tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
            if tag and tag.get("content", "").strip():
                return norm(tag["content"])
        return None

    declared_title = _declared_title(soup)
    for node in soup.select(COMMENT_SELECTORS):
        post.comments.append(_comment(node))
    # Comments are read (above) and never part of the post, wherever the page puts their list: readability
    # would otherwise score a long comment list as article text.
    for node in soup.select(f"#comments, .comments-area, .comment-list, ol.commentlist, #respond, "
                            f"{COMMENT_SELECTORS}, script, style, noscript, template"):
        if not node.decomposed:
            node.decompose()

    root, declared = None, False
    for i, selector in enumerate(POST_SELECTORS):
        root = next((node for node in soup.select(selector) if norm(node.get_text(" "))), None)
        if root is not None:
            declared = i < 3  # an h-entry or a schema.org post
            break
    if root is None and soup.body is not None and soup.title is not None and norm(soup.body.get_text(" ")) \
            and soup.select_one("nav, header, footer, aside, [role=navigation], .h-card") is None:
        root = soup.body  # a bare page (Pelican's HTML sources): its <title> and <body> are the post
    # The page's author marked the post up (microformats, schema.org): that markup is read as written.
    # Any other page goes to readability-lxml, which scores the page's blocks by their text and links;
    # measured on 121 saved real pages, it found the article and its title far more often than the
    # selectors above (handbook/README.md, "Libraries weighed").
    article, short_title = (None, None) if declared else _readability(soup)
    card = soup.select_one(".h-card")
    if root is None and card is not None and len(norm(card.get_text(" "))) * 5 >= len(norm(soup.get_text(" "))) * 4:
        raise ImportError_(f"{source} is a profile page (an h-card: a person's name and accounts), not a post; "
                           f"import the posts themselves")
    if root is None and article is None:
        raise ImportError_(
            f"{source} has no article: tried an h-entry, a schema.org BlogPosting or Article, <article>, .post, "
            f".entry-content, .post-content, .post-body and <main>, and readability's scoring of the page's "
            f"blocks found no text either; save the post's own page (not the blog's front page) and import again"
        )
    scope = root if root is not None else soup

    def text_of(node) -> str | None:
        return norm(node.get_text(" ")) or None if node is not None else None

    title_node = scope.select_one(".p-name, [itemprop=headline], h1, .entry-title")
    if title_node is not None and "h-card" in (title_node.get("class") or []):
        title_node = scope.select_one("[itemprop=headline], h1, .entry-title")
    if declared and (title_node is None or title_node.name == "h1"):
        # schema.org's name of the post itself (not of a person or an image in it, each its own itemscope)
        title_node = next((node for node in scope.select("[itemprop=name]")
                           if node.find_parent(attrs={"itemscope": True}) is root), title_node)
    post.title = (text_of(title_node) if declared else None) or (
        declared_title or short_title or text_of(title_node) or meta("og:title", "twitter:title")
        or text_of(soup.select_one("h1")) or (text_of(soup.title) if root is soup.body else None))

    if post.title is None and root is None:
        raise ImportError_(f"{source} has no title anywhere (no <title>, <h1> or og:title), so it is no saved post "
                           f"page; save the post's own page from the browser and import again")

    author_node = scope.select_one(".p-author")
    if author_node is not None:
        author_node = author_node.select_one(".p-name") or author_node
    author_node = author_node or scope.select_one("[rel=author], [itemprop=author]")
    post.author = (text_of(author_node) or meta("author", "article:author")
                   or text_of(soup.select_one(".byline .author, .author .fn, [rel=author]")))
    if post.author and post.author.lower().startswith("by "):
        post.author = post.author[3:].strip()
    if post.author and re.match(r"https?://", post.author):
        post.author = None

    site = soup.select_one(".site-title")
    post.blog = meta("og:site_name") or text_of(site)

    date_node = scope.select_one(".dt-published, [itemprop=datePublished]")
    published = None
    if date_node is not None:
        published = date_node.get("datetime") or date_node.get("content") or date_node.get_text(" ")
    published = published or meta("article:published_time")
    time_node = scope.select_one("time[datetime]") or soup.select_one("time[datetime]")
    if not published and time_node is not None:
        published = time_node["datetime"]
    post.date = feed_date(published) if published else (iso_date(time_node.get_text(" ")) if time_node else None)

    body_root = article if article is not None else next(
        (node for selector in BODY_SELECTORS for node in root.select(selector) if norm(node.get_text(" "))), root)
    # The post may repeat the title or the byline; keep the body only.
    for node in body_root.select("h1, h2, h3, .p-name, .entry-title, .entry-meta, .byline, header, .p-author"):
        if node.decomposed:
            continue
        if node.name in ("h2", "h3") and text_of(node) != post.title:
            continue
        node.decompose()
    post.images = images_in(body_root)
    body = html_text(body_root)
    kept = []
    for paragraph in body.split("\n\n"):
        if is_chrome(paragraph):
            post.removed.append(paragraph)
        else:
            kept.append(paragraph)
    post.body = "\n\n".join(kept)
    judge_comments(post, threshold)
    return post
