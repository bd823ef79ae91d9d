"""Load and validate the curated evidence file; hand it out as DataFrames."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from vcf_logic.data_files import (
    EVIDENCE,
    Problem,
    file_version,
    raise_problems,
    read_yaml,
    remember_errors,
    validate_or_raise,
)
from vcf_logic.evidence_models import CAUTION_NEEDED, EvidenceFile

EVIDENCE_FILE = EVIDENCE.default

# Sections whose entries carry an `id`, and the fields in them that cite references.
CITING_FIELDS = {
    "statements": ("references",),
    "figures": ("reference",),
    "guideline_stances": ("guideline",),
    "safety_notices": ("references",),
    "claims": ("references",),
    "cautions": ("references",),
    "findings": ("certainty_source",),
}


def _duplicates(ids: Iterable[str]) -> list[str]:
    return [i for i, count in Counter(ids).items() if count > 1]


def evidence_problems(name: str, evidence: EvidenceFile) -> list[Problem]:
    """Checks across entries: unique ids, every citation resolves, no orphan reference."""
    problems: list[Problem] = []
    reference_ids = {r.id for r in evidence.references}
    for section in ("references", *CITING_FIELDS):
        for dup in _duplicates(e.id for e in getattr(evidence, section)):
            problems.append(Problem(name, f"{section}/{dup}", "id", "this id is used more than once"))
    cited: set[str] = set()
    for section, fields in CITING_FIELDS.items():
        for entry in getattr(evidence, section):
            for field in fields:
                value = getattr(entry, field)
                for ref in [value] if isinstance(value, str) else value or []:
                    cited.add(ref)
                    if ref not in reference_ids:
                        problems.append(Problem(name, f"{section}/{entry.id}", field,
                                                f"cites unknown reference '{ref}'"))
    statement_ids = {s.id for s in evidence.statements}
    figure_ids = {f.id for f in evidence.figures}
    for claim in evidence.claims:
        if claim.statement not in statement_ids:
            problems.append(Problem(name, f"claims/{claim.id}", "statement",
                                    f"unknown statement '{claim.statement}'"))
        for fig in claim.figures:
            if fig not in figure_ids:
                problems.append(Problem(name, f"claims/{claim.id}", "figures", f"unknown figure '{fig}'"))
    problems += _caution_problems(name, evidence, statement_ids)
    problems += _finding_problems(name, evidence)
    for ref in sorted(reference_ids - cited):
        problems.append(Problem(name, f"references/{ref}", "id",
                                "orphan reference: no statement, figure, stance, notice or claim cites it"))
    return problems


def _caution_problems(name: str, evidence: EvidenceFile, statement_ids: set[str]) -> list[Problem]:
    """Cautions cite known statements; every statement is appraised; every flagged claim has its caution."""
    problems = []
    cautioned = set()
    for caution in evidence.cautions:
        for statement in caution.statements:
            cautioned.add(statement)
            if statement not in statement_ids:
                problems.append(Problem(name, f"cautions/{caution.id}", "statements",
                                        f"unknown statement '{statement}'"))
    appraised = {claim.statement for claim in evidence.claims}
    for statement in evidence.statements:
        if statement.id not in appraised and not statement.not_a_claim:
            problems.append(Problem(name, f"statements/{statement.id}", "not_a_claim",
                                    "no claim appraises this statement: add a claim row, or say why it is not a claim"))
    for claim in evidence.claims:
        if claim.status in CAUTION_NEEDED and claim.statement not in cautioned:
            problems.append(Problem(name, f"claims/{claim.id}", "status",
                                    f"'{claim.status}' needs a caution: add one whose statements list "
                                    f"'{claim.statement}', so it is shown wherever the statement is"))
    return problems


def _finding_problems(name: str, evidence: EvidenceFile) -> list[Problem]:
    """A summary-of-findings row rests on known, described rows that were seen in their source."""
    problems = []
    figures = {f.id: f for f in evidence.figures}
    for finding in evidence.findings:
        for fig_id in finding.figure_ids:
            row = figures.get(fig_id)
            if row is None:
                problems.append(Problem(name, f"findings/{finding.id}", "figures", f"unknown figure '{fig_id}'"))
                continue
            if row.status == "not verified":
                problems.append(Problem(name, f"findings/{finding.id}", "figures",
                                        f"figure '{fig_id}' is not verified, and a finding shows its number"))
            if missing := row.missing_description():
                problems.append(Problem(name, f"figures/{fig_id}", missing[0],
                                        f"a summary-of-findings row ('{finding.id}') cites this figure, so it "
                                        f"needs {', '.join(missing)}"))
    return problems


@dataclass(frozen=True)
class Evidence:
    """The validated evidence file, with each section as a DataFrame.

    `source` names the file; `digest` changes whenever its content does (a cache key for derived charts).
    """

    content: EvidenceFile
    source: str = str(EVIDENCE_FILE)
    digest: str = ""

    def _frame(self, section: str) -> pd.DataFrame:
        rows = [e.model_dump() for e in getattr(self.content, section)]
        if not rows:  # an empty section still has its columns
            model = EvidenceFile.model_fields[section].annotation.__args__[0]
            return pd.DataFrame(columns=list(model.model_fields))
        return pd.DataFrame(rows)

    @cached_property
    def references(self) -> pd.DataFrame:
        frame = self._frame("references").astype({"year": "Int64"})  # whole years, blank when unknown
        return frame.set_index("id", drop=False)

    @cached_property
    def statements(self) -> pd.DataFrame:
        return self._frame("statements").set_index("id", drop=False)

    @cached_property
    def figures(self) -> pd.DataFrame:
        return self._frame("figures").set_index("id", drop=False)

    @cached_property
    def guideline_stances(self) -> pd.DataFrame:
        return self._frame("guideline_stances")

    @cached_property
    def safety_notices(self) -> pd.DataFrame:
        return self._frame("safety_notices")

    @cached_property
    def claims(self) -> pd.DataFrame:
        return self._frame("claims").set_index("id", drop=False)

    @cached_property
    def cautions(self) -> pd.DataFrame:
        return self._frame("cautions").set_index("id", drop=False)

    @cached_property
    def findings(self) -> pd.DataFrame:
        return self._frame("findings")

    @cached_property
    def citation_index(self) -> dict[str, dict[str, list[str]]]:
        """Reference id -> section -> ids of the entries citing it, built once."""
        index: dict[str, dict[str, list[str]]] = {}
        for section, fields in CITING_FIELDS.items():
            for entry in getattr(self.content, section):
                cited = [getattr(entry, f) for f in fields]
                for ref in dict.fromkeys(r for v in cited for r in ([v] if isinstance(v, str) else v or [])):
                    index.setdefault(ref, {}).setdefault(section, []).append(entry.id)
        return index

    def build_frames(self) -> None:
        for section in ("references", *CITING_FIELDS):
            getattr(self, section)

    @property
    def meta(self):
        return self.content.meta

    def reference_ids(self) -> set[str]:
        return {r.id for r in self.content.references}

    def citation_label(self, ref_id: str) -> str:
        """The short label a page shows for a reference, with the summary's number where it has one.

        The number is named as the summary's, after the label: the summary's [4] stands for two FIT papers,
        so a bare "[4]" in front of each would number two papers alike.
        """
        ref = self.references.loc[ref_id]
        number = ref["summary_number"]
        return f"{ref['short']} (summary's ref. {int(number)})" if pd.notna(number) else ref["short"]


def validate_evidence(raw: dict, name: str = str(EVIDENCE_FILE)) -> Evidence:
    """Validate a parsed evidence mapping; raise DataFileError listing every problem."""
    content = validate_or_raise(EvidenceFile, raw, name)
    raise_problems(evidence_problems(name, content))
    return Evidence(content, source=name, digest=hashlib.sha256(repr(raw).encode()).hexdigest())


def load_evidence(path: Path | str = EVIDENCE_FILE) -> Evidence:
    path = Path(path)
    return validate_evidence(read_yaml(path), str(path))


@remember_errors(maxsize=4)  # a broken file's located problems are cached too
def _evidence_at(path: str, version: tuple[int, int] | None) -> Evidence:
    evidence = load_evidence(path)
    evidence.build_frames()  # before anyone shares it, so no two sessions build them at once
    return evidence


def default_evidence() -> Evidence:
    """The evidence file in use (VCF_EVIDENCE_FILE or data/), parsed once per saved version of it.

    One shared object for the process: the pathway, the case library and every page read this one.
    Treat it as read-only: derive new frames from it, never assign into it.
    """
    path = EVIDENCE.path()
    return _evidence_at(str(path), file_version(path))


def citing_entries(evidence: Evidence, ref_id: str) -> dict[str, list[str]]:
    """Which statements, figures, claims, stances and notices rest on one reference."""
    return evidence.citation_index.get(ref_id, {})
