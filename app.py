"""Home page: what the dashboard is, how to use it, and its limits."""

import streamlit as st

from vcf_logic.explorer import STATUS_MARK
from vcf_logic.wording import DISCLAIMER, escape_markdown
from vcf_ui.citations import citation_labels
from vcf_ui.layout import setup_page
from vcf_ui.page_registry import HOME, PAGES

evidence = setup_page(HOME)
meta = evidence.meta

st.title("Vertebral compression fractures: a teaching dashboard")
st.warning(DISCLAIMER, icon="⚠️")

headline = evidence.statements.loc["headline"]
st.header("The pathway in one sentence")
st.markdown(f"> {escape_markdown(headline['text'])}")
st.caption(f"Cited in the summary as: {citation_labels(evidence, headline['references'])}")
for claim in (c for c in evidence.content.claims if c.statement == "headline"):
    st.markdown(f"**Claim check: {STATUS_MARK[claim.status]}.** {escape_markdown(claim.reason)}")
for caution in (c for c in evidence.content.cautions if "headline" in c.statements):
    st.warning(f"**{escape_markdown(caution.title)}.** {escape_markdown(caution.text)}", icon="⚠️")

st.header("What you can do here")
left, right = st.columns(2)
with left:
    st.markdown(
        "**In a class** — project the *Decision walker* and answer one question at a time with the room; "
        "copy the link from the address bar to share the exact step. Open the *Evidence explorer* when "
        "someone asks *how good is that evidence?*"
    )
with right:
    st.markdown(
        "**On your own** — walk the pathway, then check every number behind it: where the clinical summary "
        "agrees with its primary sources, where it differs, and where sham-controlled trials contest it."
    )
st.markdown("**Pages**")
for page in PAGES[1:]:
    st.page_link(page.path, label=page.label, icon=page.icon)

st.header("About the content")
st.markdown(
    f"Source summary: *{escape_markdown(meta.summary_title)}* (last updated {meta.summary_updated:%d %B %Y}). "
    f"Content reviewed on **{meta.content_reviewed:%d %B %Y}** by {escape_markdown(meta.reviewed_by)}."
)
content = evidence.content
st.markdown(
    f"The data file holds {len(content.references)} references, {len(content.statements)} statements, "
    f"{len(content.figures)} figures and {len(content.claims)} appraised claims; each number names its source."
)
