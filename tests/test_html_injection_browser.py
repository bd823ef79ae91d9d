"""Markup in the data files or the URL is shown as text and never run, in a real Chromium.

Copies of data/evidence.yaml, data/pathway.yaml and data/cases.yaml get a script tag and an image with an
onerror handler appended to every free-text field; a server is started on the copies (VCF_EVIDENCE_FILE,
VCF_PATHWAY_FILE, VCF_CASES_FILE) and every page and every evidence view is opened. Then hostile query strings
are sent to every page that reads one. Had any of them been run as HTML, `window.__pwned` would be set, an
<img src=x> would be in the page and the browser would ask for /x.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from benchmarks.common import running_server
from tests.browser_helpers import ConsoleLog, wait_for_app
from tests.hostile_data import IMAGE, SCRIPT, injected_copy
from vcf_logic.evidence import EVIDENCE_FILE, validate_evidence
from vcf_logic.evidence_models import EvidenceFile
from vcf_logic.explorer import VIEW_IDS
from vcf_ui.page_registry import PAGES

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parent.parent / "data"
@pytest.fixture(scope="module")
def injected_server(tmp_path_factory):
    from vcf_logic.case_library import CaseLibraryFile, load_case_library
    from vcf_logic.pathway import load_pathway
    from vcf_logic.pathway_models import PathwayFile

    folder = tmp_path_factory.mktemp("injected")
    evidence = injected_copy(EVIDENCE_FILE, EvidenceFile, folder)
    pathway = injected_copy(DATA / "pathway.yaml", PathwayFile, folder)
    cases = injected_copy(DATA / "cases.yaml", CaseLibraryFile, folder)
    # The copies are valid files, so the payload reaches the pages instead of an error message.
    loaded = validate_evidence(yaml.safe_load(evidence.read_text(encoding="utf-8")))
    load_pathway(pathway, loaded)
    load_case_library(cases, loaded.reference_ids())
    env = {"VCF_EVIDENCE_FILE": str(evidence), "VCF_PATHWAY_FILE": str(pathway), "VCF_CASES_FILE": str(cases)}
    with running_server(env) as base_url:
        yield base_url


def assert_inert(page, where: str) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined", f"{where}: injected script ran"
    assert page.locator('img[src="x"]').count() == 0, f"{where}: injected <img> is in the page"
    assert page.locator('[data-testid="stException"]').count() == 0, f"{where}: a traceback is on screen"


def open_and_check(page, url: str, where: str) -> None:
    page.goto(url)
    page.locator("h1").first.wait_for(timeout=30_000)
    wait_for_app(page)
    assert_inert(page, where)


def test_markup_in_every_text_field_is_shown_as_text_on_every_page(injected_server, page):
    log = ConsoleLog(page)
    shown_on = []
    urls = [(p.label, f"{injected_server}{p.url()}") for p in PAGES]
    urls += [(f"Evidence explorer, view {v}", f"{injected_server}/Evidence_explorer?view={v}") for v in VIEW_IDS]
    for where, url in urls:
        open_and_check(page, url, where)
        shown = page.get_by_text(SCRIPT, exact=False)
        if shown.count() and shown.first.is_visible():  # the payload as readable text
            shown_on.append(where)
    assert {"Home", "Decision walker", "Scenario lab", "Self-check quiz", "References"} <= set(shown_on), shown_on
    assert any(where.startswith("Evidence explorer") for where in shown_on), shown_on
    assert log.errors == []
    assert log.external_requests == []


HOSTILE_QUERIES = [
    ("Decision_walker", {"nd": SCRIPT, "cc": IMAGE}),
    ("Decision_walker", {IMAGE: "y"}),
    ("Evidence_explorer", {"view": SCRIPT}),
    ("Evidence_explorer", {"view": "all_figures", "topic": IMAGE}),
    ("Scenario_lab", {"case": IMAGE}),
    ("Self_check_quiz", {"seed": SCRIPT}),
    ("", {"presenter": SCRIPT, "view": IMAGE}),
]


def test_markup_in_the_query_string_is_never_run(injected_server, page):
    log = ConsoleLog(page)
    for path, params in HOSTILE_QUERIES:
        url = f"{injected_server}/{path}?{urllib.parse.urlencode(params)}"
        open_and_check(page, url, url)
    assert log.errors == []
    assert log.external_requests == []


# Bare addresses that GitHub-flavoured Markdown turns into links, escaped or not (issue 15, failure 3).
AUTOLINKS = ["https://x.io", "http://evil.example/=1", "www.evil-site.co", "x@evil.io"]
AUTOLINK_QUERIES = [
    ("Decision_walker", "nd=https://x.io"),
    ("Decision_walker", "http://evil.example/=1"),
    ("Decision_walker", "www.evil-site.co=1"),
    ("Decision_walker", "nd=x@evil.io"),
    ("Scenario_lab", "case=https://x.io"),
    ("Evidence_explorer", "view=www.evil-site.co"),
    ("Self_check_quiz", "seed=http://evil.example/"),
]


def outside_links(page) -> list[str]:
    """Links in the page that lead away from the app (Streamlit's own chrome has none here)."""
    hrefs = page.locator("a[href]").evaluate_all("els => els.map(e => e.href)")
    return [h for h in hrefs if not h.startswith(("http://127.0.0.1", "http://localhost"))]


def test_addresses_from_a_url_or_an_upload_never_become_links(injected_server, page):
    log = ConsoleLog(page)
    for path, query in AUTOLINK_QUERIES:
        open_and_check(page, f"{injected_server}/{path}?{query}", query)
        assert outside_links(page) == [], (query, outside_links(page))
    open_and_check(page, f"{injected_server}/Scenario_lab", "lab")
    chooser = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    title = " ".join(AUTOLINKS)
    chooser.set_input_files({"name": "www.evil-site.co.json", "mimeType": "application/json",
                             "buffer": f'{{"title": "{title}", "pain_score": 99}}'.encode()})
    wait_for_app(page, "was not loaded")
    assert outside_links(page) == [], outside_links(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        {"name": "https://x.io.json", "mimeType": "application/json",
         "buffer": f'{{"title": "{title}", "pain_score": 3}}'.encode()})
    wait_for_app(page, "Loaded")
    expect(page.get_by_text("evil-site.co", exact=False).first).to_be_visible()  # shown, as text (waits for it)
    assert outside_links(page) == [], outside_links(page)
    assert log.external_requests == []
