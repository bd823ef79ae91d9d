"""Every page renders from the shipped data without an exception, with its heading and the disclaimer."""

import pytest

from tests.apptest_helpers import app_at
from vcf_logic.wording import DISCLAIMER
from vcf_ui.page_registry import APP_ROOT, HOME, LAB, PAGES, REFERENCES, WALKER


@pytest.mark.parametrize("nav_page", PAGES, ids=[p.label for p in PAGES])
def test_page_renders(nav_page):
    at = app_at(nav_page).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.title, "every page has a heading"
    assert any(DISCLAIMER in c.value for c in at.sidebar.caption)


def test_every_page_is_in_the_navigation():
    on_disk = {"app.py", *(f"pages/{p.name}" for p in (APP_ROOT / "pages").glob("*.py"))}
    assert on_disk == {p.path for p in PAGES}


def test_references_search_narrows_the_list():
    at = app_at(REFERENCES).run()
    total = len(at.get("container"))
    at.text_input(key="reference_query").set_value("Lancet vertebroplasty").run()
    assert not at.exception
    shown = [m.value for m in at.markdown if m.value.startswith("**")]
    assert 0 < len(shown) < total
    assert all("Lancet" in m.value for m in at.markdown if m.value.startswith(("Black", "Clark")))


def test_home_page_shows_review_date_and_headline_citation():
    at = app_at(HOME).run()
    text = " ".join(m.value for m in at.markdown)
    assert "Content reviewed on" in text
    assert any("summary's ref\\. 1" in c.value for c in at.caption)  # escaped: shown as written


def test_home_page_shows_the_headline_verdict_and_its_caution():
    at = app_at(HOME).run()
    assert not at.exception
    assert any(m.value.startswith("**Claim check: ❓ not verified.**") for m in at.markdown)
    assert any("Augmentation only for a recent, unhealed fracture" in w.value for w in at.warning)


def test_the_sidebar_lists_the_registry_and_links_resolve_to_its_url_paths():
    """Links are drawn as in the app (app.py is the entry script), so each names a real page's URL path."""
    query = {"nd": "n", "cc": "n", "si": "n", "mal": "none", "worse": "n", "def": "n", "pul": "n", "pain": "8",
             "wk": "14", "unfit": "n", "mri": "y"}
    at = app_at(WALKER, **query).run()
    assert not at.exception
    sidebar = [(link.proto.page, link.proto.label, link.proto.icon) for link in at.sidebar.get("page_link")]
    assert sidebar == [(page.url_path, page.label, page.icon) for page in PAGES]
    main = [link.proto for link in at.main.get("page_link")]
    assert {link.page for link in main} <= {page.url_path for page in PAGES}
    lab = next(link for link in main if link.page == LAB.url_path)
    assert dict(pair.split("=") for pair in lab.query_string.split("&")) == query
