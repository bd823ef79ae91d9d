"""Which validator checks which data file, for `python -m vcf_logic check`.

A file is checked as the app loads it, then the files that read it (data_files.DATA_FILES order) are
re-checked against the edited copy, so an edit that breaks a vignette fails where it is made.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from vcf_logic.case_library import check_case_file, load_case_library
from vcf_logic.data_files import CASES, DATA_FILES, PATHWAY, DataFile, DataFileError, Problem
from vcf_logic.evidence import Evidence, load_evidence
from vcf_logic.explorer import chart_problems
from vcf_logic.pathway import Pathway, load_pathway, pathway_summary


def _dependents_hold(changed: Path, pathway: Pathway | None = None, evidence: Evidence | None = None) -> None:
    """Re-check the files that read the changed one; their problems say which file made them fail."""
    try:
        if pathway is None:
            pathway = load_pathway(PATHWAY.path(), evidence)
        reference_ids = evidence.reference_ids() if evidence else None
        load_case_library(CASES.path(), reference_ids, pathway)
    except DataFileError as exc:
        raise DataFileError([Problem(p.file, p.entry, p.field, f"{p.message} (with {changed} as edited)")
                             for p in exc.problems]) from None


def _check_pathway(path: Path) -> str:
    pathway = load_pathway(path)  # loaded once: summarised, then the vignettes walk it
    _dependents_hold(path, pathway=pathway)
    return pathway_summary(pathway) + "; the case library still reaches its expected outcomes"


def _check_evidence(path: Path) -> str:
    """Validate the file, then draw every chart from it: a row the charts cannot use is a problem too."""
    evidence = load_evidence(path)
    problems = chart_problems(evidence, str(path))
    if problems:
        raise DataFileError(problems)
    _dependents_hold(path, evidence=evidence)
    content = evidence.content
    return (f"{len(content.references)} references, {len(content.statements)} statements, "
            f"{len(content.figures)} figures, {len(content.claims)} claims; every chart draws")


# Each data file's validator, returning a one-line summary.
VALIDATORS: dict[str, Callable[[Path], str]] = {
    "evidence": _check_evidence,
    "pathway": _check_pathway,
    "cases": check_case_file,
}


def _kind_of(path: Path) -> DataFile:
    """A file named `evidence*.yaml` is checked as an evidence file, and so on."""
    for data_file in DATA_FILES:
        if path.stem.startswith(data_file.kind):
            return data_file
    known = ", ".join(f"{data_file.kind}*.yaml" for data_file in DATA_FILES)
    raise DataFileError([Problem(str(path), "(file)", "(name)", f"unknown kind of data file; expected {known}")])


def check_file(path: Path) -> str:
    return VALIDATORS[_kind_of(Path(path)).kind](Path(path))


def default_files() -> list[Path]:
    """The files the app loads (each setting's copy where one is set)."""
    return [data_file.path() for data_file in DATA_FILES]
