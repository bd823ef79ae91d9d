"""Citations that expand to the full reference."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from vcf_logic.bibliography import full_citation
from vcf_logic.evidence import Evidence
from vcf_logic.wording import escape_markdown


def citation_labels(evidence: Evidence, ref_ids: Iterable[str]) -> str:
    return ", ".join(evidence.citation_label(r) for r in ref_ids)


def show_citations(evidence: Evidence, ref_ids: Iterable[str]) -> None:
    """One expander per reference: short label closed, full citation open."""
    for ref_id in dict.fromkeys(ref_ids):
        ref = evidence.references.loc[ref_id]
        with st.expander(f"📄 {escape_markdown(evidence.citation_label(ref_id))}"):
            st.markdown(escape_markdown(full_citation(ref)))
            if ref["note"]:
                st.caption(escape_markdown(ref["note"]))
