"""References: the full bibliography, what rests on each source, and a search box."""

import streamlit as st

from vcf_logic.bibliography import matching, shared_bibliography
from vcf_ui.layout import setup_page
from vcf_ui.page_registry import REFERENCES

evidence = setup_page(REFERENCES)

st.title("References")
st.markdown(
    "Every source the dashboard uses. \"Summary's ref.\" gives the clinical summary's own reference number (its "
    "ref. 4 stands for two papers of the same trial); sources without one were added when the summary's claims "
    "were checked."
)
query = st.text_input("Search references", key="reference_query", max_chars=200,
                      placeholder="author, trial, journal, topic…")
entries = shared_bibliography(evidence)
found = matching(entries, query)
st.caption(f"{len(found)} of {len(entries)} references")

for entry in found:
    with st.container(border=True):
        st.markdown(entry.heading)
        if entry.small_print:
            st.caption(entry.small_print)
        with st.expander(f"What rests on this source ({entry.cited_count})"):
            st.markdown(entry.rests_on)
