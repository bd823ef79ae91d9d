"""Second-fracture prevention beyond alendronate: one trial per drug, side by side, never pooled.

Each trial is drawn against its own comparator (placebo, or another active drug), over its own duration, with
its own definition of a new vertebral fracture. The numbers sit on one chart so a learner can compare the
*size* of what each trial showed, and the caption says why they must not be added up or ranked as if one trial.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import pandas as pd
import plotly.graph_objects as go

from vcf_logic import effect_sizes as es
from vcf_logic.evidence_models import STATUS_LABELS
from vcf_logic.figures.absolute import DEFAULT_DENOMINATOR, DENOMINATORS, per, per_text
from vcf_logic.figures.common import (
    COMPARATOR,
    COMPARATOR_PATTERN,
    INTERVENTION,
    ChartSpec,
    base_layout,
    citation_line,
    data_table,
    fmt,
    pick_rows,
    row_risk,
    wrap_title,
)
from vcf_logic.figures.forest import estimate_text
from vcf_logic.figures.view import View, WidgetChart

TOPIC = "second_fracture_prevention"
GUIDELINES = ("Eastell2019",)  # guidelines whose stances the view shows


@dataclass(frozen=True)
class Trial:
    """One trial's comparison: the comparator's risk, the drug's risk, and the published relative effect."""

    key: str
    label: str
    drug: str
    comparator: str
    control: str  # figure id: risk without the drug (the comparator arm)
    treated: str  # figure id: risk with it
    relative: str | None  # figure id of the published relative effect, if one was seen
    asks: str  # what the treatment asks of a patient, in plain words


TRIALS = (
    Trial("fit", "FIT (prior fracture)", "alendronate", "placebo", "fit_prior_vf_placebo_new_vf_pct",
          "fit_prior_vf_alendronate_new_vf_pct", "fit_prior_vf_rr", "a tablet every day (weekly tablets came later)"),
    Trial("freedom", "FREEDOM", "denosumab", "placebo", "freedom_placebo_new_vf", "freedom_denosumab_new_vf",
          "freedom_new_vf_rr", "an injection every 6 months, which must not simply be stopped"),
    Trial("horizon", "HORIZON-PFT", "zoledronic acid", "placebo", "horizon_placebo_new_vf_pct",
          "horizon_zoledronic_new_vf_pct", "horizon_new_vf_rr", "an intravenous infusion once a year"),
    Trial("vero", "VERO", "teriparatide", "risedronate", "vero_risedronate_new_vf_pct",
          "vero_teriparatide_new_vf_pct", "vero_new_vf_rr", "an injection every day for 2 years"),
    Trial("arch", "ARCH", "romosozumab, then alendronate", "alendronate", "arch_alendronate_new_vf",
          "arch_romosozumab_new_vf", None, "an injection every month for a year, then tablets"),
)

WHY_NOT_POOLED = (
    "Why the trials are not pooled or ranked: each enrolled a different population (with or without a previous "
    "fracture, different bone density), lasted a different time (24 or 36 months), counted a new vertebral "
    "fracture in its own way, and compared against something different (placebo in FIT, FREEDOM and HORIZON; "
    "another active drug in VERO and ARCH, so their benefit comes on top of that drug's). Putting them in one "
    "average, or reading the shortest bar as the best drug, would compare unlike with unlike. Only a trial that "
    "randomises both drugs against each other answers 'which is better'."
)

# The harms a learner must know, and the data-file rows that size them (a harm without a verified row says so).
HARMS = (
    ("Vertebral fractures after stopping denosumab", "denosumab",
     ("denosumab_stop_vf_rate_on", "denosumab_stop_vf_rate_off", "placebo_stop_vf_rate_off",
      "denosumab_stop_multiple_vf_share", "placebo_stop_multiple_vf_share")),
    ("Serious cardiovascular events with romosozumab", "romosozumab",
     ("arch_serious_cv_romosozumab", "arch_serious_cv_alendronate")),
    ("Osteonecrosis of the jaw", "bisphosphonates, denosumab", ()),
    ("Atypical femoral fracture", "bisphosphonates, denosumab", ()),
)


def _usable(row: pd.Series) -> bool:
    """A row a chart may draw: anything seen in its source (never a 'not verified' one)."""
    return row["status"] != "not verified"


def shown_trials(figures: pd.DataFrame) -> list[Trial]:
    """The trials whose two risks may be drawn (both rows present and seen in their source)."""
    return [t for t in TRIALS
            if all(i in figures.index and _usable(figures.loc[i]) for i in (t.control, t.treated))]


def effect_table(figures: pd.DataFrame, denominator: int = DEFAULT_DENOMINATOR) -> pd.DataFrame:
    """Per trial: risk without and with the drug per `denominator`, fractures prevented, NNT over its own duration."""
    records = []
    for trial in shown_trials(figures):
        control, treated = figures.loc[trial.control], figures.loc[trial.treated]
        eff = es.summarise_two_arms(row_risk(control), row_risk(treated))
        relative = figures.loc[trial.relative] if trial.relative in figures.index else None
        records.append({
            "trial": trial.label,
            "comparison": f"{trial.drug} vs {trial.comparator}",
            "follow_up": str(control["timepoint"]),
            "outcome": str(control["outcome_definition"] or control["measure"]),
            f"without_per_{denominator}": round(per(eff.control_risk, denominator), 1),
            f"with_per_{denominator}": round(per(eff.treated_risk, denominator), 1),
            f"prevented_per_{denominator}": round(per(eff.absolute_risk_reduction, denominator), 1),
            "nnt_over_trial": eff.number_needed_to_treat,
            "relative_effect": (f"{relative['unit']} {estimate_text(relative)}"
                                if relative is not None and _usable(relative) else "not seen with an interval"),
            "what_it_asks": trial.asks,
            "figure_ids": ", ".join(i for i in (trial.control, trial.treated, trial.relative) if i),
        })
    return pd.DataFrame(records)


SIZE_NOT_VERIFIED = "size not verified"


def harms_table(figures: pd.DataFrame) -> pd.DataFrame:
    """Each harm with its size from verified rows, or why no size is shown."""
    records = []
    for harm, drugs, ids in HARMS:
        present = [figures.loc[i] for i in ids if i in figures.index]
        seen = [r for r in present if _usable(r)]
        if seen:
            size = "; ".join(f"{r['group']}: {_value_text(r)} ({r['timepoint']})" for r in seen)
        elif present:
            statuses = sorted({STATUS_LABELS[r["status"]] for r in present})
            size = f"{SIZE_NOT_VERIFIED}: the numbers read are {', '.join(statuses)}"
        else:
            size = (f"{SIZE_NOT_VERIFIED}: no source in the project's evidence notes gives its size with a "
                    "denominator, so none is entered in the data file")
        records.append({"harm": harm, "drugs": drugs, "size": size, "figure_ids": ", ".join(ids)})
    return pd.DataFrame(records)


def _value_text(row: pd.Series) -> str:
    if pd.notna(row.get("events")) and pd.notna(row.get("total")):
        return f"{int(row['events'])}/{int(row['total'])} ({fmt(row_risk(row))}%)"
    unit = "%" if row["unit"] == "%" else f" {row['unit']}"
    return f"{row['value']:g}{unit}"


def comparison_chart(figures: pd.DataFrame, references: pd.DataFrame,
                     denominator: int = DEFAULT_DENOMINATOR) -> ChartSpec:
    """Per trial, people per `denominator` with a new vertebral fracture without and with the drug."""
    trials = shown_trials(figures)
    labels = [f"{t.label}<br>{t.drug} vs {t.comparator}<br>{figures.loc[t.control, 'timepoint']}" for t in trials]
    fig = go.Figure()
    for arm, colour, pattern, name in (("control", COMPARATOR, COMPARATOR_PATTERN, "Without: the trial's comparator"),
                                       ("treated", INTERVENTION, "", "With the drug")):
        rows = [figures.loc[getattr(t, arm)] for t in trials]
        counts = [per(row_risk(r), denominator) for r in rows]
        fig.add_trace(go.Bar(
            name=name, y=labels, x=counts, orientation="h", marker_color=colour, marker_pattern_shape=pattern,
            text=[per_text(row_risk(r), denominator) for r in rows], textposition="outside",
            customdata=[r["id"] for r in rows],
            hovertemplate="%{y}<br>" + name + ": %{x:.1f} per " + str(denominator)
                          + "<br>row %{customdata}<extra></extra>"))
    top = max((per(row_risk(figures.loc[t.control]), denominator) for t in trials), default=1.0)
    fig.update_xaxes(range=[0, top * 1.35], title_text=f"People per {denominator} with a new vertebral fracture")
    fig.update_yaxes(autorange="reversed")
    table = effect_table(figures, denominator)
    spread = (f"{int(table['nnt_over_trial'].min())} to {int(table['nnt_over_trial'].max())}"
              if not table.empty and table["nnt_over_trial"].notna().all() else "not defined")
    title = (f"Each trial against its own comparator: new vertebral fractures per {denominator}, without and "
             f"with the drug; numbers needed to treat range {spread} over each trial's own duration")
    base_layout(fig, wrap_title(title), height=140 + 95 * max(len(trials), 1))
    fig.update_layout(barmode="group", margin={"l": 20}, legend={"y": -0.12, "yanchor": "top", "x": 0,
                                                                 "xanchor": "left"})
    fig.update_yaxes(automargin=True)
    ids = [i for t in trials for i in (t.control, t.treated, t.relative) if i]
    rows = pick_rows(figures, ids)
    caption = (citation_line(rows, references) + f" Counts per {denominator} are computed from each row's "
               "percentage or events/total; NNT = 100 / absolute risk reduction, rounded up, over that trial's "
               "own follow-up. VERO and ARCH compare two active drugs, so their 'without' bar is another drug, "
               "not no treatment.")
    alt = "Horizontal bars per trial: " + "; ".join(
        f"{t.label} ({t.drug} vs {t.comparator}): {per_text(row_risk(figures.loc[t.control]), denominator)} "
        f"without, {per_text(row_risk(figures.loc[t.treated]), denominator)} with"
        for t in trials) + "."
    return ChartSpec(f"second_fracture_per_{denominator}", title, fig, caption, alt, data_table(rows),
                     (WHY_NOT_POOLED,))


EXPLORER_VIEWS = (
    View("second_fracture", "Second-fracture prevention: five drugs", 15, (TOPIC,),
         widget_charts=(WidgetChart("per 100 or per 1000", tuple(partial(comparison_chart, denominator=d)
                                                                for d in DENOMINATORS)),),
         claim_figures=tuple(i for _, _, ids in HARMS for i in ids),
         heading="Preventing the next fracture: alendronate, denosumab, zoledronic acid, teriparatide, romosozumab"),
)
