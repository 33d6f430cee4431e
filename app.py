"""monev-kip web app: the router only.

Page config, the login gate and the role-dependent navigation. Pages live in ``ui/pages``
and call the services in ``monev``; nothing here decides anything about scores. Every run
goes through :func:`ui.state.run_guarded`: no traceback ever reaches a user.
"""

import streamlit as st

from monev.permissions import Role
from ui import state
from ui.chrome import hide_chrome
from ui.components.login_form import login_form
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
    ("ui/pages/portal.py", "nav.portal", "nav.section.work", (Role.BODY,),
     ":material/edit_note:"),
]
# The page each role lands on after logging in.
HOME = {Role.COORDINATOR: "ui/pages/coordinator.py", Role.EVALUATOR: "ui/pages/evaluator.py",
        Role.OFFICIAL: "ui/pages/ranking.py", Role.ADMIN: "ui/pages/admin.py",
        Role.BODY: "ui/pages/portal.py"}


def main() -> None:
    """The pages of the logged-in actor's role, or the login page.

    Who is logged in is read from the database on every run (:func:`ui.state.resume`), so
    a reload keeps the user on their page and a disabled account is logged out at its next
    click. Every page stays reachable by its URL: pages of other roles are hidden from the
    menu and refuse in Bahasa Indonesia (:func:`ui.state.require_role`); without a login
    the login form is shown in the page's place, and the page opens once logged in.
    """
    hide_chrome()  # Streamlit's own texts in Indonesian (ui/chrome.py), first on the page
    actor = state.resume()
    sections: dict[str, list] = {}
    for path, title, section, roles, icon in PAGES:
        mine = actor is not None and actor.role in roles
        sections.setdefault(t(section), []).append(st.Page(
            path, title=t(title), icon=icon, visibility="visible" if mine else "hidden",
            default=actor is not None and HOME[actor.role] == path))
    account = st.Page("ui/pages/account.py", title=t("nav.my_account"),
                      icon=":material/manage_accounts:",
                      visibility="visible" if actor else "hidden")
    login = None
    if actor is None:  # the login page; any other page URL shows the login form
        login = st.Page("ui/pages/login.py", title=t("nav.login"), icon=":material/login:",
                        default=True)
        navigation = st.navigation([login, *[p for pages in sections.values() for p in pages],
                                    account], position="hidden")
    else:
        sections[t("nav.account")] = [account, st.Page(
            "ui/pages/logout.py", title=t("nav.logout"), icon=":material/logout:")]
        with st.sidebar:
            st.caption(t("auth.logged_in_as", name=actor.name, role=actor.role.label))
        navigation = st.navigation(sections)
    state.sync_cookie()
    if actor is None and navigation is not login:  # a bookmark, a typed URL
        st.title(t("auth.heading"))
        st.info(t("auth.login_required"), icon=":material/login:")
        login_form(heading=False)
        return
    navigation.run()


# Streamlit runs this script as __main__. Worker processes that parse uploads
# (questionnaires.isolation) import the main module again under another name; guarded, they
# do not run the app.
if __name__ == "__main__":
    st.set_page_config(page_title=t("app.title"), page_icon="📊", layout="wide")
    state.run_guarded(main)
