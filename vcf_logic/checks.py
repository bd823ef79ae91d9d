"""Which validator checks which data file, for `python -m vcf_logic check`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from vcf_logic.case_library import check_case_file
from vcf_logic.evidence import DATA_DIR, DataFileError, Problem, load_evidence
from vcf_logic.evidence_views import chart_problems
from vcf_logic.pathway import check_pathway_file


def _check_evidence(path: Path) -> str:
    """Validate the file, then draw every chart from it: a row the charts cannot use is a problem too."""
    evidence = load_evidence(path)
    problems = chart_problems(evidence, str(path))
    if problems:
        raise DataFileError(problems)
    content = evidence.content
    return (f"{len(content.references)} references, {len(content.statements)} statements, "
            f"{len(content.figures)} figures, {len(content.claims)} claims; every chart draws")


# File stem -> validator returning a one-line summary. A file named `evidence*.yaml` is
# checked as an evidence file, and so on; other data files add their validator here.
VALIDATORS: dict[str, Callable[[Path], str]] = {
    "evidence": _check_evidence,
    "pathway": check_pathway_file,
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
