"""Two students walk different paths at the same time, in two browser contexts: neither sees the other's state."""

from __future__ import annotations

import urllib.parse

import pytest

from tests.browser_helpers import ConsoleLog, wait_for_app

pytestmark = pytest.mark.browser


def option_paths() -> list[list[tuple[str, str]]]:
    """Walks that need only radio clicks: [(question text, option label)], ending at an outcome (its title)."""
    from vcf_logic.pathway import default_pathway
    from vcf_logic.walker_state import answer, progress

    pathway = default_pathway()
    paths = []

    def explore(answers: dict, steps: list) -> None:
        view = progress(pathway, answers)
        if view.outcome:
            paths.append((steps, pathway.fill(pathway.outcomes[view.outcome].title), answers))
            return
        question = pathway.questions[view.current]
        for option in question.options:  # a number question ends the search on this branch
            explore(answer(pathway, answers, option.sets),
                    [*steps, (pathway.fill(question.question), pathway.fill(option.label))])

    explore({}, [])
    return paths


def two_different_walks():
    """The longest radio-only walk, and one that differs from its first answer and ends elsewhere."""
    paths = sorted(option_paths(), key=lambda p: -len(p[0]))
    first = paths[0]
    second = next(p for p in paths if p[0][0][1] != first[0][0][1] and p[1] != first[1])
    return first, second


def first_reason(answers: dict) -> str:
    """Why the first answer led where it did, as the walker's 'answers so far' shows it."""
    from vcf_logic.pathway import default_pathway
    from vcf_logic.walker_state import progress

    return progress(default_pathway(), answers).steps[0].reason


def choose(page, label: str) -> None:
    """Pick the option, then Next: a choice commits only on Next."""
    page.locator('[data-testid="stRadio"]').get_by_text(label, exact=True).click()
    wait_for_app(page)
    page.get_by_role("button", name="Next ➜").click()


def query_of(page) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(page.url).query))


def test_two_students_walking_at_once_each_see_only_their_own_walk(browser, app_server):
    from vcf_logic.walker_state import encode

    (steps_a, outcome_a, answers_a), (steps_b, outcome_b, answers_b) = two_different_walks()
    contexts = [browser.new_context(viewport={"width": 1280, "height": 720}) for _ in range(2)]
    try:
        page_a, page_b = (context.new_page() for context in contexts)
        logs = [ConsoleLog(page_a), ConsoleLog(page_b)]
        for page in (page_a, page_b):
            page.goto(f"{app_server}/Decision_walker")
            wait_for_app(page, steps_a[0][0])

        # Interleave the clicks: A, B, A, B ... each page moves only by its own student's clicks.
        for index in range(max(len(steps_a), len(steps_b))):
            for page, steps, outcome in ((page_a, steps_a, outcome_a), (page_b, steps_b, outcome_b)):
                if index >= len(steps):
                    continue
                choose(page, steps[index][1])
                expected_next = steps[index + 1][0] if index + 1 < len(steps) else outcome
                wait_for_app(page, expected_next)

        assert query_of(page_a) == encode(answers_a)
        assert query_of(page_b) == encode(answers_b)
        card_a = page_a.locator(".st-key-walker_outcome").inner_text()
        card_b = page_b.locator(".st-key-walker_outcome").inner_text()
        assert outcome_a in card_a and outcome_b not in card_a
        assert outcome_b in card_b and outcome_a not in card_b
        reason_a, reason_b = (first_reason(answers) for answers in (answers_a, answers_b))
        for page, own, other in ((page_a, reason_a, reason_b), (page_b, reason_b, reason_a)):
            so_far = page.locator('[data-testid="stExpander"]', has_text="Your answers so far").inner_text()
            assert own in so_far and other not in so_far, so_far

        # A reload keeps each student's own walk (it lives in their URL and their session).
        page_b.reload()
        wait_for_app(page_b, outcome_b)
        assert outcome_a not in page_b.locator(".st-key-walker_outcome").inner_text()

        # A new tab of student A starts a fresh walk: state is per tab, never per server.
        fresh = contexts[0].new_page()
        fresh.goto(f"{app_server}/Decision_walker")
        wait_for_app(fresh, steps_a[0][0])
        assert query_of(fresh) == {}
        assert fresh.locator(".st-key-walker_outcome").count() == 0

        for log in logs:
            assert log.errors == []
            assert log.external_requests == []
    finally:
        for context in contexts:
            context.close()
