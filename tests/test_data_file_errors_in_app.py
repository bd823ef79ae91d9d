"""A broken data file stops the app with a located message, never a traceback."""

from pathlib import Path

import pytest

from tests.apptest_helpers import app_at
from vcf_ui.page_registry import HOME, REFERENCES

APP_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def draft_evidence(tmp_path, monkeypatch):
    """A copy of the shipped file that the test breaks; the app is pointed at it."""
    draft = tmp_path / "evidence.yaml"
    draft.write_text((APP_ROOT / "data" / "evidence.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("VCF_EVIDENCE_FILE", str(draft))
    return draft


def test_broken_data_file_shows_file_entry_and_field(draft_evidence):
    text = draft_evidence.read_text(encoding="utf-8")
    assert "reference: Black1996" in text
    draft_evidence.write_text(text.replace("reference: Black1996", "reference: Black1969", 1), encoding="utf-8")
    at = app_at(HOME).run()
    assert not at.exception
    messages = [e.value.replace("\\", "") for e in at.error]  # without the escapes that keep it inert
    assert any(str(draft_evidence) in m and "field 'reference'" in m and "cites unknown reference 'Black1969'" in m
               for m in messages), messages
    assert not at.title, "the page stops before drawing content"


def test_unreadable_yaml_is_reported_without_traceback(draft_evidence):
    draft_evidence.write_text("meta: [unclosed\n", encoding="utf-8")
    at = app_at(REFERENCES).run()
    assert not at.exception
    assert any("not valid YAML" in e.value for e in at.error)
