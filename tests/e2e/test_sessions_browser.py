"""Sessions in a real browser: a reload keeps the user on their page, a bookmark of a page
opens it after the login form, logout then reload shows the login, another role's page
refuses in Bahasa Indonesia, and disabling the account ends the open session at the next
click. The cookie is set by the app (``monev_sesi``) and the URL never carries the token."""

from __future__ import annotations

from typing import Any

from monev.accounts import actor_for, set_active
from tests.e2e.conftest import VIEWPORT, App
from tests.e2e.test_browser_flow import WAIT, log_in, see

COOKIE = "monev_sesi"


def cookie_of(page: Any) -> dict[str, Any] | None:
    return next((c for c in page.context.cookies() if c["name"] == COOKIE), None)


def wait_for_cookie(page: Any) -> dict[str, Any]:
    for _ in range(100):
        found = cookie_of(page)
        if found:
            return found
        page.wait_for_timeout(100)
    raise AssertionError("the session cookie was never set")


def test_reload_keeps_the_user_on_their_page(chromium: Any, app: App) -> None:
    page = log_in(chromium, app, "evaluator", "evaluator-demo")
    try:
        cookie = wait_for_cookie(page)
        assert cookie["sameSite"] == "Strict"
        assert cookie["path"] == "/"
        assert cookie["value"] not in page.url
        page.get_by_role("link", name="Peringkat & Dasbor").click()
        page.wait_for_url("**/ranking", timeout=WAIT)
        see(page, "Masuk sebagai", exact=False)
        page.reload()
        see(page, "Masuk sebagai", exact=False)
        assert page.url.endswith("/ranking")
        assert page.get_by_label("Kata sandi").count() == 0
        # a new tab with the same browser (a bookmark) is logged in too
        other = page.context.new_page()
        other.goto(f"{app.url}/evaluator")
        see(other, "Masuk sebagai", exact=False)
        assert other.get_by_label("Kata sandi").count() == 0
        assert COOKIE not in other.url
    finally:
        page.context.close()


def test_logout_then_reload_shows_the_login(chromium: Any, app: App) -> None:
    page = log_in(chromium, app, "pejabat", "pejabat-demo")
    try:
        wait_for_cookie(page)
        page.get_by_role("link", name="Keluar").click()
        see(page, "Anda telah keluar.")
        for _ in range(50):
            if cookie_of(page) is None:
                break
            page.wait_for_timeout(100)
        assert cookie_of(page) is None
        page.reload()
        page.get_by_label("Kata sandi").wait_for(timeout=WAIT)
        page.goto(f"{app.url}/ranking")
        see(page, "Silakan masuk terlebih dahulu untuk membuka halaman ini.")
    finally:
        page.context.close()


def test_a_bookmarked_page_opens_after_the_login_form(chromium: Any, app: App) -> None:
    context = chromium.new_context(locale="id-ID", viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.goto(f"{app.url}/ranking")  # not the admin's home page
        see(page, "Silakan masuk terlebih dahulu untuk membuka halaman ini.")
        page.get_by_label("Nama pengguna").fill("admin")
        page.get_by_label("Kata sandi").fill("admin-demo")
        page.get_by_role("button", name="Masuk", exact=True).click()
        see(page, "Masuk sebagai", exact=False)
        assert page.url.endswith("/ranking")
        see(page, "Peringkat", exact=False)
    finally:
        context.close()


def test_another_roles_page_is_refused_in_indonesian(chromium: Any, app: App) -> None:
    page = log_in(chromium, app, "koordinator", "koordinator-demo")
    try:
        wait_for_cookie(page)
        page.goto(f"{app.url}/admin")
        see(page, "Halaman ini tidak tersedia untuk peran Koordinator PPID", exact=False)
        see(page, "Halaman ini untuk peran: Admin.")
    finally:
        page.context.close()


def test_disabling_the_account_ends_the_open_session(chromium: Any, app: App) -> None:
    db = app.database()
    try:
        page = log_in(chromium, app, "evaluator", "evaluator-demo")
        wait_for_cookie(page)
        set_active(db, actor_for(db, "admin"), "evaluator", False, "uji sesi")
        page.get_by_role("link", name="Peringkat & Dasbor").click()  # the next click
        see(page, "Akun Anda telah dinonaktifkan oleh admin", exact=False)
        page.get_by_label("Kata sandi").wait_for(timeout=WAIT)
        page.reload()  # and the cookie it kept opens nothing either
        page.get_by_label("Kata sandi").wait_for(timeout=WAIT)
        page.context.close()
    finally:
        set_active(db, actor_for(db, "admin"), "evaluator", True, "uji sesi selesai")
        db.dispose()


def test_a_reload_right_after_logging_in_keeps_the_login(chromium: Any, app: App) -> None:
    """The pejabat lands on the heavy ranking page: the cookie is handed over before that
    page renders, so an impatient F5 does not log them out."""
    for _ in range(3):
        page = log_in(chromium, app, "pejabat", "pejabat-demo")
        try:
            page.reload()
            see(page, "Masuk sebagai", exact=False)
            assert page.get_by_label("Kata sandi").count() == 0
        finally:
            page.context.close()
