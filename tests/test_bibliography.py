"""Citation text and reference search read the shipped evidence file as a learner sees it."""

import pandas as pd

from vcf_logic.bibliography import (
    bibliography,
    escape_markdown,
    figure_line,
    full_citation,
    matching,
    what_rests_on,
)
from vcf_logic.evidence import citing_entries, load_evidence

EVIDENCE = load_evidence()


def test_full_citation_with_identifiers():
    text = full_citation(EVIDENCE.references.loc["Black1996"])
    assert text.startswith("Black DM, Cummings SR, Karpf DB")
    assert "Lancet 1996;348(9041):1535" in text and "PMID 8950879." in text


def test_full_citation_never_prints_missing_values():
    for _, ref in EVIDENCE.references.iterrows():
        text = full_citation(ref)
        assert "nan" not in text.split() and "PMID nan" not in text and "DOI None" not in text
        assert ".." not in text.replace("...", ""), text


def test_an_unidentified_source_has_no_invented_year():
    ref = EVIDENCE.references.loc["Secondary2"]
    assert ref["identification"] == "unidentified" and pd.isna(ref["year"])
    assert full_citation(ref).endswith("Unidentified (year unknown).")
    assert "Lancet 1996;" in full_citation(EVIDENCE.references.loc["Black1996"])  # a whole year, not 1996.0


def test_search_needs_every_word():
    """The References page's search box: `matching` over the page's bibliography entries."""
    entries = bibliography(EVIDENCE)
    found = [e.ref_id for e in matching(entries, "sham vertebroplasty")]
    assert "Buchbinder2009" in found and "Black1996" not in found
    assert "Buchbinder2009" in [e.ref_id for e in matching(entries, "vertebroplasty")]
    assert len(matching(entries, "")) == len(EVIDENCE.references)
    assert matching(entries, "zzzz-no-such-word") == []


def test_markdown_is_escaped():
    assert escape_markdown("[click](javascript:alert(1)) <b>") == \
        r"\[click\]\(javascript\:alert\(1\)\) \<b\>"



def test_figure_line_states_value_interval_unit_and_status():
    line = figure_line(EVIDENCE.figures.loc["fit_prior_vf_rr"])
    assert "0.53 (0.41 to 0.68) RR" in line and "36 months" in line and line.endswith("[verified]")


def test_what_rests_on_lists_statements_and_figures_of_a_reference():
    text = what_rests_on(EVIDENCE, "Black1996")
    assert "*Statements*" in text and "*Figures*" in text and "*Claims checked*" in text
    assert "new morphometric vertebral fracture" in text
    assert text.count("\n- ") >= len(EVIDENCE.citation_index["Black1996"]["figures"])


def test_bibliography_entries_as_the_references_page_shows_them():
    entries = {e.ref_id: e for e in bibliography(EVIDENCE)}
    assert list(entries) == list(EVIDENCE.references.index)
    black = entries["Black1996"]
    assert black.heading.startswith("**") and "Lancet 1996;348\\(9041\\)" in black.heading
    assert black.cited_count == sum(map(len, citing_entries(EVIDENCE, "Black1996").values())) > 0
    assert black.rests_on == what_rests_on(EVIDENCE, "Black1996")
    assert entries["VPMeta2017"].small_print.startswith(escape_markdown("Identification: probable."))
    assert [e.ref_id for e in matching(entries.values(), "BLACK lancet")][:1] == ["Black1996"]
