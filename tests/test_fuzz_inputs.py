"""Hypothesis over everything a student or an editor can feed the app: no input produces a traceback.

Inputs: query strings (the walker's link decoder, the evidence view parser, and every page through
AppTest's query params), scenario files (bytes and JSON objects, also uploaded into the Scenario lab),
and data files (random mutations of the shipped evidence, pathway and case files). Each either works or
is refused with the module's own error type, whose message names what is wrong.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from vcf_logic import case_library, explorer, pathway, scenario_files, walker_state
from vcf_logic.data_files import DataFileError
from vcf_logic.evidence import EVIDENCE_FILE, load_evidence, validate_evidence
from vcf_logic.scenario import ANNOTATION_FIELDS, SCENARIO_FIELDS
from vcf_ui.page_registry import PAGES

APP_ROOT = Path(__file__).resolve().parent.parent

# Strings that have broken web apps before: markup, script, encodings, numbers in odd spellings.
NASTY = [
    "<script>window.__pwned=1</script>", "<img src=x onerror=window.__pwned=1>", "javascript:alert(1)",
    "{{7*7}}", "${7*7}", "{0.__class__}", "%s%s%s", "'; DROP TABLE cases; --", "../../etc/passwd", "\x00",
    "\u202e", "\ufeff", "１", "٣", "1e309", "-0", "NaN", "Infinity", "0x10", "1_000", " 3", "3 ", "0.5", "10.25",
    "99999", "-1", "y", "n", "u", "Y", "yes", "true", "", " ", "a" * 300, "🦴" * 20,
]
hostile_text = st.one_of(st.sampled_from(NASTY), st.text(max_size=30))


QUERY_KEYS = sorted({"view", "topic", "seed", "case", "presenter", "a", *walker_state.LINK_KEYS.values()})
query_params = st.dictionaries(st.one_of(st.sampled_from(QUERY_KEYS), st.text(min_size=1, max_size=8)),
                               hostile_text, max_size=6)


# --- query strings -----------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(params=query_params)
def test_walker_link_decoder_accepts_or_refuses_and_what_it_accepts_is_stable(params):
    shipped = pathway.default_pathway()
    try:
        answers = walker_state.decode(shipped, params)
    except walker_state.LinkError as exc:
        assert str(exc)
        return
    relinked = walker_state.encode(answers)
    assert walker_state.decode(shipped, relinked) == answers
    assert set(relinked) <= set(params)


@st.composite
def walks(draw):
    """Answers reached by clicking through the walker: one option (or a number) per question."""
    shipped = pathway.default_pathway()
    answers: dict = {}
    for _ in range(len(shipped.questions) + 1):
        view = walker_state.progress(shipped, answers)
        if view.outcome:
            break
        question = shipped.questions[view.current]
        if question.options:
            values = draw(st.sampled_from(question.options)).sets
        else:
            spec = SCENARIO_FIELDS[question.fields[0]]
            values = {spec.name: draw(st.integers(int(spec.minimum), int(spec.maximum)))}
        answers = walker_state.answer(shipped, answers, values)
    return answers


@settings(max_examples=150, deadline=None)
@given(answers=walks())
def test_every_walk_survives_its_link(answers):
    shipped = pathway.default_pathway()
    assert walker_state.decode(shipped, walker_state.encode(answers)) == answers


@settings(max_examples=200, deadline=None)
@given(raw=st.one_of(st.none(), hostile_text))
def test_evidence_view_parser_always_names_a_view(raw):
    view_id, valid = explorer.parse_view(raw)
    assert view_id in explorer.VIEW_IDS and isinstance(valid, bool)


@pytest.mark.parametrize("nav_page", PAGES, ids=[p.label for p in PAGES])
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(params=query_params)
def test_no_query_string_makes_a_page_raise(nav_page, params):
    at = AppTest.from_file(str(APP_ROOT / "app.py"), default_timeout=60)
    if nav_page.path != "app.py":
        at.switch_page(nav_page.path)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, (params, at.exception)


# --- scenario files --------------------------------------------------------------------------------

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=False), hostile_text),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)


SCENARIO_KEYS = [*SCENARIO_FIELDS, *ANNOTATION_FIELDS]
scenario_objects = st.dictionaries(st.one_of(st.sampled_from(SCENARIO_KEYS), st.text(max_size=12)),
                                   json_values, max_size=8)


def _parse_or_refuse(data: bytes):
    try:
        return scenario_files.parse_scenario_file(data)
    except scenario_files.ScenarioFileError as exc:
        assert str(exc) and exc.field is not None
        return None


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=400))
def test_any_bytes_are_a_scenario_or_a_refusal(data):
    _parse_or_refuse(data)


@settings(max_examples=300, deadline=None)
@given(obj=scenario_objects)
def test_any_json_object_is_a_scenario_or_a_refusal_and_an_accepted_one_saves_and_loads_again(obj):
    parsed = _parse_or_refuse(json.dumps(obj).encode())
    if parsed is not None:
        again = scenario_files.parse_scenario_file(scenario_files.case_to_json(parsed.case, parsed.title).encode())
        assert again.case == parsed.case


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.one_of(scenario_objects.map(lambda o: json.dumps(o).encode()), st.binary(max_size=300),
                         st.sampled_from([b"", b"{", b"[]", b"null", b'{"pain_score": 1e999}', b"\xff\xfe{}",
                                          b'{"title": "<script>window.__pwned=1</script>"}'])),
       name=st.sampled_from(["case.json", "<img src=x onerror=1>.json", "../../x.json", "ü.json"]))
def test_any_uploaded_file_leaves_the_lab_working(content, name):
    at = AppTest.from_file(str(APP_ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/3_Scenario_lab.py")
    at.run()
    at.file_uploader[0].upload(name, content, "application/json")
    at.run()
    assert not at.exception, at.exception
    assert at.error or at.success, "the lab says whether the file was loaded"


# --- data files ------------------------------------------------------------------------------------

@st.composite
def mutations(draw, document: dict):
    """A copy of `document` with one value somewhere inside it replaced, deleted, or given a new key."""
    doc = copy.deepcopy(document)
    parent, key = None, None
    node = doc
    for _ in range(draw(st.integers(1, 4))):
        if isinstance(node, dict) and node:
            key = draw(st.sampled_from(sorted(node, key=str)))
        elif isinstance(node, list) and node:
            key = draw(st.integers(0, len(node) - 1))
        else:
            break
        parent, node = node, node[key]
    assume(parent is not None)
    action = draw(st.sampled_from(["replace", "delete", "add"]))
    if action == "replace":
        parent[key] = draw(json_values)
    elif action == "delete":
        del parent[key]
    elif isinstance(parent, dict):
        parent[draw(st.text(min_size=1, max_size=10))] = draw(json_values)
    else:
        parent.append(draw(json_values))
    return doc


SHIPPED_EVIDENCE = yaml.safe_load(EVIDENCE_FILE.read_text(encoding="utf-8"))


def _assert_located(exc: DataFileError) -> None:
    assert exc.problems
    for problem in exc.problems:
        assert problem.file and problem.entry and problem.field and problem.message, problem


@settings(max_examples=200, deadline=None)
@given(raw=mutations(SHIPPED_EVIDENCE))
def test_mutated_evidence_file_is_accepted_whole_or_refused_with_locations(raw):
    try:
        evidence = validate_evidence(raw, "mutated.yaml")
    except DataFileError as exc:
        _assert_located(exc)
        return
    evidence.build_frames()


SHIPPED_PATHWAY = yaml.safe_load(pathway.PATHWAY_FILE.read_text(encoding="utf-8"))
SHIPPED_CASES = yaml.safe_load(case_library.CASES_FILE.read_text(encoding="utf-8"))


@settings(max_examples=150, deadline=None)
@given(raw=mutations(SHIPPED_PATHWAY))
def test_mutated_pathway_file_is_accepted_or_refused_with_locations(raw):
    try:
        pathway.validate_pathway(raw, _shipped_evidence(), "mutated-pathway.yaml")
    except DataFileError as exc:
        _assert_located(exc)


@settings(max_examples=150, deadline=None)
@given(raw=mutations(SHIPPED_CASES))
def test_mutated_case_library_is_accepted_or_refused_with_locations(raw):
    try:
        case_library.validate_case_library(raw, _shipped_evidence().reference_ids(), "mutated-cases.yaml")
    except DataFileError as exc:
        _assert_located(exc)


_EVIDENCE = []


def _shipped_evidence():
    if not _EVIDENCE:
        _EVIDENCE.append(load_evidence(EVIDENCE_FILE))
    return _EVIDENCE[0]
