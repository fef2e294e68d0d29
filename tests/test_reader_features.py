"""What readers of a hosted handbook take for granted: previews, freshness,
edit links, sharing tags, sitemap, a 404 page, print, and search that finds
glossary terms and block titles and shows chapter summaries."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, Build, handbook_build, output

CHAPTER = "start-right/train-your-clients"


def soup(html_dir: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((html_dir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def chapters() -> list[str]:
    return sorted(str(p.relative_to(ROOT / "docs").with_suffix("")) for p in (ROOT / "docs").rglob("*.md")
                  if re.search(r"^sources: ", p.read_text(encoding="utf-8"), re.M))


@pytest.fixture(scope="module")
def previews(handbook_html) -> dict:
    return json.loads((handbook_html / "_static" / "handbook-previews.json").read_text(encoding="utf-8"))


def _outside_git(folder: Path) -> list[list[str]]:
    """A copy of docs/ outside the git checkout."""
    shutil.copytree(ROOT / "docs", folder / "docs")
    return [["build", "html", "--srcdir", str(folder / "docs"), "--builddir", str(folder / "b")]]


#: Built in the background while other tests run (conftest.Background).
BACKGROUND_BUILDS = {
    "hosted_html": handbook_build("html", "--sphinxopts=-D html_baseurl=https://handbook.example.org/sales/"),
    "built_outside_git": Build(_outside_git, env={
        "SOURCE_DATE_EPOCH": str(int(dt.datetime(2030, 5, 17, tzinfo=dt.timezone.utc).timestamp()))}),
}


# -- previews (data) ------------------------------------------------------------------


def test_previews_hold_terms_chapters_and_blocks(previews):
    term = previews["glossary.html#term-Discovery"]
    assert term["title"] == "Discovery" and term["text"].startswith("The questions and listening")
    chapter = previews["push-back/parting-ways.html"]
    assert chapter["title"] == "Parting ways well" and chapter["text"].startswith("When a client decides to leave")
    block = previews["start-right/train-your-clients.html#tpl-kickoff-pace"]
    assert block == {"title": "Kickoff email: how we will work together",
                     "text": "Template in \u201cTrain your clients\u201d"}


def test_previews_hold_nothing_trainer_only(previews):
    assert not [key for key in previews if key.startswith("sessions/") or "#tn-" in key]
    text = json.dumps(previews, ensure_ascii=False)
    assert "Listen for sellers who apologize" not in text and "Session 1" not in text


# -- freshness ------------------------------------------------------------------------------


def _last_changed(path: Path) -> dt.date:
    done = subprocess.run(["git", "log", "-1", "--format=%cs", "--", str(path)], cwd=ROOT, capture_output=True,
                          text=True)
    return dt.date.fromisoformat(done.stdout.strip()) if done.returncode == 0 and done.stdout.strip() else None


@pytest.mark.parametrize("chapter", chapters())
def test_each_chapter_shows_last_change_owner_and_review_date(handbook_html, chapter):
    line = soup(handbook_html, chapter).select_one("article p.handbook-freshness").get_text()
    match = re.fullmatch(r"Last changed (\w+ \d{1,2}, \d{4}) \u00b7 Owner: (.+) \u00b7 Review by (\w+ \d{1,2}, \d{4})",
                         line)
    assert match, line
    source = (ROOT / "docs" / f"{chapter}.md").read_text(encoding="utf-8")
    assert f"owner: {match[2]}" in source
    date = dt.datetime.strptime(match[1], "%B %d, %Y").date()
    expected = _last_changed(ROOT / "docs" / f"{chapter}.md")
    if expected is not None:
        assert date == expected


@pytest.fixture(scope="module")
def built_outside_git(background) -> Path:
    return background.get("built_outside_git") / "b" / "html"


def test_freshness_falls_back_to_the_build_date_outside_git(built_outside_git):
    line = soup(built_outside_git, CHAPTER).select_one("p.handbook-freshness").get_text()
    assert line.startswith("Last changed May 17, 2030")


# -- edit and view, sharing, print ----------------------------------------------------------------


def _source_links(html: Path, page: str) -> list[str]:
    return [a["href"] for a in soup(html, page).select(".content-icon-container a")]


def test_edit_and_view_source_links_point_at_the_repository_in_the_trainer_edition(handbook_trainer_html):
    links = _source_links(handbook_trainer_html, CHAPTER)
    assert "https://github.com/sales-practice/handbook/edit/main/docs/start-right/train-your-clients.md" in links
    assert any("/blob/main/docs/start-right/train-your-clients.md" in href for href in links)


def test_participant_pages_link_to_a_source_only_when_it_holds_no_trainer_material(handbook_html):
    # A chapter's Markdown holds its trainer notes: no button may lead a participant there.
    assert _source_links(handbook_html, CHAPTER) == []
    # The glossary holds none, so a reader can still propose a fix to it.
    assert "https://github.com/sales-practice/handbook/edit/main/docs/glossary.md" in \
        _source_links(handbook_html, "glossary")


def test_every_page_has_open_graph_and_twitter_tags(handbook_html):
    page = soup(handbook_html, CHAPTER)
    meta = {m.get("property") or m.get("name"): m["content"] for m in page.find_all("meta", content=True)}
    assert meta["og:title"] == "1. Train your clients"
    assert meta["og:description"].startswith("Every fast reply and every weekend call")
    assert meta["og:type"] == "article" and meta["twitter:card"] == "summary_large_image"
    assert meta["og:image"] == "../_static/handbook-card.png"
    assert (handbook_html / "_static" / "handbook-card.png").stat().st_size > 5_000
    assert not page.find("link", rel="canonical") and not (handbook_html / "sitemap.xml").exists()


@pytest.fixture(scope="module")
def hosted_html(background) -> Path:
    return output(background.get("hosted_html"), "html")


def test_with_a_base_url_pages_get_canonical_links_absolute_share_tags_and_a_sitemap(hosted_html):
    page = soup(hosted_html, CHAPTER)
    assert page.find("link", rel="canonical")["href"] == \
        "https://handbook.example.org/sales/start-right/train-your-clients.html"
    meta = {m.get("property") or m.get("name"): m["content"] for m in page.find_all("meta", content=True)}
    assert meta["og:url"] == "https://handbook.example.org/sales/start-right/train-your-clients.html"
    assert meta["og:image"] == "https://handbook.example.org/sales/_static/handbook-card.png"
    sitemap = (hosted_html / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert "https://handbook.example.org/sales/start-right/train-your-clients.html" in locations
    assert not [u for u in locations if "404" in u] and len(locations) == len(set(locations))


def test_404_page_links_work_from_any_depth(hosted_html):
    page = soup(hosted_html, "404")
    assert page.select_one("article h1").get_text(strip=True).startswith("Page not found")
    for tag in page.find_all(["a", "link", "script"]):
        url = tag.get("href") or tag.get("src")
        if url and not url.startswith(("#", "http", "mailto:", "data:")):
            # Inside the site, or the downloads beside it (../pdf from the root).
            assert url.startswith(("/sales/", "/pdf/", "/epub/")), url


def test_print_button_is_hidden_until_javascript_shows_it(handbook_html):
    button = soup(handbook_html, CHAPTER).select_one("article button.handbook-print")
    assert button is not None and button.has_attr("hidden") and button.get_text() == "Print this chapter"


def test_block_titles_are_in_the_index(handbook_html):
    entries = soup(handbook_html, "genindex").select_one("article").get_text(" ")
    assert "Kickoff email: how we will work together (template)" in " ".join(entries.split())
    search = (handbook_html / "searchindex.js").read_text(encoding="utf-8")
    assert '"kickoff email: how we will work together (template)"' in search


# -- in a browser ------------------------------------------------------------------------------------


class _SiteWith404(http.server.SimpleHTTPRequestHandler):
    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope="module")
def hosted_url(hosted_html):
    # Serve the site under /sales/, as its base URL says, with 404.html for missing pages.
    root = hosted_html.parent / "served"
    (root).mkdir(exist_ok=True)
    link = root / "sales"
    if not link.exists():
        link.symlink_to(hosted_html, target_is_directory=True)
    (root / "404.html").write_bytes((hosted_html / "404.html").read_bytes())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SiteWith404, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def new_page(browser, **options):
    context = browser.new_context(**options)
    return context, context.new_page()


def test_hover_and_keyboard_focus_show_a_preview(browser, site_url):
    context, page = new_page(browser)
    try:
        page.goto(site_url + CHAPTER + ".html")
        term = page.locator("article a[href$='glossary.html#term-Client-training']").first
        term.hover()
        preview = page.locator("#handbook-preview")
        preview.wait_for(state="visible")
        assert "Everything a client learns about how you work" in preview.inner_text()
        assert term.get_attribute("aria-describedby") == "handbook-preview"
        page.mouse.move(0, 0)
        preview.wait_for(state="hidden")
        chapter_link = page.locator("article a[href$='talk-straight.html#talk-straight']").first
        chapter_link.focus()
        preview.wait_for(state="visible")
        assert "Talk straight with your clients" in preview.inner_text()
        assert "Say what you need plainly" in preview.inner_text()
        page.keyboard.press("Escape")
        preview.wait_for(state="hidden")
    finally:
        context.close()


def test_first_tap_previews_and_second_tap_follows_the_link(browser, site_url):
    context, page = new_page(browser, has_touch=True, is_mobile=True, viewport={"width": 390, "height": 844})
    try:
        page.goto(site_url + CHAPTER + ".html")
        # The preview data already loaded (another preview shown before): the first
        # tap must still preview, not follow the link.
        other = page.locator("article a[href$='glossary.html#term-Client-training']").first
        other.dispatch_event("mouseenter")
        page.locator("#handbook-preview").wait_for(state="visible")
        other.dispatch_event("mouseleave")
        term = page.locator("article a[href$='glossary.html#term-Response-time']").first
        term.scroll_into_view_if_needed()
        term.tap()
        page.locator("#handbook-preview").wait_for(state="visible")
        assert page.url.endswith(CHAPTER + ".html")
        term.tap()
        page.wait_for_url("**/glossary.html#term-Response-time")
    finally:
        context.close()


def test_without_javascript_links_are_plain_links(browser, site_url):
    context, page = new_page(browser, java_script_enabled=False)
    try:
        page.goto(site_url + CHAPTER + ".html")
        assert not page.locator("button.handbook-print").is_visible()
        page.locator("article a[href$='glossary.html#term-Client-training']").first.click()
        page.wait_for_url("**/glossary.html#term-Client-training")
    finally:
        context.close()


def test_print_button_prints_the_chapter(browser, site_url):
    context, page = new_page(browser)
    try:
        page.add_init_script("window.print = () => { window.__printed = true; };")
        page.goto(site_url + CHAPTER + ".html")
        page.locator("button.handbook-print").click()
        assert page.evaluate("window.__printed") is True
    finally:
        context.close()


def test_search_results_show_chapter_summaries_and_find_terms_and_blocks(browser, site_url):
    context, page = new_page(browser)
    try:
        page.goto(site_url + "search.html?q=pipeline")
        summary = page.wait_for_selector("#search-results li p.handbook-result-summary", timeout=15000)
        assert summary.inner_text().startswith("The clients you already serve are your best source")
        page.goto(site_url + "search.html?q=kickoff")
        page.wait_for_selector("#search-results ul.search li", timeout=15000)
        hrefs = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))")
        assert any("train-your-clients.html#tpl-kickoff-pace" in h for h in hrefs), hrefs
        page.goto(site_url + "search.html?q=neediness")
        page.wait_for_selector("#search-results ul.search li", timeout=15000)
        hrefs = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))")
        assert any("glossary.html#term-Neediness" in h for h in hrefs), hrefs
    finally:
        context.close()


def test_404_page_is_styled_and_useful_at_any_depth(browser, hosted_url):
    context, page = new_page(browser)
    try:
        response = page.goto(hosted_url + "sales/some/deep/missing/page.html")
        assert response.status == 404
        assert page.locator("article h1").inner_text().startswith("Page not found")
        assert page.evaluate("getComputedStyle(document.querySelector('.sidebar-drawer')).display") != "inline"
        assert page.evaluate("[...document.styleSheets].some(s => (s.href || '').includes('furo.css'))")
        page.locator("article a", has_text="front page").click()
        page.wait_for_url(hosted_url + "sales/index.html")
    finally:
        context.close()
