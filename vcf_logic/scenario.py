"""The scenario format (a public contract): field metadata, outcome ids and case validation.

A case is a plain JSON object. Every field is optional and a missing one takes its safe default
(false, 0, "none" or null = not recorded). A field of the wrong type, out of range, or contradicting
another field raises `CaseError` naming it. Extra fields are allowed and ignored, so instructors can
annotate cases (title, story, expected_outcome ...), except a name that looks like a misspelt scenario
field: `neuro_defecit: true` silently taking the default `false` would send the case down the wrong branch.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

OUTCOME_IDS: tuple[str, ...] = (
    "urgent_surgical_referral",
    "malignancy_workup",
    "pathologic_neuro",
    "pathologic_asymptomatic",
    "pathologic_severe_pain",
    "pathologic_deformity",
    "conservative_care",
    "vertebral_augmentation",
    "mri_before_augmentation",
    "reassess_worsening_pain",
)

FieldKind = Literal["bool", "int", "number", "choice"]


@dataclass(frozen=True)
class FieldSpec:
    """What a UI needs to build an input for one scenario field, and what validation enforces."""

    name: str
    label: str
    kind: FieldKind
    help: str
    default: Any
    nullable: bool = False
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    choices: tuple[str, ...] = ()
    choice_labels: tuple[str, ...] = ()

    @property
    def type(self) -> FieldKind:
        """The contract's name for `kind`: bool, int, number or choice."""
        return self.kind

    @property
    def range(self) -> tuple[float, float] | None:
        return None if self.minimum is None else (self.minimum, self.maximum)


def _bool(name: str, label: str, help: str, nullable: bool = False) -> FieldSpec:
    return FieldSpec(name, label, "bool", help, None if nullable else False, nullable=nullable)


_FIELDS = (
    FieldSpec("age_years", "Age", "int", "Patient age. Counts for the decompressive-surgery criteria.",
              None, nullable=True, unit="years", minimum=0, maximum=120, step=1),
    _bool("neuro_deficit", "Neurological deficit",
          "Any neurological deficit on a complete examination (weakness, numbness, reflex change, "
          "bladder or bowel dysfunction)."),
    FieldSpec("neuro_deficit_hours", "Deficit duration", "number",
              "How long the deficit has been present; leave empty when not known. Only with a deficit.",
              None, nullable=True, unit="hours", minimum=0, maximum=8760, step=1),
    _bool("cord_compression", "Spinal cord compression", "Spinal cord compression on imaging."),
    _bool("spinal_instability", "Frank spinal instability",
          "Frank instability, judged on anatomic and clinical factors."),
    FieldSpec("malignancy", "Malignancy", "choice", "Whether a malignancy is known, suspected or neither.",
              "none", choices=("none", "suspected", "known"),
              choice_labels=("None known or suspected", "Suspected, not established", "Known")),
    FieldSpec("pain_score", "Pain score", "number", "Current pain, 0 (none) to 10 (worst imaginable).",
              0, unit="0–10", minimum=0, maximum=10, step=1),
    _bool("pain_worsening", "Pain worsening", "Pain getting worse over time."),
    FieldSpec("weeks_of_conservative_care", "Weeks of conservative care", "number",
              "Time on conservative management so far.", 0, unit="weeks", minimum=0, maximum=520, step=1),
    _bool("spinal_deformity", "Progressive spinal deformity", "Progressive deformity (kyphosis)."),
    _bool("pulmonary_dysfunction", "Pulmonary dysfunction",
          "Restrictive pulmonary dysfunction caused by the deformity."),
    _bool("mri_edema", "Bone-marrow edema on MRI",
          "Edema in the fractured vertebral body on MRI marks an acute, unhealed fracture. "
          "Empty (null) means no MRI yet.", nullable=True),
    _bool("surgery_contraindicated", "Surgery contraindicated", "Too unfit for open surgery."),
    FieldSpec("compression_levels", "Levels of cord compression", "int",
              "Number of spinal levels with cord compression; 0 when there is none or it is not recorded.",
              0, unit="levels", minimum=0, maximum=24, step=1),
    FieldSpec("predicted_survival_months", "Predicted survival", "number",
              "Expected survival in malignant disease; leave empty when not estimated.",
              None, nullable=True, unit="months", minimum=0, maximum=600, step=1),
)

SCENARIO_FIELDS: dict[str, FieldSpec] = {spec.name: spec for spec in _FIELDS}


class CaseError(ValueError):
    """A case the engine cannot use; `field` names the offending field."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"{field}: {message}")


def _describe(value: Any) -> str:
    """The offending value as the message shows it, cut short so a hostile input stays readable."""
    text = "null" if value is None else repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."


def validate_value(spec: FieldSpec, value: Any) -> Any:
    """One field's value, type- and range-checked; integral floats of int fields become ints."""
    if value is None:
        if spec.nullable:
            return None
        raise CaseError(spec.name, "must not be null")
    if spec.kind == "bool":
        if not isinstance(value, bool):
            raise CaseError(spec.name, f"expected true or false, got {_describe(value)}")
        return value
    if spec.kind == "choice":
        if value not in spec.choices:
            raise CaseError(spec.name, f"expected one of {', '.join(spec.choices)}, got {_describe(value)}")
        return value
    not_finite = isinstance(value, float) and not math.isfinite(value)  # math.isfinite overflows on huge ints
    if isinstance(value, bool) or not isinstance(value, int | float) or not_finite:
        raise CaseError(spec.name, f"expected a number, got {_describe(value)}")
    if spec.kind == "int":
        if value != int(value):
            raise CaseError(spec.name, f"expected a whole number, got {_describe(value)}")
        value = int(value)
    if not spec.minimum <= value <= spec.maximum:
        unit = f" {spec.unit}" if spec.unit and spec.unit != "0–10" else ""
        bounds = f"{spec.minimum:g} and {spec.maximum:g}{unit}"
        raise CaseError(spec.name, f"must be between {bounds}, got {_describe(value)}")
    return value


def _check_unknown_fields(case: Mapping) -> None:
    for key in case:
        if not isinstance(key, str):
            raise CaseError(str(key), "field names must be text")
        if key in SCENARIO_FIELDS:
            continue
        near = difflib.get_close_matches(key, SCENARIO_FIELDS, n=1, cutoff=0.8)
        if near:
            raise CaseError(key, f"unknown field; did you mean '{near[0]}'?")


def _check_consistency(values: dict[str, Any]) -> None:
    if values["neuro_deficit_hours"] is not None and not values["neuro_deficit"]:
        raise CaseError("neuro_deficit_hours", "a duration is given but neuro_deficit is false")
    if values["compression_levels"] > 0 and not values["cord_compression"]:
        raise CaseError("compression_levels",
                         f"{values['compression_levels']} level(s) given but cord_compression is false")


def validate_case(case: Mapping) -> dict[str, Any]:
    """The case with every scenario field present (defaults filled); extra fields dropped."""
    if not isinstance(case, Mapping):
        raise CaseError("(case)", f"expected a JSON object of fields, got {type(case).__name__}")
    _check_unknown_fields(case)
    values = {name: validate_value(spec, case.get(name, spec.default)) for name, spec in SCENARIO_FIELDS.items()}
    _check_consistency(values)
    return values
