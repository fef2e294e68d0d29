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
