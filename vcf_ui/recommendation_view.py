"""A recommendation on screen, outcome first: a compact head (title, the claim check's flag, summary, cautions,
what to do), then why, pitfalls and the evidence one click away.

Safety: the cautions are always drawn before the actions. In presenter mode the parts appear one at a time,
each on the presenter's click (PageDown on a clicker).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from vcf_logic.engine import Recommendation, ShownCaution
from vcf_logic.evidence import Evidence
from vcf_logic.scenario import SCENARIO_FIELDS
from vcf_logic.wording import escape_markdown
from vcf_ui.citations import show_reference_list
from vcf_ui.presenter import presenter_mode_on, reveal_next_button, steps_to_show

MET_MARK = {True: "✅ met", False: "❌ not met", None: "❔ not known"}
Part = Callable[[], None]


def _numbered(items: tuple[str, ...], highlight: int | None = None) -> str:
    lines = []
    for number, item in enumerate(items, 1):
        text = escape_markdown(item)
        lines.append(f"{number}. **➜ {text}**" if number - 1 == highlight else f"{number}. {text}")
    return "\n".join(lines)


def _bullets(items: tuple[str, ...]) -> str:
    return "\n".join(f"- {escape_markdown(item)}" for item in items)


def show_outcome(rec: Recommendation, level: int = 3) -> None:
    """The title as a heading in a green box, the claim check's flag, the summary, what was not recorded."""
    st.success(f"{'#' * level} 🧭 {escape_markdown(rec.title)}")
    if badge := rec.verdict_badge:
        verdict, caution = badge
        st.markdown(f"⚖️ **Claim check: {escape_markdown(verdict)}** — {escape_markdown(caution)}")  # wraps
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


def show_recommendation(rec: Recommendation, evidence: Evidence, reveal_key: str, *, level: int = 3,
                        title_waits: bool = True, after_actions: Part | None = None,
                        evidence_links: Part | None = None) -> None:
    """The outcome card. Head and actions in full; why, pitfalls and references in tabs.

    In presenter mode one part per click (`reveal_key` restarts the count): the head (unless `title_waits` is
    False, when the title and cautions are there at once), what to do, why and pitfalls, the evidence.
    """
    def actions() -> None:
        show_actions(rec)
        if after_actions:
            after_actions()

    def references() -> None:
        if evidence_links:
            evidence_links()
        show_reference_list(evidence, rec.references)

    head: Part = lambda: (show_outcome(rec, level), show_cautions(rec.cautions))  # noqa: E731  cautions first
    if not presenter_mode_on():
        head()
        actions()
        why, pitfalls, sources = st.tabs([f"Why ({len(rec.reasons)} steps)", f"Pitfalls ({len(rec.pitfalls)})",
                                          f"Evidence and references ({len(rec.references)})"])
        with why:
            show_reasons(rec)
        with pitfalls:
            show_pitfalls(rec)
        with sources:
            references()
        return
    parts: list[Part] = [actions, lambda: (show_reasons(rec), show_pitfalls(rec)), references]
    names = ["what to do", "why and the pitfalls", "the evidence"]
    if title_waits:
        parts, names = [head, *parts], ["the recommendation", *names]
    else:
        head()
    for part in parts[:steps_to_show(reveal_key, len(parts))]:
        part()
    reveal_next_button(reveal_key, len(parts), names)
