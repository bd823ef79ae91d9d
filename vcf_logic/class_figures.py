"""The room's answers as a chart: QuestionResult in, Plotly figure out (pure, so tests read the traces)."""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

from vcf_logic.class_session import QuestionResult
from vcf_logic.figures.common import OKABE_ITO, chart_text

RIGHT = OKABE_ITO["bluish_green"]
OTHER = OKABE_ITO["blue"]
FONT_SIZE = 18  # read from the back of a lecture hall


def _axis_label(text: str) -> str:
    return "<br>".join(chart_text(line) for line in textwrap.wrap(text, 22)) or " "


def distribution_figure(result: QuestionResult, show_correct: bool = True, scale: float = 1.0) -> go.Figure:
    """One bar per option: how many chose it; its mean confidence written on the bar.

    The right answer's bar is green and marked ✓ (when `show_correct` and the question has one); the others
    are blue. Labels are data-file texts, made inert (`chart_text`): Plotly would render a link or bold in them.
    `scale` grows the text and the height with the page's type (presenter mode: `figures.screen.PRESENTER_SCALE`).
    """
    q = result.question
    labels = [(("✓ " if show_correct and i == q.correct else "") + _axis_label(s))
              for i, s in enumerate(q.short_options)]
    colours = [RIGHT if show_correct and i == q.correct else OTHER for i in range(len(q.options))]
    texts = [f"{n}" + (f" · sure {c:.1f}/5" if c is not None else "")
             for n, c in zip(result.counts, result.mean_confidence, strict=True)]
    figure = go.Figure(go.Bar(
        x=list(range(len(labels))), y=list(result.counts), marker_color=colours, text=texts,
        textposition="outside", cliponaxis=False,
        hovertemplate="%{y} answers<extra></extra>"))
    figure.update_layout(
        margin={"l": round(40 * scale), "r": 20, "t": round(30 * scale), "b": 10}, height=round(420 * scale),
        font={"size": round(FONT_SIZE * scale)},
        plot_bgcolor="white", showlegend=False, bargap=0.35,
        yaxis={"title": "answers", "rangemode": "tozero", "gridcolor": "#E5E5E5",
               "dtick": max(1, max(result.counts, default=0) // 5)},
        xaxis={"tickmode": "array", "tickvals": list(range(len(labels))), "ticktext": labels},
    )
    return figure
