"""Bring a heading into view and give it focus after a change, so the result of an action is where the eyes and
the keyboard (and a screen reader, which announces a focused heading) already are."""

from __future__ import annotations

from collections.abc import Hashable

import streamlit as st

# A constant template: only app-authored CSS selectors go into it (never data or query-string text). Streamlit may
# draw the new content a moment after this element, so it waits for the heading. A heading with tabindex -1 is
# announced when focused.
_SCRIPT = """
<script>
(() => { /* move %(move)d */
  const selector = %(selector)s;
  let tries = 0;
  const land = () => {
    const heading = document.querySelector(selector);
    if (!heading) { if (++tries < 40) setTimeout(land, 50); return; }
    heading.setAttribute("tabindex", "-1");
    heading.scrollIntoView({block: "start"});
    heading.focus({preventScroll: true});
  };
  land();
})();
</script>
"""
_SELECTORS = {
    "walker": ".st-key-walker_step h2, .st-key-walker_outcome h2",
    "lab_whatif": ".st-key-lab_whatif h2",
}
_MOVES_KEY = "vcf_into_view_moves"


def bring_into_view(target: str) -> None:
    """Scroll the heading of `target` (a key of `_SELECTORS`) to the top of the view and focus it, once."""
    selector = _SELECTORS[target]
    moves = st.session_state[_MOVES_KEY] = st.session_state.get(_MOVES_KEY, 0) + 1
    # the count makes each move's element differ from the last, so the browser runs the script again
    script = _SCRIPT % {"move": int(moves), "selector": '"' + selector + '"'}
    st.html(script, unsafe_allow_javascript=True)


def shown_anew(key: str, shown: Hashable) -> bool:
    """Remember `shown` under `key` as drawn last; True when it differs from the one drawn before.

    False on the page's first draw, so opening a page leaves focus where the browser puts it.
    """
    before = st.session_state.get(key)
    st.session_state[key] = shown
    return before is not None and before != shown
