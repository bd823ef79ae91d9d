"""Opening a page in AppTest the way the app does: app.py is the entry script, the page is switched to."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from vcf_logic import explorer as ev
from vcf_ui.page_registry import APP_ROOT, HOME, Page


def app_at(page: Page, **params: str) -> AppTest:
    """The app with `page` selected and `params` as its query string; not yet run.

    As in a browser, app.py is the entry script, so links to other pages resolve; run() draws `page`.
    """
    at = AppTest.from_file(str(APP_ROOT / HOME.path), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    if page != HOME:
        at.switch_page(page.path)
    return at


def open_page(page: Page, **params: str) -> AppTest:
    """`page` from the registry, opened with `params` as its query string, run once, no exception."""
    at = app_at(page, **params).run()
    assert not at.exception, at.exception
    return at


def charts_on_page(view_id: str) -> int:
    """Charts an explorer view draws on opening: its declared charts, and one per widget chart (icons, slider)."""
    view = ev.view(view_id)
    return len(view.charts) + len(view.widget_charts)


CLAIM_START = re.compile(r"^\*\*([^*\n]+)\*\* — ", re.MULTILINE)  # "**<status mark>** — <statement>"


def claims_shown(at: AppTest) -> list[str]:
    """The status mark of each claim the claim check shows, in order (all claims are one Markdown element)."""
    return [status for m in at.markdown for status in CLAIM_START.findall(m.value)]
