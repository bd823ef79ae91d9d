"""What a learner reads names things in words: labels, never field keys, row ids or outcome ids."""

from __future__ import annotations

import json
import re

import pytest

from tests.apptest_helpers import open_page
from vcf_logic.evidence import default_evidence
from vcf_logic.pathway import PATHWAY_FILE, default_pathway
from vcf_logic.scenario import SCENARIO_FIELDS, CaseError, validate_case
from vcf_logic.scenario_files import MAX_FILE_BYTES, ScenarioFileError, parse_scenario_file
from vcf_logic.walker_state import LinkError, decode
from vcf_logic.wording import escape_markdown
from vcf_ui.page_registry import LAB, WALKER

PATHWAY = default_pathway()


def link_error(params: dict[str, str]) -> str:
    with pytest.raises(LinkError) as caught:
        decode(PATHWAY, params)
    return str(caught.value)


@pytest.mark.parametrize(("params", "words"), [
    ({"nd": "maybe"}, "Neurological deficit"),
    ({"nd": "n", "cc": "n", "pain": "eleven"}, "Pain score (0–10): 'eleven' is not a number."),
    ({"nd": "n", "cc": "n", "pain": "30"}, "Pain score (0–10): must be between 0 and 10"),
])
def test_a_refused_link_names_the_fields_label_not_its_key(params, words):
    message = link_error(params)
    assert words in message
    assert not re.search(r"\b(nd|pain|neuro_deficit|pain_score)\b", message.replace("Pain score", ""))


@pytest.mark.parametrize("case", [{"age_years": 300}, {"neuro_deficit_hours": 5}, {"malignancy": "maybe"}])
def test_a_refused_case_reads_as_a_sentence_in_labels(case):
    with pytest.raises(CaseError) as caught:
        validate_case(case)
    sentence = caught.value.sentence
    assert sentence.startswith(SCENARIO_FIELDS[next(iter(case))].form_label) and sentence.endswith(".")
    assert not any(name in sentence for name in SCENARIO_FIELDS), sentence


def test_an_uploaded_files_problem_reads_in_labels():
    with pytest.raises(ScenarioFileError) as caught:
        parse_scenario_file(json.dumps({"age_years": 300}).encode())
    assert caught.value.sentence == "Age (years): must be between 0 and 120 years, got 300."


def test_the_upload_limit_is_stated_once_by_the_widget_and_matches_the_parser():
    at = open_page(LAB)
    uploader = at.get("file_uploader")[0].proto
    assert "KB" not in uploader.label and "MB" not in uploader.label
    assert uploader.max_upload_size_mb * 1024 * 1024 == MAX_FILE_BYTES


def test_reference_labels_are_unique_and_name_the_summarys_number_as_its_own():
    evidence = default_evidence()
    labels = [evidence.citation_label(r) for r in evidence.references.index]
    assert len(set(labels)) == len(labels)
    assert not any(re.match(r"\[\d", label) for label in labels), "a bare [n] would number two papers alike"
    assert evidence.citation_label("Black1996").endswith("(summary's ref. 4)")
    assert "[2]" not in evidence.citation_label("Secondary2")


def test_the_outcome_card_shows_no_outcome_id():
    at = open_page(WALKER, nd="y", cc="n", mal="none")
    shown = " ".join(e.value for e in [*at.markdown, *at.caption, *at.success, *at.info])
    assert "Outcome id" not in shown
    outcome_ids = set(PATHWAY.outcomes)
    assert not any(re.search(rf"\b{i}\b", shown) for i in outcome_ids)


def test_answer_options_and_link_labels_from_the_data_are_shown_as_written(tmp_path, monkeypatch):
    """A data file's `[text](url)`, `:red[...]` or `$x$` is shown as written, never as a link or markup."""
    hostile = "[web](http://evil.example) :red[x] $x$"
    text = PATHWAY_FILE.read_text(encoding="utf-8")
    assert 'label: "Neither: neurologically intact, no cord compression"' in text
    draft = tmp_path / "pathway.yaml"
    draft.write_text(text.replace('label: "Neither: neurologically intact, no cord compression"',
                                  f'label: "Neither {hostile}"', 1), encoding="utf-8")
    monkeypatch.setenv("VCF_PATHWAY_FILE", str(draft))
    at = open_page(WALKER)
    shown = at.radio(key="q_neuro_emergency").options
    assert escape_markdown(f"Neither {hostile}") in shown
    assert not any("](http" in option for option in shown)
