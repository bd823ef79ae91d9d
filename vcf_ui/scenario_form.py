"""The scenario form: one input per scenario field, built from the format's own metadata.

Values live in st.session_state under `lab_field_<name>`, so loading a case (from the library,
a file or a link) is writing those keys from a callback, and nothing else in the session moves.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from vcf_logic.engine import SCENARIO_FIELDS, FieldSpec
from vcf_logic.scenario import entry_problem, range_text
from vcf_logic.wording import escape_markdown

KEY_PREFIX = "lab_field_"
TRI_STATE = {"not imaged": None, "yes": True, "no": False}


def sections() -> dict[str, list[FieldSpec]]:
    """The form's headings in the order their first field is declared, each with its fields."""
    grouped: dict[str, list[FieldSpec]] = {}
    for spec in SCENARIO_FIELDS.values():
        grouped.setdefault(spec.section, []).append(spec)
    return grouped


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


def _number_input(spec: FieldSpec, key: str, disabled: bool) -> Any:
    """Unbounded on purpose: a bounded input silently keeps its old value when a learner types one out of
    range (age 300 stayed 57), so the range is checked here and stated under the field. A float input
    ('%g' shows 57, not 57.00), whose forged NaN or infinity Streamlit reads as empty."""
    value = st.number_input(spec.form_label, key=key, help=f"{spec.help} ({range_text(spec)})", disabled=disabled,
                            value=None, placeholder="not recorded" if spec.nullable else "enter a value",
                            step=1.0, format="%g")
    if not disabled and (problem := entry_problem(spec, value)):
        st.error(escape_markdown(problem.replace("Nothing was recorded.", "The recommendation waits for it.")),
                 icon="✋")
    return value


def _field_widget(spec: FieldSpec, disabled: bool) -> Any:
    key = widget_key(spec.name)
    if spec.kind == "bool" and spec.nullable:
        return TRI_STATE[st.radio(spec.form_label, list(TRI_STATE), key=key, help=spec.help, horizontal=True,
                                  disabled=disabled)]
    if spec.kind == "bool":
        return st.toggle(spec.form_label, key=key, help=spec.help, disabled=disabled)
    if spec.kind == "choice":
        names = dict(zip(spec.choices, spec.choice_labels or spec.choices, strict=True))
        return st.radio(spec.form_label, spec.choices, format_func=names.get, key=key, help=spec.help,
                        horizontal=True, disabled=disabled)
    top = spec.slider_max or spec.maximum
    current = st.session_state.get(key)
    if spec.nullable or current is None or current > top:
        return _number_input(spec, key, disabled)
    return st.slider(spec.form_label, key=key, help=spec.help, disabled=disabled, **_bounds(spec, top, current))


def scenario_form() -> dict[str, Any]:
    """Draw every scenario field; return the case as the form holds it (not yet validated).

    A duration without a deficit, or levels without compression, is greyed out and sent as 'none'.
    """
    _ensure_defaults()
    case: dict[str, Any] = {}
    for heading, specs in sections().items():
        st.markdown(f"**{heading}**")
        for spec in specs:
            off = spec.depends_on is not None and not case.get(spec.depends_on, False)
            value = _field_widget(spec, disabled=off)
            case[spec.name] = spec.default if off else value
    return case
