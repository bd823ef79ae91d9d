"""A live class's questions, codes, names, rate limit and results, without a database."""

from __future__ import annotations

import csv
import io

import pytest

from vcf_logic.case_library import default_case_library
from vcf_logic.class_session import (
    CODE_ALPHABET,
    OUTCOME,
    QUIZ,
    WALKER,
    ClassError,
    JoinLimiter,
    StoredAnswer,
    case_plan,
    clean_display_name,
    new_join_code,
    new_secret,
    normalise_code,
    parse_token,
    question_for_key,
    results_csv,
    results_markdown,
    summarise,
)
from vcf_logic.pathway import default_pathway, walk
from vcf_logic.walker_state import chosen_option


@pytest.fixture(scope="module")
def pathway():
    return default_pathway()


@pytest.fixture(scope="module")
def library():
    return default_case_library()


def test_every_vignette_makes_a_plan_whose_right_answers_are_the_pathways(pathway, library):
    for vignette in library.vignettes:
        plan = case_plan(pathway, library, vignette.id)
        kinds = [q.kind for q in plan]
        assert kinds[-2:] == [QUIZ, OUTCOME] and set(kinds[:-2]) <= {WALKER}
        route = walk(pathway, vignette.case)
        walked = [s.node for s in route.steps if pathway.questions[s.node].options]
        assert [q.key.split(":")[2] for q in plan if q.kind == WALKER] == walked
        for q in plan:
            if q.kind == WALKER:
                question = pathway.questions[q.key.split(":")[2]]
                assert q.correct == chosen_option(question, vignette.case)
                assert q.discussion[0] in [s.reason for s in route.steps]
        quiz = plan[-2]
        assert quiz.correct_text == pathway.outcomes[vignette.expected_outcome].title
        assert plan[-1].correct is None  # "what would you do" is an opinion


def test_a_question_key_names_its_question_and_anything_else_is_refused(pathway, library):
    plan = case_plan(pathway, library, "suspected_malignancy")
    assert question_for_key(pathway, library, plan[1].key) == plan[1]
    for bad in ("quiz:nope", "walker:suspected_malignancy:missing", "<script>", "quiz:x" * 50, None):
        with pytest.raises(ClassError):
            question_for_key(pathway, library, bad)


def test_join_codes_are_short_unambiguous_and_typed_in_any_case():
    codes = {new_join_code() for _ in range(200)}
    assert len(codes) > 190 and all(len(c) == 6 and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert normalise_code(" abc-def ") == "ABCDEF"
    for bad in ("ABC", "ABCDEFG", "ABCDE0", "ABCDE1", "ＡＢＣＤＥＦ", "", None, 123456):
        assert normalise_code(bad) is None


def test_secrets_are_long_and_only_their_shape_is_accepted_from_a_link():
    secret = new_secret()
    assert parse_token(secret) == secret and new_secret() != secret
    for bad in ("short", "x" * 65, "a b" * 10, "<script>alert(1)</script>", None):
        assert parse_token(bad) is None


def test_display_names_are_single_line_printable_and_short():
    assert clean_display_name("  Ann\n\tLee\u200b ") == "Ann Lee"
    assert clean_display_name("x" * 100) == "x" * 40
    assert clean_display_name("   ") is None and clean_display_name(None) is None


def test_the_join_limiter_allows_a_few_wrong_codes_then_makes_the_client_wait():
    now = [0.0]
    limiter = JoinLimiter(limit=3, window_s=60, clock=lambda: now[0])
    for _ in range(3):
        assert limiter.wait_seconds("phone") == 0
        limiter.failed("phone")
    assert limiter.wait_seconds("phone") == pytest.approx(60)
    assert limiter.wait_seconds("other phone") == 0
    now[0] = 61
    assert limiter.wait_seconds("phone") == 0


def test_results_count_each_option_share_correct_and_confidence_beside_correctness(pathway, library):
    question = case_plan(pathway, library, "new_leg_weakness")[0]
    right = question.correct
    wrong = (right + 1) % len(question.options)
    result = summarise(question, [StoredAnswer("a", right, 5), StoredAnswer("b", right, 3),
                                  StoredAnswer("c", wrong, 1), StoredAnswer("d", 99, 5)])
    assert result.answered == 3 and result.counts[right] == 2 and result.counts[wrong] == 1
    assert result.share_correct == pytest.approx(2 / 3)
    assert result.mean_confidence_right == 4 and result.mean_confidence_wrong == 1
    assert result.mean_confidence[right] == 4


def test_the_exports_hold_every_question_and_names_only_when_given(pathway, library):
    plan = case_plan(pathway, library, "new_leg_weakness")
    results = [summarise(q, [StoredAnswer("a", 0, 4)]) for q in plan]
    rows = list(csv.DictReader(io.StringIO(results_csv(results))))
    assert len(rows) == sum(len(q.options) for q in plan)
    assert {r["question"] for r in rows} == {q.heading for q in plan}
    assert rows[0]["answers"] == "1" and rows[0]["mean_confidence"] == "4.00"
    markdown = results_markdown("Class ABCDEF", results)
    assert "Answers by name" not in markdown and markdown.count("\n## ") == len(plan)
    named = results_markdown("Class", results, {"<img src=x>": {1: 0}})
    assert "\\<img src=x\\>" in named and "<img" not in named.replace("\\<img", "")


def test_a_name_that_looks_like_a_formula_is_not_run_by_a_spreadsheet(pathway, library):
    question = case_plan(pathway, library, "new_leg_weakness")[0]
    tricked = question.__class__(**{**question.__dict__, "heading": "=HYPERLINK(1)"})
    text = results_csv([summarise(tricked, [])])
    assert ",'=HYPERLINK(1)," in text
