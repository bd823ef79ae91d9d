"""What every session shares is read-only: after each page has been used, the cached data equals a fresh load.

The evidence, the case library and the pathway are loaded once per process and handed to every session as
the same objects (st.cache_resource, functools.cache), so that no rerun pays to copy them. A page that
assigned into one of them would change what every other student sees; this test would catch it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from vcf_logic.case_library import load_case_library
from vcf_logic.evidence import CITING_FIELDS, load_evidence
from vcf_logic.pathway import default_pathway, load_pathway
from vcf_ui.layout import available_pages, cached_evidence
from vcf_ui.session import cached_case_library

APP_ROOT = Path(__file__).resolve().parent.parent
SETTABLE = ("radio", "selectbox", "multiselect", "checkbox", "toggle", "text_input", "slider", "button",
            "button_group")


def open_page(path: str) -> AppTest:
    at = AppTest.from_file(str(APP_ROOT / "app.py"), default_timeout=60)
    if path != "app.py":
        at.switch_page(path)
    at.run()
    assert not at.exception, (path, at.exception)
    return at


def change(widget, kind: str) -> bool:
    """Give a widget another value, as a student trying things out would; False when there is none."""
    if kind == "button":
        widget.click()
    elif kind in ("checkbox", "toggle"):
        widget.set_value(not widget.value)
    elif kind == "text_input":
        widget.set_value("fracture")
    elif kind == "slider":
        widget.set_value(widget.max)
    elif kind == "multiselect" and widget.options:
        widget.set_value([widget.options[0]])
    elif kind in ("radio", "selectbox", "button_group") and len(widget.options) > 1:
        widget.set_value(widget.options[-1])
    else:
        return False
    return True


def use_every_widget(path: str) -> None:
    at = open_page(path)
    for kind in SETTABLE:
        for index in range(len(getattr(at.main, kind))):
            widgets = getattr(at.main, kind)
            if index >= len(widgets) or getattr(widgets[index], "disabled", False):
                continue
            try:
                if not change(widgets[index], kind):
                    continue
                at.run()
            except (ValueError, KeyError, TypeError, StopIteration):
                at = open_page(path)  # a value AppTest cannot express (formatted options): start again
                continue
            assert not at.exception, (path, kind, index, at.exception)


@pytest.fixture(scope="module")
def used_app():
    for page in available_pages():
        use_every_widget(page.path)


def test_shared_evidence_is_unchanged_after_every_page_was_used(used_app):
    shared, fresh = cached_evidence(), load_evidence()
    for section in ("references", *CITING_FIELDS):
        pd.testing.assert_frame_equal(getattr(shared, section), getattr(fresh, section), obj=section)
    assert shared.content == fresh.content


def test_shared_pathway_and_case_library_are_unchanged(used_app):
    assert default_pathway().content == load_pathway().content
    assert cached_case_library() == load_case_library()
