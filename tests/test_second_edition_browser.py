"""In Chromium: the second-fracture view and the summary of findings follow the per-100/per-1000 toggle."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import save_screenshot, wait_for_app

ONE_CHART_TITLED = """text => {
    const plots = [...document.querySelectorAll('.js-plotly-plot')];
    return plots.length === 1 && plots[0].querySelector('.main-svg') !== null
        && [...document.querySelectorAll('[data-testid="stMarkdownContainer"] strong')]
            .some(title => title.innerText.includes(text));  // the chart's title is drawn by the page
}"""


@pytest.mark.browser
def test_second_fracture_view_switches_to_per_1000_and_the_choice_carries_over(app_server, page, console_log):
    page.goto(f"{app_server}/Evidence_explorer?view=second_fracture")
    wait_for_app(page, "Preventing the next fracture")
    page.wait_for_function(ONE_CHART_TITLED, arg="per 100,", timeout=30_000)
    expect(page.get_by_text("Vertebral fractures after stopping denosumab").first).to_be_visible()

    page.get_by_text("1000 people", exact=True).click()
    page.wait_for_function(ONE_CHART_TITLED, arg="per 1000", timeout=30_000)
    wait_for_app(page)
    save_screenshot(page, "evidence_second_fracture.png")

    page.locator('[data-testid="stButtonGroup"]').first.get_by_text("Summary of findings", exact=True).click()
    page.wait_for_url("**view=summary_of_findings**", timeout=30_000)
    wait_for_app(page, "Summary of findings: what each option changes")
    expect(page.get_by_text("Other drugs that prevent the next fracture").first).to_be_visible()
    assert page.locator('[data-testid="stDataFrame"]').count() >= 6
    assert console_log.errors == []
    assert console_log.external_requests == []
