"""References: the full bibliography, what rests on each source, and a search box."""

import streamlit as st

from vcf_logic.bibliography import escape_markdown, full_citation, search_references
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

SECTION_LABELS = {"statements": "Statements", "figures": "Figures", "claims": "Claims checked",
                  "guideline_stances": "Guideline stances", "safety_notices": "Safety notices"}

for ref_id, ref in found.iterrows():
    with st.container(border=True):
        st.markdown(f"**{escape_markdown(evidence.citation_label(ref_id))}**")
        st.markdown(escape_markdown(full_citation(ref)))
        if ref["identification"] != "identified":
            st.caption(f"Identification: {ref['identification']}")
        if ref["note"]:
            st.caption(escape_markdown(ref["note"]))
        cited = citing_entries(evidence, ref_id)
        with st.expander(f"What rests on this source ({sum(map(len, cited.values()))})"):
            for section, ids in cited.items():
                st.markdown(f"*{SECTION_LABELS[section]}*")
                if section == "statements":
                    for sid in ids:
                        st.markdown(f"- {escape_markdown(evidence.statements.loc[sid, 'text'])}")
                elif section == "figures":
                    st.dataframe(evidence.figures.loc[ids, ["measure", "group", "value", "unit", "status"]],
                                 hide_index=True)
                else:
                    st.markdown(", ".join(escape_markdown(i) for i in ids))
