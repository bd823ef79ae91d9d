"""Text that states an evidence status reads it from the data file: edit a status in a copy, and the text follows."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.apptest_helpers import open_page
from vcf_logic import explorer as ev
from vcf_logic.evidence import load_evidence
from vcf_logic.figures import alendronate
from vcf_ui.page_registry import EXPLORER

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "evidence.yaml"


@pytest.fixture
def edited(tmp_path):
    """Write a copy of the shipped file with some entries changed, and load it."""
    def edit(section: str, ids: set[str] | None = None, **fields):
        raw = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
        for entry in raw[section]:
            if ids is None or entry["id"] in ids:
                entry.update(fields)
        draft = tmp_path / "evidence.yaml"
        draft.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return draft
    return edit


def diamond_warning(monkeypatch, draft: Path | None) -> str:
    if draft is not None:
        monkeypatch.setenv("VCF_EVIDENCE_FILE", str(draft))
    at = open_page(EXPLORER, view="vertebroplasty_diamond")
    [warning] = at.warning
    return warning.value.replace("\\", "")  # the page escapes Markdown in text from the data file


def test_diamond_warning_on_the_page_follows_the_rows_status(monkeypatch, edited):
    assert "status of these numbers: contested" in diamond_warning(monkeypatch, None)
    draft = edited("figures", {f.id for f in load_evidence().content.figures if f.topic == "vertebroplasty_diamond"},
                   status="not verified")
    shown = diamond_warning(monkeypatch, draft)
    assert "status of these numbers: not verified" in shown and "contested" not in shown


def test_fit_relative_risk_caption_follows_the_published_rows_status(edited):
    shipped = load_evidence()
    caption = alendronate.risk_chart(shipped.figures, shipped.references).caption
    assert "crude, unadjusted), because the published value's status is 'not verified'" in caption

    contested = load_evidence(edited("figures", {alendronate.NO_PRIOR_RR_ROW}, status="contested"))
    assert "status is 'contested'" in alendronate.risk_chart(contested.figures, contested.references).caption

    verified = load_evidence(edited("figures", {alendronate.NO_PRIOR_RR_ROW}, status="verified"))
    spec = alendronate.risk_chart(verified.figures, verified.references)
    assert "crude" not in spec.caption and "not verified" not in spec.caption
    no_prior = alendronate.population(verified.figures, "no_prior")
    assert no_prior.rr_published and no_prior.rr.value == verified.figures.loc[alendronate.NO_PRIOR_RR_ROW, "value"]
    assert alendronate.NO_PRIOR_RR_ROW in spec.figure_ids


def test_guideline_stances_caption_counts_the_ratings_statuses(edited):
    shipped = load_evidence().guideline_stances
    all_verified = load_evidence(edited("guideline_stances", set(shipped["id"]), status="verified"))
    assert ev.stances_caption(all_verified.guideline_stances).startswith("Every rating here was verified")
    unverified = int((shipped["status"] != "verified").sum())
    stances = load_evidence(edited("guideline_stances", {"acr_v1_medical_management"}, status="not verified"))
    caption = ev.stances_caption(stances.guideline_stances)
    total = len(stances.guideline_stances)
    assert caption.startswith(f"{total - 1 - unverified} of {total} ratings were verified")
    assert f"not verified: {unverified + 1}" in caption
