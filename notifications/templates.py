"""The texts of notifications and e-mails, in Bahasa Indonesia: a subject and a body per
event, as Jinja2 templates rendered in a sandbox.

Every event of :data:`EVENTS` has a default text shipped here. An admin may save another
text (:func:`save_template`), after a preview with sample values (:func:`preview`); every
saved version is kept (``notification_templates``, append-only: the highest ``seq`` is
current, :func:`history` lists them) and going back to the default is saving it again.

Templates run in Jinja2's :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment`: a
template sees only the values of its event (listed per event in :data:`EVENTS`), cannot
reach Python objects' internals nor change anything, and an unknown value is an error
(``StrictUndefined``) shown in the preview, never a blank in a sent e-mail. Texts are plain
text (e-mail bodies are ``text/plain``; the app shows them as text). When a saved template
nevertheless fails on a real event's values, the default is used and the failure logged:
an event is never refused because of its notification text.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monev.audit import record, user_names
from monev.errors import NotFound, UsageError
from monev.permissions import Action, Actor, require
from notifications import settings, template_errors
from storage.db import Database
from storage.models import NotificationTemplate, utcnow

log = logging.getLogger(__name__)

MAX_TEMPLATE_CHARS = 20_000
MAX_SUBJECT_CHARS = 250


@dataclass(frozen=True, slots=True)
class EventKind:
    """One kind of notification: its label, the values its template sees (name →
    meaning), sample values for the preview and the default subject and body."""

    code: str
    label: str
    variables: Mapping[str, str]
    sample: Mapping[str, Any]
    subject: str
    body: str


_COMMON = {"siklus": "judul siklus monev", "ki": "nama Komisi Informasi",
           "tahun": "tahun siklus", "tautan": "alamat halaman di aplikasi",
           "penerima": "siapa pembacanya: ppid atau koordinator (salinan untuk koordinator "
                       "PPID)"}
_SAMPLE = {"siklus": "Monev KIP Kabupaten Sukamaju 2026", "ki": "KI Kabupaten Sukamaju",
           "tahun": 2026, "badan_publik": "Dinas Komunikasi dan Informatika",
           "tautan": "https://monev.example.go.id/portal", "penerima": "ppid"}

_FOOTER = """
--
Pesan ini dikirim otomatis oleh aplikasi Monev KIP {{ ki }}. Jangan membalas e-mail ini;
gunakan menu Pesan di aplikasi untuk bertanya kepada KI."""

EVENTS: dict[str, EventKind] = {e.code: e for e in (
    EventKind(
        "deadline", "Tenggat tahapan mendekat (badan publik)",
        {**_COMMON, "badan_publik": "nama badan publik", "tahapan": "nama tahapan",
         "tenggat": "tanggal tenggat (WIB)", "sisa_hari": "sisa hari (angka)"},
        {**_SAMPLE, "tahapan": "Penilaian Mandiri (SAQ)", "tenggat": "31 Desember 2026",
         "sisa_hari": 3},
        "Pengingat: tenggat {{ tahapan }} {{ tenggat }} ({{ sisa_hari }} hari lagi)",
        """Yth. PPID {{ badan_publik }},

Tenggat tahapan {{ tahapan }} pada {{ siklus }} adalah {{ tenggat }}, \
{% if sisa_hari == 0 %}hari ini{% else %}{{ sisa_hari }} hari lagi{% endif %}. \
Kuesioner {{ badan_publik }} belum kami terima.

Isi dan kirim kuesioner Anda di:
{{ tautan }}
""" + _FOOTER),
    EventKind(
        "deadline_coordinator", "Tenggat tahapan mendekat (koordinator PPID)",
        {**_COMMON, "tahapan": "nama tahapan", "tenggat": "tanggal tenggat (WIB)",
         "sisa_hari": "sisa hari (angka)", "jumlah": "jumlah badan publik yang belum",
         "badan_publik_belum": "daftar nama badan publik yang belum mengirim"},
        {**_SAMPLE, "tahapan": "Penilaian Mandiri (SAQ)", "tenggat": "31 Desember 2026",
         "sisa_hari": 3, "jumlah": 2,
         "badan_publik_belum": ["Dinas Kesehatan", "Kecamatan Bukit Raya"]},
        "Pengingat: {{ jumlah }} badan publik belum mengirim {{ tahapan }} "
        "(tenggat {{ tenggat }})",
        """Yth. Koordinator PPID,

Tenggat tahapan {{ tahapan }} pada {{ siklus }} adalah {{ tenggat }}, \
{% if sisa_hari == 0 %}hari ini{% else %}{{ sisa_hari }} hari lagi{% endif %}. \
{{ jumlah }} badan publik dalam cakupan Anda belum mengirim kuesioner:
{% for nama in badan_publik_belum %}
- {{ nama }}
{% endfor %}

Lihat statusnya di:
{{ tautan }}
""" + _FOOTER),
    EventKind(
        "submission", "Kuesioner diterima (tanda terima)",
        {**_COMMON, "badan_publik": "nama badan publik", "nama_berkas": "nama berkas",
         "sha256": "sidik SHA-256 berkas", "versi": "versi unggahan (angka)",
         "waktu": "waktu diterima (WIB)", "diunggah_oleh": "siapa yang mengunggah",
         "terlambat": "benar bila melewati tenggat", "kosong": "benar bila tanpa jawaban",
         "jumlah_jawaban": "jumlah pertanyaan yang dijawab",
         "jumlah_pertanyaan": "jumlah pertanyaan kuesioner",
         "belum_dijawab": "jumlah pertanyaan yang belum dijawab (bernilai 0)",
         "peringatan": "daftar peringatan (kode, lokasi, pesan)"},
        {**_SAMPLE, "nama_berkas": "kuesioner-diskominfo.xlsx",
         "sha256": "3f5a9c1e" * 8, "versi": 2, "waktu": "30 November 2026 10.15 WIB",
         "diunggah_oleh": "Koordinator PPID", "terlambat": False, "kosong": False,
         "jumlah_jawaban": 42, "jumlah_pertanyaan": 44, "belum_dijawab": 2,
         "peringatan": [{"kode": "W404", "lokasi": "Kuesioner!F14",
                         "pesan": "Tautan data dukung bukan alamat web."}]},
        "Tanda terima kuesioner {{ badan_publik }} (versi {{ versi }})",
        """{% if penerima == "koordinator" %}Yth. Koordinator PPID,{% else %}\
Yth. PPID {{ badan_publik }},{% endif %}

Kuesioner {{ badan_publik }} untuk {{ siklus }} telah diterima.

Berkas     : {{ nama_berkas }}
SHA-256    : {{ sha256 }}
Versi      : {{ versi }}
Diterima   : {{ waktu }}{% if diunggah_oleh %} (oleh {{ diunggah_oleh }}){% endif %}

Hasil impor: {% if kosong %}diterima tetapi tanpa satu jawaban pun — badan publik \
dianggap belum mengisi kuesioner{% elif jumlah_pertanyaan %}diterima, \
{{ jumlah_jawaban }} dari {{ jumlah_pertanyaan }} pertanyaan dijawab\
{% if belum_dijawab %}; {{ belum_dijawab }} belum dijawab dan bernilai 0{% endif %}\
{% else %}diterima, {{ jumlah_jawaban }} jawaban terbaca{% endif %}\
{% if terlambat %}; dikirim setelah tenggat (terlambat){% endif %}.
{% if peringatan %}
Peringatan ({{ peringatan | length }}):
{% for p in peringatan %}
- [{{ p.kode }}] {{ p.lokasi }}: {{ p.pesan }}
{% endfor %}
{% else %}
Tidak ada peringatan.
{% endif %}

Simpan pemberitahuan ini sebagai tanda terima. Lihat kuesioner Anda di:
{{ tautan }}
""" + _FOOTER),
    EventKind(
        "appeals_open", "Verifikasi selesai, masa sanggah dibuka",
        {**_COMMON, "badan_publik": "nama badan publik",
         "jumlah_pertanyaan": "jumlah jawaban yang diverifikasi",
         "perubahan": "daftar jawaban yang diubah verifikator (kode, pertanyaan, "
                      "jawaban_mandiri, hasil_verifikasi, alasan)"},
        {**_SAMPLE, "jumlah_pertanyaan": 42,
         "perubahan": [{"kode": "1.2", "pertanyaan": "Apakah DIP ditetapkan?",
                        "jawaban_mandiri": "Ya", "hasil_verifikasi": "Tidak",
                        "alasan": "SK penetapan DIP tidak dilampirkan."}]},
        "Hasil verifikasi {{ badan_publik }}: masa sanggah dibuka",
        """Yth. PPID {{ badan_publik }},

Verifikasi kuesioner {{ badan_publik }} pada {{ siklus }} telah selesai dan masa \
sanggah dibuka.
{% if perubahan %}
Verifikator mengubah {{ perubahan | length }} jawaban:
{% for p in perubahan %}
- {{ p.kode }} {{ p.pertanyaan }}
  Jawaban mandiri: {{ p.jawaban_mandiri }} → hasil verifikasi: {{ p.hasil_verifikasi }}
  Alasan: {{ p.alasan or "tidak dicatat (verifikator memeriksa jawaban versi \
sebelumnya; tanyakan lewat menu Pesan)" }}
{% endfor %}
{% else %}
Tidak ada jawaban yang diubah verifikator.
{% endif %}

Bila Anda tidak sependapat, ajukan sanggah dengan bukti baru selama masa sanggah di:
{{ tautan }}
""" + _FOOTER),
    EventKind(
        "appeal_decided", "Sanggah diputus",
        {**_COMMON, "badan_publik": "nama badan publik", "nomor": "nomor sanggah",
         "pertanyaan": "pertanyaan yang disanggah (kosong: hasil keseluruhan)",
         "putusan": "Diterima atau Ditolak", "alasan": "alasan putusan",
         "nilai_baru": "nilai baru bila diubah (kosong bila tidak)"},
        {**_SAMPLE, "nomor": 12, "pertanyaan": "1.2 Apakah DIP ditetapkan?",
         "putusan": "Diterima", "alasan": "SK DIP yang dilampirkan sah.",
         "nilai_baru": "Ya"},
        "Sanggah #{{ nomor }} {{ badan_publik }}: {{ putusan }}",
        """{% if penerima == "koordinator" %}Yth. Koordinator PPID,{% else %}\
Yth. PPID {{ badan_publik }},{% endif %}

Sanggah #{{ nomor }} ({% if pertanyaan %}{{ pertanyaan }}{% else %}hasil \
keseluruhan{% endif %}) pada {{ siklus }} telah diputus: {{ putusan }}.

Alasan: {{ alasan }}
{% if nilai_baru %}Nilai jawaban kini: {{ nilai_baru }}
{% endif %}
Lihat hasil verifikasi dan sanggah Anda di:
{{ tautan }}
""" + _FOOTER),
    EventKind(
        "published", "Hasil ditetapkan (dengan rapor)",
        {**_COMMON, "badan_publik": "nama badan publik", "kategori": "kategori",
         "nilai_akhir": "nilai akhir (koma desimal)", "predikat": "predikat",
         "peringkat": "peringkat dalam kategori (kosong bila tidak diperingkat)",
         "rapor": "benar bila rapor (PDF) dilampirkan (ada nilai akhir)",
         "tanpa_rapor": "mengapa tidak ada rapor (kosong bila ada)"},
        {**_SAMPLE, "kategori": "OPD", "nilai_akhir": "89,95",
         "predikat": "Menuju Informatif", "peringkat": 3, "rapor": True,
         "tanpa_rapor": ""},
        "Hasil {{ siklus }}: {{ badan_publik }} {{ predikat or 'tanpa predikat' }}",
        """Yth. PPID {{ badan_publik }},

Hasil {{ siklus }} telah ditetapkan.

Nilai akhir : {{ nilai_akhir }}
Predikat    : {{ predikat or '–' }}
Peringkat   : {% if peringkat %}{{ peringkat }} dalam kategori {{ kategori }}\
{% else %}–{% endif %}


{% if rapor %}
Rapor {{ badan_publik }} (PDF) terlampir: apa yang mengurangi nilai dan apa yang \
diperlukan untuk mencapai predikat berikutnya. Rapor juga dapat diunduh di:
{% else %}
Tidak ada rapor terlampir: {{ badan_publik }} {{ tanpa_rapor }}, sehingga tidak \
memiliki nilai akhir. Hasil lengkap siklus ini dapat dilihat di:
{% endif %}
{{ tautan }}
""" + _FOOTER),
    EventKind(
        "message", "Pesan baru",
        {**_COMMON, "badan_publik": "badan publik yang dibicarakan",
         "pengirim": "nama pengirim", "isi": "isi pesan",
         "lampiran": "daftar nama berkas lampiran"},
        {**_SAMPLE, "pengirim": "Koordinator PPID",
         "isi": "Mohon lengkapi SK PPID pada pertanyaan 1.1.",
         "lampiran": ["contoh-sk.pdf"]},
        "Pesan baru dari {{ pengirim }}: {{ badan_publik }}",
        """{{ pengirim }} menulis tentang {{ badan_publik }} ({{ siklus }}):

{{ isi }}
{% if lampiran %}
Lampiran: {{ lampiran | join(', ') }}
{% endif %}

Balas di aplikasi:
{{ tautan }}
""" + _FOOTER),
    EventKind(
        "password_reset", "Atur ulang kata sandi",
        {"nama": "nama akun", "nama_pengguna": "nama pengguna", "tautan": "tautan sekali "
         "pakai", "berlaku": "berapa lama tautan berlaku", "ki": "nama Komisi Informasi"},
        {"nama": "Rina Marlina", "nama_pengguna": "rina", "ki": "KI Kabupaten Sukamaju",
         "tautan": "https://monev.example.go.id/reset_password?token=contoh",
         "berlaku": "60 menit"},
        "Atur ulang kata sandi Monev KIP",
        """Yth. {{ nama }},

Ada permintaan mengatur ulang kata sandi akun Monev KIP Anda (nama pengguna: \
{{ nama_pengguna }}). Buka tautan berikut untuk membuat kata sandi baru; tautan hanya \
dapat dipakai sekali dan berlaku {{ berlaku }}:

{{ tautan }}

Bila Anda tidak meminta ini, abaikan e-mail ini: kata sandi Anda tidak berubah.
""" + _FOOTER),
    EventKind(
        "welcome", "Undangan akun: buat atau atur kata sandi",
        {"nama": "nama akun", "nama_pengguna": "nama pengguna", "tautan": "tautan sekali "
         "pakai", "berlaku": "berapa lama tautan berlaku", "ki": "nama Komisi Informasi",
         "akun_lama": "benar bila akun sudah pernah dipakai (undangan mengatur kata sandi "
         "akun yang ada)"},
        {"nama": "PPID Dinas Kesehatan", "nama_pengguna": "ppid-dinkes",
         "ki": "KI Kabupaten Sukamaju",
         "tautan": "https://monev.example.go.id/reset_password?token=contoh",
         "berlaku": "72 jam", "akun_lama": False},
        "{% if akun_lama %}Atur kata sandi akun Monev KIP Anda{% else %}Akun Monev KIP Anda: "
        "buat kata sandi{% endif %}",
        """Yth. {{ nama }},

{% if akun_lama %}
Atur kata sandi akun Monev KIP Anda (nama pengguna: {{ nama_pengguna }}) lewat tautan \
berikut; tautan hanya dapat dipakai sekali dan berlaku {{ berlaku }}. Kata sandi yang \
sekarang tetap berlaku sampai Anda membuat yang baru:
{% else %}
Akun Monev KIP telah dibuat untuk Anda (nama pengguna: {{ nama_pengguna }}). Buka \
tautan berikut untuk membuat kata sandi Anda; tautan hanya dapat dipakai sekali dan \
berlaku {{ berlaku }}:
{% endif %}

{{ tautan }}
""" + _FOOTER),
)}


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    body: str


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    """The current text of one event: saved (`seq`, who, when) or the default (`seq` 0)."""

    event: str
    label: str
    subject: str
    body: str
    seq: int
    saved_by: str
    saved_at: datetime | None
    reason: str
    variables: Mapping[str, str]

    @property
    def is_default(self) -> bool:
        return self.seq == 0


_ENV = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False,
                                     trim_blocks=True, lstrip_blocks=True,
                                     keep_trailing_newline=False)


def _kind(event: str) -> EventKind:
    kind = EVENTS.get(event)
    if kind is None:
        raise NotFound(f"Jenis notifikasi '{event}' tidak dikenal. Yang ada: "
                       f"{', '.join(EVENTS)}.")
    return kind


def render_text(subject: str, body: str, context: Mapping[str, Any]) -> Rendered:
    """Render `subject` and `body` with `context`; raises Jinja2's errors."""
    shown_subject = " ".join(_ENV.from_string(subject).render(context).split())
    shown_body = _ENV.from_string(body).render(context).strip() + "\n"
    return Rendered(shown_subject[:MAX_SUBJECT_CHARS], shown_body)


def check_text(event: str, subject: str, body: str) -> Rendered:
    """The sample rendering of a proposed text; :class:`UsageError` saying what is wrong
    (syntax with its line, an unknown value, an empty subject, too long)."""
    kind = _kind(event)
    if not subject.strip():
        raise UsageError("Subjek wajib diisi.")
    if not body.strip():
        raise UsageError("Isi pesan wajib diisi.")
    if len(subject) > MAX_SUBJECT_CHARS or len(body) > MAX_TEMPLATE_CHARS:
        raise UsageError(f"Teks terlalu panjang: subjek paling banyak {MAX_SUBJECT_CHARS} "
                         f"karakter, isi paling banyak {MAX_TEMPLATE_CHARS} karakter.")
    for part, text in (("Subjek", subject), ("Isi", body)):
        try:
            _ENV.from_string(text).render(kind.sample)
        except (TemplateError, TypeError, ValueError, ArithmeticError) as error:
            raise UsageError(template_errors.explain(error, part)) from None
    return render_text(subject, body, sample_values(kind))


SAMPLE_ADDRESS = "https://monev.example.go.id"  # the app's address in the shipped samples


def sample_values(kind: EventKind) -> dict[str, Any]:
    """`kind`'s sample values for a preview, its link (``tautan``) on this installation's
    public address (MONEV_PUBLIC_URL) as the real e-mails will carry it."""
    values = dict(kind.sample)
    if isinstance(values.get("tautan"), str):
        values["tautan"] = values["tautan"].replace(SAMPLE_ADDRESS, settings.public_url(), 1)
    return values


def _latest(session: Session, event: str) -> NotificationTemplate | None:
    return session.scalar(select(NotificationTemplate).where(
        NotificationTemplate.event == event).order_by(NotificationTemplate.seq.desc())
        .limit(1))


_CACHE = "notifications.templates"  # Session.info: event → (subject, body)


def render(session: Session, event: str, context: Mapping[str, Any]) -> Rendered:
    """The subject and body of `event` with `context`, from the current text (read once
    per session); the default when the saved text fails on these values (logged)."""
    kind = _kind(event)
    cache: dict[str, tuple[str, str]] = session.info.setdefault(_CACHE, {})
    if event not in cache:
        row = _latest(session, event)
        cache[event] = (row.subject, row.body) if row else (kind.subject, kind.body)
    subject, body = cache[event]
    try:
        return render_text(subject, body, context)
    except Exception:
        log.exception("saved template of %s failed; the default text is used", event)
        return render_text(kind.subject, kind.body, context)


def _info(kind: EventKind, row: NotificationTemplate | None,
          names: Mapping[int, str]) -> TemplateInfo:
    if row is None:
        return TemplateInfo(kind.code, kind.label, kind.subject, kind.body, 0, "", None, "",
                            kind.variables)
    return TemplateInfo(kind.code, kind.label, row.subject, row.body, row.seq,
                        names.get(row.saved_by_id or 0, "Sistem"), row.saved_at, row.reason,
                        kind.variables)


def list_templates(db: Database, actor: Actor) -> list[TemplateInfo]:
    """The current text of every event (admin). Raises :class:`PermissionDenied`."""
    with db.read() as session:
        require(session, actor, Action.MANAGE_NOTIFICATIONS)
        names = user_names(session)
        return [_info(kind, _latest(session, kind.code), names) for kind in EVENTS.values()]


def history(db: Database, actor: Actor, event: str) -> list[TemplateInfo]:
    """Every saved version of `event`'s text, newest first (empty: only the default)."""
    with db.read() as session:
        require(session, actor, Action.MANAGE_NOTIFICATIONS)
        kind = _kind(event)
        names = user_names(session)
        rows = session.scalars(select(NotificationTemplate).where(
            NotificationTemplate.event == event).order_by(NotificationTemplate.seq.desc()))
        return [_info(kind, row, names) for row in rows]


def preview(db: Database, actor: Actor, event: str, subject: str, body: str) -> Rendered:
    """The proposed text rendered with the event's sample values (nothing saved).
    Raises :class:`UsageError` (the text is wrong: where and why),
    :class:`PermissionDenied`."""
    require(db, actor, Action.MANAGE_NOTIFICATIONS)
    return check_text(event, subject, body)


def save_template(db: Database, actor: Actor, event: str, subject: str, body: str, *,
                  expected_seq: int, reason: str = "") -> TemplateInfo:
    """Save a new text for `event` (checked as :func:`preview` checks it). `expected_seq`
    is the version the admin edited: another admin's save meanwhile is a
    :class:`UsageError` (nothing saved; reload and edit again)."""
    check_text(event, subject, body)
    with db.transaction() as session:
        actor = require(session, actor, Action.MANAGE_NOTIFICATIONS)
        kind = _kind(event)
        current = session.scalar(select(func.max(NotificationTemplate.seq)).where(
            NotificationTemplate.event == event)) or 0
        if current != expected_seq:
            raise UsageError(f"Teks '{kind.label}' baru saja disimpan orang lain (versi "
                             f"{current}); muat ulang halaman lalu ubah lagi.")
        row = NotificationTemplate(event=event, seq=current + 1, subject=subject,
                                   body=body, saved_at=utcnow(), saved_by_id=actor.id,
                                   reason=reason.strip())
        session.add(row)
        session.flush()
        record(session, actor, "notification.template", entity="notification_template",
               entity_id=event, old=current, new=row.seq, reason=reason.strip())
        return _info(kind, row, user_names(session))


def default_text(event: str) -> Rendered:
    """The text shipped with the application for `event` (not rendered)."""
    kind = _kind(event)
    return Rendered(kind.subject, kind.body)
