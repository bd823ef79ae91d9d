"""The Scenario lab's state: where the current case came from, the pinned case, uploads and links.

Loading never touches anything but the form's keys, so a refused upload loses nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from vcf_logic.case_library import CaseLibrary
from vcf_logic.engine import recommend_values
from vcf_logic.scenario_files import ScenarioFileError, case_fingerprint, parse_scenario_file
from vcf_logic.what_if import Comparison
from vcf_logic.wording import escape_markdown
from vcf_ui.into_view import bring_into_view, shown_anew
from vcf_ui.scenario_form import load_into_form
from vcf_ui.session import record_case

SOURCE_KEY = "lab_source"
PINNED_KEY = "lab_pinned"
MESSAGE_KEY = "lab_message"
LINK_KEY = "lab_applied_link"
UPLOAD_KEY = "lab_upload"  # the uploader's key is this plus a count of files read so far
UPLOADS_READ_KEY = "lab_uploads_read"
PICK_KEY = "lab_pick"
SHOWN_KEY = "lab_shown_case"  # the case compared last: a different one is brought into view


@dataclass(frozen=True)
class LoadedCase:
    label: str
    source: str
    case: dict[str, Any]


def load_case(label: str, source: str, case: Mapping[str, Any]) -> None:
    """Fill the form, remember where the case came from, and note it in the session summary."""
    load_into_form(case)
    st.session_state[SOURCE_KEY] = LoadedCase(label, source, dict(case))
    record_case(label, source, case, recommend_values(case))


def current_label(case: Mapping[str, Any]) -> str:
    loaded: LoadedCase | None = st.session_state.get(SOURCE_KEY)
    if loaded is None:
        return "Custom case"
    return loaded.label if loaded.case == dict(case) else f"{loaded.label} (edited)"


def set_message(kind: str, text: str) -> None:
    st.session_state[MESSAGE_KEY] = (kind, text)


def show_message() -> None:
    kind, text = st.session_state.get(MESSAGE_KEY, (None, None))
    if kind == "error":
        st.error(escape_markdown(text), icon="🚫")  # it quotes the file's name and fields: learner text
    elif kind == "success":
        st.success(escape_markdown(text), icon="📂")


def upload_key() -> str:
    """A fresh uploader after each file read, so the same file can be loaded again after edits."""
    return f"{UPLOAD_KEY}_{st.session_state.get(UPLOADS_READ_KEY, 0)}"


def on_upload(key: str) -> None:
    """Callback of the file uploader: load a valid file, or say exactly why it was refused."""
    uploaded = st.session_state.get(key)
    if uploaded is None:
        return
    st.session_state[UPLOADS_READ_KEY] = st.session_state.get(UPLOADS_READ_KEY, 0) + 1
    try:
        scenario = parse_scenario_file(uploaded.getvalue())
    except ScenarioFileError as exc:
        set_message("error", f"{uploaded.name} was not loaded. {exc.sentence} Your current case is unchanged.")
        return
    load_case(scenario.title or uploaded.name, "scenario file", scenario.case)
    set_message("success", f"Loaded {uploaded.name}.")


def on_pick(library: CaseLibrary) -> None:
    """Callback of the library picker."""
    vignette = library.get(st.session_state.get(PICK_KEY) or "")
    if vignette is not None:
        load_case(vignette.title, "case library", vignette.case)
        st.session_state.pop(MESSAGE_KEY, None)


def apply_link(library: CaseLibrary, decode_walker_link=None) -> None:
    """Load `?case=<vignette id>` (or a walker link's case) once per distinct link."""
    params = {k: v for k, v in st.query_params.to_dict().items() if k != "presenter"}
    signature = tuple(sorted(params.items()))
    if not params or st.session_state.get(LINK_KEY) == signature:
        return
    st.session_state[LINK_KEY] = signature
    if "case" in params:
        vignette = library.get(params["case"])
        if vignette is None:
            set_message("error", "The link names a case that is not in the case library.")
            return
        load_case(vignette.title, "case library", vignette.case)
        st.session_state[PICK_KEY] = vignette.id
    elif decode_walker_link is not None:
        case = decode_walker_link(params)
        if case is None:
            set_message("error", "The link does not hold a case the lab can read; the form is unchanged.")
            return
        load_case("Case from the decision walker", "walker link", case)


def pin(label: str, case: Mapping[str, Any]) -> None:
    st.session_state[PINNED_KEY] = LoadedCase(label, "pinned", dict(case))
    record_case(label, "pinned in the lab", case, recommend_values(case))


def unpin() -> None:
    st.session_state.pop(PINNED_KEY, None)


def pinned() -> LoadedCase | None:
    return st.session_state.get(PINNED_KEY)


def bring_comparison_into_view(case: Mapping[str, Any], comparison: Comparison) -> None:
    """After a what-if change (the case now differs from the pinned one, and from the last case shown), the
    comparison's heading, then the new verdict under it, scrolled to the top of the view and focused."""
    if shown_anew(SHOWN_KEY, case_fingerprint(case)) and comparison.changes:
        bring_into_view("lab_whatif")
