"""The admin page on the demo database: users, cycles and stages, publication, badan publik
and the methodology viewer — every action through the real services."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from monev.accounts import authenticate, list_users
from monev.bodies import list_bodies, register_body
from monev.cycles import get_cycle, list_cycles
from monev.demo import SCOPE, deadlines
from monev.permissions import SYSTEM, Role
from storage.db import Database
from storage.models import Cycle
from tests.ui.demo_db import demo_template, sign_in
from tests.ui.test_coordinator_page import frame_of
from ui import format as fmt
from ui.text import t

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def db(demo_database: Database) -> Database:
    return demo_database


@pytest.fixture
def at(db: Database) -> AppTest:
    """The app, logged in as the demo admin, on the admin page."""
    app = AppTest.from_file(APP, default_timeout=30)
    sign_in(app, "admin", db.url)
    app.run()
    assert not app.exception
    assert [x.value for x in app.title] == [t("admin.title")]
    return app


def tab(at: AppTest, key: str) -> AppTest:
    at.session_state["admin_tab"] = t(f"admin.tab.{key}")
    at.run()
    assert not at.exception, at.exception
    return at


def press(at: AppTest, label: str, index: int = 0) -> AppTest:
    buttons = [b for b in at.button if b.label == label]
    assert buttons, f"no button {label!r}: {[b.label for b in at.button]}"
    buttons[index].click().run()
    assert not at.exception, at.exception
    return at


def successes(at: AppTest) -> list[str]:
    return [s.value for s in at.success]


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


# -- Pengguna -------------------------------------------------------------------------------


def test_users_are_listed(at: AppTest):
    frame = at.dataframe[0].value
    assert set(frame[t("admin.users.col.username")]) == {"admin", "koordinator", "evaluator",
                                                         "pejabat", "badanpublik"}
    row = frame[frame[t("admin.users.col.username")] == "koordinator"].iloc[0]
    assert row[t("admin.users.col.role")] == Role.COORDINATOR.label
    assert row[t("admin.users.col.status")] == t("admin.users.active")
    assert SCOPE[0] in row[t("admin.users.col.scope")]


def test_create_a_coordinator_with_a_scope(at: AppTest, db: Database):
    _, info = demo_template()
    bodies = {b.name: b.id for b in list_bodies(db, SYSTEM, info.cycle_id)}
    at.text_input(key="admin_new_username").input("ppid.dinsos")
    at.text_input(key="admin_new_name").input("Siti Aminah")
    at.selectbox(key="admin_new_role").set_value(Role.COORDINATOR)
    at.text_input(key="admin_new_password").input("Dinsos-Sandi-Kuat-88")
    at.multiselect(key="admin_new_scope").set_value([bodies["Dinas Sosial"]])
    press(at, t("admin.users.add.submit"))
    assert successes(at) == [t("admin.users.added", username="ppid.dinsos",
                               role=Role.COORDINATOR.label)]
    user = {u.username: u for u in list_users(db, SYSTEM)}["ppid.dinsos"]
    assert user.role is Role.COORDINATOR
    assert user.scope == ("Dinas Sosial",)
    assert authenticate(db, "ppid.dinsos", "Dinsos-Sandi-Kuat-88") is not None
    # The form is empty again, the list shows the new account.
    assert at.text_input(key="admin_new_username").value == ""
    assert "ppid.dinsos" in set(at.dataframe[0].value[t("admin.users.col.username")])


def test_refused_user_shows_the_service_message(at: AppTest, db: Database):
    at.text_input(key="admin_new_username").input("baru")
    at.selectbox(key="admin_new_role").set_value(Role.EVALUATOR)
    at.text_input(key="admin_new_password").input("pendek")
    press(at, t("admin.users.add.submit"))
    assert errors(at) == ["Kata sandi terlalu pendek: minimal 10 karakter."]
    assert at.text_input(key="admin_new_username").value == "baru"  # kept to correct
    at.text_input(key="admin_new_username").input("admin")
    at.text_input(key="admin_new_password").input("password123")  # a common one
    press(at, t("admin.users.add.submit"))
    assert errors(at)[0].startswith("Kata sandi terlalu mudah ditebak")
    at.text_input(key="admin_new_password").input("admin-demo")  # a demo one
    press(at, t("admin.users.add.submit"))
    assert errors(at)[0].startswith("Kata sandi akun demo tidak boleh")
    at.text_input(key="admin_new_password").input("Cukup-Panjang-Sekali-7")
    press(at, t("admin.users.add.submit"))
    assert errors(at) == ["Nama pengguna 'admin' sudah dipakai."]
    assert len(list_users(db, SYSTEM)) == 5  # the demo accounts: nothing added


def test_a_new_account_has_no_role_until_one_is_chosen(at: AppTest, db: Database):
    """No role is preselected: an account added without a look at the role box would get
    the rights of whatever role came first (Koordinator PPID)."""
    role = at.selectbox(key="admin_new_role")
    assert role.value is None
    assert role.placeholder == t("admin.users.role_placeholder")
    at.text_input(key="admin_new_username").input("sari")
    at.text_input(key="admin_new_password").input("Cukup-Panjang-Sekali-7")
    press(at, t("admin.users.add.submit"))
    assert errors(at) == ["Peran akun wajib dipilih (Koordinator PPID, Evaluator "
                          "(verifikator/panel), Pejabat, Admin, Badan publik (PPID)); tidak "
                          "ada yang disimpan."]
    assert "sari" not in {u.username for u in list_users(db, SYSTEM)}
    at.selectbox(key="admin_new_role").set_value(Role.EVALUATOR)
    press(at, t("admin.users.add.submit"))
    assert successes(at) == [t("admin.users.added", username="sari",
                               role=Role.EVALUATOR.label)]
    assert at.selectbox(key="admin_new_role").value is None  # the next account chooses again


def test_reset_password_disable_and_enable(at: AppTest, db: Database):
    at.selectbox(key="admin_user_pick").set_value("evaluator").run()
    at.text_input(key="admin_reset_pw").input("Sandi-Baru-Kuat-2025")
    press(at, t("admin.users.reset.submit"))
    assert successes(at) == [t("admin.users.reset.done", username="evaluator")]
    assert authenticate(db, "evaluator", "Sandi-Baru-Kuat-2025") is not None
    assert authenticate(db, "evaluator", "evaluator-demo") is None

    press(at, t("admin.users.disable"))  # no reason
    assert errors(at) == [t("admin.users.disable.reason_required")]
    at.text_input(key="admin_status_reason").input("Masa tugas verifikator selesai")
    press(at, t("admin.users.disable"))
    assert successes(at) == [t("admin.users.disabled", username="evaluator")]
    assert authenticate(db, "evaluator", "Sandi-Baru-Kuat-2025") is None
    press(at, t("admin.users.enable"))
    assert successes(at) == [t("admin.users.enabled", username="evaluator")]
    assert authenticate(db, "evaluator", "Sandi-Baru-Kuat-2025") is not None


def test_admin_cannot_disable_themself(at: AppTest):
    at.selectbox(key="admin_user_pick").set_value("admin").run()
    at.text_input(key="admin_status_reason").input("coba")
    press(at, t("admin.users.disable"))
    assert errors(at) == ["Anda tidak dapat menonaktifkan akun Anda sendiri."]


# -- Riwayat masuk ---------------------------------------------------------------------------


def test_login_history_lists_holds_and_unlocks(at: AppTest, db: Database,
                                               monkeypatch: pytest.MonkeyPatch):
    """A held username is listed with its time and released by the admin; the events are
    in the table (wrong passwords for an existing and an unknown username alike)."""
    from monev.sessions import LoginRefused, log_in

    for name in ("pejabat", "siapa.ini"):
        for _ in range(5):
            with pytest.raises(LoginRefused):
                log_in(db, name, "salah-terus", sleep=lambda _: None)
    tab(at, "logins")
    held = [m.value for m in at.markdown if "ditahan sampai" in m.value]
    assert len(held) == 2
    assert any("**pejabat**" in m for m in held)
    frame = at.dataframe[0].value
    kinds = list(frame[t("admin.logins.col.kind")])
    assert kinds.count("Gagal masuk") == 10
    assert kinds.count("Nama pengguna ditahan") == 2
    assert set(frame[t("admin.logins.col.exists")]) == {"ya", "tidak"}

    at.text_input(key="admin_unlock_reason_account_pejabat").input("sudah dikonfirmasi")
    press(at, t("admin.held.unlock"))
    assert successes(at) == [t("admin.held.unlocked", held="pejabat")]
    tab(at, "logins")
    assert len([m for m in at.markdown if "ditahan sampai" in m.value]) == 1
    assert log_in(db, "pejabat", "pejabat-demo").actor.username == "pejabat"


# -- Siklus ---------------------------------------------------------------------------------


def cycles_table(at: AppTest):
    """The cycles list as users read it (a static table: long texts wrap, never cut)."""
    return frame_of(at, t("admin.cycles.col.stages"))


def test_cycles_are_listed_with_status_and_stages(at: AppTest):
    tab(at, "cycles")
    frame = cycles_table(at)
    assert len(frame) == 2
    statuses = set(frame[t("admin.cycles.col.status")])
    assert statuses == {"Berjalan", "Ditetapkan"}
    stages = " ".join(frame[t("admin.cycles.col.stages")])
    assert "Visitasi / Uji Publik" in stages
    _, info = demo_template()  # the demo's SAQ deadline follows the day it was seeded
    assert fmt.day(deadlines(info.seeded_on).saq) in stages
    assert fmt.day(date(2024, 7, 31)) in stages  # the published cycle's


def test_create_a_cycle_from_a_methodology(at: AppTest, db: Database):
    tab(at, "cycles")
    at.selectbox(key="admin_cycle_methodology").set_value("klasik-2021")
    at.text_input(key="admin_cycle_ki").input("KI Provinsi Contoh")
    at.number_input(key="admin_cycle_year").set_value(2026)
    press(at, t("admin.cycles.create.submit"))
    title = "Monev KIP 2026 — KI Provinsi Contoh"
    assert successes(at) == [t("admin.cycles.created", title=title,
                               methodology="klasik-2021")]
    created = next(c for c in list_cycles(db, SYSTEM) if c.title == title)
    assert created.methodology_id == "klasik-2021"
    # compared by default with the KI's newest cycle of an earlier year — the running 2025
    # one (still open while next year's is prepared), not the 2024 published one
    last_year = next(c for c in list_cycles(db, SYSTEM) if c.status == "open" and c.year == 2025)
    with db.read() as session:
        assert session.get(Cycle, created.id).previous_cycle_id == last_year.id
    assert at.session_state["cycle_id"] == created.id  # the new cycle is chosen
    assert len(cycles_table(at)) == 3


def test_a_long_title_is_listed_whole_and_stage_headings_name_stages_only(at: AppTest):
    tab(at, "cycles")
    at.text_input(key="admin_cycle_ki").input("Komisi Informasi Provinsi Nusa Tenggara Barat")
    at.number_input(key="admin_cycle_year").set_value(2026)
    long_title = ("Monitoring dan Evaluasi Keterbukaan Informasi Publik 2026 — Komisi "
                  "Informasi Provinsi Nusa Tenggara Barat")
    at.text_input(key="admin_cycle_title").input(long_title)
    press(at, t("admin.cycles.create.submit"))
    assert long_title in set(cycles_table(at)[t("admin.cycles.col.title")])
    assert not at.dataframe or t("admin.cycles.col.title") not in at.dataframe[0].value
    headings = [m.value for m in at.markdown if "· bobot" in m.value]
    assert headings == ["**Kuesioner Penilaian Mandiri (SAQ) dan Verifikasi** · bobot 80% · "
                        "terbuka", "**Visitasi / Uji Publik** · bobot 20% · terbuka"], headings
    assert not any("`" in h for h in headings)


def test_lock_needs_confirmation_and_unlock_needs_a_reason(at: AppTest, db: Database):
    _, info = demo_template()
    tab(at, "cycles")
    key = f"admin_lock_{info.cycle_id}_saq"
    press(at, t("admin.cycles.lock"))
    assert [w.value for w in at.warning] == [t("admin.confirm_first")]
    assert not get_cycle(db, SYSTEM, info.cycle_id).stages[0].locked

    at.checkbox(key=f"{key}_confirm").check()
    press(at, t("admin.cycles.lock"))
    saq = get_cycle(db, SYSTEM, info.cycle_id).stages[0]
    assert successes(at) == [t("admin.cycles.locked", stage=saq.name)]
    assert saq.locked

    press(at, t("admin.cycles.unlock"))  # without a reason: the service refuses
    assert errors(at) == ["Membuka kunci tahapan memerlukan alasan."]
    assert get_cycle(db, SYSTEM, info.cycle_id).stages[0].locked

    at.text_input(key=f"{key}_reason").input("Perpanjangan unggah untuk dua desa")
    press(at, t("admin.cycles.unlock"))
    assert successes(at) == [t("admin.cycles.unlocked", stage=saq.name)]
    assert not get_cycle(db, SYSTEM, info.cycle_id).stages[0].locked


def test_set_a_stage_deadline(at: AppTest, db: Database):
    _, info = demo_template()
    tab(at, "cycles")
    key = f"admin_deadline_{info.cycle_id}_visitasi"
    at.date_input(key=key).set_value(date(2025, 10, 15))
    press(at, t("admin.cycles.deadline.save"), index=1)
    stage = get_cycle(db, SYSTEM, info.cycle_id).stages[1]
    assert stage.deadline == date(2025, 10, 15)
    assert successes(at) == [t("admin.cycles.deadline.saved", stage=stage.name,
                               date=fmt.day(date(2025, 10, 15)))]


def test_publish_and_reopen(at: AppTest, db: Database):
    _, info = demo_template()
    tab(at, "cycles")
    press(at, t("admin.cycles.publish"))
    assert [w.value for w in at.warning] == [t("admin.confirm_first")]
    assert get_cycle(db, SYSTEM, info.cycle_id).status == "open"

    at.checkbox(key=f"admin_publish_confirm_{info.cycle_id}").check()
    press(at, t("admin.cycles.publish"))
    assert get_cycle(db, SYSTEM, info.cycle_id).status == "published"
    scored = info.counts["badan_publik"] - info.counts["not_submitted"]
    assert successes(at) == [t("admin.cycles.published", seq=1,
                               bodies=fmt.number(info.counts["badan_publik"]),
                               scored=fmt.number(scored))]
    assert t("admin.cycles.is_published") in [i.value for i in at.info]

    at.checkbox(key=f"admin_reopen_confirm_{info.cycle_id}").check()
    press(at, t("admin.cycles.reopen"))  # without a reason
    assert errors(at) == ["Membuka kembali hasil yang sudah ditetapkan memerlukan alasan."]
    assert get_cycle(db, SYSTEM, info.cycle_id).status == "published"

    at.text_input(key=f"admin_reopen_reason_{info.cycle_id}").input(
        "Putusan sanggah Dinas Kesehatan belum dimasukkan")
    press(at, t("admin.cycles.reopen"))
    assert get_cycle(db, SYSTEM, info.cycle_id).status == "open"
    assert successes(at) == [t("admin.cycles.reopened",
                               reason="Putusan sanggah Dinas Kesehatan belum dimasukkan")]


# -- Badan publik ---------------------------------------------------------------------------


def test_bodies_list_and_register(at: AppTest, db: Database):
    _, info = demo_template()
    tab(at, "bodies")
    frame = at.dataframe[0].value
    assert len(frame) == info.counts["badan_publik"]
    status = dict(zip(frame[t("admin.bodies.col.name")],
                      frame[t("admin.bodies.col.participation")], strict=True))
    assert status["Desa Cempaka"] == "Diundang"
    assert status["Desa Suka Damai"] == "Terlambat"

    at.text_input(key="admin_body_name").input("Dinas Perikanan")
    assert at.selectbox(key="admin_body_category").value is None  # chosen, never assumed
    press(at, t("admin.bodies.add.submit"))
    assert errors(at)[0].startswith("Pilih kategori badan publik (Perangkat Daerah (OPD), ")
    at.selectbox(key="admin_body_category").set_value("opd")
    at.text_input(key="admin_body_region").input("Kabupaten Sukamaju")
    at.text_input(key="admin_body_aliases").input("Diskan, Dinas Kelautan dan Perikanan")
    at.selectbox(key="admin_body_status").set_value("registered")
    press(at, t("admin.bodies.add.submit"))
    assert successes(at) == [t("admin.bodies.added", name="Dinas Perikanan",
                               category="Perangkat Daerah (OPD)", status="Terdaftar")]
    body = next(b for b in list_bodies(db, SYSTEM, info.cycle_id)
                if b.name == "Dinas Perikanan")
    assert set(body.aliases) == {"Diskan", "Dinas Kelautan dan Perikanan"}
    assert body.participation == "registered"

    # An alias finds the registered body instead of making a second one, and the page says
    # so (not 'terdaftar' as if it were new).
    at.text_input(key="admin_body_name").input("Diskominfo")
    assert at.selectbox(key="admin_body_category").value is None  # cleared after adding
    at.selectbox(key="admin_body_category").set_value("opd")
    press(at, t("admin.bodies.add.submit"))
    [said] = successes(at)
    assert "sudah terdaftar sebagai 'Dinas Komunikasi dan Informatika'" in said
    assert "sudah ikut siklus" in said
    assert "Mengisi SAQ, tidak diubah" in said
    assert "Tidak ada yang diubah." in said
    assert len(list_bodies(db, SYSTEM, info.cycle_id)) == info.counts["badan_publik"] + 1

    at.selectbox(key="admin_body_category").set_value("opd")
    press(at, t("admin.bodies.add.submit"))  # no name
    assert errors(at) == ["Nama badan publik wajib diisi."]


def test_a_category_chosen_wrongly_is_corrected_with_a_reason(at: AppTest, db: Database):
    _, info = demo_template()
    # Registered as a kecamatan by mistake; nothing received from it yet.
    register_body(db, SYSTEM, info.cycle_id, name="Dinas Perikanan", category="kecamatan")
    tab(at, "bodies")
    ids = {b.name: b.id for b in list_bodies(db, SYSTEM, info.cycle_id)}
    # A body whose questionnaire came in keeps its category: the refusal says why.
    at.selectbox(key="bodies_category_body").set_value(
        ids["Dinas Komunikasi dan Informatika"])
    at.selectbox(key="bodies_category_new").set_value("kecamatan")
    at.text_input(key="bodies_category_reason").input("salah pilih")
    press(at, t("bodies.category.save"))
    [refused] = errors(at)
    assert refused.startswith("Kategori 'Dinas Komunikasi dan Informatika' tidak dapat "
                              "diubah lagi: kuesioner (SAQ) sudah masuk")
    # Dinas Perikanan is corrected; the reason is required.
    at.selectbox(key="bodies_category_body").set_value(ids["Dinas Perikanan"])
    at.selectbox(key="bodies_category_new").set_value("opd")
    at.text_input(key="bodies_category_reason").input("")
    press(at, t("bodies.category.save"))
    assert errors(at)[0].startswith("Tulis alasan perbaikan kategori")
    at.text_input(key="bodies_category_reason").input("dinas, bukan kecamatan")
    press(at, t("bodies.category.save"))
    assert errors(at) == []
    assert successes(at) == [t("bodies.category.saved", name="Dinas Perikanan",
                               old="Kecamatan", new="Perangkat Daerah (OPD)")]
    frame = at.dataframe[0].value
    category = dict(zip(frame[t("admin.bodies.col.name")],
                        frame[t("admin.bodies.col.category")], strict=True))
    assert category["Dinas Perikanan"] == "Perangkat Daerah (OPD)"
    assert at.selectbox(key="bodies_category_new").value is None  # cleared for the next


# -- Metodologi -----------------------------------------------------------------------------


def test_methodology_viewer_shows_weights_questions_and_bands(at: AppTest):
    tab(at, "methodology")
    stages, indicators, questions = (d.value for d in at.dataframe)
    weights = dict(zip(stages[t("admin.method.col.code")],
                       stages[t("admin.method.col.weight")], strict=True))
    assert weights == {"saq": "80%", "visitasi": "20%"}
    assert t("admin.method.col.gate") == "Gerbang"
    assert list(stages[t("admin.method.col.gate")]) == [
        "-", "SAQ ≥ 60 (yang tidak lolos dinilai 0,00)"]
    weights = dict(zip(indicators[t("admin.method.col.indicator")],
                       indicators[t("admin.method.col.weight")], strict=True))
    assert weights["Jenis Informasi"] == "40%"
    assert weights["Digitalisasi"] == "20%"
    assert weights["Sarana dan Prasarana"] == "10%"
    assert weights["Penguasaan Materi"] == "25%"
    assert "1.1" in set(questions[t("admin.method.col.code")])
    bands = [m.value for m in at.markdown if "background:#" in m.value]
    assert len(bands) == 5
    assert "Informatif" in bands[0]
    assert "≥ 90,00" in bands[0]
    assert "80,00 sampai &lt; 90,00" in bands[1]

    at.selectbox(key="admin_method_category").set_value("desa").run()
    codes = set(at.dataframe[2].value[t("admin.method.col.code")])
    assert "1.3" in codes  # a desa-only question
    assert "1.1" not in codes

    at.selectbox(key="admin_method_question").set_value("1.3").run()
    detail = [m.value for m in at.markdown if m.value.startswith("**1.3**")]
    assert len(detail) == 1
    assert any(c.value.startswith("Hanya untuk kategori: Pemerintah Desa/Kelurahan")
               for c in at.caption)
    assert any(m.value.startswith("**Definisi operasional:**") for m in at.markdown)
