"""Join a class: a student's phone. Join with the code, answer the current question, see the room after the reveal."""

import streamlit as st

from vcf_ui.class_view import joined_student, show_join_form, show_notice, show_student, store_or_stop
from vcf_ui.layout import case_library_or_stop, pathway_or_stop, setup_page
from vcf_ui.page_registry import JOIN_CLASS

setup_page(JOIN_CLASS)
pathway = pathway_or_stop()
library = case_library_or_stop()
store = store_or_stop()

st.title("Join a class")
student = joined_student(store)
if student is None:
    show_notice()
    show_join_form(store)
else:
    show_student(store, pathway, library, *student)
