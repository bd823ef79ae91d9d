"""Scenario lab page (AppTest): the form, links into it, what-if, uploads, presenter mode."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import app_at, open_page
from vcf_logic.engine import SCENARIO_FIELDS
from vcf_ui.lab import PINNED_KEY
from vcf_ui.page_registry import LAB, QUIZ
from vcf_ui.scenario_form import widget_key
from vcf_ui.session import RECORD_KEY


def lab(**params) -> AppTest:
    return open_page(LAB, **params)


def plain(text: str) -> str:
    """Message text without the Markdown escapes the page adds to learner-supplied text."""
    return text.replace("\\", "")


def outcome_box(at: AppTest) -> str:
    return at.success[0].value


def presenter_style_on(at: AppTest) -> bool:
    return any("font-size: 137.5%" in h.proto.body for h in at.get("html"))


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader[0].set_value((name, content, "application/json")).run()
    assert not at.exception, at.exception
    return at


def test_every_scenario_field_has_an_input_with_its_unit():
    at = lab()
    assert at.title[0].value == "Scenario lab"
    for field, spec in SCENARIO_FIELDS.items():
        widget = at.get_by_key(widget_key(field))
        assert widget is not None, field
        if spec.unit or spec.scale:
            assert (spec.scale or spec.unit) in widget.label.lower(), field  # once: not "Levels (levels)"
            assert widget.label.lower().count(spec.scale or spec.unit) == 1, widget.label
    assert "Conservative care" in outcome_box(at)


def test_the_recommendation_follows_the_form():
    at = lab()
    at.toggle(key=widget_key("spinal_instability")).set_value(True).run()
    assert "Urgent surgical referral" in outcome_box(at)


def test_a_library_link_fills_the_form():
    at = lab(case="severe_pain_at_week_2")
    assert at.slider(key=widget_key("weeks_of_conservative_care")).value == 2
    assert at.slider(key=widget_key("pain_score")).value == 8
    assert "Conservative care" in outcome_box(at)
    assert any("Severe pain, two weeks in" in c.value for c in at.caption)


def test_a_walker_link_opens_the_walked_case():
    at = lab(nd="n", cc="n", si="n", mal="none", worse="n", **{"def": "n"}, pul="n", pain="8", wk="14", unfit="n",
             mri="y")
    assert at.slider(key=widget_key("pain_score")).value == 8
    assert at.slider(key=widget_key("weeks_of_conservative_care")).value == 14
    assert "Consider vertebral augmentation" in outcome_box(at)


def test_an_unknown_library_link_is_refused_and_the_form_keeps_its_defaults():
    at = lab(case="no_such_case")
    assert any("not in the case library" in e.value for e in at.error)
    assert at.slider(key=widget_key("pain_score")).value == 0


def test_what_if_shows_both_sides_the_changed_finding_and_the_deciding_rule():
    at = lab(case="severe_pain_at_week_2")
    next(b for b in at.button if b.label.startswith("📌")).click().run()
    assert PINNED_KEY in at.session_state
    at.slider(key=widget_key("weeks_of_conservative_care")).set_value(4).run()
    assert not at.exception
    tables = [m.value for m in at.markdown if m.value.startswith("| finding | pinned case | current case |")]
    assert tables and "| Weeks of conservative care | 2 weeks | **4 weeks** |" in tables[0]
    rule = next(w.value for w in at.warning if "Deciding rule" in w.value)
    assert "Weeks of conservative care?" in rule and "How many weeks of conservative care" in rule
    sides = [i.value for i in at.info]
    assert any("Conservative care" in s for s in sides) and any("vertebral augmentation" in s for s in sides)
    highlighted = [m.value for m in at.markdown if "**➜" in m.value]
    assert len(highlighted) == 2  # the deciding step is marked on both sides


def test_a_valid_upload_fills_the_form_and_is_noted_for_the_summary():
    at = lab()
    case = {"title": "Week-3 class case", "pain_score": 9, "weeks_of_conservative_care": 6, "mri_edema": True}
    upload(at, "class.json", json.dumps(case).encode())
    assert any("Loaded class.json" in plain(s.value) for s in at.success)
    assert at.slider(key=widget_key("pain_score")).value == 9
    assert at.radio(key=widget_key("mri_edema")).value == "yes"
    assert any("augmentation" in s.value for s in at.success)
    assert [c.label for c in at.session_state[RECORD_KEY].cases] == ["Week-3 class case"]


def test_the_same_file_can_be_loaded_again_after_editing_the_case():
    at = lab()
    case = json.dumps({"title": "Class case", "pain_score": 9, "weeks_of_conservative_care": 6}).encode()
    upload(at, "class.json", case)
    assert at.file_uploader[0].value is None, "the uploader is ready for the next file"
    at.slider(key=widget_key("pain_score")).set_value(2).run()
    upload(at, "class.json", case)
    assert at.slider(key=widget_key("pain_score")).value == 9
    assert any("Loaded class.json" in plain(s.value) for s in at.success)


@pytest.mark.parametrize(("content", "words"), [
    (json.dumps({"pain_score": "high"}).encode(), "Pain score (0–10): expected a number"),
    (json.dumps({"pain_scor": 3}).encode(), "did you mean 'pain_score'"),
    (b"[1, 2, 3]", "holds a list"),
    (b"{" + b" " * (1025 * 1024) + b"}", "at most 1 MB"),
    (b'{"title": "\\ud800", "pain_score": 3}', "not valid Unicode"),  # a lone surrogate (issue 15, failure 4)
])
def test_a_refused_upload_names_the_problem_and_loses_nothing(content, words):
    at = lab(case="mescc_multiple_levels")
    next(b for b in at.button if b.label.startswith("📌")).click().run()
    at.slider(key=widget_key("pain_score")).set_value(9).run()
    upload(at, "bad.json", content)
    errors = [plain(e.value) for e in at.error]
    assert any(words in e and "bad.json was not loaded" in e for e in errors), errors
    assert at.slider(key=widget_key("pain_score")).value == 9
    assert at.slider(key=widget_key("compression_levels")).value == 3
    assert at.session_state[PINNED_KEY].label == "Cord compression at three levels"


def test_presenter_mode_reveals_the_recommendation_one_step_at_a_time():
    at = lab(presenter="1", case="unfit_for_surgery_with_edema")
    assert not at.success, "nothing revealed before the presenter clicks"
    reveal = next(b for b in at.button if b.label.startswith("▶ Reveal"))
    assert "1 of 4" in reveal.label
    reveal.click().run()
    assert "Conservative care" in outcome_box(at)
    assert not [m for m in at.markdown if m.value.startswith("**What to do")]
    next(b for b in at.button if b.label.startswith("▶ Reveal what to do")).click().run()
    assert [m for m in at.markdown if m.value.startswith("**What to do")]
    assert not [m for m in at.markdown if m.value.startswith("**Why")]
    next(b for b in at.button if b.label.startswith("▶ Reveal why")).click().run()
    assert [m for m in at.markdown if m.value.startswith("**Why")]
    assert at.toggle(key="vcf_presenter_toggle").value is True


def test_presenter_mode_shows_what_changed_then_reveals_the_deciding_rule_and_both_routes():
    at = lab(presenter="1", case="severe_pain_at_week_2")
    next(b for b in at.button if b.label.startswith("📌")).click().run()
    at.slider(key=widget_key("weeks_of_conservative_care")).set_value(14).run()
    assert any(m.value.startswith("| finding | pinned case |") for m in at.markdown), "the change is the question"
    assert not [w for w in at.warning if "Deciding rule" in w.value], "the answer waits for the presenter"

    def reveal_what_if() -> None:
        next(b for b in at.button if b.label.startswith("▶ Reveal") and "of 2)" in b.label).click().run()
        assert not at.exception

    reveal_what_if()
    assert [w for w in at.warning if "Deciding rule" in w.value]
    assert not [m for m in at.markdown if m.value.startswith("### 📌 Pinned case")]
    reveal_what_if()
    assert [m for m in at.markdown if m.value.startswith("### 📌 Pinned case")]
    assert not [b for b in at.button if b.label.startswith("▶ Reveal") and "of 2)" in b.label]

    at.slider(key=widget_key("pain_score")).set_value(3).run()  # another change: the reveal starts again
    assert [b for b in at.button if b.label.startswith("▶ Reveal what decides it (1 of 2)")]
    assert not [m for m in at.markdown if m.value.startswith("### 📌 Pinned case")]


def test_presenter_link_is_read_once_and_the_toggle_turns_it_off():
    at = lab(presenter="1")
    assert "presenter" not in at.query_params, "taken out of the link so other pages' links stay clean"
    assert presenter_style_on(at), "the presenter style is on the page"
    at.toggle(key="vcf_presenter_toggle").set_value(False).run()
    assert not at.exception
    assert not presenter_style_on(at)
    assert at.success, "the whole recommendation is back at once"


@pytest.mark.parametrize("page_file", [LAB, QUIZ], ids=["lab", "quiz"])
def test_a_broken_case_library_stops_the_page_with_a_located_message(page_file, tmp_path, monkeypatch):
    from vcf_logic.case_library import CASES_FILE

    draft = tmp_path / "cases.yaml"
    text = CASES_FILE.read_text(encoding="utf-8")
    draft.write_text(text.replace("expected_outcome: malignancy_workup", "expected_outcome: conservative_care"),
                     encoding="utf-8")
    monkeypatch.setenv("VCF_CASES_FILE", str(draft))
    at = app_at(page_file).run()
    assert not at.exception
    messages = [plain(e.value) for e in at.error]
    assert any("entry 'cases/suspected_malignancy', field 'expected_outcome'" in m
               and "reaches 'malignancy_workup'" in m for m in messages), messages
    assert not at.title


def test_file_names_and_fields_in_messages_are_shown_as_text_not_markdown():
    at = lab()
    upload(at, "[x](http://evil.example).json", json.dumps({"**bold**": 1}).encode())
    [error] = [e.value for e in at.error]
    assert r"\[x\]\(http" in error and r"\*\*bold\*\*" in error


def test_the_lab_shows_the_cautions_before_what_to_do():
    at = lab(case="new_leg_weakness")
    warnings = [w.value for w in at.warning if "Cautions: read before acting" in w.value]
    assert warnings and "Corticosteroids are not for every deficit" in warnings[0]
    assert "claim check: **contradicted**" in warnings[0]


# --- typed numbers out of range (issue 15, failure 1): refused with the range, never silently replaced ---------

@pytest.mark.parametrize(("field", "typed", "words"), [
    ("age_years", 300, "Age must be between 0 and 120 years; 300 is outside that range"),
    ("age_years", -3, "Age must be between 0 and 120 years; -3 is outside that range"),
    ("predicted_survival_months", 99999999999999, "Predicted survival must be between 0 and 600 months"),
    ("age_years", 57.5, "Age takes whole numbers"),
])
def test_a_number_out_of_range_is_refused_with_its_range_and_no_recommendation_is_made(field, typed, words):
    at = lab()
    at.number_input(key=widget_key(field)).set_value(typed).run()
    assert not at.exception
    errors = [plain(e.value) for e in at.error]
    assert any(words in e for e in errors), errors
    assert any(e.startswith("The recommendation waits for a valid case") for e in errors)
    assert not at.success  # no recommendation from a case the learner did not mean
    assert at.number_input(key=widget_key(field)).value == typed  # nothing lost: the value stays to be fixed
    at.number_input(key=widget_key(field)).set_value(70).run()
    assert not at.error and "Conservative care" in outcome_box(at)


def test_weeks_past_the_slider_are_typed_and_checked_against_the_full_range():
    at = upload(lab(), "long.json", json.dumps({"weeks_of_conservative_care": 200}).encode())
    at.number_input(key=widget_key("weeks_of_conservative_care")).set_value(600).run()
    assert any("between 0 and 520 weeks" in plain(e.value) for e in at.error)
    at.number_input(key=widget_key("weeks_of_conservative_care")).set_value(float("nan")).run()
    assert not at.exception
    assert any("Enter the weeks of conservative care" in plain(e.value) for e in at.error)


def test_a_stored_label_that_is_not_unicode_cannot_break_the_summary_download():
    """A lone surrogate once reached the session summary: its download failed and the quiz stayed broken."""
    at = lab()
    case = {"title": "fine", "pain_score": 9}
    upload(at, "class.json", json.dumps(case).encode())
    record = at.session_state[RECORD_KEY]
    forged = record.cases[0].__class__(**{**record.cases[0].__dict__, "label": "bad \ud800 label"})
    record.cases[0] = forged
    at.run()
    assert not at.exception, at.exception
    quiz = at.switch_page(QUIZ.path).run()
    assert not quiz.exception, quiz.exception
