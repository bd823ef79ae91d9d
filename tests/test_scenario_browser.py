"""In a real Chromium: upload scenario files to the lab, answer one quiz question, download the summary."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import ConsoleLog, save_screenshot, wait_for_app
from vcf_logic.case_library import load_case_library
from vcf_logic.pathway import default_pathway

LIBRARY = load_case_library()
CLASS_CASE = {"title": "Class case: frail, edema, still sore", "age_years": 86, "pain_score": 6,
              "weeks_of_conservative_care": 5, "mri_edema": True, "surgery_contraindicated": True}


def upload(page, path: Path, wait_text: str) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    wait_for_app(page, wait_text)


@pytest.mark.browser
def test_upload_a_case_answer_a_question_and_download_the_summary(app_server, page, tmp_path):
    log = ConsoleLog(page)
    page.goto(f"{app_server}/Scenario_lab")
    wait_for_app(page, "Findings")
    expect(page.locator("h1").first).to_contain_text("Scenario lab")

    bad = tmp_path / "bad_case.json"
    bad.write_text(json.dumps({"pain_score": "very bad"}), encoding="utf-8")
    upload(page, bad, "bad_case.json was not loaded")
    expect(page.get_by_text("Pain score (0–10): expected a number").first).to_be_visible()

    huge = tmp_path / "huge_case.json"  # over the 1 MB upload limit of .streamlit/config.toml
    huge.write_text(json.dumps({"title": "x" * 2_000_000}), encoding="utf-8")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(huge))
    expect(page.get_by_text(re.compile(r"File must be .* or smaller")).first).to_be_visible()
    expect(page.get_by_text("Loaded huge_case.json")).to_have_count(0)

    good = tmp_path / "class_case.json"
    good.write_text(json.dumps(CLASS_CASE), encoding="utf-8")
    upload(page, good, "Loaded class_case.json")
    expect(page.get_by_text("Consider vertebral augmentation").first).to_be_visible()
    page.locator("h2", has_text="Findings").first.evaluate("el => el.scrollIntoView()")
    save_screenshot(page, "scenario_lab.png")

    page.get_by_role("link", name="Open in walker").click()  # one click, same session
    page.wait_for_url("**/Decision_walker?**")
    page.locator("h1", has_text="Decision walker").wait_for(timeout=30_000)  # the sidebar names it on every page
    wait_for_app(page)
    expect(page.locator(".st-key-walker_outcome")).to_contain_text("Consider vertebral augmentation")

    page.locator('[data-testid="stSidebar"]').get_by_text("Self-check quiz", exact=True).click()
    wait_for_app(page, "What is the next step?")
    assert "seed=" in page.url
    heading = page.locator("h2", has_text="Question 1:").first.inner_text()
    vignette = next(v for v in LIBRARY.vignettes if heading.strip() == f"Question 1: {v.title}")
    right_title = default_pathway().outcomes[vignette.expected_outcome].title
    page.locator('[data-testid="stRadio"]').get_by_text(right_title, exact=True).click()
    page.get_by_role("button", name="Check answer").click()
    wait_for_app(page, "Right:")
    expect(page.get_by_text("Teaching point").first).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download session summary").click()
    download = download_info.value
    assert download.suggested_filename.startswith("vcf_session_summary_")
    summary = Path(download.path()).read_text(encoding="utf-8")
    assert "**1 of 1 right (100%)**" in summary
    assert f"| 1 | {vignette.title} |" in summary and "✓ right" in summary
    assert "Class case: frail, edema, still sore (scenario file)" in summary
    assert "Walked case (decision walker)" in summary
    assert "## References cited" in summary

    page.goto(f"{app_server}/Self_check_quiz?seed=3&presenter=1")  # a lecture-hall link
    wait_for_app(page, "What is the next step?")
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    assert "presenter" not in page.url and "seed=3" in page.url
    assert log.errors == []
    assert log.external_requests == []
