"""The decision-aid view (teaching shared decision-making): one patient's risk, every option side by side.

Every expected number is worked here from the data rows: with the option = her risk x the trial's published
relative risk; fewer = her risk x (1 - RR); the range from the RR's 95% CI; per 100 or per 1000.
"""

from __future__ import annotations

import pytest

from tests.apptest_helpers import open_page
from tests.test_evidence_page import chart_spec, decode
from vcf_logic.evidence import default_evidence
from vcf_logic.figures import decision_aid as da
from vcf_ui.page_registry import EXPLORER

EVIDENCE = default_evidence()
FIGURES, REFERENCES = EVIDENCE.figures, EVIDENCE.references
APPLIED = {"Alendronate": "fit_prior_vf_rr", "Denosumab": "freedom_new_vf_rr", "Zoledronic acid": "horizon_new_vf_rr"}


def expected(risk: float, rr_id: str, denominator: int = 100) -> tuple[float, float, float, float]:
    row = FIGURES.loc[rr_id]
    k = denominator / 100
    return (risk * row["value"] * k, risk * (1 - row["value"]) * k, risk * (1 - row["ci_high"]) * k,
            risk * (1 - row["ci_low"]) * k)


@pytest.mark.parametrize(("risk", "denominator"), [(15.0, 100), (40.0, 100), (8.0, 1000)])
def test_each_placebo_controlled_option_applies_its_trial_relative_risk(risk, denominator):
    table = da.options_table(FIGURES, risk, denominator).set_index("option")
    assert table.loc[da.NO_DRUG, f"fracture_per_{denominator}"] == pytest.approx(risk * denominator / 100)
    for option, rr_id in APPLIED.items():
        with_it, fewer, low, high = expected(risk, rr_id, denominator)
        assert table.loc[option, f"fracture_per_{denominator}"] == pytest.approx(round(with_it, 1))
        assert table.loc[option, f"fewer_per_{denominator}"] == pytest.approx(round(fewer, 1))
        assert table.loc[option, f"fewer_per_{denominator}_range"] == f"{low:.1f} to {high:.1f}"
        assert f"of {denominator} women like her, about {with_it:.0f} instead of" in table.loc[option, "plain_language"]


def test_drugs_tested_only_against_another_drug_get_no_number_and_say_why():
    table = da.options_table(FIGURES, 15.0).set_index("option")
    for option, comparator in (("Teriparatide", "risedronate"), ("Romosozumab, then alendronate", "alendronate")):
        assert table.loc[option, "fewer_per_100_range"] == "not given"
        assert f"tested against {comparator}, not against no treatment" in table.loc[option, "plain_language"]


def test_what_each_option_asks_and_costs():
    table = da.options_table(FIGURES, 15.0).set_index("option")
    assert table.loc["Alendronate", "what_it_asks"].startswith("a tablet every day")
    assert table.loc["Zoledronic acid", "what_it_asks"] == "an intravenous infusion once a year"
    assert table.loc["Denosumab", "what_it_asks"].startswith("an injection every 6 months")
    assert table.loc["Teriparatide", "what_it_asks"].startswith("an injection every day")
    assert "Vertebral fractures after stopping denosumab: " in table.loc["Denosumab", "harms"]  # sized, verified
    assert "Osteonecrosis of the jaw (size not verified)" in table.loc["Alendronate", "harms"]
    assert "Atypical femoral fracture (size not verified)" in table.loc["Zoledronic acid", "harms"]


def test_the_chart_and_the_sheet_say_teaching_aid_and_the_assumption():
    spec = da.options_chart(FIGURES, REFERENCES, 15.0)
    (bars,) = spec.figure.data
    assert list(bars.x) == pytest.approx([15.0] + [expected(15.0, i)[0] for i in APPLIED.values()])
    assert da.ASSUMPTION in spec.caption
    sheet = da.printable_sheet(da.options_table(FIGURES, 15.0), 15.0, 100)
    assert sheet.startswith(da.TEACHING_AID_NOTICE) and "ZOLEDRONIC ACID" in sheet


def test_moving_the_risk_slider_changes_the_per_100_figures_by_the_arithmetic():
    at = open_page(EXPLORER, view="decision_aid")
    assert any("not a validated decision aid" in w.value for w in at.warning)
    bars = chart_spec(at, "decision_aid_options")["data"][0]
    default = FIGURES.loc["fit_prior_vf_placebo_new_vf_pct", "value"]
    assert decode(bars["x"]) == pytest.approx([default] + [expected(default, i)[0] for i in APPLIED.values()])

    at.slider(key="aid_baseline_risk").set_value(30.0).run()
    assert not at.exception
    bars = chart_spec(at, "decision_aid_options")["data"][0]
    assert decode(bars["x"]) == pytest.approx([30.0] + [expected(30.0, i)[0] for i in APPLIED.values()])
    table = next(d.value for d in at.dataframe if "option" in d.value.columns).set_index("option")
    fewer = expected(30.0, APPLIED["Alendronate"])[1]
    assert table.loc["Alendronate", "fewer_per_100"] == pytest.approx(round(fewer, 1))
    cards = " ".join(m.value for m in at.markdown)
    assert "of 100 women like her, about 16 instead of 30" in cards  # 30 x 0.53 = 15.9

    at.segmented_control(key="denominator").set_value(1000).run()
    bars = chart_spec(at, "decision_aid_options_per_1000")["data"][0]
    assert decode(bars["x"]) == pytest.approx([300.0] + [expected(30.0, i, 1000)[0] for i in APPLIED.values()])
