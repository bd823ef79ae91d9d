"""Figure builders: every plotted number is a data-file value (or computed from one), nothing else."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from vcf_logic import effect_sizes as es
from vcf_logic import explorer as ev
from vcf_logic.evidence import load_evidence
from vcf_logic.figures import alendronate, augmentation, calcitonin, vertebroplasty
from vcf_logic.figures.common import OKABE_ITO, MissingFigureError, inert_chart_text, pick_rows, row_risk
from vcf_logic.figures.screen import screen_dict

EVIDENCE = load_evidence()
FIGURES = EVIDENCE.figures
REFERENCES = EVIDENCE.references
SPECS = ev.all_chart_specs(FIGURES, REFERENCES)
PALETTE = {c.upper() for c in OKABE_ITO.values()} | {"#BBBBBB"}


def value(fig_id: str) -> float:
    return float(FIGURES.loc[fig_id, "value"])


def risk(fig_id: str) -> float:
    return row_risk(FIGURES.loc[fig_id])


def nums(values) -> list[float]:
    return [float(v) for v in values]


def traces(spec, kind: str | None = None):
    return [t for t in spec.figure.data if kind is None or t.type == kind]


# ---- every chart ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.key)
def test_the_shown_figure_is_the_figure_with_its_template_cut_to_what_it_draws(spec):
    """What a page sends (SharedFigure) is the figure laid out for any screen, its text inert: same traces, same
    layout, and of the template the defaults of its own trace types, whole (in Chromium all 15 charts drew
    pixel-identical both ways, under Plotly's default template and under Streamlit's)."""
    full = inert_chart_text(screen_dict(spec.figure))
    shown = spec.shown_figure.to_dict()
    assert shown["data"] == full["data"]
    assert {k: v for k, v in shown["layout"].items() if k != "template"} == \
        {k: v for k, v in full["layout"].items() if k != "template"}
    used = {t.get("type", "scatter") for t in full["data"]}
    assert shown["layout"]["template"]["data"] == {k: v for k, v in full["layout"]["template"]["data"].items()
                                                    if k in used}
    assert shown["layout"]["template"]["layout"]["colorway"] == full["layout"]["template"]["layout"]["colorway"]
    # whichever default template is active (Plotly's, or Streamlit's once Streamlit is imported, as in the server)
    assert len(json.dumps(shown["layout"]["template"])) < 0.5 * len(json.dumps(full["layout"]["template"]))



@pytest.mark.parametrize("spec", SPECS, ids=[s.key for s in SPECS])
def test_chart_is_complete(spec):
    assert spec.title and spec.alt_text
    assert spec.caption.startswith("Source: ")
    assert spec.figure.layout.title.text, "the title is drawn on the chart too"
    assert spec.figure.layout.font.size >= 14
    assert list(spec.table.columns[:2]) == ["id", "topic"]
    assert set(spec.table["id"]) <= set(FIGURES["id"]), "every table row is a data-file row"
    assert spec.csv().splitlines()[0].startswith("id,topic,measure")


@pytest.mark.parametrize("spec", SPECS, ids=[s.key for s in SPECS])
def test_chart_uses_only_verified_or_contested_rows(spec):
    statuses = set(FIGURES.loc[spec.figure_ids, "status"])
    assert "not verified" not in statuses, "unverified numbers are never charted"


@pytest.mark.parametrize("spec", SPECS, ids=[s.key for s in SPECS])
def test_chart_colours_come_from_the_palette(spec):
    for trace in spec.figure.data:
        colours = getattr(trace.marker, "color", None)
        for colour in [colours] if isinstance(colours, str) else list(colours or []):
            assert colour.upper() in PALETTE, (spec.key, colour)


@pytest.mark.parametrize("spec", SPECS, ids=[s.key for s in SPECS])
def test_chart_axes_start_at_zero_or_centre_on_zero(spec):
    layout = spec.figure.layout
    for name in [k for k in layout.to_plotly_json() if k.startswith(("xaxis", "yaxis"))]:
        axis = layout[name]
        positional = axis.tickvals is not None  # a forest plot's rows, not a measurement
        if axis.visible is False or axis.type in ("category", "log") or axis.range is None or positional:
            continue
        low, high = sorted(nums(axis.range))
        assert low == 0 or math.isclose(low, -high), (spec.key, name, axis.range)


def test_every_chart_has_its_own_key_and_rows():
    keys = [s.key for s in SPECS]
    assert len(keys) == len(set(keys)), "a chart's key is its element key on the page: two alike would clash"
    assert all(s.figure_ids for s in SPECS)


def test_missing_row_is_named():
    with pytest.raises(MissingFigureError, match="no_such_row"):
        pick_rows(FIGURES, ["fit_prior_vf_rr", "no_such_row"])


# ---- alendronate --------------------------------------------------------------------------------------------

def test_alendronate_bars_are_the_data_file_risks():
    spec = alendronate.risk_chart(FIGURES, REFERENCES)
    placebo, drug = traces(spec, "bar")
    assert nums(placebo.y) == pytest.approx([value("fit_prior_vf_placebo_new_vf_pct"), 100 * 78 / 2218])
    assert nums(drug.y) == pytest.approx([value("fit_prior_vf_alendronate_new_vf_pct"), 100 * 43 / 2214])
    assert nums(placebo.y)[1] == pytest.approx(risk("fit_no_prior_vf_placebo_events"))


def test_alendronate_relative_risks():
    spec = alendronate.risk_chart(FIGURES, REFERENCES)
    published, computed = traces(spec, "scatter")
    rr = FIGURES.loc["fit_prior_vf_rr"]
    assert nums(published.x) == [rr["value"]]
    assert published.error_x.array[0] == pytest.approx(rr["ci_high"] - rr["value"])
    assert published.error_x.arrayminus[0] == pytest.approx(rr["value"] - rr["ci_low"])
    crude = es.relative_risk_from_counts(43, 2214, 78, 2218)
    assert nums(computed.x) == pytest.approx([crude.value])
    assert "fit_no_prior_vf_rr" not in spec.figure_ids  # the unverified RR is not drawn


def test_alendronate_effect_table_hand_worked():
    table = alendronate.effect_table(FIGURES).set_index("population")
    prior = table.loc["With a prior vertebral fracture"]
    assert prior["prevented_per_100"] == pytest.approx(7.0)
    assert prior["relative_risk_reduction_pct"] == pytest.approx(46.7)
    assert prior["number_needed_to_treat"] == 15
    assert prior["follow_up"] == "36 months"
    no_prior = table.loc["Without a prior vertebral fracture"]
    assert no_prior["number_needed_to_treat"] == value("fit_no_prior_vf_nnt_bandolier") == 64


def test_no_prior_fracture_shows_the_primary_source_not_the_summary():
    spec = alendronate.risk_chart(FIGURES, REFERENCES)
    plotted = {round(v, 1) for t in traces(spec, "bar") for v in t.y}
    assert 4.8 not in plotted and 2.5 not in plotted
    assert {3.5, 1.9} <= plotted


@pytest.mark.parametrize("key", ["prior", "no_prior"])
def test_icon_array_counts_sum_to_100_per_arm(key):
    spec = alendronate.icon_array_chart(FIGURES, REFERENCES, key)
    per_arm = {"x": 0, "x2": 0}
    for trace in traces(spec, "scatter"):
        per_arm[trace.xaxis] += len(trace.x)
    assert per_arm == {"x": 100, "x2": 100}


def test_icon_array_prior_fracture_groups():
    spec = alendronate.icon_array_chart(FIGURES, REFERENCES, "prior")
    counts = {(t.xaxis, t.name): len(t.x) for t in traces(spec, "scatter")}
    assert counts[("x", "Fracture (placebo)")] == 15
    assert counts[("x2", "Fracture despite treatment")] == 8
    assert counts[("x2", "Spared a fracture by treatment")] == 7


@pytest.mark.parametrize(("baseline", "nnt"), [(0.0, None), (15.0, 15), (100.0, 3)])
def test_baseline_risk_chart(baseline, nnt):
    spec = alendronate.baseline_risk_chart(FIGURES, REFERENCES, baseline)
    effect = alendronate.slider_effect(FIGURES, baseline)
    assert effect.number_needed_to_treat == nnt
    patient = next(t for t in spec.figure.data if (t.name or "").startswith("Your patient"))
    assert nums(patient.x) == [baseline, baseline]
    curve = next(t for t in spec.figure.data if (t.name or "").startswith("Prevented per 100"))
    assert curve.y[-1] == pytest.approx(100 * (1 - value("fit_prior_vf_rr")))
    assert (f"NNT {nnt}" in spec.title) == (nnt is not None)


def test_nnt_rounding_note_names_both_roundings():
    note = alendronate.nnt_rounding_note(FIGURES)
    assert "rounded up to 15" in note and f"NNT {int(value('aafp_fit_prior_vf_nnt'))}" in note


# ---- vertebroplasty (Diamond 2003) ----------------------------------------------------------------------------

def test_diamond_scores_on_full_scales():
    spec = vertebroplasty.scores_chart(FIGURES, REFERENCES)
    pain, function = traces(spec, "bar")
    assert nums(pain.y) == [value("diamond_pain_baseline"), value("diamond_pain_24h")]
    assert nums(function.y) == [value("diamond_function_baseline"), value("diamond_function_24h")]
    assert nums(spec.figure.layout.yaxis.range) == [0, 25]
    assert nums(spec.figure.layout.yaxis2.range) == [0, 20]
    assert "Non-randomised" in spec.title


def test_diamond_computed_changes_match_the_published_ones():
    changes = vertebroplasty.score_changes(FIGURES)
    assert round(changes.loc[0, "change_pct"]) == value("diamond_pain_change_pct")
    assert round(changes.loc[1, "change_pct"]) == value("diamond_function_change_pct")
    assert list(changes["change_points"]) == [-10, 4]


def test_diamond_analgesia_from_counts():
    spec = vertebroplasty.analgesia_chart(FIGURES, REFERENCES)
    (bars,) = traces(spec, "bar")
    assert nums(bars.y) == pytest.approx([100 * 13 / 55, 0.0])
    assert round(bars.y[0]) == 24
    assert nums(spec.figure.layout.yaxis.range) == [0, 100]


# ---- vertebroplasty vs conservative vs sham; kyphoplasty ----------------------------------------------------

def assert_forest_matches(spec, ids):
    """Each row drawn at its data-file value and CI, in the plot's one sign convention (a row whose
    `positive_favours` names the other arm is drawn negated, its interval's ends swapped)."""
    xs = [x for t in traces(spec, "scatter") for x in t.x]
    highs = [a for t in traces(spec, "scatter") for a in t.error_x.array]
    lows = [a for t in traces(spec, "scatter") for a in t.error_x.arrayminus]
    rows = FIGURES.loc[list(ids)]
    right_arm = spec.figure.layout.meta["forest"]["right_arm"]
    sign = rows["positive_favours"].map(lambda f: 1 if f in (right_arm, "not stated") else -1)
    value, low, high = rows["value"] * sign, rows["ci_low"].where(sign > 0, -rows["ci_high"]), \
        rows["ci_high"].where(sign > 0, -rows["ci_low"])
    assert nums(xs) == nums(value)
    assert highs == pytest.approx(list(high - value))
    assert lows == pytest.approx(list(value - low))


def test_pain_forest_plot():
    spec = augmentation.pain_forest_chart(FIGURES, REFERENCES)
    ids = [i for g in augmentation.PAIN_GROUPS for i in g.ids]
    assert_forest_matches(spec, ids)
    assert {"buchbinder_pain_diff_3mo", "invest_pain_diff_1mo", "vertos4_vas_diff_1mo"} <= set(ids)
    assert nums(spec.figure.layout.xaxis.range) == [-10, 10]
    assert spec.notes and "sham" in spec.notes[0]


def test_vapour_responders():
    spec = augmentation.vapour_chart(FIGURES, REFERENCES)
    (bars,) = traces(spec, "bar")
    assert nums(bars.y) == [value("vapour_responders_vp"), value("vapour_responders_placebo")]
    assert "23 (95% CI 6 to 39)" in spec.figure.layout.xaxis.title.text


def test_kyphoplasty_function_forest():
    spec = augmentation.kyphoplasty_function_chart(FIGURES, REFERENCES)
    assert_forest_matches(spec, [i for g in augmentation.FREE_GROUPS for i in g.ids])
    assert "free_pcs_diff_1mo" in spec.figure_ids


def test_kaviar_from_counts():
    spec = augmentation.kaviar_chart(FIGURES, REFERENCES)
    kp, vp = traces(spec, "bar")
    assert nums(kp.y) == pytest.approx([100 * 50 / 140, 100 * 54 / 110])
    assert nums(vp.y) == pytest.approx([100 * 57 / 131, 100 * 64 / 111])


def test_kyphosis_correction():
    spec = augmentation.kyphosis_chart(FIGURES, REFERENCES)
    kp, other = traces(spec, "bar")
    assert nums(kp.y) == [value("papanastassiou_kyphosis_bkp"), value("free24_kyphosis_correction_kp")]
    assert nums(other.y) == [value("papanastassiou_kyphosis_vp"), value("free24_kyphosis_correction_nsm")]
    (md,) = traces(spec, "scatter")
    assert nums(md.x) == [value("xing_kyphosis_md")]


# ---- calcitonin --------------------------------------------------------------------------------------------

def test_calcitonin_weeks_1_and_4_only_where_verified():
    spec = calcitonin.vas_chart(FIGURES, REFERENCES)
    assert_forest_matches(spec, [i for g in calcitonin.VAS_GROUPS for i in g.ids])
    labels = " ".join(spec.figure.layout.yaxis.ticktext)
    assert "week 2" not in labels and "week 3" not in labels


def test_calcitonin_smd():
    spec = calcitonin.smd_chart(FIGURES, REFERENCES)
    assert_forest_matches(spec, [i for g in calcitonin.SMD_GROUPS for i in g.ids])


def test_calcitonin_safety_facts_come_from_rows():
    text, table = calcitonin.safety_facts(FIGURES)
    assert list(table["id"]) == list(calcitonin.SAFETY_ROWS)
    assert "0.7 to 2.4" in text


# ---- tables and views -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [(None, ("alendronate", True)), ("claims", ("claims", True)),
                                               (" Calcitonin ", ("calcitonin", True)),
                                               ("<script>", ("alendronate", False)), ("", ("alendronate", True))])
def test_parse_view(raw, expected):
    assert ev.parse_view(raw) == expected


def test_claims_for_a_chart():
    spec = alendronate.risk_chart(FIGURES, REFERENCES)
    ids = set(ev.claims_for_figures(EVIDENCE.claims, spec.figure_ids)["id"])
    assert {"claim_alendronate_prior_fracture", "claim_alendronate_no_prior_fracture"} <= ids


def test_filter_figures():
    assert len(ev.filter_figures(FIGURES)) == len(FIGURES)
    sham = ev.filter_figures(FIGURES, topics=["vp_vs_sham"], designs=["sham-controlled RCT"])
    assert set(sham["topic"]) == {"vp_vs_sham"} and len(sham) > 5
    found = ev.filter_figures(FIGURES, text="VERTOS 12 months")
    assert list(found["id"]) == ["vertos4_vas_diff_12mo"]
    assert ev.filter_figures(FIGURES, statuses=["not verified"])["status"].eq("not verified").all()
    assert ev.filter_figures(FIGURES, text="nan").empty


def test_claims_table_covers_every_claim():
    table = ev.claims_table(EVIDENCE.claims, EVIDENCE.statements, REFERENCES)
    assert len(table) == len(EVIDENCE.claims)
    assert table["summary_statement"].notna().all()
    no_prior = table.set_index("id").loc["claim_alendronate_no_prior_fracture"]
    assert no_prior["status"] == "❓ not verified" and "4.8%" in no_prior["summary_says"]


def test_stances_side_by_side():
    by_guideline = ev.stances_by_guideline(EVIDENCE.guideline_stances, REFERENCES)
    assert len(by_guideline) == EVIDENCE.guideline_stances["guideline"].nunique()
    assert sum(len(t) for t in by_guideline.values()) == len(EVIDENCE.guideline_stances)


def test_total_n_adds_arms_once():
    from vcf_logic.figures.common import total_n

    rows = FIGURES.loc[["fit_no_prior_vf_placebo_events", "fit_no_prior_vf_alendronate_events"]]
    assert total_n(rows) == 4432
    rows = FIGURES.loc[["fit_prior_vf_placebo_new_vf_pct", "fit_prior_vf_alendronate_new_vf_pct", "fit_prior_vf_rr"]]
    assert total_n(rows) == 2027
    assert total_n(pd.DataFrame({"n": [np.nan], "group": ["a"], "timepoint": ["t"]})) is None


def test_the_claim_check_is_one_markdown_block_per_status_filter():
    """All claims (or those of the chosen statuses) in one element: each with its verdict, a rule after each."""
    data = ev.ExplorerData(EVIDENCE)
    every = data.claims_markdown(frozenset())
    assert every.count("\n\n---") == len(EVIDENCE.claims)
    assert all(f"**{status}** — " in every for status in data.all_claims["status"])
    differs = data.claims_markdown(frozenset({ev.STATUS_MARK["differs"]}))
    assert differs.count(" — ") >= differs.count("\n\n---") == int((EVIDENCE.claims["status"] == "differs").sum())
    assert data.claims_markdown(frozenset({"no such status"})) == ""
