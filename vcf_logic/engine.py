"""recommend(case) -> Recommendation: one case of the scenario format through the pathway data.

The clinical content lives in data/pathway.yaml; this module only assembles what the walk found
into the record the CLI prints and the pages show.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from vcf_logic.conditions import evaluate
from vcf_logic.evidence_models import STATUS_LABELS
from vcf_logic.pathway import Pathway, Step, Walk, default_pathway, walk
from vcf_logic.pathway_models import CitedText, Cites, Outcome, OutcomeCaution
from vcf_logic.scenario import SCENARIO_FIELDS, CaseError, FieldSpec, show, validate_case

__all__ = ["SCENARIO_FIELDS", "CaseError", "FieldSpec", "Recommendation", "recommend",
           "recommend_values", "validate_case"]


class CriterionResult(NamedTuple):
    """One criterion as it holds for a case; met is None when not known."""

    criterion: str
    met: bool | None
    detail: str


@dataclass(frozen=True)
class CriteriaResult:
    """An outcome's criteria block as assessed for a case, with its verdict."""

    label: str
    title: str
    met: bool | None  # True when all are met, False when any fails, None while some are not known
    verdict: str
    items: tuple[CriterionResult, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "title": self.title, "met": self.met, "verdict": self.verdict,
                "items": [{"criterion": c.criterion, "met": c.met, "detail": c.detail} for c in self.items]}


@dataclass(frozen=True)
class SummarySays:
    """The summary's own words that a caution qualifies, with their verdict in the claim check."""

    statement: str
    text: str
    verdict: str | None  # a claim status, or None when no claim row appraises the statement

    @property
    def verdict_label(self) -> str:
        return STATUS_LABELS.get(self.verdict, "not appraised")


@dataclass(frozen=True)
class ShownCaution:
    """A caution as a learner sees it: what to watch for, and the summary's words it qualifies."""

    id: str
    title: str
    text: str  # with its citation marker
    summary_says: tuple[SummarySays, ...] = ()

    def plain(self) -> str:
        """One paragraph for text output (session summary, quiz feedback)."""
        said = " ".join(f'The summary says: "{s.text}" (claim check: {s.verdict_label}).' for s in self.summary_says)
        return f"{self.title}: {self.text}" + (f" {said}" if said else "")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "text": self.text,
                "summary_says": [{"statement": s.statement, "text": s.text, "verdict": s.verdict}
                                 for s in self.summary_says]}


@dataclass(frozen=True)
class Recommendation:
    outcome: str
    title: str
    summary: str
    actions: tuple[str, ...]
    reasons: tuple[str, ...]
    pitfalls: tuple[str, ...]
    cautions: tuple[ShownCaution, ...]
    references: tuple[str, ...]
    summary_references: tuple[int, ...]
    path: tuple[str, ...]
    evidence_topics: tuple[str, ...]
    criteria: CriteriaResult | None = None  # when the outcome checks criteria (pathologic_neuro today)
    not_recorded: tuple[str, ...] = ()  # fields the walk read that the case did not give
    defaulted_fields: tuple[str, ...] = ()  # every scenario field that took its default

    @property
    def verdict_badge(self) -> tuple[str, str] | None:
        """(claim status label, caution title) of the first caution whose summary words the claim check does not
        verify: a one-line flag beside the title, e.g. ("contested", "The benefit of vertebroplasty is contested").
        The pathway lists an outcome's cautions most important first, so the first one is the flag."""
        for caution in self.cautions:
            for said in caution.summary_says:
                if said.verdict not in (None, "verified"):
                    return said.verdict_label, caution.title
        return None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; `criteria` appears only for an outcome that checks criteria."""
        data: dict[str, Any] = {
            "outcome": self.outcome,
            "title": self.title,
            "summary": self.summary,
            "actions": list(self.actions),
            "reasons": list(self.reasons),
            "pitfalls": list(self.pitfalls),
            "cautions": [c.to_dict() for c in self.cautions],
            "references": list(self.references),
            "summary_references": list(self.summary_references),
            "path": list(self.path),
            "evidence_topics": list(self.evidence_topics),
            "not_recorded": list(self.not_recorded),
            "defaulted_fields": list(self.defaulted_fields),
        }
        if self.criteria:
            data["criteria"] = self.criteria.to_dict()
        return data


def _applies(pathway: Pathway, items: list[CitedText] | list[OutcomeCaution], values: Mapping[str, Any]) -> list:
    """The items (actions, cautions) whose `when` holds for this case."""
    return [item for item in items if evaluate(item.when, values, pathway.thresholds)]


def _cited_text(pathway: Pathway, item: CitedText, values: Mapping[str, Any]) -> str:
    return pathway.fill(item.text, values) + pathway.marker(pathway.references_of([item]))


def _pitfall_text(pathway: Pathway, statement: str) -> str:
    return pathway.statement_texts[statement] + pathway.marker(pathway.statement_refs[statement])


def _all_met(items: tuple[CriterionResult, ...]) -> bool | None:
    if any(c.met is False for c in items):
        return False
    return True if all(c.met for c in items) else None


def assess_criteria(pathway: Pathway, outcome: Outcome, values: Mapping[str, Any]) -> CriteriaResult | None:
    """Each criterion's first matching rule decides met / not met / not known; None without criteria."""
    block = outcome.criteria
    if block is None:
        return None
    found = []
    for item in block.items:
        rule = next(r for r in item.rules if evaluate(r.when, values, pathway.thresholds))
        found.append(CriterionResult(pathway.fill(item.text), rule.met, pathway.fill(rule.detail, values)))
    met = _all_met(tuple(found))
    verdict = {True: block.if_met, False: block.if_not_met, None: block.if_unknown}[met]
    return CriteriaResult(block.label, pathway.fill(block.title), met, pathway.fill(verdict, values), tuple(found))


def _references(pathway: Pathway, route: Walk, outcome: Outcome, shown: list[Cites],
                cautions: tuple[ShownCaution, ...]) -> tuple[str, ...]:
    cited = [pathway.questions[step.node].branches[step.branch] for step in route.steps]
    cited += [outcome, *shown] + ([outcome.criteria] if outcome.criteria else [])
    refs = pathway.references_of(cited)
    refs += [r for pitfall in outcome.pitfalls for r in pathway.statement_refs[pitfall]]
    refs += [r for c in cautions if c.id in pathway.cautions for r in pathway.cautions[c.id].references]
    return pathway.order_references(refs)


def _summary_says(pathway: Pathway, statements: Iterable[str]) -> tuple[SummarySays, ...]:
    return tuple(SummarySays(s, pathway.statement_texts[s], pathway.statement_verdicts.get(s))
                 for s in dict.fromkeys(statements))


def _evidence_caution(pathway: Pathway, caution_id: str, context: list[str]) -> ShownCaution:
    caution = pathway.cautions[caution_id]
    said = [s for s in context if s in caution.statements] or caution.statements
    return ShownCaution(caution.id, caution.title, caution.text + pathway.marker(caution.references),
                        _summary_says(pathway, said))


def shown_cautions(pathway: Pathway, statements: Iterable[str], explicit: Iterable[OutcomeCaution] = (),
                   values: Mapping[str, Any] | None = None, owner: str = "") -> tuple[ShownCaution, ...]:
    """The outcome's own cautions first, then every caution travelling with one of the statements shown."""
    context = list(dict.fromkeys(statements))
    shown: dict[str, ShownCaution] = {}
    for index, item in enumerate(explicit):
        if item.caution:
            shown[item.caution] = _evidence_caution(pathway, item.caution, context)
        else:
            text = pathway.fill(item.text, values) + pathway.marker(pathway.references_of([item]))
            shown[f"{owner}.cautions.{index}"] = ShownCaution(f"{owner}.cautions.{index}", "Note", text,
                                                            _summary_says(pathway, item.statements))
    for statement in context:
        for caution_id in pathway.statement_cautions.get(statement, ()):
            if caution_id not in shown:
                shown[caution_id] = _evidence_caution(pathway, caution_id, context)
    return tuple(shown.values())


def _unrecorded_reason(pathway: Pathway, step: Step, missing: list[str], values: Mapping[str, Any]) -> str:
    """A step decided on defaults says so, instead of asserting the default as a finding."""
    question = pathway.questions[step.node]
    label = pathway.fill(question.branches[step.branch].label)
    recorded = " ".join(f"{SCENARIO_FIELDS[f].label}: {show(values[f])}." for f in question.fields if f not in missing)
    names = ", ".join(SCENARIO_FIELDS[f].label for f in missing)
    taken = ", ".join(f"{_lower_first(SCENARIO_FIELDS[f].label)} as {show(values[f])}" for f in missing)
    return (f"{recorded} {names}: not recorded. The app read {taken} (the format's default) only to choose "
            f"a branch (\"{label}\"); record it before relying on this step.").lstrip()


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _mark_unrecorded(pathway: Pathway, route: Walk, given: Collection[str], values: Mapping[str, Any]
                     ) -> tuple[tuple[Step, ...], tuple[str, ...]]:
    steps, not_recorded = [], []
    for step in route.steps:
        missing = [f for f in pathway.questions[step.node].fields if f not in given]
        not_recorded += missing
        steps.append(replace(step, reason=_unrecorded_reason(pathway, step, missing, values)) if missing else step)
    return tuple(steps), tuple(dict.fromkeys(not_recorded))


def recommend_values(values: Mapping[str, Any], pathway: Pathway | None = None,
                     given: Collection[str] | None = None) -> Recommendation:
    """The recommendation for an already validated case (every scenario field present).

    `given` names the fields the case actually recorded (all of them when None); a step decided on a
    field that was not recorded says so rather than asserting the default as a finding.
    """
    pathway = pathway or default_pathway()
    given = SCENARIO_FIELDS.keys() if given is None else given
    route = walk(pathway, values)
    steps, not_recorded = _mark_unrecorded(pathway, route, given, values)
    outcome = pathway.outcomes[route.end]
    actions = _applies(pathway, outcome.actions, values)
    explicit = _applies(pathway, outcome.cautions, values)
    shown = [outcome, *actions, *([outcome.criteria] if outcome.criteria else [])]
    statements = [*(s for entry in shown for s in entry.statements), *outcome.pitfalls]
    cautions = shown_cautions(pathway, statements, explicit, values, owner=f"outcomes/{outcome.id}")
    references = _references(pathway, route, outcome, [*actions, *explicit], cautions)
    topics = [*outcome.evidence_topics, *(i.evidence_topic for i in [*actions, *explicit] if i.evidence_topic)]
    return Recommendation(
        outcome=outcome.id,
        title=outcome.title,
        summary=pathway.fill(outcome.summary, values),
        actions=tuple(_cited_text(pathway, a, values) for a in actions),
        reasons=tuple(step.reason for step in steps),
        pitfalls=tuple(_pitfall_text(pathway, p) for p in outcome.pitfalls),
        cautions=cautions,
        references=references,
        summary_references=tuple(sorted({pathway.ref_numbers[r] for r in references if pathway.ref_numbers[r]})),
        path=route.path,
        evidence_topics=tuple(dict.fromkeys(topics)),
        criteria=assess_criteria(pathway, outcome, values),
        not_recorded=not_recorded,
        defaulted_fields=tuple(f for f in SCENARIO_FIELDS if f not in given),
    )


def recommend(case: Mapping, pathway: Pathway | None = None) -> Recommendation:
    """Validate a scenario-format case (CaseError names the field) and walk the pathway."""
    values = validate_case(case)
    return recommend_values(values, pathway, given=[f for f in case if f in SCENARIO_FIELDS])
