"""A recommendation on screen: outcome, reasons, actions, pitfalls, references, in that order.

In presenter mode the parts appear one at a time, each on the presenter's click.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from vcf_logic.engine import Recommendation, ShownCaution
from vcf_logic.evidence import Evidence
from vcf_logic.scenario import SCENARIO_FIELDS
from vcf_logic.wording import escape_markdown
from vcf_ui.citations import show_citations
from vcf_ui.presenter import reveal_next_button, steps_to_show

STEP_NAMES = ["the recommendation", "why", "cautions", "what to do", "pitfalls", "references"]
MET_MARK = {True: "✅ met", False: "❌ not met", None: "❔ not known"}


def _numbered(items: tuple[str, ...], highlight: int | None = None) -> str:
    lines = []
    for number, item in enumerate(items, 1):
        text = escape_markdown(item)
        lines.append(f"{number}. **➜ {text}**" if number - 1 == highlight else f"{number}. {text}")
    return "\n".join(lines)


def _bullets(items: tuple[str, ...]) -> str:
    return "\n".join(f"- {escape_markdown(item)}" for item in items)


def show_outcome(rec: Recommendation) -> None:
    st.success(f"**{escape_markdown(rec.title)}**", icon="🧭")
    st.markdown(escape_markdown(rec.summary))
    if rec.not_recorded:
        names = ", ".join(SCENARIO_FIELDS[f].label for f in rec.not_recorded)
        st.warning(f"**Not recorded:** {escape_markdown(names)}. The app read each as the scenario format's "
                   "default only to choose a branch; the summary above assumes them. Record them to be sure.",
                   icon="❔")


def cautions_markdown(cautions: tuple[ShownCaution, ...]) -> str:
    """Each caution with the summary's words it qualifies and their verdict; all data text escaped."""
    blocks = []
    for caution in cautions:
        lines = [f"**{escape_markdown(caution.title)}.** {escape_markdown(caution.text)}"]
        lines += [f"*The summary says:* “{escape_markdown(s.text)}” — claim check: "
                  f"**{escape_markdown(s.verdict_label)}**" for s in caution.summary_says]
        blocks.append("  \n".join(lines))
    return "\n\n".join(blocks)


def show_cautions(cautions: tuple[ShownCaution, ...], heading: str = "Cautions: read before acting") -> None:
    if cautions:
        st.warning(f"**{heading}**\n\n{cautions_markdown(cautions)}", icon="⚠️")


def show_reasons(rec: Recommendation, highlight: int | None = None) -> None:
    st.markdown("**Why: the findings that led here, in order**")
    st.markdown(_numbered(rec.reasons, highlight))


def show_criteria(rec: Recommendation) -> None:
    if not rec.criteria:
        return
    st.markdown(f"**{escape_markdown(rec.criteria.label)}** — {escape_markdown(rec.criteria.verdict)}")
    rows = [f"| {escape_markdown(c.criterion)} | {MET_MARK[c.met]} | {escape_markdown(c.detail)} |"
            for c in rec.criteria.items]
    st.markdown("\n".join(["| criterion | | this case |", "|---|---|---|", *rows]))


def show_actions(rec: Recommendation) -> None:
    st.markdown("**What to do**")
    st.markdown(_bullets(rec.actions))
    show_criteria(rec)


def show_pitfalls(rec: Recommendation) -> None:
    if rec.pitfalls:
        st.markdown("**Pitfalls to avoid**")
        st.markdown(_bullets(rec.pitfalls))
    else:
        st.caption("No specific pitfall for this outcome.")


def show_recommendation(rec: Recommendation, evidence: Evidence, reveal_key: str) -> None:
    """The whole recommendation; in presenter mode one part per click (`reveal_key` restarts the count)."""
    parts: list[Callable[[], None]] = [
        lambda: show_outcome(rec),
        lambda: show_reasons(rec),
        lambda: show_cautions(rec.cautions),
        lambda: show_actions(rec),
        lambda: show_pitfalls(rec),
        lambda: (st.markdown("**References**"), show_citations(evidence, rec.references)),
    ]
    for part in parts[:steps_to_show(reveal_key, len(parts))]:
        part()
    reveal_next_button(reveal_key, len(parts), STEP_NAMES)
