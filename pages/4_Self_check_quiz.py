"""Self-check quiz: read a vignette, choose the next step, get feedback with its reasons and references."""

import streamlit as st

from vcf_ui.layout import case_library_or_stop, setup_page
from vcf_ui.page_registry import QUIZ
from vcf_ui.quiz_view import class_settings, quiz_state, show_finished, show_question, show_score
from vcf_ui.session import summary_download

evidence = setup_page(QUIZ)
library = case_library_or_stop()
state = quiz_state(library)

st.title("Self-check quiz")
st.markdown("Read each case and choose the next step on the pathway. You get the answer at once, with the "
            "reasons, the teaching point and the references behind it.")

question_col, score_col = st.columns([3, 1], gap="large")
with score_col:
    show_score(state, library)
with question_col:
    if state.finished:
        show_finished(state, library)
    else:
        show_question(library.get(state.current), state, library, evidence)

st.divider()
class_settings(state, library)
summary_download(evidence, key="quiz_summary")
