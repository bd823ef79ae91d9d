"""Decision walker: one question at a time through the pathway, the flowchart beside it."""

import streamlit as st

from vcf_ui.layout import pathway_or_stop, setup_page
from vcf_ui.page_registry import WALKER
from vcf_ui.walker_view import walker

evidence = setup_page(WALKER)
pathway = pathway_or_stop()

st.title("Decision walker")
st.caption("Answer one question at a time; the flowchart shows where each answer leads. Teaching material, "
           "not a clinical decision tool.")

walker(pathway, evidence)
