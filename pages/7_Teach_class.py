"""Teach a class: start a live session on a case, put its questions to the room, show the answers, export them."""

import streamlit as st

from vcf_logic.class_session import parse_token
from vcf_ui.class_view import show_notice, show_start_form, show_teacher, store_or_stop
from vcf_ui.layout import case_library_or_stop, pathway_or_stop, setup_page
from vcf_ui.page_registry import TEACH_CLASS

setup_page(TEACH_CLASS)
pathway = pathway_or_stop()
library = case_library_or_stop()
store = store_or_stop()

st.title("Teach a class")
secret = parse_token(st.query_params.get("t"))
if secret is None:
    show_notice()
    show_start_form(store, library)
else:
    show_teacher(store, pathway, library, secret)
