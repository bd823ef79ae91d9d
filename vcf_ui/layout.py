"""The setup every page runs first: page config, the validated data, the sidebar."""

from __future__ import annotations

import os

import streamlit as st

from vcf_logic.evidence import EVIDENCE_FILE, DataFileError, Evidence, load_evidence
from vcf_ui.page_registry import PAGES, Page
from vcf_ui.presenter import apply_presenter_mode

DISCLAIMER = (
    "Teaching material only — not a medical device and not medical advice. "
    "It does not replace clinical judgement or local guidelines, and it stores no patient data."
)


@st.cache_resource(show_spinner=False)
def cached_evidence() -> Evidence:
    """Load once per process; the file is edited offline and the app restarted.

    One shared object for every session and rerun (cache_resource): cache_data would unpickle a fresh
    copy on every rerun, which cost more than the rest of a simple page. So pages treat it as read-only:
    derive new frames from it, never assign into it (tests/test_session_isolation_apptest.py checks).
    VCF_EVIDENCE_FILE points the app at another copy, so an editor can preview a draft.
    """
    evidence = load_evidence(os.environ.get("VCF_EVIDENCE_FILE", EVIDENCE_FILE))
    evidence.build_frames()  # built before sharing, so no two sessions build them at once
    return evidence


def stop_on_bad_data(what: str, exc: DataFileError) -> None:
    """Show every located problem of a data file (`what` names it) and stop the page: no traceback."""
    st.error(f"The {what} could not be used. Fix these entries and restart the app:")
    for problem in exc.problems:
        st.error(str(problem))
    st.stop()


def sidebar_navigation() -> None:
    with st.sidebar:
        st.markdown("### 🦴 VCF teaching dashboard")
        for page in PAGES:
            st.page_link(page.path, label=page.label, icon=page.icon)
        st.divider()
        st.caption(DISCLAIMER)


def setup_page(page: Page) -> Evidence:
    """Configure the page, draw the sidebar and return the validated evidence."""
    st.set_page_config(page_title=f"{page.label} · VCF teaching dashboard", page_icon=page.icon, layout="wide")
    sidebar_navigation()
    apply_presenter_mode()
    try:
        evidence = cached_evidence()
    except DataFileError as exc:
        stop_on_bad_data("evidence data file", exc)
    return evidence
