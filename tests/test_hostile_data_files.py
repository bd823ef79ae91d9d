"""Hostile and clumsy data files (issue 15, failures 2, 5 and 10): bounded, strict, located, read once."""

from __future__ import annotations

import os

import pytest

from tests.apptest_helpers import app_at
from tests.test_data_files import copies, reads  # noqa: F401  (fixtures)
from vcf_logic import case_library, data_files, evidence, pathway
from vcf_logic.data_files import MAX_DEPTH, MAX_FILE_BYTES, DataFileError
from vcf_ui.page_registry import LAB


def problems_of(load) -> list[tuple[str, str, str]]:
    with pytest.raises(DataFileError) as caught:
        load()
    return [(p.entry, p.field, p.message) for p in caught.value.problems]


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_alias_in_a_pathway_value_is_refused_before_it_expands(copies):  # noqa: F811
    """457 bytes of nested aliases in a `sets` value took `check` 71 s and 7.9 GB."""
    bomb = "".join(f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * 9)}]\n" for i in range(1, 10))
    text = copies["pathway"].read_text(encoding="utf-8")
    copies["pathway"].write_text("x0: &x0 [true, true, true, true, true, true, true, true, true]\n" + bomb + text,
                                 encoding="utf-8")
    [(entry, field, message)] = problems_of(pathway.default_pathway)
    assert (entry, field) == ("line 2", "(syntax)") and "aliases (*x0) are not allowed" in message


def test_a_broken_file_costs_one_read(copies, reads):  # noqa: F811
    """The located error is cached per saved version, like a good file: each page load repeated it."""
    edit(copies["evidence"], "reference: Black1996", "reference: Black1969")
    first = problems_of(evidence.default_evidence)
    for _ in range(3):
        assert problems_of(evidence.default_evidence) == first
        problems_of(pathway.default_pathway)
        problems_of(case_library.default_case_library)
    assert reads[str(copies["evidence"])] == 1
    edit(copies["evidence"], "reference: Black1969", "reference: Black1996")  # saved again: read again
    assert evidence.default_evidence() is not None
    assert reads[str(copies["evidence"])] == 2


def test_a_file_larger_than_the_bound_is_refused_without_reading_it_all(copies):  # noqa: F811
    with copies["evidence"].open("a", encoding="utf-8") as stream:
        stream.write("# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    [(entry, field, message)] = problems_of(evidence.default_evidence)
    assert (entry, field) == ("(file)", "(file)") and "larger than 1,000 kB" in message


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_file_linked_to_dev_zero_is_refused(tmp_path):
    link = tmp_path / "evidence.yaml"
    link.symlink_to("/dev/zero")
    [(entry, field, message)] = problems_of(lambda: evidence.load_evidence(link))
    assert "larger than" in message


def test_deep_nesting_is_a_located_problem(copies):  # noqa: F811
    """990 nested lists in a case field raised RecursionError in repr and a traceback from `check`."""
    deep = "[" * 990 + "]" * 990
    edit(copies["cases"], "      pain_score: 6\n", f"      pain_score: {deep}\n")
    [(entry, field, message)] = problems_of(case_library.default_case_library)
    assert field == "(syntax)" and entry.startswith("line ") and f"more than {MAX_DEPTH} levels" in message


def test_a_key_given_twice_is_refused(copies):  # noqa: F811
    """A second `id:` silently renamed a vignette (and broke its shared link); a second `value:` was charted."""
    edit(copies["cases"], "  - id: acute_fracture_first_week\n",
         "  - id: acute_fracture_first_week\n    id: renamed\n")
    [(entry, field, message)] = problems_of(case_library.default_case_library)
    assert entry == "line 30" and "the key 'id' is given twice" in message


@pytest.mark.parametrize(("kind", "old", "new", "field"), [
    ("evidence", "    summary_number: 1\n", "    summary_number: true\n", "summary_number"),
    ("evidence", "    year: 2018\n", '    year: "2018"\n', "year"),
    ("evidence", "    value: -5.99\n", '    value: "-5.99"\n', "value"),
    ("pathway", "    value: 7\n", '    value: "7"\n', "value"),
    ("pathway", "              met: true\n", '              met: "yes"\n', "met"),
])
def test_loose_types_are_refused_not_coerced(copies, kind, old, new, field):  # noqa: F811
    edit(copies[kind], old, new)
    load = {"evidence": evidence.default_evidence, "pathway": pathway.default_pathway}[kind]
    problems = problems_of(load)
    assert any(field in f.split(".") for _, f, _ in problems), problems


def test_a_broken_pathway_is_named_as_the_pathway_in_the_lab(copies):  # noqa: F811
    edit(copies["pathway"], "    value: 7\n", '    value: "7"\n')
    at = app_at(LAB).run()
    assert not at.exception
    heading = at.error[0].value
    assert heading.startswith("The pathway data file could not be used"), heading


def test_utf16_without_a_byte_order_mark_is_named(copies):  # noqa: F811
    text = copies["cases"].read_text(encoding="utf-8")
    copies["cases"].write_bytes(text.encode("utf-16-le"))
    [(entry, field, message)] = problems_of(case_library.default_case_library)
    assert field == "(encoding)" and "UTF-16" in message


def test_invalid_unicode_in_a_data_file_is_refused_at_the_door(copies):  # noqa: F811
    """A lone surrogate (here as the bytes Python would write for it) never reaches a page or a download."""
    data = copies["cases"].read_bytes().replace(b"Back pain after", b"Back pain \xed\xa0\x80after", 1)
    copies["cases"].write_bytes(data)
    [(entry, field, message)] = problems_of(case_library.default_case_library)
    assert field == "(encoding)" and "not valid UTF-8" in message and entry.startswith("line ")


def test_text_that_is_not_unicode_is_found_wherever_it_sits():
    assert data_files.text_not_unicode({"a": [{"b": "ok"}, "x\ud800"]}) == "x\\ud800"
    assert data_files.text_not_unicode({"a": [{"b": "ok"}]}) is None
