"""The Decision walker page through AppTest: walks, Back, Restart, links and page switches."""

from __future__ import annotations

import base64
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import app_at
from vcf_ui.page_registry import HOME, LAB, REFERENCES, WALKER

TO_AUGMENTATION_OPTIONS = [
    ("q_neuro_emergency", "Neither: neurologically intact, no cord compression"),
    ("q_instability", "No, the fracture is stable"),
    ("q_malignancy_status", "Neither: no malignancy known or suspected"),
    ("q_osteo_worsening", "No, stable or easing"),
    ("q_osteo_deformity", "Neither"),
]


@pytest.fixture
def at() -> AppTest:
    app = app_at(WALKER)
    app.run()
    assert not app.exception
    return app


def svg(app: AppTest) -> str:
    """The flowchart as the page sends it: an SVG picture drawn on the server."""
    url = app.get("image")[0].proto.imgs[0].url
    return base64.b64decode(url.removeprefix("data:image/svg+xml;base64,")).decode()


def node_line(app: AppTest, node: str) -> str:
    return re.search(rf'<g class="node" id="node-{node}".*?</g>', svg(app))[0]


def outcome_title(app: AppTest) -> str:
    """The outcome card's title, as its heading reads (the green box holds it as a level-2 heading)."""
    return app.success[0].value.removeprefix("## 🧭 ")


def current_question(app: AppTest) -> str | None:
    keys = [w.key for w in (*app.radio, *app.slider, *app.number_input) if w.key and w.key.startswith("q_")]
    return keys[0].removeprefix("q_") if keys else None


def answer_options(app: AppTest, steps: list[tuple[str, str]]) -> None:
    for key, label in steps:
        app.radio(key=key).set_value(label).run()
        assert not app.exception, app.exception
        assert current_question(app) == key.removeprefix("q_"), "a choice alone does not move on"
        app.button(key="walker_next").click().run()
        assert not app.exception, app.exception


def walk_to_augmentation(app: AppTest) -> None:
    answer_options(app, TO_AUGMENTATION_OPTIONS)
    app.number_input(key="q_osteo_pain").set_value(8).run()
    app.button(key="walker_next").click().run()
    app.number_input(key="q_osteo_duration").set_value(14).run()
    app.button(key="walker_next").click().run()
    answer_options(app, [("q_surgery_fitness", "No, surgery would be possible"),
                         ("q_augmentation_imaging", "Yes, edema")])
    assert not app.exception, app.exception


def test_a_fresh_walk_starts_with_the_first_question(at):
    assert current_question(at) == "neuro_emergency"
    assert "Question 1 of at most 9" in at.get("progress")[0].proto.text
    assert "Why it matters." in at.info[0].value
    assert "▶" in node_line(at, "neuro_emergency") and "#F0E442" in node_line(at, "neuro_emergency")


def test_walk_to_vertebral_augmentation(at):
    walk_to_augmentation(at)
    assert outcome_title(at).startswith("Consider vertebral augmentation")
    shown = " ".join(m.value for m in at.markdown)
    assert "Pain \\(8/10\\) persisting after 14 weeks" in shown
    assert at.query_params == {"nd": "n", "cc": "n", "si": "n", "mal": "none", "worse": "n", "def": "n", "pul": "n",
                               "pain": "8", "wk": "14", "unfit": "n", "mri": "y"}
    assert "✔" in node_line(at, "vertebral_augmentation") and "#009E73" in node_line(at, "vertebral_augmentation")
    assert re.search(r'data-from="augmentation_imaging" data-to="vertebral_augmentation"><path [^>]*stroke-width="3.5"',
                     svg(at))
    assert "Outcome reached after 9 questions" in at.get("progress")[0].proto.text
    references = next(m.value for m in at.markdown if m.value.startswith("- **ACR 2018"))  # one list, in full
    assert "Shah LM" in references and not [e for e in at.expander if e.label.startswith("📄")]
    lab_link = next(link.proto for link in at.get("page_link") if link.proto.label == "Open in Scenario lab")
    assert (lab_link.page, lab_link.query_string) == (
        LAB.url_path, "nd=n&cc=n&si=n&mal=none&worse=n&def=n&pul=n&pain=8&wk=14&unfit=n&mri=y")


def test_walk_to_pathologic_neuro_and_check_the_criteria(at):
    answer_options(at, [("q_neuro_emergency", "Both a deficit and cord compression"),
                        ("q_neuro_malignancy", "Known malignancy"),
                        ("q_neuro_instability", "No, the fracture is stable")])
    assert outcome_title(at).startswith("Pathologic fracture with neurologic effects")
    assert any("not yet decidable" in m.value for m in at.markdown)
    for field, value in [("age_years", 57), ("compression_levels", 1), ("neuro_deficit_hours", 20),
                         ("predicted_survival_months", 12)]:
        at.number_input(key=f"detail_{field}").set_value(value).run()
    assert not at.exception
    assert any("all criteria met" in m.value for m in at.markdown)
    at.number_input(key="detail_age_years").set_value(70).run()
    assert any("not a candidate" in m.value for m in at.markdown)
    assert at.query_params["age"] == "70" and at.query_params["lvl"] == "1"


def test_back_and_restart(at):
    answer_options(at, TO_AUGMENTATION_OPTIONS[:3])
    assert current_question(at) == "osteo_worsening"
    at.button(key="walker_back").click().run()
    assert current_question(at) == "malignancy_status"
    assert "mal" not in at.query_params
    at.button(key="walker_restart").click().run()
    assert current_question(at) == "neuro_emergency"
    assert dict(at.query_params) == {}
    assert at.button(key="walker_back").disabled


def test_an_answer_so_far_can_be_changed(at):
    walk_to_augmentation(at)
    at.selectbox(key="edit_malignancy_status").set_value("Suspected, not established").run()
    assert not at.exception
    assert outcome_title(at).startswith("Work up the suspected malignancy")
    assert "wk" not in at.query_params  # answers the new walk does not read are dropped


def test_a_link_restores_the_walk():
    app = app_at(WALKER)
    app.query_params.update({"nd": "n", "cc": "n", "si": "n", "mal": "known"})
    app.run()
    assert not app.exception and not app.warning
    assert current_question(app) == "malignant_deformity"
    assert "Question 4 of at most 6" in app.get("progress")[0].proto.text


def test_a_link_with_fractions_opens_with_editable_answers():
    app = app_at(WALKER)
    app.query_params.update({"nd": "n", "cc": "n", "si": "n", "mal": "none", "worse": "n", "def": "n", "pul": "n",
                             "pain": "7.5", "wk": "3.25", "unfit": "y", "mri": "y"})
    app.run()
    assert not app.exception
    assert outcome_title(app).startswith("Consider vertebral augmentation")
    assert app.number_input(key="edit_osteo_duration").value == 3.25
    app.number_input(key="edit_osteo_duration").set_value(2.5).run()
    assert outcome_title(app).startswith("Conservative care")
    neuro = app_at(WALKER)
    neuro.query_params.update({"nd": "y", "cc": "n", "mal": "known", "si": "n", "hrs": "12.5"})
    neuro.run()
    assert not neuro.exception and neuro.number_input(key="detail_neuro_deficit_hours").value == 12.5


@pytest.mark.parametrize("params", [
    {"nd": "perhaps"},
    {"evil": "<img src=x onerror=alert(1)>"},
    {"pain": "99", "nd": "n"},
    {"nd": "n", "hrs": "12"},
])
def test_a_tampered_link_shows_a_notice_and_starts_fresh(params):
    app = app_at(WALKER)
    app.query_params.update(params)
    app.run()
    assert not app.exception
    assert app.warning and app.warning[0].value.startswith("That link could not be used")
    assert current_question(app) == "neuro_emergency"
    assert dict(app.query_params) == {}
    answer_options(app, [("q_neuro_emergency", "A neurological deficit (no cord compression on imaging)")])
    assert not app.warning  # the notice shows once


def test_the_walk_survives_a_visit_to_another_page():
    app = app_at(HOME).run()
    app.switch_page(WALKER.path).run()
    answer_options(app, TO_AUGMENTATION_OPTIONS[:2])
    app.switch_page(REFERENCES.path).run()
    app.query_params.clear()  # a browser drops the query string when the user opens another page
    app.switch_page(WALKER.path).run()
    assert not app.exception
    assert current_question(app) == "malignancy_status"
    assert app.query_params == {"nd": "n", "cc": "n", "si": "n"}  # and the link is back in the URL


def test_the_outcome_card_shows_cautions_before_the_actions(at):
    """Safety: the steroid caution, with the summary's words and their verdict, comes before 'What to do'."""
    answer_options(at, [("q_neuro_emergency", "A neurological deficit (no cord compression on imaging)"),
                        ("q_neuro_malignancy", "No malignancy known or suspected")])
    card = at.get("container")
    texts = [e.value for e in at.main if hasattr(e, "value") and isinstance(e.value, str)]
    caution_at = next(i for i, t in enumerate(texts) if "start corticosteroids at once" in t)
    actions_at = next(i for i, t in enumerate(texts) if t.startswith("**What to do**"))
    assert caution_at < actions_at and card
    caution = texts[caution_at]
    assert "start corticosteroids at once" in caution and "claim check: **contradicted**" in caution
    assert any("Do not start corticosteroids" in t for t in texts[actions_at:])


def test_a_question_shows_the_cautions_of_its_statements(at):
    warning = next(w.value for w in at.warning if "Cautions for this step" in w.value)
    assert "The cited guideline does not say this" in warning
    assert "Any neurological deficit means urgent surgery" not in warning  # words of the summary, not ours
    assert "any deficit means urgent surgery" in warning


# --- typed numbers: nothing silently wrong (issue 15, failure 1; issue 11: start empty, keep across Back) -------

def walk_to_weeks(app: AppTest) -> None:
    answer_options(app, TO_AUGMENTATION_OPTIONS)
    app.number_input(key="q_osteo_pain").set_value(8).run()
    app.button(key="walker_next").click().run()
    assert current_question(app) == "osteo_duration"


def entry_problems(app: AppTest) -> list[str]:
    return [e.value for e in app.error]


def test_a_number_question_starts_empty_and_next_waits_for_an_answer(at):
    answer_options(at, TO_AUGMENTATION_OPTIONS)
    assert at.number_input(key="q_osteo_pain").value is None
    at.button(key="walker_next").click().run()
    assert not at.exception
    assert current_question(at) == "osteo_pain" and "pain" not in at.query_params
    assert any("Enter the pain score \\(between 0 and 10\\) first" in e for e in entry_problems(at))


@pytest.mark.parametrize("typed", [600, 521, -3, 99999999999999, 3.5e300])
def test_weeks_out_of_range_are_refused_with_the_range_and_nothing_is_recorded(at, typed):
    walk_to_weeks(at)
    at.number_input(key="q_osteo_duration").set_value(typed).run()
    at.button(key="walker_next").click().run()
    assert not at.exception
    assert current_question(at) == "osteo_duration" and "wk" not in at.query_params
    problem = " ".join(entry_problems(at))
    assert "Weeks of conservative care must be between 0 and 520 weeks" in problem
    assert "Nothing was recorded" in problem
    assert at.number_input(key="q_osteo_duration").value == typed  # what was typed stays to be corrected
    at.number_input(key="q_osteo_duration").set_value(14).run()
    at.button(key="walker_next").click().run()
    assert at.query_params["wk"] == "14" and current_question(at) == "surgery_fitness"


def test_a_forged_not_a_number_reads_as_not_answered(at):
    walk_to_weeks(at)
    at.number_input(key="q_osteo_duration").set_value(float("nan")).run()
    at.button(key="walker_next").click().run()
    assert not at.exception and "wk" not in at.query_params
    at.number_input(key="q_osteo_duration").set_value(float("inf")).run()
    at.button(key="walker_next").click().run()
    assert not at.exception and "wk" not in at.query_params


def test_the_entered_number_is_kept_across_back(at):
    walk_to_weeks(at)
    at.number_input(key="q_osteo_duration").set_value(14).run()
    at.button(key="walker_next").click().run()
    at.button(key="walker_back").click().run()
    assert current_question(at) == "osteo_duration"
    assert at.number_input(key="q_osteo_duration").value == 14
    at.button(key="walker_back").click().run()
    assert at.number_input(key="q_osteo_pain").value == 8
    at.button(key="walker_restart").click().run()
    answer_options(at, TO_AUGMENTATION_OPTIONS)
    assert at.number_input(key="q_osteo_pain").value is None  # Restart starts empty


def test_an_edited_answer_out_of_range_is_refused_and_the_walk_keeps_its_answer(at):
    walk_to_augmentation(at)
    at.number_input(key="edit_osteo_duration").set_value(600).run()
    assert not at.exception
    assert at.query_params["wk"] == "14"
    assert any("between 0 and 520 weeks" in e for e in entry_problems(at))
    assert outcome_title(at).startswith("Consider vertebral augmentation")


def test_an_outcome_detail_out_of_range_is_refused_with_its_range(at):
    answer_options(at, [("q_neuro_emergency", "Both a deficit and cord compression"),
                        ("q_neuro_malignancy", "Known malignancy"),
                        ("q_neuro_instability", "No, the fracture is stable")])
    at.number_input(key="detail_age_years").set_value(300).run()
    assert not at.exception and "age" not in at.query_params
    assert any("Age must be between 0 and 120 years" in e for e in entry_problems(at))
    at.number_input(key="detail_age_years").set_value(57.5).run()
    assert "age" not in at.query_params
    assert any("Age takes whole numbers" in e for e in entry_problems(at))
