"""One module per page; each is run by ``st.navigation`` from app.py."""
