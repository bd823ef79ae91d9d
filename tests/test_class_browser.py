"""A live class in Chromium: a teacher and three students (one on a phone) through a whole case.

Join by link, answer with a confidence, reveal, next question, export, end: each person in their own browser
context (own cookies, own websocket), as in a lecture hall.
"""

from __future__ import annotations

import csv
import io

import pytest

from tests.browser_helpers import ConsoleLog, save_screenshot, wait_for_app
from vcf_logic.case_library import default_case_library
from vcf_logic.class_session import CONFIDENCE_WORDS, case_plan
from vcf_logic.pathway import default_pathway

pytestmark = pytest.mark.browser

CASE = "new_leg_weakness"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
LIVE_WAIT = 20_000  # the pages refresh every 2 s; a loaded machine may take a few rounds


def start_class(teacher, app_server: str) -> str:
    teacher.goto(f"{app_server}/Teach_class")
    wait_for_app(teacher, "Start a class")
    title = default_case_library().get(CASE).title
    teacher.get_by_role("combobox").first.click()
    teacher.get_by_role("option", name=title).click()
    wait_for_app(teacher)
    teacher.get_by_role("button", name="Start the class").click()
    wait_for_app(teacher, "Code:")
    assert "t=" in teacher.url
    join_url = teacher.locator('[data-testid="stCode"]').first.inner_text().strip()
    assert join_url.startswith(f"{app_server}/Join_class?code=")
    return join_url


def join(student, join_url: str, name: str = "") -> None:
    student.goto(join_url)
    wait_for_app(student, "Join your class")
    if name:
        student.get_by_role("textbox", name="Display name (optional)").fill(name)
    student.get_by_role("button", name="Join").click()
    wait_for_app(student, "Wait for your teacher's first question")
    assert "s=" in student.url


def teacher_click(teacher, name: str, then: str | None = None) -> None:
    teacher.get_by_role("button", name=name).click()
    wait_for_app(teacher, then)


def answer(student, option: str, confidence: str) -> None:
    student.get_by_role("radiogroup", name="Your answer").get_by_text(option, exact=True).click()
    student.get_by_role("radiogroup", name="How sure are you?").get_by_text(confidence, exact=True).click()
    student.get_by_role("button", name="Send my answer").click()
    wait_for_app(student, "You can change it until answering closes")


def test_a_teacher_and_three_students_run_a_whole_case(browser, app_server):
    plan = case_plan(default_pathway(), default_case_library(), CASE)
    contexts = [browser.new_context(**DESKTOP), browser.new_context(**DESKTOP), browser.new_context(**DESKTOP),
                browser.new_context(**PHONE)]
    try:
        teacher, *students = [context.new_page() for context in contexts]
        logs = [ConsoleLog(page) for page in (teacher, *students)]
        join_url = start_class(teacher, app_server)
        for student, name in zip(students, ("Zelda Quist", "", "<b>Xander</b>"), strict=True):
            join(student, join_url, name)

        for number, question in enumerate(plan):
            teacher_click(teacher, "Next question ▶", question.heading)
            teacher_click(teacher, "Open answering", "Answering is open")
            for index, student in enumerate(students):
                student.get_by_text(question.prompt).first.wait_for(timeout=LIVE_WAIT)
                student.get_by_role("button", name="Send my answer").wait_for(timeout=LIVE_WAIT)
                assert student.locator(".js-plotly-plot").count() == 0, "nothing of the room before the reveal"
                if question.correct is None:
                    chosen = index % 2
                else:  # two right, one wrong
                    chosen = question.correct if index < 2 else (question.correct + 1) % len(question.options)
                answer(student, question.options[chosen], CONFIDENCE_WORDS[2 + index])
            teacher.get_by_text("3 of 3 joined").wait_for(timeout=LIVE_WAIT)
            teacher_click(teacher, "Reveal the answer", "Answer shown")
            teacher.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=LIVE_WAIT)
            if question.correct is not None:
                teacher.get_by_text("67 % right").wait_for(timeout=LIVE_WAIT)
            for student in students:
                student.get_by_text("The room's answers").wait_for(timeout=LIVE_WAIT)
                student.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=LIVE_WAIT)
                body = student.inner_text("body")
                assert "Zelda" not in body and "Xander" not in body, "no name is shown to the room"
            if number == 0:
                wait_for_app(teacher)
                teacher.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
                save_screenshot(teacher, "class_teacher.png")
                wait_for_app(students[-1])
                students[-1].locator(".js-plotly-plot").first.scroll_into_view_if_needed()
                save_screenshot(students[-1], "class_phone.png")

        teacher.get_by_text("Results and end of class").click()
        with teacher.expect_download() as download:
            teacher.get_by_role("button", name="Results (CSV)").click()
        rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
        assert {r["question"] for r in rows} == {q.heading for q in plan}
        assert all(sum(int(r["answers"]) for r in rows if r["question"] == q.heading) == 3 for q in plan)
        teacher_click(teacher, "End the class", "This class has ended")
        for student in students:
            student.get_by_text("This class has ended").wait_for(timeout=LIVE_WAIT)
        for log in logs:
            assert log.errors == [] and log.external_requests == []
    finally:
        for context in contexts:
            context.close()
