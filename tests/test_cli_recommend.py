"""`python -m vcf_logic recommend CASE.json | -`: JSON on stdout; exit 2 and the field on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def test_a_case_file_prints_the_recommendation(vcf_cli, tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"age_years": 76, "pain_score": 8, "weeks_of_conservative_care": 14,
                                "mri_edema": True, "title": "ignored annotation"}), encoding="utf-8")
    result = vcf_cli("recommend", path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["outcome"] == "vertebral_augmentation"
    assert data["title"].startswith("Consider vertebral augmentation")
    assert data["actions"] and data["reasons"] and data["references"][0] == "ACR2018"
    assert data["summary_references"][0] == 1
    assert "criteria" not in data


def test_standard_input_and_the_decompression_verdict(vcf_cli):
    case = {"malignancy": "known", "neuro_deficit": True, "neuro_deficit_hours": 72, "cord_compression": True,
            "compression_levels": 1, "age_years": 61, "predicted_survival_months": 8}
    result = vcf_cli("recommend", "-", stdin=json.dumps(case))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["outcome"] == "pathologic_neuro"
    assert data["criteria"]["met"] is False
    assert data["criteria"]["verdict"] == "not a candidate for decompressive surgery by these criteria"
    failed = [c["criterion"] for c in data["criteria"]["items"] if c["met"] is False]
    assert failed == ["Neurological deficit for less than 48 hours"]


def test_an_invalid_field_exits_2_naming_it(vcf_cli):
    result = vcf_cli("recommend", "-", stdin='{"pain_score": 12}')
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip() == "standard input: field 'pain_score': must be between 0 and 10, got 12"


def test_bad_json_exits_2_with_its_location(vcf_cli, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"pain_score": 8,\n}', encoding="utf-8")
    result = vcf_cli("recommend", path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"{path}: not valid JSON:") and "line 2" in result.stderr


def test_nan_and_repeated_fields_are_refused(vcf_cli):
    assert vcf_cli("recommend", "-", stdin='{"pain_score": NaN}').returncode == 2
    repeated = vcf_cli("recommend", "-", stdin='{"neuro_deficit": true, "neuro_deficit": false}')
    assert repeated.returncode == 2 and "field 'neuro_deficit': given twice" in repeated.stderr


def test_a_missing_file_or_a_non_object_exits_2(vcf_cli):
    missing = vcf_cli("recommend", "/no/such/case.json")
    assert missing.returncode == 2 and missing.stderr.startswith("/no/such/case.json: cannot read:")
    listed = vcf_cli("recommend", "-", stdin="[1, 2]")
    assert listed.returncode == 2 and "field '(case)'" in listed.stderr


def test_a_missing_case_argument_is_a_usage_error(vcf_cli, capsys):
    with pytest.raises(SystemExit) as exited:
        vcf_cli("recommend")
    assert exited.value.code == 2
    assert "the following arguments are required: case" in capsys.readouterr().err


# --- hostile input (issue 15, failure 6): bounded, one clean line, exit 2, nothing echoed raw --------------

def _cli(args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """A real process: closed stdin, /dev/full and /dev/zero are what a shell gives it."""
    return subprocess.run(f"{sys.executable} -m vcf_logic {args}", shell=True, input=stdin, capture_output=True,
                          text=True, timeout=60, cwd=Path(__file__).resolve().parent.parent)


@pytest.mark.parametrize(("args", "stdin", "words"), [
    ("recommend - <&-", None, "standard input is closed"),
    ("recommend /dev/zero", None, "larger than 1,000 kB"),
    ("recommend -", "[" * 1000 + "]" * 1000, "nested too deeply"),
    ("recommend -", '{"pain_score": ' + "9" * 5000 + "}", "a number with thousands of digits"),
    ("recommend -", '{"\\u001b[31mred": 1}', "field '?[31mred'"),
    ("recommend - > /dev/full", '{"pain_score": 3}', "cannot write the result"),
])
def test_hostile_input_ends_in_one_clean_line_and_exit_2(args, stdin, words):
    result = _cli(args, stdin)
    assert result.returncode == 2, result
    assert words in result.stderr and "Traceback" not in result.stderr and "\x1b" not in result.stderr
    assert result.stderr.count("\n") == 1 and "set_int_max_str_digits" not in result.stderr


def test_check_on_a_file_linked_to_dev_zero_is_a_located_problem(tmp_path):
    link = tmp_path / "evidence.yaml"
    link.symlink_to("/dev/zero")
    result = _cli(f"check {link}")
    assert result.returncode == 1 and "larger than" in result.stderr and "Traceback" not in result.stderr
