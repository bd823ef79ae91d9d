"""Presenter mode for a lecture hall: larger type, no sidebar, one step revealed at a time (PageDown, as a
presentation clicker sends it; PageUp goes back in the walker), the flowchart cropped around the question now,
and a QR code of the walker's share link.

Turned on by `?presenter=1` in a link or by the "Presenter mode" toggle; it then stays on for
the session (on every page) until the toggle turns it off.
"""

from __future__ import annotations

import streamlit as st

STATE_KEY = "vcf_presenter_mode"
TOGGLE_KEY = "vcf_presenter_toggle"
REVEAL_KEY = "vcf_presenter_revealed"
QUERY_KEY = "presenter"

# A constant: never format data or query-string text into it.
PRESENTER_CSS = """
<style>
html { font-size: 137.5%; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapseButton"] { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100%; padding-left: 3rem; padding-right: 3rem; }
</style>
"""


def presenter_mode_on() -> bool:
    return bool(st.session_state.get(STATE_KEY, False))


def _take_from_link() -> None:
    """Read `?presenter=` once and drop it from the address: pages that keep their own state in the
    link (the walker's answers, the quiz seed) then never see a key that is not theirs."""
    value = st.query_params.get(QUERY_KEY)
    if value is not None:
        st.session_state[STATE_KEY] = value.strip().lower() in ("1", "true", "on", "yes")
        del st.query_params[QUERY_KEY]


def _on_toggle() -> None:
    st.session_state[STATE_KEY] = bool(st.session_state[TOGGLE_KEY])


def apply_presenter_mode() -> bool:
    """Read the link, draw the toggle (in the sidebar, or on the page while the sidebar is hidden), style the page."""
    _take_from_link()
    on = presenter_mode_on()
    st.session_state[TOGGLE_KEY] = on
    where = st.container() if on else st.sidebar
    where.toggle("Presenter mode", key=TOGGLE_KEY, on_change=_on_toggle,
                 help="Larger type, no sidebar, one step at a time: for projecting in a lecture hall. "
                      "Add ?presenter=1 to a link to open a page this way.")
    if on:
        st.html(PRESENTER_CSS)
    return on


def steps_to_show(key: str, total: int) -> int:
    """How many of `total` steps to draw: all of them, or in presenter mode as many as revealed so far."""
    if not presenter_mode_on():
        return total
    return min(st.session_state.get(REVEAL_KEY, {}).get(key, 0), total)


def _reveal_one(key: str) -> None:
    revealed = st.session_state.setdefault(REVEAL_KEY, {})
    revealed[key] = revealed.get(key, 0) + 1


def reveal_next_button(key: str, total: int, labels: list[str] | None = None) -> None:
    """In presenter mode, a button that reveals the next step; `key` should change when the content does."""
    shown = steps_to_show(key, total)
    if not presenter_mode_on() or shown >= total:
        return
    name = labels[shown] if labels and shown < len(labels) else "next step"
    st.button(f"▶ Reveal {name} ({shown + 1} of {total})", key=f"reveal_{key}", on_click=_reveal_one, args=(key,),
              type="primary", shortcut="PageDown")  # what a presentation clicker sends
