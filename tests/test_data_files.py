"""The data seam: each file is found through one setting, parsed once per saved version, and shared."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest

from vcf_logic import case_library, data_files, evidence, pathway
from vcf_logic.checks import default_files


@pytest.fixture
def copies(tmp_path, monkeypatch):
    """Fresh copies of the three shipped files, with the app's settings pointing at them."""
    paths = {}
    for data_file in data_files.DATA_FILES:
        paths[data_file.kind] = tmp_path / f"{data_file.kind}.yaml"
        shutil.copy(data_file.default, paths[data_file.kind])
        monkeypatch.setenv(data_file.setting, str(paths[data_file.kind]))
    return paths


@pytest.fixture
def reads(monkeypatch):
    """Counts the YAML reads of each file, through every loader."""
    counted: Counter[str] = Counter()

    def counting(path):
        counted[str(path)] += 1
        return data_files.read_yaml(path)

    for module in (evidence, pathway, case_library):
        monkeypatch.setattr(module, "read_yaml", counting)
    return counted


def test_each_file_is_parsed_once_and_the_evidence_is_handed_on(copies, reads):
    library = case_library.default_case_library()
    assert case_library.default_case_library() is library
    assert pathway.default_pathway() is pathway.default_pathway()
    assert evidence.default_evidence() is evidence.default_evidence()
    assert reads == {str(path): 1 for path in copies.values()}


def test_saving_a_file_gives_the_next_load_its_new_content(copies, reads):
    before = pathway.default_pathway()
    text = copies["pathway"].read_text(encoding="utf-8")
    copies["pathway"].write_text(text.replace("    value: 7\n", "    value: 8\n", 1), encoding="utf-8")
    after = pathway.default_pathway()
    assert after is not before and after.thresholds["severe_pain_score"] == 8
    assert reads[str(copies["evidence"])] == 1, "the evidence was not read again for a pathway edit"


def test_check_without_arguments_checks_the_files_the_app_would_load(copies):
    assert default_files() == [copies["evidence"], copies["pathway"], copies["cases"]]


def test_a_clients_cache_clear_does_not_reload_the_shared_content(copies, reads):
    """Streamlit's clear_cache message (any client may send it) clears st.cache_*; the content is not kept there."""
    import streamlit as st

    from vcf_logic.bibliography import shared_bibliography
    from vcf_logic.explorer import shared_explorer_data

    evidence_before = evidence.default_evidence()
    shared = (pathway.default_pathway(), case_library.default_case_library(),
              shared_explorer_data(evidence_before), shared_bibliography(evidence_before))
    st.cache_data.clear()  # what the server does on a client's clear_cache
    st.cache_resource.clear()
    evidence_after = evidence.default_evidence()
    assert evidence_after is evidence_before
    again = (pathway.default_pathway(), case_library.default_case_library(), shared_explorer_data(evidence_after),
             shared_bibliography(evidence_after))
    assert all(new is old for new, old in zip(again, shared, strict=True))
    assert all(count == 1 for count in reads.values())


def test_what_is_derived_from_a_version_is_built_once_and_the_oldest_versions_go():
    from types import SimpleNamespace

    from vcf_logic.data_files import PerVersion

    built = []
    derived = PerVersion(lambda e: built.append(e.digest) or f"from {e.digest}", keep=2)
    one, two, three = (SimpleNamespace(digest=d) for d in ("v1", "v2", "v3"))
    assert [derived(one), derived(one), derived(two)] == ["from v1", "from v1", "from v2"]
    assert built == ["v1", "v2"]
    derived(three)  # a third saved version: the first is let go
    derived(two)
    derived(one)
    assert built == ["v1", "v2", "v3", "v1"]
