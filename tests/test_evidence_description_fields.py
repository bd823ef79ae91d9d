"""Figure rows say what they measured, when, in whom and how many, where the check requires it."""

import pytest

from tests.evidence_fixture import minimal_evidence
from vcf_logic.data_files import DataFileError
from vcf_logic.evidence import load_evidence, validate_evidence
from vcf_logic.evidence_models import DESCRIPTION_FIELDS, FULLY_DESCRIBED_TOPICS


def problems_of(raw: dict) -> list[str]:
    with pytest.raises(DataFileError) as caught:
        validate_evidence(raw, "evidence-test.yaml")
    return [str(p) for p in caught.value.problems]


def described(row: dict) -> dict:
    return {**row, "outcome_definition": "new vertebral fracture on radiographs", "analysis_unit": "patients",
            "timepoint": "36 months", "n": 1005}


def finding(**changes) -> dict:
    return {"id": "fit_vf", "table": "alendronate", "comparison": "alendronate vs placebo",
            "outcome": "new vertebral fracture", "relative": "fit_rr", "certainty": "not rated",
            "certainty_reason": "not rated by a source seen; one RCT", "plain_language": "Fewer fractures.",
            **changes}


def test_a_row_of_a_fully_described_topic_must_give_every_description_field():
    raw = minimal_evidence()
    raw["figures"][0]["topic"] = FULLY_DESCRIBED_TOPICS[0]
    [problem] = problems_of(raw)
    assert "entry 'figures/fit_placebo'" in problem
    assert "field 'outcome_definition': required for every row of topic" in problem
    assert "missing: outcome_definition, analysis_unit" in problem


def test_a_fully_described_row_is_valid():
    raw = minimal_evidence()
    raw["figures"][0] = described({**raw["figures"][0], "topic": FULLY_DESCRIBED_TOPICS[0]})
    assert validate_evidence(raw).figures.loc["fit_placebo", "analysis_unit"] == "patients"


def test_analysis_unit_is_one_of_the_declared_units():
    raw = minimal_evidence()
    raw["figures"][0]["analysis_unit"] = "per woman"
    [problem] = problems_of(raw)
    assert "field 'analysis_unit'" in problem


def test_a_finding_needs_its_figures_described():
    raw = minimal_evidence()
    raw["figures"][1]["status"] = "verified"
    raw["findings"] = [finding()]
    found = problems_of(raw)
    assert any("entry 'figures/fit_rr', field 'outcome_definition'" in p and "'fit_vf'" in p for p in found), found


def test_a_finding_refuses_a_not_verified_figure_and_an_unknown_one():
    raw = minimal_evidence()
    raw["figures"][1] = described({**raw["figures"][1], "status": "not verified"})
    raw["findings"] = [finding(treated="nope", control="fit_placebo")]
    raw["figures"][0] = described(raw["figures"][0])
    found = problems_of(raw)
    assert any("figure 'fit_rr' is not verified" in p for p in found), found
    assert any("unknown figure 'nope'" in p for p in found), found


def test_certainty_needs_the_source_that_rated_it():
    raw = minimal_evidence()
    raw["findings"] = [finding(certainty="high")]
    assert any("certainty_source" in p for p in problems_of(raw))


def test_shipped_findings_rest_on_described_rows():
    evidence = load_evidence()
    figures = evidence.figures
    for row in evidence.content.findings:
        for fig_id in row.figure_ids:
            assert figures.loc[fig_id, list(DESCRIPTION_FIELDS)].notna().all(), (row.id, fig_id)
