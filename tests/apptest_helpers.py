"""Opening a page in AppTest the way a link does: with its query string, run once, no exception."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from vcf_logic import evidence_views as ev

APP_ROOT = Path(__file__).resolve().parent.parent


def open_page(page: str, **params: str) -> AppTest:
    """`page` relative to the app root, e.g. "pages/4_Self_check_quiz.py"; `params` become the query string."""
    at = AppTest.from_file(str(APP_ROOT / page), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def charts_on_page(view_id: str) -> int:
    """Charts an explorer view draws on opening: its declared charts, and one per widget chart (icons, slider)."""
    view = ev.view(view_id)
    return len(view.charts) + len(view.widget_charts)
