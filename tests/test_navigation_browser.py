"""In a real Chromium: a deep link as a fresh server's first request, then every page via the sidebar."""

import pytest
from playwright.sync_api import expect

from benchmarks.common import running_server
from tests.browser_helpers import ConsoleLog, save_screenshot, wait_for_app
from vcf_ui.page_registry import PAGES

HOME_HEADING = "Vertebral compression fractures: a teaching dashboard"


@pytest.fixture
def fresh_server():
    """A server of its own, so the deep link below is the very first request it sees."""
    with running_server() as base_url:
        yield base_url


def heading_of(label: str) -> str:
    return HOME_HEADING if label == "Home" else label


@pytest.mark.browser
def test_deep_link_first_then_every_page_through_the_sidebar(fresh_server, page):
    log = ConsoleLog(page)
    page.goto(f"{fresh_server}/References")
    page.locator("h1", has_text="References").wait_for(timeout=30_000)  # the sidebar names it too
    wait_for_app(page)
    expect(page.get_by_text("Teaching material only").first).to_be_visible()

    for nav in PAGES:
        page.locator('[data-testid="stSidebar"]').get_by_text(nav.label, exact=True).click()
        heading = page.locator("h1", has_text=heading_of(nav.label)).first
        heading.wait_for(timeout=30_000)
        wait_for_app(page)
        expect(heading).to_be_visible()
    page.get_by_text("Home", exact=True).first.click()
    page.locator("h1", has_text=HOME_HEADING).wait_for(timeout=30_000)
    wait_for_app(page)
    save_screenshot(page, "home.png")
    assert log.errors == []
    assert log.external_requests == []
