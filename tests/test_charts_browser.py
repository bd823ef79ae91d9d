"""Explorer charts in Chromium as a person sees them: on a phone (390×844), on a projector in presenter mode
(1920×1080), and to a screen reader (each chart tied to its description). Geometry from the drawn SVG."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.apptest_helpers import charts_on_page
from tests.browser_helpers import save_screenshot, wait_for_app
from vcf_logic import explorer as ev
from vcf_ui.page_registry import EXPLORER

pytestmark = pytest.mark.browser

CHART_VIEWS = [v for v in ev.VIEW_IDS if charts_on_page(v)]
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1920, "height": 1080}

# Per chart: the chart's box, each panel's plot area, the legend's box, the toolbar's, the tick labels' font sizes.
GEOMETRY = """() => [...document.querySelectorAll('.js-plotly-plot')].map(plot => {
    const box = el => { if (!el) return null; const r = el.getBoundingClientRect();
                        return {x: r.x, y: r.y, right: r.right, bottom: r.bottom, width: r.width, height: r.height}; };
    const legend = plot.querySelector('.legend');
    const modebar = plot.querySelector('.modebar');
    return {
        key: [...plot.closest('[class*="st-key-"]').classList].find(c => c.startsWith('st-key-')),
        chart: box(plot),
        panels: [...plot.querySelectorAll('.nsewdrag')].map(box),
        legend: legend && legend.getBBox().width > 0 ? box(legend) : null,
        modebar: modebar && modebar.offsetParent !== null ? box(modebar) : null,
        tick_sizes: [...plot.querySelectorAll('.xtick text, .ytick text')]
            .map(t => parseFloat(getComputedStyle(t).fontSize)),
        hidden_x_ticks: [...plot.querySelectorAll('.xtick text')]
            .filter(t => t.textContent && t.getBoundingClientRect().width === 0).map(t => t.textContent),
    };
})"""

# The centres of the icons of one icon array's first panel, as drawn.
ICON_CENTRES = """key => {
    const plot = document.querySelector(`.st-key-${key} .js-plotly-plot`);
    const layer = plot.querySelector('.scatterlayer');
    return [...layer.querySelectorAll('path.point')].map(p => {
        const r = p.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2];
    });
}"""


def open_view(page, app_server: str, view_id: str, **params: str) -> None:
    page.goto(f"{app_server}{EXPLORER.url({'view': view_id, **params})}")
    wait_for_app(page, ev.view(view_id).label)
    page.wait_for_function("n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
                           arg=charts_on_page(view_id), timeout=30_000)
    wait_for_app(page)


def overlaps(a: dict, b: dict) -> bool:
    return a["x"] < b["right"] and b["x"] < a["right"] and a["y"] < b["bottom"] and b["y"] < a["bottom"]


@pytest.mark.parametrize("view_id", CHART_VIEWS)
def test_on_a_phone_every_chart_is_readable_its_legend_below_no_toolbar(page, app_server, console_log, view_id):
    page.set_viewport_size(PHONE)
    open_view(page, app_server, view_id)
    charts = page.evaluate(GEOMETRY)
    assert len(charts) == charts_on_page(view_id)
    for chart in charts:
        name, box = chart["key"], chart["chart"]
        assert box["right"] <= PHONE["width"], f"{name} is wider than the phone"
        assert chart["modebar"] is None, f"{name} has a toolbar over its text"
        for panel in chart["panels"]:
            assert panel["height"] >= 150 and panel["width"] >= 150, f"{name}: a plot area of {panel}"
            assert box["x"] <= panel["x"] and panel["right"] <= box["right"] + 1, f"{name}: a panel is cut"
        for first, second in zip(chart["panels"], chart["panels"][1:], strict=False):
            assert not overlaps(first, second), f"{name}: panels overlap"
            assert second["y"] >= first["bottom"] + 40, f"{name}: panels are not stacked with room for a title"
        if chart["legend"]:
            legend = chart["legend"]
            assert legend["y"] >= max(p["bottom"] for p in chart["panels"]), f"{name}: legend not below the plot"
            assert legend["right"] <= box["right"] + 1, f"{name}: the legend is cut at the right"
            assert legend["bottom"] <= box["bottom"] + 1, f"{name}: the legend is cut at the bottom"
        assert min(chart["tick_sizes"], default=15) >= 12, f"{name}: tick labels under 12 px"
        assert chart["hidden_x_ticks"] == [], f"{name}: x tick labels hidden"
    assert console_log.errors == []


def test_on_a_phone_icon_arrays_have_square_cells_and_the_baseline_chart_is_tall(page, app_server, console_log):
    page.set_viewport_size(PHONE)
    open_view(page, app_server, "alendronate")
    centres = page.evaluate(ICON_CENTRES, "alendronate_icons_prior")
    xs = sorted({round(x) for x, _ in centres})
    ys = sorted({round(y) for _, y in centres})
    assert len(xs) == 10 and len(ys) >= 10, "a grid of 10 columns"
    width, height = (xs[-1] - xs[0]) / (len(xs) - 1), (ys[9] - ys[0]) / 9
    assert width >= 20, f"cells {width:.1f} px wide: icons melt together"
    assert abs(width - height) <= 0.05 * width, f"cells {width:.1f} × {height:.1f} px are not square"
    baseline = next(c for c in page.evaluate(GEOMETRY) if c["key"] == "st-key-alendronate_baseline_risk")
    assert baseline["panels"][0]["height"] >= 250, "the baseline-risk chart's plot area is tall enough to read"
    page.locator(".st-key-alendronate_icons_prior").evaluate("e => e.scrollIntoView({block: 'center'})")
    save_screenshot(page, "explorer_icons_phone.png")
    assert console_log.errors == []


def tick_text_height(page) -> float:
    tick = page.locator(".st-key-alendronate_baseline_risk .ytick text").first
    tick.scroll_into_view_if_needed()
    return tick.bounding_box()["height"]


def test_in_presenter_mode_chart_text_grows_with_the_page(page, app_server, console_log):
    page.set_viewport_size(PROJECTOR)
    open_view(page, app_server, "alendronate")
    normal = tick_text_height(page)
    open_view(page, app_server, "alendronate", presenter="1")
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    presented = tick_text_height(page)
    assert presented >= 1.25 * normal, f"tick text {presented:.1f} px in presenter mode, {normal:.1f} px without"
    save_screenshot(page, "explorer_presenter_projector.png")
    assert console_log.errors == []


def test_every_chart_is_described_by_its_description(page, app_server, console_log):
    for view_id in CHART_VIEWS:
        open_view(page, app_server, view_id)
        charts = page.get_by_test_id("stPlotlyChart")
        expect(charts).to_have_count(charts_on_page(view_id))
        for index in range(charts.count()):
            chart = charts.nth(index)
            expect(chart).to_have_attribute("aria-describedby", re.compile(r"^chart-description-"))
            description = page.locator(f"#{chart.get_attribute('aria-describedby')}")
            expect(description).to_contain_text("Chart description:")
            expect(description).to_contain_text("Source:")
            expect(chart).to_have_accessible_description(re.compile(r"^Source: .*Chart description: "))
    assert console_log.errors == []
