"""The Self-check quiz on screen: seed from the link, one question at a time, feedback, running score."""

from __future__ import annotations

import streamlit as st

from vcf_logic.case_library import CaseLibrary, Vignette
from vcf_logic.engine import recommend_values
from vcf_logic.pathway import default_pathway
from vcf_logic.quiz import SEED_MAX, AnswerFeedback, QuizState, check_answer, new_seed, outcome_titles, parse_seed
from vcf_logic.session_report import AnsweredQuestion
from vcf_logic.wording import escape_markdown
from vcf_ui.citations import show_reference_list
from vcf_ui.presenter import presenter_mode_on, reveal_next_button, steps_to_show
from vcf_ui.recommendation_view import show_cautions
from vcf_ui.session import session_record
from vcf_ui.walker_link import lab_link, walker_link

QUIZ_KEY = "vcf_quiz"
SEED_INPUT_KEY = "quiz_seed_input"
FEEDBACK_STEPS = ["the answer", "the cautions", "why", "the teaching point", "references"]


def choice_key(vignette_id: str) -> str:
    return f"quiz_choice_{vignette_id}"


def _start(library: CaseLibrary, seed: int) -> QuizState:
    state = QuizState.start(library.ids(), seed)
    st.session_state[QUIZ_KEY] = state
    return state


def quiz_state(library: CaseLibrary) -> QuizState:
    """The learner's quiz; a `?seed=` in the link fixes the order, and the link always shows the seed in use."""
    raw_seed = st.query_params.get("seed")
    link_seed = parse_seed(raw_seed)
    state: QuizState | None = st.session_state.get(QUIZ_KEY)
    if state is None or sorted(state.order) != sorted(library.ids()):
        state = _start(library, link_seed if link_seed is not None else new_seed())
    elif link_seed is not None and link_seed != state.seed:
        state = _start(library, link_seed)
    if raw_seed is not None and link_seed is None:  # a typo in a class link: say so rather than shuffle silently
        st.warning(f"The link's quiz order “{escape_markdown(str(raw_seed)[:20])}” is not a whole number from 1 to "
                   f"{SEED_MAX:,}, so it was not used: this quiz runs in order {state.seed}. For the class's order, "
                   "ask for the link again.", icon="⚠️")
    if raw_seed != str(state.seed):
        st.query_params["seed"] = str(state.seed)
    record = session_record()
    record.quiz_seed, record.quiz_total = state.seed, len(state.order)
    return state


def _check(library: CaseLibrary, vignette_id: str) -> None:
    """Callback of 'Check answer': the first answer to a question is the one that counts."""
    chosen = st.session_state.get(choice_key(vignette_id))
    state: QuizState = st.session_state[QUIZ_KEY]
    if chosen is None or not state.answer(vignette_id, chosen):
        return
    vignette = library.get(vignette_id)
    feedback = check_answer(vignette, chosen, recommend_values(vignette.case))
    titles = outcome_titles(default_pathway())
    session_record().record_answer(AnsweredQuestion(
        vignette_id=vignette_id, title=vignette.title, chosen_title=titles[chosen],
        expected_title=titles[feedback.expected], correct=feedback.correct, references=feedback.references))


def _next() -> None:
    st.session_state[QUIZ_KEY].advance()


def _restart(library: CaseLibrary, seed: int) -> None:
    for vignette_id in library.ids():
        st.session_state.pop(choice_key(vignette_id), None)
    _start(library, seed)
    st.query_params["seed"] = str(seed)


def reveal_key(state: QuizState, vignette_id: str) -> str:
    return f"quiz_{state.seed}_{vignette_id}"


def _verdict_waits(state: QuizState) -> bool:
    """In presenter mode the score would give the answer away until the presenter reveals the verdict."""
    current = None if state.finished else state.current
    return current in state.answers and steps_to_show(reveal_key(state, current), 1) == 0


def show_score(state: QuizState, library: CaseLibrary) -> None:
    score = state.score(library.expected_outcomes())
    if _verdict_waits(state):
        st.metric("Score this session", "…", help="Shown once the answer is revealed.")
    else:
        st.metric("Score this session", f"{score.right} / {score.answered}",
                  help=f"{score} — only your first answer to each question counts.")
    st.progress(min(state.position, score.total) / score.total,
                text=f"Question {min(state.position + 1, score.total)} of {score.total}")


def _verdict(feedback: AnswerFeedback, titles: dict[str, str]) -> None:
    if feedback.correct:
        st.success(f"**Right:** {escape_markdown(titles[feedback.expected])}", icon="✅")
    else:
        st.error(f"**Not quite.** You chose *{escape_markdown(titles[feedback.chosen])}*; the pathway leads to "
                 f"**{escape_markdown(titles[feedback.expected])}**.", icon="❌")


def show_feedback(feedback: AnswerFeedback, evidence, reveal_key: str) -> None:
    """Verdict, the engine's reasons, the teaching point, the references; one per click in presenter mode."""
    titles = outcome_titles(default_pathway())
    parts = [
        lambda: _verdict(feedback, titles),
        lambda: show_cautions(feedback.cautions, heading="Cautions on this case"),
        lambda: st.markdown("**Why**\n\n" + "\n".join(f"{n}. {escape_markdown(r)}"
                                                         for n, r in enumerate(feedback.reasons, 1))),
        lambda: st.info(f"**Teaching point:** {escape_markdown(feedback.teaching_point)}", icon="🎓"),
        lambda: _references(evidence, feedback.references),
    ]
    for part in parts[:steps_to_show(reveal_key, len(parts))]:
        part()
    reveal_next_button(reveal_key, len(parts), FEEDBACK_STEPS)


def _references(evidence, ref_ids) -> None:
    with st.expander(f"References ({len(set(ref_ids))})"):
        show_reference_list(evidence, ref_ids, heading="The sources behind this answer")


def show_question(vignette: Vignette, state: QuizState, library: CaseLibrary, evidence) -> None:
    titles = outcome_titles(default_pathway())
    st.header(f"Question {state.position + 1}: {escape_markdown(vignette.title)}")
    st.markdown(escape_markdown(vignette.story))
    answered = state.answers.get(vignette.id)
    st.radio("What is the next step?", list(titles), format_func=lambda outcome: escape_markdown(titles[outcome]),
             index=None, key=choice_key(vignette.id), disabled=answered is not None)
    if answered is None:
        st.button("Check answer", type="primary", on_click=_check, args=(library, vignette.id),
                  disabled=st.session_state.get(choice_key(vignette.id)) is None,
                  shortcut="PageDown" if presenter_mode_on() else None)
        return
    feedback = check_answer(vignette, answered, recommend_values(vignette.case))
    show_feedback(feedback, evidence, reveal_key=reveal_key(state, vignette.id))
    last = state.position + 1 >= len(state.order)
    with st.container(horizontal=True, vertical_alignment="center"):
        revealed = steps_to_show(reveal_key(state, vignette.id), len(FEEDBACK_STEPS)) == len(FEEDBACK_STEPS)
        st.button("See my score" if last else "Next question ▶", on_click=_next, type="primary",
                  shortcut="PageDown" if presenter_mode_on() and revealed else None)
        lab_link(vignette.id, "Explore in the Scenario lab")
        walker_link(vignette.case)


def show_finished(state: QuizState, library: CaseLibrary) -> None:
    score = state.score(library.expected_outcomes())
    st.header("Quiz complete")
    st.markdown(f"You answered **{score.right} of {score.answered}** right ({score.percent}%).")
    again, fresh = st.columns(2)
    again.button("Start again, same order", on_click=_restart, args=(library, state.seed))
    fresh.button("Start again, new order", on_click=_restart, args=(library, new_seed()))


def class_settings(state: QuizState, library: CaseLibrary) -> None:
    """For an instructor: the seed that fixes the order, and a way to choose one."""
    with st.expander("👩‍🏫 For a class: one question order for everyone"):
        st.markdown(f"This quiz uses seed **{state.seed}**. Everyone who opens this page with `?seed={state.seed}` "
                    "at the end of its address gets the questions in the same order.")
        st.number_input("Choose a seed", min_value=0, max_value=999_999, step=1, value=None, key=SEED_INPUT_KEY)
        chosen = st.session_state.get(SEED_INPUT_KEY)
        st.button("Start with this seed", disabled=chosen is None, on_click=_restart,
                  args=(library, int(chosen) if chosen is not None else state.seed))
