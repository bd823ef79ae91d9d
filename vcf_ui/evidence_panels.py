"""Streamlit rendering for the evidence explorer: one function per view, charts built (and cached) in vcf_logic."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import streamlit as st

from vcf_logic import evidence_views as ev
from vcf_logic.bibliography import escape_markdown
from vcf_logic.effect_sizes import BaselineRiskEffect
from vcf_logic.evidence import Evidence, Problem
from vcf_logic.figures import alendronate, calcitonin, vertebroplasty
from vcf_logic.figures.common import ChartDataError, ChartSpec, data_table, fmt

VIEW_KEY = "evidence_view"
EFFECT_COLUMNS = ("population", "follow_up", "placebo_risk_pct", "alendronate_risk_pct",
                  "absolute_risk_reduction_points", "relative_risk_reduction_pct", "number_needed_to_treat")
EFFECT_LABELS = {"population": "Population", "follow_up": "Follow-up", "placebo_risk_pct": "Placebo %",
                 "alendronate_risk_pct": "Alendronate %", "absolute_risk_reduction_points": "ARR (points)",
                 "relative_risk_reduction_pct": "RRR %", "number_needed_to_treat": "NNT"}
CSV_MIME = "text/csv"


# ---- caching: figures are pure functions of the data file (and of a slider value) ------------------------

# cache_resource hands every session the same chart objects (no per-rerun unpickling); the evidence's
# digest is the key, so a different data file (VCF_EVIDENCE_FILE in tests) never gets stale charts.

@st.cache_resource(show_spinner=False, max_entries=32)
def _view_charts(view_id: str, digest: str, _evidence: Evidence) -> list[ChartSpec]:
    return ev.chart_specs(view_id, _evidence.figures, _evidence.references)


@st.cache_resource(show_spinner=False, max_entries=8)
def _icon_chart(population: str, digest: str, _evidence: Evidence) -> ChartSpec:
    return alendronate.icon_array_chart(_evidence.figures, _evidence.references, population)


@st.cache_resource(show_spinner=False, max_entries=256)
def _baseline_chart(baseline_risk: float, digest: str, _evidence: Evidence) -> ChartSpec:
    return alendronate.baseline_risk_chart(_evidence.figures, _evidence.references, baseline_risk)


# Tables and numbers the views derive from the data file: computed once per file, not on every rerun.
# Shared by every session, so the views only read them (filtering makes a new frame).
DERIVED = {
    "all_claims": lambda e: ev.claims_table(e.claims, e.statements, e.references),
    "claims_behind": lambda e, ids: ev.claims_table(ev.claims_for_figures(e.claims, ids), e.statements,
                                                    e.references),
    "effect_table": lambda e: pa.Table.from_pandas(alendronate.effect_table(e.figures), preserve_index=False),
    "nnt_rounding_note": lambda e: alendronate.nnt_rounding_note(e.figures),
    "population_labels": lambda e: {p.key: p.label for p in alendronate.fit_populations(e.figures)},
    "default_baseline_risk": lambda e: alendronate.default_baseline_risk(e.figures),
    "slider_effect": lambda e, risk: alendronate.slider_effect(e.figures, risk),
    "safety_facts": lambda e: calcitonin.safety_facts(e.figures),
    "stances_by_guideline": lambda e: ev.stances_by_guideline(e.guideline_stances, e.references),
    "stances_csv": lambda e: e.guideline_stances.to_csv(index=False),
    "all_claims_csv": lambda e: derived(e, "all_claims").to_csv(index=False),
    "all_figures": lambda e: shown_table(figures_table(e.figures)),
}


@st.cache_resource(show_spinner=False, max_entries=512)
def _derived(name: str, args: tuple, digest: str, _evidence: Evidence):
    return DERIVED[name](_evidence, *args)


def derived(evidence: Evidence, name: str, *args):
    """DERIVED[name] for this data file (and these arguments), from the process-wide cache."""
    return _derived(name, args, evidence.digest, evidence)


def figures_table(figures: pd.DataFrame) -> pd.DataFrame:
    """The All figures table: the chart columns plus why a figure's status is what it is."""
    return data_table(figures).assign(status_reason=figures["status_reason"].to_numpy(),
                                      summary_value=figures["summary_value"].to_numpy())


def shown_table(table: pd.DataFrame) -> tuple[pa.Table, str]:
    """A table ready to show and download: Arrow for st.dataframe, and its CSV text."""
    return pa.Table.from_pandas(table, preserve_index=False), table.to_csv(index=False)


def view_charts(view_id: str, evidence: Evidence) -> list[ChartSpec]:
    return _view_charts(view_id, evidence.digest, evidence)


def icon_chart(evidence: Evidence, population: str) -> ChartSpec:
    return _icon_chart(population, evidence.digest, evidence)


def baseline_chart(evidence: Evidence, baseline_risk: float) -> ChartSpec:
    return _baseline_chart(baseline_risk, evidence.digest, evidence)


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
    claims = derived(evidence, "claims_behind", ids)
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
                    config={"displaylogo": False})
    st.caption(escape_markdown(spec.caption))
    st.caption(f"**Chart description:** {escape_markdown(spec.alt_text)}")
    for note in spec.notes:
        st.info(escape_markdown(note), icon="🧠")
    data_expander(spec.table, spec.key, csv=spec.csv(), shown=spec.arrow_table)


# ---- views ---------------------------------------------------------------------------------------------

def alendronate_view(evidence: Evidence) -> None:
    st.subheader("Alendronate and new vertebral fractures (FIT)")
    specs = view_charts("alendronate", evidence)
    for spec in specs:
        show_chart(spec)
    show_claims_behind(evidence, specs)
    st.markdown("**What the trial numbers mean** (computed from the rows above)")
    effects = derived(evidence, "effect_table")
    st.dataframe(effects, hide_index=True, column_order=EFFECT_COLUMNS, column_config=EFFECT_LABELS)
    st.caption(escape_markdown(derived(evidence, "nnt_rounding_note")))

    st.markdown("**One hundred women per arm**")
    labels = derived(evidence, "population_labels")
    population = st.radio("Population", list(labels), format_func=labels.get, horizontal=True,
                          key="icon_population")
    show_chart(icon_chart(evidence, population))

    st.markdown("**Your patient's own risk**")
    default = derived(evidence, "default_baseline_risk")
    risk = st.slider("Risk of a new vertebral fracture without treatment (%)", 0.0, 100.0, default, step=0.5,
                     key="baseline_risk")
    show_baseline_effect(derived(evidence, "slider_effect", risk))
    show_chart(baseline_chart(evidence, risk))


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


def diamond_view(evidence: Evidence) -> None:
    st.subheader("Vertebroplasty pain scores (Diamond 2003)")
    st.warning(vertebroplasty.DESIGN_WARNING + " Sham-controlled trials are in the next view.", icon="⚠️")
    specs = view_charts("vertebroplasty_diamond", evidence)
    for spec in specs:
        show_chart(spec)
    show_claims_behind(evidence, specs)


def augmentation_view(evidence: Evidence) -> None:
    pain, vapour, free, kaviar, kyphosis = view_charts("vp_vs_conservative", evidence)
    st.subheader("Vertebroplasty vs conservative care vs sham")
    show_chart(pain)
    st.markdown("**The one positive sham-controlled trial**")
    show_chart(vapour)
    st.subheader("Kyphoplasty")
    for spec in (free, kaviar, kyphosis):
        show_chart(spec)
    show_claims_behind(evidence, [pain, vapour, free, kaviar, kyphosis])


def calcitonin_view(evidence: Evidence) -> None:
    st.subheader("Calcitonin for acute fracture pain")
    show_safety(evidence)
    specs = view_charts("calcitonin", evidence)
    for spec in specs:
        show_chart(spec)
    show_claims_behind(evidence, specs, calcitonin.SAFETY_ROWS)


def show_safety(evidence: Evidence) -> None:
    """The regulators' warnings, set directly beside (above) the efficacy charts."""
    with st.container(border=True):
        st.warning("**Safety warning: regulators restrict calcitonin**", icon="🚫")
        for notice in evidence.safety_notices.itertuples():
            sources = "; ".join(evidence.citation_label(r) for r in notice.references)
            st.markdown(f"**{escape_markdown(notice.subject)}** ({escape_markdown(notice.date)}): "
                        f"{escape_markdown(notice.text)} *{escape_markdown(sources)}*")
        text, table = derived(evidence, "safety_facts")
        st.markdown(escape_markdown(text))
        data_expander(table, "calcitonin_safety", "Data: safety figures")


def claims_view(evidence: Evidence) -> None:
    st.subheader("Claim check: the summary beside its primary sources")
    claims = derived(evidence, "all_claims")
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
    data_expander(shown, "claims", "Data: claims", csv=None if statuses else derived(evidence, "all_claims_csv"))
    show_guideline_stances(evidence)


def show_guideline_stances(evidence: Evidence) -> None:
    st.subheader("Guideline stances side by side")
    st.caption("Only ratings that were verified in the guideline itself. ACR ratings are from the 2018 revision.")
    by_guideline = derived(evidence, "stances_by_guideline")
    for column, (label, rows) in zip(st.columns(len(by_guideline)), by_guideline.items(), strict=True):
        with column:
            st.markdown(f"**{escape_markdown(label)}**")
            for scenario, group in rows.groupby("scenario", sort=False):
                st.caption(escape_markdown(scenario))
                st.markdown("\n".join(f"- {escape_markdown(r.intervention)}: **{escape_markdown(r.rating)}**"
                                      for r in group.itertuples()))
    data_expander(evidence.guideline_stances, "guideline_stances", "Data: guideline stances",
                  csv=derived(evidence, "stances_csv"))


def all_figures_view(evidence: Evidence) -> None:
    st.subheader("All figures in the data file")
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
    table, csv = shown_table(figures_table(shown)) if filtered else derived(evidence, "all_figures")
    st.dataframe(table, hide_index=True, key="all_figures_table")
    st.download_button("Download CSV", csv, file_name="figures.csv", mime=CSV_MIME, key="all_figures_csv")


RENDERERS = {
    "alendronate": alendronate_view,
    "vertebroplasty_diamond": diamond_view,
    "vp_vs_conservative": augmentation_view,
    "calcitonin": calcitonin_view,
    "claims": claims_view,
    "all_figures": all_figures_view,
}


def show_view(view_id: str, evidence: Evidence) -> None:
    """Draw one view; a data row its charts cannot use stops the view with a located message."""
    try:
        RENDERERS[view_id](evidence)
    except ChartDataError as exc:
        problem = Problem(evidence.source, f"figures/{exc.figure_id}", exc.field, exc.message)
        st.error(f"This view cannot be drawn from the data file: {problem}. Run `python -m vcf_logic check`.")
