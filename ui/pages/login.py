"""Masuk: the login form (ui/components/login_form.py). On success the session is kept in
a cookie and the app reruns with the pages of that role."""

from ui.components.login_form import login_form

login_form()
