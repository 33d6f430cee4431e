"""Streamlit pages of monev-kip: thin views over the services in ``monev``."""
