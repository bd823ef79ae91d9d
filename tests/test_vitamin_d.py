"""Vitamin D: the trial behind "avoid high pulse doses of vitamin D", its rows, its view and its claim check."""

from __future__ import annotations

import pytest

from tests.apptest_helpers import open_page
from tests.test_evidence_page import chart_spec, decode
from vcf_logic import explorer as ev
from vcf_logic.evidence import default_evidence
from vcf_logic.figures import vitamin_d
from vcf_ui.page_registry import EXPLORER

EVIDENCE = default_evidence()
FIGURES, REFERENCES = EVIDENCE.figures, EVIDENCE.references
RATES = ("sanders_falls_rate_placebo", "sanders_falls_rate_vitamin_d", "sanders_fracture_rate_placebo",
         "sanders_fracture_rate_vitamin_d")
RATIOS = ("sanders_falls_rate_ratio", "sanders_fracture_rate_ratio")


def test_every_row_says_what_when_whom_and_is_sourced():
    rows = FIGURES[FIGURES["topic"] == vitamin_d.TOPIC]
    assert set(rows.index) == set(RATES) | set(RATIOS)
    assert (rows["reference"] == "Sanders2010").all()
    assert rows[["outcome_definition", "timepoint", "design", "status", "analysis_unit"]].notna().all().all()
    assert set(FIGURES.loc[list(RATIOS), "status"]) == {"not verified"}  # the intervals were not seen
    assert FIGURES.loc[list(RATIOS), "status_reason"].str.contains("not seen").all()
    ref = REFERENCES.loc["Sanders2010"]
    assert (ref["source"], ref["year"], ref["volume_pages"]) == ("JAMA", 2010, "303(18):1815-1822")


@pytest.mark.parametrize("denominator", [100, 1000])
def test_bars_are_the_rates_in_the_chosen_denominator_and_the_ratios_are_never_drawn(denominator):
    spec = vitamin_d.rates_chart(FIGURES, REFERENCES, denominator)
    falls, fractures = spec.figure.data
    assert list(falls.y) == pytest.approx([FIGURES.loc[i, "value"] * denominator / 100 for i in RATES[:2]])
    assert list(fractures.y) == pytest.approx([FIGURES.loc[i, "value"] * denominator / 100 for i in RATES[2:]])
    drawn = {float(v) for t in spec.figure.data for v in t.y}
    assert not drawn & {1.15, 1.26}
    assert f"per {denominator} person-years" in spec.title and f"per {denominator} person-years" in spec.caption
    assert "rate ratio 1.15 (95% CI 1.02 to 1.30) (not verified)" in spec.caption
    assert set(spec.figure_ids) == set(RATES)  # the unverified ratios are named in the caption, not in the data


def test_the_claim_check_row_rests_on_the_trial():
    claim = EVIDENCE.claims.set_index("id").loc["claim_pulse_vitamin_d"]
    assert claim["statement"] == "avoid_pulse_vitamin_d"
    assert set(claim["figures"]) == set(RATES) | set(RATIOS)
    assert "Sanders2010" in claim["references"]


def test_the_view_is_declared_and_follows_the_toggle():
    assert ev.explorer_query("vitamin_d") == {"view": "vitamin_d"}
    at = open_page(EXPLORER, view="vitamin_d")
    assert not at.exception and not at.error
    bars = chart_spec(at, "vitamin_d_rates")["data"]
    assert decode(bars[0]["y"]) == pytest.approx([72.7, 83.4])
    assert any("Avoid high pulse doses of vitamin D" in m.value for m in at.markdown)  # the claim, with its verdict
    at.segmented_control(key="denominator").set_value(1000).run()
    assert not at.exception
    bars = chart_spec(at, "vitamin_d_rates_per_1000")["data"]
    assert decode(bars[0]["y"]) == pytest.approx([727.0, 834.0])
