"""The Decision walker's state, without Streamlit: answers, the next question, Back, and links.

Answers are scenario field values keyed by field name, so the walker's case is an ordinary case of
the scenario format and the outcome card is `recommend`'s verdict on it. Only answers that the
current walk reads are kept (`prune`), so a shared link carries nothing stray.

Links carry each answer under a short whitelisted key with a validated value: `?nd=y&cc=n&si=n`.
Anything else in a link (unknown key, bad value, a combination no answer option gives) raises
LinkError; the page then shows a notice and starts fresh.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from vcf_logic.conditions import evaluate, same
from vcf_logic.engine import Recommendation, recommend_values
from vcf_logic.pathway import Pathway, Step, walk
from vcf_logic.pathway_models import Question
from vcf_logic.scenario import SCENARIO_FIELDS, CaseError, field_label, show, validate_case, validate_value

Answers = dict[str, Any]

LINK_KEYS: dict[str, str] = {name: spec.link_key for name, spec in SCENARIO_FIELDS.items()}
FIELD_FOR_KEY = {key: name for name, key in LINK_KEYS.items()}
UNKNOWN = "u"  # an empty (null) answer, e.g. "no MRI yet"
_NUMBER = re.compile(r"^[0-9]{1,4}(\.[0-9]{1,2})?$")
MAX_LINK_VALUE = 12


class LinkError(ValueError):
    """A walker link that was not made by the walker (or by a newer pathway)."""


@dataclass(frozen=True)
class WalkerView:
    """Where the walk stands: the answered steps, and the question waiting or the outcome reached."""

    steps: tuple[Step, ...]
    current: str | None
    outcome: str | None
    remaining: int  # questions still to come, at most

    @property
    def answered(self) -> int:
        return len(self.steps)

    @property
    def path(self) -> tuple[str, ...]:
        return (*(s.node for s in self.steps), self.current or self.outcome)

    @property
    def fraction_done(self) -> float:
        return self.answered / (self.answered + self.remaining) if self.remaining or self.answered else 0.0


def _longest_remaining(pathway: Pathway, node: str) -> int:
    """Questions left on the longest route from `node` (0 at an outcome): the progress bar's 'at most'."""
    if node in pathway.outcomes:
        return 0
    return 1 + max(_longest_remaining(pathway, b.go) for b in pathway.questions[node].branches)


def progress(pathway: Pathway, answers: Mapping[str, Any]) -> WalkerView:
    route = walk(pathway, answers, partial=True)
    if route.end in pathway.outcomes:
        return WalkerView(route.steps, None, route.end, 0)
    return WalkerView(route.steps, route.end, None, _longest_remaining(pathway, route.end))


def detail_fields(pathway: Pathway, outcome: str | None, answers: Mapping[str, Any]) -> list[str]:
    """Fields the outcome's criteria ask about for this case (e.g. age for the decompression check)."""
    criteria = pathway.outcomes[outcome].criteria if outcome else None
    if criteria is None:
        return []
    values = case_from_answers(answers)
    return [item.asks for item in criteria.items if evaluate(item.ask_when, values, pathway.thresholds)]


def prune(pathway: Pathway, answers: Mapping[str, Any]) -> Answers:
    """Keep only the answers the current walk reads, in the order it reads them."""
    view = progress(pathway, answers)
    kept = [f for step in view.steps for f in pathway.questions[step.node].fields]
    kept += detail_fields(pathway, view.outcome, answers)
    return {f: answers[f] for f in kept if f in answers}


def case_from_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The walker's answers as a full case: unanswered fields take their safe defaults."""
    return validate_case(answers)


def recommendation(pathway: Pathway, answers: Mapping[str, Any]) -> Recommendation:
    return recommend_values(case_from_answers(answers), pathway, given=list(answers))


def answer(pathway: Pathway, answers: Mapping[str, Any], values: Mapping[str, Any]) -> Answers:
    """Record answers (to a question or an outcome's detail); CaseError if a value is invalid."""
    merged = {**answers}
    for name, value in values.items():
        merged[name] = validate_value(SCENARIO_FIELDS[name], value)
    validate_case(merged)  # cross-field checks, e.g. a deficit duration needs a deficit
    return prune(pathway, merged)


def back(pathway: Pathway, answers: Mapping[str, Any]) -> Answers:
    """Undo the last answered question (an outcome's details go with it)."""
    view = progress(pathway, answers)
    if not view.steps:
        return {}
    last = pathway.questions[view.steps[-1].node]
    return prune(pathway, {f: v for f, v in answers.items() if f not in last.fields})


def chosen_option(question: Question, answers: Mapping[str, Any]) -> int | None:
    """Index of the answer option matching the answers, or None."""
    for index, option in enumerate(question.options):
        if all(f in answers and same(answers[f], v) for f, v in option.sets.items()):
            return index
    return None


# --- links --------------------------------------------------------------------------------------

def _encode_value(value: Any) -> str:
    if value is None:
        return UNKNOWN
    if isinstance(value, bool):
        return "y" if value else "n"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return show(value)


def encode(answers: Mapping[str, Any]) -> dict[str, str]:
    """Query parameters for a shareable link, in answering order."""
    return {LINK_KEYS[name]: _encode_value(value) for name, value in answers.items()}


def _decode_value(name: str, text: str) -> Any:
    spec = SCENARIO_FIELDS[name]
    if len(text) > MAX_LINK_VALUE:
        raise LinkError(f"the value for {field_label(name)} is too long.")
    if text == UNKNOWN and spec.nullable:
        value: Any = None
    elif spec.kind == "bool":
        if text not in ("y", "n"):
            raise LinkError(f"{field_label(name)}: the link holds '{text[:20]}', not y or n.")
        value = text == "y"
    elif spec.kind == "choice":
        value = text
    elif _NUMBER.match(text):
        value = float(text) if "." in text else int(text)
    else:
        raise LinkError(f"{field_label(name)}: '{text[:20]}' is not a number.")
    try:
        return validate_value(spec, value)
    except CaseError as exc:
        raise LinkError(exc.sentence) from None


def decode(pathway: Pathway, params: Mapping[str, str]) -> Answers:
    """Answers from a link's query parameters; LinkError on anything the walker would not write."""
    answers: Answers = {}
    for key, text in params.items():
        if key not in FIELD_FOR_KEY:
            raise LinkError(f"unknown link key '{key[:20]}'")
        answers[FIELD_FOR_KEY[key]] = _decode_value(FIELD_FOR_KEY[key], str(text))
    try:
        validate_case(answers)
    except CaseError as exc:
        raise LinkError(exc.sentence) from None
    for step in progress(pathway, answers).steps:
        question = pathway.questions[step.node]
        if question.options and chosen_option(question, answers) is None:
            raise LinkError(f"no answer to “{pathway.fill(question.label)}” gives these values.")
    return prune(pathway, answers)
