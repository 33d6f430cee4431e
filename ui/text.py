"""The catalog of every text the app shows, in Bahasa Indonesia.

Pages never hard-code UI text: they call ``t("section.key", name=value)``. Sections are
one per page; a test checks that every key used in ``ui/`` and ``app.py`` exists here.
"""

from __future__ import annotations

TEXT: dict[str, str] = {
    # -- app and navigation ----------------------------------------------------------------
    "app.title": "Monev KIP",
    "app.tagline": "Monitoring dan Evaluasi Keterbukaan Informasi Publik",
    "nav.account": "Akun",
    "nav.login": "Masuk",
    "nav.logout": "Keluar",
    "nav.coordinator": "Koordinator PPID",
    "nav.evaluator": "Verifikasi & Panel",
    "nav.ranking": "Peringkat & Dasbor",
    "nav.admin": "Admin",
    "nav.section.work": "Pekerjaan",
    "nav.section.results": "Hasil",
    "nav.section.admin": "Pengaturan",
    # -- login -----------------------------------------------------------------------------
    "auth.heading": "Masuk ke Monev KIP",
    "auth.username": "Nama pengguna",
    "auth.password": "Kata sandi",
    "auth.submit": "Masuk",
    "auth.failed": "Nama pengguna atau kata sandi salah, atau akun dinonaktifkan.",
    "auth.login_required": "Silakan masuk terlebih dahulu.",
    "auth.page_not_allowed": "Halaman ini tidak tersedia untuk peran {role}.",
    "auth.logged_in_as": "Masuk sebagai **{name}** ({role})",
    "auth.logged_out": "Anda telah keluar.",
    # -- shared ----------------------------------------------------------------------------
    "cycle.pick": "Siklus monev",
    "cycle.none": "Belum ada siklus monev. Admin dapat membuatnya di halaman Admin.",
    # -- admin page (keys "admin.*") --------------------------------------------------------
    # -- coordinator page (keys "coord.*") --------------------------------------------------
    # -- evaluator page (keys "eval.*") -----------------------------------------------------
    # -- ranking & dashboard page (keys "rank.*") -------------------------------------------
}


def t(key: str, **values: object) -> str:
    """The text for `key` with `values` filled in (a missing key shows itself, loudly)."""
    text = TEXT.get(key)
    if text is None:
        return f"⟦{key}⟧"
    return text.format(**values) if values else text
