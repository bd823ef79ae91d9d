"""The pathway file is validated at load: graph, texts and citations, each problem located."""

from __future__ import annotations

import copy

import pytest
import yaml

from vcf_logic.checks import check_file
from vcf_logic.data_files import DataFileError
from vcf_logic.evidence import load_evidence
from vcf_logic.pathway import PATHWAY_FILE, default_pathway, read_yaml, validate_pathway, walk
from vcf_logic.pathway_checks import outcome_paths
from vcf_logic.scenario import SCENARIO_FIELDS


@pytest.fixture(scope="module")
def evidence():
    return load_evidence()


@pytest.fixture
def raw() -> dict:
    return copy.deepcopy(read_yaml(PATHWAY_FILE))


def question(raw: dict, qid: str) -> dict:
    return next(q for q in raw["questions"] if q["id"] == qid)


def problems(raw: dict, evidence) -> list[str]:
    with pytest.raises(DataFileError) as caught:
        validate_pathway(raw, evidence, "pathway.yaml")
    return [str(p) for p in caught.value.problems]


def test_shipped_pathway_is_valid_and_every_outcome_id_is_an_end():
    pathway = default_pathway()
    paths = outcome_paths(pathway)
    assert {path[-1] for path in paths} == set(pathway.outcomes)
    assert all(path[0] == pathway.start for path in paths)
    assert len(paths) == 19  # change this number knowingly when the pathway changes


def test_every_question_text_renders_with_its_thresholds():
    pathway = default_pathway()
    for q in pathway.questions.values():
        for text in (q.question, q.hint, q.why, *(o.label for o in q.options), *(b.label for b in q.branches)):
            assert "{" not in pathway.fill(text)
    assert "7 or more" in pathway.fill(pathway.questions["osteo_pain"].hint)


def test_a_walk_with_partial_answers_stops_at_the_first_unanswered_question():
    pathway = default_pathway()
    answers = {"neuro_deficit": False, "cord_compression": False, "spinal_instability": False}
    route = walk(pathway, answers, partial=True)
    assert route.end == "malignancy_status"
    assert route.path == ("neuro_emergency", "instability", "malignancy_status")


def test_check_command_covers_the_pathway(vcf_cli):
    result = vcf_cli("check")
    assert "pathway.yaml: OK (15 questions, 10 outcomes, 19 distinct paths" in result.stdout, result.stderr


def test_check_command_names_entry_and_field_of_a_broken_pathway(vcf_cli, tmp_path, raw):
    question(raw, "instability")["branches"][0]["go"] = "urgent_referral"
    path = tmp_path / "pathway.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    result = vcf_cli("check", path)
    assert result.returncode == 1
    assert (f"{path}: entry 'questions/instability', field 'branches.0.go': "
            "'urgent_referral' is neither a question nor an outcome") in result.stderr


def test_a_cycle_is_refused(raw, evidence):
    question(raw, "instability")["branches"][1]["go"] = "neuro_emergency"
    found = problems(raw, evidence)
    assert any("a cycle" in p for p in found), found


def test_an_unreachable_question_is_refused(raw, evidence):
    orphan = copy.deepcopy(question(raw, "instability"))
    orphan["id"] = "orphan_question"
    raw["questions"].append(orphan)
    assert "pathway.yaml: entry 'questions/orphan_question', field 'id': unreachable: no answers lead here" \
        in problems(raw, evidence)


def test_a_dead_branch_is_refused(raw, evidence):
    branches = question(raw, "malignancy_status")["branches"]
    branches.insert(1, {**branches[0], "go": "malignancy_workup"})  # same condition as the one before it
    assert any("questions/malignancy_status', field 'branches.1': dead branch" in p
               for p in problems(raw, evidence))


def test_an_outcome_no_path_reaches_is_refused(raw, evidence):
    question(raw, "malignancy_status")["branches"][1]["go"] = "conservative_care"
    assert any("outcomes/malignancy_workup', field 'id': unreachable" in p for p in problems(raw, evidence))


def test_every_question_needs_an_otherwise(raw, evidence):
    question(raw, "instability")["branches"][1]["when"] = {"spinal_instability": False}
    assert ("pathway.yaml: entry 'questions/instability', field 'branches': "
            "the last one must have no 'when' (it is the 'otherwise')") in problems(raw, evidence)


def test_citations_must_resolve_in_the_evidence_file(raw, evidence):
    raw["outcomes"][0]["references"] = ["ACR2022"]
    raw["outcomes"][1]["statements"] = ["no_such_statement"]
    found = problems(raw, evidence)
    assert "pathway.yaml: entry 'outcomes/urgent_surgical_referral', field 'references': " \
           "cites unknown reference 'ACR2022'" in found
    assert any("unknown statement 'no_such_statement'" in p for p in found)


def test_pitfalls_must_be_pitfall_statements(raw, evidence):
    raw["outcomes"][0]["pitfalls"] = ["headline"]
    assert any("'headline' is not a pitfall_ statement" in p for p in problems(raw, evidence))


def test_renaming_an_outcome_is_caught_by_the_vignettes_that_reach_it(tmp_path):
    """Outcome ids come from the pathway file alone; `check` re-walks the case library, which names them."""
    edited = tmp_path / "pathway.yaml"
    edited.write_text(PATHWAY_FILE.read_text(encoding="utf-8").replace(
        "- id: urgent_surgical_referral", "- id: urgent_referral").replace(
        "go: urgent_surgical_referral", "go: urgent_referral"), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        check_file(edited)
    assert any(p.field == "expected_outcome" and "unknown outcome 'urgent_surgical_referral'" in p.message
               for p in caught.value.problems), caught.value.problems


def test_unknown_thresholds_and_placeholders_are_named(raw, evidence):
    question(raw, "osteo_pain")["branches"][0]["when"] = {"pain_score": {"at_least": "very_severe"}}
    question(raw, "osteo_pain")["hint"] = "Severe means {severe_pain} or more."
    found = problems(raw, evidence)
    assert ("pathway.yaml: entry 'questions/osteo_pain', field 'branches.0.when': "
            "unknown threshold 'very_severe'") in found
    assert ("pathway.yaml: entry 'questions/osteo_pain', field 'hint': "
            "'{severe_pain}' is not a threshold") in found


def test_unknown_scenario_fields_are_named(raw, evidence):
    bad_condition = copy.deepcopy(raw)
    question(bad_condition, "instability")["branches"][0]["when"] = {"unstable": True}
    assert ("pathway.yaml: entry 'questions/instability', field 'branches.0.when': "
            "unknown scenario field 'unstable' in condition") in problems(bad_condition, evidence)
    question(raw, "osteo_pain")["fields"] = ["pain"]
    assert ("pathway.yaml: entry 'questions/osteo_pain', field 'fields': "
            "'pain' is not a scenario field") in problems(raw, evidence)


def test_a_branch_may_not_read_a_field_before_every_route_has_asked_it(raw, evidence):
    question(raw, "instability")["branches"][0]["when"] = {"spinal_instability": True, "pain_score": 9}
    assert any("reads pain_score before every route to it has asked" in p for p in problems(raw, evidence))


def test_option_values_are_validated_like_a_case(raw, evidence):
    question(raw, "instability")["options"][0]["sets"] = {"spinal_instability": "no"}
    assert any("spinal_instability: expected true or false" in p for p in problems(raw, evidence))


def test_numeric_questions_ask_for_a_scenario_number():
    pathway = default_pathway()
    for q in pathway.questions.values():
        if not q.options:
            assert SCENARIO_FIELDS[q.fields[0]].kind in ("int", "number")


# The public contract's outcome ids (../shared/clinical-pathway.md, "The scenario format"): scenario files and
# links name them, so the pathway file may add outcomes but never rename or drop one of these.
CONTRACT_OUTCOMES = ("urgent_surgical_referral", "malignancy_workup", "pathologic_neuro", "pathologic_asymptomatic",
                     "pathologic_severe_pain", "pathologic_deformity", "conservative_care", "vertebral_augmentation")


def test_the_pathway_keeps_the_contracts_outcome_ids_and_readme_names_the_ones_it_adds():
    outcomes = set(default_pathway().outcomes)
    assert set(CONTRACT_OUTCOMES) <= outcomes
    readme = (PATHWAY_FILE.parent.parent / "README.md").read_text(encoding="utf-8")
    for added in outcomes - set(CONTRACT_OUTCOMES):
        assert f"| `{added}` |" in readme, f"README's scenario-format table does not document {added}"
