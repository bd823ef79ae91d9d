"""Which validator checks which data file, for `python -m vcf_logic check`."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from vcf_logic.case_library import CASES_FILE, check_case_file, load_case_library
from vcf_logic.evidence import DATA_DIR, DataFileError, Problem, load_evidence
from vcf_logic.evidence_views import chart_problems
from vcf_logic.pathway import PATHWAY_FILE, Pathway, load_pathway, pathway_summary


def _dependents_hold(changed: Path, pathway: Pathway | None = None, evidence=None) -> None:
    """Re-check the files that read the changed one; their problems say which file made them fail."""
    try:
        if pathway is None:
            pathway = load_pathway(os.environ.get("VCF_PATHWAY_FILE", PATHWAY_FILE), evidence)
        reference_ids = evidence.reference_ids() if evidence else None
        load_case_library(os.environ.get("VCF_CASES_FILE", CASES_FILE), reference_ids, pathway)
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


# File stem -> validator returning a one-line summary. A file named `evidence*.yaml` is
# checked as an evidence file, and so on; other data files add their validator here.
VALIDATORS: dict[str, Callable[[Path], str]] = {
    "evidence": _check_evidence,
    "pathway": _check_pathway,
    "cases": check_case_file,
}


def _validator_for(path: Path) -> Callable[[Path], str]:
    for stem, validator in VALIDATORS.items():
        if path.stem.startswith(stem):
            return validator
    known = ", ".join(f"{stem}*.yaml" for stem in VALIDATORS)
    raise DataFileError([Problem(str(path), "(file)", "(name)", f"unknown kind of data file; expected {known}")])


def check_file(path: Path) -> str:
    return _validator_for(Path(path))(Path(path))


def default_files() -> list[Path]:
    return [DATA_DIR / f"{stem}.yaml" for stem in VALIDATORS]
