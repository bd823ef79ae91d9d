"""A forest plot of differences with 95% CIs, rows grouped under headings (by comparison or design)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from vcf_logic.figures.common import base_layout, fmt_given, pick_rows, wrap_title


@dataclass(frozen=True)
class ForestGroup:
    """Data-file rows drawn under one heading, in one colour and marker shape.

    Without a heading, the group is headed by its study: the reference's short label and design.
    """

    ids: tuple[str, ...]
    colour: str
    symbol: str
    heading: str | None = None

    def title(self, rows: pd.DataFrame, references: pd.DataFrame) -> str:
        if self.heading:
            return self.heading
        first = rows.iloc[0]
        short = references.loc[first["reference"], "short"] if first["reference"] in references.index \
            else first["reference"]
        return f"{short} · {first['design']}"


def row_label(row: pd.Series) -> str:
    """A row under its study heading: the time point, and the arm when the row is one arm's value."""
    arm = "" if " vs " in row["group"] else f"{row['group']}, "
    return f"{arm}{row['timepoint']}"


def estimate_text(row: pd.Series) -> str:
    """'1.36 (0.55 to 2.17)': the row's value and CI with the decimals the data file gives."""
    if pd.isna(row["ci_low"]):
        return fmt_given(row["value"])
    return f"{fmt_given(row['value'])} ({fmt_given(row['ci_low'])} to {fmt_given(row['ci_high'])})"


def symmetric_range(rows: pd.DataFrame, floor: float = 1.0) -> list[float]:
    """A range centred on zero (no difference) that holds every interval, rounded up to a whole number."""
    ends = pd.concat([rows["value"], rows["ci_low"], rows["ci_high"]]).abs().dropna()
    reach = max(float(ends.max()) * 1.15, floor)
    return [-float(int(reach) + 1), float(int(reach) + 1)]


def forest_figure(figures: pd.DataFrame, references: pd.DataFrame, groups: Sequence[ForestGroup], x_title: str,
                  x_range: Sequence[float] | None = None, label: Callable[[pd.Series], str] = row_label,
                  floor: float = 1.0) -> tuple[go.Figure, pd.DataFrame]:
    """Points with CI whiskers, one line per row, headings above each group, estimates on the right.

    Without `x_range`, the axis is symmetric around zero and holds every drawn interval (at least ±`floor`).
    Returns the figure and the rows drawn, in drawing order.
    """
    fig = go.Figure()
    tick_y, tick_text, drawn, y = [], [], [], 0
    for group in groups:
        rows = pick_rows(figures, list(group.ids))
        heading = group.title(rows, references)
        fig.add_annotation(text=heading, x=0, xref="paper", xanchor="left", y=y,
                           yref="y", showarrow=False, font={"size": 15, "weight": "bold"}, bgcolor="white")
        y += 1
        ys = list(range(y, y + len(rows)))
        has_ci = rows["ci_low"].notna()
        fig.add_trace(go.Scatter(
            x=list(rows["value"]), y=ys, mode="markers", name=heading,
            marker={"symbol": group.symbol, "size": 14, "color": group.colour,
                    "line": {"color": "black", "width": 1}},
            error_x={"type": "data", "symmetric": False, "thickness": 2.5, "width": 7, "color": group.colour,
                     "array": list((rows["ci_high"] - rows["value"]).where(has_ci, 0)),
                     "arrayminus": list((rows["value"] - rows["ci_low"]).where(has_ci, 0))},
            hovertemplate="%{x}<extra></extra>",
        ))
        for row_y, (_, row) in zip(ys, rows.iterrows(), strict=True):
            tick_y.append(row_y)
            tick_text.append(label(row))
            fig.add_annotation(text=estimate_text(row), x=1.02, xref="paper", xanchor="left", y=row_y,
                               yref="y", showarrow=False, font={"size": 14})
        drawn.append(rows)
        y += len(rows)
    fig.add_vline(x=0, line_dash="dash", line_color="#555555")
    fig.update_yaxes(tickvals=tick_y, ticktext=tick_text, range=[y - 0.5, -0.7], showgrid=False, zeroline=False,
                     automargin=True)
    drawn_rows = pd.concat(drawn)
    fig.update_xaxes(range=list(x_range or symmetric_range(drawn_rows, floor)), title_text=x_title, zeroline=False)
    fig.update_layout(showlegend=False)
    return fig, drawn_rows


FOREST_MARGIN = {"r": 175, "l": 20}  # room on the right for the printed estimates


def forest_height(groups: Sequence[ForestGroup], title_lines: int = 2) -> int:
    lines = sum(1 + len(g.ids) for g in groups)
    return 170 + 26 * title_lines + 32 * lines


FAVOURS_NAME = "favours"  # the annotations' name, so a test can find them


def add_favours(fig: go.Figure, left: str, right: str) -> None:
    """'← favours <left>' and '<right> →' just above the plot, each over its side of the no-difference line."""
    for text, x, anchor in ((f"← favours {left}", 0, "left"), (f"favours {right} →", 1, "right")):
        fig.add_annotation(text=text, x=x, xref="paper", xanchor=anchor, y=1, yref="paper",
                           yanchor="bottom", showarrow=False, font={"size": 14, "color": "#333333", "style": "italic"},
                           name=FAVOURS_NAME)


def favours_labels(fig: go.Figure) -> list[str]:
    return [a.text for a in fig.layout.annotations if a.name == FAVOURS_NAME]


def forest_layout(fig: go.Figure, title: str, groups: Sequence[ForestGroup]) -> None:
    """The shared layout, tall enough for every row, with room on the right for the printed estimates."""
    base_layout(fig, wrap_title(title), height=forest_height(groups))
    fig.update_layout(margin=FOREST_MARGIN)
    if favours_labels(fig):  # room above the plot for the favours labels
        fig.update_layout(margin={"t": fig.layout.margin.t + 24}, height=fig.layout.height + 24)
