"""In Chromium: the explorer's deep link, every view's charts drawn with data, no console errors, a screenshot."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.apptest_helpers import charts_on_page
from tests.browser_helpers import save_screenshot, wait_for_app
from vcf_logic import explorer as ev

ALL_CHARTS_HAVE_DATA = """n => {
    const plots = [...document.querySelectorAll('.js-plotly-plot')];
    return plots.length === n && plots.every(p => Array.isArray(p.data) && p.data.length > 0
        && p.querySelector('.main-svg') !== null);
}"""


def wait_for_charts(page, count: int) -> None:
    page.wait_for_function(ALL_CHARTS_HAVE_DATA, arg=count, timeout=30_000)


@pytest.mark.browser
def test_every_view_draws_its_charts_without_console_errors(app_server, page, console_log):
    page.goto(f"{app_server}/Evidence_explorer?view=alendronate")
    wait_for_app(page, "Evidence explorer")
    wait_for_charts(page, charts_on_page("alendronate"))
    expect(page.locator("h1").first).to_contain_text("Evidence explorer")
    save_screenshot(page, "evidence_explorer.png")
    assert page.viewport_size == {"width": 1280, "height": 720}

    control = page.locator('[data-testid="stButtonGroup"]').first
    for view in ev.VIEWS[1:]:
        control.get_by_text(view.label, exact=True).click()
        page.wait_for_url(f"**view={view.id}**", timeout=30_000)
        wait_for_app(page)
        wait_for_charts(page, charts_on_page(view.id))

    assert console_log.errors == []
    assert console_log.external_requests == []


@pytest.mark.browser
def test_deep_link_opens_the_requested_view(app_server, page, console_log):
    page.goto(f"{app_server}/Evidence_explorer?view=calcitonin")
    wait_for_app(page, "Calcitonin for acute fracture pain")
    wait_for_charts(page, charts_on_page("calcitonin"))
    expect(page.get_by_text("Safety warning").first).to_be_visible()
    assert console_log.errors == []
