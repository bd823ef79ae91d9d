"""recommend(case) -> Recommendation: one case of the scenario format through the pathway data.

The clinical content lives in data/pathway.yaml; this module only assembles what the walk found
into the record the CLI prints and the pages show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from vcf_logic.conditions import evaluate
from vcf_logic.pathway import Pathway, Walk, default_pathway, walk
from vcf_logic.pathway_models import CitedText, Outcome
from vcf_logic.scenario import OUTCOME_IDS, SCENARIO_FIELDS, CaseError, FieldSpec, validate_case

__all__ = ["OUTCOME_IDS", "SCENARIO_FIELDS", "CaseError", "FieldSpec", "Recommendation", "recommend",
           "recommend_values", "validate_case"]


class Criterion(NamedTuple):
    """One decompressive-surgery criterion, a (criterion, met, detail) tuple; met is None when not known."""

    criterion: str
    met: bool | None
    detail: str


@dataclass(frozen=True)
class Recommendation:
    outcome: str
    title: str
    summary: str
    actions: tuple[str, ...]
    reasons: tuple[str, ...]
    pitfalls: tuple[str, ...]
    cautions: tuple[str, ...]
    references: tuple[str, ...]
    summary_references: tuple[int, ...]
    path: tuple[str, ...]
    evidence_topics: tuple[str, ...]
    decompression_candidate: bool | None = None
    decompression_criteria: tuple[Criterion, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; the decompression fields appear only for pathologic_neuro."""
        data: dict[str, Any] = {
            "outcome": self.outcome,
            "title": self.title,
            "summary": self.summary,
            "actions": list(self.actions),
            "reasons": list(self.reasons),
            "pitfalls": list(self.pitfalls),
            "cautions": list(self.cautions),
            "references": list(self.references),
            "summary_references": list(self.summary_references),
            "path": list(self.path),
            "evidence_topics": list(self.evidence_topics),
        }
        if self.outcome == "pathologic_neuro":
            data["decompression_candidate"] = self.decompression_candidate
            data["decompression_criteria"] = [
                {"criterion": c.criterion, "met": c.met, "detail": c.detail} for c in self.decompression_criteria
            ]
        return data


def _applies(pathway: Pathway, items: list[CitedText], values: Mapping[str, Any]) -> list[CitedText]:
    return [item for item in items if evaluate(item.when, values, pathway.thresholds)]


def _cited_text(pathway: Pathway, item: CitedText, values: Mapping[str, Any]) -> str:
    return pathway.fill(item.text, values) + pathway.marker(pathway.references_of([item]))


def _pitfall_text(pathway: Pathway, statement: str) -> str:
    return pathway.statement_texts[statement] + pathway.marker(pathway.statement_refs[statement])


def assess_criteria(pathway: Pathway, outcome: Outcome, values: Mapping[str, Any]) -> tuple[Criterion, ...]:
    """Each criterion's first matching rule decides met / not met / not known."""
    if outcome.criteria is None:
        return ()
    found = []
    for item in outcome.criteria.items:
        rule = next(r for r in item.rules if evaluate(r.when, values, pathway.thresholds))
        found.append(Criterion(pathway.fill(item.text), rule.met, pathway.fill(rule.detail, values)))
    return tuple(found)


def candidate(criteria: tuple[Criterion, ...]) -> bool | None:
    """True when all are met, False when any fails, None while some are not known."""
    if any(c.met is False for c in criteria):
        return False
    return True if all(c.met for c in criteria) else None


def _references(pathway: Pathway, route: Walk, outcome: Outcome, shown: list[CitedText]) -> tuple[str, ...]:
    cited = [pathway.questions[step.node].branches[step.branch] for step in route.steps]
    cited += [outcome, *shown] + ([outcome.criteria] if outcome.criteria else [])
    refs = pathway.references_of(cited)
    refs += [r for pitfall in outcome.pitfalls for r in pathway.statement_refs[pitfall]]
    return pathway.order_references(refs)


def recommend_values(values: Mapping[str, Any], pathway: Pathway | None = None) -> Recommendation:
    """The recommendation for an already validated case (every scenario field present)."""
    pathway = pathway or default_pathway()
    route = walk(pathway, values)
    outcome = pathway.outcomes[route.end]
    actions = _applies(pathway, outcome.actions, values)
    cautions = _applies(pathway, outcome.cautions, values)
    references = _references(pathway, route, outcome, actions + cautions)
    criteria = assess_criteria(pathway, outcome, values)
    topics = [*outcome.evidence_topics, *(i.evidence_topic for i in actions + cautions if i.evidence_topic)]
    return Recommendation(
        outcome=outcome.id,
        title=outcome.title,
        summary=pathway.fill(outcome.summary, values),
        actions=tuple(_cited_text(pathway, a, values) for a in actions),
        reasons=tuple(step.reason for step in route.steps),
        pitfalls=tuple(_pitfall_text(pathway, p) for p in outcome.pitfalls),
        cautions=tuple(_cited_text(pathway, c, values) for c in cautions),
        references=references,
        summary_references=tuple(sorted({pathway.ref_numbers[r] for r in references if pathway.ref_numbers[r]})),
        path=route.path,
        evidence_topics=tuple(dict.fromkeys(topics)),
        decompression_candidate=candidate(criteria) if criteria else None,
        decompression_criteria=criteria,
    )


def recommend(case: Mapping, pathway: Pathway | None = None) -> Recommendation:
    """Validate a scenario-format case (CaseError names the field) and walk the pathway."""
    return recommend_values(validate_case(case), pathway)
