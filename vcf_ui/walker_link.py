"""One-click links between the Scenario lab, the quiz and the Decision walker, in the walker's own link format."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from vcf_logic import walker_state
from vcf_logic.engine import validate_case
from vcf_logic.pathway import default_pathway

WALKER_PAGE = "pages/1_Decision_walker.py"
LAB_PAGE = "pages/3_Scenario_lab.py"


def page_link(page: str, label: str, icon: str, params: Mapping[str, str], help: str) -> None:
    """st.page_link with query parameters; a plain link when the page runs on its own (AppTest)."""
    try:
        st.page_link(page, label=label, icon=icon, query_params=dict(params), help=help)
    except StreamlitPageNotFoundError:
        url_path = page.removeprefix("pages/").removesuffix(".py").split("_", 1)[1]
        st.markdown(f"{icon} [{label}](/{url_path}?{urlencode(dict(params))})", help=help)


def walker_link(case: Mapping[str, Any]) -> None:
    """Open this case in the walker."""
    answers = walker_state.prune(default_pathway(), case)
    page_link(WALKER_PAGE, "Open in walker", "🧭", walker_state.encode(answers),
              "Walk this case through the pathway one question at a time.")


def lab_link_for_answers(answers: Mapping[str, Any]) -> None:
    """Open the walked case in the Scenario lab, in the walker's own link format."""
    page_link(LAB_PAGE, "Open in Scenario lab", "🧪", walker_state.encode(answers),
              "Change one finding at a time and compare the recommendations.")


def decode_walker_link(params: Mapping[str, str]) -> dict[str, Any] | None:
    """The case a walker link carries (unanswered fields at their defaults), or None if it carries none."""
    try:
        return validate_case(walker_state.decode(default_pathway(), params))
    except ValueError:  # LinkError: a link the walker would not write
        return None


def lab_link(vignette_id: str, label: str = "Open in Scenario lab") -> None:
    page_link(LAB_PAGE, label, "🧪", {"case": vignette_id}, "Change its findings one at a time and compare.")
