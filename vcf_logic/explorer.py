"""The evidence explorer's views, deep-link ids and tables, and what it derives from one data file.

Each figures module declares the views it provides (`EXPLORER_VIEWS`, see `vcf_logic.figures.view`); the two
views without charts are declared here. `VIEWS` collects them all in menu order.
View ids are a public contract: the walker links to `/Evidence_explorer?view=<id>`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from functools import cached_property, lru_cache

import pandas as pd
import pyarrow as pa

from vcf_logic import figures as figures_package
from vcf_logic import summary_of_findings
from vcf_logic.data_files import PerVersion, Problem
from vcf_logic.effect_sizes import BaselineRiskEffect
from vcf_logic.evidence import Evidence
from vcf_logic.evidence_models import STATUS_LABELS
from vcf_logic.figures import alendronate, bone_protection, calcitonin, decision_aid, vitamin_d
from vcf_logic.figures.absolute import DEFAULT_DENOMINATOR
from vcf_logic.figures.common import ChartDataError, ChartSpec, data_table
from vcf_logic.figures.view import View
from vcf_logic.wording import csv_text, escape_markdown

CLAIMS_VIEW = View("claims", "Claim check", 90, ("claims",),
                   heading="Claim check: the summary beside its primary sources")
ALL_FIGURES_VIEW = View("all_figures", "All figures", 100, heading="All figures in the data file")


def _collect_views() -> tuple[View, ...]:
    """Every figures module's declared views, and the two above, in menu order; a duplicate id is an error."""
    modules = [importlib.import_module(f"{figures_package.__name__}.{info.name}")
               for info in pkgutil.iter_modules(figures_package.__path__)]
    views = [v for module in modules for v in getattr(module, "EXPLORER_VIEWS", ())] + [CLAIMS_VIEW, ALL_FIGURES_VIEW]
    for attribute in ("id", "menu_position"):
        values = [getattr(v, attribute) for v in views]
        if len(set(values)) != len(values):
            raise ValueError(f"two explorer views share a {attribute}: {sorted(values, key=str)}")
    return tuple(sorted(views, key=lambda v: v.menu_position))


VIEWS: tuple[View, ...] = _collect_views()
VIEW_IDS = tuple(v.id for v in VIEWS)
DEFAULT_VIEW = alendronate.EXPLORER_VIEWS[0].id  # a link without ?view= opens it
# Topics a link may name that no figure row has: they open a view of their own (the claim check).
NON_FIGURE_TOPICS = tuple(t for v in VIEWS if not v.builders() for t in v.topics)

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


def explorer_query(topic: str) -> dict[str, str]:
    """The query string of a link that opens the explorer on an evidence topic (the walker's outcome links).

    The view that declares the topic; a topic no view declares opens All figures, filtered to it.
    """
    view_id = next((v.id for v in VIEWS if topic in v.topics), ALL_FIGURES_VIEW.id)
    return {"view": view_id, **({"topic": topic} if view_id == ALL_FIGURES_VIEW.id else {})}


def all_chart_specs(figures: pd.DataFrame, references: pd.DataFrame) -> list[ChartSpec]:
    """Every chart the explorer can draw (widget charts at their sample values), for the data-file check."""
    return [build(figures, references) for v in VIEWS for build in v.builders()]


def chart_problems(evidence: Evidence, file_name: str) -> list[Problem]:
    """Rows the charts cannot draw, as located problems (for `python -m vcf_logic check`)."""
    try:
        all_chart_specs(evidence.figures, evidence.references)
    except ChartDataError as exc:
        return [Problem(file_name, f"figures/{exc.figure_id}", exc.field, exc.message)]
    return []


def claims_for_figures(claims: pd.DataFrame, figure_ids: Iterable[str]) -> pd.DataFrame:
    """The summary's claims that rest on any of these figure rows."""
    wanted = set(figure_ids)
    return claims[claims["figures"].map(lambda ids: bool(wanted & set(ids)))]


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


MAX_SEARCH_CHARS = 200  # the search box's max_chars; a search is bounded here too, whatever a client sends
MAX_SEARCH_WORDS = 12


def filter_figures(figures: pd.DataFrame, topics: Iterable[str] = (), designs: Iterable[str] = (),
                   statuses: Iterable[str] = (), text: str = "") -> pd.DataFrame:
    """Rows matching every filter given; an empty filter keeps everything; text must match every word."""
    keep = pd.Series(True, index=figures.index)
    for column, chosen in (("topic", topics), ("design", designs), ("status", statuses)):
        chosen = list(chosen)
        if chosen:
            keep &= figures[column].isin(chosen)
    text = " ".join(text.split()[:MAX_SEARCH_WORDS])[:MAX_SEARCH_CHARS]  # a 400 kB paste cost 15.7 s of CPU
    if text:
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


def stances_caption(stances: pd.DataFrame) -> str:
    """What the side-by-side ratings rest on, counted from their statuses (a rating not verified is marked)."""
    counts = stances["status"].value_counts()
    verified = int(counts.get("verified", 0))
    if verified == len(stances):
        return "Every rating here was verified in the guideline itself; each column is the edition cited."
    others = ", ".join(f"{STATUS_LABELS[status]}: {count}" for status, count in counts.items() if status != "verified")
    return (f"{verified} of {len(stances)} ratings were verified in the guideline itself; the others are marked "
            f"with their status ({others}). Each column is the edition cited.")


def claim_markdown(claim: dict) -> str:
    """A row of `claims_table` as one Markdown block: verdict and statement, the two sides, why, the sources."""
    return (f"**{claim['status']}** — {escape_markdown(claim['summary_statement'])}\n\n"
            f"| *The summary says* | *The primary source says* |\n|---|---|\n"
            f"| {_table_cell(claim['summary_says'])} | {_table_cell(claim['source_says'])} |\n\n"
            f":gray[Why: {escape_markdown(claim['reason'])}]  \n"
            f":gray[Sources: {escape_markdown(claim['references'])}]")


def claim_summary_markdown(claim: dict) -> str:
    """A claim as one line under a chart: the verdict, what the summary says, why."""
    return f"{claim['status']} — *{escape_markdown(claim['summary_says'])}*  \n{escape_markdown(claim['reason'])}"


def _table_cell(text: str) -> str:
    """Data-file text for one Markdown table cell: escaped (pipes included), on one line."""
    return " ".join(escape_markdown(text).split())


def unverified_mark(status: str) -> str:
    """A rating's status mark in brackets (' (⚠️ differs)') unless it is verified: then nothing."""
    return "" if status == "verified" else f" ({STATUS_MARK[status]})"


def stance_column_markdown(label: str, rows: pd.DataFrame) -> str:
    """One guideline's ratings, scenario by scenario, as one Markdown block; a rating not verified is marked."""
    parts = [f"**{escape_markdown(label)}**"]
    for scenario, group in rows.groupby("scenario", sort=False):
        parts.append(f":gray[{escape_markdown(scenario)}]")
        parts.append("\n".join(f"- {escape_markdown(r['intervention'])}: **{escape_markdown(r['rating'])}**"
                               + unverified_mark(r["status"])
                               for r in group.to_dict("records")))
    return "\n\n".join(parts)


def figures_table(figures: pd.DataFrame) -> pd.DataFrame:
    """The All figures table: the chart columns plus why a figure's status is what it is."""
    return data_table(figures).assign(status_reason=figures["status_reason"].to_numpy(),
                                      summary_value=figures["summary_value"].to_numpy())


def shown_table(table: pd.DataFrame) -> tuple[pa.Table, str]:
    """A table ready to show and download: Arrow for st.dataframe, and its CSV text."""
    return pa.Table.from_pandas(table, preserve_index=False), csv_text(table)


class ExplorerData:
    """What the explorer derives from one evidence file: each table, text and chart built on first use, then kept.

    One instance per data file (the page shares it through one cache keyed by the file's digest), so nothing here
    is rebuilt on a rerun. Sessions share it: callers only read what it returns (filtering makes a new frame).
    Results that depend on an argument (a view, a population, a slider value) have small caches of their own.
    """

    def __init__(self, evidence: Evidence):
        self.evidence = evidence
        self.view_charts = lru_cache(maxsize=len(VIEWS))(self._view_charts)
        self.view_warning = lru_cache(maxsize=len(VIEWS))(self._view_warning)
        self.icon_chart = lru_cache(maxsize=8)(self._icon_chart)
        self.baseline_chart = lru_cache(maxsize=256)(self._baseline_chart)
        self.slider_effect = lru_cache(maxsize=256)(self._slider_effect)
        self.claims_behind = lru_cache(maxsize=32)(self._claims_behind)
        self.claims_markdown = lru_cache(maxsize=64)(self._claims_markdown)
        self.guideline_rows = lru_cache(maxsize=8)(self._guideline_rows)
        self.view_claims = lru_cache(maxsize=len(VIEWS))(self._view_claims)
        self.findings_table = lru_cache(maxsize=32)(self._findings_table)
        self.findings_shown = lru_cache(maxsize=32)(self._findings_shown)
        self.second_fracture = lru_cache(maxsize=4)(self._second_fracture)
        self.effect_table = lru_cache(maxsize=4)(self._effect_table)
        self.vitamin_d = lru_cache(maxsize=4)(self._vitamin_d)
        self.decision_aid = lru_cache(maxsize=256)(self._decision_aid)

    # ---- charts
    def _view_charts(self, view_id: str) -> list[ChartSpec]:
        """The fixed charts of a view (widget charts are built from the widget's value, below)."""
        return [build(self.evidence.figures, self.evidence.references) for build in view(view_id).charts]

    def _view_warning(self, view_id: str) -> str:
        """The warning a view shows above its charts, built from the figure rows, as inert Markdown; empty for none."""
        warning = view(view_id).warning
        return escape_markdown(warning(self.evidence.figures)) if warning else ""

    def _icon_chart(self, population: str, denominator: int = DEFAULT_DENOMINATOR) -> ChartSpec:
        return alendronate.icon_array_chart(self.evidence.figures, self.evidence.references, population, denominator)

    def _baseline_chart(self, baseline_risk: float, denominator: int = DEFAULT_DENOMINATOR) -> ChartSpec:
        return alendronate.baseline_risk_chart(self.evidence.figures, self.evidence.references, baseline_risk,
                                               denominator)

    def _findings_table(self, table: str, denominator: int) -> pd.DataFrame:
        e = self.evidence
        return summary_of_findings.sof_table(e.findings, e.figures, e.references, table, denominator)

    def _findings_shown(self, table: str, denominator: int) -> tuple[pa.Table, str, str] | None:
        """A summary-of-findings table ready to show: Arrow, the certainty notes as Markdown, and its CSV."""
        frame = self.findings_table(table, denominator)
        if frame.empty:
            return None
        notes = "\n".join(f"- **{escape_markdown(row.outcome)}** ({escape_markdown(row.comparison)}): certainty "
                          f"{escape_markdown(row.certainty)}. {escape_markdown(row.reason_for_doubt)}  \n"
                          f"*{escape_markdown(row.plain_language)}*" for row in frame.itertuples())
        shown = pa.Table.from_pandas(frame.drop(columns=["reason_for_doubt", "plain_language"]), preserve_index=False)
        return shown, notes, csv_text(frame)

    def _second_fracture(self, denominator: int) -> tuple[ChartSpec, pd.DataFrame]:
        e = self.evidence
        return (bone_protection.comparison_chart(e.figures, e.references, denominator),
                bone_protection.effect_table(e.figures, denominator))

    def _vitamin_d(self, denominator: int) -> ChartSpec:
        return vitamin_d.rates_chart(self.evidence.figures, self.evidence.references, denominator)

    def _decision_aid(self, baseline_risk: float, denominator: int) -> tuple[ChartSpec, pd.DataFrame, str]:
        """The decision aid at one risk: its chart, its options table and the printable sheet."""
        e = self.evidence
        table = decision_aid.options_table(e.figures, baseline_risk, denominator)
        return (decision_aid.options_chart(e.figures, e.references, baseline_risk, denominator), table,
                decision_aid.printable_sheet(table, baseline_risk, denominator))

    # ---- claims
    @cached_property
    def all_claims(self) -> pd.DataFrame:
        e = self.evidence
        return claims_table(e.claims, e.statements, e.references)

    @cached_property
    def all_claims_csv(self) -> str:
        return csv_text(self.all_claims)

    @cached_property
    def claim_counts(self) -> str:
        """'✅ verified: 20 · ⚠️ differs: 5 · ...' over every claim."""
        counts = self.all_claims["status"].value_counts()
        return " · ".join(f"{status}: {counts.get(status, 0)}" for status in STATUS_MARK.values())

    @cached_property
    def claim_blocks(self) -> tuple[tuple[str, str], ...]:
        """Each claim's status mark and its Markdown block (`claim_markdown`), in the claims table's order."""
        return tuple((claim["status"], claim_markdown(claim)) for claim in self.all_claims.to_dict("records"))

    def _claims_markdown(self, statuses: frozenset[str]) -> str:
        """The claim check's claims with these status marks (all for none) as one Markdown block, each claim
        followed by a rule; empty if none has them. One element: each element costs every rerun ~0.3 ms."""
        return "\n\n".join(f"{block}\n\n---" for status, block in self.claim_blocks
                             if not statuses or status in statuses)

    def _view_claims(self, view_id: str) -> tuple[str, ...]:
        """The claims resting on a view's rows: its fixed charts' and the extra rows it names (`claim_figures`)."""
        ids = tuple(i for spec in self.view_charts(view_id) for i in spec.figure_ids) + view(view_id).claim_figures
        return self.claims_behind(ids)

    def _claims_behind(self, figure_ids: tuple[str, ...]) -> tuple[str, ...]:
        """One Markdown line for each claim resting on any of these figure rows (`claim_summary_markdown`)."""
        e = self.evidence
        table = claims_table(claims_for_figures(e.claims, figure_ids), e.statements, e.references)
        return tuple(claim_summary_markdown(claim) for claim in table.to_dict("records"))

    # ---- alendronate
    def _effect_table(self, denominator: int = DEFAULT_DENOMINATOR) -> pa.Table:
        return pa.Table.from_pandas(alendronate.effect_table(self.evidence.figures, denominator),
                                    preserve_index=False)

    @cached_property
    def nnt_rounding_note(self) -> str:
        return alendronate.nnt_rounding_note(self.evidence.figures)

    @cached_property
    def population_labels(self) -> dict[str, str]:
        return {p.key: p.label for p in alendronate.fit_populations(self.evidence.figures)}

    @cached_property
    def default_baseline_risk(self) -> float:
        return alendronate.default_baseline_risk(self.evidence.figures)

    def _slider_effect(self, baseline_risk: float) -> BaselineRiskEffect:
        return alendronate.slider_effect(self.evidence.figures, baseline_risk)

    def prepare_first_request(self, view_id: str) -> None:
        """Make what a view shows before a student touches a widget (`vcf_ui.serve.preload`, at server start).

        The widget charts are called as the page calls them, with the widgets' defaults (the first population,
        the default risk, DEFAULT_DENOMINATOR), so that the page finds them in the caches.
        """
        charts = list(self.view_charts(view_id))
        if view_id == "alendronate":
            charts += [self.icon_chart(next(iter(self.population_labels)), DEFAULT_DENOMINATOR),
                       self.baseline_chart(self.default_baseline_risk, DEFAULT_DENOMINATOR)]
            self.effect_table(DEFAULT_DENOMINATOR)
            self.slider_effect(self.default_baseline_risk)
        for spec in charts:
            spec.prepare()

    # ---- calcitonin, guidelines, all figures
    @cached_property
    def safety_notices(self) -> tuple[str, ...]:
        """Each regulator's notice as one Markdown line: subject, date, text and its sources."""
        e = self.evidence
        return tuple(f"**{escape_markdown(notice['subject'])}** ({escape_markdown(notice['date'])}): "
                     f"{escape_markdown(notice['text'])} "
                     f"*{escape_markdown('; '.join(e.citation_label(r) for r in notice['references']))}*"
                     for notice in e.safety_notices.to_dict("records"))

    @cached_property
    def safety_facts(self) -> tuple[str, pd.DataFrame]:
        return calcitonin.safety_facts(self.evidence.figures)

    @cached_property
    def safety_markdown(self) -> str:
        """The regulators' notices and the key safety numbers, one paragraph each, as one Markdown block."""
        return "\n\n".join((*self.safety_notices, escape_markdown(self.safety_facts[0])))

    @cached_property
    def harms_markdown(self) -> str:
        """The harms a patient must hear about (`bone_protection.harms_table`), headed, as one Markdown list."""
        return "\n".join(["**Harms a patient must hear about**\n"]
                         + [f"- **{escape_markdown(h.harm)}** ({escape_markdown(h.drugs)}): {escape_markdown(h.size)}"
                            for h in bone_protection.harms_table(self.evidence.figures).itertuples()])

    def _guideline_rows(self, guidelines: tuple[str, ...]) -> str:
        """What some guidelines rate, headed, as one Markdown list; a rating not verified is marked with its
        status. Empty if the data file has no rating of theirs."""
        e = self.evidence
        stances = e.guideline_stances
        rows = stances[stances["guideline"].isin(guidelines)]
        if rows.empty:
            return ""
        return "\n".join(["**What guidelines say**\n"] + [
            f"- {escape_markdown(e.citation_label(r.guideline))}, {escape_markdown(r.scenario)}: "
            f"{escape_markdown(r.intervention)}: **{escape_markdown(r.rating)}**"
            + unverified_mark(r.status) for r in rows.itertuples()])

    @cached_property
    def stances_by_guideline(self) -> dict[str, pd.DataFrame]:
        return stances_by_guideline(self.evidence.guideline_stances, self.evidence.references)

    @cached_property
    def stance_columns(self) -> tuple[str, ...]:
        """One Markdown block per guideline, for the side-by-side columns (`stance_column_markdown`)."""
        return tuple(stance_column_markdown(label, rows) for label, rows in self.stances_by_guideline.items())

    @cached_property
    def stances_caption(self) -> str:
        return stances_caption(self.evidence.guideline_stances)

    @cached_property
    def stances_csv(self) -> str:
        return csv_text(self.evidence.guideline_stances)

    @cached_property
    def all_figures(self) -> tuple[pa.Table, str]:
        return shown_table(figures_table(self.evidence.figures))


# The one `ExplorerData` of each evidence version for the whole process: every session and the preload.
shared_explorer_data: PerVersion[ExplorerData] = PerVersion(ExplorerData, keep=8)
