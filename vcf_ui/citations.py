"""Citations: short labels, and one list of full references."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from vcf_logic.bibliography import full_citation
from vcf_logic.evidence import Evidence
from vcf_logic.wording import escape_markdown


def citation_labels(evidence: Evidence, ref_ids: Iterable[str]) -> str:
    """The short labels of these references, escaped: they are shown as Markdown."""
    return ", ".join(escape_markdown(evidence.citation_label(r)) for r in ref_ids)


def reference_list_markdown(evidence: Evidence, ref_ids: Iterable[str]) -> str:
    """One bulleted list: each reference's label in bold, its full citation, its note; all data text escaped."""
    lines = []
    for ref_id in dict.fromkeys(ref_ids):
        ref = evidence.references.loc[ref_id]
        line = f"- **{escape_markdown(evidence.citation_label(ref_id))}** — {escape_markdown(full_citation(ref))}"
        if ref["note"]:
            line += f"  \n  *{escape_markdown(ref['note'])}*"
        lines.append(line)
    return "\n".join(lines)


def show_reference_list(evidence: Evidence, ref_ids: Iterable[str], heading: str = "References") -> None:
    ids = list(dict.fromkeys(ref_ids))
    if ids:
        st.markdown(f"**{heading}**")
        st.markdown(reference_list_markdown(evidence, ids))
