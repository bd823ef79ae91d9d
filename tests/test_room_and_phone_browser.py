"""The walker, the quiz and presenter mode in Chromium at a laptop's, a phone's and a projector's size."""

from __future__ import annotations

import base64
import re

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import save_screenshot, wait_for_app

pytestmark = pytest.mark.browser

SIZES = {"laptop": (1280, 720), "phone": (390, 844), "projector": (1920, 1080)}
LAST_QUESTION = "/Decision_walker?nd=n&cc=n&si=n&mal=none&worse=n&def=n&pul=n&pain=8&wk=14&unfit=n"
FIRST_QUESTION = "Is there a neurological deficit on examination"


def at_size(page, size: str) -> None:
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})


def focused_text(page) -> str:
    return page.evaluate("() => document.activeElement ? document.activeElement.innerText || '' : ''")


def tab_to(page, role_test: str, limit: int = 40) -> None:
    """Press Tab until the focused element passes the JavaScript test `role_test` (given `el`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({role_test}); }}"):
            return
    raise AssertionError(f"Tab never reached an element where {role_test}")


@pytest.mark.parametrize("size", SIZES)
def test_after_the_last_answer_the_outcome_title_is_in_view_and_focused(page, app_server, console_log, size):
    at_size(page, size)
    page.goto(f"{app_server}{LAST_QUESTION}")
    wait_for_app(page, "Does MRI show bone-marrow edema")
    page.get_by_text("Yes, edema", exact=True).click()  # scrolls the option into view, as a reader would
    page.mouse.wheel(0, 300)
    wait_for_app(page)
    page.get_by_role("button", name="Next ➜").click()
    title = page.locator(".st-key-walker_outcome h2").first
    expect(title).to_contain_text("Consider vertebral augmentation")
    expect(title).to_be_focused()
    expect(title).to_be_in_viewport()
    card = page.locator(".st-key-walker_outcome").inner_text()
    assert card.index("The benefit of vertebroplasty is contested") < card.index("What to do")  # safety
    save_screenshot(page, f"walker_outcome_{size}.png")
    assert console_log.errors == []


@pytest.mark.parametrize("size", SIZES)
def test_arrow_keys_move_the_choice_and_only_enter_commits_it(page, app_server, console_log, size):
    at_size(page, size)
    page.goto(f"{app_server}/Decision_walker")
    wait_for_app(page, FIRST_QUESTION)
    page.get_by_role("radio").first.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    wait_for_app(page)
    page.wait_for_timeout(500)  # a commit would rerun the page now; nothing should
    wait_for_app(page)
    expect(page.get_by_role("heading", name=FIRST_QUESTION)).to_be_visible()
    assert "nd=" not in page.url
    page.keyboard.press("Enter")
    page.wait_for_url("**/Decision_walker?nd=n&cc=y")  # the third option: cord compression, no deficit
    wait_for_app(page)
    expect(page.locator(".st-key-walker_step h2").first).to_be_focused()
    assert console_log.errors == []


@pytest.mark.parametrize("size", SIZES)
def test_an_empty_number_question_blocks_next_until_answered(page, app_server, console_log, size):
    at_size(page, size)
    page.goto(f"{app_server}/Decision_walker?nd=n&cc=n&si=n&mal=none&worse=n&def=n&pul=n")
    wait_for_app(page, "How bad is the pain now")
    pain = page.get_by_label("Pain score (0–10)", exact=True)
    expect(pain).to_have_value("")  # not answered yet: nothing pre-filled
    page.get_by_role("button", name="Next ➜").click()
    wait_for_app(page, "Enter the pain score (between 0 and 10) first")
    expect(page.get_by_role("heading", name="How bad is the pain now")).to_be_visible()
    assert "pain=" not in page.url
    pain.fill("8")
    pain.press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Next ➜").click()
    wait_for_app(page, "How many weeks of conservative care")
    assert "pain=8" in page.url
    assert console_log.errors == []


def test_a_keyboard_only_walk_to_an_outcome_and_back(page, app_server, console_log):
    at_size(page, "laptop")
    page.goto(f"{app_server}/Decision_walker?nd=y&cc=n")
    wait_for_app(page, "Is a malignancy known")
    tab_to(page, "el.type === 'radio'")
    page.keyboard.press("Space")  # choose the first option
    wait_for_app(page)
    page.keyboard.press("Enter")
    wait_for_app(page, "Urgent surgical referral")
    title = page.locator(".st-key-walker_outcome h2").first
    expect(title).to_be_focused()
    tab_to(page, "el.tagName === 'BUTTON' && el.innerText.includes('Back')")
    page.keyboard.press("Enter")
    question = page.locator(".st-key-walker_step h2").first
    expect(question).to_contain_text("Is a malignancy known")
    expect(question).to_be_focused()
    assert "mal=" not in page.url
    assert console_log.errors == []


@pytest.mark.parametrize("size", SIZES)
def test_presenter_mode_hides_the_quiz_verdict_and_score_until_revealed(page, app_server, console_log, size):
    at_size(page, size)
    page.goto(f"{app_server}/Self_check_quiz?seed=3&presenter=1")
    wait_for_app(page, "Question 1:")
    page.get_by_role("radio").first.check(force=True)
    wait_for_app(page)
    page.get_by_role("button", name="Check answer").click()
    wait_for_app(page, "Reveal the answer")
    assert page.get_by_text("Right:").count() == 0 and page.get_by_text("Not quite.").count() == 0
    expect(page.get_by_test_id("stMetricValue")).to_have_text("…")
    page.keyboard.press("PageDown")  # what a presentation clicker sends
    wait_for_app(page, "Reveal the cautions")
    verdict = page.get_by_text("Right:").or_(page.get_by_text("Not quite."))
    expect(verdict.first).to_be_visible()
    expect(page.get_by_test_id("stMetricValue")).to_have_text(["1 / 1"] if "Right:" in verdict.first.inner_text()
                                                              else ["0 / 1"])
    save_screenshot(page, f"quiz_presenter_{size}.png")
    assert console_log.errors == []


@pytest.mark.parametrize("size", ["laptop", "projector"])
def test_presenter_mode_keeps_the_question_now_on_screen_and_shows_a_qr_code(page, app_server, console_log, size):
    at_size(page, size)
    page.goto(f"{app_server}/Decision_walker?presenter=1&nd=n&cc=n&si=n&mal=none&worse=n&def=n&pul=n")
    wait_for_app(page, "How bad is the pain now")
    picture = page.locator(".st-key-walker_flowchart img").first
    expect(picture).to_be_in_viewport()
    svg = base64.b64decode(picture.get_attribute("src").split(",", 1)[1]).decode()
    assert re.search(r'id="node-osteo_pain".*?#F0E442', svg), "the question now is marked in the picture"
    top, height = map(float, re.search(r'viewBox="0 ([\d.]+) [\d.]+ ([\d.]+)"', svg).groups())
    node_y, node_height = map(float, re.search(r'id="node-osteo_pain".*?<rect x="[\d.]+" y="([\d.]+)" '
                                               r'width="\d+" height="([\d.]+)"', svg).groups())
    box = picture.bounding_box()
    scale = box["height"] / height
    node_top = box["y"] + (node_y - top) * scale
    assert node_top >= 0 and node_top + node_height * scale <= SIZES[size][1], "the question now is on screen"
    expect(page.get_by_text("Scan to open this step on your phone")).to_be_visible()
    save_screenshot(page, f"walker_presenter_{size}.png")
    # as a presenter would: the page settled and Back ready (under load a press made sooner was once lost)
    wait_for_app(page)
    expect(page.get_by_role("button", name="⬅ Back")).to_be_enabled()
    page.keyboard.press("PageUp")  # the clicker's back key
    wait_for_app(page, "Is there progressive spinal deformity")
    assert console_log.errors == []


@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_after_a_what_if_change_the_comparison_and_its_verdict_come_into_view(page, app_server, console_log, size):
    at_size(page, size)
    page.goto(f"{app_server}/Scenario_lab?case=severe_pain_at_week_2")
    wait_for_app(page, "Findings")
    page.get_by_role("button", name="📌 Pin this case").click()
    wait_for_app(page, "What if? Pinned")
    weeks = page.get_by_role("slider", name="Weeks of conservative care")
    weeks.scroll_into_view_if_needed()  # the reader is at the form, far from the comparison
    heading = page.locator(".st-key-lab_whatif h2").first
    expect(heading).not_to_be_in_viewport()
    weeks.focus()
    page.keyboard.press("End")
    wait_for_app(page, "Deciding rule")
    expect(heading).to_be_in_viewport()
    expect(heading).to_be_focused()
    expect(page.get_by_text("Deciding rule").first).to_be_in_viewport()
    save_screenshot(page, f"lab_what_if_{size}.png")
    assert console_log.errors == []


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_on_a_phone_the_path_is_a_list_and_the_whole_flowchart_one_tap_away(page, app_server, console_log, size):
    at_size(page, size)
    page.goto(f"{app_server}/Decision_walker?nd=n&cc=n&si=n")
    wait_for_app(page, "Is a malignancy known")
    path = page.get_by_test_id("stExpanderDetails").filter(has_text="(now)")
    expect(path.get_by_role("listitem").first).to_contain_text("Deficit or cord compression")
    expect(path.get_by_role("listitem").filter(has_text="(now)").first).to_be_visible()
    picture = page.locator(".st-key-walker_flowchart img").first
    toggle = page.get_by_text("Show the whole flowchart")
    if size == "laptop":  # beside the question, no tap needed
        expect(picture).to_be_visible()
        expect(toggle).to_be_hidden()
    else:
        expect(picture).to_be_hidden()
        toggle.click()  # the one tap
        wait_for_app(page)
        expect(picture).to_be_visible()
        assert picture.bounding_box()["width"] <= SIZES["phone"][0]
        save_screenshot(page, "walker_flowchart_phone.png")
    assert console_log.errors == []
