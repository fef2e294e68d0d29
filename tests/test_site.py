"""The built site in a real browser: safe (CSP, offline), accessible (axe-core,
keyboard, phone), and findable (search). Screenshots go to the artifacts folder
(_build/test-artifacts, or $HANDBOOK_ARTIFACTS)."""

from __future__ import annotations

from importlib import resources
from urllib.parse import urlsplit

import pytest

from conftest import serve
from handbook.csp import policy

PAGES = {
    "landing": "index.html",
    "part": "start-right/index.html",
    "chapter": "start-right/train-your-clients.html",
    "glossary": "glossary.html",
    "sources": "sources.html",
    "practice": "practice/templates.html",
    "search": "search.html?q=client",
    "contents": "contents.html",
}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def csp_url(handbook_html):
    header, problems = policy(handbook_html)
    assert not problems, problems
    url, server = serve(handbook_html, {"Content-Security-Policy": header})
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def trainer_url(handbook_trainer_html):
    url, server = serve(handbook_trainer_html)
    yield url
    server.shutdown()


def open_page(browser, url: str, *, theme: str | None = None, viewport=None, quiet_network: bool = False):
    """A page after its load event and its fonts (the handbook's script sets up
    on DOMContentLoaded and fetches only when a reader acts). quiet_network also
    waits for 500 ms without a request, for tests that list every request."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    if theme:
        context.add_init_script(f'localStorage.setItem("theme", "{theme}");')
    context.add_init_script("""
        window.__csp = [];
        document.addEventListener('securitypolicyviolation',
            e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
    """)
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    if quiet_network:
        page.wait_for_load_state("networkidle")
    return context, page, requests


@pytest.mark.parametrize("name", sorted(PAGES))
def test_runs_under_the_content_security_policy_and_offline(browser, csp_url, name):
    context, page, requests = open_page(browser, csp_url + PAGES[name], quiet_network=True)
    try:
        if name == "search":
            page.wait_for_selector("#search-results ul.search li", timeout=15000)
        assert page.evaluate("window.__csp") == []
        assert page.evaluate("document.body.dataset.theme") in ("auto", "light", "dark")  # furo's snippet ran
        foreign = [u for u in requests if urlsplit(u).hostname not in ("127.0.0.1", None) and
                   not u.startswith("data:")]
        assert foreign == [], f"requests to other origins: {foreign}"
    finally:
        context.close()


def axe_violations(page) -> list[str]:
    page.add_script_tag(content=(resources.files("axe_playwright_python") / "axe.min.js").read_text())
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
            for v in result["violations"]]


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_wcag_a_or_aa_violation(browser, site_url, name, theme):
    context, page, _ = open_page(browser, site_url + PAGES[name], theme=theme)
    try:
        if name == "search":
            page.wait_for_selector("#search-results ul.search li", timeout=15000)
        assert axe_violations(page) == []
    finally:
        context.close()


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("path", ["sessions/new-clients.html", "sessions/index.html"])
def test_trainer_pages_have_no_wcag_a_or_aa_violation(browser, trainer_url, path, theme):
    context, page, _ = open_page(browser, trainer_url + path, theme=theme)
    try:
        assert axe_violations(page) == []
    finally:
        context.close()


def test_search_for_a_chapter_term_finds_that_chapter_first(browser, site_url):
    context, page, _ = open_page(browser, site_url + "search.html?q=pipeline")
    try:
        first = page.wait_for_selector("#search-results ul.search li a", timeout=15000)
        assert first.get_attribute("href").startswith("leadership/existing-clients.html")
    finally:
        context.close()


def test_keyboard_reaches_navigation_search_and_blocks(browser, site_url):
    context, page, _ = open_page(browser, site_url + "start-right/train-your-clients.html")
    try:
        reached = set()
        for _ in range(150):
            page.keyboard.press("Tab")
            reached.add(page.evaluate("""() => {
                const el = document.activeElement;
                if (el.matches('input[name=q]')) return 'search';
                if (el.closest('.sidebar-tree')) return 'navigation';
                if (el.closest('.handbook-block')) return 'block';
                return 'other';
            }"""))
            if {"search", "navigation", "block"} <= reached:
                break
        assert {"search", "navigation", "block"} <= reached, reached
    finally:
        context.close()


def test_phone_shows_a_readable_chapter_without_sideways_scrolling(browser, site_url, artifacts):
    context, page, _ = open_page(browser, site_url + "start-right/train-your-clients.html",
                                 viewport={"width": 390, "height": 844})
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)")
        assert size >= 14
        page.screenshot(path=str(artifacts / "chapter-phone.png"), full_page=False)
    finally:
        context.close()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screenshots_of_a_chapter(browser, site_url, artifacts, theme):
    context, page, _ = open_page(browser, site_url + "start-right/train-your-clients.html", theme=theme)
    try:
        path = artifacts / f"chapter-{theme}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
    finally:
        context.close()
