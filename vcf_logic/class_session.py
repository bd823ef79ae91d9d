"""Live class sessions without Streamlit: what the room is asked, join codes, secrets, names, results.

A teacher runs one vignette of the case library as a class: the room answers the walker's questions along
the vignette's path, then which outcome the pathway reaches, then whether they would follow it. Every
question, option and right answer comes from the pathway and the case library; nothing clinical is
written here. Storage lives in `vcf_logic.class_store`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import secrets
import time
import unicodedata
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from vcf_logic.case_library import CaseLibrary
from vcf_logic.pathway import Pathway, walk
from vcf_logic.walker_state import chosen_option
from vcf_logic.wording import escape_markdown, spreadsheet_safe

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read off a projector
CODE_LENGTH = 6
NAME_MAX = 40
CONFIDENCE_LEVELS = (1, 2, 3, 4, 5)
CONFIDENCE_WORDS = {1: "1 · guessing", 2: "2", 3: "3 · fairly sure", 4: "4", 5: "5 · certain"}

# Question states, in the order a question goes through them.
READY, OPEN, CLOSED, REVEALED = "ready", "open", "closed", "revealed"
QUESTION_STATES = (READY, OPEN, CLOSED, REVEALED)

WALKER, QUIZ, OUTCOME = "walker", "quiz", "outcome"
KIND_LABELS = {WALKER: "Walker question", QUIZ: "Which outcome?", OUTCOME: "What would you do?"}
# The "what would you do" poll: the room's stance on the pathway's plan. An opinion, so no right answer.
STANCE_OPTIONS = ("Follow this plan", "Not yet: I need more information first", "A different plan")

_CODE_TEXT = re.compile(rf"[A-Za-z0-9]{{{CODE_LENGTH}}}")
_TOKEN_TEXT = re.compile(r"[A-Za-z0-9_-]{16,64}")
_KEY_TEXT = re.compile(r"(walker|quiz|outcome):[a-z][a-z0-9_]{0,59}(:[a-z][a-z0-9_]{0,59})?")


class ClassError(ValueError):
    """A request the class rules refuse; its message is written for the person who made it."""


# --- codes, secrets, names -----------------------------------------------------------------------

def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: object) -> str | None:
    """A join code as typed (any case, spaces or a dash inside), or None when it cannot be one."""
    if not isinstance(text, str):
        return None
    compact = re.sub(r"[\s-]", "", text)[: CODE_LENGTH + 2].upper()
    if not _CODE_TEXT.fullmatch(compact) or any(c not in CODE_ALPHABET for c in compact):
        return None
    return compact


def new_secret() -> str:
    """The teacher's key (and a student's): 32 random bytes, URL-safe."""
    return secrets.token_urlsafe(32)


def parse_token(text: object) -> str | None:
    """A secret from a query string, or None when it cannot be one of ours."""
    return text if isinstance(text, str) and _TOKEN_TEXT.fullmatch(text) else None


def digest(secret: str) -> str:
    """What the database keeps of a secret: its SHA-256, so a copy of the database opens no session."""
    return hashlib.sha256(secret.encode()).hexdigest()


def clean_display_name(text: object) -> str | None:
    """An optional display name: printable, single-line, at most NAME_MAX characters; None when empty."""
    if not isinstance(text, str):
        return None
    kept = "".join(c if unicodedata.category(c)[0] not in "CZ" else " " for c in text)
    kept = " ".join(kept.split())[:NAME_MAX]
    return kept or None


# --- what the room is asked ----------------------------------------------------------------------

@dataclass(frozen=True)
class ClassQuestion:
    """One question put to the room. `correct` is None for an opinion poll. Texts are from the data files."""

    key: str
    kind: str
    vignette_id: str
    heading: str
    story: str
    prompt: str
    hint: str
    options: tuple[str, ...]
    short_options: tuple[str, ...]  # the chart's axis labels
    correct: int | None
    discussion: tuple[str, ...] = ()  # the walker's reasons: shown to the room after the reveal
    evidence_topics: tuple[str, ...] = ()
    walker_answers: Mapping[str, object] = field(default_factory=dict)  # the walk up to here, for a walker link

    @property
    def correct_text(self) -> str | None:
        return None if self.correct is None else self.options[self.correct]


def case_plan(pathway: Pathway, library: CaseLibrary, vignette_id: str) -> list[ClassQuestion]:
    """The questions of one vignette, in the order a class meets them.

    The walker's questions along the vignette's path that have answer options (a number asked for is left
    out: the room picks among options), then which outcome the pathway reaches, then the room's stance.
    """
    vignette = library.get(vignette_id)
    if vignette is None:
        raise ClassError(f"There is no case '{vignette_id[:60]}' in the case library.")
    route = walk(pathway, vignette.case)
    plan: list[ClassQuestion] = []
    answered: dict[str, object] = {}
    for step in route.steps:
        question = pathway.questions[step.node]
        index = chosen_option(question, vignette.case)
        if question.options and index is not None:
            labels = tuple(pathway.fill(o.label) for o in question.options)
            plan.append(ClassQuestion(
                key=f"{WALKER}:{vignette.id}:{question.id}", kind=WALKER, vignette_id=vignette.id,
                heading=question.label, story=vignette.story, prompt=pathway.fill(question.question),
                hint=pathway.fill(question.hint), options=labels, short_options=labels, correct=index,
                discussion=(step.reason, pathway.fill(question.why)), walker_answers=dict(answered)))
        answered.update({f: vignette.case[f] for f in question.fields if f in vignette.case})
    outcomes = list(pathway.outcomes.values())
    reached = pathway.outcomes[vignette.expected_outcome]
    plan.append(ClassQuestion(
        key=f"{QUIZ}:{vignette.id}", kind=QUIZ, vignette_id=vignette.id, heading="Where does the pathway lead?",
        story=vignette.story, prompt="Choose the next step on the pathway for this patient.", hint="",
        options=tuple(o.title for o in outcomes), short_options=tuple(o.label for o in outcomes),
        correct=[o.id for o in outcomes].index(reached.id),
        discussion=(vignette.teaching_point, pathway.fill(reached.summary)),
        evidence_topics=tuple(reached.evidence_topics), walker_answers=dict(answered)))
    plan.append(ClassQuestion(
        key=f"{OUTCOME}:{vignette.id}", kind=OUTCOME, vignette_id=vignette.id, heading="What would you do?",
        story=vignette.story, prompt=f"The pathway reaches: {reached.title}. What would you do for this patient?",
        hint="There is no right answer here: say what you would do, then discuss.",
        options=STANCE_OPTIONS, short_options=("Follow", "More information", "Different plan"), correct=None,
        discussion=tuple(pathway.fill(a.text) for a in reached.actions if a.when is None),
        evidence_topics=tuple(reached.evidence_topics), walker_answers=dict(answered)))
    return plan


def question_for_key(pathway: Pathway, library: CaseLibrary, key: str) -> ClassQuestion:
    """The question a stored key names; ClassError when the case library no longer has it."""
    if not isinstance(key, str) or not _KEY_TEXT.fullmatch(key):
        raise ClassError("This question is not one of the app's.")
    vignette_id = key.split(":")[1]
    for question in case_plan(pathway, library, vignette_id):
        if question.key == key:
            return question
    raise ClassError("This question is no longer in the case library.")


# --- rate limit for join codes -------------------------------------------------------------------

class JoinLimiter:
    """Wrong join codes allowed per client in a sliding window; thread-safe enough for Streamlit's threads.

    Codes are 6 characters from 31 (about 9 × 10^8 codes) and live 24 h; at `limit` wrong tries a minute a
    guesser finds a class in about 10^6 hours. Keys are a browser session and, where known, an address;
    a lecture hall behind one NAT address shares the address allowance, hence its higher limit.
    """

    def __init__(self, limit: int = 5, window_s: float = 60.0, clock=time.monotonic):
        self.limit = limit
        self.window_s = window_s
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, key: str) -> deque[float]:
        failures = self._failures.setdefault(key, deque())
        cutoff = self.clock() - self.window_s
        while failures and failures[0] <= cutoff:
            failures.popleft()
        return failures

    def wait_seconds(self, key: str) -> float:
        """0 when this client may try a code now; else how long until it may."""
        failures = self._recent(key)
        if len(failures) < self.limit:
            return 0.0
        return max(0.0, failures[0] + self.window_s - self.clock())

    def failed(self, key: str) -> None:
        self._recent(key).append(self.clock())
        if len(self._failures) > 10_000:  # forget quiet clients; bounded memory under a flood
            for stale in [k for k, v in self._failures.items() if not v][:5_000]:
                del self._failures[stale]


# --- results -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StoredAnswer:
    student: str  # the student's digest: never shown
    option: int
    confidence: int
    name: str | None = None


@dataclass(frozen=True)
class QuestionResult:
    """The room's answers to one question: counts and mean confidence per option, share correct."""

    question: ClassQuestion
    counts: tuple[int, ...]
    mean_confidence: tuple[float | None, ...]
    answered: int
    share_correct: float | None
    mean_confidence_all: float | None
    mean_confidence_right: float | None
    mean_confidence_wrong: float | None


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None


def summarise(question: ClassQuestion, answers: Iterable[StoredAnswer]) -> QuestionResult:
    answers = [a for a in answers if 0 <= a.option < len(question.options)]
    by_option = [[a.confidence for a in answers if a.option == i] for i in range(len(question.options))]
    right = [a.confidence for a in answers if question.correct is not None and a.option == question.correct]
    wrong = [a.confidence for a in answers if question.correct is not None and a.option != question.correct]
    return QuestionResult(
        question=question, counts=tuple(len(c) for c in by_option),
        mean_confidence=tuple(_mean(c) for c in by_option), answered=len(answers),
        share_correct=(len(right) / len(answers) if answers and question.correct is not None else None),
        mean_confidence_all=_mean([a.confidence for a in answers]),
        mean_confidence_right=_mean(right) if question.correct is not None else None,
        mean_confidence_wrong=_mean(wrong) if question.correct is not None else None)


def _number(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f} %"


RESULT_COLUMNS = ("position", "question", "kind", "option", "right_answer", "answers", "share_of_answers",
                  "mean_confidence", "question_share_correct", "question_mean_confidence")


def results_csv(results: Sequence[QuestionResult]) -> str:
    """One row per question and option: counts, shares, mean confidence; the question's share correct."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RESULT_COLUMNS)
    for position, result in enumerate(results, start=1):
        q = result.question
        for i, option in enumerate(q.options):
            share = result.counts[i] / result.answered if result.answered else None
            writer.writerow([position, spreadsheet_safe(q.heading), q.kind, spreadsheet_safe(option),
                             "" if q.correct is None else ("yes" if i == q.correct else "no"),
                             result.counts[i], _number(share, 3), _number(result.mean_confidence[i], 2),
                             _number(result.share_correct, 3), _number(result.mean_confidence_all, 2)])
    return out.getvalue()


def results_markdown(title: str, results: Sequence[QuestionResult],
                     names: Mapping[str, Mapping[int, str]] | None = None) -> str:
    """The class's results as Markdown: per question the distribution, share correct and mean confidence.

    `names` (display name → question position → chosen option) is added only when the class kept names.
    """
    lines = [f"# {escape_markdown(title)}", "",
             "Answers of a live class session. Teaching material only; no patient data.", ""]
    for position, result in enumerate(results, start=1):
        q = result.question
        lines += [f"## {position}. {escape_markdown(q.heading)}", "", escape_markdown(q.prompt), "",
                  f"Answers: {result.answered}. Share correct: {_percent(result.share_correct)}. "
                  f"Mean confidence: {_number(result.mean_confidence_all) or '–'} of 5"
                  + (f" (right {_number(result.mean_confidence_right) or '–'}, "
                     f"wrong {_number(result.mean_confidence_wrong) or '–'})" if q.correct is not None else "")
                  + ".", "",
                  "| option | answers | mean confidence |", "|---|---|---|"]
        for i, option in enumerate(q.options):
            mark = " ✓" if i == q.correct else ""
            lines.append(f"| {escape_markdown(option)}{mark} | {result.counts[i]} | "
                         f"{_number(result.mean_confidence[i]) or '–'} |")
        lines.append("")
    if names:
        lines += ["## Answers by name", "", "| name | " + " | ".join(str(i) for i in range(1, len(results) + 1))
                  + " |", "|---|" + "---|" * len(results)]
        for name, chosen in sorted(names.items()):
            cells = [escape_markdown(results[p - 1].question.short_options[chosen[p]]) if p in chosen else "–"
                     for p in range(1, len(results) + 1)]
            lines.append(f"| {escape_markdown(name)} | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)
