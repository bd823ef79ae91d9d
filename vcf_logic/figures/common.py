"""What every evidence chart shares: the ChartSpec it is handed out in, the palette, the layout."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa

from vcf_logic.effect_sizes import RelativeRisk, risk_from_counts
from vcf_logic.wording import csv_text, escape_markdown

# Okabe-Ito: distinguishable with the common colour-vision deficiencies. The pairs used side by
# side also differ in lightness (and in marker shape or bar pattern), so they survive greyscale print.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
NEUTRAL_GREY = "#BBBBBB"
COMPARATOR = OKABE_ITO["orange"]  # placebo, sham, conservative care: light
INTERVENTION = OKABE_ITO["blue"]  # the treatment under test: dark
EVENT = OKABE_ITO["vermillion"]
SPARED = OKABE_ITO["bluish_green"]
COMPARATOR_PATTERN = "/"  # bars of the comparator are also hatched, for print

FONT_SIZE = 15
TITLE_SIZE = 18

# Columns of a chart's data table (and its CSV): data-file rows, with their ids.
TABLE_COLUMNS = ["id", "topic", "measure", "group", "value", "ci_low", "ci_high", "unit", "events", "total",
                 "timepoint", "n", "design", "reference", "status", "outcome_definition", "analysis_unit"]


@dataclass(frozen=True)
class ChartSpec:
    """One chart of the explorer and everything a page needs to show it honestly."""

    key: str
    title: str
    figure: go.Figure
    caption: str
    alt_text: str
    table: pd.DataFrame
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def figure_ids(self) -> list[str]:
        return list(self.table["id"])

    def csv(self) -> str:
        return self._csv

    @cached_property  # a spec is built once per process and shown on many reruns
    def _csv(self) -> str:
        return csv_text(self.table)

    @cached_property
    def title_markdown(self) -> str:
        """The finding, shown as bold text above the chart (it wraps at any width), escaped once."""
        return f"**{escape_markdown(self.title)}**"

    @cached_property
    def caption_markdown(self) -> str:
        """The caption under the chart, escaped, with its text description: made once, shown on every rerun."""
        return f"{escape_markdown(self.caption)}  \n**Chart description:** {escape_markdown(self.alt_text)}"

    @cached_property
    def notes_markdown(self) -> tuple[str, ...]:
        """The teaching notes, escaped."""
        return tuple(escape_markdown(note) for note in self.notes)

    @cached_property
    def shown_figure(self) -> go.Figure:
        """The figure to hand to a chart element on every rerun: laid out for any screen width (see
        `vcf_logic.figures.screen`), its dict form made once (see `SharedFigure`)."""
        from vcf_logic.figures.screen import screen_dict
        return SharedFigure(screen_dict(self.figure))

    @cached_property
    def presenter_figure(self) -> go.Figure:
        """`shown_figure` with its text, markers and margins grown as presenter mode grows the page's type."""
        from vcf_logic.figures.screen import PRESENTER_SCALE, screen_dict
        return SharedFigure(screen_dict(self.figure, PRESENTER_SCALE))

    @cached_property
    def arrow_table(self) -> pa.Table:
        """The table as Arrow, made once: a page showing it then skips pandas' conversion on every rerun."""
        return pa.Table.from_pandas(self.table, preserve_index=False)

    def prepare(self) -> None:
        """Make now what a page shows of this chart by default (outside presenter mode), not on a request."""
        for made in ("shown_figure", "title_markdown", "caption_markdown", "notes_markdown", "_csv", "arrow_table"):
            getattr(self, made)


def chart_text(text: str) -> str:
    """Text shown as typed in a chart: Plotly renders `<a href>`, `<b>`, `<span style>` and entities in chart
    text, so `<`, `>` and `&` become entities it shows literally."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# The builders' own markup: line breaks, and the hover box's <extra></extra>; emphasis is set by font, not tags.
_BUILDER_TAGS = re.compile(r"(<br>|<extra>|</extra>)")


def inert_chart_text(node):
    """A figure's dict with every string made inert (`chart_text`) but for the builders' own tags.

    Data-file text reaches labels, titles, legends and hovers in many places; made inert here, once, nothing a
    clinician (or an attacker) types becomes a link, a style or bold in a chart.
    """
    if isinstance(node, str):
        return "".join(part if i % 2 else chart_text(part) for i, part in enumerate(_BUILDER_TAGS.split(node)))
    if isinstance(node, dict):
        return {key: inert_chart_text(value) for key, value in node.items()}
    if isinstance(node, list):
        return [inert_chart_text(value) for value in node]
    return node


class SharedFigure(go.Figure):
    """A figure shown on many reruns by many sessions: read-only, its dict form built once.

    Showing a figure calls its `to_dict()`, which deep-copies every trace and the layout (about 2 ms a chart,
    on every rerun); this one returns the same plain-JSON dict each time, its text inert (`inert_chart_text`).
    The figure object itself holds only the height (all a chart element reads besides `to_dict()`): copying the
    traces and the template into it cost 26 ms a chart, on the first request after a server starts.
    Never change it after it is made.
    """

    def __init__(self, shown: dict):
        """`shown`: the figure as plain JSON, as a page shows it (`vcf_logic.figures.screen.screen_dict`)."""
        self._shown_dict = inert_chart_text(template_cut_to_use(shown))
        super().__init__(layout={"height": self._shown_dict.get("layout", {}).get("height")})

    def to_dict(self) -> dict:
        return self._shown_dict


SUBPLOT_TEMPLATES = ("polar", "ternary", "scene", "geo")  # a template's defaults for subplot kinds no chart here has


def template_cut_to_use(figure: dict) -> dict:
    """A figure's JSON form with its template cut to what the figure uses: the trace defaults of its own trace
    types, the subplot defaults of subplots it has. Plotly.js applies a template's trace defaults by trace type
    and its subplot defaults to those subplots only, so the chart draws the same; the default template (Streamlit's
    once Streamlit is imported, as in the server: 3.7 of a chart's 7.5 kB of JSON; Plotly's own: 7 of 9 kB) was
    encoded, hashed and sent again on every rerun."""
    layout = figure.get("layout", {})
    template = layout.get("template")
    if not template:
        return figure
    used = {trace.get("type", "scatter") for trace in figure.get("data", [])}
    template["data"] = {kind: defaults for kind, defaults in template.get("data", {}).items() if kind in used}
    template["layout"] = {name: value for name, value in template.get("layout", {}).items()
                          if name not in SUBPLOT_TEMPLATES or any(key.startswith(name) for key in layout)}
    return figure


class ChartDataError(ValueError):
    """A chart cannot be drawn from a data-file row; names the row and the field, like a validation problem."""

    def __init__(self, figure_id: str, field: str, message: str):
        self.figure_id, self.field, self.message = figure_id, field, message
        super().__init__(f"figure '{figure_id}', field '{field}': {message}")


class MissingFigureError(ChartDataError):
    """A chart needs a data-file row that is not there."""

    def __init__(self, missing: Sequence[str]):
        super().__init__(", ".join(missing), "id", "a chart needs this row, and the data file has none")


def pick_rows(figures: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """The data-file rows with these ids, in this order; fail naming any id that is missing."""
    missing = [i for i in ids if i not in set(figures["id"])]
    if missing:
        raise MissingFigureError(missing)
    return figures.set_index("id", drop=False).loc[list(ids)]


def data_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows as the chart's data table: data-file columns only, ids first."""
    return rows[[c for c in TABLE_COLUMNS if c in rows.columns]].reset_index(drop=True)


def row_relative_risk(row: pd.Series) -> RelativeRisk:
    """A relative-risk row (`value`, `ci_low`, `ci_high`) as a `RelativeRisk`."""
    return RelativeRisk(float(row["value"]), float(row["ci_low"]), float(row["ci_high"]))


def row_risk(row: pd.Series) -> float:
    """A row's risk in percent: its value if it is a percentage, else events/total."""
    if row["unit"] == "%":
        return float(row["value"])
    if pd.notna(row.get("events")) and pd.notna(row.get("total")):
        return risk_from_counts(int(row["events"]), int(row["total"]))
    raise ChartDataError(row["id"], "unit", f"charted as a risk, so the unit must be '%' or the row must give "
                         f"events and total; it has unit '{row['unit']}'")


def fmt(value: float, places: int = 1) -> str:
    """A number as a page prints it; a minus sign, not a hyphen."""
    text = f"{value:.{places}f}"
    return text.replace("-", "−")


def fmt_given(value: float) -> str:
    """A data-file number with the decimals it has, no more (0.6 stays 0.6, not 0.60)."""
    return f"{float(value):g}".replace("-", "−")


def fmt_signed(value: float, places: int = 1) -> str:
    """A change with its sign: +4, −10."""
    return ("+" if value > 0 else "") + fmt(value, places)


def fmt_ci(low: float, high: float, places: int = 2) -> str:
    return f"95% CI {fmt(low, places)} to {fmt(high, places)}"


def citation_line(rows: pd.DataFrame, references: pd.DataFrame) -> str:
    """'Source: Black 1996 (FIT), placebo-controlled RCT, n = 2027; ...' for the references behind rows."""
    parts = []
    for ref_id, group in rows.groupby("reference", sort=False):
        label = references.loc[ref_id, "short"] if ref_id in references.index else ref_id
        designs = " / ".join(dict.fromkeys(group["design"]))
        size = total_n(group)
        size = f", n = {size}" if size else ", n not given"
        parts.append(f"{label}, {designs}{size}")
    return "Source: " + "; ".join(parts) + "."


def total_n(rows: pd.DataFrame) -> int | None:
    """Participants behind some rows of one study: a comparison row's n, or its arms' n added up."""
    known = rows.dropna(subset=["n"])
    if known.empty:
        return None
    is_comparison = known["group"].str.contains(" vs ", regex=False)
    best = int(known.loc[is_comparison, "n"].max()) if is_comparison.any() else 0
    arms = known.loc[~is_comparison].assign(timepoint=lambda d: d["timepoint"].fillna(""))
    if not arms.empty:
        per_time = arms.groupby(["timepoint", "group"])["n"].max().groupby(level=0).sum()
        best = max(best, int(per_time.max()))
    return best


def base_layout(fig: go.Figure, title: str, height: int = 460, panel_titles: bool = False) -> go.Figure:
    """Legible at 1280x720 and in print: large type, white background, the finding as the title."""
    top = 40 + 26 * (title.count("<br>") + 1) + (24 if panel_titles else 0)
    fig.update_layout(
        title={"text": title, "font": {"size": TITLE_SIZE}, "x": 0, "xanchor": "left", "y": 1,
               "yanchor": "top", "yref": "container", "pad": {"t": 14}},
        font={"size": FONT_SIZE, "family": "Arial, Helvetica, sans-serif", "color": "#222222"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=height,
        margin={"l": 70, "r": 30, "t": top, "b": 70},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
    )
    fig.update_xaxes(showline=True, linecolor="#444444", ticks="outside", gridcolor="#E5E5E5")
    fig.update_yaxes(showline=True, linecolor="#444444", ticks="outside", gridcolor="#E5E5E5")
    return fig


def wrap_title(text: str, width: int = 85) -> str:
    """Break a long title over lines (Plotly does not wrap)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def join_notes(notes: Iterable[str]) -> str:
    return " ".join(n.strip() for n in notes if n)
