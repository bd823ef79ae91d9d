"""The safety overlay (clinical-pathway.md): each finding of the clinical review as a test of the engine."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vcf_logic.checks import check_file
from vcf_logic.conditions import evaluate
from vcf_logic.data_files import DataFileError, read_yaml
from vcf_logic.engine import SCENARIO_FIELDS, recommend, validate_case
from vcf_logic.evidence import EVIDENCE_FILE, load_evidence, validate_evidence
from vcf_logic.evidence_models import CAUTION_NEEDED
from vcf_logic.pathway import default_pathway

ROOT = Path(__file__).resolve().parent.parent
EVIDENCE = load_evidence()
PATHWAY = default_pathway()


def caution_ids(rec) -> set[str]:
    return {c.id for c in rec.cautions}


def steroid_advice(rec) -> list[str]:
    """Actions that tell the learner to give steroids (not the ones that say not to, or that it is unverified)."""
    return [a for a in rec.actions if ("corticosteroid" in a.lower() or "dexamethasone" in a.lower())
            and not a.startswith("Do not") and "not verified" not in a.split(":")[0]
            and "whether to give" not in a]


def test_1_no_steroids_for_an_osteoporotic_deficit_and_the_caution_shows():
    rec = recommend({"neuro_deficit": True, "neuro_deficit_hours": 6, "age_years": 80, "pain_score": 5,
                     "malignancy": "none"})
    assert rec.outcome == "urgent_surgical_referral"
    assert not steroid_advice(rec)
    assert any(a.startswith("Do not start corticosteroids") for a in rec.actions)
    steroids = next(c for c in rec.cautions if c.id == "steroids_malignant_compression_only")
    assert [(s.statement, s.verdict) for s in steroids.summary_says] == [("deficit_urgent_surgery", "contradicted")]
    assert "start corticosteroids at once" in steroids.summary_says[0].text  # the summary's own words


def test_1_steroids_only_on_the_malignant_compression_route():
    malignant = recommend({"neuro_deficit": True, "cord_compression": True, "malignancy": "known"})
    assert malignant.outcome == "pathologic_neuro" and steroid_advice(malignant)
    suspected = recommend({"neuro_deficit": True, "malignancy": "suspected"})
    assert not steroid_advice(suspected)
    assert any("before a biopsy" in a and "not verified" in a for a in suspected.actions)


@pytest.mark.parametrize("case", [
    {"pain_score": 8, "weeks_of_conservative_care": 6, "mri_edema": False},
    {"pain_score": 0, "spinal_deformity": True, "mri_edema": False},
])
def test_2_no_augmentation_without_edema(case):
    rec = recommend(case)
    assert rec.outcome == "conservative_care"
    assert any(a.startswith("No bone-marrow edema on MRI") for a in rec.actions)


def test_2_no_mri_yet_means_mri_first():
    rec = recommend({"pain_score": 7, "weeks_of_conservative_care": 4})
    assert rec.outcome == "mri_before_augmentation"
    assert "augmentation_needs_unhealed_fracture" in caution_ids(rec)


def test_3_unfit_patient_with_mild_pain_gets_medical_management():
    rec = recommend({"pain_score": 1, "weeks_of_conservative_care": 3, "surgery_contraindicated": True,
                     "mri_edema": True})
    assert rec.outcome == "conservative_care"
    assert PATHWAY.thresholds["unfit_ongoing_pain_score"] == PATHWAY.thresholds["severe_pain_score"]
    claim = next(c for c in EVIDENCE.content.claims if c.statement == "augmentation_contraindicated_surgery")
    assert claim.status == "contradicted" and "Variant 3" in claim.source_says


def test_4_instability_in_malignant_disease_is_referred_with_oncology():
    rec = recommend({"malignancy": "known", "spinal_instability": True, "pain_score": 8})
    assert rec.outcome == "urgent_surgical_referral"
    assert "without an established malignancy" not in rec.summary
    assert any("oncology" in a and "SINS" in a for a in rec.actions)
    neuro = recommend({"malignancy": "known", "neuro_deficit": True, "spinal_instability": True})
    assert "neuro_instability" in neuro.path and any("stabilisation opinion" in a for a in neuro.actions)


def test_5_unknown_is_not_normal():
    rec = recommend({})
    text = " ".join(rec.reasons)
    assert "Neurologically intact" not in text and "No malignancy known or suspected" not in text
    assert "not recorded" in rec.reasons[0]
    assert rec.not_recorded[:2] == ("neuro_deficit", "cord_compression")
    assert set(rec.to_dict()["defaulted_fields"]) == set(SCENARIO_FIELDS)


def test_6_worsening_osteoporotic_pain_is_a_red_flag():
    rec = recommend({"pain_score": 6, "pain_worsening": True, "weeks_of_conservative_care": 5, "mri_edema": True})
    assert rec.outcome == "reassess_worsening_pain"
    assert any("Re-image" in a for a in rec.actions) and any("infection" in a for a in rec.actions)


def test_7_the_48_hour_and_single_level_criteria_carry_the_trial_caution():
    rec = recommend({"malignancy": "known", "neuro_deficit": True, "neuro_deficit_hours": 72,
                     "cord_compression": True, "compression_levels": 2})
    assert "decompression_criteria_from_trial" in caution_ids(rec)
    details = " ".join(c.detail for c in rec.criteria.items)
    assert "total paraplegia" in details and "contiguous" in details


def test_8_missing_actions_are_there():
    workup = recommend({"malignancy": "suspected", "pain_score": 5})
    assert any("Treat the pain meanwhile" in a for a in workup.actions)
    assert any("infection" in a for a in workup.actions)
    myeloma = recommend({"malignancy": "known", "pain_score": 8, "pain_worsening": True})
    assert any("radiation therapy" in a and "myeloma" in a for a in myeloma.actions)
    kyphosis = recommend({"malignancy": "known", "spinal_deformity": True, "pain_score": 8})
    assert any("opinion on stability" in a for a in kyphosis.actions)


def test_9_statements_cited_to_aaos_that_it_does_not_make_carry_the_caution():
    rec = recommend({"pain_score": 4, "weeks_of_conservative_care": 0, "malignancy": "none"})
    silent = next(c for c in rec.cautions if c.id == "cited_guideline_silent")
    assert {"avoid_bed_rest", "limit_narcotics"} <= {s.statement for s in silent.summary_says}
    assert all(s.verdict_label in ("the cited source does not say this", "contradicted") for s in silent.summary_says)


def test_11_calcitonin_only_in_the_acute_phase():
    acute = recommend({"pain_score": 5, "weeks_of_conservative_care": 0})
    later = recommend({"pain_score": 5, "weeks_of_conservative_care": 2})
    assert any("calcitonin" in a for a in acute.actions) and "calcitonin_safety" in caution_ids(acute)
    assert not any("calcitonin 200 IU" in a for a in later.actions)


cases = st.fixed_dictionaries({}, optional={
    "neuro_deficit": st.booleans(), "cord_compression": st.booleans(), "spinal_instability": st.booleans(),
    "malignancy": st.sampled_from(["none", "suspected", "known"]), "pain_score": st.integers(0, 10),
    "pain_worsening": st.booleans(), "weeks_of_conservative_care": st.integers(0, 60),
    "spinal_deformity": st.booleans(), "pulmonary_dysfunction": st.booleans(),
    "mri_edema": st.sampled_from([True, False, None]), "surgery_contraindicated": st.booleans()})


@given(cases)
def test_no_case_reaches_augmentation_without_edema_or_steroids_without_malignancy(case):
    rec = recommend(case)
    if rec.outcome == "vertebral_augmentation":
        assert case.get("mri_edema") is True
    if steroid_advice(rec):
        assert case.get("malignancy") == "known" and rec.outcome == "pathologic_neuro"


@given(cases)
def test_every_flagged_statement_shown_in_an_action_brings_its_caution(case):
    rec = recommend(case)
    outcome = PATHWAY.outcomes[rec.outcome]
    flagged = {c.statement for c in EVIDENCE.content.claims if c.status in CAUTION_NEEDED}
    shown = caution_ids(rec)
    values = validate_case(case)
    for action in outcome.actions:
        if not evaluate(action.when, values, PATHWAY.thresholds):
            continue
        for statement in set(action.statements) & flagged:
            assert set(PATHWAY.statement_cautions[statement]) & shown, (rec.outcome, statement)


def test_every_summary_statement_is_appraised_or_says_why_not():
    appraised = {c.statement for c in EVIDENCE.content.claims}
    for statement in EVIDENCE.content.statements:
        assert statement.id in appraised or statement.not_a_claim, statement.id


def test_a_flagged_claim_without_its_caution_is_refused_by_name():
    raw = read_yaml(EVIDENCE_FILE)
    broken = copy.deepcopy(raw)
    broken["cautions"] = [c for c in broken["cautions"] if c["id"] != "steroids_malignant_compression_only"]
    with pytest.raises(DataFileError) as caught:
        validate_evidence(broken, "evidence-test.yaml")
    assert any(p.entry == "claims/claim_corticosteroids_deficit" and "needs a caution" in p.message
               for p in caught.value.problems)
    unappraised = copy.deepcopy(raw)
    unappraised["claims"] = [c for c in unappraised["claims"] if c["statement"] != "combined_approach"]
    with pytest.raises(DataFileError) as caught:
        validate_evidence(unappraised, "evidence-test.yaml")
    assert [p.entry for p in caught.value.problems] == ["statements/combined_approach"]


def test_checking_the_pathway_also_checks_the_vignettes_that_depend_on_it(tmp_path):
    edited = tmp_path / "pathway.yaml"
    edited.write_text((ROOT / "data" / "pathway.yaml").read_text(encoding="utf-8").replace(
        "  unfit_ongoing_pain_score:\n    value: 7", "  unfit_ongoing_pain_score:\n    value: 5"), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        check_file(edited)
    assert any(p.entry == "cases/unfit_for_surgery_with_edema" and "as edited" in p.message
               for p in caught.value.problems)


def test_the_cli_json_lists_cautions_and_defaulted_fields(vcf_cli, tmp_path):
    case = tmp_path / "case.json"
    case.write_text('{"neuro_deficit": true, "malignancy": "none"}', encoding="utf-8")
    result = vcf_cli("recommend", case)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    steroids = next(c for c in data["cautions"] if c["id"] == "steroids_malignant_compression_only")
    assert steroids["summary_says"][0]["verdict"] == "contradicted"
    assert "cord_compression" in data["defaulted_fields"] and "cord_compression" in data["not_recorded"]
