"""recommend(case): outcomes, precedence, reasons, criteria and case validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vcf_logic.engine import SCENARIO_FIELDS, CaseError, recommend, validate_case
from vcf_logic.evidence import load_evidence
from vcf_logic.pathway import PATHWAY_FILE, default_pathway, read_yaml, validate_pathway

OUTCOME_IDS = tuple(default_pathway().outcomes)

CASES_FILE = Path(__file__).resolve().parent.parent / "data" / "cases.yaml"

# One case per outcome id: the smallest set of findings that reaches it.
ONE_CASE_PER_OUTCOME = {
    "urgent_surgical_referral": {"spinal_instability": True},
    "malignancy_workup": {"malignancy": "suspected", "pain_score": 5},
    "pathologic_neuro": {"malignancy": "known", "cord_compression": True, "compression_levels": 1},
    "pathologic_asymptomatic": {"malignancy": "known", "pain_score": 0},
    "pathologic_severe_pain": {"malignancy": "known", "pain_score": 8},
    "pathologic_deformity": {"malignancy": "known", "pulmonary_dysfunction": True},
    "conservative_care": {"pain_score": 6, "weeks_of_conservative_care": 1},
    "vertebral_augmentation": {"pain_score": 8, "weeks_of_conservative_care": 14, "mri_edema": True},
    "mri_before_augmentation": {"pain_score": 8, "weeks_of_conservative_care": 14},
    "reassess_worsening_pain": {"pain_score": 5, "pain_worsening": True},
}
THRESHOLDS = default_pathway().thresholds  # the oracle follows an edit of data/pathway.yaml


def test_the_table_covers_every_outcome_id():
    assert set(ONE_CASE_PER_OUTCOME) == set(OUTCOME_IDS)


@pytest.mark.parametrize("outcome", OUTCOME_IDS)
def test_every_outcome_is_reached(outcome):
    assert recommend(ONE_CASE_PER_OUTCOME[outcome]).outcome == outcome


def expected_outcome(c: dict) -> str:
    """clinical-pathway.md's rules written out by hand, independently of the pathway file."""
    if c["neuro_deficit"] or c["cord_compression"]:
        return "pathologic_neuro" if c["malignancy"] == "known" else "urgent_surgical_referral"
    if c["spinal_instability"]:
        return "urgent_surgical_referral"
    if c["malignancy"] == "suspected":
        return "malignancy_workup"
    if c["malignancy"] == "known":
        if c["spinal_deformity"] or c["pulmonary_dysfunction"]:
            return "pathologic_deformity"
        if c["pain_score"] >= THRESHOLDS["severe_pain_score"] or (c["pain_score"] > 0 and c["pain_worsening"]):
            return "pathologic_severe_pain"
        return "pathologic_asymptomatic"
    if c["pain_worsening"]:
        return "reassess_worsening_pain"  # a red flag on the osteoporotic branch (safety overlay)
    persistent = c["pain_score"] > 0 and c["weeks_of_conservative_care"] >= THRESHOLDS["persistent_pain_weeks"]
    if (c["spinal_deformity"] or c["pulmonary_dysfunction"]
            or (persistent and c["pain_score"] >= THRESHOLDS["severe_pain_score"])
            or (persistent and c["surgery_contraindicated"]
                and c["pain_score"] >= THRESHOLDS["unfit_ongoing_pain_score"])):
        # only with an unhealed fracture on imaging: no MRI yet means MRI first
        return {True: "vertebral_augmentation", None: "mri_before_augmentation"}.get(c["mri_edema"],
                                                                                     "conservative_care")
    return "conservative_care"


EVERYTHING_AT_ONCE = {"neuro_deficit": True, "cord_compression": True, "spinal_instability": True,
                      "malignancy": "known", "spinal_deformity": True, "pain_score": 9, "pain_worsening": True,
                      "weeks_of_conservative_care": 20}


@pytest.mark.parametrize(("case", "outcome"), [
    # 1. deficit or compression beats instability, malignancy and every osteoporotic indication
    (EVERYTHING_AT_ONCE, "pathologic_neuro"),
    ({**EVERYTHING_AT_ONCE, "malignancy": "none"}, "urgent_surgical_referral"),
    ({**EVERYTHING_AT_ONCE, "malignancy": "suspected"}, "urgent_surgical_referral"),
    ({"cord_compression": True, "compression_levels": 2, "malignancy": "suspected"}, "urgent_surgical_referral"),
    # 2. instability beats malignancy (known or suspected) and the osteoporotic branches
    ({"spinal_instability": True, "malignancy": "known", "spinal_deformity": True}, "urgent_surgical_referral"),
    ({"spinal_instability": True, "malignancy": "suspected"}, "urgent_surgical_referral"),
    ({"spinal_instability": True, "pain_score": 9, "weeks_of_conservative_care": 14}, "urgent_surgical_referral"),
    # 3. malignancy beats the osteoporotic indications
    ({"malignancy": "suspected", "spinal_deformity": True, "pain_score": 9, "weeks_of_conservative_care": 14},
     "malignancy_workup"),
    ({"malignancy": "known", "pain_score": 9, "weeks_of_conservative_care": 14}, "pathologic_severe_pain"),
    # within the malignant branches: deformity beats pain; mild stable pain is "asymptomatic"
    ({"malignancy": "known", "spinal_deformity": True, "pain_score": 10, "pain_worsening": True},
     "pathologic_deformity"),
    ({"malignancy": "known", "pain_score": 3}, "pathologic_asymptomatic"),
    ({"malignancy": "known", "pain_score": 3, "pain_worsening": True}, "pathologic_severe_pain"),
    # 4. osteoporotic: the thresholds at their edges
    ({"pain_score": 7, "weeks_of_conservative_care": 3, "mri_edema": True}, "vertebral_augmentation"),
    ({"pain_score": 7, "weeks_of_conservative_care": 3}, "mri_before_augmentation"),
    ({"pain_score": 6, "weeks_of_conservative_care": 30}, "conservative_care"),
    ({"pain_score": 10, "weeks_of_conservative_care": 2.5}, "conservative_care"),
    ({"spinal_deformity": True, "pain_score": 0, "mri_edema": True}, "vertebral_augmentation"),
    ({"spinal_deformity": True, "pain_score": 0, "mri_edema": False}, "conservative_care"),
    ({"pain_score": 2, "weeks_of_conservative_care": 3, "surgery_contraindicated": True, "mri_edema": True},
     "conservative_care"),
    ({"pain_score": 7, "weeks_of_conservative_care": 3, "surgery_contraindicated": True, "mri_edema": True},
     "vertebral_augmentation"),
    ({"pain_score": 2, "weeks_of_conservative_care": 3, "surgery_contraindicated": True}, "conservative_care"),
    ({"pain_score": 0, "weeks_of_conservative_care": 9, "surgery_contraindicated": True, "mri_edema": True},
     "conservative_care"),
])
def test_order_of_decisions(case, outcome):
    assert recommend(case).outcome == outcome


def test_reasons_follow_the_path_in_order():
    given = {"neuro_deficit": False, "cord_compression": False, "spinal_instability": False, "malignancy": "none",
             "pain_worsening": False, "spinal_deformity": False, "pulmonary_dysfunction": False,
             "pain_score": 8, "weeks_of_conservative_care": 14, "surgery_contraindicated": False, "mri_edema": True}
    rec = recommend(given)
    assert rec.path == ("neuro_emergency", "instability", "malignancy_status", "osteo_worsening", "osteo_deformity",
                        "osteo_pain", "osteo_duration", "surgery_fitness", "augmentation_imaging",
                        "vertebral_augmentation")
    assert len(rec.reasons) == len(rec.path) - 1
    assert rec.reasons[0].startswith("Neurologically intact")
    assert "8/10" in rec.reasons[-3] and "14 weeks" in rec.reasons[-3]
    assert rec.not_recorded == ()


def test_the_deficit_is_the_first_reason_even_with_instability():
    rec = recommend({"neuro_deficit": True, "cord_compression": False, "spinal_instability": True})
    assert rec.outcome == "urgent_surgical_referral"
    assert rec.reasons[0].startswith("Neurological deficit on examination")
    assert any("Do not start corticosteroids" in action for action in rec.actions)


def test_suspected_malignancy_with_an_urgent_finding_keeps_the_work_up_as_an_action():
    rec = recommend({"neuro_deficit": True, "malignancy": "suspected"})
    assert any("complete spine without and with IV contrast" in a for a in rec.actions)
    assert not any("complete spine" in a for a in recommend({"neuro_deficit": True}).actions)


def test_early_augmentation_is_flagged_before_the_review_point():
    early = recommend({"pain_score": 8, "weeks_of_conservative_care": 5, "mri_edema": True})
    late = recommend({"pain_score": 8, "weeks_of_conservative_care": 13, "mri_edema": True})
    assert any("before the 3-month default review point (5 of 12 weeks)" in a for a in early.actions)
    assert not any("review point" in a for a in late.actions)


def test_actions_carry_the_summary_numbers_and_references_are_ordered():
    rec = recommend({"pain_score": 4, "weeks_of_conservative_care": 0})
    assert any(a.startswith("Pain relief: in older people avoid NSAIDs") and a.endswith("[2, 3; NOGG 2022 (UK "
                                                                                       "osteoporosis guideline)]")
               for a in rec.actions)
    numbered = rec.summary_references
    assert numbered == tuple(sorted(numbered)) and numbered[0] == 1
    assert rec.references[:3] == ("ACR2018", "Secondary2", "AAOS2010")
    assert "EMA2012" in rec.references  # the calcitonin safety caution is cited too
    assert any(p.startswith("Do not prolong bed rest.") for p in rec.pitfalls)


def test_decompression_criteria_name_each_failure():
    rec = recommend({"malignancy": "known", "neuro_deficit": True, "neuro_deficit_hours": 72,
                     "cord_compression": True, "compression_levels": 3, "age_years": 70,
                     "predicted_survival_months": 2})
    assert rec.criteria.met is False
    assert [c.met for c in rec.criteria.items] == [False, False, False, False]
    assert [c.criterion for c in rec.criteria.items] == [
        "Age under 65 years", "Cord compression at a single level",
        "Neurological deficit for less than 48 hours", "Predicted survival of at least 3 months"]
    assert rec.criteria.items[1].detail.startswith("3 levels compressed: not a single level")
    assert "contiguous" in rec.criteria.items[1].detail


def test_all_four_criteria_met_makes_a_candidate_and_unknowns_leave_it_open():
    met = {"malignancy": "known", "neuro_deficit": True, "neuro_deficit_hours": 20, "cord_compression": True,
           "compression_levels": 1, "age_years": 57, "predicted_survival_months": 12}
    assert recommend(met).criteria.met is True
    unknown = {**met, "predicted_survival_months": None}
    assert recommend(unknown).criteria.met is None
    assert recommend(unknown).criteria.items[3].met is None


def test_criteria_edge_cases_follow_the_stated_reading():
    no_compression = recommend({"malignancy": "known", "neuro_deficit": True, "neuro_deficit_hours": 5})
    assert no_compression.criteria.items[1].met is False
    no_deficit = recommend({"malignancy": "known", "cord_compression": True, "compression_levels": 1})
    assert no_deficit.criteria.items[2].met is True
    levels_unknown = recommend({"malignancy": "known", "cord_compression": True})
    assert levels_unknown.criteria.items[1].met is None
    assert recommend({"malignancy": "known", "age_years": 65, "cord_compression": True}
                     ).criteria.items[0].met is False


def test_criteria_only_for_an_outcome_whose_data_declares_them():
    neuro = recommend(ONE_CASE_PER_OUTCOME["pathologic_neuro"]).to_dict()
    other = recommend(ONE_CASE_PER_OUTCOME["vertebral_augmentation"])
    assert neuro["criteria"]["label"] == "Decompressive-surgery criteria" and len(neuro["criteria"]["items"]) == 4
    assert "criteria" not in other.to_dict() and other.criteria is None


def test_thresholds_come_from_the_pathway_file():
    raw = read_yaml(PATHWAY_FILE)
    raw["thresholds"]["severe_pain_score"]["value"] = 8
    stricter = validate_pathway(raw, load_evidence())
    case = {"pain_score": 7, "weeks_of_conservative_care": 14, "mri_edema": True, "surgery_contraindicated": False}
    assert recommend(case).outcome == "vertebral_augmentation"
    assert recommend(case, stricter).outcome == "conservative_care"
    assert "severe means 8 or more" in recommend(case, stricter).reasons[-1]


def test_every_vignette_of_the_case_library_reaches_its_expected_outcome():
    vignettes = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))["cases"]
    assert vignettes
    wrong = {v["id"]: recommend(v["case"]).outcome for v in vignettes
             if recommend(v["case"]).outcome != v["expected_outcome"]}
    assert wrong == {}


# --- case validation ------------------------------------------------------------------------

CONTRACT_FIELDS = ("age_years", "neuro_deficit", "neuro_deficit_hours", "cord_compression", "spinal_instability",
                   "malignancy", "pain_score", "pain_worsening", "weeks_of_conservative_care", "spinal_deformity",
                   "pulmonary_dysfunction", "mri_edema", "surgery_contraindicated", "compression_levels",
                   "predicted_survival_months")


def test_field_metadata_covers_the_public_contract_for_forms():
    assert tuple(SCENARIO_FIELDS) == CONTRACT_FIELDS
    for name, spec in SCENARIO_FIELDS.items():
        assert spec.name == name and spec.label and spec.help and spec.type in ("bool", "int", "number", "choice")
        assert validate_case({})[name] == spec.default
        if spec.type in ("int", "number"):
            assert spec.range is not None and spec.range[0] <= (spec.default or 0) <= spec.range[1]
    assert SCENARIO_FIELDS["malignancy"].choices == ("none", "suspected", "known")


def test_missing_fields_take_their_safe_defaults_and_extra_fields_are_dropped():
    values = validate_case({"title": "annotated case", "expected_outcome": "conservative_care"})
    assert values == {name: spec.default for name, spec in SCENARIO_FIELDS.items()}
    assert values["neuro_deficit"] is False and values["mri_edema"] is None and values["malignancy"] == "none"


def test_whole_number_floats_are_accepted_for_whole_number_fields():
    assert validate_case({"age_years": 70.0})["age_years"] == 70


@pytest.mark.parametrize(("case", "field"), [
    ({"neuro_deficit": "yes"}, "neuro_deficit"),
    ({"neuro_deficit": 1}, "neuro_deficit"),
    ({"cord_compression": None}, "cord_compression"),
    ({"malignancy": "maybe"}, "malignancy"),
    ({"pain_score": 11}, "pain_score"),
    ({"pain_score": -1}, "pain_score"),
    ({"pain_score": "8"}, "pain_score"),
    ({"pain_score": True}, "pain_score"),
    ({"pain_score": float("nan")}, "pain_score"),
    ({"weeks_of_conservative_care": float("inf")}, "weeks_of_conservative_care"),
    ({"age_years": 70.5}, "age_years"),
    ({"age_years": 200}, "age_years"),
    ({"mri_edema": "unknown"}, "mri_edema"),
    ({"compression_levels": -1, "cord_compression": True}, "compression_levels"),
    ({"compression_levels": 2}, "compression_levels"),  # levels without cord compression
    ({"neuro_deficit_hours": 12}, "neuro_deficit_hours"),  # a duration without a deficit
    ({"predicted_survival_months": -3}, "predicted_survival_months"),
    ({"neuro_defecit": True}, "neuro_defecit"),  # a misspelt field is not silently ignored
    ({"pain_scor": 9}, "pain_scor"),
])
def test_invalid_cases_name_the_field(case, field):
    with pytest.raises(CaseError) as caught:
        recommend(case)
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")


def test_a_case_must_be_an_object():
    with pytest.raises(CaseError) as caught:
        recommend([("pain_score", 3)])
    assert caught.value.field == "(case)"


# --- properties over generated valid cases ---------------------------------------------------

def _number(low: float, high: float):
    return st.integers(int(low), int(high)) | st.floats(low, high, allow_nan=False, allow_infinity=False)


@st.composite
def valid_cases(draw) -> dict:
    deficit, compression = draw(st.booleans()), draw(st.booleans())
    case = {
        "age_years": draw(st.none() | st.integers(0, 120)),
        "neuro_deficit": deficit,
        "neuro_deficit_hours": draw(st.none() | _number(0, 8760)) if deficit else None,
        "cord_compression": compression,
        "compression_levels": draw(st.integers(0, 24)) if compression else 0,
        "spinal_instability": draw(st.booleans()),
        "malignancy": draw(st.sampled_from(["none", "suspected", "known"])),
        "pain_score": draw(_number(0, 10)),
        "pain_worsening": draw(st.booleans()),
        "weeks_of_conservative_care": draw(_number(0, 520)),
        "spinal_deformity": draw(st.booleans()),
        "pulmonary_dysfunction": draw(st.booleans()),
        "mri_edema": draw(st.none() | st.booleans()),
        "surgery_contraindicated": draw(st.booleans()),
        "predicted_survival_months": draw(st.none() | _number(0, 600)),
    }
    dropped = draw(st.sets(st.sampled_from(sorted(case))))
    dropped |= {"neuro_deficit_hours"} if "neuro_deficit" in dropped else set()
    dropped |= {"compression_levels"} if "cord_compression" in dropped else set()
    return {key: value for key, value in case.items() if key not in dropped}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_cases())
def test_any_valid_case_gets_exactly_one_outcome_with_references(case):
    rec = recommend(case)
    assert rec.outcome in OUTCOME_IDS
    assert rec.path[-1] == rec.outcome
    assert not set(rec.path[:-1]) & set(OUTCOME_IDS)  # exactly one outcome on the path
    assert rec.references and rec.summary_references and rec.actions
    assert len(rec.reasons) == len(rec.path) - 1
    assert rec.outcome == expected_outcome(validate_case(case))
    assert (rec.criteria is None) == (default_pathway().outcomes[rec.outcome].criteria is None)


@settings(max_examples=100, deadline=None)
@given(valid_cases())
def test_the_json_output_round_trips(case):
    data = recommend(case).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert {"outcome", "title", "actions", "reasons", "references", "summary_references", "path"} <= set(data)


def test_huge_number_is_a_case_error_not_a_crash():
    try:
        validate_case({"age_years": 10**400})
    except CaseError as exc:
        assert exc.field == "age_years" and len(str(exc)) < 120
    else:
        raise AssertionError("a 400-digit age was accepted")
