"""The case library doubles as the engine's test table: every vignette must reach its stated outcome."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from vcf_logic.case_library import CASES_FILE, load_case_library, validate_case_library
from vcf_logic.checks import check_file
from vcf_logic.data_files import DataFileError
from vcf_logic.engine import recommend
from vcf_logic.evidence import load_evidence
from vcf_logic.pathway import default_pathway

LIBRARY = load_case_library()
VIGNETTES = LIBRARY.vignettes
REFERENCE_IDS = load_evidence().reference_ids()


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v.id for v in VIGNETTES])
def test_vignette_reaches_its_expected_outcome(vignette):
    assert recommend(vignette.case).outcome == vignette.expected_outcome


def test_at_least_twelve_vignettes_reaching_every_outcome():
    assert len(VIGNETTES) >= 12
    assert {v.expected_outcome for v in VIGNETTES} == set(default_pathway().outcomes)


def test_every_vignette_tells_a_story_and_cites_known_references():
    for v in VIGNETTES:
        assert len(v.story.split()) >= 20, v.id
        assert v.teaching_point, v.id
        assert set(v.references) <= REFERENCE_IDS, v.id


def find(outcome: str, **findings) -> list[str]:
    """Ids of vignettes with this expected outcome whose case holds every given finding (callables test)."""
    def holds(case, field, want):
        return want(case[field]) if callable(want) else case[field] == want

    return [v.id for v in VIGNETTES if v.expected_outcome == outcome
            and all(holds(v.case, f, want) for f, want in findings.items())]


TRICKY = {
    "mild pain at 14 weeks": ("conservative_care", {"malignancy": "none", "weeks_of_conservative_care": 14,
                                                    "pain_score": lambda p: 0 < p < 7}),
    "severe pain at week 2": ("conservative_care", {"malignancy": "none", "weeks_of_conservative_care": 2,
                                                    "pain_score": lambda p: p >= 7}),
    "deformity at week 4": ("vertebral_augmentation", {"malignancy": "none", "spinal_deformity": True,
                                                       "weeks_of_conservative_care": 4}),
    "surgery contraindicated with edema, pain below the ongoing level": ("conservative_care", {
        "surgery_contraindicated": True, "mri_edema": True, "spinal_deformity": False,
        "pulmonary_dysfunction": False, "pain_score": lambda p: 0 < p < 7}),
    "malignancy suspected but unproven": ("malignancy_workup", {"malignancy": "suspected"}),
    "augmentation indicated but no MRI yet": ("mri_before_augmentation", {"mri_edema": None}),
    "osteoporotic pain getting worse": ("reassess_worsening_pain", {"pain_worsening": True, "malignancy": "none"}),
    "malignant, mild stable pain": ("pathologic_asymptomatic", {"malignancy": "known", "pain_worsening": False,
                                                                "pain_score": lambda p: 0 < p < 7}),
}


@pytest.mark.parametrize("name", TRICKY)
def test_tricky_case_is_in_the_library(name):
    outcome, findings = TRICKY[name]
    assert find(outcome, **findings), f"no vignette for '{name}'"


def test_malignant_cord_compression_meets_and_fails_each_decompression_criterion():
    results = {v.id: recommend(v.case) for v in VIGNETTES if v.expected_outcome == "pathologic_neuro"}
    assert any(r.criteria.met is True for r in results.values()), "no vignette meeting all criteria"
    failing_alone = set()
    for rec in results.values():
        failed = [c.criterion for c in rec.criteria.items if c.met is False]
        if len(failed) == 1:
            failing_alone.add(failed[0])
    criteria = {c.criterion for r in results.values() for c in r.criteria.items}
    assert len(criteria) == 4
    assert failing_alone == criteria, "each criterion needs a vignette that fails it alone"


def test_the_check_command_reports_the_library():
    assert check_file(CASES_FILE) == f"{len(VIGNETTES)} vignettes reaching 10 of 10 outcomes"


# --- a clinician's mistakes are refused with the vignette and the field named ----------------------

@pytest.fixture
def raw() -> dict:
    return copy.deepcopy(yaml.safe_load(CASES_FILE.read_text(encoding="utf-8")))


def problems(raw: dict) -> list[tuple[str, str, str]]:
    with pytest.raises(DataFileError) as caught:
        validate_case_library(raw, REFERENCE_IDS, "cases-test.yaml")
    return [(p.entry, p.field, p.message) for p in caught.value.problems]


def test_wrong_expected_outcome_names_what_the_pathway_reaches(raw):
    raw["cases"][0]["expected_outcome"] = "vertebral_augmentation"
    [(entry, field, message)] = problems(raw)
    assert (entry, field) == ("cases/acute_fracture_first_week", "expected_outcome")
    assert "reaches 'conservative_care'" in message


def test_unknown_outcome_reference_and_duplicate_id(raw):
    raw["cases"][1]["expected_outcome"] = "cement"
    raw["cases"][2]["references"] = ["NoSuchRef"]
    raw["cases"][3]["id"] = raw["cases"][4]["id"]
    found = problems(raw)
    assert ("cases/mild_pain_at_14_weeks", "expected_outcome") in [(e, f) for e, f, _ in found]
    assert ("cases/severe_pain_at_week_2", "references", "cites unknown reference 'NoSuchRef'") in found
    assert any(f == "id" and "more than once" in m for _, f, m in found)


def test_bad_case_value_names_the_case_field(raw):
    raw["cases"][0]["case"]["pain_score"] = "severe"
    [(entry, field, message)] = problems(raw)
    assert (entry, field) == ("cases/acute_fracture_first_week", "case.pain_score")
    assert "expected a number" in message


def test_missing_story_and_extra_key_are_located(raw):
    del raw["cases"][0]["story"]
    raw["cases"][1]["answer"] = "conservative_care"
    found = [(e, f) for e, f, _ in problems(raw)]
    assert ("cases/acute_fracture_first_week", "story") in found
    assert ("cases/mild_pain_at_14_weeks", "answer") in found


def test_a_missing_file_is_a_located_error(tmp_path: Path):
    with pytest.raises(DataFileError, match="file not found"):
        load_case_library(tmp_path / "cases.yaml", REFERENCE_IDS)
