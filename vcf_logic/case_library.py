"""The case library (data/cases.yaml): teaching vignettes in the scenario format.

Each vignette must be a valid case, cite references that exist, and reach its stated outcome
through the pathway engine: a vignette that teaches the wrong answer is refused at load.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from vcf_logic.data_files import (
    CASES,
    Problem,
    file_version,
    raise_problems,
    read_yaml,
    remember_errors,
    validate_or_raise,
)
from vcf_logic.engine import CaseError, recommend, validate_case
from vcf_logic.evidence import default_evidence
from vcf_logic.pathway import Pathway, default_pathway

CASES_FILE = CASES.default


class Vignette(BaseModel):
    """One invented teaching case."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, strict=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)
    title: str = Field(min_length=3, max_length=80)
    story: str = Field(min_length=20)
    teaching_point: str = Field(min_length=10)
    expected_outcome: str
    case: dict[str, Any]
    references: list[str] = Field(min_length=1)


class CaseLibraryFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    cases: list[Vignette] = Field(min_length=1)


@dataclass(frozen=True)
class CaseLibrary:
    """The validated vignettes, in file order, each with its case normalised (defaults filled)."""

    vignettes: tuple[Vignette, ...]

    @cached_property
    def by_id(self) -> dict[str, Vignette]:
        return {v.id: v for v in self.vignettes}

    def ids(self) -> list[str]:
        return [v.id for v in self.vignettes]

    def get(self, vignette_id: str) -> Vignette | None:
        return self.by_id.get(vignette_id)

    def expected_outcomes(self) -> dict[str, str]:
        return {v.id: v.expected_outcome for v in self.vignettes}


def _vignette_problems(name: str, vignette: Vignette, reference_ids: set[str], pathway: Pathway) -> list[Problem]:
    entry = f"cases/{vignette.id}"
    problems = []
    if vignette.expected_outcome not in pathway.outcomes:
        problems.append(Problem(name, entry, "expected_outcome", f"unknown outcome '{vignette.expected_outcome}'; "
                                f"use one of {', '.join(pathway.outcomes)}"))
    for ref in vignette.references:
        if ref not in reference_ids:
            problems.append(Problem(name, entry, "references", f"cites unknown reference '{ref}'"))
    try:
        case = validate_case(vignette.case)
    except CaseError as exc:
        field = exc.field if exc.field.startswith("(") else f"case.{exc.field}"
        return [*problems, Problem(name, entry, field, str(exc).removeprefix(f"{exc.field}: "))]
    reached = recommend(case, pathway).outcome
    if not problems and reached != vignette.expected_outcome:
        problems.append(Problem(name, entry, "expected_outcome",
                                f"the pathway reaches '{reached}', not '{vignette.expected_outcome}'"))
    return problems


def case_library_problems(name: str, content: CaseLibraryFile, reference_ids: set[str],
                          pathway: Pathway | None = None) -> list[Problem]:
    """Unique ids, known outcomes and references, valid cases that reach their expected outcome."""
    problems = [Problem(name, f"cases/{dup}", "id", "this id is used more than once")
                for dup, count in Counter(v.id for v in content.cases).items() if count > 1]
    pathway = pathway or default_pathway()
    for vignette in content.cases:
        problems.extend(_vignette_problems(name, vignette, reference_ids, pathway))
    return problems


def validate_case_library(raw: dict, reference_ids: Iterable[str], name: str = str(CASES_FILE),
                          pathway=None) -> CaseLibrary:
    """Validate a parsed case-library mapping (against `pathway`, the app's by default); DataFileError lists all."""
    content = validate_or_raise(CaseLibraryFile, raw, name)
    raise_problems(case_library_problems(name, content, set(reference_ids), pathway))
    return CaseLibrary(tuple(v.model_copy(update={"case": validate_case(v.case)}) for v in content.cases))


def load_case_library(path: Path | str = CASES_FILE, reference_ids: Iterable[str] | None = None,
                      pathway=None) -> CaseLibrary:
    """Load and check the case library; references are checked against the evidence file by default."""
    if reference_ids is None:
        reference_ids = default_evidence().reference_ids()
    path = Path(path)
    return validate_case_library(read_yaml(path), reference_ids, str(path), pathway)


@remember_errors(maxsize=4)  # a broken file's located problems are cached too
def _library_at(path: str, version: tuple[int, int] | None, pathway: Pathway) -> CaseLibrary:
    return load_case_library(path, default_evidence().reference_ids(), pathway)  # a Pathway hashes by identity


def default_case_library() -> CaseLibrary:
    """The case library in use (VCF_CASES_FILE or data/), checked against the pathway and evidence in use;
    parsed once per saved version of each."""
    path = CASES.path()
    return _library_at(str(path), file_version(path), default_pathway())


def check_case_file(path: Path) -> str:
    """One-line summary for `python -m vcf_logic check`."""
    library = load_case_library(path)
    reached = {v.expected_outcome for v in library.vignettes}
    return f"{len(library.vignettes)} vignettes reaching {len(reached)} of {len(default_pathway().outcomes)} outcomes"
