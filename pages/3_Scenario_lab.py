"""Scenario lab: every finding of a case as a slider or toggle, the recommendation live beside it,
and a what-if comparison against a pinned case."""

import streamlit as st

from vcf_logic.engine import CaseError, recommend_values, validate_case
from vcf_logic.scenario_files import MAX_FILE_BYTES, case_fingerprint, case_to_json, scenario_filename
from vcf_logic.what_if import compare
from vcf_logic.wording import escape_markdown
from vcf_ui import lab
from vcf_ui.layout import case_library_or_stop, setup_page
from vcf_ui.page_registry import LAB
from vcf_ui.presenter import presenter_mode_on
from vcf_ui.recommendation_view import show_recommendation
from vcf_ui.scenario_form import scenario_form
from vcf_ui.session import record_case, summary_download
from vcf_ui.walker_link import decode_walker_link, walker_link
from vcf_ui.what_if_view import show_comparison

evidence = setup_page(LAB)
library = case_library_or_stop()
lab.apply_link(library, decode_walker_link)

st.title("Scenario lab")
st.markdown("Set the findings of a case and watch the recommendation follow. **Pin** a case, change one finding, "
            "and compare the two side by side: what changed, and which rule of the pathway decided it.")

with st.expander("📂 Open a case: from the case library or a scenario file", expanded=not presenter_mode_on()):
    pick_col, file_col = st.columns(2)
    with pick_col:
        st.selectbox("Case library", library.ids(), index=None, key=lab.PICK_KEY, placeholder="Choose a vignette",
                     format_func=lambda vid: library.get(vid).title, on_change=lab.on_pick, args=(library,))
    with file_col:
        st.file_uploader("Scenario file (JSON)", type=["json"], max_upload_size=MAX_FILE_BYTES // 2**20,
                         key=lab.upload_key(), on_change=lab.on_upload, args=(lab.upload_key(),))
lab.show_message()

form_col, result_col = st.columns([2, 3], gap="large")
with form_col:
    st.header("Findings")
    raw_case = scenario_form()
try:
    case = validate_case(raw_case)
except CaseError as exc:
    st.error(f"The recommendation waits for a valid case. {escape_markdown(exc.sentence)}")
    st.stop()
label = lab.current_label(case)
rec = recommend_values(case)

with result_col:
    st.header("Recommendation")
    st.caption(f"Case: {escape_markdown(label)}")
    with st.container(horizontal=True):
        st.button("📌 Pin this case", on_click=lab.pin, args=(label, case), help="Keep a copy to compare against.")
        if st.button("📝 Add to summary", help="Note this case in your session summary."):
            added = record_case(label, "scenario lab", case, rec)
            st.toast("Added to your session summary." if added else "Already in your session summary.")
        st.download_button("⬇️ Download case", case_to_json(case, label), file_name=scenario_filename(label),
                           mime="application/json", on_click="ignore", help="This case as a JSON scenario file.")
        walker_link(case)
    show_recommendation(rec, evidence, reveal_key=f"lab_{case_fingerprint(case)}")

pinned = lab.pinned()
if pinned is not None:
    st.divider()
    comparison = compare(pinned.case, case)
    with st.container(key="lab_whatif"):
        head_col, unpin_col = st.columns([4, 1])
        head_col.header(f"What if? Pinned: {escape_markdown(pinned.label)}")
        unpin_col.button("Unpin", on_click=lab.unpin)
        show_comparison(comparison, reveal_key=f"whatif_{case_fingerprint(pinned.case)}_{case_fingerprint(case)}")
    lab.bring_comparison_into_view(case, comparison)

st.divider()
summary_download(evidence, key="lab_summary")
