"""The scenario format (a public contract): field metadata, outcome ids and case validation.

A case is a plain JSON object. Every field is optional and a missing one takes its safe default
(false, 0, "none" or null = not recorded). A field of the wrong type, out of range, or contradicting
another field raises `CaseError` naming it. Besides the scenario fields a case may carry the annotation
fields (title, story, expected_outcome ...), which are ignored; any other name is refused, because a
misspelt field (`neuro_defecit: true`) silently taking its default would send the case down the wrong branch.
The outcome ids are the pathway's (data/pathway.yaml); `python -m vcf_logic schema` prints this contract
as JSON Schema.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, create_model

ANNOTATION_FIELDS = ("id", "title", "story", "teaching_point", "expected_outcome", "references", "notes")
"""Notes an instructor may keep beside the findings (a vignette's own fields); accepted, never read as findings."""

FieldKind = Literal["bool", "int", "number", "choice"]


@dataclass(frozen=True)
class FieldSpec:
    """One scenario field, declared once: validation, the form, links, findings, the CLI and the schema read it."""

    name: str
    label: str
    kind: FieldKind
    help: str
    default: Any
    link_key: str  # the short key in walker links; never reuse one for another field: old links would lie
    section: str  # the Scenario lab's heading it sits under
    nullable: bool = False
    unit: str | None = None  # a physical unit: "14 weeks"
    scale: str | None = None  # a rating scale instead of a unit: "0–10" shows a value as "6/10"
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    slider_max: float | None = None  # a slider's end when the range is too wide for one (ten years of weeks)
    choices: tuple[str, ...] = ()
    choice_labels: tuple[str, ...] = ()
    depends_on: str | None = None  # a yes/no field that must be true for this one to hold a value
    always_described: bool = False  # stated in a case's findings even at its default value

    @property
    def type(self) -> FieldKind:
        """The contract's name for `kind`: bool, int, number or choice."""
        return self.kind

    @property
    def range(self) -> tuple[float, float] | None:
        return None if self.minimum is None else (self.minimum, self.maximum)

    @property
    def form_label(self) -> str:
        """'Age (years)', 'Pain score (0–10)'; a unit the label already names is not repeated."""
        suffix = self.scale or self.unit
        return f"{self.label} ({suffix})" if suffix and suffix not in self.label.lower() else self.label

    def value_text(self, value: Any) -> str:
        """'6/10', '14 weeks', '1 level', 'yes', 'Known', 'not recorded'."""
        if value is None or isinstance(value, bool):
            return show(value)
        if self.kind == "choice" and value in self.choices and self.choice_labels:
            return self.choice_labels[self.choices.index(value)]
        if self.scale:
            return f"{show(value)}/{show(self.maximum)}"
        if not self.unit:
            return show(value)
        unit = self.unit.removesuffix("s") if value == 1 else self.unit  # 1 level, 1 week, 1 hour
        return f"{show(value)} {unit}"


def show(value: Any) -> str:
    """A case value as a learner reads it: yes/no, 'not recorded', 6 rather than 6.0."""
    if value is None:
        return "not recorded"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


PATIENT, NEUROLOGY, PAIN, DEFORMITY = ("Patient and cause", "Neurology and stability", "Pain and course",
                                       "Deformity, imaging, fitness")


def _bool(name: str, label: str, help: str, link_key: str, section: str, nullable: bool = False) -> FieldSpec:
    return FieldSpec(name, label, "bool", help, None if nullable else False, link_key, section, nullable=nullable)


_FIELDS = (
    FieldSpec("age_years", "Age", "int", "Patient age. Counts for the decompressive-surgery criteria.",
              None, "age", PATIENT, nullable=True, unit="years", minimum=0, maximum=120, step=1,
              always_described=True),
    _bool("neuro_deficit", "Neurological deficit",
          "Any neurological deficit on a complete examination (weakness, numbness, reflex change, "
          "bladder or bowel dysfunction).", "nd", NEUROLOGY),
    FieldSpec("neuro_deficit_hours", "Deficit duration", "number",
              "How long the deficit has been present; leave empty when not known. Only with a deficit.",
              None, "hrs", NEUROLOGY, nullable=True, unit="hours", minimum=0, maximum=8760, step=1,
              depends_on="neuro_deficit"),
    _bool("cord_compression", "Spinal cord compression", "Spinal cord compression on imaging.", "cc", NEUROLOGY),
    _bool("spinal_instability", "Frank spinal instability",
          "Frank instability, judged on anatomic and clinical factors.", "si", NEUROLOGY),
    FieldSpec("malignancy", "Malignancy", "choice", "Whether a malignancy is known, suspected or neither.",
              "none", "mal", PATIENT, choices=("none", "suspected", "known"),
              choice_labels=("None known or suspected", "Suspected, not established", "Known"),
              always_described=True),
    FieldSpec("pain_score", "Pain score", "number", "Current pain, 0 (none) to 10 (worst imaginable).",
              0, "pain", PAIN, scale="0–10", minimum=0, maximum=10, step=1, always_described=True),
    _bool("pain_worsening", "Pain worsening", "Pain getting worse over time.", "worse", PAIN),
    FieldSpec("weeks_of_conservative_care", "Weeks of conservative care", "number",
              "Time on conservative management so far.", 0, "wk", PAIN, unit="weeks", minimum=0, maximum=520,
              step=1, slider_max=104, always_described=True),
    _bool("spinal_deformity", "Progressive spinal deformity", "Progressive deformity (kyphosis).", "def", DEFORMITY),
    _bool("pulmonary_dysfunction", "Pulmonary dysfunction",
          "Restrictive pulmonary dysfunction caused by the deformity.", "pul", DEFORMITY),
    _bool("mri_edema", "Bone-marrow edema on MRI",
          "Edema in the fractured vertebral body on MRI marks an acute, unhealed fracture. "
          "Empty (null) means no MRI yet.", "mri", DEFORMITY, nullable=True),
    _bool("surgery_contraindicated", "Surgery contraindicated", "Too unfit for open surgery.", "unfit", DEFORMITY),
    FieldSpec("compression_levels", "Levels of cord compression", "int",
              "Number of spinal levels with cord compression; 0 when there is none or it is not recorded.",
              0, "lvl", NEUROLOGY, unit="levels", minimum=0, maximum=24, step=1, depends_on="cord_compression"),
    FieldSpec("predicted_survival_months", "Predicted survival", "number",
              "Expected survival in malignant disease; leave empty when not estimated.",
              None, "surv", PATIENT, nullable=True, unit="months", minimum=0, maximum=600, step=1),
)

SCENARIO_FIELDS: dict[str, FieldSpec] = {spec.name: spec for spec in _FIELDS}


MAX_NAME_CHARS = 40  # an unknown field's name is quoted back, cut to this length


class CaseError(ValueError):
    """A case the engine cannot use; `field` names the offending field."""

    def __init__(self, field: str, message: str, plain: str | None = None):
        self.field = field
        self.detail = plain or message  # `plain`: the message in labels, where `message` names other fields' keys
        super().__init__(f"{field}: {message}")

    @property
    def sentence(self) -> str:
        """For a learner: the field's label (never its key), then the problem, as one sentence."""
        return f"{field_label(self.field)}: {self.detail}."


def field_label(name: str) -> str:
    """What a page calls a field: its form label, or the name as written when the format has no such field."""
    spec = SCENARIO_FIELDS.get(name)
    return spec.form_label if spec else f"“{name}”"


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
        raise CaseError(spec.name, f"must be {range_text(spec)}, got {_describe(value)}")
    return value


def range_text(spec: FieldSpec) -> str:
    """'between 0 and 520 weeks', 'between 0 and 10': a number field's range in its own unit."""
    unit = f" {spec.unit}" if spec.unit else ""
    return f"between {spec.minimum:g} and {spec.maximum:g}{unit}"


def entry_problem(spec: FieldSpec, value: Any) -> str | None:
    """What is wrong with a number typed into a field's input, said with the field's label; None if usable.

    The inputs themselves are unbounded, so a value out of range reaches the app and is refused in words
    (a bounded input silently falls back to its default: 600 weeks became 0).
    """
    if value is None:
        return None if spec.nullable else f"Enter the {spec.label.lower()} ({range_text(spec)}) first."
    if isinstance(value, bool) or not isinstance(value, int | float) or (
            isinstance(value, float) and not math.isfinite(value)):
        return f"{spec.label}: enter a number {range_text(spec)}."
    shown = show(value) if abs(value) < 1e15 else "a number that large"  # str() of a huge int raises
    if not spec.minimum <= value <= spec.maximum:
        return f"{spec.label} must be {range_text(spec)}; {shown} is outside that range. Nothing was recorded."
    if spec.kind == "int" and value != int(value):
        return f"{spec.label} takes whole numbers; {shown} is not one. Nothing was recorded."
    return None


def unknown_field_hint(key: str) -> str:
    """What to say about a field the format does not have: the nearest name, or the list of names."""
    near = difflib.get_close_matches(key, [*SCENARIO_FIELDS, *ANNOTATION_FIELDS], n=1, cutoff=0.75)
    if near:
        return f"did you mean '{near[0]}'?"
    return (f"the scenario fields are {', '.join(SCENARIO_FIELDS)} "
            f"(and optional notes: {', '.join(ANNOTATION_FIELDS)}).")


def _check_unknown_fields(case: Mapping) -> None:
    """Refuse names the format does not know: `neuro_defecit: true` would silently take the default `false`."""
    for key in case:
        if not isinstance(key, str):
            raise CaseError(str(key), "field names must be text")
        if key not in SCENARIO_FIELDS and key not in ANNOTATION_FIELDS:
            name = key if len(key) <= MAX_NAME_CHARS else key[:MAX_NAME_CHARS] + "…"
            raise CaseError(name, f"unknown field; {unknown_field_hint(key)}")


def _check_consistency(values: dict[str, Any]) -> None:
    for name, spec in SCENARIO_FIELDS.items():
        if spec.depends_on and values[name] != spec.default and not values[spec.depends_on]:
            given = f"{show(values[name])} given but"
            raise CaseError(name, f"{given} {spec.depends_on} is false",
                            plain=f"{given} “{field_label(spec.depends_on)}” is no")


def validate_case(case: Mapping) -> dict[str, Any]:
    """The case with every scenario field present (defaults filled); annotation fields dropped."""
    if not isinstance(case, Mapping):
        raise CaseError("(case)", f"expected a JSON object of fields, got {type(case).__name__}")
    _check_unknown_fields(case)
    values = {name: validate_value(spec, case.get(name, spec.default)) for name, spec in SCENARIO_FIELDS.items()}
    _check_consistency(values)
    return values


def _schema_type(spec: FieldSpec) -> Any:
    base: Any = {"bool": StrictBool, "int": StrictInt, "number": StrictFloat,
                 "choice": Literal[spec.choices] if spec.choices else str}[spec.kind]
    return base | None if spec.nullable else base


def scenario_model() -> type[BaseModel]:
    """The scenario format as a pydantic model, built from the declaration above (for its JSON Schema)."""
    fields: dict[str, Any] = {
        name: (_schema_type(spec), Field(
            default=spec.default, title=spec.form_label, description=spec.help, ge=spec.minimum, le=spec.maximum,
            json_schema_extra={"x-link-key": spec.link_key, **({"x-depends-on": spec.depends_on}
                                                               if spec.depends_on else {})}))
        for name, spec in SCENARIO_FIELDS.items()}
    notes = {name: (Any, Field(default=None, description="an annotation for instructors; not a finding"))
             for name in ANNOTATION_FIELDS}
    return create_model("Scenario", __config__=ConfigDict(extra="forbid", title="VCF teaching scenario"),
                        **fields, **notes)


def json_schema() -> dict[str, Any]:
    """The public contract as JSON Schema: every field's type, range, default, label and link key."""
    schema = scenario_model().model_json_schema()
    schema["description"] = ("A case of the VCF teaching dashboard. Every field is optional; a missing one takes "
                             "its default. Fields marked x-depends-on hold a value only when that field is true.")
    return schema
