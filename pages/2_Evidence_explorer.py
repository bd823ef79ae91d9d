"""Evidence explorer (placeholder until the chart views land): every figure, filterable."""

import streamlit as st

from vcf_ui.layout import setup_page

evidence = setup_page("Evidence explorer", "📊")

st.title("Evidence explorer")
figures = evidence.figures
topics = st.multiselect("Topic", sorted(figures["topic"].unique()), key="figure_topics")
shown = figures[figures["topic"].isin(topics)] if topics else figures
st.dataframe(shown.drop(columns=["id"]), hide_index=False)
