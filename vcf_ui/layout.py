"""The setup every page runs first: page config, the validated data, the sidebar."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from vcf_logic.case_library import CaseLibrary, default_case_library
from vcf_logic.data_files import CASES, EVIDENCE, PATHWAY, DataFile, DataFileError, named_data_file
from vcf_logic.evidence import Evidence, default_evidence
from vcf_logic.pathway import Pathway, default_pathway
from vcf_logic.wording import DISCLAIMER, escape_markdown
from vcf_ui.page_registry import PAGES, Page
from vcf_ui.presenter import apply_presenter_mode
from vcf_ui.widget_guard import install as guard_widget_values

Loaded = TypeVar("Loaded")

# A constant: never format data or query-string text into it. Streamlit draws captions and quotes in the text
# colour at 60% (4.37:1 on white, 4.24:1 on the sidebar: under WCAG AA's 4.5:1); these greys measure over 7:1.
# !important: Streamlit's own rules are as specific and may be inserted after this one.
ACCESSIBLE_CSS = """
<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stMarkdownContainer"] blockquote, [data-testid="stMarkdownContainer"] blockquote p,
[data-testid="stWidgetLabel"] p, [data-testid="stTooltipHoverTarget"] { color: #4A4F57 !important; }
[data-testid="stCaptionContainer"], [data-testid="stMarkdownContainer"] blockquote { opacity: 1 !important; }
[data-testid="stSidebar"] [data-testid="stCaptionContainer"] p { color: #3E434A !important; }
/* touch targets: radio options and page links at least 44 px tall */
[data-testid="stRadio"] label, [data-testid="stPageLink"] a { min-height: 44px; align-items: center; }
</style>
"""


def loaded_or_stop(load: Callable[[], Loaded], data_file: DataFile) -> Loaded:
    """What `load` returns, or every located problem of the data file shown and the page stopped: no traceback.

    The loaders parse each file once per saved version, for the whole process (vcf_logic caches them),
    and hand every session the same object: pages only read it.
    """
    try:
        return load()
    except DataFileError as exc:
        broken = named_data_file(exc.problems[0].file) if exc.problems else None
        st.error(f"The {(broken or data_file).what} could not be used. Fix these entries, save the file and "
                 "reload this page (no restart needed):")
        for problem in exc.problems:
            st.error(escape_markdown(str(problem)))  # it quotes the file: inert text, never markup or a link
        st.stop()


def pathway_or_stop() -> Pathway:
    return loaded_or_stop(default_pathway, PATHWAY)


def case_library_or_stop() -> CaseLibrary:
    return loaded_or_stop(default_case_library, CASES)


def sidebar_navigation() -> None:
    with st.sidebar:
        st.markdown("**🦴 VCF teaching dashboard**")
        for page in PAGES:
            st.page_link(page.path, label=page.label, icon=page.icon)
        st.divider()
        st.caption(DISCLAIMER)


def setup_page(page: Page) -> Evidence:
    """Configure the page, draw the sidebar and return the validated evidence."""
    guard_widget_values()
    st.set_page_config(page_title=f"{page.label} · VCF teaching dashboard", page_icon=page.icon, layout="wide")
    st.html(ACCESSIBLE_CSS)
    sidebar_navigation()
    apply_presenter_mode()
    return loaded_or_stop(default_evidence, EVIDENCE)
