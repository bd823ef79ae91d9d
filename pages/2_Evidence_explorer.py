"""Evidence explorer: the numbers behind each recommendation, from data/evidence.yaml, explained."""

import streamlit as st

from vcf_ui.explorer_view import explorer
from vcf_ui.layout import setup_page
from vcf_ui.page_registry import EXPLORER

evidence = setup_page(EXPLORER)

st.title("📊 Evidence explorer")
st.caption("Every number on this page is a row of the curated data file. Risks, ARR, RRR, NNT and changes are "
           "computed from those rows, never typed in; each chart's Data panel lists the rows it uses.")

explorer(evidence)
