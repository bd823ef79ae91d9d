"""Whole-file checks of the pathway: the graph, the texts and every citation.

The graph checks do not trust the drawing: `explore` answers every question with each of its
options (or, for a number, the values either side of every threshold the file compares it with)
and follows the branches, so a branch no answer can take, a question no answer can reach, a field
read before it is asked, and a cycle all show up as problems.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from vcf_logic.conditions import Condition, evaluate
from vcf_logic.data_files import Problem
from vcf_logic.evidence import Evidence
from vcf_logic.explorer import NON_FIGURE_TOPICS
from vcf_logic.pathway import Pathway, placeholders
from vcf_logic.pathway_models import CitedText, Cites, Outcome, PathwayFile, Question
from vcf_logic.scenario import SCENARIO_FIELDS, CaseError, validate_value


@dataclass
class Exploration:
    paths: set[tuple[str, ...]] = field(default_factory=set)
    taken: set[tuple[str, int]] = field(default_factory=set)
    visited: set[str] = field(default_factory=set)
    problems: dict[tuple[str, str], str] = field(default_factory=dict)  # (entry, field) -> message


def _thresholds(content: PathwayFile) -> dict[str, Any]:
    return {name: t.value for name, t in content.thresholds.items()}


def _conditions(content: PathwayFile) -> Iterator[tuple[str, str, Condition]]:
    """(entry, field, condition) for every condition in the file."""
    for q in content.questions:
        yield from ((f"questions/{q.id}", f"branches.{i}.when", b.when) for i, b in enumerate(q.branches) if b.when)
    for o in content.outcomes:
        for section in ("actions", "cautions"):
            for i, item in enumerate(getattr(o, section)):
                if item.when:
                    yield f"outcomes/{o.id}", f"{section}.{i}.when", item.when
        for item in o.criteria.items if o.criteria else ():
            if item.ask_when:
                yield f"outcomes/{o.id}", f"criteria.{item.id}.ask_when", item.ask_when
            for i, rule in enumerate(item.rules):
                if rule.when:
                    yield f"outcomes/{o.id}", f"criteria.{item.id}.rules.{i}.when", rule.when


def sample_values(content: PathwayFile, name: str) -> list[Any]:
    """Values of a numeric field either side of every number the file compares it with."""
    spec = SCENARIO_FIELDS[name]
    limits = _thresholds(content)
    points = {spec.minimum, spec.maximum}
    for _, _, condition in _conditions(content):
        for constant in condition.constants(name):
            value = limits.get(constant, constant) if isinstance(constant, str) else constant
            points.update({value - 1, value, value + 1})
    values = sorted(v for v in points if spec.minimum <= v <= spec.maximum)
    return values + ([None] if spec.nullable else [])


def _answers(content: PathwayFile, question: Question) -> list[dict[str, Any]]:
    if question.options:
        return [dict(option.sets) for option in question.options]
    name = question.fields[0]
    return [{name: value} for value in sample_values(content, name)]


def explore(content: PathwayFile) -> Exploration:
    """Follow every distinct answer through the graph (see the module docstring)."""
    found = Exploration()
    questions = {q.id: q for q in content.questions}
    outcomes = {o.id for o in content.outcomes}
    limits = _thresholds(content)
    answer_sets = {q.id: _answers(content, q) for q in content.questions}

    def step(node: str, values: dict[str, Any], trail: tuple[str, ...]) -> None:
        found.visited.add(node)
        if node in outcomes:
            found.paths.add((*trail, node))
            return
        if node in trail or node not in questions:
            found.problems[(f"questions/{trail[-1]}", "branches")] = f"leads back to '{node}': a cycle"
            return
        asked_again = set(questions[node].fields) & values.keys()
        if asked_again:
            found.problems[(f"questions/{node}", "fields")] = (
                f"asks {', '.join(sorted(asked_again))} again on a route that has already asked it")
            return
        for answer in answer_sets[node]:
            known = {**values, **answer}
            for index, branch in enumerate(questions[node].branches):
                unasked = (branch.when.fields() if branch.when else set()) - known.keys()
                unasked |= placeholders(branch.reason) - known.keys() - limits.keys()
                if unasked:
                    found.problems[(f"questions/{node}", f"branches.{index}")] = (
                        f"reads {', '.join(sorted(unasked))} before every route to it has asked")
                    return
                if evaluate(branch.when, known, limits):
                    found.taken.add((node, index))
                    step(branch.go, known, (*trail, node))
                    break

    step(content.start, {}, ())
    return found


def outcome_paths(pathway: Pathway) -> set[tuple[str, ...]]:
    """Every distinct sequence of questions from the first question to an outcome."""
    return explore(pathway.content).paths


def _graph_problems(name: str, content: PathwayFile) -> list[Problem]:
    problems = []
    ids = [q.id for q in content.questions] + [o.id for o in content.outcomes]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(Problem(name, dup, "id", "this id is used more than once"))
    if content.start not in {q.id for q in content.questions}:
        problems.append(Problem(name, "start", "start", f"'{content.start}' is not a question id"))
    for q in content.questions:
        for i, branch in enumerate(q.branches):
            if branch.go not in ids:
                problems.append(Problem(name, f"questions/{q.id}", f"branches.{i}.go",
                                        f"'{branch.go}' is neither a question nor an outcome"))
    return problems


def _field_problems(name: str, content: PathwayFile) -> list[Problem]:
    problems = []
    for q in content.questions:
        where = f"questions/{q.id}"
        for field_name in q.fields:
            spec = SCENARIO_FIELDS.get(field_name)
            if spec is None:
                problems.append(Problem(name, where, "fields", f"'{field_name}' is not a scenario field"))
            elif not q.options and spec.kind not in ("int", "number"):
                problems.append(Problem(name, where, "options", f"'{field_name}' needs answer options"))
        for i, option in enumerate(q.options):
            for field_name, value in option.sets.items():
                if field_name in SCENARIO_FIELDS:
                    try:
                        validate_value(SCENARIO_FIELDS[field_name], value)
                    except CaseError as exc:
                        problems.append(Problem(name, where, f"options.{i}.sets", str(exc)))
    for o in content.outcomes:
        for item in o.criteria.items if o.criteria else ():
            if item.asks not in SCENARIO_FIELDS:
                problems.append(Problem(name, f"outcomes/{o.id}", f"criteria.{item.id}.asks",
                                        f"'{item.asks}' is not a scenario field"))
    limits = set(content.thresholds)
    for entry, field_name, condition in _conditions(content):
        for unknown in sorted(condition.threshold_names() - limits):
            problems.append(Problem(name, entry, field_name, f"unknown threshold '{unknown}'"))
    return problems


def _texts(content: PathwayFile) -> Iterator[tuple[str, str, str, bool]]:
    """(entry, field, text, may use case values) for every text with {placeholders}."""
    for key, t in content.thresholds.items():
        yield "thresholds", f"{key}.text", t.text, False
    for q in content.questions:
        for attr in ("label", "question", "hint", "why"):
            yield f"questions/{q.id}", attr, getattr(q, attr), False
        for i, option in enumerate(q.options):
            yield f"questions/{q.id}", f"options.{i}.label", option.label, False
        for i, branch in enumerate(q.branches):
            yield f"questions/{q.id}", f"branches.{i}.label", branch.label, False
            yield f"questions/{q.id}", f"branches.{i}.reason", branch.reason, True
    for o in content.outcomes:
        where = f"outcomes/{o.id}"
        yield where, "label", o.label, False
        yield where, "summary", o.summary, True
        for section in ("actions", "cautions"):
            for i, item in enumerate(getattr(o, section)):
                if item.text is not None:
                    yield where, f"{section}.{i}.text", item.text, True
        if o.criteria:
            yield where, "criteria.title", o.criteria.title, False
            for verdict in ("if_met", "if_not_met", "if_unknown"):
                yield where, f"criteria.{verdict}", getattr(o.criteria, verdict), True
        for item in o.criteria.items if o.criteria else ():
            yield where, f"criteria.{item.id}.text", item.text, False
            for i, rule in enumerate(item.rules):
                yield where, f"criteria.{item.id}.rules.{i}.detail", rule.detail, True
    for a in content.ambiguities:
        yield f"ambiguities/{a.id}", "app_does", a.app_does, False


def _text_problems(name: str, content: PathwayFile) -> list[Problem]:
    problems = []
    for entry, field_name, text, with_case in _texts(content):
        allowed = set(content.thresholds) | (set(SCENARIO_FIELDS) if with_case else set())
        try:
            unknown = placeholders(text) - allowed
        except ValueError as exc:
            problems.append(Problem(name, entry, field_name, str(exc)))
            continue
        for placeholder in sorted(unknown):
            kind = "threshold or scenario field" if with_case else "threshold"
            problems.append(Problem(name, entry, field_name, f"'{{{placeholder}}}' is not a {kind}"))
    return problems


def _cited(content: PathwayFile) -> Iterator[tuple[str, str, Cites]]:
    for key, t in content.thresholds.items():
        yield "thresholds", key, t
    for q in content.questions:
        yield f"questions/{q.id}", "(question)", q
        for i, branch in enumerate(q.branches):
            yield f"questions/{q.id}", f"branches.{i}", branch
    for o in content.outcomes:
        yield f"outcomes/{o.id}", "(outcome)", o
        for section in ("actions", "cautions"):
            for i, item in enumerate(getattr(o, section)):
                yield f"outcomes/{o.id}", f"{section}.{i}", item
        if o.criteria:
            yield f"outcomes/{o.id}", "criteria", o.criteria
    for a in content.ambiguities:
        yield f"ambiguities/{a.id}", "(ambiguity)", a


def _citation_problems(name: str, content: PathwayFile, evidence: Evidence) -> list[Problem]:
    problems = []
    reference_ids = evidence.reference_ids()
    statement_ids = {s.id for s in evidence.content.statements}
    for entry, where, cited in _cited(content):
        prefix = "" if where.startswith("(") else f"{where}."
        for ref in cited.references:
            if ref not in reference_ids:
                problems.append(Problem(name, entry, f"{prefix}references", f"cites unknown reference '{ref}'"))
        for statement in cited.statements:
            if statement not in statement_ids:
                problems.append(Problem(name, entry, f"{prefix}statements",
                                        f"unknown statement '{statement}' (not in the evidence file)"))
    topics = {f.topic for f in evidence.content.figures} | set(NON_FIGURE_TOPICS)
    for topic in content.evidence_topics:
        if topic not in topics:
            problems.append(Problem(name, "evidence_topics", topic, "no figure in the evidence file has this topic"))
    for o in content.outcomes:
        problems += _outcome_citation_problems(name, o, content, statement_ids,
                                               {c.id for c in evidence.content.cautions})
    return problems


def _outcome_citation_problems(name: str, o: Outcome, content: PathwayFile, statement_ids: set,
                               caution_ids: set) -> list[Problem]:
    problems = []
    where = f"outcomes/{o.id}"
    for pitfall in o.pitfalls:
        if not pitfall.startswith("pitfall_") or pitfall not in statement_ids:
            problems.append(Problem(name, where, "pitfalls", f"'{pitfall}' is not a pitfall_ statement"))
    for i, item in enumerate(o.cautions):
        if item.caution and item.caution not in caution_ids:
            problems.append(Problem(name, where, f"cautions.{i}.caution",
                                    f"unknown caution '{item.caution}' (not in the evidence file)"))
    items: list[CitedText] = [*o.actions, *o.cautions]
    linked = [*o.evidence_topics, *(i.evidence_topic for i in items if i.evidence_topic)]
    for topic in linked:
        if topic not in content.evidence_topics:
            problems.append(Problem(name, where, "evidence_topics", f"'{topic}' is not listed in evidence_topics"))
    if not (o.statements or o.references):
        problems.append(Problem(name, where, "statements", "an outcome must cite what it rests on"))
    return problems


def _reachability_problems(name: str, content: PathwayFile, found: Exploration) -> list[Problem]:
    problems = [Problem(name, entry, field_name, message) for (entry, field_name), message in found.problems.items()]
    if problems:
        return problems
    for q in content.questions:
        if q.id not in found.visited:
            problems.append(Problem(name, f"questions/{q.id}", "id", "unreachable: no answers lead here"))
            continue
        for i, _ in enumerate(q.branches):
            if (q.id, i) not in found.taken:
                problems.append(Problem(name, f"questions/{q.id}", f"branches.{i}",
                                        "dead branch: an earlier branch always wins, no answer takes it"))
    for o in content.outcomes:
        if o.id not in found.visited:
            problems.append(Problem(name, f"outcomes/{o.id}", "id", "unreachable: no path ends here"))
    return problems


def pathway_problems(name: str, content: PathwayFile, evidence: Evidence) -> list[Problem]:
    """Every problem that spans entries; the graph is explored only once it is well formed."""
    problems = _graph_problems(name, content) + _field_problems(name, content) + _text_problems(name, content)
    problems += _citation_problems(name, content, evidence)
    if problems:
        return problems
    return _reachability_problems(name, content, explore(content))
