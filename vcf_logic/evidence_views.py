"""The evidence explorer's views: which charts each shows, deep-link ids, and its tables.

View ids are a public contract: the walker links to `/Evidence_explorer?view=<id>`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd

from vcf_logic.evidence import Evidence, Problem
from vcf_logic.evidence_models import STATUS_LABELS
from vcf_logic.figures import alendronate, augmentation, calcitonin, vertebroplasty
from vcf_logic.figures.common import ChartDataError, ChartSpec

Builder = Callable[[pd.DataFrame, pd.DataFrame], ChartSpec]


@dataclass(frozen=True)
class View:
    id: str
    label: str
    topics: tuple[str, ...]
    charts: tuple[Builder, ...] = ()


VIEWS: tuple[View, ...] = (
    View("alendronate", "Alendronate (FIT)", ("alendronate",), (alendronate.risk_chart,)),
    View("vertebroplasty_diamond", "Vertebroplasty: Diamond 2003", ("vertebroplasty_diamond",),
         (vertebroplasty.scores_chart, vertebroplasty.analgesia_chart)),
    View("vp_vs_conservative", "Vertebroplasty vs conservative vs sham; kyphoplasty",
         ("vp_vs_conservative", "vp_vs_sham", "kyphoplasty"),
         (augmentation.pain_forest_chart, augmentation.vapour_chart, augmentation.kyphoplasty_function_chart,
          augmentation.kaviar_chart, augmentation.kyphosis_chart)),
    View("calcitonin", "Calcitonin for acute pain", ("calcitonin", "calcitonin_safety"),
         (calcitonin.vas_chart, calcitonin.smd_chart)),
    View("claims", "Claim check", ("claims",)),
    View("all_figures", "All figures", ()),
)
VIEW_IDS = tuple(v.id for v in VIEWS)
DEFAULT_VIEW = "alendronate"
EXPLORER_PATH = "/Evidence_explorer"

STATUS_ICONS = {"verified": "✅", "differs": "⚠️", "not verified": "❓", "contested": "⚖️", "contradicted": "⛔",
                "not in cited source": "📭"}
STATUS_MARK = {status: f"{STATUS_ICONS[status]} {label}" for status, label in STATUS_LABELS.items()}


def view(view_id: str) -> View:
    return next(v for v in VIEWS if v.id == view_id)


def parse_view(raw: str | None) -> tuple[str, bool]:
    """The view a deep link asks for, and whether the request was valid (absent counts as valid)."""
    if raw is None or raw == "":
        return DEFAULT_VIEW, True
    value = str(raw).strip().lower()
    if value in VIEW_IDS:
        return value, True
    return DEFAULT_VIEW, False


def view_for_topic(topic: str) -> str:
    """The view that charts a figure topic; topics without a chart view go to the full table."""
    for v in VIEWS:
        if topic in v.topics:
            return v.id
    return "all_figures"


def explorer_query(topic: str) -> dict[str, str]:
    """The query string of a link that opens the explorer on an evidence topic (the walker's outcome links).

    The view that charts the topic; a topic no chart view shows opens All figures, filtered to it.
    """
    view_id = view_for_topic(topic)
    return {"view": view_id, **({"topic": topic} if view_id == "all_figures" else {})}


def view_for_reference(figures: pd.DataFrame, ref_id: str) -> str | None:
    """The view for a citation: the one charting the topic of the reference's first figure; None without figures."""
    topics = figures.loc[figures["reference"] == ref_id, "topic"]
    return view_for_topic(topics.iloc[0]) if len(topics) else None


def explorer_link(figures: pd.DataFrame, ref_id: str) -> str | None:
    """A relative link that opens the explorer on a reference's figures, for the walker's citations."""
    topics = figures.loc[figures["reference"] == ref_id, "topic"]
    if topics.empty:
        return None
    view_id = view_for_topic(topics.iloc[0])
    query = urlencode({"view": view_id, **({"topic": topics.iloc[0]} if view_id == "all_figures" else {})})
    return f"{EXPLORER_PATH}?{query}"


def claims_for_figures(claims: pd.DataFrame, figure_ids: Iterable[str]) -> pd.DataFrame:
    """The summary's claims that rest on any of these figure rows."""
    wanted = set(figure_ids)
    return claims[claims["figures"].map(lambda ids: bool(wanted & set(ids)))]


def chart_specs(view_id: str, figures: pd.DataFrame, references: pd.DataFrame) -> list[ChartSpec]:
    """The fixed charts of a view (the interactive alendronate charts are built separately)."""
    return [build(figures, references) for build in view(view_id).charts]


def all_chart_specs(figures: pd.DataFrame, references: pd.DataFrame, baseline_risk: float = 15.0) -> list[ChartSpec]:
    """Every chart the explorer can draw, for audits and tests."""
    specs = [spec for v in VIEWS for spec in chart_specs(v.id, figures, references)]
    specs += [alendronate.icon_array_chart(figures, references, key) for key in ("prior", "no_prior")]
    specs.append(alendronate.baseline_risk_chart(figures, references, baseline_risk))
    return specs


def chart_problems(evidence: Evidence, file_name: str) -> list[Problem]:
    """Rows the charts cannot draw, as located problems (for `python -m vcf_logic check`)."""
    try:
        all_chart_specs(evidence.figures, evidence.references)
    except ChartDataError as exc:
        return [Problem(file_name, f"figures/{exc.figure_id}", exc.field, exc.message)]
    return []


def charted_figure_ids(figures: pd.DataFrame, references: pd.DataFrame) -> list[str]:
    """Ids of every data-file row some chart draws or annotates."""
    ids = [i for spec in all_chart_specs(figures, references) for i in spec.figure_ids]
    return list(dict.fromkeys(ids))


def chart_inventory(figures: pd.DataFrame, references: pd.DataFrame) -> pd.DataFrame:
    """One line per chart: its key, title and the data-file rows it uses."""
    return pd.DataFrame([{"chart": s.key, "title": s.title, "figure_ids": ", ".join(s.figure_ids)}
                         for s in all_chart_specs(figures, references)])


SEARCHED_COLUMNS = ("id", "topic", "measure", "group", "unit", "timepoint", "design", "reference", "status",
                    "summary_value", "status_reason")


def _contains(frame: pd.DataFrame, text: str) -> pd.Series:
    words = [w for w in text.lower().split() if w]
    columns = [c for c in SEARCHED_COLUMNS if c in frame.columns]
    haystack = frame[columns].fillna("").astype(str).agg(" ".join, axis=1).str.lower()
    mask = pd.Series(True, index=frame.index)
    for word in words:
        mask &= haystack.str.contains(word, regex=False)
    return mask


def filter_figures(figures: pd.DataFrame, topics: Iterable[str] = (), designs: Iterable[str] = (),
                   statuses: Iterable[str] = (), text: str = "") -> pd.DataFrame:
    """Rows matching every filter given; an empty filter keeps everything; text must match every word."""
    keep = pd.Series(True, index=figures.index)
    for column, chosen in (("topic", topics), ("design", designs), ("status", statuses)):
        chosen = list(chosen)
        if chosen:
            keep &= figures[column].isin(chosen)
    if text.strip():
        keep &= _contains(figures, text)
    return figures.loc[keep]


def claims_table(claims: pd.DataFrame, statements: pd.DataFrame, references: pd.DataFrame) -> pd.DataFrame:
    """Every claim of the summary beside its primary source, with status and reason, ready to show."""
    def labels(ref_ids: list[str]) -> str:
        return "; ".join(references.loc[r, "short"] if r in references.index else r for r in ref_ids)

    return pd.DataFrame({
        "id": claims["id"].to_numpy(),
        "status": claims["status"].map(STATUS_MARK).to_numpy(),
        "summary_statement": claims["statement"].map(statements["text"]).to_numpy(),
        "summary_says": claims["summary_says"].to_numpy(),
        "source_says": claims["source_says"].to_numpy(),
        "reason": claims["reason"].to_numpy(),
        "references": claims["references"].map(labels).to_numpy(),
        "figure_ids": claims["figures"].map(", ".join).to_numpy(),
    })


def stances_by_guideline(stances: pd.DataFrame, references: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Each guideline's ratings, for a side-by-side display; keys are the guidelines' short labels."""
    out: dict[str, pd.DataFrame] = {}
    for guideline, rows in stances.groupby("guideline", sort=False):
        label = references.loc[guideline, "short"] if guideline in references.index else guideline
        out[label] = rows[["scenario", "intervention", "rating", "status", "note"]].reset_index(drop=True)
    return out
