"""The built handbook in a real browser (Debian's Chromium via Playwright)."""

from __future__ import annotations

import pytest


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context(base_url=site_url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    yield page
    context.close()


def test_copy_button_copies_the_template_text_alone(page):
    page.goto("start-right/train-your-clients.html")
    template = page.locator("div.handbook-template#tpl-kickoff-pace")
    expected = template.locator("div.highlight pre").inner_text()
    template.locator("div.highlight").hover()
    button = template.locator("button.copybtn")
    assert button.count() == 1, "sphinx-copybutton did not attach a button to the template"
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == expected.strip()
    assert copied.startswith("Subject: How we will work together")
    assert "Kickoff email" not in copied and "Send it the day" not in copied


def test_every_template_on_the_templates_page_has_a_copy_button(page):
    page.goto("practice/templates.html")
    blocks = page.locator(".handbook-index-entry div.highlight")
    assert blocks.count() >= 7
    assert page.locator(".handbook-index-entry button.copybtn").count() == blocks.count()


def test_checklist_items_show_tick_boxes(page):
    page.goto("start-right/train-your-clients.html")
    item = page.locator("div.handbook-checklist ul.handbook-ticks > li").first
    marker = item.evaluate("el => getComputedStyle(el, '::before').content")
    assert "\u2610" in marker


def test_a_chapter_prints_without_the_web_chrome(page):
    page.goto("start-right/train-your-clients.html")
    page.emulate_media(media="print")
    for selector in (".sidebar-drawer", ".toc-drawer", "button.copybtn", ".related-pages"):
        for element in page.locator(selector).all():
            assert not element.is_visible(), f"{selector} shows in print"
    assert page.locator("article h1").is_visible()
    assert page.locator("div.handbook-template").first.is_visible()
    border = page.locator("div.handbook-template").first.evaluate("el => getComputedStyle(el).borderTopStyle")
    assert border == "solid"


def test_sidebar_links_the_downloads(page):
    page.goto("leadership/guide-dont-decide.html")
    links = page.locator(".handbook-downloads a")
    assert [links.nth(i).inner_text() for i in range(links.count())] == ["PDF (print edition)", "EPUB (e-readers)"]
    assert links.first.get_attribute("href") == "../../pdf/sales-practice-handbook.pdf"
