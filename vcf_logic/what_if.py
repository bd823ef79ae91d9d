"""What-if comparison: a pinned case against an edited one.

The deciding rule is the first question of the pathway that the two cases answer differently:
up to there they walk the same route, from there on they part.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from vcf_logic.conditions import same
from vcf_logic.engine import SCENARIO_FIELDS, Recommendation, recommend_values, validate_case
from vcf_logic.pathway import Pathway, default_pathway, walk


@dataclass(frozen=True)
class FindingChange:
    field: str
    label: str
    before: Any
    after: Any
    before_text: str
    after_text: str


@dataclass(frozen=True)
class DecidingRule:
    """The question where the two routes part, and the branch each case took there."""

    node: str
    label: str
    question: str
    before_branch: str
    after_branch: str
    before_reason: str
    after_reason: str


@dataclass(frozen=True)
class CriterionChange:
    criterion: str
    before: bool | None
    after: bool | None


@dataclass(frozen=True)
class Comparison:
    before: Recommendation
    after: Recommendation
    changes: tuple[FindingChange, ...]
    deciding_rule: DecidingRule | None
    criteria_changes: tuple[CriterionChange, ...]


def differing_findings(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[FindingChange, ...]:
    """Fields whose values differ, in the scenario format's order (1 and 1.0 count as equal)."""
    changes = []
    for field, spec in SCENARIO_FIELDS.items():
        old, new = before.get(field, spec.default), after.get(field, spec.default)
        if same(old, new):
            continue
        changes.append(FindingChange(field, spec.label, old, new, spec.value_text(old), spec.value_text(new)))
    return tuple(changes)


def deciding_rule(before: Mapping[str, Any], after: Mapping[str, Any], pathway: Pathway) -> DecidingRule | None:
    """The first question where the two validated cases take different branches; None if the routes agree."""
    for old, new in zip(walk(pathway, before).steps, walk(pathway, after).steps, strict=False):
        if old.node != new.node:  # cannot happen while the routes agree; kept as a guard
            break
        if old.branch == new.branch:
            continue
        question = pathway.questions[old.node]
        return DecidingRule(
            node=old.node,
            label=pathway.fill(question.label),
            question=pathway.fill(question.question),
            before_branch=pathway.fill(question.branches[old.branch].label),
            after_branch=pathway.fill(question.branches[new.branch].label),
            before_reason=old.reason,
            after_reason=new.reason,
        )
    return None


def _criteria_changes(before: Recommendation, after: Recommendation) -> tuple[CriterionChange, ...]:
    old = {c.criterion: c.met for c in before.criteria.items} if before.criteria else {}
    new = {c.criterion: c.met for c in after.criteria.items} if after.criteria else {}
    return tuple(CriterionChange(name, old[name], new[name]) for name in old if name in new and old[name] != new[name])


def compare(before_case: Mapping[str, Any], after_case: Mapping[str, Any],
            pathway: Pathway | None = None) -> Comparison:
    """Both recommendations, what changed between the cases, and the rule that decided the difference."""
    pathway = pathway or default_pathway()
    before, after = validate_case(before_case), validate_case(after_case)
    first, second = recommend_values(before, pathway), recommend_values(after, pathway)
    return Comparison(
        before=first,
        after=second,
        changes=differing_findings(before, after),
        deciding_rule=deciding_rule(before, after, pathway),
        criteria_changes=_criteria_changes(first, second),
    )
