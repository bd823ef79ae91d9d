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

    year = known("year") or "(year unknown)"
    parts = [f"{ref['authors'].rstrip('.')}.", f"{ref['title'].rstrip('.')}.", f"{ref['source']} {year}"]
    if known("volume_pages"):
        parts[-1] += f";{known('volume_pages')}"
    parts[-1] += "."
    if known("pmid"):
        parts.append(f"PMID {known('pmid')}.")
    if known("doi"):
        parts.append(f"DOI {known('doi')}.")
    return " ".join(parts)


def figure_line(figure: pd.Series) -> str:
    """One figure as a line of text: measure, group, value with its interval and unit, status."""
    value = f"{figure['value']:g}"
    if pd.notna(figure["ci_low"]):
        value += f" ({figure['ci_low']:g} to {figure['ci_high']:g})"
    when = f", {figure['timepoint']}" if pd.notna(figure["timepoint"]) and figure["timepoint"] else ""
    return f"{figure['measure']} — {figure['group']}: {value} {figure['unit']}{when} [{figure['status']}]"


SECTION_LABELS = {"statements": "Statements", "figures": "Figures", "claims": "Claims checked",
                  "guideline_stances": "Guideline stances", "safety_notices": "Safety notices"}


def what_rests_on(evidence: Evidence, ref_id: str) -> str:
    """Markdown (data text escaped) listing the statements, figures and other entries citing one reference."""
    lines = []
    for section, ids in citing_entries(evidence, ref_id).items():
        lines.append(f"*{SECTION_LABELS[section]}*\n")
        if section == "statements":
            lines += [f"- {escape_markdown(evidence.statements.loc[i, 'text'])}" for i in ids]
        elif section == "figures":
            lines += [f"- {escape_markdown(figure_line(evidence.figures.loc[i]))}" for i in ids]
        else:
            lines.append(", ".join(escape_markdown(i) for i in ids))
        lines.append("")
    return "\n".join(lines)


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
