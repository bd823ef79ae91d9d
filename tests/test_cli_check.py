"""`python -m vcf_logic check` is the clinicians' tool: exit 0 on a good file, 1 and located messages on a bad one."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.evidence_fixture import minimal_evidence
from vcf_logic.case_library import CASES_FILE

APP_ROOT = Path(__file__).resolve().parent.parent


def test_the_command_runs_from_a_shell():
    """The one real `python -m vcf_logic` run: the entry point, its imports and its exit code."""
    result = subprocess.run([sys.executable, "-m", "vcf_logic", "check"], cwd=APP_ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "evidence.yaml: OK" in result.stdout


def test_shipped_data_files_pass(vcf_cli):
    result = vcf_cli("check")
    assert result.returncode == 0, result.stderr
    assert [line.split(": OK")[0].rsplit("/", 1)[-1] for line in result.stdout.splitlines()] == \
        ["evidence.yaml", "pathway.yaml", "cases.yaml"]


def test_dangling_reference_fails_naming_entry_and_field(vcf_cli, tmp_path):
    raw = minimal_evidence()
    raw["statements"][0]["references"] = ["ACR2018", "ACR2022"]
    path = tmp_path / "evidence.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    result = vcf_cli("check", path)
    assert result.returncode == 1
    assert f"{path}: entry 'statements/headline', field 'references': cites unknown reference 'ACR2022'" \
        in result.stderr


def test_unknown_kind_of_file_is_refused(vcf_cli, tmp_path):
    path = tmp_path / "notes.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    result = vcf_cli("check", path)
    assert result.returncode == 1 and "unknown kind of data file" in result.stderr


def test_a_row_the_charts_cannot_draw_fails_the_check(vcf_cli, tmp_path):
    text = (APP_ROOT / "data" / "evidence.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: fit_prior_vf_placebo_new_vf_pct\n")
    end = text.index("  - id:", start + 10)
    path = tmp_path / "evidence.yaml"
    path.write_text(text[:start] + text[start:end].replace('unit: "%"', 'unit: "percent"', 1) + text[end:],
                    encoding="utf-8")
    result = vcf_cli("check", path)
    assert result.returncode == 1
    assert f"{path}: entry 'figures/fit_prior_vf_placebo_new_vf_pct', field 'unit': charted as a risk" \
        in result.stderr


def test_checking_the_pathway_reads_the_case_library_named_in_vcf_cases_file(vcf_cli, tmp_path, monkeypatch):
    cases = tmp_path / "cases.yaml"
    cases.write_text(CASES_FILE.read_text(encoding="utf-8").replace(
        "expected_outcome: malignancy_workup", "expected_outcome: conservative_care"), encoding="utf-8")
    monkeypatch.setenv("VCF_CASES_FILE", str(cases))
    result = vcf_cli("check", APP_ROOT / "data" / "pathway.yaml")
    assert result.returncode == 1 and result.stdout == ""
    assert f"{cases}: entry 'cases/suspected_malignancy', field 'expected_outcome'" in result.stderr
    assert "as edited)" in result.stderr


def test_no_command_or_an_unknown_one_is_a_usage_error(vcf_cli, capsys):
    for argv in ((), ("chek",)):
        with pytest.raises(SystemExit) as exited:
            vcf_cli(*argv)
        assert exited.value.code == 2
        assert "usage: python -m vcf_logic" in capsys.readouterr().err


def test_a_forest_plot_row_without_its_sign_direction_is_refused(vcf_cli, tmp_path):
    """Every row a forest plot draws must say which arm a positive value favours (issue 12: one sign convention)."""
    raw = yaml.safe_load((APP_ROOT / "data" / "evidence.yaml").read_text(encoding="utf-8"))
    row = next(f for f in raw["figures"] if f["id"] == "knopp_sihota_md_wk1")
    del row["positive_favours"]
    path = tmp_path / "evidence.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    result = vcf_cli("check", path)
    assert result.returncode == 1
    assert "entry 'figures/knopp_sihota_md_wk1', field 'positive_favours'" in result.stderr
