"""What one learner did in a session, and the printable Markdown summary of it.

The record lives in the session only (never on disk, never in a link): cases explored in the lab
or opened from the library, quiz answers with right/wrong, and the references behind them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from vcf_logic.bibliography import full_citation
from vcf_logic.evidence import Evidence
from vcf_logic.findings import describe_findings
from vcf_logic.wording import DISCLAIMER

CASES_NOTE = "Every case is invented for teaching or entered by the learner."


@dataclass(frozen=True)
class ExploredCase:
    label: str  # vignette title, file name or "Custom case"
    source: str  # "case library", "scenario file", "scenario lab", "what-if"
    case: Mapping[str, Any]
    outcome: str
    outcome_title: str
    references: tuple[str, ...]
    cautions: tuple[str, ...] = ()  # each caution as one line: title, text and the summary's words


@dataclass(frozen=True)
class AnsweredQuestion:
    vignette_id: str
    title: str
    chosen_title: str
    expected_title: str
    correct: bool
    references: tuple[str, ...]


@dataclass
class SessionRecord:
    cases: list[ExploredCase] = field(default_factory=list)
    answers: list[AnsweredQuestion] = field(default_factory=list)
    quiz_seed: int | None = None
    quiz_total: int | None = None

    def record_case(self, explored: ExploredCase) -> bool:
        """Add a case unless the same findings under the same label are already there. True if added."""
        key = (explored.label, tuple(sorted(explored.case.items())))
        if any((c.label, tuple(sorted(c.case.items()))) == key for c in self.cases):
            return False
        self.cases.append(explored)
        return True

    def record_answer(self, answered: AnsweredQuestion) -> None:
        """Add an answer; the quiz passes only the first answer to each question of a round."""
        self.answers.append(answered)

    @property
    def right(self) -> int:
        return sum(a.correct for a in self.answers)

    def references(self) -> list[str]:
        """Every reference cited by a case or an answer, once each, in order of first citation."""
        cited = [r for c in self.cases for r in c.references] + [r for a in self.answers for r in a.references]
        return list(dict.fromkeys(cited))


_INLINE_SPECIALS = re.compile(r"([\\`*_<>|])")
_LINK_CLOSE = re.compile(r"\]([(\[:])")  # the ']' of '[text](url)', '[text][ref]' or '[ref]: url'


def _md(text: str) -> str:
    """Text from data or a learner as plain Markdown text: one line, no links, HTML or table breaks.

    Only what could format is escaped, so '[1] ACR 2018' stays readable in the raw file.
    """
    text = _INLINE_SPECIALS.sub(r"\\\1", " ".join(str(text).split()))
    text = _LINK_CLOSE.sub(r"\\]\1", text)
    return "\\" + text if text.startswith(("#", "-", "+", ">")) else text


def _score_line(record: SessionRecord) -> str:
    answered = len(record.answers)
    if not answered:
        return "No quiz questions answered in this session."
    percent = round(100 * record.right / answered)
    line = f"**{record.right} of {answered} right ({percent}%)**"
    if record.quiz_total:
        line += f" — {answered} of {record.quiz_total} questions answered"
    if record.quiz_seed is not None:
        line += f"; question order seed {record.quiz_seed}"
    return line + "."


def _answers_section(record: SessionRecord) -> list[str]:
    if not record.answers:
        return []
    lines = ["## Quiz answers", "", "| # | Vignette | Your answer | Pathway's answer | Result |",
             "|---|---|---|---|---|"]
    for number, a in enumerate(record.answers, 1):
        result = "✓ right" if a.correct else "✗ wrong"
        lines.append(f"| {number} | {_md(a.title)} | {_md(a.chosen_title)} | {_md(a.expected_title)} | {result} |")
    return [*lines, ""]


def _cases_section(record: SessionRecord, evidence: Evidence) -> list[str]:
    lines = ["## Cases explored", ""]
    if not record.cases:
        return [*lines, "No cases explored in this session.", ""]
    for number, c in enumerate(record.cases, 1):
        refs = ", ".join(evidence.citation_label(r) for r in c.references)
        lines += [f"### {number}. {_md(c.label)} ({_md(c.source)})", "",
                  f"- **Outcome:** {_md(c.outcome_title)}",
                  f"- **Findings:** {_md('; '.join(describe_findings(c.case)))}"]
        lines += [f"- **Caution:** {_md(caution)}" for caution in c.cautions]
        if refs:
            lines.append(f"- **References:** {_md(refs)}")
        lines.append("")
    return lines


def _citation(evidence: Evidence, ref_id: str) -> str:
    """The full citation, with empty cells left out (pandas reads a missing PMID as NaN, not None)."""
    row = {key: value for key, value in evidence.references.loc[ref_id].items() if not pd.isna(value)}
    row["authors"] = row["authors"].rstrip(".")  # 'et al.' would otherwise end in '..'
    return full_citation(row)


def _references_section(ref_ids: Iterable[str], evidence: Evidence) -> list[str]:
    """The summary's numbered references [1]-[8] first, by number; the others in order of first citation."""
    numbers = evidence.references["summary_number"]
    ref_ids = sorted(ref_ids, key=lambda r: (pd.isna(numbers[r]), 0 if pd.isna(numbers[r]) else numbers[r]))
    if not ref_ids:
        return []
    lines = ["## References cited", ""]
    for number, ref_id in enumerate(ref_ids, 1):
        lines.append(f"{number}. {_md(evidence.citation_label(ref_id))} — {_md(_citation(evidence, ref_id))}")
    return [*lines, ""]


def build_report(record: SessionRecord, evidence: Evidence, generated: dt.datetime) -> str:
    """The session summary as Markdown: headings, one table, short lists; prints on A4 without wide lines."""
    lines = ["# Session summary: vertebral compression fractures", "",
             f"Generated {generated:%d %B %Y, %H:%M}. {DISCLAIMER} {CASES_NOTE}", "",
             "## Quiz score", "", _score_line(record), "",
             *_answers_section(record),
             *_cases_section(record, evidence),
             *_references_section(record.references(), evidence)]
    return "\n".join(lines).rstrip() + "\n"


def report_filename(generated: dt.datetime) -> str:
    return f"vcf_session_summary_{generated:%Y%m%d_%H%M}.md"
