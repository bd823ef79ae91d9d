"""One-click links between the Scenario lab, the quiz and the Decision walker, in the walker's own link format."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from vcf_logic import walker_state
from vcf_logic.engine import validate_case
from vcf_logic.pathway import default_pathway
from vcf_ui.page_registry import LAB, WALKER, Page


def page_link(page: Page, label: str, params: Mapping[str, str], help: str) -> None:
    """A link to another page of the app that carries query parameters."""
    st.page_link(page.path, label=label, icon=page.icon, query_params=dict(params), help=help)


def walker_link(case: Mapping[str, Any]) -> None:
    """Open this case in the walker."""
    answers = walker_state.prune(default_pathway(), case)
    page_link(WALKER, "Open in walker", walker_state.encode(answers),
              "Walk this case through the pathway one question at a time.")


def lab_link_for_answers(answers: Mapping[str, Any]) -> None:
    """Open the walked case in the Scenario lab, in the walker's own link format."""
    page_link(LAB, "Open in Scenario lab", walker_state.encode(answers),
              "Change one finding at a time and compare the recommendations.")


def decode_walker_link(params: Mapping[str, str]) -> dict[str, Any] | None:
    """The case a walker link carries (unanswered fields at their defaults), or None if it carries none."""
    try:
        return validate_case(walker_state.decode(default_pathway(), params))
    except ValueError:  # LinkError: a link the walker would not write
        return None


def lab_link(vignette_id: str, label: str = "Open in Scenario lab") -> None:
    page_link(LAB, label, {"case": vignette_id}, "Change its findings one at a time and compare.")
