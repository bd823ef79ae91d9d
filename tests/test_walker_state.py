"""Walker state without Streamlit: next question, Back, edits, details and links."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vcf_logic.engine import CaseError, recommend
from vcf_logic.evidence import load_evidence
from vcf_logic.pathway import PATHWAY_FILE, default_pathway, read_yaml, validate_pathway
from vcf_logic.scenario import SCENARIO_FIELDS
from vcf_logic.walker_state import (
    LinkError,
    answer,
    back,
    decode,
    detail_fields,
    encode,
    progress,
    recommendation,
)

PATHWAY = default_pathway()

TO_AUGMENTATION = [
    {"neuro_deficit": False, "cord_compression": False},
    {"spinal_instability": False},
    {"malignancy": "none"},
    {"pain_worsening": False},
    {"spinal_deformity": False, "pulmonary_dysfunction": False},
    {"pain_score": 8},
    {"weeks_of_conservative_care": 6},
    {"surgery_contraindicated": False},
    {"mri_edema": True},
]
TO_PATHOLOGIC_NEURO = [{"neuro_deficit": True, "cord_compression": True}, {"malignancy": "known"},
                       {"spinal_instability": False}]


def walk_through(steps: list[dict]) -> dict:
    answers: dict = {}
    for values in steps:
        answers = answer(PATHWAY, answers, values)
    return answers


def test_a_fresh_walk_asks_the_first_question():
    view = progress(PATHWAY, {})
    assert view.current == "neuro_emergency" and view.outcome is None
    assert view.answered == 0 and view.remaining == 9 and view.fraction_done == 0


def test_answers_lead_to_the_outcome_recommend_gives():
    answers = walk_through(TO_AUGMENTATION)
    view = progress(PATHWAY, answers)
    assert view.outcome == "vertebral_augmentation" and view.current is None and view.fraction_done == 1
    rec = recommendation(PATHWAY, answers)
    assert rec.outcome == "vertebral_augmentation" and rec.path == view.path
    assert rec == recommend(answers)


def test_progress_counts_answered_questions_and_the_most_still_to_come():
    view = progress(PATHWAY, walk_through(TO_AUGMENTATION[:3]))
    assert view.current == "osteo_worsening"
    assert (view.answered, view.remaining) == (3, 6)


def test_back_undoes_the_last_answer_and_stops_at_the_start():
    answers = walk_through(TO_AUGMENTATION)
    answers = back(PATHWAY, answers)
    assert progress(PATHWAY, answers).current == "augmentation_imaging"
    assert "mri_edema" not in answers
    assert back(PATHWAY, {}) == {}
    for _ in TO_AUGMENTATION[:-1]:
        answers = back(PATHWAY, answers)
    assert answers == {}


def test_editing_an_early_answer_keeps_later_answers_that_still_apply():
    answers = walk_through(TO_AUGMENTATION)
    known = answer(PATHWAY, answers, {"malignancy": "known"})
    view = progress(PATHWAY, known)
    assert view.outcome == "pathologic_severe_pain"  # deformity and pain answers carried over
    assert "weeks_of_conservative_care" not in known  # not read on the malignant branch: dropped
    stable = answer(PATHWAY, answers, {"spinal_instability": True})
    assert progress(PATHWAY, stable).outcome == "urgent_surgical_referral"
    assert list(stable) == ["neuro_deficit", "cord_compression", "spinal_instability", "malignancy"]


def test_pathologic_neuro_asks_the_criteria_details_and_back_drops_them():
    answers = walk_through(TO_PATHOLOGIC_NEURO)
    view = progress(PATHWAY, answers)
    assert view.outcome == "pathologic_neuro"
    assert detail_fields(PATHWAY, view.outcome, answers) == [
        "age_years", "compression_levels", "neuro_deficit_hours", "predicted_survival_months"]
    assert recommendation(PATHWAY, answers).criteria.met is None  # nothing known yet
    answers = answer(PATHWAY, answers, {"age_years": 57, "compression_levels": 1,
                                        "neuro_deficit_hours": 20, "predicted_survival_months": 12})
    assert recommendation(PATHWAY, answers).criteria.met is True
    assert back(PATHWAY, answers) == {"neuro_deficit": True, "cord_compression": True, "malignancy": "known"}


def test_details_that_do_not_apply_are_not_asked():
    answers = walk_through([{"neuro_deficit": True, "cord_compression": False}, {"malignancy": "known"}])
    assert detail_fields(PATHWAY, "pathologic_neuro", answers) == [
        "age_years", "neuro_deficit_hours", "predicted_survival_months"]
    assert detail_fields(PATHWAY, "conservative_care", answers) == []


def test_invalid_answers_are_refused_naming_the_field():
    with pytest.raises(CaseError) as caught:
        answer(PATHWAY, {}, {"pain_score": 14})
    assert caught.value.field == "pain_score"
    no_deficit = walk_through([{"neuro_deficit": False, "cord_compression": True}, {"malignancy": "known"}])
    with pytest.raises(CaseError) as caught:
        answer(PATHWAY, no_deficit, {"neuro_deficit_hours": 5})
    assert caught.value.field == "neuro_deficit_hours"


# --- links --------------------------------------------------------------------------------------

def test_a_link_uses_short_keys_and_restores_the_walk():
    answers = walk_through(TO_AUGMENTATION)
    params = encode(answers)
    assert params == {"nd": "n", "cc": "n", "si": "n", "mal": "none", "worse": "n", "def": "n", "pul": "n",
                      "pain": "8", "wk": "6", "unfit": "n", "mri": "y"}
    assert decode(PATHWAY, params) == answers


def test_no_mri_and_fractions_survive_a_link():
    answers = {"neuro_deficit": False, "cord_compression": False, "spinal_instability": False,
               "malignancy": "none", "pain_worsening": False, "spinal_deformity": False,
               "pulmonary_dysfunction": False, "pain_score": 7.5, "weeks_of_conservative_care": 3.25,
               "surgery_contraindicated": True, "mri_edema": None}
    assert encode(answers)["mri"] == "u" and encode(answers)["wk"] == "3.25"
    assert decode(PATHWAY, encode(answers)) == answers
    assert progress(PATHWAY, answers).outcome == "mri_before_augmentation"


def test_a_link_with_answers_the_walk_does_not_read_is_trimmed():
    params = {**encode(walk_through(TO_PATHOLOGIC_NEURO)), "wk": "12"}
    assert "weeks_of_conservative_care" not in decode(PATHWAY, params)


@pytest.mark.parametrize("params", [
    {"zz": "1"},
    {"nd": "maybe"},
    {"nd": "1"},
    {"pain": "11"},
    {"pain": "-3"},
    {"pain": "7e2"},
    {"pain": "nan"},
    {"wk": "1" * 40},
    {"mal": "<script>"},
    {"nd": "n", "hrs": "12"},  # a deficit duration without a deficit
    {"mri": "u", "si": "u"},  # only some fields may be empty
])
def test_tampered_links_are_refused(params):
    with pytest.raises(LinkError):
        decode(PATHWAY, params)


def test_a_link_no_answer_option_could_make_is_refused():
    raw = read_yaml(PATHWAY_FILE)
    first = raw["questions"][0]
    first["options"] = [o for o in first["options"] if o["sets"] != {"neuro_deficit": True, "cord_compression": True}]
    first["branches"] = first["branches"][1:]  # the both-findings branch would now be dead (the check refuses it)
    narrower = validate_pathway(raw, load_evidence())
    with pytest.raises(LinkError, match="Deficit or cord compression"):
        decode(narrower, {"nd": "y", "cc": "y"})


# --- the walker and the engine agree on every route ---------------------------------------------

@st.composite
def random_walks(draw) -> dict:
    answers: dict = {}
    while (view := progress(PATHWAY, answers)).current:
        question = PATHWAY.questions[view.current]
        if question.options:
            values = draw(st.sampled_from(question.options)).sets
        else:
            spec = SCENARIO_FIELDS[question.fields[0]]
            values = {spec.name: draw(st.integers(int(spec.minimum), int(min(spec.maximum, 60))))}
        answers = answer(PATHWAY, answers, values)
    return answers


@settings(max_examples=200, deadline=None)
@given(random_walks())
def test_walker_and_engine_agree_and_links_round_trip(answers):
    view = progress(PATHWAY, answers)
    rec = recommend(answers)
    assert rec.outcome == view.outcome and rec.path == view.path
    assert decode(PATHWAY, encode(answers)) == answers


# --- the flowchart --------------------------------------------------------------------------------

def test_the_flowchart_draws_every_node_and_marks_the_walk():
    from vcf_logic.flowchart import pathway_svg

    view = progress(PATHWAY, walk_through(TO_AUGMENTATION[:3]))
    svg = pathway_svg(PATHWAY, view.path, view.current)
    nodes = dict(re.findall(r'<g class="node" id="node-([a-z_]+)"(.*?)</g>', svg))
    edges = {(a, b): body for a, b, body in re.findall(r'<g class="edge" data-from="(\w+)" data-to="(\w+)">(.*?)</g>',
                                                       svg)}
    assert set(nodes) == {*PATHWAY.questions, *PATHWAY.outcomes}
    assert "▶" in nodes["osteo_worsening"] and nodes["osteo_worsening"].count("<rect") == 2  # a double border
    assert 'stroke-width="3.5"' in edges[("instability", "malignancy_status")]
    assert 'stroke-width="3.5"' not in edges[("malignancy_status", "malignant_deformity")]
    assert "✔" not in svg  # no outcome reached yet
    assert "{" not in svg  # thresholds filled in labels
    assert ">≥ 7<" in edges[("malignant_pain", "pathologic_severe_pain")]
    assert edges[("surgery_fitness", "augmentation_imaging")].count("<text") == 1  # two branches, one arrow
    assert 'id="node-' in svg and "<title>" in svg and "<script" not in svg


def test_the_flowchart_for_a_projector_keeps_the_question_now_in_its_window():
    from vcf_logic.flowchart import layout, pathway_svg

    view = progress(PATHWAY, walk_through(TO_AUGMENTATION[:3]))
    whole = layout(PATHWAY)
    top, height = map(float, re.search(r'viewBox="0 ([\d.]+) [\d.]+ ([\d.]+)"',
                                       pathway_svg(PATHWAY, view.path, view.current, 2)).groups())
    box = whole.boxes[view.current]
    assert top <= box.y and box.y + box.height <= top + height < whole.height
