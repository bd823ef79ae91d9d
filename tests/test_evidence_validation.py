"""The evidence file is validated at load, and every fault names file, entry and field."""

import pytest
import yaml

from tests.evidence_fixture import minimal_evidence
from vcf_logic.data_files import DataFileError
from vcf_logic.evidence import EVIDENCE_FILE, load_evidence, validate_evidence


def problems_of(raw: dict) -> list[str]:
    with pytest.raises(DataFileError) as caught:
        validate_evidence(raw, "evidence-test.yaml")
    return [str(p) for p in caught.value.problems]


def test_minimal_file_is_valid_and_yields_frames():
    evidence = validate_evidence(minimal_evidence())
    assert list(evidence.figures.index) == ["fit_placebo", "fit_rr"]
    assert evidence.figures.loc["fit_rr", "ci_high"] == 0.68
    assert evidence.citation_label("Black1996") == "Black 1996 (FIT) (summary's ref. 4)"


def test_shipped_evidence_file_is_valid():
    evidence = load_evidence(EVIDENCE_FILE)
    assert len(evidence.references) >= 8
    assert {1, 2, 3, 4, 5, 6, 7, 8} <= set(evidence.references["summary_number"].dropna().astype(int))


def test_percentage_out_of_range_names_entry_and_field():
    raw = minimal_evidence()
    raw["figures"][0]["value"] = 115
    assert problems_of(raw) == [
        "evidence-test.yaml: entry 'figures/fit_placebo', field 'value': "
        "a percentage must lie between 0 and 100"
    ]


def test_negative_n_is_refused():
    raw = minimal_evidence()
    raw["figures"][1]["n"] = -3
    [problem] = problems_of(raw)
    assert "entry 'figures/fit_rr', field 'n'" in problem and "greater than or equal to 0" in problem


def test_dangling_reference_is_named():
    raw = minimal_evidence()
    raw["figures"][0]["reference"] = "Black1997"
    found = problems_of(raw)
    assert "evidence-test.yaml: entry 'figures/fit_placebo', field 'reference': " \
           "cites unknown reference 'Black1997'" in found


def test_orphan_reference_is_reported():
    raw = minimal_evidence()
    raw["statements"][0]["references"] = ["Black1996"]
    assert problems_of(raw) == [
        "evidence-test.yaml: entry 'references/ACR2018', field 'id': "
        "orphan reference: no statement, figure, stance, notice or claim cites it"
    ]


def test_duplicate_ids_are_reported():
    raw = minimal_evidence()
    raw["figures"][1]["id"] = "fit_placebo"
    assert any("entry 'figures/fit_placebo', field 'id': this id is used more than once" in p
               for p in problems_of(raw))


def test_value_outside_its_interval_is_refused():
    raw = minimal_evidence()
    raw["figures"][1]["value"] = 0.9
    [problem] = problems_of(raw)
    assert "entry 'figures/fit_rr', field 'ci_low/ci_high'" in problem


def test_unverified_status_needs_a_reason():
    raw = minimal_evidence()
    del raw["figures"][1]["status_reason"]
    [problem] = problems_of(raw)
    assert "entry 'figures/fit_rr', field 'status_reason'" in problem


def test_unknown_status_and_wrong_type_are_named():
    raw = minimal_evidence()
    raw["figures"][0]["status"] = "probably fine"
    raw["figures"][1]["value"] = "about half"
    found = problems_of(raw)
    assert any("'figures/fit_placebo', field 'status'" in p for p in found)
    assert any("'figures/fit_rr', field 'value'" in p for p in found)


def test_unknown_field_is_refused():
    raw = minimal_evidence()
    raw["references"][0]["jornal"] = "Lancet"
    [problem] = problems_of(raw)
    assert "entry 'references/Black1996', field 'jornal'" in problem


def test_bad_identifiers_are_refused():
    raw = minimal_evidence()
    raw["references"][0]["pmid"] = "PMID8950879"
    raw["references"][0]["doi"] = "doi.org/10.1016"
    found = problems_of(raw)
    assert any("field 'pmid'" in p for p in found) and any("field 'doi'" in p for p in found)


def test_yaml_syntax_error_names_the_file_and_line(tmp_path):
    broken = tmp_path / "evidence-broken.yaml"
    broken.write_text("meta:\n  title: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_evidence(broken)
    [problem] = caught.value.problems
    assert problem.file == str(broken) and problem.field == "(syntax)" and problem.entry.startswith("line ")


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(DataFileError, match="file not found"):
        load_evidence(tmp_path / "evidence.yaml")


def test_top_level_list_is_refused(tmp_path):
    path = tmp_path / "evidence.yaml"
    path.write_text(yaml.safe_dump([1, 2]), encoding="utf-8")
    with pytest.raises(DataFileError, match="expected a mapping of sections"):
        load_evidence(path)
