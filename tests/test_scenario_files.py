"""Scenario files: a valid case survives a round trip; every wrong file is refused with a message naming why."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vcf_logic.engine import SCENARIO_FIELDS, validate_case
from vcf_logic.scenario_files import (
    MAX_FILE_BYTES,
    ScenarioFileError,
    case_fingerprint,
    case_to_json,
    parse_scenario_file,
    scenario_filename,
)

MESCC = {"age_years": 57, "malignancy": "known", "neuro_deficit": True, "neuro_deficit_hours": 20,
         "cord_compression": True, "compression_levels": 1, "predicted_survival_months": 12, "pain_score": 7}


def refuse(data: bytes) -> ScenarioFileError:
    with pytest.raises(ScenarioFileError) as caught:
        parse_scenario_file(data)
    return caught.value


def test_round_trip_keeps_every_field_and_the_title():
    case = validate_case(MESCC)
    text = case_to_json(case, "Cord compression: a surgical candidate")
    loaded = parse_scenario_file(text.encode())
    assert loaded.case == case
    assert loaded.title == "Cord compression: a surgical candidate"
    assert list(json.loads(text))[1:] == list(SCENARIO_FIELDS)  # title first, then the format's order


def test_partial_case_takes_safe_defaults_and_a_byte_order_mark_is_fine():
    loaded = parse_scenario_file(b"\xef\xbb\xbf" + json.dumps({"pain_score": 8}).encode())
    assert loaded.case["pain_score"] == 8
    assert loaded.case["neuro_deficit"] is False and loaded.case["mri_edema"] is None
    assert loaded.title is None


def test_instructor_notes_are_accepted():
    data = json.dumps({**MESCC, "title": "MESCC", "story": "...", "expected_outcome": "pathologic_neuro",
                       "notes": "for week 3"}).encode()
    assert parse_scenario_file(data).case == validate_case(MESCC)


@pytest.mark.parametrize(("data", "field", "words"), [
    (json.dumps({"pain_score": "high"}).encode(), "pain_score", "expected a number"),
    (json.dumps({"neuro_deficit": "yes"}).encode(), "neuro_deficit", "expected true or false"),
    (json.dumps({"pain_score": 11}).encode(), "pain_score", "between 0 and 10"),
    (json.dumps({"malignancy": "maybe"}).encode(), "malignancy", "expected one of none, suspected, known"),
    (json.dumps({"age_years": 70.5}).encode(), "age_years", "whole number"),
    (json.dumps({"blood_pressure": 120}).encode(), "blood_pressure", "unknown field"),
    (json.dumps({"neuro_defecit": True}).encode(), "neuro_defecit", "did you mean 'neuro_deficit'"),
    (json.dumps({"neuro_deficit_hours": 5}).encode(), "neuro_deficit_hours", "neuro_deficit is false"),
    (json.dumps({"title": 42}).encode(), "title", "expected text"),
    (b'{"pain_score": 1' + b"0" * 400 + b"}", "pain_score", "out of range"),
    (b'{"pain_score": 3, "pain_score": 9}', "pain_score", "more than once"),
])
def test_wrong_field_or_type_is_refused_naming_the_field(data, field, words):
    error = refuse(data)
    assert error.field == field
    assert field in str(error) and words in str(error)


@pytest.mark.parametrize(("data", "words"), [
    (b"", "empty"),
    (b"   \n", "empty"),
    (b"\xff\xfe{}", "not UTF-8"),
    (b"{pain_score: 3}", "not valid JSON"),
    (b'{"pain_score": 3', "not valid JSON"),
    (b"[1, 2]", "holds a list"),
    (b'"a case"', "holds a string"),
    (b"null", "holds null"),
    (b'{"pain_score": NaN}', "'NaN' is not a number JSON allows"),
    (b'{"pain_score": Infinity}', "'Infinity'"),
    (b"[" * 5000 + b"]" * 5000, "nested too deeply"),
])
def test_a_file_that_is_not_a_case_is_refused(data, words):
    assert words in str(refuse(data))


def test_a_file_over_the_limit_is_refused_naming_its_size():
    data = json.dumps({"pain_score": 3, "notes": "x" * MAX_FILE_BYTES}).encode()
    error = refuse(data)
    assert "the file is 1.1 MB" in str(error) and "at most 1 MB" in str(error)
    assert error.field == "(file)"


def test_a_file_of_exactly_the_limit_is_read():
    padding = MAX_FILE_BYTES - len(json.dumps({"pain_score": 3, "notes": ""}).encode())
    data = json.dumps({"pain_score": 3, "notes": "x" * padding}).encode()
    assert len(data) == MAX_FILE_BYTES
    assert parse_scenario_file(data).case["pain_score"] == 3


def test_download_name_and_fingerprint():
    assert scenario_filename("Cord compression: a surgical candidate (edited)") == \
        "vcf_case_cord_compression_a_surgical_candidate_edited.json"
    assert scenario_filename("../../etc/passwd") == "vcf_case_etc_passwd.json"
    assert scenario_filename("???") == "vcf_case_case.json"
    case = validate_case(MESCC)
    assert case_fingerprint(case) == case_fingerprint(dict(reversed(case.items())))
    assert case_fingerprint(case) != case_fingerprint({**case, "age_years": 58})


# --- fuzz: nothing but ScenarioFileError ever escapes --------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
field_names = st.sampled_from([*SCENARIO_FIELDS, "title", "notes", "neuro_defecit", "x"])


def accepted_or_refused(data: bytes) -> None:
    try:
        loaded = parse_scenario_file(data)
    except ScenarioFileError as exc:
        assert str(exc)
    else:
        assert validate_case(loaded.case) == loaded.case


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_fuzz_arbitrary_bytes(data):
    accepted_or_refused(data)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(field_names, json_values, max_size=6))
def test_fuzz_json_objects_with_scenario_fields(raw):
    accepted_or_refused(json.dumps(raw).encode())


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_fuzz_any_json_document(value):
    accepted_or_refused(json.dumps(value).encode())


def test_a_long_unknown_field_name_is_quoted_back_shortened():
    error = refuse(json.dumps({"x" * 5000: 1}).encode())
    assert error.field == "x" * 40 + "…" and len(str(error)) < 600
