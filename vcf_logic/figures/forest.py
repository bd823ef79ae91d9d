"""A forest plot of differences with 95% CIs, rows grouped under headings (by comparison or design).

Every forest plot has one sign convention (`Direction`): values right of the no-effect line favour one named arm,
and the plot says so with "favours ..." labels on both sides. Each data row says which arm of its `group` a
positive value favours (`positive_favours`); a row published with the other sign is drawn with its sign flipped
(and says so), and a row whose source does not state the direction is drawn as reported, hollow, and marked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from vcf_logic.figures.common import ChartDataError, base_layout, fmt_given, pick_rows, wrap_title

NOT_STATED = "not stated"
FLIPPED_NOTE = "sign flipped"
UNSTATED_NOTE = "direction not stated"


@dataclass(frozen=True)
class Direction:
    """A forest plot's one sign convention: which arm values right of the no-effect line favour, and the labels.

    `right_arm` names that arm by its place in each row's `group` ("first arm vs second arm").
    """

    left: str  # "favours <left>" on the left of the line
    right: str  # "favours <right>" on the right
    right_arm: Literal["first arm", "second arm"]

    def sign(self, row: pd.Series) -> int:
        """+1 to draw the row as published, -1 to flip it into this convention; ChartDataError if it cannot say."""
        favours = row.get("positive_favours")
        if favours is None or pd.isna(favours):
            raise ChartDataError(row["id"], "positive_favours", "a row drawn on a forest plot must say which arm of "
                                 "its group a positive value favours (first arm, second arm, or not stated)")
        return -1 if favours not in (self.right_arm, NOT_STATED) else 1


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


def drawn_rows(rows: pd.DataFrame, direction: Direction) -> pd.DataFrame:
    """The rows in the plot's convention: value and CI multiplied by the row's sign (the ends swap on a flip)."""
    signs = pd.Series([direction.sign(r) for _, r in rows.iterrows()], index=rows.index)
    out = rows.copy()
    out["value"] = rows["value"] * signs
    out["ci_low"] = rows["ci_low"].where(signs > 0, -rows["ci_high"])
    out["ci_high"] = rows["ci_high"].where(signs > 0, -rows["ci_low"])
    out["sign"] = signs
    out["direction_stated"] = rows["positive_favours"] != NOT_STATED
    return out


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


def _notes(row: pd.Series) -> list[str]:
    return ([FLIPPED_NOTE] if row["sign"] < 0 else []) + ([] if row["direction_stated"] else [UNSTATED_NOTE])


def _marked(text: str, row: pd.Series, group_notes: list[str]) -> str:
    """A row's label, saying when it is drawn with its sign flipped or without a stated direction (unless its
    group's heading says so for every row)."""
    notes = [n for n in _notes(row) if n not in group_notes]
    return f"{text} ({', '.join(notes)})" if notes else text


def forest_figure(figures: pd.DataFrame, references: pd.DataFrame, groups: Sequence[ForestGroup], x_title: str,
                  direction: Direction, x_range: Sequence[float] | None = None,
                  label: Callable[[pd.Series], str] = row_label,
                  floor: float = 1.0) -> tuple[go.Figure, pd.DataFrame]:
    """Points with CI whiskers, one line per row, headings above each group, estimates on the right.

    Every row is drawn in `direction`'s convention (see `drawn_rows`), with "favours" labels on both sides.
    Without `x_range`, the axis is symmetric around zero and holds every drawn interval (at least ±`floor`).
    Returns the figure and the rows drawn (as drawn: `value`, `ci_low`, `ci_high` in the plot's convention, with
    `sign` and `direction_stated`), in drawing order. The figure's `layout.meta["forest"]` records the same.
    """
    fig = go.Figure()
    tick_y, tick_text, drawn, y = [], [], [], 0
    for group in groups:
        rows = drawn_rows(pick_rows(figures, list(group.ids)), direction)
        per_row = [_notes(r) for _, r in rows.iterrows()]
        group_notes = [n for n in (FLIPPED_NOTE, UNSTATED_NOTE) if all(n in notes for notes in per_row)]
        heading = " · ".join([group.title(rows, references), *group_notes])
        fig.add_annotation(text=heading, x=0, xref="paper", xanchor="left", y=y,
                           yref="y", showarrow=False, font={"size": 15, "weight": "bold"}, bgcolor="white")
        y += 1
        ys = list(range(y, y + len(rows)))
        has_ci = rows["ci_low"].notna()
        fig.add_trace(go.Scatter(
            x=list(rows["value"]), y=ys, mode="markers", name=heading,
            marker={"symbol": [group.symbol if stated else f"{group.symbol}-open"
                               for stated in rows["direction_stated"]],
                    "size": 14, "color": group.colour, "line": {"color": group.colour, "width": 2}},
            error_x={"type": "data", "symmetric": False, "thickness": 2.5, "width": 7, "color": group.colour,
                     "array": list((rows["ci_high"] - rows["value"]).where(has_ci, 0)),
                     "arrayminus": list((rows["value"] - rows["ci_low"]).where(has_ci, 0))},
            hovertemplate="%{x}<extra></extra>",
        ))
        for row_y, (_, row) in zip(ys, rows.iterrows(), strict=True):
            tick_y.append(row_y)
            tick_text.append(_marked(label(row), row, group_notes))
            fig.add_annotation(text=estimate_text(row), x=1.02, xref="paper", xanchor="left", y=row_y,
                               yref="y", showarrow=False, font={"size": 14})
        drawn.append(rows)
        y += len(rows)
    fig.add_vline(x=0, line_dash="dash", line_color="#555555")
    fig.update_yaxes(tickvals=tick_y, ticktext=tick_text, range=[y - 0.5, -0.7], showgrid=False, zeroline=False,
                     automargin=True)
    shown = pd.concat(drawn)
    fig.update_xaxes(range=list(x_range or symmetric_range(shown, floor)), title_text=x_title, zeroline=False)
    fig.update_layout(showlegend=False, meta={"forest": {
        "right_arm": direction.right_arm,
        "rows": [{"id": r["id"], "drawn": float(r["value"]), "sign": int(r["sign"]),
                  "direction_stated": bool(r["direction_stated"])} for _, r in shown.iterrows()]}})
    add_favours(fig, direction.left, direction.right)
    return fig, shown


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


def add_favours_at_line(fig: go.Figure, left: str, right: str, xref: str, yref: str, line: float = 0) -> None:
    """The favours labels inside one panel of a figure, each starting at the no-effect line and pointing away.

    `line` is where the no-effect line is in the axis' own units (for a log axis, log10 of the value: 0 for 1).
    """
    for text, anchor in ((f"← favours {left}", "right"), (f"favours {right} →", "left")):
        fig.add_annotation(text=text, x=line, xref=xref, xanchor=anchor, xshift=-4 if anchor == "right"
                           else 4, y=0, yref=f"{yref} domain", yanchor="bottom", showarrow=False,
                           font={"size": 13, "color": "#333333", "style": "italic"}, name=FAVOURS_NAME)


def favours_labels(fig: go.Figure) -> list[str]:
    return [a.text for a in fig.layout.annotations if a.name == FAVOURS_NAME]


def explain_direction(rows: pd.DataFrame, label: Callable[[pd.Series], str] = row_label) -> str:
    """A caption sentence for rows drawn with their sign flipped, or without a stated direction; empty for none.

    `rows` as `forest_figure` returns them (in the plot's convention); a flipped row is quoted as published.
    """
    parts = []
    flipped = rows[rows["sign"] < 0]
    if not flipped.empty:
        parts.append("Rows marked 'sign flipped' are drawn with the opposite sign to the one published, so that "
                     "every row reads the same way; as published: " + "; ".join(
                         f"{label(r)} {fmt_given(-r['value'])}" + ("" if pd.isna(r["ci_low"]) else
                                                                   f" ({fmt_given(-r['ci_high'])} to "
                                                                   f"{fmt_given(-r['ci_low'])})")
                         for _, r in flipped.iterrows()) + ".")
    unstated = rows[~rows["direction_stated"]]
    if not unstated.empty:
        parts.append("Hollow markers: the source read does not say which way the difference runs, so those rows "
                     "are drawn as reported.")
    return " ".join(parts)


def forest_layout(fig: go.Figure, title: str, groups: Sequence[ForestGroup]) -> None:
    """The shared layout, tall enough for every row, with room on the right for the printed estimates."""
    base_layout(fig, wrap_title(title), height=forest_height(groups))
    fig.update_layout(margin=FOREST_MARGIN)
    if favours_labels(fig):  # room above the plot for the favours labels
        fig.update_layout(margin={"t": fig.layout.margin.t + 24}, height=fig.layout.height + 24)
