"""The live class's pages in AppTest, each test on SQLite and on PostgreSQL: a teacher and students as separate
sessions, through the rules a person meets (join, answer before seeing the room, reveal, reconnect, end)."""

from __future__ import annotations

import json

import pytest

from tests.apptest_helpers import app_at
from tests.class_databases import BACKENDS, class_database
from vcf_logic import class_store
from vcf_logic.case_library import default_case_library
from vcf_logic.class_session import CLOSED, OPEN, REVEALED, case_plan
from vcf_logic.figures.screen import PRESENTER_SCALE
from vcf_logic.pathway import default_pathway
from vcf_ui import class_view
from vcf_ui.page_registry import JOIN_CLASS, TEACH_CLASS
from vcf_ui.presenter import STATE_KEY as PRESENTER_STATE_KEY

CASE = "new_leg_weakness"


@pytest.fixture(params=BACKENDS)
def class_env(request, tmp_path, monkeypatch):
    with class_database(request.param, tmp_path) as env:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setattr(class_store, "_stores", {})
        monkeypatch.setattr(class_view, "TAB_LIMITER", class_view.JoinLimiter(limit=5, window_s=60))
        yield env
        for store in class_store._stores.values():
            store.dispose()


@pytest.fixture
def plan():
    return case_plan(default_pathway(), default_case_library(), CASE)


def run_ok(at):
    at.run()
    assert not at.exception, at.exception
    return at


def start_class(keep_names: bool = False):
    teacher = run_ok(app_at(TEACH_CLASS))
    teacher.selectbox(key="class_case").set_value(CASE)
    teacher.checkbox(key="class_keep_names").set_value(keep_names)
    teacher.button(key="class_start").click()
    run_ok(teacher)
    secret = teacher.query_params["t"][0] if isinstance(teacher.query_params["t"], list) else teacher.query_params["t"]
    code = class_store.default_store().by_teacher(secret).code
    return teacher, secret, code


def teacher_clicks(teacher, key: str):
    teacher.button(key=key).click()
    return run_ok(teacher)


def join(code: str, name: str = ""):
    student = run_ok(app_at(JOIN_CLASS, code=code))
    assert student.text_input(key="class_code_typed").value == code
    student.text_input(key="class_name_typed").set_value(name)
    student.button[0].click()  # the form's Join button
    run_ok(student)
    return student


def answer(student, question_key: str, option: int, confidence: int):
    student.radio(key=f"class_option_{question_key}").set_value(option)
    student.radio(key=f"class_confidence_{question_key}").set_value(confidence)
    student.button[0].click()
    return run_ok(student)


def texts(at) -> str:
    return "\n".join([*(m.value for m in at.markdown), *(m.value for m in at.info), *(m.value for m in at.success),
                      *(m.value for m in at.warning), *(c.value for c in at.caption)])


def chart_counts(at, key: str) -> list[int]:
    import base64

    import numpy as np

    spec = json.loads(at.get_by_key(key).proto.spec)
    y = spec["data"][0]["y"]
    if isinstance(y, dict):
        y = np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"]).tolist()
    return [int(v) for v in y]


def test_a_whole_question_from_start_to_reveal(class_env, plan):
    teacher, secret, code = start_class()
    assert f"Code: {code[:3]} {code[3:]}" in texts(teacher)
    assert teacher.get("image"), "the join link's QR code is shown"
    alice, bob = join(code), join(code)
    assert "Wait for your teacher's first question" in texts(alice)

    teacher_clicks(teacher, "class_next")  # the case's first question
    assert class_store.default_store().by_code(code).current_key == plan[0].key
    run_ok(alice)
    assert "Answering opens when your teacher says so" in texts(alice)
    assert not alice.radio, "no answering before the teacher opens it"

    teacher_clicks(teacher, "class_open")
    run_ok(alice), run_ok(bob)
    right = plan[0].correct
    answer(alice, plan[0].key, right, 5)
    answer(bob, plan[0].key, (right + 1) % len(plan[0].options), 2)
    assert "You can change it until answering closes" in texts(alice)
    assert not alice.get("plotly_chart"), "nothing of the room before the reveal"

    run_ok(teacher)
    assert teacher.metric[0].value == "2 of 2 joined"
    assert not teacher.get("plotly_chart"), "the distribution waits for the reveal"
    teacher_clicks(teacher, "class_close")
    run_ok(alice)
    assert "Answering is closed" in texts(alice) and not alice.radio

    teacher_clicks(teacher, "class_reveal")
    counts = chart_counts(teacher, "class_teacher_chart")
    assert counts[right] == 1 and sum(counts) == 2
    assert "50 % right" in texts(teacher) and "confidence when right 5.0, when wrong 2.0" in texts(teacher)
    run_ok(alice)
    assert "Right." in texts(alice) and chart_counts(alice, "class_student_chart") == counts
    assert plan[0].discussion[0].split()[0] in texts(alice).replace("\\", "")


def test_only_the_teacher_link_controls_the_class_and_a_wrong_one_says_so(class_env):
    _teacher, _secret, code = start_class()
    stranger = run_ok(app_at(TEACH_CLASS, t="x" * 43))
    assert "does not open any class" in texts(stranger)
    assert not stranger.button(key="class_open") if "class_open" in [b.key for b in stranger.button] else True
    student = join(code)
    assert [b.key for b in student.button if b.key and b.key.startswith("class_") and b.key != "class_start"] == []


def test_a_re_answer_replaces_the_first_and_the_room_counts_one(class_env, plan):
    teacher, _secret, code = start_class()
    teacher_clicks(teacher, "class_next")
    teacher_clicks(teacher, "class_open")
    student = join(code)
    answer(student, plan[0].key, 0, 1)
    answer(student, plan[0].key, 1, 4)
    assert "sure: 4 of 5" in texts(student)
    assert class_store.default_store().answer_count(code, plan[0].key) == 1


def test_a_student_who_reloads_the_page_keeps_their_place_and_answer(class_env, plan):
    teacher, _secret, code = start_class()
    teacher_clicks(teacher, "class_next")
    teacher_clicks(teacher, "class_open")
    student = join(code)
    answer(student, plan[0].key, 2, 3)
    params = {k: (v[0] if isinstance(v, list) else v) for k, v in student.query_params.items()}
    assert set(params) == {"code", "s"}
    again = run_ok(app_at(JOIN_CLASS, **params))  # a new session: the dropped connection came back elsewhere
    assert f"Your answer: {plan[0].options[2]}".replace(" ", "") in texts(again).replace("\\", "").replace(" ", "")
    assert again.radio(key=f"class_option_{plan[0].key}").value == 2


def test_display_names_are_never_shown_and_reach_the_export_inert(class_env, plan):
    teacher, _secret, code = start_class(keep_names=True)
    teacher_clicks(teacher, "class_next")
    teacher_clicks(teacher, "class_open")
    hostile = "<img src=x onerror=alert(1)> **[x](javascript:alert(1))**"
    student = join(code, hostile)
    other = join(code, "Bob")
    answer(student, plan[0].key, 0, 3)
    answer(other, plan[0].key, 1, 3)
    teacher_clicks(teacher, "class_reveal")
    run_ok(student)
    for at in (teacher, student, other):
        assert "img src" not in texts(at) and "Bob" not in texts(at)
    assert not teacher.get("download_button"), "the results are made only while their panel is open"
    teacher.session_state[class_view.RESULTS_PANEL] = True  # what the teacher's click on the panel sets
    run_ok(teacher)
    markdown = teacher.get("download_button")
    assert markdown, "the teacher can download the results"
    store = class_store.default_store()
    named = store.answers_to(code, plan[0].key, with_names=True)
    assert {a.name for a in named} == {hostile[:40], "Bob"}  # kept for the export only, cut to 40


def test_the_results_panel_says_in_words_when_the_database_cannot_be_reached(class_env, monkeypatch):
    teacher, _secret, _code = start_class()
    teacher.session_state[class_view.RESULTS_PANEL] = True

    def unreachable(*_args, **_kwargs):
        raise class_store.StoreError("connection refused")

    monkeypatch.setattr(class_store.ClassStore, "asked_questions", unreachable)
    run_ok(teacher)
    assert class_view.UNREACHABLE in [e.value for e in teacher.error]
    assert teacher.button(key="class_end"), "the class can still be ended"


def test_in_presenter_mode_the_rooms_chart_grows_with_the_page(class_env, plan):
    teacher, _secret, code = start_class()
    teacher_clicks(teacher, "class_next")
    teacher_clicks(teacher, "class_open")
    answer(join(code), plan[0].key, 0, 4)
    teacher_clicks(teacher, "class_reveal")
    sizes = {}
    for presenter in (False, True):
        teacher.session_state[PRESENTER_STATE_KEY] = presenter
        run_ok(teacher)
        layout = json.loads(teacher.get_by_key("class_teacher_chart").proto.spec)["layout"]
        sizes[presenter] = (layout["font"]["size"], layout["height"])
    assert sizes[True][0] == round(sizes[False][0] * PRESENTER_SCALE) > sizes[False][0]
    assert sizes[True][1] > sizes[False][1], "taller, so the larger labels still fit"


def test_wrong_codes_are_rate_limited(class_env):
    _teacher, _secret, code = start_class()
    student = run_ok(app_at(JOIN_CLASS))
    wrong = "ZZZZZZ" if code != "ZZZZZZ" else "YYYYYY"
    for _ in range(5):
        student.text_input(key="class_code_typed").set_value(wrong)
        student.button[0].click()
        run_ok(student)
        assert "No class has this code" in texts(student)
    student.text_input(key="class_code_typed").set_value(code)
    student.button[0].click()
    run_ok(student)
    assert "Too many wrong codes" in texts(student)
    assert "class_option" not in str([r.key for r in student.radio])


def test_an_ended_or_unknown_class_says_so_plainly(class_env, plan):
    teacher, secret, code = start_class()
    teacher_clicks(teacher, "class_next")
    teacher_clicks(teacher, "class_open")
    student = join(code)
    teacher_clicks(teacher, "class_end")
    assert "This class has ended" in texts(teacher)
    assert teacher.get("download_button"), "the results stay downloadable"
    run_ok(student)
    assert "This class has ended" in texts(student) and not student.radio
    late = join(code)
    assert "This class has ended" in texts(late)
    unknown = run_ok(app_at(JOIN_CLASS, code="ABCDEF", s="y" * 43))
    assert "Join your class" in texts(unknown) or unknown.subheader[0].value == "Join your class"


def test_hostile_query_strings_are_parsed_never_drawn(class_env):
    for page, params in ((TEACH_CLASS, {"t": "<script>alert(1)</script>"}),
                         (JOIN_CLASS, {"code": "<b>x</b>", "s": "javascript:alert(1)"}),
                         (JOIN_CLASS, {"code": "[x](http://evil)"})):
        at = run_ok(app_at(page, **params))
        shown = texts(at)
        assert "script" not in shown and "evil" not in shown and "javascript" not in shown
        assert not at.error


@pytest.mark.parametrize("state", [OPEN, CLOSED, REVEALED])
def test_the_teachers_buttons_follow_the_question_state(class_env, state):
    teacher, secret, _code = start_class()
    teacher_clicks(teacher, "class_next")
    class_store.default_store().set_state(secret, state)
    run_ok(teacher)
    disabled = {b.key: b.disabled for b in teacher.button if b.key in ("class_open", "class_close", "class_reveal")}
    assert disabled == {"class_open": state in (OPEN, REVEALED), "class_close": state != OPEN,
                        "class_reveal": state == REVEALED}
