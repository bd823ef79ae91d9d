"""The server's preload (`vcf_ui.serve.preload`) makes what the first request for the explorer builds."""

from __future__ import annotations

import pytest

from tests.apptest_helpers import open_page
from vcf_logic.evidence import default_evidence
from vcf_logic.explorer import DEFAULT_DENOMINATOR, DEFAULT_VIEW, shared_explorer_data
from vcf_ui.page_registry import EXPLORER
from vcf_ui.serve import preload

FIRST_VIEW_CACHES = ("view_charts", "icon_chart", "baseline_chart", "effect_table", "slider_effect")
MADE_BY_PREPARE = ("shown_figure", "title_markdown", "caption_markdown", "notes_markdown", "_csv", "arrow_table")


@pytest.fixture
def fresh_evidence(monkeypatch):
    """Nothing derived from the evidence built yet in this process, as in a server just started."""
    monkeypatch.setattr(shared_explorer_data, "_built", {})


def misses(data) -> dict[str, int]:
    return {name: getattr(data, name).cache_info().misses for name in FIRST_VIEW_CACHES}


def test_the_first_request_for_the_explorer_finds_its_charts_made(fresh_evidence):
    data = shared_explorer_data(default_evidence())
    assert all(count == 0 for count in misses(data).values()), "this version was derived before the test"

    preload()
    made = misses(data)
    assert made["view_charts"] == 1 and made["icon_chart"] == made["baseline_chart"] == 1
    widget_charts = [data.icon_chart(next(iter(data.population_labels)), DEFAULT_DENOMINATOR),
                     data.baseline_chart(data.default_baseline_risk, DEFAULT_DENOMINATOR)]
    for spec in [*data.view_charts(DEFAULT_VIEW), *widget_charts]:
        assert all(name in vars(spec) for name in MADE_BY_PREPARE), spec.key
    made = misses(data)

    open_page(EXPLORER)  # the default view, every widget at its default, as a student first sees it
    assert misses(data) == made, "the page built something the preload had not"


def test_without_the_preload_the_first_request_builds_them(fresh_evidence):
    """The other side of the test above: the page's first run does build these when nothing is preloaded."""
    data = shared_explorer_data(default_evidence())
    open_page(EXPLORER)
    assert all(misses(data)[name] >= 1 for name in FIRST_VIEW_CACHES)
