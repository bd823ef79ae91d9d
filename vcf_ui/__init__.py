"""Streamlit-only pieces shared by the pages: page setup, navigation, citation widgets."""
