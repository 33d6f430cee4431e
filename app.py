"""monev-kip web app: the router only.

Page config, the login gate and the role-dependent navigation. Pages live in ``ui/pages``
and call the services in ``monev``; nothing here decides anything about scores. Every run
goes through :func:`ui.state.run_guarded`: no traceback ever reaches a user.
"""

import streamlit as st

from monev.permissions import Role
from ui import state
from ui.text import t

ALL = (Role.COORDINATOR, Role.EVALUATOR, Role.OFFICIAL, Role.ADMIN)
PAGES = [  # (file, title key, section key, roles, icon)
    ("ui/pages/coordinator.py", "nav.coordinator", "nav.section.work",
     (Role.COORDINATOR, Role.ADMIN), ":material/upload_file:"),
    ("ui/pages/evaluator.py", "nav.evaluator", "nav.section.work",
     (Role.EVALUATOR, Role.ADMIN), ":material/fact_check:"),
    ("ui/pages/ranking.py", "nav.ranking", "nav.section.results", ALL,
     ":material/leaderboard:"),
    ("ui/pages/admin.py", "nav.admin", "nav.section.admin", (Role.ADMIN,),
     ":material/settings:"),
]
# The page each role lands on after logging in.
HOME = {Role.COORDINATOR: "ui/pages/coordinator.py", Role.EVALUATOR: "ui/pages/evaluator.py",
        Role.OFFICIAL: "ui/pages/ranking.py", Role.ADMIN: "ui/pages/admin.py"}


def main() -> None:
    """The login page, or the pages of the logged-in actor's role."""
    actor = state.actor()
    if actor is None:
        navigation = st.navigation([st.Page("ui/pages/login.py", title=t("nav.login"),
                                            icon=":material/login:")])
    else:
        sections: dict[str, list] = {}
        for path, title, section, roles, icon in PAGES:
            if actor.role in roles:
                sections.setdefault(t(section), []).append(st.Page(
                    path, title=t(title), icon=icon, default=HOME[actor.role] == path))
        sections[t("nav.account")] = [st.Page("ui/pages/logout.py", title=t("nav.logout"),
                                              icon=":material/logout:")]
        with st.sidebar:
            st.caption(t("auth.logged_in_as", name=actor.name, role=actor.role.label))
        navigation = st.navigation(sections)
    navigation.run()


# Streamlit runs this script as __main__. Worker processes that parse uploads
# (questionnaires.isolation) import the main module again under another name; guarded, they
# do not run the app.
if __name__ == "__main__":
    st.set_page_config(page_title=t("app.title"), page_icon="📊", layout="wide")
    state.run_guarded(main)
