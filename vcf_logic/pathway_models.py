"""Pydantic models of the pathway file (data/pathway.yaml).

The models check each entry on its own; `pathway_checks.pathway_problems` checks the graph as a whole
(targets, reachability, cycles, dead branches) and every citation against the evidence file.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from vcf_logic.conditions import Condition, parse_condition

Identifier = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)


def _parse_when(raw: Any) -> Condition | None:
    return None if raw is None else parse_condition(raw)


When = Annotated[Any, BeforeValidator(_parse_when)]


class Entry(BaseModel):
    # Strict: a threshold `"7"` or `met: "yes"` is a slip to report, not to coerce (dates are read from text).
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, strict=True)


class Cites(Entry):
    """Citations: statement ids of the evidence file (their references count) and reference ids."""

    statements: list[str] = []
    references: list[str] = []


class Meta(Entry):
    title: str
    version: int = Field(ge=1)
    content_reviewed: dt.date = Field(strict=False)
    reviewed_by: str


class Threshold(Cites):
    value: int | float
    unit: str
    text: str = Field(min_length=3)


class Option(Entry):
    label: str = Field(min_length=1)
    sets: dict[str, Any] = Field(min_length=1)


class Branch(Cites):
    """One way out of a question; its citations count towards the recommendation when it is taken."""

    when: When = None
    go: str = Identifier
    label: str = Field(min_length=1, max_length=40, description="edge label on the flowchart")
    reason: str = Field(min_length=3)


def _otherwise_last(rules: list, name: str) -> None:
    if rules[-1].when is not None:
        raise ValueError(f"{name}: the last one must have no 'when' (it is the 'otherwise')")
    if any(rule.when is None for rule in rules[:-1]):
        raise ValueError(f"{name}: only the last one may leave out 'when'")


class Question(Cites):
    id: str = Identifier
    label: str = Field(min_length=3, max_length=40, description="short text in the flowchart box")
    question: str = Field(min_length=3)
    hint: str = Field(min_length=3)
    why: str = Field(min_length=3)
    fields: list[str] = Field(min_length=1, max_length=2)
    options: list[Option] = []
    branches: list[Branch] = Field(min_length=1)

    @model_validator(mode="after")
    def _shape(self) -> Question:
        _otherwise_last(self.branches, "branches")
        if self.options:
            for option in self.options:
                if set(option.sets) != set(self.fields):
                    raise ValueError(f"options: '{option.label}' must set exactly {', '.join(self.fields)}")
        elif len(self.fields) != 1:
            raise ValueError("options: a question without options asks for one number, so needs one field")
        return self


class CitedText(Cites):
    text: str = Field(min_length=3)
    when: When = None
    evidence_topic: str | None = None


class OutcomeCaution(Cites):
    """A caution on an outcome: an evidence-file caution by id, or the app's own note as text."""

    caution: str | None = Field(default=None, description="id of a caution in the evidence file")
    text: str | None = Field(default=None, min_length=3)
    when: When = None
    evidence_topic: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> OutcomeCaution:
        if (self.caution is None) == (self.text is None):
            raise ValueError("caution: give either the id of an evidence-file caution or a text, not both")
        return self


class CriterionRule(Entry):
    when: When = None
    met: bool | None
    detail: str = Field(min_length=3)


class Criterion(Entry):
    id: str = Identifier
    text: str = Field(min_length=3)
    asks: str
    ask_when: When = None
    rules: list[CriterionRule] = Field(min_length=1)

    @model_validator(mode="after")
    def _shape(self) -> Criterion:
        _otherwise_last(self.rules, "rules")
        return self


class Criteria(Cites):
    """Criteria an outcome checks (decompressive surgery today); its verdict is if_met, if_not_met or if_unknown."""

    label: str = Field(min_length=3, max_length=60)
    title: str = Field(min_length=3)
    if_met: str = Field(min_length=3)
    if_not_met: str = Field(min_length=3)
    if_unknown: str = Field(min_length=3)
    items: list[Criterion] = Field(min_length=1)


class Outcome(Cites):
    id: str = Identifier
    label: str = Field(min_length=3, max_length=40)
    title: str = Field(min_length=3)
    summary: str = Field(min_length=3)
    actions: list[CitedText] = Field(min_length=1)
    cautions: list[OutcomeCaution] = []
    pitfalls: list[str] = []
    evidence_topics: list[str] = []
    criteria: Criteria | None = None


class Ambiguity(Cites):
    id: str = Identifier
    topic: str = Field(min_length=3)
    source_says: str = Field(min_length=3)
    app_does: str = Field(min_length=3)


class PathwayFile(Entry):
    meta: Meta
    thresholds: dict[str, Threshold] = Field(min_length=1)
    evidence_topics: dict[str, str] = {}
    start: str
    questions: list[Question] = Field(min_length=1)
    outcomes: list[Outcome] = Field(min_length=1)
    ambiguities: list[Ambiguity] = []
