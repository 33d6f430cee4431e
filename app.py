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
from ui.components.notification_bell import bell
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
    ("ui/pages/messages.py", "nav.messages", "nav.section.work",
     (Role.COORDINATOR, Role.ADMIN, Role.BODY), ":material/forum:"),
    ("ui/pages/notification_admin.py", "nav.notification_admin", "nav.section.admin",
     (Role.ADMIN,), ":material/mail:"),
]
# The page each role lands on after logging in.
HOME = {Role.COORDINATOR: "ui/pages/coordinator.py", Role.EVALUATOR: "ui/pages/evaluator.py",
        Role.OFFICIAL: "ui/pages/ranking.py", Role.ADMIN: "ui/pages/admin.py",
        Role.BODY: "ui/pages/portal.py"}
# The inner name of the page served at the app's root (the role's home page): Streamlit
# tells pages apart by their url_path, and the home page's own one stays its address.
ROOT_PAGE = "beranda"


def main() -> None:
    """The pages of the logged-in actor's role, or the login page.

    Who is logged in is read from the database on every run (:func:`ui.state.resume`), so
    a reload keeps the user on their page and a disabled account is logged out at its next
    click. Every page stays reachable by its URL (``/`` + the file's name, e.g.
    ``/ranking``), the role's home page at the root too: it is registered twice, as the
    default page (the root, in the menu) and under its own address (hidden), both running
    the same file, so no extra rerun sends anyone anywhere. Pages of other roles are hidden
    from the menu and refuse in Bahasa Indonesia (:func:`ui.state.require_role`); without a
    login the login form is shown in the page's place, and the page opens once logged in.
    """
    hide_chrome()  # Streamlit's own texts in Indonesian (ui/chrome.py), first on the page
    actor = state.resume()
    sections: dict[str, list] = {}
    for path, title, section, roles, icon in PAGES:
        mine = actor is not None and actor.role in roles
        home = actor is not None and HOME[actor.role] == path
        pages = sections.setdefault(t(section), [])
        if home:  # served at the root "/", in the menu
            pages.append(st.Page(path, title=t(title), icon=icon, url_path=ROOT_PAGE,
                                 default=True))
        # Every page keeps its own address (/ranking, /evaluator …) for every role, the
        # home page too (the default page's address is the root only: a bookmark of
        # /ranking opened Streamlit's "page not found" for a pejabat); hidden when it is
        # not the role's or when the root page above stands for it in the menu.
        pages.append(st.Page(path, title=t(title), icon=icon,
                             visibility="visible" if mine and not home else "hidden"))
    account = st.Page("ui/pages/account.py", title=t("nav.my_account"),
                      icon=":material/manage_accounts:",
                      visibility="visible" if actor else "hidden")
    # Reached from the bell in the sidebar (with the unread count): not listed in the menu
    # as well, where it read "Notifikasi" twice.
    notices = st.Page("ui/pages/notifications.py", title=t("nav.notifications"),
                      icon=":material/notifications:", visibility="hidden")
    # Reached from a password e-mail's link, with or without a login.
    reset = st.Page("ui/pages/reset_password.py", title=t("nav.reset_password"),
                    icon=":material/key:", visibility="hidden")
    login = None
    if actor is None:  # the login page; any other page URL shows the login form
        login = st.Page("ui/pages/login.py", title=t("nav.login"), icon=":material/login:",
                        default=True)
        navigation = st.navigation([login, *[p for pages in sections.values() for p in pages],
                                    account, notices, reset], position="hidden")
    else:
        sections[t("nav.account")] = [notices, account, reset, st.Page(
            "ui/pages/logout.py", title=t("nav.logout"), icon=":material/logout:")]
        with st.sidebar:
            st.caption(t("auth.logged_in_as", name=actor.name, role=actor.role.label))
        navigation = st.navigation(sections)
        with st.sidebar:
            bell(actor, notices)
    state.sync_cookie()
    if actor is None and navigation not in (login, reset):  # a bookmark, a typed URL
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
