"""The Decision walker in Chromium: click a path, read the card and the flowchart, reopen the link."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser_helpers import wait_for_app

pytestmark = pytest.mark.browser

SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "screenshots" / "decision_walker.png"

PATH_COLOUR = "#0072b2"  # Graphviz writes colours in lower case
OUTCOME_FILL = "#009e73"


def choose(page, option: str, next_text: str) -> None:
    page.get_by_text(option, exact=True).click()
    wait_for_app(page, next_text)


def svg_node_fill(page, node: str) -> str:
    return page.locator("g.node", has=page.locator(f"title:text-is('{node}')")).locator("polygon, path").first \
        .get_attribute("fill").lower()


def svg_edge_stroke(page, source: str, target: str) -> str:
    edge = page.locator("g.edge", has=page.locator(f"title:text-is('{source}->{target}')"))
    return edge.locator("path").first.get_attribute("stroke").lower()


def test_click_through_to_augmentation_and_reopen_the_shared_link(page, app_server, console_log):
    page.goto(f"{app_server}/Decision_walker")
    wait_for_app(page, "Is there a neurological deficit on examination")
    choose(page, "Neither: neurologically intact, no cord compression", "Is the fracture frankly unstable?")
    assert re.search(r"[?&]nd=n&cc=n", page.url)
    choose(page, "No, the fracture is stable", "Is a malignancy known, suspected, or neither?")
    choose(page, "Neither: no malignancy known or suspected", "Is there progressive spinal deformity")
    choose(page, "Neither", "How bad is the pain now")

    page.get_by_role("slider").focus()
    page.keyboard.press("End")  # 10 of 10
    wait_for_app(page)
    page.get_by_role("button", name="Next ➜").click()
    wait_for_app(page, "How many weeks of conservative care")
    weeks = page.get_by_label("Weeks of conservative care (weeks)")
    weeks.fill("14")
    weeks.press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Next ➜").click()
    wait_for_app(page, "Consider vertebral augmentation (vertebroplasty or kyphoplasty)")

    card = page.locator(".st-key-walker_outcome")
    assert "Severe pain (10/10) persisting after 14 weeks" in card.inner_text()
    assert "Do not deny augmentation" in card.inner_text()
    page.wait_for_selector(".stGraphVizChart svg g.node")
    assert svg_node_fill(page, "vertebral_augmentation") == OUTCOME_FILL
    assert svg_edge_stroke(page, "osteo_duration", "vertebral_augmentation") == PATH_COLOUR
    assert svg_edge_stroke(page, "malignancy_status", "malignant_deformity") != PATH_COLOUR
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))

    shared = page.url
    assert "pain=10" in shared and "wk=14" in shared
    page.goto(shared)  # a new session, as when a student opens the instructor's link
    wait_for_app(page, "Consider vertebral augmentation (vertebroplasty or kyphoplasty)")
    page.wait_for_selector(".stGraphVizChart svg g.node")
    assert svg_node_fill(page, "vertebral_augmentation") == OUTCOME_FILL

    page.goto(f"{app_server}/Decision_walker?nd=n&pain=eleven")
    wait_for_app(page, "That link could not be used")
    assert page.get_by_text("Is there a neurological deficit on examination").is_visible()

    assert console_log.errors == []
    assert console_log.external_requests == []
