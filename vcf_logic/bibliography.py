"""Citation text and reference search, for the References page and citation widgets."""

from __future__ import annotations

import re

import pandas as pd

from vcf_logic.evidence import Evidence, citing_entries

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def escape_markdown(text: str) -> str:
    """Make data-file text render literally in st.markdown (no links, HTML or formatting)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def full_citation(ref: pd.Series) -> str:
    """Authors. Title. Source Year;volume:pages. PMID/DOI where known."""
    def known(field: str) -> str | None:  # empty cells come back as None or NaN
        value = ref.get(field)
        return None if value is None or pd.isna(value) or value == "" else str(value)

    parts = [f"{ref['authors'].rstrip('.')}.", f"{ref['title'].rstrip('.')}.", f"{ref['source']} {ref['year']}"]
    if known("volume_pages"):
        parts[-1] += f";{known('volume_pages')}"
    parts[-1] += "."
    if known("pmid"):
        parts.append(f"PMID {known('pmid')}.")
    if known("doi"):
        parts.append(f"DOI {known('doi')}.")
    return " ".join(parts)


def search_references(evidence: Evidence, query: str) -> pd.DataFrame:
    """References whose citation, note or citing statements contain every word of the query."""
    refs = evidence.references
    words = [w for w in query.lower().split() if w]
    if not words:
        return refs
    statements = evidence.statements

    def haystack(ref_id: str) -> str:
        ref = refs.loc[ref_id]
        cited_by = citing_entries(evidence, ref_id).get("statements", [])
        texts = [full_citation(ref), ref["short"], ref["note"], ref_id,
                 *(statements.loc[s, "text"] for s in cited_by)]
        return " ".join(str(t) for t in texts).lower()

    keep = [ref_id for ref_id in refs.index if all(w in haystack(ref_id) for w in words)]
    return refs.loc[keep]
