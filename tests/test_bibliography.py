"""Citation text and reference search read the shipped evidence file as a learner sees it."""

from vcf_logic.bibliography import escape_markdown, full_citation, search_references
from vcf_logic.evidence import load_evidence

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


def test_search_needs_every_word():
    found = search_references(EVIDENCE, "sham vertebroplasty")
    assert "Buchbinder2009" in found.index and "Black1996" not in found.index
    assert len(search_references(EVIDENCE, "")) == len(EVIDENCE.references)
    assert search_references(EVIDENCE, "zzzz-no-such-word").empty


def test_markdown_is_escaped():
    assert escape_markdown("[click](javascript:alert(1)) <b>") == \
        r"\[click\]\(javascript\:alert\(1\)\) \<b\>"

