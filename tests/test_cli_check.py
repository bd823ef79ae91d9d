"""`python -m vcf_logic check` is the clinicians' tool: exit 0 on a good file, 1 and located messages on a bad one."""

import subprocess
import sys
from pathlib import Path

import yaml

from tests.evidence_fixture import minimal_evidence

APP_ROOT = Path(__file__).resolve().parent.parent


def run_check(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vcf_logic", "check", *map(str, files)],
                          cwd=APP_ROOT, capture_output=True, text=True, timeout=60)


def test_shipped_data_files_pass():
    result = run_check()
    assert result.returncode == 0, result.stderr
    assert "evidence.yaml: OK" in result.stdout


def test_dangling_reference_fails_naming_entry_and_field(tmp_path):
    raw = minimal_evidence()
    raw["statements"][0]["references"] = ["ACR2018", "ACR2022"]
    path = tmp_path / "evidence.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    result = run_check(path)
    assert result.returncode == 1
    assert f"{path}: entry 'statements/headline', field 'references': cites unknown reference 'ACR2022'" \
        in result.stderr


def test_unknown_kind_of_file_is_refused(tmp_path):
    path = tmp_path / "notes.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    result = run_check(path)
    assert result.returncode == 1 and "unknown kind of data file" in result.stderr


def test_a_row_the_charts_cannot_draw_fails_the_check(tmp_path):
    text = (APP_ROOT / "data" / "evidence.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: fit_prior_vf_placebo_new_vf_pct\n")
    end = text.index("  - id:", start + 10)
    path = tmp_path / "evidence.yaml"
    path.write_text(text[:start] + text[start:end].replace('unit: "%"', 'unit: "percent"', 1) + text[end:],
                    encoding="utf-8")
    result = run_check(path)
    assert result.returncode == 1
    assert f"{path}: entry 'figures/fit_prior_vf_placebo_new_vf_pct', field 'unit': charted as a risk" \
        in result.stderr
