"""The navigation tree.

* Unpruned (``handbook_prune_navigation = False``), the fast tree writes
  exactly what stock furo writes, on every page of sample shapes (nested
  parts, numbered and hidden toctrees, external links, a page outside the
  toctree).
* Pruned (the default), every page is stock furo's page byte for byte outside
  the sidebar, and its sidebar holds what a reader needs there, computed here
  independently from the stock sidebar: every top-level entry, and the
  children of the page and of each of its ancestors; then one link to the
  contents page, which lists every page. The samples and the real handbook in
  both editions are checked this way.
* On a generated book in parts and on the real handbook, every page's sidebar
  links every part and every chapter of its own part.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import handbook_build, output
from handbook.__main__ import main
from handbook.publish.bench import generate
from handbook.sphinxext import navtree

ROOTS = Path(__file__).parent / "roots"
_SIDEBAR = re.compile(rb'<div class="sidebar-tree">.*?</div>', re.S)


def pages(outdir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(outdir)): p.read_bytes() for p in sorted(outdir.rglob("*.html"))}


def entries(page: bytes) -> list[tuple]:
    """The sidebar's entries as a reader meets them: depth, text, link, whether
    it is on the page's path and whether it opens to show children."""
    soup = BeautifulSoup(_SIDEBAR.search(page).group(0), "html.parser")
    found = []
    for li in soup.select("li"):
        a = li.find("a", recursive=False)
        found.append((len(li.find_parents("li")), a.get_text(), a["href"], "current" in li["class"],
                      li.find("ul", recursive=False) is not None, li.parent.get("class") == ["handbook-all-pages"]))
    return found


def pruned_by_hand(stock_page: bytes) -> list[tuple]:
    """What the pruned sidebar must hold, from stock furo's: an entry stays when it
    has no parent entry or its parent is on the page's path; an entry off the
    path shows without its children."""
    soup = BeautifulSoup(_SIDEBAR.search(stock_page).group(0), "html.parser")
    kept = []
    for li in soup.select("li"):
        parent = li.find_parent("li")
        if parent is not None and "current" not in parent["class"]:
            continue
        a = li.find("a", recursive=False)
        current = "current" in li["class"]
        kept.append((len(li.find_parents("li")), a.get_text(), a["href"], current,
                     current and li.find("ul", recursive=False) is not None, False))
    return kept


def check_pruned_against_stock(pruned: dict[str, bytes], stock: dict[str, bytes]) -> None:
    assert pruned.keys() - stock.keys() == {"contents.html"} and stock.keys() <= pruned.keys()
    for name, data in stock.items():
        assert _SIDEBAR.sub(b"", pruned[name]) == _SIDEBAR.sub(b"", data), name
        # The 404 page's links are absolute from the site's root (sharing.py), so it works at any depth.
        absolute = entries(data)[0][2].startswith("/")
        link = "#" if name == "contents.html" else "/contents.html" if absolute else \
            "../" * name.count("/") + "contents.html"
        here = name == "contents.html"
        assert entries(pruned[name]) == [*pruned_by_hand(data), (0, "All pages", link, here, False, True)], name


def test_navtree_is_checked_against_this_furo():
    import furo

    assert furo.__version__ == navtree.CHECKED_AGAINST_FURO


@pytest.fixture()
def samples(make_app, tmp_path) -> dict[str, dict[str, bytes]]:
    built = {}
    for name, overrides in (("stock", {"handbook_fast_navigation": False}),
                            ("fast", {"handbook_prune_navigation": False}), ("pruned", {})):
        src = tmp_path / name
        shutil.copytree(ROOTS / "test-navtree", src)
        app = make_app("html", srcdir=src, freshenv=True, confoverrides=overrides)
        app.build()
        assert app.warning.getvalue() == ""
        built[name] = pages(app.outdir)
        app.cleanup()  # unregister its nodes before the next app starts
    return built


def test_unpruned_sample_shapes_match_stock_furo_byte_for_byte(samples):
    built = {fast: samples["fast" if fast else "stock"] for fast in (True, False)}
    assert built[True].keys() == built[False].keys()
    assert len(built[True]) >= 9
    assert [name for name in built[True] if built[True][name] != built[False][name]] == []
    deep = built[True]["part1/sub/deep-2.html"].decode()
    assert 'class="toctree-l3 current current-page"' in deep and 'href="#">1.2.2. Deep two</a>' in deep
    orphan = built[True]["orphan.html"].decode()
    assert "current-page" not in orphan and 'href="part1/sub/deep-1.html"' in orphan


def test_pruned_sample_shapes_are_stock_furo_with_the_sidebar_pruned(samples):
    check_pruned_against_stock(samples["pruned"], samples["stock"])
    deep = samples["pruned"]["part1/sub/deep-2.html"].decode()
    assert 'class="toctree-l3 current current-page"' in deep and 'href="#">1.2.2. Deep two</a>' in deep
    # Part 2 is another part: its own link, closed, with no chapters under it.
    assert '<li class="toctree-l1"><a class="reference internal" href="../../part2/index.html">' in deep
    assert "chapter-b.html" not in deep
    orphan = samples["pruned"]["orphan.html"].decode()
    assert "current-page" not in orphan and "part1/sub/deep-1.html" not in orphan
    contents = BeautifulSoup(samples["pruned"]["contents.html"], "html.parser")
    listed = {a["href"] for a in contents.select("nav.handbook-contents a")}
    assert {"part1/sub/deep-1.html", "part1/sub/deep-2.html", "part2/chapter-b.html", "extra.html"} <= listed


def test_a_generated_book_in_parts_links_every_part_and_the_own_part_on_every_page(tmp_path):
    folder = tmp_path / "book"
    docs = generate(folder, 45)  # three parts: 20, 20 and 5 chapters
    assert main(["build", "html", "--srcdir", str(docs), "--confdir", str(folder),
                 "--builddir", str(tmp_path / "out")]) == 0
    html = tmp_path / "out" / "html"
    parts = sorted(p.name for p in docs.glob("part-*"))
    chapters = {part: sorted(p.stem for p in (docs / part).glob("chapter-*.md")) for part in parts}
    assert len(parts) == 3 and sum(len(c) for c in chapters.values()) == 45
    for part in parts:
        for name in ["index", *chapters[part]]:
            linked = sidebar_targets(html, f"{part}/{name}.html")
            assert {f"{p}/index.html" for p in parts} <= linked, (part, name)
            assert {f"{part}/{c}.html" for c in chapters[part]} <= linked, (part, name)
            others = {f"{p}/{c}.html" for p in parts if p != part for c in chapters[p]}
            assert not others & linked, (part, name)
    contents = BeautifulSoup((html / "contents.html").read_text(encoding="utf-8"), "html.parser")
    assert len(contents.select("nav.handbook-contents a")) >= 45 + 3


def sidebar_targets(html: Path, name: str) -> set[str]:
    """The pages a page's sidebar links, as paths from the site's root."""
    soup = BeautifulSoup((html / name).read_text(encoding="utf-8"), "html.parser")
    folder = posixpath.dirname(name)
    return {posixpath.normpath(posixpath.join(folder, a["href"].split("#")[0])) if a["href"].split("#")[0] else name
            for a in soup.select(".sidebar-tree a.reference.internal")}


#: Both editions with stock furo navigation, built in the background (conftest.Background).
BACKGROUND_BUILDS = {f"stock_furo_{edition}": handbook_build(
    "html", "--sphinxopts=-D handbook_fast_navigation=0", edition=edition) for edition in ("participant", "trainer")}


@pytest.fixture(scope="module")
def stock_furo(stock_furo_participant, stock_furo_trainer) -> dict[str, Path]:
    return {"participant": stock_furo_participant, "trainer": stock_furo_trainer}


@pytest.fixture(scope="module")
def stock_furo_participant(background) -> Path:
    return output(background.get("stock_furo_participant"), "html")


@pytest.fixture(scope="module")
def stock_furo_trainer(background) -> Path:
    return output(background.get("stock_furo_trainer"), "html", "trainer")


@pytest.mark.parametrize("edition", ["participant", "trainer"])
def test_the_handbook_is_stock_furo_with_the_sidebar_pruned(handbook_html, handbook_trainer_html, stock_furo,
                                                            edition):
    # The pruned side is the session's shared build (the default navigation).
    pruned = pages(handbook_html if edition == "participant" else handbook_trainer_html)
    check_pruned_against_stock(pruned, pages(stock_furo[edition]))


def test_every_handbook_page_links_every_part_and_its_own_part(handbook_html):
    index = BeautifulSoup((handbook_html / "index.html").read_text(encoding="utf-8"), "html.parser")
    parts = [a["href"] for a in index.select(".sidebar-tree:not(.handbook-downloads) > ul:not(.handbook-all-pages) > li > a")]
    assert len(parts) >= 5 and "start-right/index.html" in parts
    for part in parts:
        folder = part.rsplit("/", 1)[0] if part.endswith("/index.html") else None
        own = BeautifulSoup((handbook_html / part).read_text(encoding="utf-8"), "html.parser")
        children = {posixpath.normpath(posixpath.join(posixpath.dirname(part), a["href"]))
                    for a in own.select(".sidebar-tree li.current-page > ul > li > a")}
        members = [part, *sorted(children)]
        for name in members:
            linked = sidebar_targets(handbook_html, name)
            assert set(parts) <= linked, (name, set(parts) - linked)
            assert set(members) <= linked, (name, set(members) - linked)
        if folder:
            assert len(members) >= 3, part  # a part page and its chapters
