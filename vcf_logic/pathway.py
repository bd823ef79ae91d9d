"""Load the clinical pathway (data/pathway.yaml) and walk it.

The engine is generic: questions, branches, thresholds and outcomes are data. `walk` follows the
first branch whose condition holds at each question until it reaches an outcome, or (for the walker)
until a question whose fields have no answer yet.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from vcf_logic.conditions import evaluate
from vcf_logic.data_files import PATHWAY, file_version, raise_problems, read_yaml, remember_errors, validate_or_raise
from vcf_logic.evidence import Evidence, default_evidence
from vcf_logic.evidence_models import STATUS_SEVERITY, Caution
from vcf_logic.pathway_models import Cites, Outcome, PathwayFile, Question
from vcf_logic.scenario import show

PATHWAY_FILE = PATHWAY.default


def placeholders(template: str) -> set[str]:
    """Names in {braces}; ValueError for anything but a plain name (no attribute or index access)."""
    names = set()
    for _, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(f"'{{{name}}}' must be a plain name in braces")
        names.add(name)
    return names


@dataclass(frozen=True)
class Step:
    """One answered question: which branch was taken and why."""

    node: str
    branch: int
    target: str
    reason: str


@dataclass(frozen=True)
class Walk:
    steps: tuple[Step, ...]
    end: str  # an outcome id, or the question still waiting for an answer

    @property
    def path(self) -> tuple[str, ...]:
        return (*(step.node for step in self.steps), self.end)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity, so texts drawn from it can be cached
class Pathway:
    """The validated pathway, with what it needs from the evidence file resolved at load."""

    content: PathwayFile
    source: str
    ref_numbers: Mapping[str, int | None]
    ref_labels: Mapping[str, str]
    statement_refs: Mapping[str, tuple[str, ...]]
    statement_texts: Mapping[str, str]
    cautions: Mapping[str, Caution] = field(default_factory=dict)
    statement_cautions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    statement_verdicts: Mapping[str, str | None] = field(default_factory=dict)

    @cached_property
    def questions(self) -> dict[str, Question]:
        return {q.id: q for q in self.content.questions}

    @cached_property
    def outcomes(self) -> dict[str, Outcome]:
        return {o.id: o for o in self.content.outcomes}

    @cached_property
    def thresholds(self) -> dict[str, int | float]:
        return {name: t.value for name, t in self.content.thresholds.items()}

    @property
    def start(self) -> str:
        return self.content.start

    @cached_property
    def _threshold_texts(self) -> dict[str, str]:
        return {name: show(v) for name, v in self.thresholds.items()}

    @cached_property
    def _filled(self) -> dict[str, str]:
        return {}

    def fill(self, template: str, case: Mapping[str, Any] | None = None) -> str:
        """Put threshold values (and case values, where given) into a text from the file.

        Texts without case values are the same on every rerun, so each is formatted once.
        """
        if case:
            return template.format_map({**self._threshold_texts, **{name: show(v) for name, v in case.items()}})
        if template not in self._filled:
            self._filled[template] = template.format_map(self._threshold_texts)
        return self._filled[template]

    def references_of(self, cited: Iterable[Cites]) -> list[str]:
        """Reference ids behind some cited entries, statements' references first, in citing order."""
        refs: dict[str, None] = {}
        for entry in cited:
            for statement in entry.statements:
                refs.update(dict.fromkeys(self.statement_refs[statement]))
            refs.update(dict.fromkeys(entry.references))
        return list(refs)

    def order_references(self, refs: Iterable[str]) -> tuple[str, ...]:
        """The summary's numbered references first, by number; then the others in citing order."""
        unique = list(dict.fromkeys(refs))
        numbered = sorted((r for r in unique if self.ref_numbers[r] is not None), key=self.ref_numbers.get)
        return (*numbered, *(r for r in unique if self.ref_numbers[r] is None))

    def marker(self, refs: Iterable[str]) -> str:
        """' [2, 3; EMA 2012]': the summary's numbers, then short labels of references it lacks."""
        ordered = self.order_references(refs)
        numbers = list(dict.fromkeys(str(self.ref_numbers[r]) for r in ordered if self.ref_numbers[r]))
        others = [self.ref_labels[r] for r in ordered if self.ref_numbers[r] is None]
        parts = [p for p in (", ".join(numbers), "; ".join(others)) if p]
        return f" [{'; '.join(parts)}]" if parts else ""


def walk(pathway: Pathway, values: Mapping[str, Any], partial: bool = False) -> Walk:
    """Follow the pathway for these values; with `partial`, stop at the first unanswered question."""
    node, steps = pathway.start, []
    while node in pathway.questions:
        question = pathway.questions[node]
        if partial and any(field not in values for field in question.fields):
            break
        index, branch = next((i, b) for i, b in enumerate(question.branches)
                             if evaluate(b.when, values, pathway.thresholds))
        steps.append(Step(node, index, branch.go, pathway.fill(branch.reason, values)))
        node = branch.go
        if len(steps) > len(pathway.questions):
            raise RuntimeError("the pathway has a cycle; run `python -m vcf_logic check`")
    return Walk(tuple(steps), node)


def _verdicts(evidence: Evidence) -> dict[str, str | None]:
    """Each statement's verdict in the claim check: the most serious status among its claims."""
    found: dict[str, list[str]] = {}
    for claim in evidence.content.claims:
        found.setdefault(claim.statement, []).append(claim.status)
    return {s: min(statuses, key=STATUS_SEVERITY.index) for s, statuses in found.items()}


def resolve(content: PathwayFile, name: str, evidence: Evidence) -> Pathway:
    refs = evidence.content.references
    statements = evidence.content.statements
    by_statement: dict[str, list[str]] = {}
    for caution in evidence.content.cautions:
        for statement in caution.statements:
            by_statement.setdefault(statement, []).append(caution.id)
    return Pathway(
        content=content,
        source=name,
        ref_numbers={r.id: r.summary_number for r in refs},
        ref_labels={r.id: r.short for r in refs},
        statement_refs={s.id: tuple(s.references) for s in statements},
        statement_texts={s.id: s.text for s in statements},
        cautions={c.id: c for c in evidence.content.cautions},
        statement_cautions={s: tuple(ids) for s, ids in by_statement.items()},
        statement_verdicts=_verdicts(evidence),
    )


def validate_pathway(raw: dict, evidence: Evidence, name: str = str(PATHWAY_FILE)) -> Pathway:
    """Validate a parsed pathway mapping against the evidence; DataFileError lists every problem."""
    from vcf_logic.pathway_checks import pathway_problems  # imported here: pathway_checks imports this module

    content = validate_or_raise(PathwayFile, raw, name)
    raise_problems(pathway_problems(name, content, evidence))
    return resolve(content, name, evidence)


def load_pathway(path: Path | str = PATHWAY_FILE, evidence: Evidence | None = None) -> Pathway:
    """The pathway file checked against `evidence` (the evidence file in use when not given)."""
    path = Path(path)
    return validate_pathway(read_yaml(path), evidence or default_evidence(), str(path))


@remember_errors(maxsize=4)  # a broken file's located problems are cached too
def _pathway_at(path: str, version: tuple[int, int] | None, evidence_digest: str) -> Pathway:
    return load_pathway(path, default_evidence())


def default_pathway() -> Pathway:
    """The pathway in use (VCF_PATHWAY_FILE or data/), parsed once per saved version of it and of the evidence."""
    path = PATHWAY.path()
    return _pathway_at(str(path), file_version(path), default_evidence().digest)


def pathway_summary(pathway: Pathway) -> str:
    """One-line summary for `python -m vcf_logic check`."""
    from vcf_logic.pathway_checks import outcome_paths  # imported here: pathway_checks imports this module

    paths = outcome_paths(pathway)
    return (f"{len(pathway.questions)} questions, {len(pathway.outcomes)} outcomes, "
            f"{len(paths)} distinct paths from the first question to an outcome")
