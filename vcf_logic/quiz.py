"""Self-check quiz over the case library: question order, answer checking, score.

A seed fixes the order, so a whole class that opens the same `?seed=` link sees the
same questions in the same order.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from vcf_logic.pathway import Pathway

SEED_MAX = 999_999
_SEED_TEXT = re.compile(r"[0-9]{1,6}")


def question_order(vignette_ids: Sequence[str], seed: int) -> list[str]:
    """The vignette ids shuffled by `random.Random(seed)`: same seed, same order."""
    order = sorted(vignette_ids)  # independent of the file's order, so editing the file keeps old seeds stable
    random.Random(seed).shuffle(order)
    return order


def new_seed(rng: random.Random | None = None) -> int:
    """A seed short enough to read out to a class."""
    return (rng or random.SystemRandom()).randint(1, SEED_MAX)


def parse_seed(text: str | None) -> int | None:
    """The seed from a query-string value, or None when it is missing or not a whole number in range."""
    if text is None:
        return None
    text = str(text).strip()
    if not _SEED_TEXT.fullmatch(text):  # ASCII digits only: str.isdigit would take '１２' too
        return None
    seed = int(text)
    return seed if seed <= SEED_MAX else None


@dataclass(frozen=True)
class AnswerFeedback:
    """What the learner sees straight after answering one question."""

    vignette_id: str
    chosen: str
    expected: str
    correct: bool
    reasons: tuple[str, ...]
    teaching_point: str
    references: tuple[str, ...]
    cautions: tuple = ()  # the engine's ShownCautions for this case, shown before the reasons


def check_answer(vignette, chosen: str, recommendation) -> AnswerFeedback:
    """Compare the learner's outcome with the vignette's; the reasons come from the engine's recommendation.

    References: the engine's (what the outcome rests on) then the vignette's own, without repeats.
    """
    references = tuple(dict.fromkeys([*recommendation.references, *vignette.references]))
    return AnswerFeedback(
        vignette_id=vignette.id,
        chosen=chosen,
        expected=vignette.expected_outcome,
        correct=chosen == vignette.expected_outcome,
        reasons=tuple(recommendation.reasons),
        teaching_point=vignette.teaching_point,
        references=references,
        cautions=tuple(recommendation.cautions),
    )


@dataclass(frozen=True)
class Score:
    right: int
    answered: int
    total: int

    def __str__(self) -> str:
        return f"{self.right} of {self.answered} right ({self.total} questions in all)"

    @property
    def percent(self) -> int:
        return round(100 * self.right / self.answered) if self.answered else 0


@dataclass
class QuizState:
    """One learner's progress through a quiz; kept in the session, never in the URL."""

    seed: int
    order: list[str]
    position: int = 0
    answers: dict[str, str] = field(default_factory=dict)  # vignette id -> chosen outcome id

    @classmethod
    def start(cls, vignette_ids: Iterable[str], seed: int) -> QuizState:
        return cls(seed=seed, order=question_order(list(vignette_ids), seed))

    @property
    def current(self) -> str | None:
        return self.order[self.position] if self.position < len(self.order) else None

    @property
    def finished(self) -> bool:
        return self.position >= len(self.order)

    def answer(self, vignette_id: str, chosen: str) -> bool:
        """Record the first answer to a question; later answers to it do not count. True if recorded."""
        if vignette_id in self.answers:
            return False
        self.answers[vignette_id] = chosen
        return True

    def advance(self) -> None:
        self.position = min(self.position + 1, len(self.order))

    def score(self, expected: Mapping[str, str]) -> Score:
        """Right answers among those given, by the expected outcome of each vignette id."""
        right = sum(1 for vid, chosen in self.answers.items() if expected.get(vid) == chosen)
        return Score(right=right, answered=len(self.answers), total=len(self.order))


def outcome_titles(pathway: Pathway) -> dict[str, str]:
    """The answer options: every outcome's title, in the pathway file's order."""
    return {oid: outcome.title for oid, outcome in pathway.outcomes.items()}
