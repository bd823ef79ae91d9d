"""Vitamin D: the trial behind the summary's "avoid high pulse doses of vitamin D" (Sanders 2010).

Falls and fractures per 100 (or per 1000) person-years on a yearly 500,000 IU dose and on placebo, from the data
file's rates. The published rate ratios are shown only as text, with their status, while they are not verified.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from vcf_logic.evidence_models import STATUS_LABELS
from vcf_logic.figures.absolute import DEFAULT_DENOMINATOR, DENOMINATORS, denominator_key, people_places, per
from vcf_logic.figures.common import (
    COMPARATOR,
    COMPARATOR_PATTERN,
    INTERVENTION,
    ChartDataError,
    ChartSpec,
    base_layout,
    citation_line,
    data_table,
    fmt,
    pick_rows,
    wrap_title,
)
from vcf_logic.figures.view import View, WidgetChart

TOPIC = "vitamin_d"
RATE_UNIT = "per 100 person-years"
# (panel title, placebo rate, vitamin D rate, published rate ratio)
OUTCOMES = (
    ("Falls", "sanders_falls_rate_placebo", "sanders_falls_rate_vitamin_d", "sanders_falls_rate_ratio"),
    ("Fractures", "sanders_fracture_rate_placebo", "sanders_fracture_rate_vitamin_d", "sanders_fracture_rate_ratio"),
)
REGIMEN = ("one dose of 500,000 IU vitamin D3 (cholecalciferol) by mouth once a year, in autumn or winter, for 3 to "
           "5 years, against placebo, in 2256 community-dwelling women aged 70 or older")


def rate(row: pd.Series, denominator: int) -> float:
    """Events per `denominator` person-years, from a row given per 100 person-years."""
    if row["unit"] != RATE_UNIT:
        raise ChartDataError(row["id"], "unit", f"charted as a rate, so the unit must be '{RATE_UNIT}'")
    return per(float(row["value"]), denominator)


def ratio_text(row: pd.Series) -> str:
    """A published ratio with its interval, and its status when it is not verified (then it is not charted)."""
    text = f"{row['unit']} {fmt(row['value'], 2)} (95% CI {fmt(row['ci_low'], 2)} to {fmt(row['ci_high'], 2)})"
    return text if row["status"] == "verified" else f"{text} ({STATUS_LABELS[row['status']]})"


def rates_chart(figures: pd.DataFrame, references: pd.DataFrame,
                denominator: int = DEFAULT_DENOMINATOR) -> ChartSpec:
    """Falls and fractures per `denominator` person-years on placebo and on the yearly dose, one panel each."""
    d = denominator
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.14,
                        subplot_titles=tuple(f"{name} per {d} person-years" for name, *_ in OUTCOMES))
    ids: list[str] = []
    texts, shown = [], []
    for col, (name, placebo_id, treated_id, _) in enumerate(OUTCOMES, start=1):
        placebo, treated = pick_rows(figures, [placebo_id, treated_id]).iloc[0], figures.loc[treated_id]
        values = [rate(placebo, d), rate(treated, d)]
        fig.add_trace(go.Bar(
            x=["Placebo", "Vitamin D once a year"], y=values, marker_color=[COMPARATOR, INTERVENTION],
            marker_pattern_shape=[COMPARATOR_PATTERN, ""], text=[fmt(v, people_places(d)) for v in values],
            textposition="outside", showlegend=False,
            hovertemplate="%{x}: %{y:.1f} " + name.lower() + f" per {d} person-years<extra></extra>"), row=1, col=col)
        fig.update_yaxes(range=[0, max(values) * 1.3], title_text=f"{name} per {d} person-years", row=1, col=col)
        ids += [placebo_id, treated_id]
        placebo_text, treated_text = (fmt(v, people_places(d)) for v in values)
        texts.append(f"{name.lower()} {treated_text} vs {placebo_text}")
        shown.append(f"{name}: placebo {placebo_text}, vitamin D {treated_text}.")
    title = (f"A yearly 500,000 IU dose of vitamin D brought more falls and more fractures, not fewer: per {d} "
             f"person-years, {texts[0]} and {texts[1]} with placebo (Sanders 2010)")
    base_layout(fig, wrap_title(title), height=470, panel_titles=True)
    ratios = pick_rows(figures, [o[3] for o in OUTCOMES])  # named in the caption; charted only once verified
    rows = pick_rows(figures, ids + [i for i in ratios.index if ratios.loc[i, "status"] != "not verified"])
    caption = (citation_line(rows, references) + f" The trial gave {REGIMEN}. Rates count every fall and every "
               f"fracture per {d} person-years of follow-up, computed from the rows given per 100 person-years; "
               "they are not the share of women who fell. Rate ratios as reported: "
               + "; ".join(f"{name.lower()} {ratio_text(ratios.loc[ratio_id])}" for name, *_, ratio_id in OUTCOMES)
               + ". A 'not verified' ratio is shown here only as text and never drawn. This is a yearly pulse dose; "
               "the trial does not test the daily doses the summary recommends.")
    alt = f"Two bar panels, per {d} person-years. " + " ".join(shown)
    return ChartSpec(denominator_key("vitamin_d_rates", d), title, fig, caption, alt, data_table(rows))


EXPLORER_VIEWS = (
    View("vitamin_d", "Vitamin D: yearly high doses", 17, (TOPIC,),
         widget_charts=(WidgetChart("per 100 or per 1000 person-years",
                                    tuple(partial(rates_chart, denominator=d) for d in DENOMINATORS)),),
         heading="Vitamin D: why the summary warns against high pulse doses"),
)
