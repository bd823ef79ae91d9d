"""The scenario form: one input per scenario field, built from the format's own metadata.

Values live in st.session_state under `lab_field_<name>`, so loading a case (from the library,
a file or a link) is writing those keys from a callback, and nothing else in the session moves.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from vcf_logic.engine import SCENARIO_FIELDS, FieldSpec

KEY_PREFIX = "lab_field_"
SLIDER_MAX = {"weeks_of_conservative_care": 104}  # a slider over ten years would be unusable
TRI_STATE = {"not imaged": None, "yes": True, "no": False}

SECTIONS = (
    ("Patient and cause", ("age_years", "malignancy", "predicted_survival_months")),
    ("Neurology and stability", ("neuro_deficit", "neuro_deficit_hours", "cord_compression",
                                 "compression_levels", "spinal_instability")),
    ("Pain and course", ("pain_score", "pain_worsening", "weeks_of_conservative_care")),
    ("Deformity, imaging, fitness", ("spinal_deformity", "pulmonary_dysfunction", "mri_edema",
                                     "surgery_contraindicated")),
)

def sections() -> list[tuple[str, tuple[str, ...]]]:
    """The form's sections; a field the format gains later lands under 'Other findings'."""
    placed = {f for _, fields in SECTIONS for f in fields}
    rest = tuple(f for f in SCENARIO_FIELDS if f not in placed)
    return [*SECTIONS, ("Other findings", rest)] if rest else list(SECTIONS)


DEPENDS_ON = {"neuro_deficit_hours": "neuro_deficit", "compression_levels": "cord_compression"}


def widget_key(field: str) -> str:
    return f"{KEY_PREFIX}{field}"


def _to_widget(spec: FieldSpec, value: Any) -> Any:
    if spec.kind == "bool" and spec.nullable:
        return next(label for label, v in TRI_STATE.items() if v is value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _bounds(spec: FieldSpec, top: float, current: Any) -> dict[str, Any]:
    """Whole-number bounds, unless the case holds a fraction (12.5 hours): then decimal ones."""
    if isinstance(current, float):
        return {"min_value": float(spec.minimum), "max_value": float(top), "step": 0.5, "format": "%.1f"}
    return {"min_value": int(spec.minimum), "max_value": int(top), "step": int(spec.step or 1)}


def load_into_form(case: Mapping[str, Any]) -> None:
    """Put a validated case into the form; call it from a callback or before the form is drawn."""
    for field, spec in SCENARIO_FIELDS.items():
        st.session_state[widget_key(field)] = _to_widget(spec, case.get(field, spec.default))


def _ensure_defaults() -> None:
    for field, spec in SCENARIO_FIELDS.items():
        st.session_state.setdefault(widget_key(field), _to_widget(spec, spec.default))


def _label(spec: FieldSpec) -> str:
    return f"{spec.label} ({spec.unit})" if spec.unit else spec.label


def _number_input(spec: FieldSpec, key: str, disabled: bool) -> Any:
    optional = {"value": None, "placeholder": "not recorded"} if spec.nullable else {}
    return st.number_input(_label(spec), key=key, help=spec.help, disabled=disabled, **optional,
                           **_bounds(spec, spec.maximum, st.session_state.get(key)))


def _field_widget(spec: FieldSpec, disabled: bool) -> Any:
    key = widget_key(spec.name)
    if spec.kind == "bool" and spec.nullable:
        return TRI_STATE[st.radio(_label(spec), list(TRI_STATE), key=key, help=spec.help, horizontal=True,
                                  disabled=disabled)]
    if spec.kind == "bool":
        return st.toggle(_label(spec), key=key, help=spec.help, disabled=disabled)
    if spec.kind == "choice":
        names = dict(zip(spec.choices, spec.choice_labels or spec.choices, strict=True))
        return st.radio(_label(spec), spec.choices, format_func=names.get, key=key, help=spec.help,
                        horizontal=True, disabled=disabled)
    top = SLIDER_MAX.get(spec.name, spec.maximum)
    current = st.session_state.get(key)
    if spec.nullable or current is None or current > top:
        return _number_input(spec, key, disabled)
    return st.slider(_label(spec), key=key, help=spec.help, disabled=disabled, **_bounds(spec, top, current))


def scenario_form() -> dict[str, Any]:
    """Draw every scenario field; return the case as the form holds it (not yet validated).

    A duration without a deficit, or levels without compression, is greyed out and sent as 'none'.
    """
    _ensure_defaults()
    case: dict[str, Any] = {}
    for heading, fields in sections():
        st.markdown(f"**{heading}**")
        for field in fields:
            parent = DEPENDS_ON.get(field)
            off = parent is not None and not case.get(parent, False)
            value = _field_widget(SCENARIO_FIELDS[field], disabled=off)
            case[field] = SCENARIO_FIELDS[field].default if off else value
    return case
