"""Effect-size arithmetic a learner needs to read a trial: risks, ARR, RRR, NNT, per-100 counts.

Risks are percentages (0-100) throughout, as the data file stores them; an absolute risk
reduction is therefore in percentage points. Nothing here knows about Streamlit or plotting.

NNT rounding: the number needed to treat is rounded **up** to a whole patient (100 / 7.0 points
= 14.3 -> 15), the usual convention, so that the NNT never overstates the benefit. Some
secondary tables round to the nearest whole number instead (14 for the same trial); the
explorer says which rule it uses wherever it shows an NNT.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z_95 = 1.959963984540054  # two-sided 95% normal quantile
_ROUNDING_GUARD = 1e-9  # relative: 100 / (3.3 - 1.3) = 50.00000000000001 must give 50, not 51


def risk_from_counts(events: int, total: int) -> float:
    """Risk in percent from a count of events among `total` participants."""
    if total <= 0:
        raise ValueError("total must be positive")
    if not 0 <= events <= total:
        raise ValueError("events must lie between 0 and total")
    return 100.0 * events / total


def absolute_risk_reduction(control_risk: float, treated_risk: float) -> float:
    """Control risk minus treated risk, in percentage points (negative means harm)."""
    return control_risk - treated_risk


def relative_risk(control_risk: float, treated_risk: float) -> float:
    """Treated risk as a fraction of control risk."""
    if control_risk <= 0:
        raise ValueError("relative risk needs a control risk above zero")
    return treated_risk / control_risk


def relative_risk_reduction(control_risk: float, treated_risk: float) -> float:
    """Share of the control risk removed by treatment, in percent."""
    return 100.0 * (1.0 - relative_risk(control_risk, treated_risk))


def number_needed_to_treat(absolute_risk_reduction_points: float) -> int | None:
    """Patients to treat for one to benefit, rounded up; None when there is no benefit to count."""
    if absolute_risk_reduction_points <= 0:
        return None
    patients = 100.0 / absolute_risk_reduction_points
    if not math.isfinite(patients):
        return None
    return math.ceil(patients - _ROUNDING_GUARD * patients)


def per_100(risk: float) -> float:
    """People out of 100 who have the event, for a risk in percent (the same number, restated)."""
    if not 0 <= risk <= 100:
        raise ValueError("a risk in percent lies between 0 and 100")
    return risk


def difference(first: float, second: float) -> float:
    """first - second, named so that a page can say which way round it is."""
    return first - second


def percent_change(before: float, after: float) -> float:
    """Change from `before` to `after` as a percentage of `before`."""
    if before == 0:
        raise ValueError("percent change needs a non-zero starting value")
    return 100.0 * (after - before) / before


@dataclass(frozen=True)
class RelativeRisk:
    """A relative risk with its 95% confidence interval."""

    value: float
    ci_low: float
    ci_high: float

    def __post_init__(self) -> None:
        if not 0 < self.ci_low <= self.value <= self.ci_high:
            raise ValueError("need 0 < ci_low <= value <= ci_high")


def relative_risk_from_counts(treated_events: int, treated_total: int,
                              control_events: int, control_total: int) -> RelativeRisk:
    """Crude (unadjusted) relative risk with a Katz log-method 95% CI, from two arms' counts."""
    if min(treated_events, control_events) <= 0:
        raise ValueError("the log method needs at least one event in each arm")
    value = (treated_events / treated_total) / (control_events / control_total)
    se_log = math.sqrt(1 / treated_events - 1 / treated_total + 1 / control_events - 1 / control_total)
    return RelativeRisk(value, value * math.exp(-Z_95 * se_log), value * math.exp(Z_95 * se_log))


@dataclass(frozen=True)
class TwoArmSummary:
    """What a two-arm trial with a binary outcome means for 100 patients like those in it."""

    control_risk: float
    treated_risk: float
    absolute_risk_reduction: float
    relative_risk_reduction: float
    number_needed_to_treat: int | None


def summarise_two_arms(control_risk: float, treated_risk: float) -> TwoArmSummary:
    """ARR, RRR and NNT from two risks in percent."""
    arr = absolute_risk_reduction(control_risk, treated_risk)
    return TwoArmSummary(
        control_risk=control_risk,
        treated_risk=treated_risk,
        absolute_risk_reduction=arr,
        relative_risk_reduction=relative_risk_reduction(control_risk, treated_risk),
        number_needed_to_treat=number_needed_to_treat(arr),
    )


@dataclass(frozen=True)
class BaselineRiskEffect:
    """A trial's relative risk applied to one patient's own baseline risk (constant-RR assumption)."""

    baseline_risk: float
    treated_risk: float
    prevented_per_100: float
    prevented_per_100_low: float
    prevented_per_100_high: float
    number_needed_to_treat: int | None
    number_needed_to_treat_best: int | None
    number_needed_to_treat_worst: int | None


def apply_relative_risk(baseline_risk: float, rr: RelativeRisk) -> BaselineRiskEffect:
    """Fractures prevented per 100 and the NNT for a baseline risk in percent.

    Assumes the relative risk seen in the trial holds at every baseline risk. The CI of the
    benefit comes from the CI of the relative risk: the upper RR bound gives the smallest benefit.
    """
    per_100(baseline_risk)  # validates the range
    prevented = baseline_risk * (1 - rr.value)
    least = baseline_risk * (1 - rr.ci_high)
    most = baseline_risk * (1 - rr.ci_low)
    return BaselineRiskEffect(
        baseline_risk=baseline_risk,
        treated_risk=baseline_risk * rr.value,
        prevented_per_100=prevented,
        prevented_per_100_low=least,
        prevented_per_100_high=most,
        number_needed_to_treat=number_needed_to_treat(prevented),
        number_needed_to_treat_best=number_needed_to_treat(most),
        number_needed_to_treat_worst=number_needed_to_treat(least),
    )


def whole_people(shares: dict[str, float], total: int = 100) -> dict[str, int]:
    """Split `total` people into whole-number groups in proportion to `shares` (largest remainder).

    The counts always add up to `total`, so an icon array never shows 99 or 101 people.
    """
    if any(v < 0 for v in shares.values()):
        raise ValueError("shares cannot be negative")
    whole = sum(shares.values())
    if whole <= 0:
        raise ValueError("shares must add up to more than zero")
    exact = {k: total * v / whole for k, v in shares.items()}
    counts = {k: math.floor(v) for k, v in exact.items()}
    short = total - sum(counts.values())
    by_remainder = sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)
    for key in by_remainder[:short]:
        counts[key] += 1
    return counts


def icon_array_counts(control_risk: float, treated_risk: float, total: int = 100) -> dict[str, dict[str, int]]:
    """Per arm of `total` patients: who fractures anyway, who is spared, who fractures despite treatment.

    The spared group is the control-arm fractures that do not happen on treatment; if treatment
    does worse, the extra events are counted as `extra_on_treatment` instead.
    """
    control = whole_people({"event": control_risk, "no_event": 100 - control_risk}, total)
    treated_events = whole_people({"event": treated_risk, "no_event": 100 - treated_risk}, total)["event"]
    despite = min(treated_events, control["event"])
    spared = control["event"] - despite
    extra = treated_events - despite
    treated = {
        "event_despite_treatment": despite,
        "spared": spared,
        "extra_on_treatment": extra,
        "no_event": total - despite - spared - extra,
    }
    return {"control": control, "treated": treated}
