"""Broken evidence files: each one is refused with a message naming file, entry and field, never a traceback.

tests/test_evidence_validation.py covers single-field faults (ranges, types, ids, citations, reasons, YAML
syntax, a missing file, a top-level list). This file adds whole-file and structural breakage, hostile YAML,
and every page of the app started on a broken file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import app_at
from tests.evidence_fixture import minimal_evidence
from vcf_logic.data_files import DataFileError
from vcf_logic.evidence import EVIDENCE_FILE, load_evidence, validate_evidence
from vcf_ui.page_registry import EXPLORER, PAGES

APP_ROOT = Path(__file__).resolve().parent.parent


def plain(text: str) -> str:
    """Error text without the Markdown escapes that keep a data file's words inert."""
    return text.replace("\\", "")


def located(problems) -> list[tuple[str, str, str]]:
    return [(p.entry, p.field, p.message) for p in problems]


def refuse_mapping(raw: dict) -> list[tuple[str, str, str]]:
    with pytest.raises(DataFileError) as caught:
        validate_evidence(raw, "evidence-test.yaml")
    assert all(p.file == "evidence-test.yaml" for p in caught.value.problems)
    return located(caught.value.problems)


def refuse_file(path: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(DataFileError) as caught:
        load_evidence(path)
    assert all(p.file == str(path) for p in caught.value.problems)
    return located(caught.value.problems)


def _without_figures(raw):
    del raw["figures"]


def _claim(raw):
    raw["claims"] = [{"id": "fit_claim", "statement": "no_such_statement", "summary_says": "7.9%",
                      "source_says": "8.0%", "status": "differs", "reason": "rounding",
                      "figures": ["no_such_figure"], "references": ["Black1996"]}]


# (name, how the mapping is broken, expected entry, expected field, words the message must contain)
BROKEN_MAPPINGS = [
    ("missing section", _without_figures, "figures", "(section)", "Field required"),
    ("section is not a list", lambda r: r.update(figures="none"), "figures", "(section)", "valid list"),
    ("section is null", lambda r: r.update(meta=None), "meta", "(section)", "valid dictionary"),
    ("entry is not a mapping", lambda r: r["figures"].insert(0, 42), "figures[0]", "(entry)", "valid dictionary"),
    ("one end of an interval", lambda r: r["figures"][1].update(ci_high=None),
     "figures/fit_rr", "ci_low/ci_high", "both ends"),
    ("more events than participants", lambda r: r["figures"][0].update(events=12, total=10),
     "figures/fit_placebo", "events", "cannot exceed total"),
    ("events without a total", lambda r: r["figures"][0].update(events=12),
     "figures/fit_placebo", "events/total", "both counts"),
    ("summary number beyond the summary's list", lambda r: r["references"][0].update(summary_number=9),
     "references/Black1996", "summary_number", "less than or equal to 8"),
    ("impossible date", lambda r: r["meta"].update(summary_updated="2026-13-45"),
     "meta", "summary_updated", "month value is outside"),
    ("year before the journals", lambda r: r["references"][0].update(year=1066),
     "references/Black1996", "year", "greater than or equal to 1950"),
    ("identified reference without a year", lambda r: r["references"][0].pop("year"),
     "references/Black1996", "year", "required for an identified"),
    ("statement citing nothing", lambda r: r["statements"][0].update(references=[]),
     "statements/headline", "references", "at least 1 item"),
    ("id with a space", lambda r: r["figures"][0].update(id="has space"), "figures/has space", "id", "pattern"),
    ("unknown study design", lambda r: r["figures"][0].update(design="anecdote"),
     "figures/fit_placebo", "design", "sham-controlled RCT"),
    ("claim on an unknown statement", _claim, "claims/fit_claim", "statement", "unknown statement"),
    ("claim on an unknown figure", _claim, "claims/fit_claim", "figures", "unknown figure 'no_such_figure'"),
]


@pytest.mark.parametrize(("break_it", "entry", "field", "words"), [case[1:] for case in BROKEN_MAPPINGS],
                         ids=[case[0] for case in BROKEN_MAPPINGS])
def test_broken_mapping_is_refused_with_its_location(break_it, entry, field, words):
    raw = minimal_evidence()
    break_it(raw)
    problems = refuse_mapping(raw)
    assert any(e == entry and f == field and words in m for e, f, m in problems), problems


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_non_finite_number_is_refused(value):
    raw = minimal_evidence()
    raw["figures"][1].update(unit="RR", value=value, ci_low=None, ci_high=None)
    problems = refuse_mapping(raw)
    assert any(f == "value" for _, f, _ in problems), problems


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "evidence.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_empty_file(tmp_path):
    assert refuse_file(write(tmp_path, "")) == [("(file)", "(top level)", "expected a mapping of sections")]


def test_comments_only(tmp_path):
    assert refuse_file(write(tmp_path, "# nothing yet\n")) == [
        ("(file)", "(top level)", "expected a mapping of sections")]


def test_not_utf8(tmp_path):
    [(entry, field, message)] = refuse_file(write(tmp_path, b"meta:\n  title: caf\xe9\n"))
    assert (entry, field) == ("line 2", "(encoding)") and "UTF-8" in message


def test_tab_indentation_names_the_line(tmp_path):
    [(entry, field, message)] = refuse_file(write(tmp_path, "meta:\n\ttitle: x\n"))
    assert entry == "line 2" and field == "(syntax)" and "not valid YAML" in message


def test_python_tags_are_refused_not_run(tmp_path):
    marker = tmp_path / "pwned"
    text = f"meta: !!python/object/apply:os.system ['touch {marker}']\n"
    [(entry, field, message)] = refuse_file(write(tmp_path, text))
    assert field == "(syntax)" and "could not determine a constructor" in message
    assert not marker.exists()


def test_alias_bomb_is_refused_at_its_first_alias(tmp_path):
    """Nine levels of nine aliases (9**9 strings if expanded): refused before anything is built, by line."""
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    raw = yaml.safe_load(EVIDENCE_FILE.read_text(encoding="utf-8"))
    body = yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)
    body = body.replace("  reviewed_by:", "  reviewed_by: *a8\n  reviewed_by_was:", 1)
    [(entry, field, message)] = refuse_file(write(tmp_path, "\n".join(levels) + "\n" + body))
    assert (entry, field) == ("line 2", "(syntax)")
    assert "aliases (*a0) are not allowed" in message


def test_duplicate_top_level_section_is_refused(tmp_path):
    """YAML lets a key appear twice (the last silently wins): refused, naming the key."""
    text = EVIDENCE_FILE.read_text(encoding="utf-8") + "\nfigures: []\n"
    [(entry, field, message)] = refuse_file(write(tmp_path, text))
    assert field == "(syntax)" and entry.startswith("line ") and "the key 'figures' is given twice" in message


def test_a_directory_instead_of_a_file(tmp_path):
    assert refuse_file(tmp_path)[0][:2] == ("(file)", "(file)")


@pytest.fixture
def broken_draft(tmp_path, monkeypatch):
    draft = tmp_path / "evidence.yaml"
    draft.write_text("meta:\n  title: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("VCF_EVIDENCE_FILE", str(draft))
    return draft


@pytest.mark.parametrize("nav_page", PAGES, ids=[p.label for p in PAGES])
def test_every_page_on_a_broken_file_shows_the_location_not_a_traceback(nav_page, broken_draft):
    at = AppTest.from_file(str(APP_ROOT / "app.py"), default_timeout=60)
    if nav_page.path != "app.py":
        at.switch_page(nav_page.path)
    at.run()
    assert not at.exception, at.exception
    assert any(str(broken_draft) in plain(e.value) and "not valid YAML" in plain(e.value) for e in at.error), \
        [e.value for e in at.error]


def test_a_chart_row_with_an_unknown_unit_is_reported_not_raised(tmp_path, monkeypatch):
    text = (APP_ROOT / "data" / "evidence.yaml").read_text(encoding="utf-8")
    anchor = "  - id: fit_prior_vf_placebo_new_vf_pct\n"
    start = text.index(anchor)
    entry_end = text.index("  - id:", start + len(anchor))
    entry = text[start:entry_end].replace('unit: "%"', 'unit: "percent"', 1)
    draft = tmp_path / "evidence.yaml"
    draft.write_text(text[:start] + entry + text[entry_end:], encoding="utf-8")
    monkeypatch.setenv("VCF_EVIDENCE_FILE", str(draft))
    at = app_at(EXPLORER).run()
    assert not at.exception, at.exception
    assert any(f"{draft}: entry 'figures/fit_prior_vf_placebo_new_vf_pct', field 'unit'" in plain(e.value)
               for e in at.error), [e.value for e in at.error]
