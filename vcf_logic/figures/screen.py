"""One screen layout for every explorer chart, at 390 px (a phone), 1280 px (a laptop) and on a projector.

A figure builder lays its chart out for print and for its tests (title on the chart, panels side by side).
What a page shows is this figure's dict made over once, when the chart is built (never per rerun):

- the title is left to the page, which draws it above the chart as text that wraps at any width (Plotly
  never wraps, so a 700 px title was cut at 358 px);
- the legend goes below the plot area, horizontal, so it never covers the data; the chart grows by
  enough room for one legend entry per line (a phone) so the plot area keeps its height;
- two panels side by side are stacked, each the full width and as tall as before: their titles no longer
  overlap and icon arrays keep square cells (their y axes are `scaleanchor`-ed to their x axes);
- in presenter mode (`scale` > 1) every font, marker and margin grows with the page's type.

Plain Python on the figure's JSON form; no streamlit here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from vcf_logic.figures.common import FONT_SIZE, wrap_title

PRESENTER_SCALE = 1.375  # presenter mode sets the page's root font to 137.5% (vcf_ui.presenter)
LEGEND_LINE = 30  # px per line of a legend entry when each entry takes a line of its own (a phone)
NARROW = 32  # characters of axis title or legend entry per line: about 240 px, inside a phone's plot area
PANEL_GAP = 110  # px between stacked panels: the upper panel's tick labels and axis title, the lower's title
TOP_WITHOUT_TITLE = 24  # px above the plot area once the title is drawn by the page
LABEL_LINE = 19  # px per line of a row label drawn above its bars
EDGE = 24  # px left of a plot whose rows are labelled from above: half a tick label ("−10") fits
ROW_GAP = 6  # px between a row's label and its bars or whisker, and between rows
BAR = 26  # px of one horizontal bar
FOREST_MARKER = 16  # px of a forest plot's marker and whisker
HEADING = 40  # characters per line of a forest plot's group heading (bold)


def screen_dict(figure: go.Figure, scale: float = 1.0) -> dict[str, Any]:
    """The figure as a page shows it (see the module's docstring), as plain JSON."""
    shown = json.loads(pio.to_json(figure, validate=False))
    layout = shown.setdefault("layout", {})
    old_margin = dict(layout.get("margin", {}))
    title = layout.get("title") or {}
    title_lines = (title.get("text") or "").count("<br>") + 1 if title.get("text") else 0
    plot_height = layout.get("height", 460) - old_margin.get("t", 80) - old_margin.get("b", 80)
    panels = _stack_side_by_side(layout, plot_height)
    panels = _labels_above_bars(shown, panels)
    panels = _forest_rows_labelled_above(shown, panels)
    # room above the plot area: what the builder kept beyond the title (panel titles, "favours" labels)
    top = max(TOP_WITHOUT_TITLE, old_margin.get("t", 80) - (40 + 26 * title_lines) + TOP_WITHOUT_TITLE)
    layout["title"] = {"text": ""}
    bottom = old_margin.get("b", 70)
    _wrap_axis_titles(layout)
    legend_entries = _legend_entries(shown)
    if legend_entries:
        below = _below_the_axis(layout)
        layout["legend"] = {**{k: v for k, v in layout.get("legend", {}).items() if k in ("bgcolor", "traceorder")},
                            "orientation": "h", "x": 0, "xanchor": "left", "xref": "paper",
                            "y": -below / panels, "yanchor": "top", "yref": "paper"}
        bottom = max(bottom, below) + LEGEND_LINE * legend_entries + 10
    layout["margin"] = {**layout.get("margin", old_margin), "t": top, "b": bottom}
    layout["height"] = top + panels + bottom
    if scale != 1.0:
        _scale(shown, scale)
    return shown


def _wrap_axis_titles(layout: dict[str, Any]) -> None:
    """Axis titles over lines that fit a phone's plot area, with margins that grow to hold them."""
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            axis["automargin"] = True
            title = axis.get("title")
            if isinstance(title, dict) and title.get("text") and "<br>" not in title["text"]:
                title["text"] = wrap_title(title["text"], NARROW)


ROW_LABEL = "row label"  # the name of the annotations that label rows from above


def _label_rows_from_above(layout: dict[str, Any], rows: list[tuple[Any, str]]) -> None:
    """Each row's label as text standing on the row's centre line at the plot's left, in place of tick labels
    beside the plot (tick labels drawn inside the plot would hide the x axis's labels under them)."""
    layout["yaxis"].update(showticklabels=False, ticks="")
    layout["annotations"] = [*layout.get("annotations", []), *(
        {"text": text, "x": 0, "xref": "paper", "xanchor": "left", "y": y, "yref": "y", "yanchor": "bottom",
         "align": "left", "showarrow": False, "name": ROW_LABEL} for y, text in rows)]


def _labels_above_bars(shown: dict[str, Any], plot_height: float) -> float:
    """Horizontal bars: each row's label above its bars, inside the plot area, not beside it (where the labels
    left a phone 64 px of plot); the plot area's new height."""
    layout, bars = shown["layout"], shown.get("data", [])
    if not bars or any(t.get("type") != "bar" or t.get("orientation") != "h" or t.get("yaxis", "y") != "y"
                       for t in bars):
        return plot_height
    rows = list(dict.fromkeys(y for t in bars for y in t.get("y", [])))
    if not rows or not all(isinstance(y, str) for y in rows) or layout.get("yaxis", {}).get("autorange") != "reversed":
        return plot_height
    label = LABEL_LINE * max(str(y).count("<br>") + 1 for y in rows) + ROW_GAP
    band = max(plot_height / len(rows), label + BAR * len(bars) + 3 * ROW_GAP)
    # in row units, downwards (the axis is reversed): the label stands on the row's centre line, the bars under it
    width, start = BAR / band, ROW_GAP / band
    for index, trace in enumerate(bars):
        trace.update(offset=start + index * width, width=width, cliponaxis=False)
    top, bottom = -label / band - 0.04, len(rows) - 1 + start + len(bars) * width + 0.04
    layout["yaxis"].update(range=[bottom, top])
    layout["yaxis"].pop("autorange", None)
    _label_rows_from_above(layout, [(row, row) for row in rows])
    layout["margin"] = {**layout.get("margin", {}), "l": EDGE}
    return band * (bottom - top)


def _forest_rows_labelled_above(shown: dict[str, Any], plot_height: float) -> float:
    """A forest plot (`vcf_logic.figures.forest`): each row's label and printed estimate drawn above its whisker,
    inside the plot area, in place of a label column on the left and an estimate column on the right (which left
    a phone 64-113 px of plot); the plot area's new height."""
    layout = shown["layout"]
    yaxis = layout.get("yaxis", {})
    notes = layout.get("annotations", [])
    estimates = {n["y"]: n["text"] for n in notes
                 if n.get("xref") == "paper" and n.get("yref") == "y" and n.get("x", 0) > 1}
    if not estimates or not yaxis.get("tickvals") or len(yaxis.get("range", [])) != 2:
        return plot_height
    layout["annotations"] = [n for n in notes if not (n.get("yref") == "y" and n.get("y") in estimates
                                                      and n.get("x", 0) > 1)]
    low, high = yaxis["range"]  # reversed: [last row + 0.5, above the first heading]
    units = low - high
    row = max(plot_height / units, LABEL_LINE + FOREST_MARKER + 3 * ROW_GAP)
    drop = (ROW_GAP + FOREST_MARKER / 2) / row  # the whisker just under its label
    for note in layout["annotations"]:  # the groups' headings, over lines that fit a phone
        bold = note.get("font", {}).get("weight") == "bold"  # a heading's emphasis is its font (forest.py)
        if note.get("yref") == "y" and note.get("x") == 0 and bold and note.get("text"):
            note["text"] = wrap_title(note["text"], HEADING)
    for trace in shown.get("data", []):
        if trace.get("type") == "scatter" and all(isinstance(v, int | float) for v in trace.get("y", [])):
            trace["y"] = [v + drop for v in trace["y"]]
    yaxis.update(range=[low + drop, high])
    _label_rows_from_above(layout, [(y, f"{text}: {estimates[y]}" if y in estimates else text)
                                    for y, text in zip(yaxis["tickvals"], yaxis["ticktext"], strict=True)])
    layout["margin"] = {**layout.get("margin", {}), "l": EDGE, "r": 20}
    return row * (units + drop)


def _below_the_axis(layout: dict[str, Any]) -> float:
    """Pixels under the plot area taken by the lowest x axis: its tick labels and its (wrapped) title."""
    axis = layout.get("xaxis2") if "domain" in layout.get("xaxis2", {}) else layout.get("xaxis", {})
    if axis is None or axis.get("visible") is False:
        return 10
    title = (axis.get("title") or {}).get("text") or ""
    return 34 + (24 * (title.count("<br>") + 1) + 12 if title else 0)


def _legend_entries(shown: dict[str, Any]) -> int:
    """Lines the legend draws when each entry has its own (a phone), its long entries wrapped; 0 if none."""
    layout = shown["layout"]
    if layout.get("showlegend") is False:
        return 0
    if len(shown.get("data", [])) < 2 and layout.get("showlegend") is not True:
        return 0  # Plotly draws no legend for a single trace unless asked
    lines, groups = 0, set()
    for trace in shown.get("data", []):
        group = trace.get("legendgroup") or trace.get("name")
        if not trace.get("showlegend", True) or not trace.get("name") or group in groups:
            continue
        groups.add(group)
        if "<br>" not in trace["name"]:
            trace["name"] = wrap_title(trace["name"], NARROW)
        lines += trace["name"].count("<br>") + 1
    return lines


def _stack_side_by_side(layout: dict[str, Any], plot_height: float) -> float:
    """Stack a 1×2 grid of panels (as `make_subplots(rows=1, cols=2)` lays it out); the plot area's new height."""
    first, second = layout.get("xaxis", {}), layout.get("xaxis2")
    if second is None or "domain" not in first or "domain" not in second:
        return plot_height
    total = 2 * plot_height + PANEL_GAP
    split = plot_height / total
    centres = [sum(first["domain"]) / 2, sum(second["domain"]) / 2]
    for name in ("xaxis", "xaxis2"):
        layout[name]["domain"] = [0, 1]
    layout.setdefault("yaxis", {})["domain"] = [1 - split, 1]
    layout.setdefault("yaxis2", {})["domain"] = [0, split]
    for note in layout.get("annotations", []):  # the panels' titles sit centred above each panel
        if note.get("yref") == "paper" and note.get("xref") == "paper" and note.get("y") == 1.0:
            for panel, centre in enumerate(centres):
                if abs(note.get("x", -1) - centre) < 1e-6:
                    note.update(x=0.5, y=1.0 if panel == 0 else split, yanchor="bottom")
    return total


def _grow(node: dict[str, Any], key: str, scale: float, default: float | None = None) -> None:
    value = node.get(key, default)
    if isinstance(value, int | float):
        node[key] = round(value * scale, 1)
    elif isinstance(value, list) and all(isinstance(v, int | float) for v in value):
        node[key] = [round(v * scale, 1) for v in value]


def _scale(shown: dict[str, Any], scale: float) -> None:
    """Every font, marker, line of text and margin `scale` times larger (presenter mode)."""
    layout = shown["layout"]
    _grow(layout.setdefault("font", {}), "size", scale, FONT_SIZE)
    _walk(layout, lambda node: _grow(node, "size", scale, None), skip=("font",))
    for trace in shown.get("data", []):
        _walk(trace, lambda node: _grow(node, "size", scale, None))
    margin = layout.get("margin", {})
    for side in ("l", "r", "t", "b"):
        _grow(margin, side, scale)
    _grow(layout, "height", scale)


def _walk(node: Any, visit: Callable[[dict[str, Any]], None], skip: tuple[str, ...] = (), deep: bool = False) -> None:
    """Call `visit` on every font and marker dict under `node` (a figure's JSON)."""
    if isinstance(node, list):
        for item in node:
            _walk(item, visit, deep=True)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key in skip and not deep:
            continue
        if key in ("font", "tickfont", "textfont", "marker", "insidetextfont", "outsidetextfont") and \
                isinstance(value, dict):
            visit(value)
        _walk(value, visit, deep=True)
