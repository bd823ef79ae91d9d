"""References: the full bibliography, what rests on each source, and a search box."""

import streamlit as st

from vcf_logic.bibliography import escape_markdown, full_citation, search_references, what_rests_on
from vcf_logic.evidence import citing_entries
from vcf_ui.layout import setup_page

evidence = setup_page("References", "📚")

st.title("References")
st.markdown(
    "Every source the dashboard uses. Numbers in square brackets are the clinical summary's own reference "
    "numbers; sources without a number were added when the summary's claims were checked."
)
query = st.text_input("Search references", key="reference_query", max_chars=200,
                      placeholder="author, trial, journal, topic…")
found = search_references(evidence, query)
st.caption(f"{len(found)} of {len(evidence.references)} references")

for ref_id, ref in found.iterrows():
    with st.container(border=True):
        st.markdown(f"**{escape_markdown(evidence.citation_label(ref_id))}**  \n{escape_markdown(full_citation(ref))}")
        small_print = [f"Identification: {ref['identification']}." if ref["identification"] != "identified" else "",
                       ref["note"]]
        if any(small_print):
            st.caption(escape_markdown(" ".join(t for t in small_print if t)))
        cited = citing_entries(evidence, ref_id)
        with st.expander(f"What rests on this source ({sum(map(len, cited.values()))})"):
            st.markdown(what_rests_on(evidence, ref_id))
