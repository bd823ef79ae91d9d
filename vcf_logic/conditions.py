"""The small condition language of the pathway file.

A condition is a mapping a clinician can read:
    {neuro_deficit: true}                        field equals a value
    {malignancy: [none, suspected]}              field is one of these values
    {pain_score: {at_least: severe_pain_score}}  numeric test against a number or a named threshold
    {pain_score: {below: 7}}
    {any: [{spinal_deformity: true}, {pulmonary_dysfunction: true}]}
Several keys in one mapping must all hold. A numeric test on an empty (null) value is false.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from vcf_logic.scenario import SCENARIO_FIELDS

OPERATORS = ("is", "in", "at_least", "below")


@dataclass(frozen=True)
class FieldTest:
    field: str
    op: str
    value: Any


@dataclass(frozen=True)
class Condition:
    tests: tuple[FieldTest, ...]
    any_of: tuple[Condition, ...] = ()

    def fields(self) -> set[str]:
        own = {t.field for t in self.tests}
        return own.union(*(c.fields() for c in self.any_of))

    def threshold_names(self) -> set[str]:
        own = {t.value for t in self.tests if t.op in ("at_least", "below") and isinstance(t.value, str)}
        return own.union(*(c.threshold_names() for c in self.any_of))

    def constants(self, field: str) -> set[Any]:
        """Literal values this condition compares `field` with (for enumerating answers)."""
        found: set[Any] = set()
        for t in self.tests:
            if t.field == field:
                found.update(t.value if t.op == "in" else [t.value])
        return found.union(*(c.constants(field) for c in self.any_of))


def same(a: Any, b: Any) -> bool:
    """Equality that keeps true apart from 1 and false apart from 0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b


def _parse_test(field: str, raw: Any) -> FieldTest:
    if isinstance(raw, list):
        return FieldTest(field, "in", tuple(raw))
    if not isinstance(raw, Mapping):
        return FieldTest(field, "is", raw)
    if len(raw) != 1 or next(iter(raw)) not in OPERATORS:
        raise ValueError(f"test on '{field}' must have exactly one of {', '.join(OPERATORS)}")
    op, value = next(iter(raw.items()))
    if op in ("at_least", "below") and (isinstance(value, bool) or not isinstance(value, int | float | str)):
        raise ValueError(f"'{op}' on '{field}' needs a number or a threshold name")
    return FieldTest(field, op, tuple(value) if op == "in" else value)


def parse_condition(raw: Any) -> Condition:
    """Turn the YAML mapping into a Condition; ValueError names what is wrong."""
    if isinstance(raw, Condition):
        return raw
    if not isinstance(raw, Mapping) or not raw:
        raise ValueError("a condition must be a non-empty mapping of field: value")
    tests, any_of = [], ()
    for key, value in raw.items():
        if key == "any":
            if not isinstance(value, list) or len(value) < 2:
                raise ValueError("'any' needs a list of at least two conditions")
            any_of = tuple(parse_condition(v) for v in value)
        elif key in SCENARIO_FIELDS:
            tests.append(_parse_test(key, value))
        else:
            raise ValueError(f"unknown scenario field '{key}' in condition")
    return Condition(tuple(tests), any_of)


def _holds(test: FieldTest, value: Any, thresholds: Mapping[str, float]) -> bool:
    if test.op == "is":
        return same(value, test.value)
    if test.op == "in":
        return any(same(value, v) for v in test.value)
    if value is None or isinstance(value, bool):
        return False
    limit = thresholds[test.value] if isinstance(test.value, str) else test.value
    return value >= limit if test.op == "at_least" else value < limit


def evaluate(condition: Condition | None, values: Mapping[str, Any], thresholds: Mapping[str, float]) -> bool:
    """True when every test holds (and one of `any`); no condition means 'otherwise' and always holds."""
    if condition is None:
        return True
    if not all(_holds(t, values[t.field], thresholds) for t in condition.tests):
        return False
    return not condition.any_of or any(evaluate(c, values, thresholds) for c in condition.any_of)
