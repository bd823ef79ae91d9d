"""A decision-aid view for teaching shared decision-making: one patient's risk, every option side by side.

A learner sets one woman's risk of a new vertebral fracture over about three years without treatment. For each
option the view shows, per 100 (or 1000) women like her, what the option changes (the trial's published relative
risk applied to her risk), what it costs in harms (sized only from verified rows, as the second-fracture view does)
and what it asks of her (the regimen as used in its trial). A TEACHING aid: not a validated decision aid.

Only placebo-controlled trials with a published relative risk are applied to her untreated risk; a drug tested only
against another drug (VERO, ARCH) is listed with what it asks and its harms, and the reason no number is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import pandas as pd
import plotly.graph_objects as go

from vcf_logic import effect_sizes as es
from vcf_logic.figures import bone_protection as bp
from vcf_logic.figures.absolute import DEFAULT_DENOMINATOR, DENOMINATORS, denominator_key, per
from vcf_logic.figures.common import (
    COMPARATOR,
    INTERVENTION,
    ChartSpec,
    base_layout,
    citation_line,
    data_table,
    fmt,
    pick_rows,
    row_relative_risk,
    wrap_title,
)
from vcf_logic.figures.view import View, WidgetChart

TEACHING_AID_NOTICE = (
    "Teaching aid, not a validated decision aid. It shows how the published trial numbers translate for one "
    "patient, to practise talking them through; it has not been tested with patients and is not medical advice.")
ASSUMPTION = (
    "Each option's number applies the relative risk from its own trial to the risk you set, assuming the relative "
    "effect is the same at every risk. The trials enrolled different women, so the options are not compared head to "
    "head, and no option is ranked.")
NO_DRUG = "No bone drug"
# Which harms of the second-fracture view (their `drugs` text) concern each option's drug.
HARM_WORDS = {"alendronate": ("bisphosphonates",), "zoledronic acid": ("bisphosphonates",),
              "denosumab": ("denosumab",), "teriparatide": ("teriparatide",),
              "romosozumab, then alendronate": ("romosozumab", "bisphosphonates")}
SAMPLE_RISK = 15.0  # the check draws the chart at this risk


@dataclass(frozen=True)
class OptionEffect:
    """One option for one patient: her risk without and with it, per `denominator`, or why no number is given."""

    trial: bp.Trial
    applied: bool
    with_treatment: float | None = None
    fewer: float | None = None
    fewer_low: float | None = None
    fewer_high: float | None = None
    nnt: int | None = None
    why_not: str = ""


def _relative_risk(figures: pd.DataFrame, trial: bp.Trial) -> es.RelativeRisk | None:
    """The trial's published relative risk against placebo, if there is a verified one with its interval."""
    if trial.comparator != "placebo" or trial.relative is None or trial.relative not in figures.index:
        return None
    row = figures.loc[trial.relative]
    if row["status"] != "verified" or row["unit"] != "RR" or pd.isna(row["ci_low"]):
        return None
    return row_relative_risk(row)


def option_effect(figures: pd.DataFrame, trial: bp.Trial, baseline_risk: float,
                  denominator: int = DEFAULT_DENOMINATOR) -> OptionEffect:
    rr = _relative_risk(figures, trial)
    if rr is None:
        why = (f"tested against {trial.comparator}, not against no treatment, so its effect on her untreated risk "
               "is not in the data" if trial.comparator != "placebo"
               else "no verified relative risk with its interval in the data file")
        return OptionEffect(trial, False, why_not=why)
    effect = es.apply_relative_risk(baseline_risk, rr)
    return OptionEffect(trial, True, per(baseline_risk - effect.prevented_per_100, denominator),
                        per(effect.prevented_per_100, denominator), per(effect.prevented_per_100_low, denominator),
                        per(effect.prevented_per_100_high, denominator), effect.number_needed_to_treat)


def option_harms(harms: pd.DataFrame, trial: bp.Trial) -> list[str]:
    """'harm: size' for each harm of the second-fracture view (`bone_protection.harms_table`) that concerns the
    option's drug."""
    words = HARM_WORDS.get(trial.drug, (trial.drug,))
    return [f"{h.harm} ({bp.SIZE_NOT_VERIFIED})" if h.size.startswith(bp.SIZE_NOT_VERIFIED) else f"{h.harm}: {h.size}"
            for h in harms.itertuples() if any(w in h.drugs for w in words)]


def plain_language(effect: OptionEffect, baseline_risk: float, denominator: int, duration: str) -> str:
    """One option in words a patient can read (whole women; the fewer ones with one decimal and their range)."""
    d, t = denominator, effect.trial  # the option's name heads its card, row and sheet block
    if not effect.applied:
        return f"No number for her here: {effect.why_not}."
    return (f"With {t.drug}, of {d} women like her, about {fmt(effect.with_treatment, 0)} instead of "
            f"{fmt(per(baseline_risk, d), 0)} would have a new spine fracture over {duration}: about "
            f"{fmt(effect.fewer)} fewer (between {fmt(effect.fewer_low)} and {fmt(effect.fewer_high)}).")


def options_table(figures: pd.DataFrame, baseline_risk: float,
                  denominator: int = DEFAULT_DENOMINATOR) -> pd.DataFrame:
    """One row per option (no bone drug first), side by side: what it changes, costs and asks, in plain words."""
    d = denominator
    records = [{"option": NO_DRUG, "trial": "", "what_it_asks": "nothing",
                f"fracture_per_{d}": round(per(baseline_risk, d), 1), f"fewer_per_{d}": 0.0,
                f"fewer_per_{d}_range": "", "nnt": None, "harms": "none from a bone drug",
                "plain_language": f"Without a bone drug, of {d} women like her about "
                                  f"{fmt(per(baseline_risk, d), 0)} would have a new spine fracture over about "
                                  "3 years (the risk you set).",
                "figure_ids": ""}]
    harms = bp.harms_table(figures)  # the same for every option and every risk
    for trial in bp.TRIALS:
        effect = option_effect(figures, trial, baseline_risk, d)
        duration = str(figures.loc[trial.control, "timepoint"]) if trial.control in figures.index else "its follow-up"
        records.append({
            "option": trial.drug.capitalize(),
            "trial": f"{trial.label}, against {trial.comparator}",
            "what_it_asks": trial.asks,
            f"fracture_per_{d}": round(effect.with_treatment, 1) if effect.applied else None,
            f"fewer_per_{d}": round(effect.fewer, 1) if effect.applied else None,
            f"fewer_per_{d}_range": (f"{fmt(effect.fewer_low)} to {fmt(effect.fewer_high)}" if effect.applied
                                     else "not given"),
            "nnt": effect.nnt,
            "harms": "; ".join(option_harms(harms, trial)) or "no harm of it is listed in the data file yet",
            "plain_language": plain_language(effect, baseline_risk, d, duration),
            "figure_ids": trial.relative if effect.applied else "",
        })
    return pd.DataFrame(records)


def options_chart(figures: pd.DataFrame, references: pd.DataFrame, baseline_risk: float,
                  denominator: int = DEFAULT_DENOMINATOR) -> ChartSpec:
    """Women per `denominator` like her with a new vertebral fracture: no drug, and each applicable option."""
    d = denominator
    applied = [option_effect(figures, t, baseline_risk, d) for t in bp.TRIALS]
    applied = [e for e in applied if e.applied]
    names = [NO_DRUG] + [e.trial.drug.capitalize() for e in applied]
    values = [per(baseline_risk, d)] + [e.with_treatment for e in applied]
    fig = go.Figure(go.Bar(
        y=names, x=values, orientation="h", marker_color=[COMPARATOR] + [INTERVENTION] * len(applied),
        marker_pattern_shape=["/"] + [""] * len(applied), text=[fmt(v) for v in values], textposition="outside",
        error_x={"type": "data", "symmetric": False, "array": [0] + [e.fewer - e.fewer_low for e in applied],
                 "arrayminus": [0] + [e.fewer_high - e.fewer for e in applied]},
        hovertemplate="%{y}: %{x:.1f} per " + str(d) + "<extra></extra>"))
    fig.update_xaxes(range=[0, max(values + [1.0]) * 1.3], title_text=f"Women per {d} like her with a new "
                                                                       "vertebral fracture over about 3 years")
    fig.update_yaxes(autorange="reversed", automargin=True)
    title = (f"At her risk of {fmt(baseline_risk)}%, of {d} women like her about {fmt(values[0], 0)} would have a "
             "new vertebral fracture without a bone drug; " + "; ".join(
                 f"{n.lower()} about {fmt(v, 0)}" for n, v in zip(names[1:], values[1:], strict=True)))
    base_layout(fig, wrap_title(title), height=160 + 70 * len(names))
    ids = [e.trial.relative for e in applied]
    rows = pick_rows(figures, ids)
    caption = (citation_line(rows, references) + " " + ASSUMPTION + " Whiskers: the range from each relative "
               "risk's 95% CI. Drugs tested only against another drug are listed beside the chart, without a number.")
    alt = (f"Horizontal bars, women per {d} like her with a new vertebral fracture: "
           + "; ".join(f"{n} {fmt(v)}" for n, v in zip(names, values, strict=True)) + ".")
    return ChartSpec(denominator_key("decision_aid_options", d), title, fig, caption, alt, data_table(rows))


def printable_sheet(table: pd.DataFrame, baseline_risk: float, denominator: int) -> str:
    """The options as plain text, one block each, for printing or handing out in class."""
    lines = [TEACHING_AID_NOTICE, "", f"Her risk of a new vertebral fracture over about 3 years without a bone drug: "
             f"{fmt(baseline_risk)}% ({fmt(per(baseline_risk, denominator))} per {denominator}).", ASSUMPTION, ""]
    for row in table.itertuples():
        lines += [row.option.upper(), f"  What it changes: {row.plain_language}",
                  f"  What it asks of her: {row.what_it_asks}", f"  Harms: {row.harms}"]
        if row.trial:
            lines.append(f"  Trial: {row.trial}")
        lines.append("")
    return "\n".join(lines)


EXPLORER_VIEWS = (
    View("decision_aid", "Decision aid (teaching)", 18,
         widget_charts=(WidgetChart("per 100 or 1000 like her at the slider's risk",
                                    tuple(partial(options_chart, baseline_risk=SAMPLE_RISK, denominator=d)
                                          for d in DENOMINATORS)),),
         heading="Decision aid for teaching: one patient, every option side by side"),
)
