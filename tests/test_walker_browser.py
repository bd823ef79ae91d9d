"""The Decision walker in Chromium: click a path, read the card and the flowchart, reopen the link."""

from __future__ import annotations

import base64
import re

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import save_screenshot, wait_for_app

pytestmark = pytest.mark.browser

PATH_COLOUR = "#0072b2"  # Graphviz writes colours in lower case
OUTCOME_FILL = "#009e73"


def choose(page, option: str, next_text: str) -> None:
    """Pick an option, then Next: a choice alone does not move on."""
    page.get_by_text(option, exact=True).click()
    wait_for_app(page)
    page.get_by_role("button", name="Next ➜").click()
    wait_for_app(page, next_text)


def flowchart_svg(page) -> str:
    """The flowchart picture the browser shows (drawn on the server: the browser lays nothing out)."""
    picture = page.locator(".st-key-walker_flowchart img").first
    expect(picture).to_be_visible()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", picture.element_handle())
    return base64.b64decode(picture.get_attribute("src").split(",", 1)[1]).decode()


def svg_node_fill(page, node: str) -> str:
    return re.search(rf'<g class="node" id="node-{node}".*?fill="(#\w+)"', flowchart_svg(page))[1].lower()


def svg_edge_stroke(page, source: str, target: str) -> str:
    edge = re.search(rf'data-from="{source}" data-to="{target}"><path [^>]*stroke="(#\w+)"', flowchart_svg(page))
    return edge[1].lower()


def test_click_through_to_augmentation_and_reopen_the_shared_link(page, app_server, console_log):
    page.goto(f"{app_server}/Decision_walker")
    wait_for_app(page, "Is there a neurological deficit on examination")
    choose(page, "Neither: neurologically intact, no cord compression", "Is the fracture frankly unstable?")
    assert re.search(r"[?&]nd=n&cc=n", page.url)
    choose(page, "No, the fracture is stable", "Is a malignancy known, suspected, or neither?")
    choose(page, "Neither: no malignancy known or suspected", "Is the pain getting worse?")
    choose(page, "No, stable or easing", "Is there progressive spinal deformity")
    choose(page, "Neither", "How bad is the pain now")

    pain = page.get_by_label("Pain score (0–10)", exact=True)
    expect(pain).to_have_value("")  # not answered yet: nothing is pre-filled
    page.get_by_role("button", name="Next ➜").click()
    wait_for_app(page, "Enter the pain score (between 0 and 10) first")
    pain.fill("10")
    pain.press("Enter")
    expect(pain).to_have_value("10")
    wait_for_app(page)
    page.get_by_role("button", name="Next ➜").click()
    wait_for_app(page, "How many weeks of conservative care")
    weeks = page.get_by_label("Weeks of conservative care", exact=True)
    weeks.fill("600")  # out of range: refused in words, the field keeps what was typed, nothing recorded
    weeks.press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Next ➜").click()
    wait_for_app(page, "Weeks of conservative care must be between 0 and 520 weeks; 600 is outside that range")
    expect(weeks).to_have_value("600")
    assert "wk=" not in page.url
    weeks.fill("14")
    weeks.press("Enter")
    expect(weeks).to_have_value("14")
    wait_for_app(page)
    page.get_by_role("button", name="Next ➜").click()
    wait_for_app(page, "Is open surgery contraindicated")
    choose(page, "No, surgery would be possible", "Does MRI show bone-marrow edema")
    choose(page, "Yes, edema", "Consider vertebral augmentation (vertebroplasty or kyphoplasty)")

    card = page.locator(".st-key-walker_outcome")
    text = card.inner_text()
    card.get_by_role("tab", name="Why").click()
    expect(card.get_by_text("Pain (10/10) persisting after 14 weeks")).to_be_visible()
    card.get_by_role("tab", name="Pitfalls").click()
    expect(card.get_by_text("Do not deny augmentation").first).to_be_visible()
    # safety: the contested benefit is read before the actions, with the summary's words and verdict
    assert text.index("The benefit of vertebroplasty is contested") < text.index("What to do")
    assert "claim check: contested" in text
    assert svg_node_fill(page, "vertebral_augmentation") == OUTCOME_FILL
    assert svg_edge_stroke(page, "augmentation_imaging", "vertebral_augmentation") == PATH_COLOUR
    assert svg_edge_stroke(page, "malignancy_status", "malignant_deformity") != PATH_COLOUR
    save_screenshot(page, "decision_walker.png")

    shared = page.url
    assert "pain=10" in shared and "wk=14" in shared
    page.goto(shared)  # a new session, as when a student opens the instructor's link
    wait_for_app(page, "Consider vertebral augmentation (vertebroplasty or kyphoplasty)")
    assert svg_node_fill(page, "vertebral_augmentation") == OUTCOME_FILL

    page.goto(f"{app_server}/Decision_walker?nd=n&pain=eleven")
    wait_for_app(page, "That link could not be used")
    assert page.get_by_text("Is there a neurological deficit on examination").is_visible()

    assert console_log.errors == []
    assert console_log.external_requests == []


def test_an_osteoporotic_deficit_card_warns_against_steroids_before_the_actions(page, app_server, console_log):
    page.goto(f"{app_server}/Decision_walker?nd=y&cc=n&mal=none")
    wait_for_app(page, "Urgent surgical referral")
    text = page.locator(".st-key-walker_outcome").inner_text()
    caution = text.index("Corticosteroids are not for every deficit")
    assert caution < text.index("What to do") < text.index("Do not start corticosteroids")
    assert "claim check: contradicted" in text
    assert console_log.errors == []


def test_the_flowchart_download_is_the_picture_of_this_walk(page, app_server, console_log):
    """The SVG for slides is made when it is clicked (not on every answer), and it is the walk the page shows."""
    page.goto(f"{app_server}/Decision_walker")
    wait_for_app(page, "Is there a neurological deficit on examination")
    choose(page, "Neither: neurologically intact, no cord compression", "Is the fracture frankly unstable?")
    with page.expect_download() as download:
        page.get_by_role("button", name="Flowchart as SVG (for slides)").click()
    assert download.value.suggested_filename == "vcf_pathway.svg"
    saved = download.value.path().read_text(encoding="utf-8")
    assert saved.lstrip().startswith(("<?xml", "<svg")) and saved == flowchart_svg(page)
    assert PATH_COLOUR in saved.lower(), "the path taken is drawn"
