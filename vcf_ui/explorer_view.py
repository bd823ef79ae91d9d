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
from vcf_logic import summary_of_findings as sof
from vcf_logic.data_files import Problem
from vcf_logic.effect_sizes import BaselineRiskEffect
from vcf_logic.evidence import Evidence
from vcf_logic.figures import bone_protection, decision_aid
from vcf_logic.figures.absolute import DEFAULT_DENOMINATOR, DENOMINATORS, per
from vcf_logic.figures.common import ChartDataError, ChartSpec, fmt
from vcf_logic.figures.view import View
from vcf_logic.wording import csv_text, escape_markdown
from vcf_ui.presenter import presenter_mode_on

VIEW_KEY = "evidence_view"


def effect_columns(denominator: int) -> tuple[str, ...]:
    """The alendronate effect table's columns shown, in the denominator the toggle chose."""
    return ("population", "follow_up", f"placebo_per_{denominator}", f"alendronate_per_{denominator}",
            f"prevented_per_{denominator}", "relative_risk_reduction_pct", "number_needed_to_treat")


def effect_labels(denominator: int) -> dict[str, str]:
    return {"population": "Population", "follow_up": "Follow-up",
            f"placebo_per_{denominator}": f"Placebo, per {denominator}",
            f"alendronate_per_{denominator}": f"Alendronate, per {denominator}",
            f"prevented_per_{denominator}": f"Prevented per {denominator}", "relative_risk_reduction_pct": "RRR %",
            "number_needed_to_treat": "NNT"}
CSV_MIME = "text/csv"


# ---- caching: everything derived from a data file lives in one object per file --------------------------

def explorer_data(evidence: Evidence) -> ev.ExplorerData:
    """Every session gets the same object (no per-rerun copy); keyed by the file's digest, so a different data
    file (VCF_EVIDENCE_FILE in tests) never gets stale tables or charts. The launcher fills it at server start."""
    return ev.shared_explorer_data(evidence)


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
    """The numbers as a table and a CSV download; pass `csv` and `shown` (Arrow) when already made (cached).

    Drawn only while the reader has the panel open (its state is kept under the key `<name>_data`): a closed
    panel costs a rerun nothing, where a table and a download on every rerun were a quarter of a view's CPU.
    """
    panel = st.expander(label, key=f"{name}_data", on_change="rerun")
    if not panel.open:
        return
    with panel:
        st.dataframe(table if shown is None else shown, hide_index=True)
        st.download_button("Download CSV", csv_text(table) if csv is None else csv,
                           file_name=f"{name}.csv", mime=CSV_MIME, key=f"{name}_csv", on_click="ignore")


def show_claims_behind(evidence: Evidence, view: View) -> None:
    """What the clinical summary claims from the view's rows, with the verdict, as in the claim check."""
    show_claims(explorer_data(evidence).view_claims(view.id))


def show_claims(claims: tuple[str, ...]) -> None:
    """Claims as `ExplorerData.claims_behind` words them, in one box."""
    if not claims:
        return
    with st.container(border=True):
        st.markdown("\n\n".join(("**What the clinical summary claims from these numbers**", *claims)))
        st.caption("The full comparison with each primary source is in the Claim check view.")


# A constant: never format data or query-string text into it. Streamlit sets no attribute on its elements, so this
# ties each chart (its element keyed `<key>`) to its description (the container keyed `<key>_about`): the description
# gets an id and the chart `aria-describedby` it. Run once per page; it follows Streamlit's redraws.
CHART_DESCRIPTIONS_SCRIPT = """
<script>
(() => {
  if (window.vcfChartDescriptions) return;
  window.vcfChartDescriptions = true;
  const link = () => {
    document.querySelectorAll("[class*='st-key-'][class*='_about']").forEach((about) => {
      const name = [...about.classList].find((c) => c.startsWith("st-key-") && c.endsWith("_about"));
      if (!name) return;
      const key = name.slice("st-key-".length, -"_about".length);
      const chart = document.querySelector(`.st-key-${CSS.escape(key)} [data-testid='stPlotlyChart']`);
      if (!chart) return;
      const id = `chart-description-${key}`;
      if (about.id !== id) about.id = id;
      if (chart.getAttribute("aria-describedby") !== id) chart.setAttribute("aria-describedby", id);
    });
  };
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; link(); });
  }).observe(document.body, {childList: true, subtree: true});
  link();
})();
</script>
"""


def show_chart(spec: ChartSpec) -> None:
    """The finding as a title, the chart, its citation caption and text description, any teaching note, its data.

    The title is text on the page (it wraps at any width); the chart is laid out for any width
    (`vcf_logic.figures.screen`); in presenter mode its text grows with the page's.
    """
    st.markdown(spec.title_markdown)
    figure = spec.presenter_figure if presenter_mode_on() else spec.shown_figure
    st.plotly_chart(figure, key=spec.key, theme=None, alt=spec.alt_text,
                    config={"displaylogo": False, "displayModeBar": False})  # no toolbar over the titles
    with st.container(key=f"{spec.key}_about"):  # the chart's description (CHART_DESCRIPTIONS_SCRIPT)
        st.caption(spec.caption_markdown)
    for note in spec.notes_markdown:
        st.info(note, icon="🧠")
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
    data = explorer_data(evidence)
    if warning := data.view_warning(view.id):
        st.warning(warning, icon="⚠️")
    specs = data.view_charts(view.id)
    for spec in specs:
        show_chart(spec)
    show_claims_behind(evidence, view)


@renders("alendronate")
def alendronate_view(view: View, evidence: Evidence) -> None:
    data = explorer_data(evidence)
    st.header(view.heading)
    denominator = choose_denominator()  # the icon arrays, the effect table and the slider's figures follow it
    specs = data.view_charts(view.id)
    for spec in specs:
        show_chart(spec)
    show_claims_behind(evidence, view)
    st.markdown(f"**What the trial numbers mean, per {denominator} women** (computed from the rows above)")
    st.dataframe(data.effect_table(denominator), hide_index=True, column_order=effect_columns(denominator),
                 column_config=effect_labels(denominator), key="alendronate_effects")
    st.caption(escape_markdown(data.nnt_rounding_note))

    st.markdown(f"**{denominator} women per arm**")
    labels = data.population_labels
    population = st.radio("Population", list(labels), format_func=labels.get, horizontal=True,
                          key="icon_population")
    show_chart(data.icon_chart(population, denominator))

    st.markdown("**Your patient's own risk**")
    risk = st.slider("Risk of a new vertebral fracture without treatment (%)", 0.0, 100.0,
                     data.default_baseline_risk, step=0.5, key="baseline_risk")
    show_baseline_effect(data.slider_effect(risk), denominator)
    show_chart(data.baseline_chart(risk, denominator))


def show_baseline_effect(effect: BaselineRiskEffect, denominator: int) -> None:
    left, middle, right = st.columns(3)
    left.metric(f"Fractures prevented per {denominator} treated", fmt(per(effect.prevented_per_100, denominator)),
                help=f"95% CI {fmt(per(effect.prevented_per_100_low, denominator))} to "
                     f"{fmt(per(effect.prevented_per_100_high, denominator))}")
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
    show_claims_behind(evidence, view)


@renders("calcitonin")
def calcitonin_view(view: View, evidence: Evidence) -> None:
    """The regulators' warnings, set directly beside (above) the efficacy charts."""
    st.header(view.heading)
    show_safety(evidence)
    specs = explorer_data(evidence).view_charts(view.id)
    for spec in specs:
        show_chart(spec)
    show_claims_behind(evidence, view)


def show_safety(evidence: Evidence) -> None:
    with st.container(border=True):
        st.warning("**Safety warning: regulators restrict calcitonin**", icon="🚫")
        data = explorer_data(evidence)
        st.markdown(data.safety_markdown)  # the notices and the numbers: one element
        data_expander(data.safety_facts[1], "calcitonin_safety", "Data: safety figures")


@renders("claims")
def claims_view(view: View, evidence: Evidence) -> None:
    data = explorer_data(evidence)
    st.header(view.heading)
    claims = data.all_claims
    st.caption(data.claim_counts)
    statuses = st.multiselect("Show claims with status", list(ev.STATUS_MARK.values()), key="claim_status")
    shown = claims[claims["status"].isin(statuses)] if statuses else claims
    if blocks := data.claims_markdown(frozenset(statuses)):  # all shown claims in one element, built once
        st.markdown(blocks)
    data_expander(shown, "claims", "Data: claims", csv=None if statuses else data.all_claims_csv)
    show_guideline_stances(evidence)


def show_guideline_stances(evidence: Evidence) -> None:
    data = explorer_data(evidence)
    st.header("Guideline stances side by side")
    st.caption(escape_markdown(data.stances_caption))
    for column, block in zip(st.columns(len(data.stance_columns)), data.stance_columns, strict=True):
        column.markdown(block)
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
    text = search.text_input("Search", key="figure_search", placeholder="e.g. VERTOS 1 month",
                              max_chars=ev.MAX_SEARCH_CHARS)
    shown = ev.filter_figures(figures, chosen_topics, chosen_designs, chosen_statuses, text)
    st.caption(f"{len(shown)} of {len(figures)} figures. Percentages for count rows are events/total.")
    filtered = len(shown) < len(figures)
    table, csv = (ev.shown_table(ev.figures_table(shown)) if filtered
                  else explorer_data(evidence).all_figures)
    st.dataframe(table, hide_index=True, key="all_figures_table")
    st.download_button("Download CSV", csv, file_name="figures.csv", mime=CSV_MIME, key="all_figures_csv")


@st.fragment
def explorer(evidence: Evidence) -> None:
    """The view control and the view: a fragment, so a switch or a widget reruns this part of the page only."""
    show_view(choose_view(), evidence)


def show_view(view_id: str, evidence: Evidence) -> None:
    """Draw one view; a data row its charts cannot use stops the view with a located message."""
    view = ev.view(view_id)
    st.html(CHART_DESCRIPTIONS_SCRIPT, unsafe_allow_javascript=True)
    try:
        RENDERERS.get(view_id, chart_view)(view, evidence)
    except ChartDataError as exc:
        problem = Problem(evidence.source, f"figures/{exc.figure_id}", exc.field, exc.message)
        st.error(f"This view cannot be drawn from the data file: {problem}. Run `python -m vcf_logic check`.")


# ---- second edition: absolute effects per 100 or per 1000, summary of findings, second-fracture prevention ----

DENOMINATOR_KEY = "denominator"


def choose_denominator() -> int:
    """The per-100/per-1000 toggle; one session key, so every view that shows absolute effects follows it."""
    chosen = st.segmented_control("Show absolute effects per", DENOMINATORS, default=DEFAULT_DENOMINATOR,
                                  format_func=lambda d: f"{d} people", key=DENOMINATOR_KEY, required=True)
    return int(chosen or DEFAULT_DENOMINATOR)


@renders("summary_of_findings")
def summary_of_findings_view(view: View, evidence: Evidence) -> None:
    st.header(view.heading)
    st.caption("One row per outcome. Certainty is shown only where a published source rated it; otherwise "
               "'not rated', with the design so you can weigh it yourself. Absolute effects are computed from "
               "the two risks in the data file.")
    denominator = choose_denominator()
    for table in sof.tables(evidence.findings):
        st.markdown(f"**{escape_markdown(sof.heading(table))}**")
        ready = explorer_data(evidence).findings_shown(table, denominator)  # built once per table and denominator
        if ready is None:
            st.caption("No finding for this topic in the data file yet: no number was verified in a primary source.")
            continue
        shown, notes, csv = ready
        st.dataframe(shown, hide_index=True, key=f"sof_{table}")
        panel = st.expander("Certainty: the reason for doubt, and the finding in plain words", key=f"sof_{table}_notes",
                            on_change="rerun")
        if panel.open:  # drawn only while open, like the Data panels
            with panel:
                st.markdown(notes)
                st.download_button("Download CSV", csv, file_name=f"sof_{table}.csv", mime=CSV_MIME,
                                   key=f"sof_{table}_csv", on_click="ignore")


@renders("second_fracture")
def second_fracture_view(view: View, evidence: Evidence) -> None:
    st.header(view.heading)
    denominator = choose_denominator()
    data = explorer_data(evidence)
    spec, table = data.second_fracture(denominator)
    show_chart(spec)
    st.markdown(f"**What each trial showed, per {denominator} treated** (computed from the rows above)")
    st.dataframe(table, hide_index=True, key="second_fracture_effects")
    st.markdown(data.harms_markdown)
    if guidelines := data.guideline_rows(bone_protection.GUIDELINES):
        st.markdown(guidelines)
    show_claims(data.claims_behind(tuple(spec.figure_ids) + tuple(view.claim_figures)))


@renders("vitamin_d")
def vitamin_d_view(view: View, evidence: Evidence) -> None:
    """The trial behind 'avoid high pulse doses of vitamin D', in the denominator the toggle chose."""
    st.header(view.heading)
    denominator = choose_denominator()
    data = explorer_data(evidence)
    spec = data.vitamin_d(denominator)
    show_chart(spec)
    show_claims(data.claims_behind(tuple(spec.figure_ids)))


@renders("decision_aid")
def decision_aid_view(view: View, evidence: Evidence) -> None:
    """One patient's risk, and per 100 (or 1000) like her what each option changes, costs and asks, side by side."""
    st.header(view.heading)
    st.warning(decision_aid.TEACHING_AID_NOTICE, icon="🎓")
    data = explorer_data(evidence)
    denominator = choose_denominator()
    risk = st.slider("Her risk of a new vertebral fracture over about 3 years without a bone drug (%)", 0.0, 100.0,
                     data.default_baseline_risk, step=0.5, key="aid_baseline_risk")
    spec, table, sheet = data.decision_aid(risk, denominator)
    st.caption(escape_markdown(decision_aid.ASSUMPTION))
    cards = table.to_dict("records")
    for start in range(0, len(cards), 3):  # three options a row; a phone stacks them
        for column, card in zip(st.columns(3), cards[start:start + 3], strict=False):
            with column.container(border=True):
                st.markdown(f"**{escape_markdown(card['option'])}**  \n{escape_markdown(card['plain_language'])}")
                st.markdown(f"*Asks of her:* {escape_markdown(card['what_it_asks'])}  \n"
                            f"*Harms:* {escape_markdown(card['harms'])}")
    show_chart(spec)
    st.dataframe(table.drop(columns=["plain_language"]), hide_index=True, key="decision_aid_table")
    st.download_button("Download a printable sheet", sheet, file_name="decision_aid.txt", mime="text/plain",
                       key="decision_aid_sheet", on_click="ignore")
