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


CHART_BARS = """() => {
    const plot = document.querySelector('.js-plotly-plot');
    return plot ? {title: plot.layout.title.text, x: Array.from(plot.data[0].x)} : null;
}"""


@pytest.mark.browser
def test_decision_aid_slider_moves_every_option_by_the_arithmetic(app_server, page, console_log):
    page.goto(f"{app_server}/Evidence_explorer?view=decision_aid")
    wait_for_app(page, "Decision aid for teaching")
    expect(page.get_by_text("Teaching aid, not a validated decision aid").first).to_be_visible()
    page.wait_for_function(ONE_CHART_TITLED, arg="At her risk of 15.0%", timeout=30_000)
    before = page.evaluate(CHART_BARS)
    assert before["x"][0] == pytest.approx(15.0)
    relative = [x / 15.0 for x in before["x"][1:]]  # each option's relative risk, as drawn

    thumb = page.get_by_role("slider").first
    thumb.focus()
    for _ in range(10):  # ten steps of 0.5 points
        thumb.press("ArrowRight")
    page.wait_for_function(ONE_CHART_TITLED, arg="At her risk of 20.0%", timeout=30_000)
    wait_for_app(page)
    after = page.evaluate(CHART_BARS)
    assert after["x"][0] == pytest.approx(20.0)
    assert after["x"][1:] == pytest.approx([20.0 * r for r in relative])
    expect(page.get_by_text("of 100 women like her, about 11 instead of 20").first).to_be_visible()  # 20 x 0.53
    expect(page.get_by_text("Download a printable sheet")).to_be_visible()
    page.get_by_text("of 100 women like her, about 11 instead of 20").first.scroll_into_view_if_needed()
    save_screenshot(page, "evidence_decision_aid.png")
    assert console_log.errors == []
    assert console_log.external_requests == []


@pytest.mark.browser
def test_vitamin_d_view_draws_the_trial_and_follows_the_toggle(app_server, page, console_log):
    page.goto(f"{app_server}/Evidence_explorer?view=vitamin_d")
    wait_for_app(page, "Vitamin D: why the summary warns against high pulse doses")
    page.wait_for_function(ONE_CHART_TITLED, arg="per 100 person-years", timeout=30_000)
    page.get_by_text("1000 people", exact=True).click()
    page.wait_for_function(ONE_CHART_TITLED, arg="per 1000 person-years", timeout=30_000)
    assert console_log.errors == []
