"""What-if: which findings differ, and the first pathway question the two cases answer differently."""

from __future__ import annotations

from vcf_logic.case_library import load_case_library
from vcf_logic.pathway import default_pathway
from vcf_logic.what_if import compare, differing_findings

LIBRARY = load_case_library()


def case(vignette_id: str, **changes) -> dict:
    return {**LIBRARY.get(vignette_id).case, **changes}


def test_one_more_week_turns_severe_pain_into_an_augmentation_indication():
    result = compare(case("severe_pain_at_week_2"), case("severe_pain_at_week_2", weeks_of_conservative_care=4))
    assert (result.before.outcome, result.after.outcome) == ("conservative_care", "vertebral_augmentation")
    [change] = result.changes
    assert (change.field, change.label, change.before_text, change.after_text) == \
        ("weeks_of_conservative_care", "Weeks of conservative care", "2 weeks", "4 weeks")
    rule = result.deciding_rule
    assert rule.node == "osteo_duration"
    assert rule.question == default_pathway().questions["osteo_duration"].question
    assert rule.before_branch == "< 3 wk" and rule.after_branch.startswith("≥ 3 wk")
    assert "under 3 weeks" in rule.before_reason and "persisting" in rule.after_reason


def test_the_deciding_rule_is_the_first_divergence_not_the_last_change():
    """Instability is asked before malignancy: adding both, instability decides."""
    result = compare(case("suspected_malignancy"),
                     case("suspected_malignancy", spinal_instability=True, malignancy="known"))
    assert result.after.outcome == "urgent_surgical_referral"
    assert [c.field for c in result.changes] == ["spinal_instability", "malignancy"]
    assert result.deciding_rule.node == "instability"
    assert result.deciding_rule.label == "Frank instability?"


def test_changes_carry_labels_and_units():
    changes = differing_findings(case("mescc_all_criteria_met"),
                                 case("mescc_all_criteria_met", neuro_deficit_hours=72, mri_edema=True,
                                      malignancy="suspected", pain_score=9))
    texts = {c.field: (c.before_text, c.after_text) for c in changes}
    assert texts == {"neuro_deficit_hours": ("20 hours", "72 hours"),
                     "malignancy": ("Known", "Suspected, not established"),
                     "pain_score": ("7/10", "9/10"), "mri_edema": ("not recorded", "yes")}


def test_same_route_with_a_different_criterion_is_reported_as_such():
    result = compare(case("mescc_all_criteria_met"), case("mescc_all_criteria_met", age_years=70))
    assert result.before.outcome == result.after.outcome and result.deciding_rule is None
    [criterion] = result.criteria_changes
    assert (criterion.before, criterion.after) == (True, False)
    assert "65" in criterion.criterion


def test_a_change_that_does_not_matter_has_no_deciding_rule():
    result = compare(case("acute_fracture_first_week"), case("acute_fracture_first_week", age_years=72))
    assert [c.field for c in result.changes] == ["age_years"]
    assert result.before.outcome == result.after.outcome
    assert result.deciding_rule is None and not result.criteria_changes


def test_identical_cases_and_whole_numbers_written_as_decimals_do_not_differ():
    assert differing_findings(case("unstable_fracture"), case("unstable_fracture")) == ()
    assert differing_findings({"pain_score": 6}, {"pain_score": 6.0}) == ()


def test_partial_cases_are_filled_with_defaults_before_comparing():
    result = compare({}, {"neuro_deficit": True})
    assert result.after.outcome == "urgent_surgical_referral"
    assert result.deciding_rule.node == "neuro_emergency"
