"""A case's findings in words, with labels and units from the scenario format's metadata."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vcf_logic.engine import SCENARIO_FIELDS
from vcf_logic.pathway import show

# Always worth stating, even at their default value.
CORE_FIELDS = ("age_years", "malignancy", "pain_score", "weeks_of_conservative_care")


def value_text(field: str, value: Any) -> str:
    """'6/10', '14 weeks', 'yes', 'Known', 'not recorded'."""
    spec = SCENARIO_FIELDS[field]
    if value is None or isinstance(value, bool):
        return show(value)
    if spec.kind == "choice" and value in spec.choices:
        return spec.choice_labels[spec.choices.index(value)] if spec.choice_labels else str(value)
    if field == "pain_score":
        return f"{show(value)}/10"
    if not spec.unit:
        return show(value)
    unit = spec.unit.removesuffix("s") if value == 1 else spec.unit  # 1 level, 1 week, 1 hour
    return f"{show(value)} {unit}"


def finding_text(field: str, value: Any) -> str:
    """'Pain score: 6/10'."""
    return f"{SCENARIO_FIELDS[field].label}: {value_text(field, value)}"


def describe_findings(case: Mapping[str, Any]) -> list[str]:
    """The core findings (when recorded), then every other field that differs from its safe default.

    A partial case (a walk in the walker answers only what its route asks) lists only what it holds.
    """
    shown = []
    for field, spec in SCENARIO_FIELDS.items():
        if field not in case:
            continue
        if (field in CORE_FIELDS and case[field] is not None) or case[field] != spec.default:
            shown.append(finding_text(field, case[field]))
    return shown
