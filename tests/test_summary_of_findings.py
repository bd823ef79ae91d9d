"""Summary-of-findings tables: per-outcome rows from the data file, absolute effects per 100 or per 1000."""

import pytest

from tests.apptest_helpers import open_page
from vcf_logic import summary_of_findings as sof
from vcf_logic.evidence import load_evidence
from vcf_ui.page_registry import EXPLORER

EVIDENCE = load_evidence()


def table(name: str, denominator: int = 100):
    return sof.sof_table(EVIDENCE.findings, EVIDENCE.figures, EVIDENCE.references, name, denominator)


def test_alendronate_row_reads_its_numbers_from_the_figure_rows():
    row = table("alendronate").iloc[0]
    assert row["relative_effect"] == "RR 0.53 (0.41 to 0.68)"
    assert row["without_per_100"] == "15.0 per 100" and row["with_per_100"] == "8.0 per 100"
    assert row["absolute_effect"].startswith("7.0 fewer per 100 (NNT 15 over 36 months")
    assert "morphometric" in row["definition"] and "36 months" in row["definition"]
    assert "per patient" in row["definition"]


def test_per_1000_follows_the_same_rows():
    row = table("alendronate", 1000).iloc[0]
    assert row["without_per_1000"] == "150 per 1000" and row["absolute_effect"].startswith("70 fewer per 1000")


def test_certainty_is_only_shown_as_a_published_source_rated_it():
    findings = EVIDENCE.findings
    rated = findings[findings["certainty"] != "not rated"]
    assert set(rated["certainty_source"]) <= set(EVIDENCE.references.index)
    sham = table("vp_vs_sham")
    assert sham["certainty"].str.contains("rated by Cochrane 2018").all()
    assert (table("second_fracture_prevention")["certainty"] == "not rated").all()


def test_every_declared_table_is_listed_even_when_it_has_no_finding():
    assert sof.tables(EVIDENCE.findings)[: len(sof.SOF_TABLES)] == list(sof.SOF_TABLES)
    assert table("bracing").empty


@pytest.mark.parametrize("view", ["summary_of_findings", "second_fracture", "alendronate"])
def test_the_toggle_switches_every_table_of_the_view_to_per_1000(view):
    at = open_page(EXPLORER, view=view)
    assert at.segmented_control(key="denominator").value == 100
    before = [d.value.columns.tolist() for d in at.dataframe]
    assert any(any(c.endswith("_per_100") for c in cols) for cols in before)
    at.segmented_control(key="denominator").set_value(1000).run()
    assert not at.exception
    after = [d.value.columns.tolist() for d in at.dataframe]
    assert not any(c.endswith("_per_100") for cols in after for c in cols)
    assert any(c.endswith("_per_1000") for cols in after for c in cols)


def test_the_choice_carries_to_the_other_view():
    at = open_page(EXPLORER, view="summary_of_findings")
    at.segmented_control(key="denominator").set_value(1000).run()
    at.segmented_control(key="evidence_view").set_value("second_fracture").run()
    assert not at.exception
    assert at.segmented_control(key="denominator").value == 1000
    assert at.get_by_key("second_fracture_per_1000") is not None
    assert any("Vertebral fractures after stopping denosumab" in m.value for m in at.markdown)


def test_the_certainty_panel_gives_each_findings_reason_and_plain_words_when_opened():
    closed = open_page(EXPLORER, view="summary_of_findings")
    assert not any("certainty high to moderate" in m.value for m in closed.markdown)  # a closed panel sends nothing
    closed.session_state["sof_vp_vs_sham_notes"] = True  # what the reader's click on the panel sets
    opened = closed.run()
    notes = next(m.value for m in opened.markdown if "certainty high to moderate" in m.value)
    for row in table("vp_vs_sham").itertuples():
        assert row.plain_language.split()[0] in notes
    assert opened.get("download_button")
