"""Alendronate and new vertebral fractures (FIT): risks, relative risk, icon arrays, baseline-risk maths."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from vcf_logic import effect_sizes as es
from vcf_logic.evidence_models import STATUS_LABELS
from vcf_logic.figures.absolute import DEFAULT_DENOMINATOR, DENOMINATORS, denominator_key, per, per_text
from vcf_logic.figures.common import (
    COMPARATOR,
    COMPARATOR_PATTERN,
    EVENT,
    INTERVENTION,
    NEUTRAL_GREY,
    OKABE_ITO,
    SPARED,
    ChartDataError,
    ChartSpec,
    base_layout,
    citation_line,
    data_table,
    fmt,
    pick_rows,
    row_relative_risk,
    row_risk,
    wrap_title,
)
from vcf_logic.figures.forest import Direction, add_favours_at_line
from vcf_logic.figures.view import View, WidgetChart

RR_ROW = "fit_prior_vf_rr"  # the published RR (with CI) the baseline-risk slider applies
NO_PRIOR_RR_ROW = "fit_no_prior_vf_rr"  # the published RR without a prior fracture, drawn only while verified
RR_DIRECTION = Direction(left="alendronate", right="placebo", right_arm="second arm")  # RR above 1 favours placebo
SECONDARY_NNT_ROW = "aafp_fit_prior_vf_nnt"  # a secondary table's NNT for the same trial, rounded differently


@dataclass(frozen=True)
class Population:
    """One FIT population: its two arms, its relative risk and where each number comes from."""

    key: str
    label: str
    placebo: pd.Series
    alendronate: pd.Series
    rr: es.RelativeRisk
    rr_published: bool
    row_ids: tuple[str, ...]
    rr_source: str = "the published one"  # why this RR, in words a caption can use

    @property
    def follow_up(self) -> str:
        return str(self.placebo["timepoint"])

    @property
    def effect(self) -> es.TwoArmSummary:
        return es.summarise_two_arms(row_risk(self.placebo), row_risk(self.alendronate))

    @property
    def rr_label(self) -> str:
        how = "published" if self.rr_published else "computed from the counts (crude)"
        return (f"RR {fmt(self.rr.value, 2)} (95% CI {fmt(self.rr.ci_low, 2)} to {fmt(self.rr.ci_high, 2)}), "
                f"{how}")


def _no_prior_population(figures: pd.DataFrame) -> Population:
    """Without a prior fracture: the published RR only while its row is verified, else the crude RR from the counts.

    The caption's reason comes from the row's own status, so a status edited in the data file shows up on screen.
    """
    no_prior = pick_rows(figures, ["fit_no_prior_vf_placebo_events", "fit_no_prior_vf_alendronate_events"])
    placebo, treated = no_prior.iloc[0], no_prior.iloc[1]
    label, ids = "Without a prior vertebral fracture", tuple(no_prior["id"])
    published = figures.loc[NO_PRIOR_RR_ROW] if NO_PRIOR_RR_ROW in figures.index else None
    if published is not None and published["status"] == "verified":
        return Population("no_prior", label, placebo, treated, row_relative_risk(published), True,
                          (*ids, NO_PRIOR_RR_ROW))
    crude = es.relative_risk_from_counts(int(treated["events"]), int(treated["total"]),
                                         int(placebo["events"]), int(placebo["total"]))
    why = ("the data file has no published value" if published is None
           else f"the published value's status is '{STATUS_LABELS[published['status']]}'")
    return Population("no_prior", label, placebo, treated, crude, False, ids,
                      f"computed here from the counts (crude, unadjusted), because {why}")


def fit_populations(figures: pd.DataFrame) -> list[Population]:
    """Women with a prior vertebral fracture (Black 1996) and without one (Cummings 1998)."""
    prior = pick_rows(figures, ["fit_prior_vf_placebo_new_vf_pct", "fit_prior_vf_alendronate_new_vf_pct",
                                RR_ROW])
    return [
        Population("prior", "With a prior vertebral fracture", prior.iloc[0], prior.iloc[1],
                   row_relative_risk(prior.iloc[2]), True, tuple(prior["id"])),
        _no_prior_population(figures),
    ]


def population(figures: pd.DataFrame, key: str) -> Population:
    for pop in fit_populations(figures):
        if pop.key == key:
            return pop
    raise KeyError(f"no FIT population '{key}'")


def _rows_for(figures: pd.DataFrame, pops: list[Population]) -> pd.DataFrame:
    return pick_rows(figures, [i for p in pops for i in p.row_ids])


def effect_table(figures: pd.DataFrame, denominator: int = DEFAULT_DENOMINATOR) -> pd.DataFrame:
    """Per population: women per `denominator` with a new fracture on placebo and on alendronate, fractures
    prevented per `denominator`, RRR and NNT, computed from the data-file risks, with follow-up stated."""
    records = []
    for pop in fit_populations(figures):
        eff = pop.effect
        records.append({
            "population": pop.label,
            "follow_up": pop.follow_up,
            f"placebo_per_{denominator}": round(per(eff.control_risk, denominator), 1),
            f"alendronate_per_{denominator}": round(per(eff.treated_risk, denominator), 1),
            f"prevented_per_{denominator}": round(per(eff.absolute_risk_reduction, denominator), 1),
            "relative_risk_reduction_pct": round(eff.relative_risk_reduction, 1),
            "number_needed_to_treat": eff.number_needed_to_treat,
            "relative_risk": pop.rr_label,
            "figure_ids": ", ".join(pop.row_ids),
        })
    return pd.DataFrame(records)


def _risk_text(row: pd.Series) -> str:
    risk = row_risk(row)
    if row["unit"] == "%":
        return f"{fmt(risk)}%"
    return f"{fmt(risk)}%<br>({int(row['events'])}/{int(row['total'])})"


def risk_chart(figures: pd.DataFrame, references: pd.DataFrame) -> ChartSpec:
    """Grouped bars of risk per arm and population, beside each population's relative risk."""
    pops = fit_populations(figures)
    prior = pops[0]
    fig = make_subplots(rows=1, cols=2, column_widths=[0.55, 0.45], horizontal_spacing=0.2,
                        subplot_titles=("New vertebral fracture, % of women", "Relative risk (log scale)"))
    x_labels = [f"{p.label.replace('vertebral fracture', 'VF')}<br>{p.follow_up.split(' (')[0]}" for p in pops]
    for arm, colour, pattern in (("placebo", COMPARATOR, COMPARATOR_PATTERN), ("alendronate", INTERVENTION, "")):
        rows = [getattr(p, arm) for p in pops]
        fig.add_trace(go.Bar(
            name=arm.capitalize(), x=x_labels, y=[row_risk(r) for r in rows],
            text=[_risk_text(r) for r in rows], textposition="outside", marker_color=colour,
            marker_pattern_shape=pattern,
            hovertemplate="%{x}<br>" + arm + ": %{y:.1f}%<extra></extra>",
        ), row=1, col=1)
    for p in pops:
        fig.add_trace(go.Scatter(
            x=[p.rr.value], y=[p.label.replace("With a prior vertebral fracture", "Prior VF")
                                  .replace("Without a prior vertebral fracture", "No prior VF")], mode="markers",
            marker={"symbol": "diamond" if p.rr_published else "square", "size": 15, "color": OKABE_ITO["black"]},
            error_x={"type": "data", "symmetric": False, "array": [p.rr.ci_high - p.rr.value],
                     "arrayminus": [p.rr.value - p.rr.ci_low], "thickness": 2.5, "width": 8},
            text=[f"{fmt(p.rr.value, 2)} ({fmt(p.rr.ci_low, 2)} to {fmt(p.rr.ci_high, 2)})"
                  + ("" if p.rr_published else "<br>computed from counts")],
            textposition="top center", showlegend=False, hovertemplate=p.rr_label + "<extra></extra>",
        ), row=1, col=2)
        fig.data[-1].mode = "markers+text"
    fig.add_vline(x=1, line_dash="dash", line_color="#666666", row=1, col=2)
    # One direction for both rows: alendronate over placebo (the crude RR is computed that way too), so below 1
    # favours alendronate; a published RR row defined the other way round would be refused here.
    published = [pick_rows(figures, [RR_ROW]).iloc[0]] + [figures.loc[NO_PRIOR_RR_ROW] for p in pops[1:]
                                                          if p.rr_published]
    if any(RR_DIRECTION.sign(r) < 0 for r in published):
        raise ChartDataError(RR_ROW, "positive_favours", "the relative-risk panel draws alendronate over placebo; "
                             "a ratio defined the other way round cannot share it")
    add_favours_at_line(fig, RR_DIRECTION.left, RR_DIRECTION.right, xref="x2", yref="y2", line=0)  # log10(1)
    fig.update_yaxes(range=[0, 100], title_text="Women with a new vertebral fracture (%)", row=1, col=1)
    fig.update_xaxes(tickangle=0, row=1, col=1)
    fig.update_xaxes(type="log", range=[np.log10(0.25), np.log10(2)], tickvals=[0.25, 0.5, 1, 2],
                     title_text="RR (1 = no effect)", row=1, col=2)
    fig.update_yaxes(autorange="reversed", row=1, col=2)
    eff = prior.effect
    title = (f"Alendronate cut new vertebral fractures from {fmt(eff.control_risk)}% to {fmt(eff.treated_risk)}% "
             f"over {prior.follow_up} after a prior fracture; without one, the absolute risk and benefit are smaller")
    base_layout(fig, wrap_title(title), height=500, panel_titles=True)
    fig.update_layout(barmode="group",
                      legend={"orientation": "v", "x": 0.02, "xanchor": "left", "y": 0.97, "yanchor": "top"})
    rows = _rows_for(figures, pops)
    caption = (citation_line(rows, references) + " Relative risk "
               + "; ".join(f"{p.label.lower()}: {p.rr_source}" for p in pops)
               + ". Risks without a prior fracture are computed from events/total.")
    alt = (f"Bar chart. With a prior vertebral fracture: placebo {fmt(row_risk(prior.placebo))}%, alendronate "
           f"{fmt(row_risk(prior.alendronate))}%, {prior.rr_label}. Without: placebo "
           f"{fmt(row_risk(pops[1].placebo))}%, alendronate {fmt(row_risk(pops[1].alendronate))}%, {pops[1].rr_label}.")
    return ChartSpec("alendronate_risk", title, fig, caption, alt, data_table(rows))


ICON_CATEGORIES = {  # key -> (legend label, colour, marker symbol): colour and shape both carry meaning
    "event": ("Fracture (placebo)", EVENT, "x"),
    "event_despite_treatment": ("Fracture despite treatment", EVENT, "x"),
    "spared": ("Spared a fracture by treatment", SPARED, "star"),
    "extra_on_treatment": ("Extra fracture on treatment", OKABE_ITO["reddish_purple"], "triangle-up"),
    "no_event": ("No fracture either way", NEUTRAL_GREY, "circle"),
}


def icon_positions(counts: dict[str, int], columns: int = 10) -> dict[str, tuple[list[int], list[int]]]:
    """Grid positions for each category, filled row by row from the top-left, categories in order."""
    positions, cursor = {}, 0
    for key, count in counts.items():
        cells = range(cursor, cursor + count)
        positions[key] = ([c % columns for c in cells], [c // columns for c in cells])
        cursor += count
    return positions


ICON_GRID = {100: (10, 17), 1000: (40, 7)}  # per denominator: icons per row, marker size


def icon_array_chart(figures: pd.DataFrame, references: pd.DataFrame, key: str = "prior",
                     denominator: int = DEFAULT_DENOMINATOR) -> ChartSpec:
    """`denominator` women per arm: who fractures anyway, who is spared, who fractures despite alendronate."""
    pop = population(figures, key)
    eff = pop.effect
    d = denominator
    counts = es.icon_array_counts(eff.control_risk, eff.treated_risk, total=d)
    columns, size = ICON_GRID[d]
    lines = d // columns
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.08,
                        subplot_titles=(f"{d} women on placebo", f"{d} women on alendronate"))
    shown: set[str] = set()
    for col, arm in ((1, "control"), (2, "treated")):
        arm_counts = {k: v for k, v in counts[arm].items() if v > 0}
        for cat, (xs, ys) in icon_positions(arm_counts, columns).items():
            label, colour, symbol = ICON_CATEGORIES[cat]
            fig.add_trace(go.Scatter(
                x=xs, y=ys, mode="markers", name=label, legendgroup=label,
                showlegend=label not in shown,
                marker={"symbol": symbol, "size": size, "color": colour,
                        "line": {"width": 2 if symbol == "x" else 1, "color": colour}},
                hovertemplate=f"{label}: {arm_counts[cat]} of {d}<extra></extra>",
            ), row=1, col=col)
            shown.add(label)
    fig.update_xaxes(visible=False, range=[-0.7, columns - 0.3])
    fig.update_yaxes(visible=False, range=[lines - 0.3, -0.7], scaleanchor="x")
    fig.update_yaxes(scaleanchor="x2", row=1, col=2)
    title = (f"{pop.label}: of {d} women treated for {pop.follow_up}, {counts['treated']['spared']} are spared "
             f"a fracture, {counts['treated']['event_despite_treatment']} fracture anyway and "
             f"{counts['treated']['no_event']} would not have fractured either way")
    base_layout(fig, wrap_title(title), height=470, panel_titles=True)
    fig.update_layout(legend={"y": -0.02, "yanchor": "top", "x": 0.5, "xanchor": "center"})
    rows = pick_rows(figures, list(pop.row_ids[:2]))
    caption = (citation_line(rows, references) + f" Exact risks {fmt(eff.control_risk, 2)}% "
               f"vs {fmt(eff.treated_risk, 2)}%, that is {per_text(eff.control_risk, d)} vs "
               f"{per_text(eff.treated_risk, d)}, rounded to whole women (largest remainder), so the icons "
               "can differ from the exact difference by up to one woman.")
    alt = (f"Two grids of {d} symbols. Placebo: {counts['control']['event']} fractures, "
           f"{counts['control']['no_event']} without. Alendronate: {counts['treated']['event_despite_treatment']} "
           f"fractures despite treatment, {counts['treated']['spared']} spared, {counts['treated']['no_event']} "
           "without a fracture either way.")
    return ChartSpec(denominator_key(f"alendronate_icons_{key}", d), title, fig, caption, alt, data_table(rows))


def slider_relative_risk(figures: pd.DataFrame) -> es.RelativeRisk:
    return row_relative_risk(pick_rows(figures, [RR_ROW]).iloc[0])


def slider_effect(figures: pd.DataFrame, baseline_risk: float) -> es.BaselineRiskEffect:
    """The published FIT relative risk applied to one baseline risk."""
    return es.apply_relative_risk(baseline_risk, slider_relative_risk(figures))


def default_baseline_risk(figures: pd.DataFrame) -> float:
    """The slider starts at the FIT placebo risk after a prior fracture."""
    return row_risk(population(figures, "prior").placebo)


def nnt_rounding_note(figures: pd.DataFrame) -> str:
    """Why our NNT for FIT can differ by one from a published table's."""
    prior = population(figures, "prior")
    eff = prior.effect
    secondary = pick_rows(figures, [SECONDARY_NNT_ROW]).iloc[0]
    exact = 100 / eff.absolute_risk_reduction
    return (f"NNT = 100 / ARR = 100 / {fmt(eff.absolute_risk_reduction)} = {fmt(exact)}, rounded up to "
            f"{eff.number_needed_to_treat} (rounding up never overstates the benefit). A secondary table "
            f"lists NNT {int(secondary['value'])} for the same trial ({secondary['timepoint']}), rounding to the "
            f"nearest whole number. Follow-up differs between the two populations, so their NNTs are not "
            "directly comparable.")


def baseline_risk_chart(figures: pd.DataFrame, references: pd.DataFrame, baseline_risk: float,
                        denominator: int = DEFAULT_DENOMINATOR) -> ChartSpec:
    """Fractures prevented per `denominator` at every baseline risk, the trial RR (and CI) held constant."""
    d, k = denominator, per(1.0, denominator)  # k: people per denominator for one per 100
    rr = slider_relative_risk(figures)
    pops = fit_populations(figures)
    grid = np.linspace(0, 100, 101)
    effects = [es.apply_relative_risk(float(b), rr) for b in grid]
    chosen = es.apply_relative_risk(baseline_risk, rr)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=grid, y=[e.prevented_per_100_high * k for e in effects], mode="lines",
                             line={"width": 0}, showlegend=False, hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=grid, y=[e.prevented_per_100_low * k for e in effects], mode="lines",
                             line={"width": 0}, fill="tonexty", fillcolor="rgba(86,180,233,0.35)",
                             name="95% CI of the relative risk", hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=grid, y=[e.prevented_per_100 * k for e in effects], mode="lines",
                             line={"color": INTERVENTION, "width": 3},
                             name=f"Prevented per {d} (RR {fmt(rr.value, 2)})",
                             hovertemplate="baseline %{x:.0f}% → %{y:.1f} prevented per " + str(d)
                                           + "<extra></extra>"))
    for pop, symbol in zip(pops, ("diamond", "square"), strict=True):
        risk = pop.effect.control_risk
        fig.add_trace(go.Scatter(
            x=[risk], y=[es.apply_relative_risk(risk, rr).prevented_per_100 * k], mode="markers",
            marker={"symbol": symbol, "size": 13, "color": COMPARATOR, "line": {"color": "black", "width": 1}},
            name=f"FIT placebo risk, {pop.label.lower()} ({fmt(risk)}%)"))
    fig.add_trace(go.Scatter(
        x=[chosen.baseline_risk, chosen.baseline_risk], y=[0, d], mode="lines",
        line={"color": EVENT, "width": 2.5, "dash": "dash"},
        name=f"Your patient: {fmt(chosen.baseline_risk)}% → {fmt(chosen.prevented_per_100 * k)} prevented per {d}",
        hoverinfo="skip"))
    fig.update_xaxes(range=[0, 100], title_text="Patient's own risk of a new vertebral fracture without treatment (%)")
    fig.update_yaxes(range=[0, d], title_text=f"Fractures prevented per {d} treated")
    nnt = chosen.number_needed_to_treat
    title = (f"At a baseline risk of {fmt(chosen.baseline_risk)}%, alendronate prevents about "
             f"{fmt(chosen.prevented_per_100 * k)} fractures per {d} women"
             + (f" (NNT {nnt})" if nnt else " (nothing to prevent)")
             + ": the higher the risk, the more the same drug prevents")
    base_layout(fig, wrap_title(title), height=470)
    fig.update_layout(legend={"orientation": "v", "x": 0.02, "xanchor": "left", "y": 0.98, "yanchor": "top",
                              "bgcolor": "rgba(255,255,255,0.85)"})
    rows = pick_rows(figures, [RR_ROW, *pops[0].row_ids[:2], *pops[1].row_ids])
    caption = (citation_line(rows, references) + f" Applies the published FIT relative risk {fmt(rr.value, 2)} "
               f"(95% CI {fmt(rr.ci_low, 2)} to {fmt(rr.ci_high, 2)}) to any baseline risk, assuming the relative "
               "effect is the same at every risk (an assumption, not a trial result). The markers show the FIT "
               "placebo risks.")
    alt = (f"Line chart: fractures prevented per {d} rise in a straight line from 0 at 0% baseline risk to "
           f"{fmt(d * (1 - rr.value))} at 100%. At {fmt(chosen.baseline_risk)}%: "
           f"{fmt(chosen.prevented_per_100 * k)} prevented per {d}, NNT {nnt if nnt else 'not defined'}.")
    return ChartSpec(denominator_key("alendronate_baseline_risk", d), title, fig, caption, alt, data_table(rows))


EXPLORER_VIEWS = (
    View("alendronate", "Alendronate (FIT)", 10, ("alendronate",), (risk_chart,),
         widget_charts=(
             WidgetChart("icon array of the population chosen, per 100 or per 1000",
                         tuple(partial(icon_array_chart, key=key, denominator=d)
                               for key in ("prior", "no_prior") for d in DENOMINATORS)),
             WidgetChart("prevented per 100 or per 1000 at the slider's baseline risk",
                         tuple(partial(baseline_risk_chart, baseline_risk=15.0, denominator=d) for d in DENOMINATORS)),
         ),
         heading="Alendronate and new vertebral fractures (FIT)"),
)
