"""The live class's screens: the teacher's projected view and the student's phone. Rendering only.

Every rule (who may do what, when answers count, what expires) is enforced by `vcf_logic.class_store`;
this module reads widgets, calls it, and draws. Secrets and codes from the address bar are only parsed
(`parse_token`, `normalise_code`) and looked up, never drawn; display names are never shown here at all.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlsplit

import segno
import streamlit as st

from vcf_logic.case_library import CaseLibrary
from vcf_logic.class_figures import distribution_figure
from vcf_logic.class_session import (
    CLOSED,
    CONFIDENCE_LEVELS,
    CONFIDENCE_WORDS,
    KIND_LABELS,
    OPEN,
    READY,
    REVEALED,
    ClassError,
    ClassQuestion,
    JoinLimiter,
    QuestionResult,
    StoredAnswer,
    case_plan,
    normalise_code,
    parse_token,
    question_for_key,
    results_csv,
    results_markdown,
    summarise,
)
from vcf_logic.class_store import ClassInfo, ClassStore, StoreError, default_store
from vcf_logic.explorer import explorer_query
from vcf_logic.figures.screen import PRESENTER_SCALE
from vcf_logic.pathway import Pathway
from vcf_logic.walker_state import encode
from vcf_logic.wording import escape_markdown
from vcf_ui.page_registry import EXPLORER, JOIN_CLASS, TEACH_CLASS, WALKER
from vcf_ui.presenter import presenter_mode_on

REFRESH_S = 2  # the teacher's count and chart, and each student's check for the teacher's next move
NOTICE_KEY = "class_notice"
STUDENT_KEY = "class_student"  # (code, student secret) of this browser tab
SEEN_KEY = "class_seen_version"
CLIENT_KEY = "class_client_id"
UNREACHABLE = "The class database cannot be reached just now. Try again in a moment."
RESULTS_PANEL = "class_results"  # the teacher's results panel: its open state, kept by Streamlit

# Wrong join codes: 5 a minute per browser tab, 30 a minute per address (a lecture hall may share one).
TAB_LIMITER = JoinLimiter(limit=5, window_s=60)
ADDRESS_LIMITER = JoinLimiter(limit=30, window_s=60)


def store_or_stop() -> ClassStore:
    try:
        return default_store()
    except (StoreError, ValueError, OSError, RuntimeError) as exc:
        st.error(f"Live classes are not available: {UNREACHABLE if isinstance(exc, StoreError) else exc}")
        st.stop()


def _notice(text: str) -> None:
    st.session_state[NOTICE_KEY] = text


def show_notice() -> None:
    text = st.session_state.pop(NOTICE_KEY, None)
    if text:
        st.warning(text, icon="⚠️")


def _guarded(action: Callable[[], None]) -> None:
    """Run a store action from a callback; its refusal or an unreachable database becomes a notice."""
    try:
        action()
    except ClassError as exc:
        _notice(str(exc))
    except StoreError:
        _notice(UNREACHABLE)


def _origin() -> str:
    """Scheme and host the browser used, for absolute links; nothing of its path or query string."""
    parts = urlsplit(st.context.url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return "http://localhost:8501"


@lru_cache(maxsize=64)  # drawn on every teacher rerun otherwise (about 18 ms); a class's join link does not change
def qr_png(text: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=10, border=2)
    return buffer.getvalue()


# --- shared pieces --------------------------------------------------------------------------------

def show_question_text(question: ClassQuestion) -> None:
    st.caption(KIND_LABELS[question.kind])
    st.markdown(f"> {escape_markdown(question.story)}")
    st.markdown(f"**{escape_markdown(question.prompt)}**")
    if question.hint:
        st.caption(escape_markdown(question.hint))


def show_result_summary(result: QuestionResult) -> None:
    q = result.question
    parts = [f"{result.answered} answer(s)"]
    if result.share_correct is not None:
        parts.append(f"{100 * result.share_correct:.0f} % right")
    if result.mean_confidence_all is not None:
        parts.append(f"mean confidence {result.mean_confidence_all:.1f} of 5")
    if q.correct is not None and result.answered:
        right = "–" if result.mean_confidence_right is None else f"{result.mean_confidence_right:.1f}"
        wrong = "–" if result.mean_confidence_wrong is None else f"{result.mean_confidence_wrong:.1f}"
        parts.append(f"confidence when right {right}, when wrong {wrong}")
    st.markdown(" · ".join(parts))


def show_distribution(result: QuestionResult, key: str) -> None:
    scale = PRESENTER_SCALE if presenter_mode_on() else 1.0  # its text grows with the page's, as the explorer's
    st.plotly_chart(distribution_figure(result, scale=scale), key=key, config={"displayModeBar": False})
    show_result_summary(result)


def show_discussion(question: ClassQuestion) -> None:
    """What the pathway says: the walker's reason for this step, the outcome's summary, evidence links."""
    if question.correct_text is not None:
        st.success(f"Answer: {escape_markdown(question.correct_text)}", icon="✅")
    for text in question.discussion:
        st.markdown(f"- {escape_markdown(text)}")
    for topic in question.evidence_topics:
        st.page_link(EXPLORER.path, label=f"Evidence: {topic.replace('_', ' ')}", icon=EXPLORER.icon,
                     query_params=explorer_query(topic))
    st.page_link(WALKER.path, label="This case in the Decision walker", icon=WALKER.icon,
                 query_params=encode(question.walker_answers))


# --- teacher ---------------------------------------------------------------------------------------

def _start_class(store: ClassStore, library: CaseLibrary) -> None:
    vignette_id = st.session_state.get("class_case") or library.vignettes[0].id  # the picker's default
    keep_names = bool(st.session_state.get("class_keep_names"))
    if library.get(vignette_id) is None:
        _notice("Pick a case from the list.")
        return
    try:
        made = store.create_class(vignette_id, anonymous=not keep_names)
    except StoreError:
        _notice(UNREACHABLE)
        return
    st.query_params.clear()
    st.query_params["t"] = made.teacher_secret


def show_start_form(store: ClassStore, library: CaseLibrary) -> None:
    st.subheader("Start a class")
    st.markdown("Pick a case. The room answers its questions one at a time on their phones, and sees the answers "
                "only when you show them. No account, no patient data; the class is deleted after a day.")
    titles = {v.id: v.title for v in library.vignettes}
    st.selectbox("Case", list(titles), format_func=titles.get, key="class_case")
    st.checkbox("Keep students' display names for my export", key="class_keep_names",
                help="Off: the class is anonymous and no name is stored. On: a name a student types appears only "
                     "in your downloaded results, never on screen.")
    st.button("Start the class", type="primary", on_click=_start_class, args=(store, library), key="class_start")


def _teacher_action(store: ClassStore, secret: str, action: str, key: str | None = None) -> None:
    if action == "ask":
        _guarded(lambda: store.ask(secret, key))
    elif action == "end":
        _guarded(lambda: store.end(secret))
    else:
        _guarded(lambda: store.set_state(secret, action))


def show_join_panel(info: ClassInfo, secret: str) -> None:
    join_url = f"{_origin()}{JOIN_CLASS.url({'code': info.code})}"
    code_col, qr_col = st.columns([3, 2], gap="large")
    with code_col:
        st.markdown(f"### Join at `{_origin()}{JOIN_CLASS.url()}`")
        st.markdown(f"# Code: {info.code[:3]} {info.code[3:]}")
        st.caption("Or scan the QR code, or open this link:")
        st.code(join_url, language=None)
        with st.expander("Your teacher link (keep it private: it controls this class)"):
            st.code(f"{_origin()}{TEACH_CLASS.url({'t': secret})}", language=None)
            st.caption("Bookmark it to come back to this class from another computer.")
    with qr_col:
        st.image(qr_png(join_url), width=260, caption="Scan to join")


def show_question_controls(store: ClassStore, secret: str, plan: list[ClassQuestion], info: ClassInfo) -> None:
    keys = [q.key for q in plan]
    current = keys.index(info.current_key) if info.current_key in keys else -1
    pick_col, ask_col, next_col = st.columns([4, 1, 1], vertical_alignment="bottom")
    with pick_col:
        chosen = st.selectbox("Question", range(len(plan)), index=max(current, 0), key="class_pick",
                              format_func=lambda i: f"{i + 1}. {KIND_LABELS[plan[i].kind]}: {plan[i].heading}")
    with ask_col:
        st.button("Ask the room", on_click=_teacher_action, args=(store, secret, "ask", keys[chosen]),
                  key="class_ask", use_container_width=True)
    with next_col:
        following = keys[current + 1] if current + 1 < len(keys) else None
        st.button("Next question ▶", on_click=_teacher_action, args=(store, secret, "ask", following),
                  key="class_next", disabled=following is None, type="primary", use_container_width=True)


def show_state_controls(store: ClassStore, secret: str, info: ClassInfo) -> None:
    state = info.current_state
    words = {READY: "Not open yet", OPEN: "Answering is open", CLOSED: "Answering is closed",
             REVEALED: "Answer shown"}
    st.markdown(f"**{words[state]}**")
    cols = st.columns(3)
    cols[0].button("Open answering", on_click=_teacher_action, args=(store, secret, OPEN), key="class_open",
                   disabled=state in (OPEN, REVEALED), type="primary" if state == READY else "secondary",
                   use_container_width=True)
    cols[1].button("Close answering", on_click=_teacher_action, args=(store, secret, CLOSED), key="class_close",
                   disabled=state != OPEN, use_container_width=True)
    cols[2].button("Reveal the answer", on_click=_teacher_action, args=(store, secret, REVEALED),
                   key="class_reveal", disabled=state == REVEALED,
                   type="primary" if state == CLOSED else "secondary", use_container_width=True)


@st.fragment(run_every=REFRESH_S)
def teacher_live(store: ClassStore, code: str, question: ClassQuestion) -> None:
    """The live count, and after the reveal the distribution: redrawn every 2 s without a page rerun."""
    try:
        info = store.by_code(code)
        answered, joined = store.answer_count(code, question.key), store.student_count(code)
        room = store.answers_to(code, question.key) if info and info.current_state == REVEALED else None
    except StoreError:
        st.warning(UNREACHABLE)
        return
    st.metric("Answers", f"{answered} of {joined} joined")
    if room is not None:
        show_distribution(summarise(question, room), key="class_teacher_chart")


def _names(answers: list[list[StoredAnswer]]) -> dict[str, dict[int, int]]:
    names: dict[str, dict[int, int]] = {}
    owners: dict[str, str] = {}
    for position, room in enumerate(answers, start=1):
        for answer in room:
            if not answer.name:
                continue
            label = answer.name
            while owners.setdefault(label, answer.student) != answer.student:
                label += "'"  # two students with one name stay two rows
            names.setdefault(label, {})[position] = answer.option
    return names


def show_export(store: ClassStore, pathway: Pathway, library: CaseLibrary, info: ClassInfo) -> None:
    try:
        asked = store.asked_questions(info.code)
        questions = [question_for_key(pathway, library, key) for key, _state in asked]
        rooms = [store.answers_to(info.code, q.key, with_names=not info.anonymous) for q in questions]
    except ClassError as exc:
        st.warning(str(exc))
        return
    except StoreError:
        st.error(UNREACHABLE)
        return
    results = [summarise(q, room) for q, room in zip(questions, rooms, strict=True)]
    st.markdown(f"{len(results)} question(s) asked. Per question: the distribution, share correct and mean "
                "confidence" + ("; display names only in the Markdown file." if not info.anonymous else "."))
    title = f"Live class {info.code}: {library.get(info.vignette_id).title}"
    cols = st.columns(2)
    cols[0].download_button("⬇️ Results (CSV)", results_csv(results), file_name=f"class_{info.code}.csv",
                            mime="text/csv", on_click="ignore", key="class_csv", disabled=not results)
    names = None if info.anonymous else _names(rooms)
    cols[1].download_button("⬇️ Results (Markdown)", results_markdown(title, results, names),
                            file_name=f"class_{info.code}.md", mime="text/markdown", on_click="ignore",
                            key="class_md", disabled=not results)


def show_teacher(store: ClassStore, pathway: Pathway, library: CaseLibrary, secret: str) -> None:
    try:
        info = store.by_teacher(secret)
    except StoreError:
        st.error(UNREACHABLE)
        return
    if info is None:
        st.info("This teacher link does not open any class: it may have expired and been deleted. "
                "Start a new class below.")
        show_start_form(store, library)
        return
    show_notice()
    if not info.live:
        st.info("This class has ended." if info.ended else "This class has expired: answering is over.")
        st.subheader("Results")
        show_export(store, pathway, library, info)
        return
    vignette = library.get(info.vignette_id)
    plan = case_plan(pathway, library, info.vignette_id)
    st.markdown(f"**Case:** {escape_markdown(vignette.title)}")
    show_join_panel(info, secret)
    st.divider()
    show_question_controls(store, secret, plan, info)
    if info.current_key is None:
        st.info("Pick a question and press **Ask the room**; then open answering.")
    else:
        question = question_for_key(pathway, library, info.current_key)
        st.subheader(question.heading)
        show_question_text(question)
        for letter, option in zip("ABCDEFGHIJ", question.options, strict=False):
            st.markdown(f"**{letter}.** {escape_markdown(option)}")
        show_state_controls(store, secret, info)
        teacher_live(store, info.code, question)
        if info.current_state == REVEALED:
            with st.container(border=True):
                st.markdown("**For the discussion**")
                show_discussion(question)
    st.divider()
    panel = st.expander("Results and end of class", key=RESULTS_PANEL, on_change="rerun")
    with panel:
        if panel.open:  # the results (a query and two files) only while the teacher has the panel open
            show_export(store, pathway, library, info)
        st.button("End the class", on_click=_teacher_action, args=(store, secret, "end"), key="class_end",
                  help="Students can no longer answer; the results stay until the class expires.")


# --- student ---------------------------------------------------------------------------------------

def _client_keys() -> list[tuple[JoinLimiter, str]]:
    if CLIENT_KEY not in st.session_state:
        import secrets

        st.session_state[CLIENT_KEY] = secrets.token_hex(8)
    keys = [(TAB_LIMITER, st.session_state[CLIENT_KEY])]
    address = st.context.ip_address
    if address:
        keys.append((ADDRESS_LIMITER, address))
    return keys


def _join(store: ClassStore) -> None:
    limits = _client_keys()
    wait = max(limiter.wait_seconds(key) for limiter, key in limits)
    if wait > 0:
        _notice(f"Too many wrong codes. Wait {wait:.0f} s, then check the code with your teacher.")
        return
    code = normalise_code(st.session_state.get("class_code_typed", ""))
    if code is None:
        _notice("A join code has 6 letters and digits, as your teacher shows it.")
        return
    try:
        info = store.by_code(code)
        if info is None:
            for limiter, key in limits:
                limiter.failed(key)
            _notice("No class has this code. Check it with your teacher.")
            return
        secret = store.join(code, st.session_state.get("class_name_typed"))
    except ClassError as exc:
        _notice(str(exc))
        return
    except StoreError:
        _notice(UNREACHABLE)
        return
    st.session_state[STUDENT_KEY] = (code, secret)
    st.query_params.clear()
    st.query_params.update({"code": code, "s": secret})


def joined_student(store: ClassStore) -> tuple[str, str] | None:
    """(code, secret) of this tab's student: from the session, or from the address after a reconnect."""
    code, secret = normalise_code(st.query_params.get("code")), parse_token(st.query_params.get("s"))
    if code and secret and st.session_state.get(STUDENT_KEY) != (code, secret):
        try:
            if store.is_student(code, secret):
                st.session_state[STUDENT_KEY] = (code, secret)
        except StoreError:
            st.error(UNREACHABLE)
            st.stop()
    return st.session_state.get(STUDENT_KEY)


def show_join_form(store: ClassStore) -> None:
    code = normalise_code(st.query_params.get("code"))
    st.subheader("Join your class")
    with st.form("class_join", border=True):
        st.text_input("Join code", value=code or "", max_chars=8, key="class_code_typed",
                      placeholder="e.g. ABC234")
        st.text_input("Display name (optional)", max_chars=40, key="class_name_typed",
                      help="Nobody in the room sees it; your teacher may keep it in the class results, or not.")
        st.form_submit_button("Join", type="primary", on_click=_join, args=(store,))
    st.caption("You answer without seeing anyone else's answer; the room's answers appear when your teacher "
               "shows them. No name is needed.")


@st.fragment(run_every=REFRESH_S)
def follow_teacher(store: ClassStore, code: str, seen_version: int) -> None:
    """Every 2 s: has the teacher moved on? Then redraw the page (else nothing is sent)."""
    try:
        version = store.recent_version(code)
    except StoreError:
        return
    if version != seen_version:
        st.rerun(scope="app")


def _send_answer(store: ClassStore, code: str, secret: str, question: ClassQuestion) -> None:
    option = st.session_state.get(f"class_option_{question.key}")
    confidence = st.session_state.get(f"class_confidence_{question.key}")
    if option is None or confidence is None:
        _notice("Choose an answer and how sure you are, then send.")
        return
    _guarded(lambda: store.answer(code, secret, question.key, int(option), int(confidence), len(question.options)))


def show_answer_form(store: ClassStore, code: str, secret: str, question: ClassQuestion,
                     mine: StoredAnswer | None) -> None:
    with st.form(f"class_answer_{question.key}", border=True):
        st.radio("Your answer", range(len(question.options)), format_func=lambda i: question.options[i],
                 index=mine.option if mine else None, key=f"class_option_{question.key}")
        st.radio("How sure are you?", CONFIDENCE_LEVELS, format_func=CONFIDENCE_WORDS.get, horizontal=True,
                 index=CONFIDENCE_LEVELS.index(mine.confidence) if mine else None,
                 key=f"class_confidence_{question.key}")
        st.form_submit_button("Change my answer" if mine else "Send my answer", type="primary",
                              on_click=_send_answer, args=(store, code, secret, question))


def _your_answer(question: ClassQuestion, mine: StoredAnswer | None) -> str:
    if mine is None:
        return "You did not answer this one."
    return f"Your answer: {escape_markdown(question.options[mine.option])} (sure: {mine.confidence} of 5)."


def show_student(store: ClassStore, pathway: Pathway, library: CaseLibrary, code: str, secret: str) -> None:
    try:
        info = store.by_code(code)
    except StoreError:
        st.error(UNREACHABLE)
        return
    if info is None:
        st.info("This class is over and has been deleted.")
        return
    if not info.live:
        st.info("This class has ended. Thank you for taking part." if info.ended else
                "This class has expired.")
        return
    st.caption(f"Class {info.code} · the page follows your teacher by itself")
    show_notice()
    follow_teacher(store, code, info.version)
    if info.current_key is None:
        st.info("You are in. Wait for your teacher's first question.")
        return
    question = question_for_key(pathway, library, info.current_key)
    st.subheader(question.heading)
    show_question_text(question)
    try:
        mine = store.my_answer(code, secret, question.key)
        room = store.answers_to(code, question.key) if info.current_state == REVEALED else None
    except StoreError:
        st.error(UNREACHABLE)
        return
    if info.current_state == READY:
        st.info("Read the case. Answering opens when your teacher says so.")
    elif info.current_state == OPEN:
        if mine:
            st.success(f"{_your_answer(question, mine)} You can change it until answering closes.", icon="📨")
        show_answer_form(store, code, secret, question, mine)
    elif info.current_state == CLOSED:
        st.info(f"Answering is closed. {_your_answer(question, mine)} Wait for your teacher to show the answers.")
    else:
        if question.correct is not None and mine is not None:
            verdict = "✅ Right." if mine.option == question.correct else "❌ Not this time."
            st.markdown(f"**{verdict}** {_your_answer(question, mine)}")
        else:
            st.markdown(_your_answer(question, mine))
        show_discussion(question)
        st.markdown("**The room's answers**")
        show_distribution(summarise(question, room), key="class_student_chart")
