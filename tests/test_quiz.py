"""Quiz logic: a seed fixes the order, the first answer counts, feedback cites the engine's reasons."""

from __future__ import annotations

import random

import pytest

from vcf_logic.case_library import load_case_library
from vcf_logic.engine import recommend
from vcf_logic.pathway import default_pathway
from vcf_logic.quiz import QuizState, check_answer, new_seed, outcome_titles, parse_seed, question_order

LIBRARY = load_case_library()
IDS = LIBRARY.ids()


def test_same_seed_same_order_for_the_whole_class():
    assert question_order(IDS, 1234) == question_order(IDS, 1234)
    assert sorted(question_order(IDS, 1234)) == sorted(IDS)


def test_order_does_not_depend_on_the_files_order():
    assert question_order(list(reversed(IDS)), 7) == question_order(IDS, 7)


def test_different_seeds_shuffle_differently():
    orders = {tuple(question_order(IDS, seed)) for seed in range(20)}
    assert len(orders) > 15


@pytest.mark.parametrize(("text", "seed"), [
    ("42", 42), (" 7 ", 7), ("0", 0), ("999999", 999999), ("1000000", None), ("-1", None), ("4.2", None),
    ("abc", None), ("", None), (None, None), ("１２", None),
])
def test_seed_from_the_link(text, seed):
    assert parse_seed(text) == seed


def test_new_seed_is_in_range():
    assert all(1 <= new_seed(random.Random(n)) <= 999_999 for n in range(50))


def test_only_the_first_answer_counts_and_the_score_runs():
    state = QuizState.start(IDS, seed=3)
    expected = LIBRARY.expected_outcomes()
    first, second = state.order[:2]
    assert state.answer(first, expected[first]) is True
    assert state.answer(first, "cement") is False
    state.advance()
    state.answer(second, "malignancy_workup" if expected[second] != "malignancy_workup" else "conservative_care")
    score = state.score(expected)
    assert (score.right, score.answered, score.total) == (1, 2, len(IDS))
    assert str(score) == f"1 of 2 right ({len(IDS)} questions in all)" and score.percent == 50


def test_the_quiz_finishes_after_the_last_question():
    state = QuizState.start(IDS[:2], seed=1)
    assert state.current == state.order[0] and not state.finished
    state.advance()
    state.advance()
    state.advance()
    assert state.finished and state.current is None and state.position == 2


def test_feedback_cites_the_engines_reasons_and_the_references():
    vignette = LIBRARY.get("severe_pain_at_week_2")
    rec = recommend(vignette.case)
    wrong = check_answer(vignette, "vertebral_augmentation", rec)
    assert not wrong.correct and wrong.expected == "conservative_care"
    assert wrong.reasons == rec.reasons and "under 3 weeks" in wrong.reasons[-1]
    assert wrong.teaching_point == vignette.teaching_point
    assert set(rec.references) | set(vignette.references) == set(wrong.references)
    assert len(wrong.references) == len(set(wrong.references))
    assert check_answer(vignette, "conservative_care", rec).correct


def test_the_options_are_every_outcome_by_title():
    titles = outcome_titles(default_pathway())
    assert len(titles) == len(set(titles.values())) == 10, "one distinct option per outcome of the pathway"
    assert titles["conservative_care"] == default_pathway().outcomes["conservative_care"].title
