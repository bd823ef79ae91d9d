"""Effect-size arithmetic, checked against values worked by hand."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vcf_logic import effect_sizes as es

FIT_RR = es.RelativeRisk(0.53, 0.41, 0.68)


def test_fit_prior_fracture_worked_example():
    # 15.0% vs 8.0% over 36 months: ARR 7.0 points, RRR 46.7%, NNT 100/7 = 14.3 -> 15 (rounded up)
    summary = es.summarise_two_arms(15.0, 8.0)
    assert summary.absolute_risk_reduction == pytest.approx(7.0)
    assert summary.relative_risk_reduction == pytest.approx(46.667, abs=1e-3)
    assert summary.number_needed_to_treat == 15


def test_fit_no_prior_fracture_counts():
    # 78/2218 = 3.517% vs 43/2214 = 1.942%: ARR 1.575 points, NNT 63.5 -> 64 (Bandolier also gives 64)
    placebo = es.risk_from_counts(78, 2218)
    alendronate = es.risk_from_counts(43, 2214)
    assert placebo == pytest.approx(3.5167, abs=1e-4)
    assert alendronate == pytest.approx(1.9422, abs=1e-4)
    assert es.number_needed_to_treat(es.absolute_risk_reduction(placebo, alendronate)) == 64


def test_crude_relative_risk_from_counts():
    # ln RR = ln(0.5523); SE = sqrt(1/43 - 1/2214 + 1/78 - 1/2218) = 0.18755
    rr = es.relative_risk_from_counts(43, 2214, 78, 2218)
    assert rr.value == pytest.approx(0.5523, abs=1e-4)
    assert rr.ci_low == pytest.approx(0.3824, abs=1e-3)
    assert rr.ci_high == pytest.approx(0.7976, abs=1e-3)


@pytest.mark.parametrize(("arr", "nnt"), [(7.0, 15), (5.0, 20), (50.0, 2), (100.0, 1), (0.3, 334),
                                          (3.0, 34), (0.0, None), (-2.0, None)])
def test_number_needed_to_treat_rounds_up(arr, nnt):
    assert es.number_needed_to_treat(arr) == nnt


def test_nnt_not_pushed_up_by_float_noise():
    assert es.number_needed_to_treat(3.3 - 1.3) == 50  # 1.9999999999999998 points
    assert es.number_needed_to_treat(0.7 - 0.2) == 200


def test_percent_change_matches_diamond():
    assert round(es.percent_change(19, 9)) == -53
    assert round(es.percent_change(14, 18)) == 29


def test_slider_at_zero_baseline_risk():
    effect = es.apply_relative_risk(0.0, FIT_RR)
    assert effect.prevented_per_100 == 0
    assert effect.treated_risk == 0
    assert effect.number_needed_to_treat is None


def test_slider_at_full_baseline_risk():
    effect = es.apply_relative_risk(100.0, FIT_RR)
    assert effect.treated_risk == pytest.approx(53.0)
    assert effect.prevented_per_100 == pytest.approx(47.0)
    assert effect.prevented_per_100_low == pytest.approx(32.0)
    assert effect.prevented_per_100_high == pytest.approx(59.0)
    assert effect.number_needed_to_treat == 3  # 100 / 47 = 2.13 -> 3
    assert effect.number_needed_to_treat_best == 2  # 100 / 59 = 1.69 -> 2
    assert effect.number_needed_to_treat_worst == 4  # 100 / 32 = 3.13 -> 4


def test_slider_reproduces_trial_at_trial_baseline():
    effect = es.apply_relative_risk(15.0, FIT_RR)
    assert effect.prevented_per_100 == pytest.approx(7.05)
    assert effect.number_needed_to_treat == 15


@pytest.mark.parametrize("bad", [-1.0, 100.5])
def test_slider_rejects_out_of_range(bad):
    with pytest.raises(ValueError):
        es.apply_relative_risk(bad, FIT_RR)


def test_relative_risk_interval_must_contain_value():
    with pytest.raises(ValueError):
        es.RelativeRisk(0.9, 0.41, 0.68)


def test_icon_array_fit_prior_fracture():
    counts = es.icon_array_counts(15.0, 8.0)
    assert counts["control"] == {"event": 15, "no_event": 85}
    assert counts["treated"] == {"event_despite_treatment": 8, "spared": 7, "extra_on_treatment": 0,
                                 "no_event": 85}


def test_icon_array_when_treatment_does_worse():
    counts = es.icon_array_counts(5.0, 9.0)
    assert counts["treated"]["extra_on_treatment"] == 4
    assert counts["treated"]["spared"] == 0
    assert sum(counts["treated"].values()) == 100


def test_risk_from_counts_rejects_impossible_counts():
    with pytest.raises(ValueError):
        es.risk_from_counts(5, 4)
    with pytest.raises(ValueError):
        es.risk_from_counts(0, 0)


risk = st.floats(min_value=0, max_value=100, allow_nan=False)


@given(risk, risk)
def test_icon_arrays_always_hold_100_people(control, treated):
    counts = es.icon_array_counts(control, treated)
    for arm in counts.values():
        assert sum(arm.values()) == 100
        assert all(v >= 0 for v in arm.values())
    assert counts["treated"]["event_despite_treatment"] + counts["treated"]["spared"] <= counts["control"]["event"]


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.floats(0, 1e6), min_size=1, max_size=6)
       .filter(lambda d: sum(d.values()) > 0))
def test_whole_people_sums_to_total(shares):
    counts = es.whole_people(shares)
    assert sum(counts.values()) == 100
    assert all(abs(counts[k] - 100 * v / sum(shares.values())) < 1 + 1e-9 for k, v in shares.items())


@given(risk, st.floats(0.05, 1.0))
def test_prevented_never_exceeds_baseline(baseline, rr_value):
    effect = es.apply_relative_risk(baseline, es.RelativeRisk(rr_value, rr_value, rr_value))
    assert 0 <= effect.prevented_per_100 <= baseline + 1e-9
    if effect.number_needed_to_treat is not None:
        assert effect.number_needed_to_treat >= 1
        assert effect.number_needed_to_treat * effect.prevented_per_100 >= 100 - 1e-6
        assert math.isfinite(effect.treated_risk)
