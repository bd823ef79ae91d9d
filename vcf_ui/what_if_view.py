"""The what-if panel: pinned case and current case side by side, what changed, and the deciding rule."""

from __future__ import annotations

import streamlit as st

from vcf_logic.engine import Recommendation
from vcf_logic.what_if import Comparison, DecidingRule
from vcf_logic.wording import escape_markdown
from vcf_ui.presenter import reveal_next_button, steps_to_show
from vcf_ui.recommendation_view import MET_MARK, show_reasons

# In presenter mode the class first sees what changed, then (one click each) what decided it and both routes.
STEP_NAMES = ["what decides it", "both routes"]


def _changes_table(comparison: Comparison) -> str:
    rows = [f"| {escape_markdown(c.label)} | {escape_markdown(c.before_text)} | **{escape_markdown(c.after_text)}** |"
            for c in comparison.changes]
    return "\n".join(["| finding | pinned case | current case |", "|---|---|---|", *rows])


def _deciding_rule(rule: DecidingRule) -> None:
    st.warning(
        f"**Deciding rule — {escape_markdown(rule.label)}**  \n"
        f"{escape_markdown(rule.question)}  \n"
        f"Pinned case: *{escape_markdown(rule.before_branch)}* → current case: *{escape_markdown(rule.after_branch)}*",
        icon="⚖️",
    )


def _criteria_list(rec: Recommendation, changed: set[str]) -> str:
    lines = []
    for c in rec.criteria.items:
        text = f"{escape_markdown(c.criterion)}: {MET_MARK[c.met]}"
        lines.append(f"- **➜ {text}**" if c.criterion in changed else f"- {text}")
    return "\n".join(lines)


def _side(heading: str, rec: Recommendation, comparison: Comparison) -> None:
    st.markdown(f"### {heading}")
    st.info(f"**{escape_markdown(rec.title)}**")
    rule = comparison.deciding_rule
    highlight = rec.path.index(rule.node) if rule and rule.node in rec.path else None
    show_reasons(rec, highlight)
    if rec.criteria:
        st.markdown(_criteria_list(rec, {c.criterion for c in comparison.criteria_changes}))


def show_comparison(comparison: Comparison, reveal_key: str) -> None:
    """Differing findings first, then the deciding rule, then both recommendations with its step marked ➜.

    In presenter mode the last two wait for a click each (`reveal_key` restarts the count).
    """
    if not comparison.changes:
        st.caption("The current case is the same as the pinned one: change a finding in the form to compare.")
        return
    st.markdown(_changes_table(comparison))
    parts = [lambda: _verdict(comparison), lambda: _both_routes(comparison)]
    for part in parts[:steps_to_show(reveal_key, len(parts))]:
        part()
    reveal_next_button(reveal_key, len(parts), STEP_NAMES)


def _verdict(comparison: Comparison) -> None:
    if comparison.deciding_rule:
        _deciding_rule(comparison.deciding_rule)
    elif comparison.criteria_changes:
        changed = "; ".join(f"{escape_markdown(c.criterion)}: {MET_MARK[c.before]} → {MET_MARK[c.after]}"
                            for c in comparison.criteria_changes)
        st.warning(f"**Same route, different decompressive-surgery criteria** — {changed}", icon="⚖️")
    else:
        st.caption("Both cases take the same route through the pathway: the change does not alter the outcome.")


def _both_routes(comparison: Comparison) -> None:
    left, right = st.columns(2)
    with left:
        _side("📌 Pinned case", comparison.before, comparison)
    with right:
        _side("✏️ Current case", comparison.after, comparison)
