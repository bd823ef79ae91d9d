"""Self-check quiz page (AppTest): seeded order, scoring, feedback, presenter reveal, summary."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import app_at, open_page
from vcf_logic.case_library import load_case_library
from vcf_logic.quiz import parse_seed, question_order
from vcf_logic.wording import escape_markdown
from vcf_ui.page_registry import QUIZ
from vcf_ui.quiz_view import choice_key
from vcf_ui.session import RECORD_KEY

LIBRARY = load_case_library()
EXPECTED = LIBRARY.expected_outcomes()


def quiz(**params) -> AppTest:
    return open_page(QUIZ, **params)


def answer(at: AppTest, vignette_id: str, outcome: str) -> None:
    at.radio(key=choice_key(vignette_id)).set_value(outcome).run()
    next(b for b in at.button if b.label == "Check answer").click().run()
    assert not at.exception, at.exception


def click(at: AppTest, label: str) -> None:
    next(b for b in at.button if b.label.startswith(label)).click().run()
    assert not at.exception, at.exception


def first_heading(seed: int) -> str:
    """The subheader of question 1 for this seed, as the page writes it (titles escaped for markdown)."""
    return f"Question 1: {escape_markdown(LIBRARY.get(question_order(LIBRARY.ids(), seed)[0]).title)}"


def wrong_for(vignette_id: str) -> str:
    return "malignancy_workup" if EXPECTED[vignette_id] != "malignancy_workup" else "conservative_care"


def test_the_seed_in_the_link_fixes_the_question_order():
    order = question_order(LIBRARY.ids(), 42)
    at = quiz(seed="42")
    assert at.title[0].value == "Self-check quiz"
    assert at.header[0].value == first_heading(42)
    assert any(LIBRARY.get(order[0]).story[:40] in m.value.replace("\\", "") for m in at.markdown)


def test_without_a_seed_one_is_chosen_and_written_into_the_link():
    at = quiz()
    seed = int(at.query_params["seed"])
    assert at.header[0].value == first_heading(seed)


def test_a_title_with_markdown_characters_is_shown_literally():
    seed = next(s for s in range(1, 10_000) if ":" in LIBRARY.get(question_order(LIBRARY.ids(), s)[0]).title)
    at = quiz(seed=str(seed))
    title = LIBRARY.get(question_order(LIBRARY.ids(), seed)[0]).title
    assert at.header[0].value == "Question 1: " + title.replace(":", "\\:")


def test_scoring_right_then_wrong_with_feedback_citing_reasons_and_references():
    order = question_order(LIBRARY.ids(), 42)
    at = quiz(seed="42")
    answer(at, order[0], EXPECTED[order[0]])
    assert at.success[0].value.startswith("**Right:**")
    assert at.metric[0].value == "1 / 1"
    assert any(m.value.startswith("**Why**") for m in at.markdown)
    assert any("Teaching point" in i.value for i in at.info)
    references = next(e for e in at.expander if e.label.startswith("References ("))
    assert references.markdown[1].value.startswith("- **"), "the references as one list of full citations"
    click(at, "Next question")
    assert at.header[0].value.startswith("Question 2:")
    answer(at, order[1], wrong_for(order[1]))
    assert at.error[0].value.startswith("**Not quite.**")
    assert at.metric[0].value == "1 / 2"
    record = at.session_state[RECORD_KEY]
    assert [a.correct for a in record.answers] == [True, False]
    assert record.quiz_seed == 42


def test_an_answer_cannot_be_changed_after_checking():
    order = question_order(LIBRARY.ids(), 5)
    at = quiz(seed="5")
    answer(at, order[0], wrong_for(order[0]))
    assert at.radio(key=choice_key(order[0])).disabled
    assert not [b for b in at.button if b.label == "Check answer"]
    assert at.metric[0].value == "0 / 1"


def test_a_new_seed_restarts_the_quiz_in_the_new_order():
    at = quiz(seed="42")
    at.number_input(key="quiz_seed_input").set_value(7).run()
    click(at, "Start with this seed")
    assert at.query_params["seed"] == "7"
    assert at.header[0].value == first_heading(7)
    assert at.metric[0].value == "0 / 0"


def test_finishing_shows_the_score():
    at = quiz(seed="11")
    for vignette_id in question_order(LIBRARY.ids(), 11):
        answer(at, vignette_id, EXPECTED[vignette_id])
        click(at, "See my score" if vignette_id == question_order(LIBRARY.ids(), 11)[-1] else "Next question")
    assert at.header[0].value == "Quiz complete"
    assert any(f"**{len(EXPECTED)} of {len(EXPECTED)}** right (100%)" in m.value for m in at.markdown)


def test_presenter_mode_hides_feedback_until_revealed():
    order = question_order(LIBRARY.ids(), 42)
    at = quiz(seed="42", presenter="1")
    answer(at, order[0], EXPECTED[order[0]])
    assert not at.success, "the verdict waits for the presenter"
    click(at, "▶ Reveal the answer")
    assert at.success[0].value.startswith("**Right:**")
    assert not [i for i in at.info if "Teaching point" in i.value]


def test_the_summary_can_be_downloaded_from_the_quiz():
    at = quiz(seed="42")
    assert [b for b in at.get("download_button")], "a download button for the session summary"
    assert any("0 quiz answer(s)" in c.value for c in at.caption)


def test_a_finished_walk_in_the_walker_is_noted_in_the_summary():
    at = app_at(QUIZ)
    at.session_state["walker_answers"] = {"neuro_deficit": False, "cord_compression": False,
                                          "spinal_instability": True, "malignancy": "none"}
    at.run()
    assert not at.exception
    [walk] = at.session_state[RECORD_KEY].cases
    assert (walk.label, walk.source, walk.outcome) == ("Walked case", "decision walker", "urgent_surgical_referral")


def test_an_unfinished_walk_is_not_noted():
    at = app_at(QUIZ)
    at.session_state["walker_answers"] = {"neuro_deficit": False, "cord_compression": False}
    at.run()
    assert not at.exception and at.session_state[RECORD_KEY].cases == []


@pytest.mark.parametrize("typo", ["1.0", "1e3", "-5", "12345678", "4２"])
def test_a_seed_typo_in_the_link_is_said_and_the_link_then_holds_the_order_in_use(typo):
    at = quiz(seed=typo)
    [warning] = [w.value for w in at.warning if "quiz order" in w.value]
    assert "not a whole number" in warning and at.query_params["seed"] in warning
    assert parse_seed(at.query_params["seed"]) is not None
    assert not [w for w in quiz(seed="42").warning if "quiz order" in w.value]
