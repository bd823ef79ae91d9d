"""Citation text and reference search, for the References page and citation widgets."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from vcf_logic.data_files import PerVersion
from vcf_logic.evidence import Evidence, citing_entries
from vcf_logic.wording import escape_markdown


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
                  "guideline_stances": "Guideline stances", "safety_notices": "Safety notices",
                  "cautions": "Cautions", "findings": "Certainty ratings (summary of findings)"}


def what_rests_on(evidence: Evidence, ref_id: str) -> str:
    """Markdown (data text escaped) listing the statements, figures and other entries citing one reference."""
    lines = []
    for section, ids in citing_entries(evidence, ref_id).items():
        lines.append(f"*{SECTION_LABELS[section]}*\n")
        if section == "statements":
            lines += [f"- {escape_markdown(evidence.statements.loc[i, 'text'])}" for i in ids]
        elif section == "figures":
            lines += [f"- {escape_markdown(figure_line(evidence.figures.loc[i]))}" for i in ids]
        elif section == "cautions":
            lines += [f"- {escape_markdown(evidence.cautions.loc[i, 'title'])}" for i in ids]
        else:
            lines.append(", ".join(escape_markdown(i) for i in ids))
        lines.append("")
    return "\n".join(lines)


@dataclass(frozen=True)
class BibliographyEntry:
    """One reference as the References page shows it: Markdown with data text escaped, made once per file."""

    ref_id: str
    heading: str
    small_print: str
    cited_count: int
    rests_on: str
    search_text: str  # lower case: citation, label, note, id and the statements citing it


def bibliography(evidence: Evidence) -> tuple[BibliographyEntry, ...]:
    """Every reference in file order, with its citation, small print and what rests on it."""
    refs, statements = evidence.references, evidence.statements
    entries = []
    for ref_id, ref in refs.iterrows():
        cited = citing_entries(evidence, ref_id)
        citation = full_citation(ref)
        label = evidence.citation_label(ref_id)
        small_print = " ".join(t for t in (f"Identification: {ref['identification']}."
                                           if ref["identification"] != "identified" else "", ref["note"]) if t)
        searched = [citation, label, ref["short"], ref["note"], ref_id,
                    *(statements.loc[s, "text"] for s in cited.get("statements", []))]
        entries.append(BibliographyEntry(
            ref_id=ref_id, heading=f"**{escape_markdown(label)}**  \n{escape_markdown(citation)}",
            small_print=escape_markdown(small_print), cited_count=sum(map(len, cited.values())),
            rests_on=what_rests_on(evidence, ref_id), search_text=" ".join(map(str, searched)).lower()))
    return tuple(entries)


def matching(entries: Iterable[BibliographyEntry], query: str) -> list[BibliographyEntry]:
    """The entries whose text holds every word of the query (all of them for an empty query)."""
    words = query.lower().split()
    return [entry for entry in entries if all(word in entry.search_text for word in words)]


# `bibliography(evidence)`, built once per data-file version for every session.
shared_bibliography: PerVersion[tuple[BibliographyEntry, ...]] = PerVersion(bibliography, keep=4)
