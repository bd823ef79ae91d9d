"""The learner's session: the case library (cached), the session record, the summary download.

Everything a learner did is kept under one key, `vcf_session_record`, so a page can add to it
and any page can offer the same summary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import streamlit as st

from vcf_logic.engine import Recommendation, recommend_values, validate_case
from vcf_logic.evidence import Evidence
from vcf_logic.pathway import default_pathway
from vcf_logic.session_report import ExploredCase, SessionRecord, build_report, report_filename

RECORD_KEY = "vcf_session_record"
WALKER_ANSWERS_KEY = "walker_answers"


def session_record() -> SessionRecord:
    if RECORD_KEY not in st.session_state:
        st.session_state[RECORD_KEY] = SessionRecord()
    return st.session_state[RECORD_KEY]


def record_case(label: str, source: str, case: Mapping[str, Any], recommendation: Recommendation) -> bool:
    """Add a case to the session summary (once per label and findings)."""
    return session_record().record_case(ExploredCase(
        label=label, source=source, case=dict(case), outcome=recommendation.outcome,
        outcome_title=recommendation.title, references=tuple(recommendation.references),
        cautions=tuple(c.plain() for c in recommendation.cautions)))


def note_walker_case() -> None:
    """Add the Decision walker's walk to the summary once it has reached an outcome.

    The walker keeps its answers under `walker_answers` (vcf_ui.walker_view.ANSWERS_KEY); reading them
    here means the walker needs no change. A walk that cannot be read is simply left out.
    """
    answers = st.session_state.get(WALKER_ANSWERS_KEY)
    if not answers:
        return
    try:
        from vcf_logic.walker_state import progress

        if progress(default_pathway(), answers).outcome is None:
            return
        case = validate_case(answers)
    except (ImportError, ValueError, KeyError, TypeError):
        return
    record_case("Walked case", "decision walker", answers, recommend_values(case))  # only what was answered


def summary_download(evidence: Evidence, key: str) -> None:
    """The session summary as a Markdown file, with a line saying what it holds so far."""
    note_walker_case()
    record = session_record()
    now = dt.datetime.now()
    report = build_report(record, evidence, now).encode("utf-8", "replace")  # no stored text can break it
    st.download_button("⬇️ Download session summary (Markdown)", report,
                       file_name=report_filename(now), mime="text/markdown", key=key, on_click="ignore",
                       help="Cases explored, quiz answers and score, and every reference cited, ready to print.")
    st.caption(f"So far: {len(record.cases)} case(s) explored, {len(record.answers)} quiz answer(s), "
               f"{len(record.references())} reference(s) cited.")
