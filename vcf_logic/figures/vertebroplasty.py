"""Diamond 2003: pain and function before and 24 h after vertebroplasty, and who stopped analgesia."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from vcf_logic import effect_sizes as es
from vcf_logic.evidence_models import STATUS_LABELS
from vcf_logic.figures.common import (
    COMPARATOR,
    COMPARATOR_PATTERN,
    INTERVENTION,
    ChartSpec,
    base_layout,
    citation_line,
    data_table,
    fmt,
    fmt_signed,
    pick_rows,
    row_risk,
    total_n,
    wrap_title,
)
from vcf_logic.figures.view import View

SCORES = (  # (baseline row, 24 h row, panel title)
    ("diamond_pain_baseline", "diamond_pain_24h", "Pain (higher = worse)"),
    ("diamond_function_baseline", "diamond_function_24h", "Physical function (higher = better)"),
)
ANALGESIA = ("diamond_stopped_analgesia_vp", "diamond_stopped_analgesia_conservative")


def design(figures: pd.DataFrame) -> str:
    """The study design of the Diamond rows, as the data file names it ('non-randomised')."""
    return " / ".join(dict.fromkeys(pick_rows(figures, list(ANALGESIA))["design"]))


def design_warning(figures: pd.DataFrame) -> str:
    """How far the Diamond numbers can be trusted: design, size, status and reason, all read from the rows."""
    rows = pick_rows(figures, [i for before, after, _ in SCORES for i in (before, after)] + list(ANALGESIA))
    size = total_n(pick_rows(figures, list(ANALGESIA)))  # the two groups' sizes, added up
    statuses = ", ".join(STATUS_LABELS[s] for s in dict.fromkeys(rows["status"]))
    reason = next((r for r in rows["status_reason"] if isinstance(r, str) and r), "")
    people = f", {size} patients" if size else ""
    return f"{design(figures).capitalize()} study{people}; status of these numbers: {statuses}. {reason}".strip()


def explorer_warning(figures: pd.DataFrame) -> str:
    return design_warning(figures) + " Sham-controlled trials are in the next view."


def scale_maximum(unit: str) -> float:
    """The top of a score's scale, read from a unit such as 'points (0-25)'."""
    match = re.search(r"0\s*[-–]\s*(\d+)", unit)
    if not match:
        raise ValueError(f"no 0-N scale in unit '{unit}'")
    return float(match.group(1))


def score_changes(figures: pd.DataFrame) -> pd.DataFrame:
    """Baseline, 24 h, change in points and in percent for each score."""
    records = []
    for before_id, after_id, label in SCORES:
        before, after = pick_rows(figures, [before_id, after_id]).itertuples(index=False)
        records.append({"score": label, "scale_max": scale_maximum(before.unit), "baseline": before.value,
                        "at_24h": after.value, "change_points": es.difference(after.value, before.value),
                        "change_pct": es.percent_change(before.value, after.value)})
    return pd.DataFrame(records)


def scores_chart(figures: pd.DataFrame, references: pd.DataFrame) -> ChartSpec:
    """Before/after bars for pain (0-25) and function (0-20), each on its full scale."""
    changes = score_changes(figures)
    rows = pick_rows(figures, [i for before, after, _ in SCORES for i in (before, after)])
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.14,
                        subplot_titles=[f"{c.score}, 0-{int(c.scale_max)}" for c in changes.itertuples()])
    for col, ((before_id, after_id, _), change) in enumerate(zip(SCORES, changes.itertuples(), strict=True), 1):
        pair = pick_rows(figures, [before_id, after_id])
        fig.add_trace(go.Bar(
            x=["Before (baseline)", "24 h after"], y=list(pair["value"]),
            marker_color=[COMPARATOR, INTERVENTION], marker_pattern_shape=[COMPARATOR_PATTERN, ""],
            text=[fmt(v, 0) for v in pair["value"]], textposition="outside", showlegend=False,
            hovertemplate="%{x}: %{y}<extra></extra>",
        ), row=1, col=col)
        fig.update_yaxes(range=[0, change.scale_max], title_text=f"Score (points, 0-{int(change.scale_max)})",
                         row=1, col=col)
        fig.update_xaxes(title_text=f"Change: {fmt_signed(change.change_points, 0)} points "
                                    f"({fmt_signed(change.change_pct, 0)}%)", row=1, col=col)
    pain, function = changes.iloc[0], changes.iloc[1]
    title = (f"{design(figures).capitalize()}: 24 h after vertebroplasty, pain fell from {fmt(pain.baseline, 0)} to "
             f"{fmt(pain.at_24h, 0)} (0-{int(pain.scale_max)}) and function rose from {fmt(function.baseline, 0)} "
             f"to {fmt(function.at_24h, 0)} (0-{int(function.scale_max)}); the groups were alike by 6 weeks")
    base_layout(fig, wrap_title(title), height=470, panel_titles=True)
    caption = (citation_line(rows, references) + " Vertebroplasty group only (the abstract gives no 24 h scores for "
               "the conservative group). " + design_warning(figures) + " Changes are computed from the scores.")
    alt = (f"Two bar charts. Pain score {fmt(pain.baseline, 0)} before and {fmt(pain.at_24h, 0)} 24 hours after "
           f"vertebroplasty on a 0-{int(pain.scale_max)} scale ({fmt(pain.change_pct, 0)}%). Physical function "
           f"{fmt(function.baseline, 0)} before and {fmt(function.at_24h, 0)} after on a 0-{int(function.scale_max)} "
           f"scale ({fmt(function.change_pct, 0)}%).")
    return ChartSpec("diamond_scores", title, fig, caption, alt, data_table(rows))


def analgesia_chart(figures: pd.DataFrame, references: pd.DataFrame) -> ChartSpec:
    """Share of each group off all analgesia at 24 h, from the counts, on a 0-100% axis."""
    rows = pick_rows(figures, list(ANALGESIA))
    vp, conservative = rows.iloc[0], rows.iloc[1]
    risks = [row_risk(vp), row_risk(conservative)]
    fig = go.Figure(go.Bar(
        x=[f"Vertebroplasty<br>({int(vp['events'])}/{int(vp['total'])})",
           f"Conservative care<br>({int(conservative['events'])}/{int(conservative['total'])})"],
        y=risks, marker_color=[INTERVENTION, COMPARATOR], marker_pattern_shape=["", COMPARATOR_PATTERN],
        text=[f"{fmt(r, 0)}%" for r in risks], textposition="outside",
        hovertemplate="%{x}: %{y:.1f}%<extra></extra>",
    ))
    fig.update_yaxes(range=[0, 100], title_text="Stopped all analgesia (%)")
    title = (f"{fmt(risks[0], 0)}% of vertebroplasty patients vs {fmt(risks[1], 0)}% on conservative care stopped "
             f"all analgesia at 24 h, in a {design(figures)} comparison")
    base_layout(fig, wrap_title(title), height=430)
    caption = (citation_line(rows, references) + " " + design_warning(figures)
               + " Percentages are computed from the counts.")
    alt = (f"Bar chart: {int(vp['events'])} of {int(vp['total'])} vertebroplasty patients ({fmt(risks[0], 0)}%) and "
           f"{int(conservative['events'])} of {int(conservative['total'])} conservative patients "
           f"({fmt(risks[1], 0)}%) stopped all analgesia at 24 hours.")
    return ChartSpec("diamond_analgesia", title, fig, caption, alt, data_table(rows))


EXPLORER_VIEWS = (
    View("vertebroplasty_diamond", "Vertebroplasty: Diamond 2003", 20, ("vertebroplasty_diamond",),
         (scores_chart, analgesia_chart), heading="Vertebroplasty pain scores (Diamond 2003)",
         warning=explorer_warning),
)
