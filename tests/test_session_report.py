"""The session summary: a printable Markdown record of cases, answers, score and full references."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from vcf_logic.case_library import load_case_library
from vcf_logic.engine import recommend
from vcf_logic.evidence import load_evidence
from vcf_logic.session_report import (
    AnsweredQuestion,
    ExploredCase,
    SessionRecord,
    build_report,
    report_filename,
)

EVIDENCE = load_evidence()
LIBRARY = load_case_library()
WHEN = dt.datetime(2026, 11, 25, 14, 30)


def explored(vignette_id: str, label: str | None = None, source: str = "case library") -> ExploredCase:
    vignette = LIBRARY.get(vignette_id)
    rec = recommend(vignette.case)
    return ExploredCase(label or vignette.title, source, vignette.case, rec.outcome, rec.title, rec.references)


def answered(vignette_id: str, chosen_title: str, correct: bool) -> AnsweredQuestion:
    vignette = LIBRARY.get(vignette_id)
    rec = recommend(vignette.case)
    return AnsweredQuestion(vignette_id, vignette.title, chosen_title, rec.title, correct,
                            tuple(dict.fromkeys([*rec.references, *vignette.references])))


@pytest.fixture
def record() -> SessionRecord:
    record = SessionRecord(quiz_seed=4821, quiz_total=19)
    record.record_case(explored("mescc_age_over_65"))
    record.record_answer(answered("severe_pain_at_week_2", "Consider vertebral augmentation", False))
    record.record_answer(answered("suspected_malignancy", "Work up the suspected malignancy first", True))
    return record


def test_report_holds_score_answers_cases_and_references(record):
    report = build_report(record, EVIDENCE, WHEN)
    assert report.startswith("# Session summary: vertebral compression fractures\n")
    assert "Generated 25 November 2026, 14:30." in report
    assert "**1 of 2 right (50%)** — 2 of 19 questions answered; question order seed 4821." in report
    assert "| 1 | Severe pain, two weeks in | Consider vertebral augmentation | Conservative care with bone " \
           "protection | ✗ wrong |" in report
    assert "| 2 | Weight loss and a fracture without a fall |" in report and "✓ right |" in report
    assert "### 1. Cord compression at 74 (case library)" in report
    assert "pathologic_neuro" not in report  # the outcome's title, never its id
    assert "Age: 74 years" in report and "Levels of cord compression: 1 level;" in report


def test_numbered_references_come_first_in_the_summarys_order(record):
    section = build_report(record, EVIDENCE, WHEN).split("## References cited", 1)[1]
    labels = [line.split(" — ")[0].split(". ", 1)[1] for line in section.splitlines() if line[:1].isdigit()]
    numbered = [label for label in labels if "(summary's ref. " in label]
    assert numbered and labels[:len(numbered)] == numbered
    assert numbered == sorted(numbered, key=lambda label: int(re.search(r"ref\. (\d+)", label)[1]))


def test_every_cited_reference_is_listed_once_with_its_full_citation(record):
    report = build_report(record, EVIDENCE, WHEN)
    refs = record.references()
    assert len(refs) == len(set(refs)) and "Patchell2005" in refs and "Chi2009" in refs
    section = report.split("## References cited", 1)[1]
    assert len([line for line in section.splitlines() if line[:1].isdigit()]) == len(refs)
    assert "Lancet 2005" in section and "PMID 16112300" in section
    assert not any(empty in section for empty in ("PMID nan", "DOI nan", ";nan", "None"))


def test_an_empty_session_says_so():
    report = build_report(SessionRecord(), EVIDENCE, WHEN)
    assert "No quiz questions answered in this session." in report
    assert "No cases explored in this session." in report
    assert "## References cited" not in report and "## Quiz answers" not in report


def test_learner_text_cannot_inject_links_html_or_table_cells():
    record = SessionRecord()
    record.record_case(explored("unstable_fracture", label="[click](http://evil.example) <b>x</b> | y\n# z",
                                source="scenario file"))
    report = build_report(record, EVIDENCE, WHEN)
    heading = next(line for line in report.splitlines() if line.startswith("### 1."))
    assert heading == r"### 1. [click\](http://evil.example) \<b\>x\</b\> \| y # z (scenario file)"


def test_citation_labels_stay_readable_in_the_raw_file(record):
    report = build_report(record, EVIDENCE, WHEN)
    assert "1. ACR 2018 (summary's ref. 1) — " in report and "\\[" not in report
    assert "et al.." not in report


def test_the_same_case_is_recorded_once_but_an_edited_one_again():
    record = SessionRecord()
    assert record.record_case(explored("deformity_at_week_4")) is True
    assert record.record_case(explored("deformity_at_week_4")) is False
    edited = explored("deformity_at_week_4")
    edited = ExploredCase(edited.label + " (edited)", "scenario lab", {**edited.case, "pain_score": 8},
                          edited.outcome, edited.outcome_title, edited.references)
    assert record.record_case(edited) is True
    assert len(record.cases) == 2


def test_lines_stay_printable(record):
    """No line of prose runs on for pages (citations and table rows may be long but wrap when printed)."""
    report = build_report(record, EVIDENCE, WHEN)
    assert "\t" not in report and "\r" not in report
    assert all(len(line) < 600 for line in report.splitlines())


def test_report_filename():
    assert report_filename(WHEN) == "vcf_session_summary_20261125_1430.md"
