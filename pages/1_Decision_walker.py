"""Decision walker: one question at a time through the pathway, the flowchart beside it."""

import streamlit as st

from vcf_logic.walker_state import progress
from vcf_ui.layout import pathway_or_stop, setup_page
from vcf_ui.page_registry import WALKER
from vcf_ui.walker_view import (
    bring_step_into_view,
    current_answers,
    show_ambiguities,
    show_answers_so_far,
    show_controls,
    show_flowchart,
    show_notices,
    show_outcome_card,
    show_progress,
    show_question,
    show_share_link,
    show_thresholds,
)

evidence = setup_page(WALKER)
pathway = pathway_or_stop()
answers = current_answers(pathway)
view = progress(pathway, answers)

st.title("Decision walker")
st.caption("Answer one question at a time; the flowchart shows where each answer leads. Teaching material, "
           "not a clinical decision tool.")
show_notices()

walker, chart = st.columns([2, 3], gap="small")
with walker:
    show_progress(view)
    if view.current:
        show_question(pathway, view.current)
    else:
        show_outcome_card(pathway, evidence, view, answers)
    show_controls(pathway, view)
    show_answers_so_far(pathway, view, answers)
    show_share_link(answers)
    bring_step_into_view(view)
with chart:
    st.header("The whole pathway")
    show_flowchart(pathway, view)
    show_thresholds(pathway)
    show_ambiguities(pathway)
