"""Plain-Python core of the VCF teaching dashboard: no Streamlit import here."""
