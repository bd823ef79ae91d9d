"""Every page renders from the shipped data without an exception, with its heading and the disclaimer."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from vcf_ui.layout import DISCLAIMER, available_pages

APP_ROOT = Path(__file__).resolve().parent.parent
PAGES = available_pages()


@pytest.mark.parametrize("nav_page", PAGES, ids=[p.label for p in PAGES])
def test_page_renders(nav_page):
    at = AppTest.from_file(str(APP_ROOT / nav_page.path), default_timeout=60).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.title, "every page has a heading"
    assert any(DISCLAIMER in c.value for c in at.sidebar.caption)


def test_every_page_is_in_the_navigation():
    on_disk = {"app.py", *(f"pages/{p.name}" for p in (APP_ROOT / "pages").glob("*.py"))}
    assert on_disk == {p.path for p in PAGES}


def test_references_search_narrows_the_list():
    at = AppTest.from_file(str(APP_ROOT / "pages/5_References.py"), default_timeout=60).run()
    total = len(at.get("container"))
    at.text_input(key="reference_query").set_value("Lancet vertebroplasty").run()
    assert not at.exception
    shown = [m.value for m in at.markdown if m.value.startswith("**")]
    assert 0 < len(shown) < total
    assert all("Lancet" in m.value for m in at.markdown if m.value.startswith(("Black", "Clark")))


def test_home_page_shows_review_date_and_headline_citation():
    at = AppTest.from_file(str(APP_ROOT / "app.py"), default_timeout=60).run()
    text = " ".join(m.value for m in at.markdown)
    assert "Content reviewed on" in text
    assert any("[1]" in c.value for c in at.caption)


def test_home_page_shows_the_headline_verdict_and_its_caution():
    at = AppTest.from_file("../app.py", default_timeout=30).run()
    assert not at.exception
    assert any(m.value.startswith("**Claim check: ❓ not verified.**") for m in at.markdown)
    assert any("Augmentation only for a recent, unhealed fracture" in w.value for w in at.warning)
