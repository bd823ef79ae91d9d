"""The scenario format is declared once (vcf_logic.scenario): its JSON Schema, the CLI and the upload read it."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from vcf_logic.__main__ import main
from vcf_logic.case_library import load_case_library
from vcf_logic.scenario import (
    ANNOTATION_FIELDS,
    SCENARIO_FIELDS,
    CaseError,
    scenario_model,
    validate_case,
)
from vcf_logic.scenario_files import ScenarioFileError, parse_scenario_file


def schema_from_cli(capsys) -> dict:
    assert main(["schema"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_schema_command_publishes_every_field_with_its_range_and_link_key(capsys):
    schema = schema_from_cli(capsys)
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == {*SCENARIO_FIELDS, *ANNOTATION_FIELDS}
    for name, spec in SCENARIO_FIELDS.items():
        field = schema["properties"][name]
        assert field["default"] == spec.default and field["x-link-key"] == spec.link_key
        if spec.minimum is not None:
            typed = next(t for t in field.get("anyOf", [field]) if t.get("type") != "null")
            assert (typed["minimum"], typed["maximum"]) == (spec.minimum, spec.maximum), name


def test_link_keys_are_unique():
    keys = [spec.link_key for spec in SCENARIO_FIELDS.values()]
    assert len(keys) == len(set(keys))


def field_samples():
    """(field, value, valid) from each field's declaration: its edges, just beyond them, wrong types, null."""
    for name, spec in SCENARIO_FIELDS.items():
        yield name, None, spec.nullable
        yield name, "text", spec.kind == "choice" and "text" in spec.choices
        if spec.kind == "bool":
            yield from ((name, True, True), (name, False, True), (name, 1, False))
        elif spec.kind == "choice":
            yield from ((name, choice, True) for choice in spec.choices)
        else:
            yield from ((name, spec.minimum, True), (name, spec.maximum, True), (name, True, False),
                        (name, spec.minimum - 1, False), (name, spec.maximum + 1, False))
            if spec.kind == "number":
                yield name, spec.maximum - 0.5, True
            else:
                yield name, spec.maximum - 0.5, False


@pytest.mark.parametrize(("field", "value", "valid"), list(field_samples()))
def test_the_schema_model_and_the_validator_agree(field, value, valid):
    case = {field: value}
    parent = SCENARIO_FIELDS[field].depends_on
    if parent:
        case[parent] = True
    try:
        validate_case(case)
        engine_accepts = True
    except CaseError as exc:
        assert exc.field == field
        engine_accepts = False
    try:
        scenario_model().model_validate(case)
        schema_accepts = True
    except ValidationError:
        schema_accepts = False
    assert engine_accepts == schema_accepts == valid


def test_every_vignette_is_a_valid_scenario_for_the_schema_too():
    for vignette in load_case_library().vignettes:
        scenario_model().model_validate(vignette.case)


@pytest.mark.parametrize("name", [n for n, spec in SCENARIO_FIELDS.items() if spec.depends_on])
def test_a_dependent_value_without_its_finding_is_refused(name):
    spec = SCENARIO_FIELDS[name]
    with pytest.raises(CaseError) as caught:
        validate_case({name: spec.maximum, spec.depends_on: False})
    assert caught.value.field == name and f"{spec.depends_on} is false" in str(caught.value)


@pytest.mark.parametrize(("extra", "accepted"), [
    ({"title": "Teaching case", "story": "An invented patient.", "notes": "for week 3"}, True),
    ({"comment": "free text"}, False),
    ({"pain_scores": 8}, False),
])
def test_the_cli_and_the_upload_agree_on_fields_outside_the_format(extra, accepted, tmp_path, capsys):
    case = {"pain_score": 3, **extra}
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    exit_code = main(["recommend", str(path)])
    printed = capsys.readouterr()
    try:
        parse_scenario_file(json.dumps(case).encode())
        upload_accepts = True
    except ScenarioFileError as exc:
        upload_accepts = False
        unknown = next(iter(extra))
        assert exc.field == unknown and unknown in printed.err and "unknown field" in printed.err
    assert (exit_code == 0) == upload_accepts == accepted
