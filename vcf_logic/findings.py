"""A case's findings in words, with labels and units from the scenario format's declaration."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vcf_logic.scenario import SCENARIO_FIELDS


def finding_text(field: str, value: Any) -> str:
    """'Pain score: 6/10'."""
    spec = SCENARIO_FIELDS[field]
    return f"{spec.label}: {spec.value_text(value)}"


def describe_findings(case: Mapping[str, Any]) -> list[str]:
    """The always-described findings (when recorded), then every other field that differs from its default.

    A partial case (a walk in the walker answers only what its route asks) lists only what it holds.
    """
    shown = []
    for field, spec in SCENARIO_FIELDS.items():
        if field not in case:
            continue
        if (spec.always_described and case[field] is not None) or case[field] != spec.default:
            shown.append(finding_text(field, case[field]))
    return shown
