"""The per-100/per-1000 toggle reaches the alendronate view: icon arrays, effect table, slider figures, captions.

Every expected number is computed here from the data file's rows (risk in percent x denominator / 100).
"""

from __future__ import annotations

import pytest

from tests.test_evidence_page import chart_spec, decode, metric, open_view
from vcf_logic import effect_sizes as es
from vcf_logic.evidence import default_evidence
from vcf_logic.figures import alendronate
from vcf_logic.figures.common import row_risk

EVIDENCE = default_evidence()
FIGURES, REFERENCES = EVIDENCE.figures, EVIDENCE.references
PLACEBO, TREATED = FIGURES.loc["fit_prior_vf_placebo_new_vf_pct"], FIGURES.loc["fit_prior_vf_alendronate_new_vf_pct"]


def effects(at):
    """The effect table on the page (the dataframe with a population column)."""
    return next(d.value for d in at.dataframe if "population" in d.value.columns)


@pytest.mark.parametrize("denominator", [100, 1000])
def test_icon_array_counts_people_per_denominator(denominator):
    spec = alendronate.icon_array_chart(FIGURES, REFERENCES, "prior", denominator)
    per_arm = {"x": 0, "x2": 0}
    counts = {}
    for trace in spec.figure.data:
        per_arm[trace.xaxis] += len(trace.x)
        counts[(trace.xaxis, trace.name)] = len(trace.x)
    assert per_arm == {"x": denominator, "x2": denominator}
    placebo_events = round(row_risk(PLACEBO) * denominator / 100)
    treated_events = round(row_risk(TREATED) * denominator / 100)
    assert counts[("x", "Fracture (placebo)")] == placebo_events  # 15.0% -> 15 of 100, 150 of 1000
    assert counts[("x2", "Fracture despite treatment")] == treated_events  # 8.0% -> 8 / 80
    assert counts[("x2", "Spared a fracture by treatment")] == placebo_events - treated_events
    assert f"{denominator} women on placebo" in [a.text for a in spec.figure.layout.annotations]
    assert f"of {denominator} women" in spec.title and f"per {denominator}" in spec.caption


@pytest.mark.parametrize("denominator", [100, 1000])
def test_effect_table_column_follows_the_denominator(denominator):
    table = alendronate.effect_table(FIGURES, denominator).set_index("population")
    prior = table.loc["With a prior vertebral fracture"]
    assert prior[f"placebo_per_{denominator}"] == pytest.approx(row_risk(PLACEBO) * denominator / 100)
    assert prior[f"alendronate_per_{denominator}"] == pytest.approx(row_risk(TREATED) * denominator / 100)
    assert prior[f"prevented_per_{denominator}"] == pytest.approx(
        (row_risk(PLACEBO) - row_risk(TREATED)) * denominator / 100)
    other = 1000 if denominator == 100 else 100
    assert f"placebo_per_{other}" not in table.columns
    no_prior = table.loc["Without a prior vertebral fracture"]
    events = FIGURES.loc["fit_no_prior_vf_placebo_events"]
    assert no_prior[f"placebo_per_{denominator}"] == pytest.approx(
        round(es.risk_from_counts(int(events["events"]), int(events["total"])) * denominator / 100, 1))


def test_switching_to_per_1000_changes_the_icon_array_and_the_table():
    at = open_view("alendronate")
    assert at.segmented_control(key="denominator").value == 100
    icons = chart_spec(at, "alendronate_icons_prior")
    assert sum(len(decode(t["x"])) for t in icons["data"]) == 200
    assert "placebo_per_100" in effects(at).columns
    assert metric(at, "Fractures prevented per 100 treated") == "7.0"  # 15.0% x 0.47 = 7.05, shown 7.0 (fmt)

    at.segmented_control(key="denominator").set_value(1000).run()
    assert not at.exception
    icons = chart_spec(at, "alendronate_icons_prior_per_1000")
    placebo_events = round(row_risk(PLACEBO) * 10)
    by_name = {}
    for trace in icons["data"]:
        by_name[(trace["xaxis"], trace["name"])] = len(decode(trace["x"]))
    assert sum(by_name.values()) == 2000
    assert by_name[("x", "Fracture (placebo)")] == placebo_events == 150
    table = effects(at)
    assert "placebo_per_1000" in table.columns and "placebo_per_100" not in table.columns
    row = table.set_index("population").loc["With a prior vertebral fracture"]
    assert row["placebo_per_1000"] == pytest.approx(row_risk(PLACEBO) * 10)
    assert row["prevented_per_1000"] == pytest.approx((row_risk(PLACEBO) - row_risk(TREATED)) * 10)
    effect = alendronate.slider_effect(FIGURES, alendronate.default_baseline_risk(FIGURES))
    assert metric(at, "Fractures prevented per 1000 treated") == f"{effect.prevented_per_100 * 10:.1f}"
    baseline = chart_spec(at, "alendronate_baseline_risk_per_1000")
    assert baseline["layout"]["height"] > 0
    # the chart's finding is the page's text above it (it wraps on a phone)
    assert any(m.value.startswith("**") and "per 1000" in m.value for m in at.markdown)
