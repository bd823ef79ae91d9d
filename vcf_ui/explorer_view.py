"""Streamlit rendering for the evidence explorer: the view picker, the generic chart view and the custom ones.

A view is declared once, in vcf_logic (see `vcf_logic.figures.view`). Here a view is drawn by `chart_view`
(heading, warning, charts, the claims behind them) unless a function is registered for its id with
`@renders("<view id>")`: only views that lay out more than their charts (widgets, tables, sections) need one.
Everything the views derive from the data file comes from one `ExplorerData` per file, built once and shared.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pyarrow as pa
import streamlit as st

from vcf_logic import explorer as ev
from vcf_logic.data_files import Problem
from vcf_logic.effect_sizes import BaselineRiskEffect
from vcf_logic.evidence import Evidence
from vcf_logic.figures.common import ChartDataError, ChartSpec, fmt
from vcf_logic.figures.view import View
from vcf_logic.wording import escape_markdown

VIEW_KEY = "evidence_view"
EFFECT_COLUMNS = ("population", "follow_up", "placebo_risk_pct", "alendronate_risk_pct",
                  "absolute_risk_reduction_points", "relative_risk_reduction_pct", "number_needed_to_treat")
EFFECT_LABELS = {"population": "Population", "follow_up": "Follow-up", "placebo_risk_pct": "Placebo %",
                 "alendronate_risk_pct": "Alendronate %", "absolute_risk_reduction_points": "ARR (points)",
                 "relative_risk_reduction_pct": "RRR %", "number_needed_to_treat": "NNT"}
CSV_MIME = "text/csv"


# ---- caching: everything derived from a data file lives in one object per file --------------------------

# cache_resource hands every session the same object (no per-rerun unpickling); the evidence's digest is the
# key, so a different data file (VCF_EVIDENCE_FILE in tests) never gets stale tables or charts.

@st.cache_resource(show_spinner=False, max_entries=8)
def _explorer_data(digest: str, _evidence: Evidence) -> ev.ExplorerData:
    return ev.ExplorerData(_evidence)


def explorer_data(evidence: Evidence) -> ev.ExplorerData:
    return _explorer_data(evidence.digest, evidence)


# ---- shared pieces -------------------------------------------------------------------------------------

def choose_view() -> str:
    """The view picked in the control, preselected from `?view=`; the URL follows the choice."""
    view_id, valid = ev.parse_view(st.query_params.get("view"))
    if not valid:
        st.info(f"That link asked for a view this page does not have; showing "
                f"{ev.view(view_id).label} instead.", icon="ℹ️")
    labels = {v.id: v.label for v in ev.VIEWS}
    chosen = st.segmented_control("View", ev.VIEW_IDS, format_func=labels.get, default=view_id, key=VIEW_KEY,
                                  required=True)
    chosen = chosen or view_id
    if st.query_params.get("view") != chosen:
        st.query_params["view"] = chosen
    return chosen


def data_expander(table: pd.DataFrame, name: str, label: str = "Data", csv: str | None = None,
                  shown: pa.Table | None = None) -> None:
    """The numbers as a table and a CSV download; pass `csv` and `shown` (Arrow) when already made (cached)."""
    with st.expander(label):
        st.dataframe(table if shown is None else shown, hide_index=True)
        st.download_button("Download CSV", table.to_csv(index=False) if csv is None else csv,
                           file_name=f"{name}.csv", mime=CSV_MIME, key=f"{name}_csv")


def show_claims_behind(evidence: Evidence, specs: list[ChartSpec], extra_ids: tuple[str, ...] = ()) -> None:
    """What the clinical summary claims from these charts' rows, with the verdict, as in the claim check."""
    ids = tuple(i for spec in specs for i in spec.figure_ids) + tuple(extra_ids)
    claims = explorer_data(evidence).claims_behind(ids)
    if claims.empty:
        return
    with st.container(border=True):
        st.markdown("**What the clinical summary claims from these numbers**")
        for claim in claims.itertuples():
            st.markdown(f"{claim.status} — *{escape_markdown(claim.summary_says)}*  \n"
                        f"{escape_markdown(claim.reason)}")
        st.caption("The full comparison with each primary source is in the Claim check view.")


def show_chart(spec: ChartSpec) -> None:
    """The chart, its citation caption, a text description, any teaching note, and its data."""
    st.plotly_chart(spec.figure, key=spec.key, theme=None, alt=spec.alt_text,
                    config={"displaylogo": False, "displayModeBar": False})  # no toolbar over the titles
    st.caption(escape_markdown(spec.caption))
    st.caption(f"**Chart description:** {escape_markdown(spec.alt_text)}")
    for note in spec.notes:
        st.info(escape_markdown(note), icon="🧠")
    data_expander(spec.table, spec.key, csv=spec.csv(), shown=spec.arrow_table)


# ---- views ---------------------------------------------------------------------------------------------

Renderer = Callable[[View, Evidence], None]
RENDERERS: dict[str, Renderer] = {}


def renders(view_id: str) -> Callable[[Renderer], Renderer]:
    """Register the function that draws a declared view in place of `chart_view`."""
    if view_id not in ev.VIEW_IDS:
        raise ValueError(f"no explorer view '{view_id}' is declared (vcf_logic.figures, explorer)")

    def register(renderer: Renderer) -> Renderer:
        RENDERERS[view_id] = renderer
        return renderer
    return register


def chart_view(view: View, evidence: Evidence) -> None:
    """A view as declared: its heading, its warning, its charts in order, and the claims resting on them."""
    st.header(view.heading or view.label)
    if view.warning:
        st.warning(escape_markdown(view.warning(evidence.figures)), icon="⚠️")
    specs = explorer_data(evidence).view_charts(view.id)
    for spec in specs:
        show_chart(spec)
    show_claims_behind(evidence, specs, view.claim_figures)


@renders("alendronate")
def alendronate_view(view: View, evidence: Evidence) -> None:
    data = explorer_data(evidence)
    st.header(view.heading)
    specs = data.view_charts(view.id)
    for spec in specs:
        show_chart(spec)
    show_claims_behind(evidence, specs, view.claim_figures)
    st.markdown("**What the trial numbers mean** (computed from the rows above)")
    st.dataframe(data.effect_table, hide_index=True, column_order=EFFECT_COLUMNS, column_config=EFFECT_LABELS)
    st.caption(escape_markdown(data.nnt_rounding_note))

    st.markdown("**One hundred women per arm**")
    labels = data.population_labels
    population = st.radio("Population", list(labels), format_func=labels.get, horizontal=True,
                          key="icon_population")
    show_chart(data.icon_chart(population))

    st.markdown("**Your patient's own risk**")
    risk = st.slider("Risk of a new vertebral fracture without treatment (%)", 0.0, 100.0,
                     data.default_baseline_risk, step=0.5, key="baseline_risk")
    show_baseline_effect(data.slider_effect(risk))
    show_chart(data.baseline_chart(risk))


def show_baseline_effect(effect: BaselineRiskEffect) -> None:
    left, middle, right = st.columns(3)
    left.metric("Fractures prevented per 100 treated", fmt(effect.prevented_per_100),
                help=f"95% CI {fmt(effect.prevented_per_100_low)} to {fmt(effect.prevented_per_100_high)}")
    nnt = effect.number_needed_to_treat
    middle.metric("Number needed to treat (rounded up)", str(nnt) if nnt else "not defined",
                  help="Women treated for one to be spared a fracture over the trial's follow-up.")
    if nnt:
        right.metric("NNT range from the RR's 95% CI",
                     f"{effect.number_needed_to_treat_best} to {effect.number_needed_to_treat_worst}")
    else:
        right.metric("NNT range from the RR's 95% CI", "not defined")


@renders("vp_vs_conservative")
def augmentation_view(view: View, evidence: Evidence) -> None:
    """The sham-controlled trials and kyphoplasty under headings of their own."""
    specs = explorer_data(evidence).view_charts(view.id)
    pain, vapour, free, kaviar, kyphosis = specs
    st.header(view.heading)
    show_chart(pain)
    st.markdown("**The one positive sham-controlled trial**")
    show_chart(vapour)
    st.header("Kyphoplasty")
    for spec in (free, kaviar, kyphosis):
        show_chart(spec)
    show_claims_behind(evidence, specs, view.claim_figures)


@renders("calcitonin")
def calcitonin_view(view: View, evidence: Evidence) -> None:
    """The regulators' warnings, set directly beside (above) the efficacy charts."""
    st.header(view.heading)
    show_safety(evidence)
    specs = explorer_data(evidence).view_charts(view.id)
    for spec in specs:
        show_chart(spec)
    show_claims_behind(evidence, specs, view.claim_figures)


def show_safety(evidence: Evidence) -> None:
    with st.container(border=True):
        st.warning("**Safety warning: regulators restrict calcitonin**", icon="🚫")
        for notice in evidence.safety_notices.itertuples():
            sources = "; ".join(evidence.citation_label(r) for r in notice.references)
            st.markdown(f"**{escape_markdown(notice.subject)}** ({escape_markdown(notice.date)}): "
                        f"{escape_markdown(notice.text)} *{escape_markdown(sources)}*")
        text, table = explorer_data(evidence).safety_facts
        st.markdown(escape_markdown(text))
        data_expander(table, "calcitonin_safety", "Data: safety figures")


@renders("claims")
def claims_view(view: View, evidence: Evidence) -> None:
    data = explorer_data(evidence)
    st.header(view.heading)
    claims = data.all_claims
    counts = claims["status"].value_counts()
    st.caption(" · ".join(f"{status}: {counts.get(status, 0)}" for status in ev.STATUS_MARK.values()))
    statuses = st.multiselect("Show claims with status", list(ev.STATUS_MARK.values()), key="claim_status")
    shown = claims[claims["status"].isin(statuses)] if statuses else claims
    for claim in shown.itertuples():
        with st.container(border=True):
            st.markdown(f"**{claim.status}** — {escape_markdown(claim.summary_statement)}")
            said, source = st.columns(2)
            said.markdown("*The summary says*  \n" + escape_markdown(claim.summary_says))
            source.markdown("*The primary source says*  \n" + escape_markdown(claim.source_says))
            st.caption(f"Why: {escape_markdown(claim.reason)}  \nSources: {escape_markdown(claim.references)}")
    data_expander(shown, "claims", "Data: claims", csv=None if statuses else data.all_claims_csv)
    show_guideline_stances(evidence)


def show_guideline_stances(evidence: Evidence) -> None:
    data = explorer_data(evidence)
    st.header("Guideline stances side by side")
    st.caption(escape_markdown(data.stances_caption))
    by_guideline = data.stances_by_guideline
    for column, (label, rows) in zip(st.columns(len(by_guideline)), by_guideline.items(), strict=True):
        with column:
            st.markdown(f"**{escape_markdown(label)}**")
            for scenario, group in rows.groupby("scenario", sort=False):
                st.caption(escape_markdown(scenario))
                st.markdown("\n".join(f"- {escape_markdown(r.intervention)}: **{escape_markdown(r.rating)}**"
                                      + ("" if r.status == "verified" else f" ({ev.STATUS_MARK[r.status]})")
                                      for r in group.itertuples()))
    data_expander(evidence.guideline_stances, "guideline_stances", "Data: guideline stances",
                  csv=data.stances_csv)


@renders("all_figures")
def all_figures_view(view: View, evidence: Evidence) -> None:
    st.header(view.heading)
    figures = evidence.figures
    topics, designs, statuses, search = st.columns([2, 2, 2, 3])
    topic_default = [t for t in [st.query_params.get("topic")] if t in set(figures["topic"])]
    chosen_topics = topics.multiselect("Topic", sorted(figures["topic"].unique()), default=topic_default,
                                       key="figure_topics")
    chosen_designs = designs.multiselect("Design", sorted(figures["design"].unique()), key="figure_designs")
    chosen_statuses = statuses.multiselect("Status", list(ev.STATUS_MARK), key="figure_statuses")
    text = search.text_input("Search", key="figure_search", placeholder="e.g. VERTOS 1 month")
    shown = ev.filter_figures(figures, chosen_topics, chosen_designs, chosen_statuses, text)
    st.caption(f"{len(shown)} of {len(figures)} figures. Percentages for count rows are events/total.")
    filtered = len(shown) < len(figures)
    table, csv = (ev.shown_table(ev.figures_table(shown)) if filtered
                  else explorer_data(evidence).all_figures)
    st.dataframe(table, hide_index=True, key="all_figures_table")
    st.download_button("Download CSV", csv, file_name="figures.csv", mime=CSV_MIME, key="all_figures_csv")


def show_view(view_id: str, evidence: Evidence) -> None:
    """Draw one view; a data row its charts cannot use stops the view with a located message."""
    view = ev.view(view_id)
    try:
        RENDERERS.get(view_id, chart_view)(view, evidence)
    except ChartDataError as exc:
        problem = Problem(evidence.source, f"figures/{exc.figure_id}", exc.field, exc.message)
        st.error(f"This view cannot be drawn from the data file: {problem}. Run `python -m vcf_logic check`.")
