"""axe-core (WCAG 2.2 AA rules) over every page and the states that matter: no serious or critical violation,
and headings in order."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser_helpers import wait_for_app
from vcf_logic import explorer as ev
from vcf_ui.page_registry import EXPLORER, HOME, LAB, QUIZ, REFERENCES, WALKER

pytestmark = pytest.mark.browser

AXE = Axe()
AT_AN_OUTCOME = WALKER.url({"nd": "n", "cc": "n", "si": "n", "mal": "none", "worse": "n", "def": "n", "pul": "n",
                            "pain": "8", "wk": "14", "unfit": "n", "mri": "y"})


def _violations(page) -> list[str]:
    found = AXE.run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {node['target']} — {v['help']}"
            for v in found if v["impact"] in ("serious", "critical") or v["id"] == "heading-order"
            for node in v["nodes"]]


def violations(page) -> list[str]:
    """Serious and critical violations, and any heading that skips a level, one line per element, on the page
    at rest: Streamlit fades elements in (opacity) as they arrive, so a finding is checked again a second later
    and only one that stays counts."""
    wait_for_app(page)
    page.wait_for_timeout(300)
    found = _violations(page)
    if found:
        page.wait_for_timeout(1000)
        wait_for_app(page)
        found = _violations(page)
    return found


def open_at(page, url: str, text: str) -> None:
    page.goto(url)
    wait_for_app(page, text)


@pytest.mark.parametrize(("url", "text"), [
    (HOME.url(), "The pathway in one sentence"),
    (WALKER.url(), "Is there a neurological deficit on examination"),
    (AT_AN_OUTCOME, "Consider vertebral augmentation"),
    (LAB.url({"case": "severe_pain_at_week_2"}), "Findings"),
    (QUIZ.url({"seed": "3"}), "What is the next step?"),
    (REFERENCES.url(), "references"),
    *[(EXPLORER.url({"view": view_id}), ev.view(view_id).label) for view_id in ev.VIEW_IDS],
], ids=["home", "walker", "walker_outcome", "lab", "quiz", "references", *ev.VIEW_IDS])
def test_every_page_and_view_has_no_serious_violation(page, app_server, url, text):
    open_at(page, f"{app_server}{url}", text)
    assert violations(page) == []


def test_the_outcome_tabs_and_a_phone_have_no_serious_violation(page, app_server):
    open_at(page, f"{app_server}{AT_AN_OUTCOME}", "Consider vertebral augmentation")
    for tab in ("Why", "Pitfalls", "Evidence and references"):
        page.get_by_role("tab", name=tab).click()
        assert violations(page) == [], tab
    page.set_viewport_size({"width": 390, "height": 844})
    assert violations(page) == []


def test_the_lab_after_a_what_if_and_the_quiz_after_a_reveal_have_no_serious_violation(page, app_server):
    open_at(page, f"{app_server}{LAB.url({'case': 'severe_pain_at_week_2'})}", "Findings")
    page.get_by_role("button", name="📌 Pin this case").click()
    wait_for_app(page, "What if? Pinned")
    weeks = page.get_by_role("slider", name="Weeks of conservative care")
    weeks.focus()
    page.keyboard.press("End")
    wait_for_app(page, "Deciding rule")
    assert violations(page) == []

    open_at(page, f"{app_server}{QUIZ.url({'seed': '3'})}", "What is the next step?")
    page.get_by_role("radio").first.check(force=True)
    wait_for_app(page)
    page.get_by_role("button", name="Check answer").click()
    wait_for_app(page, "Teaching point")
    page.get_by_text("References (").first.click()
    assert violations(page) == []


@pytest.mark.parametrize(("url", "text"), [
    (WALKER.url({"presenter": "1", "nd": "y", "cc": "n"}), "Is a malignancy known"),
    (QUIZ.url({"seed": "3", "presenter": "1"}), "What is the next step?"),
], ids=["walker", "quiz"])
def test_presenter_mode_has_no_serious_violation(page, app_server, url, text):
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_at(page, f"{app_server}{url}", text)
    assert violations(page) == []
