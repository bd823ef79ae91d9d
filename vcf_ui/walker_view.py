"""Widgets of the Decision walker. State logic is in vcf_logic.walker_state; this draws it.

The answers live in st.session_state (so they survive a visit to another page) and in the query
string (so a link reopens the walk). Every change goes through `save`, which writes both.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache, partial
from typing import Any

import segno
import streamlit as st

from vcf_logic.engine import shown_cautions
from vcf_logic.evidence import Evidence
from vcf_logic.explorer import explorer_query
from vcf_logic.flowchart import pathway_svg
from vcf_logic.pathway import Pathway
from vcf_logic.pathway_models import Question
from vcf_logic.scenario import SCENARIO_FIELDS, CaseError, entry_problem, range_text
from vcf_logic.walker_state import (
    LinkError,
    WalkerView,
    answer,
    back,
    chosen_option,
    decode,
    detail_fields,
    encode,
    progress,
    recommendation,
)
from vcf_logic.wording import escape_markdown
from vcf_ui.into_view import bring_into_view, shown_anew
from vcf_ui.page_registry import EXPLORER, WALKER
from vcf_ui.presenter import presenter_mode_on
from vcf_ui.recommendation_view import show_cautions, show_recommendation
from vcf_ui.walker_link import lab_link_for_answers

ANSWERS_KEY = "walker_answers"
NOTICE_KEY = "walker_notice"
ERROR_KEY = "walker_error"
ENTRY_PROBLEM_KEY = "walker_entry_problem"  # (input key, message): said under that input
ENTERED_KEY = "walker_entered"  # the last usable number entered per field, shown again after Back
SHOWN_KEY = "walker_shown_step"  # the step drawn last: when the next rerun draws another, it is brought into view

# A constant: never format data or query-string text into it. Enter on a focused answer option presses Next
# (a button's own shortcut does not fire from inside a form control). The choice reruns the page first, so Next
# may still be disabled for a moment.
ENTER_COMMITS_SCRIPT = """
<script>
(() => {
  if (window.vcfWalkerEnter) return;
  window.vcfWalkerEnter = true;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !event.target.matches(".st-key-walker_step input[type=radio]")) return;
    event.preventDefault();
    let tries = 0;
    const press = () => {
      const next = document.querySelector(".st-key-walker_next button");
      if (next && !next.disabled) { next.click(); return; }
      if (++tries < 60) setTimeout(press, 50);
    };
    press();
  }, true);  // capture: the option swallows the key on its way up
})();
</script>
"""


# --- the page's walker: the question (or the outcome) beside the flowchart ------------------------

@st.fragment
def walker(pathway: Pathway, evidence: Evidence) -> None:
    """The walk and the flowchart: a fragment, so an answer, Back or Restart reruns this part of the page only,
    not the page setup and sidebar (their elements cost every step's rerun; README, "Scaling and performance")."""
    answers = current_answers(pathway)
    view = progress(pathway, answers)
    show_notices()
    walk, chart = st.columns([2, 3], gap="small")
    with walk:
        show_progress(view)
        if view.current:
            show_question(pathway, view.current)
        else:
            show_outcome_card(pathway, evidence, view, answers)
        show_controls(pathway, view)
        show_answers_so_far(pathway, view, answers)
        show_share_link(answers)
        bring_step_into_view(view)
    with chart:
        st.header("The whole pathway")
        show_flowchart(pathway, view)
        show_thresholds(pathway)
        show_ambiguities(pathway)


# --- state ---------------------------------------------------------------------------------------

def save(answers: Mapping[str, Any]) -> None:
    st.session_state[ANSWERS_KEY] = dict(answers)
    st.query_params.from_dict(encode(answers))


def current_answers(pathway: Pathway) -> dict[str, Any]:
    """The session's answers; a link's answers when the URL carries other ones (a pasted link)."""
    params = st.query_params.to_dict()
    stored = st.session_state.get(ANSWERS_KEY)
    if stored is not None and (not params or params == encode(stored)):
        answers = stored  # a rerun, or back from another page (the browser dropped the query string)
    elif not params:
        answers = {}
    else:
        try:
            answers = decode(pathway, params)
        except LinkError as exc:
            st.session_state[NOTICE_KEY] = str(exc)
            answers = {}
    if params != encode(answers):
        save(answers)
    st.session_state[ANSWERS_KEY] = answers
    return answers


def _update(pathway: Pathway, values: Mapping[str, Any]) -> None:
    try:
        save(answer(pathway, st.session_state[ANSWERS_KEY], values))
    except CaseError as exc:
        st.session_state[ERROR_KEY] = str(exc)


def _on_option(pathway: Pathway, qid: str, key: str) -> None:
    question = pathway.questions[qid]
    labels = option_labels(pathway, question)
    if st.session_state.get(key) in labels:
        _update(pathway, question.options[labels.index(st.session_state[key])].sets)


def _record_number(pathway: Pathway, field: str, key: str) -> None:
    """Record a typed number only when it is usable; else say why under its input and record nothing."""
    value = st.session_state.get(key)
    if problem := entry_problem(SCENARIO_FIELDS[field], value):
        st.session_state[ENTRY_PROBLEM_KEY] = (key, problem)
        return
    st.session_state[ENTERED_KEY] = {**st.session_state.get(ENTERED_KEY, {}), field: value}
    _update(pathway, {field: value})


def _on_number(pathway: Pathway, qid: str, key: str) -> None:
    _record_number(pathway, pathway.questions[qid].fields[0], key)


def _on_detail(pathway: Pathway, field: str, key: str) -> None:
    if st.session_state.get(key) is None:  # cleared: back to "not known"
        save({f: v for f, v in st.session_state[ANSWERS_KEY].items() if f != field})
    else:
        _record_number(pathway, field, key)


def _on_back(pathway: Pathway) -> None:
    save(back(pathway, st.session_state[ANSWERS_KEY]))


def _on_restart() -> None:
    st.session_state.pop(ENTERED_KEY, None)
    save({})


def show_notices() -> None:
    if reason := st.session_state.pop(NOTICE_KEY, None):
        st.warning("That link could not be used, so the walk starts fresh. "
                   f"(Reason: {escape_markdown(reason)})", icon="🔗")
    if problem := st.session_state.pop(ERROR_KEY, None):
        st.error(f"That answer could not be used: {escape_markdown(problem)}")


# --- the question ------------------------------------------------------------------------------

def option_labels(pathway: Pathway, question: Question) -> list[str]:
    return [pathway.fill(option.label) for option in question.options]


def _cited(pathway: Pathway, question: Question) -> str:
    return pathway.marker(pathway.references_of([question]))


def _number_input(field: str, key: str, value: Any, on_change, args: tuple, placeholder: str = "not known",
                  question: bool = False) -> None:
    """A slider for a short scale already answered; else (and always for the question) a number input.

    The number input has no bounds on purpose: a bounded one silently keeps its old value when the learner
    types one out of range (600 weeks recorded as 0), so the range is checked on recording and stated.
    It is a float input ('%g' shows 14, not 14.00), whose forged NaN or infinity Streamlit reads as empty.
    """
    spec = SCENARIO_FIELDS[field]
    label = spec.form_label
    whole = value is None or float(value).is_integer()
    if not question and spec.maximum <= 10 and value is not None and whole and spec.minimum <= value <= spec.maximum:
        st.slider(label, int(spec.minimum), int(spec.maximum), value=int(value), step=1, key=key,
                  on_change=on_change, args=args)
    else:
        st.number_input(label, value=None if value is None else float(value), step=1.0, format="%g", key=key,
                        on_change=on_change, args=args, placeholder=placeholder,
                        help=f"{spec.label}: {range_text(spec)}.")
    problem = st.session_state.get(ENTRY_PROBLEM_KEY)
    if problem and problem[0] == key:
        st.error(escape_markdown(st.session_state.pop(ENTRY_PROBLEM_KEY)[1]), icon="✋")


def _next_shortcut() -> str:
    """Enter on a laptop; in presenter mode PageDown, which a presentation clicker sends."""
    return "PageDown" if presenter_mode_on() else "Enter"


def show_question(pathway: Pathway, qid: str) -> None:
    with st.container(key="walker_step"):
        _show_question(pathway, qid)
    st.html(ENTER_COMMITS_SCRIPT, unsafe_allow_javascript=True)


def _show_question(pathway: Pathway, qid: str) -> None:
    question = pathway.questions[qid]
    st.header(escape_markdown(pathway.fill(question.question)), anchor=False)
    st.markdown(f"💡 {escape_markdown(pathway.fill(question.hint))}")
    show_cautions(shown_cautions(pathway, question.statements), heading="Cautions for this step")
    key = f"q_{qid}"
    if question.options:  # arrows only move the choice; Next (or Enter) commits it
        st.radio("Your answer", option_labels(pathway, question), index=None, key=key,
                 format_func=escape_markdown)  # data text, shown as written: no links or markup
        st.button("Next ➜", key="walker_next", type="primary", on_click=_on_option, args=(pathway, qid, key),
                  disabled=st.session_state.get(key) is None, shortcut=_next_shortcut(),
                  help="Choose an answer first, then Next (or Enter) moves on.")
    else:
        field = question.fields[0]
        _number_input(field, key, st.session_state.get(ENTERED_KEY, {}).get(field), None, (),
                      placeholder="not answered yet", question=True)
        st.button("Next ➜", key="walker_next", type="primary", on_click=_on_number, args=(pathway, qid, key))
    st.info(f"**Why it matters.** {escape_markdown(pathway.fill(question.why))}{_cited(pathway, question)}")


def show_progress(view: WalkerView) -> None:
    if view.outcome:
        text = f"Outcome reached after {view.answered} questions"
    else:
        text = f"Question {view.answered + 1} of at most {view.answered + view.remaining}"
    st.progress(view.fraction_done, text=text)


def show_controls(pathway: Pathway, view: WalkerView) -> None:
    left, right = st.columns(2)
    left.button("⬅ Back", key="walker_back", on_click=_on_back, args=(pathway,), disabled=not view.steps,
                width="stretch", shortcut="PageUp" if presenter_mode_on() else None)
    right.button("↺ Restart", key="walker_restart", on_click=_on_restart, disabled=not view.steps,
                 width="stretch")


def show_answers_so_far(pathway: Pathway, view: WalkerView, answers: Mapping[str, Any]) -> None:
    """Each answered question with its answer in an input: change it and the walk follows."""
    if not view.steps:
        return
    with st.expander(f"Your answers so far ({view.answered}) — change any of them", expanded=True):
        for step in view.steps:
            question = pathway.questions[step.node]
            key = f"edit_{step.node}"
            label = escape_markdown(pathway.fill(question.label))
            if question.options:
                st.selectbox(label, option_labels(pathway, question), index=chosen_option(question, answers),
                             key=key, on_change=_on_option, args=(pathway, step.node, key))
            else:
                _number_input(question.fields[0], key, answers[question.fields[0]], _on_number,
                              (pathway, step.node, key))
            st.caption(f"➜ {escape_markdown(step.reason)}")


# --- the outcome --------------------------------------------------------------------------------

def _show_details(pathway: Pathway, view: WalkerView, answers: Mapping[str, Any]) -> None:
    fields = detail_fields(pathway, view.outcome, answers)
    if not fields:
        return
    st.markdown("**Enter what is known to check the criteria** (leave empty when not known)")
    for column, field in zip(st.columns(len(fields)), fields, strict=True):
        with column:
            key = f"detail_{field}"
            _number_input(field, key, answers.get(field), _on_detail, (pathway, field, key))


def show_evidence_links(pathway: Pathway, topics: tuple[str, ...]) -> None:
    if not topics:
        return
    st.markdown("**The evidence behind these numbers**")
    for topic in topics:
        label = pathway.content.evidence_topics[topic]
        st.page_link(EXPLORER.path, label=escape_markdown(label), icon=EXPLORER.icon,
                     query_params=explorer_query(topic))


def show_outcome_card(pathway: Pathway, evidence: Evidence, view: WalkerView, answers: Mapping[str, Any]) -> None:
    """Outcome first: title, the claim check's flag, cautions, what to do; why, pitfalls, references one tab away."""
    rec = recommendation(pathway, answers)
    with st.container(border=True, key="walker_outcome"):
        show_recommendation(rec, evidence, reveal_key=f"walker_{'_'.join(view.path)}", level=2, title_waits=False,
                            after_actions=lambda: _show_details(pathway, view, answers),
                            evidence_links=lambda: show_evidence_links(pathway, rec.evidence_topics))
        lab_link_for_answers(answers)


def bring_step_into_view(view: WalkerView) -> None:
    """After an answer, Back or Restart: the new question or the outcome's title in view, focused, announced.

    Not on opening the page (focus stays where the browser puts it), nor when an outcome's detail is entered.
    """
    if shown_anew(SHOWN_KEY, (view.current, view.outcome, view.answered)):
        bring_into_view("walker")


# --- the flowchart and the small print ------------------------------------------------------------

PRESENTER_RANKS_AROUND = 2  # in presenter mode the chart shows two ranks either side of the question now
FLOWCHART_OPEN_KEY = "walker_flowchart_open"

# A constant: never format data or query-string text into it. Where Streamlit stacks the columns (a phone), the
# picture, whose text would be ~8 px high there, waits behind the toggle (one tap away) and the path in words
# comes first; wider, the picture is always shown beside the question and the toggle is not drawn.
PHONE_FLOWCHART_CSS = """
<style>
@media (max-width: 640px) { .st-key-walker_flowchart_frame { display: none; } }
@media (min-width: 641px) { .st-key-walker_flowchart_open { display: none; } }
</style>
"""


def path_text(pathway: Pathway, view: WalkerView) -> str:
    """The flowchart's text equivalent: the path so far with each answer, then the branches ahead."""
    lines = [f"{n}. {escape_markdown(pathway.fill(pathway.questions[step.node].label))} — "
             f"*{escape_markdown(step.reason)}*" for n, step in enumerate(view.steps, 1)]
    if view.current:
        question = pathway.questions[view.current]
        lines.append(f"{len(view.steps) + 1}. **▶ {escape_markdown(pathway.fill(question.label))}** (now)")
        targets = {**pathway.questions, **pathway.outcomes}
        ahead = [f"    - {escape_markdown(pathway.fill(b.label))} → "
                 f"{escape_markdown(pathway.fill(targets[b.go].label))}" for b in question.branches]
        lines += list(dict.fromkeys(ahead))
    elif view.outcome:
        reached = pathway.fill(pathway.outcomes[view.outcome].label)
        lines.append(f"{len(view.steps) + 1}. **✔ {escape_markdown(reached)}**")
    return "\n".join(lines) if lines else "Not started."


def show_flowchart(pathway: Pathway, view: WalkerView) -> None:
    """The pathway as a picture drawn on the server (cached per walk), its text equivalent, and an SVG download."""
    ranks = PRESENTER_RANKS_AROUND if presenter_mode_on() else None
    svg = pathway_svg(pathway, view.path, view.current, ranks)
    st.html(PHONE_FLOWCHART_CSS)
    opened = st.toggle("🗺️ Show the whole flowchart", key=FLOWCHART_OPEN_KEY,
                       help="On a phone the flowchart waits here, one tap away; its words are below.")
    with st.container(key="walker_flowchart_frame_open" if opened else "walker_flowchart_frame"):
        with st.container(key="walker_flowchart"):
            st.image(svg, width="stretch" if ranks is None else "content",
                     alt="Flowchart of the pathway, the path taken in bold blue; listed in words below it.")
        st.caption("**Bold blue**: the path taken · **yellow, double border ▶**: the question now · "
                   "**green ✔**: the outcome reached. Arrows carry the answer that takes them.")
    with st.expander("The flowchart in words: the path so far and the branches ahead", expanded=True):
        st.markdown(path_text(pathway, view))
    st.download_button("⬇️ Flowchart as SVG (for slides)", partial(pathway_svg, pathway, view.path, view.current),
                       file_name="vcf_pathway.svg", mime="image/svg+xml", on_click="ignore", key="flowchart_svg")
    # made on the click (the function is passed, not its 23 kB of SVG), not on every answer


@lru_cache(maxsize=8)  # the same text on every rerun: one markdown element, composed once per pathway
def _thresholds_text(pathway: Pathway) -> str:
    return "\n".join(f"- {escape_markdown(pathway.fill(t.text))}" for t in pathway.content.thresholds.values())


@lru_cache(maxsize=8)
def _ambiguities_text(pathway: Pathway) -> str:
    return "\n\n".join(f"**{escape_markdown(item.topic)}**  \n"
                       f"*The summary:* {escape_markdown(item.source_says)}  \n"
                       f"*This app:* {escape_markdown(pathway.fill(item.app_does))}"
                       for item in pathway.content.ambiguities)


def show_thresholds(pathway: Pathway) -> None:
    with st.expander("Thresholds this pathway uses"):
        st.markdown(_thresholds_text(pathway))


def show_ambiguities(pathway: Pathway) -> None:
    with st.expander(f"Where the source is ambiguous ({len(pathway.content.ambiguities)}), and what this app does"):
        st.markdown(_ambiguities_text(pathway))


def show_share_link(answers: Mapping[str, Any]) -> None:
    if not answers:
        return
    url = st.context.url.split("?")[0] if st.context.url else WALKER.url()
    query = "&".join(f"{k}={v}" for k, v in encode(answers).items())
    st.caption("Link to this exact step (the address bar holds it too); the button at its right copies it:")
    st.code(f"{url}?{query}", language=None, wrap_lines=True)
    if presenter_mode_on():  # the room follows on their phones
        st.image(share_qr_svg(f"{url}?{query}"), caption="Scan to open this step on your phone", width=220,
                 alt="QR code of the link to this step")


@lru_cache(maxsize=256)
def share_qr_svg(link: str) -> str:
    """A QR code of the share link, drawn offline (segno, pure Python) as SVG."""
    return segno.make(link, error="m").svg_inline(scale=5, border=2, title="QR code of the link to this step")
