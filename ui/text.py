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
    "coord.title": "Koordinator PPID",
    "coord.intro": "Unduh templat kuesioner, unggah kuesioner yang sudah diisi, pantau "
                   "partisipasi badan publik, lihat hasil yang sudah ditetapkan, dan ajukan "
                   "sanggah.",
    "coord.cycle_status": "Status siklus: **{status}** · Metodologi: {methodology}",
    "coord.tab.upload": "Templat & unggah",
    "coord.tab.bodies": "Badan publik",
    "coord.tab.results": "Hasil",
    "coord.tab.appeals": "Sanggah",
    "coord.template.heading": "Templat kuesioner",
    "coord.template.category": "Kategori badan publik",
    "coord.template.download": "Unduh templat {category} (.xlsx)",
    "coord.template.help": "Isi satu templat untuk setiap badan publik: lembar Identitas, "
                           "lalu jawaban dan tautan data dukung setiap pertanyaan. Jangan "
                           "mengubah kode pertanyaan atau nama lembar.",
    "coord.upload.heading": "Unggah kuesioner",
    "coord.upload.label": "Kuesioner yang sudah diisi (.xlsx, .csv, atau ZIP berisi "
                          "beberapa berkas)",
    "coord.upload.help": "Pilih satu berkas, beberapa berkas sekaligus, atau satu ZIP. "
                         "Mengunggah ulang berkas yang sama tidak mengubah apa pun.",
    "coord.upload.go": "Unggah",
    "coord.upload.progress": "Memproses {done} dari {total} berkas…",
    "coord.upload.finished": "Selesai: {total} berkas diproses.",
    "coord.upload.empty": "Tidak ada berkas kuesioner yang dapat dibaca dalam unggahan ini.",
    "coord.report.heading": "Laporan unggahan",
    "coord.report.col.file": "Berkas",
    "coord.report.col.body": "Badan publik",
    "coord.report.col.status": "Status",
    "coord.report.col.notes": "Catatan",
    "coord.report.col.where": "Lembar!Sel",
    "coord.report.col.kind": "Jenis",
    "coord.report.col.code": "Kode",
    "coord.report.col.problem": "Masalah",
    "coord.report.col.fix": "Cara memperbaiki",
    "coord.report.error": "Galat",
    "coord.report.warning": "Peringatan",
    "coord.report.errors": "{n} galat",
    "coord.report.warnings": "{n} peringatan",
    "coord.report.some_rejected": "{n} berkas ditolak dan tidak disimpan sama sekali. "
                                  "Perbaiki sesuai tabel masalah di bawah, lalu unggah lagi "
                                  "berkas itu saja.",
    "coord.report.all_ok": "Tidak ada berkas yang ditolak ({n} berkas diproses).",
    "coord.report.problems": "**Masalah per berkas** — lembar dan sel yang perlu diperbaiki",
    "coord.bodies.rate_label": "Partisipasi (kuesioner masuk dari badan publik diundang)",
    "coord.bodies.rate": "{returned} dari {invited} badan publik ({percent})",
    "coord.bodies.col.name": "Badan publik",
    "coord.bodies.col.category": "Kategori",
    "coord.bodies.col.region": "Wilayah",
    "coord.bodies.col.status": "Status partisipasi",
    "coord.bodies.col.ppid": "PPID",
    "coord.bodies.none": "Belum ada badan publik dalam cakupan Anda pada siklus ini. "
                         "Hubungi admin KI.",
    "coord.results.not_published": "Hasil siklus ini belum ditetapkan. Nilai, predikat, dan "
                                   "peringkat tampil di sini setelah penetapan.",
    "coord.results.none": "Tidak ada hasil yang ditetapkan untuk badan publik dalam "
                          "cakupan Anda.",
    "coord.results.pick": "Rincian nilai badan publik",
    "coord.results.col.name": "Badan publik",
    "coord.results.col.category": "Kategori",
    "coord.results.col.final": "Nilai akhir",
    "coord.results.col.predicate": "Predikat",
    "coord.results.col.rank": "Peringkat",
    "coord.results.col.status": "Partisipasi",
    "coord.results.col.indicator": "Indikator",
    "coord.results.col.stage": "Tahapan",
    "coord.results.col.weight": "Bobot",
    "coord.results.col.score": "Nilai",
    "coord.results.unscored": "Tidak dinilai: {status}.",
    "coord.results.saq": "Nilai SAQ terverifikasi: {score}",
    "coord.appeal.heading": "Ajukan sanggah",
    "coord.appeal.help": "Dalam masa sanggah, ajukan keberatan atas hasil verifikasi dengan "
                         "bukti baru. Verifikator memutus setiap sanggah dengan alasan.",
    "coord.appeal.body": "Badan publik",
    "coord.appeal.question": "Pertanyaan yang disanggah (opsional)",
    "coord.appeal.whole": "Hasil secara keseluruhan",
    "coord.appeal.claim": "Isi sanggah",
    "coord.appeal.claim_hint": "Hasil verifikasi mana yang keliru, dan mengapa",
    "coord.appeal.evidence": "Tautan bukti baru",
    "coord.appeal.submit": "Ajukan sanggah",
    "coord.appeal.filed": "Sanggah #{id} untuk {body} sudah diajukan.",
    "coord.appeal.list": "**Sanggah yang sudah diajukan**",
    "coord.appeal.col.id": "No.",
    "coord.appeal.col.body": "Badan publik",
    "coord.appeal.col.question": "Pertanyaan",
    "coord.appeal.col.claim": "Isi sanggah",
    "coord.appeal.col.status": "Status",
    "coord.appeal.col.filed": "Diajukan",
    "coord.appeal.col.decision": "Alasan putusan",
    # -- evaluator page (keys "eval.*") -----------------------------------------------------
    "eval.title": "Verifikasi & Panel",
    "eval.intro": "Verifikasi jawaban mandiri terhadap data dukungnya, isi nilai panel juri, "
                  "beri nilai tambahan, dan putus sanggah. Setiap perubahan dicatat: siapa, "
                  "kapan, nilai lama, nilai baru, dan alasannya.",
    "eval.published": "Hasil siklus ini sudah ditetapkan: perubahan tidak dapat disimpan "
                      "sampai pejabat atau admin membukanya kembali dengan alasan.",
    "eval.reload": "Muat ulang",
    "eval.reload_help": "Ambil data terbaru. Perubahan yang belum disimpan di tabel hilang.",
    "eval.queue.heading": "Antrean verifikasi",
    "eval.queue.empty": "Belum ada kuesioner yang masuk pada siklus ini.",
    "eval.queue.col.name": "Badan publik",
    "eval.queue.col.category": "Kategori",
    "eval.queue.col.progress": "Kemajuan",
    "eval.queue.col.verified": "Terverifikasi",
    "eval.queue.col.appeals": "Sanggah terbuka",
    "eval.queue.col.version": "Versi unggahan",
    "eval.queue.col.uploaded": "Diunggah",
    "eval.queue.count": "{verified} dari {total}",
    "eval.queue.late": "terlambat",
    "eval.queue.pick": "Badan publik yang diverifikasi",
    "eval.queue.option": "{name} — {verified}/{total} terverifikasi",
    "eval.tab.review": "Verifikasi jawaban",
    "eval.tab.history": "Riwayat jawaban",
    "eval.tab.panel": "Nilai panel",
    "eval.tab.bonus": "Nilai tambahan",
    "eval.tab.appeals": "Sanggah ({n} terbuka)",
    "eval.review.about": "{name} · unggahan versi {version} ({file}). Pilih nilai verifikasi; "
                         "alasan wajib diisi bila nilai berbeda dari nilai saat ini.",
    "eval.review.kind.yes_no": "**Pertanyaan Ya/Tidak**",
    "eval.review.kind.scale": "**Pertanyaan berjenjang** — pilih tingkat sesuai kolom "
                              "Pilihan jawaban",
    "eval.review.kind.checklist": "**Penilaian kelengkapan** — pilih butir yang ada sesuai "
                                  "kolom Pilihan jawaban",
    "eval.review.col.code": "Kode",
    "eval.review.col.indicator": "Indikator",
    "eval.review.col.question": "Pertanyaan",
    "eval.review.col.self_reported": "Jawaban mandiri",
    "eval.review.col.evidence": "Data dukung",
    "eval.review.col.allowed": "Pilihan jawaban",
    "eval.review.col.value": "Nilai verifikasi",
    "eval.review.col.reason": "Alasan",
    "eval.review.col.last": "Verifikasi terakhir",
    "eval.review.help.value": "Nilai menurut verifikator setelah memeriksa data dukung.",
    "eval.review.help.checklist": "Butir yang benar-benar ada menurut data dukung; kosongkan "
                                  "semua butir bila tidak ada satu pun.",
    "eval.review.help.evidence": "Buka tautan data dukung di tab baru.",
    "eval.review.help.reason": "Wajib bila nilai verifikasi berbeda dari nilai saat ini.",
    "eval.review.last": "{value} oleh {by}, {at}",
    "eval.review.save": "Simpan verifikasi",
    "eval.review.saved": "{n} jawaban tersimpan: {codes}.",
    "eval.review.refused": "Baris berikut belum disimpan; perbaiki lalu simpan lagi "
                           "(perubahan Anda tetap ada di tabel):",
    "eval.review.no_value": "Nilai verifikasi pertanyaan {code} belum dipilih.",
    "eval.review.nothing": "Belum ada perubahan di tabel.",
    "eval.review.unchanged": "Tidak ada yang berubah: nilai dan alasan sama dengan yang "
                             "sudah tersimpan.",
    "eval.conflict.message": "**{code}**: disimpan lebih dulu oleh {by} pada {at}: nilai "
                             "mereka **{theirs}**; nilai Anda **{mine}**. Perubahan Anda "
                             "belum disimpan.",
    "eval.conflict.keep": "Pakai nilai mereka",
    "eval.conflict.save_mine": "Simpan nilai saya",
    "eval.conflict.kept": "Nilai yang sudah tersimpan untuk {code} dipertahankan.",
    "eval.conflict.saved": "Nilai Anda untuk {code} disimpan di atas nilai yang sudah "
                           "Anda lihat.",
    "eval.conflict.again": "Nilai {code} diubah lagi oleh orang lain; periksa nilai "
                           "terbaru di bawah.",
    "eval.history.pick": "Pertanyaan",
    "eval.history.col.at": "Waktu",
    "eval.history.col.kind": "Peristiwa",
    "eval.history.col.value": "Nilai",
    "eval.history.col.old": "Nilai sebelumnya",
    "eval.history.col.reason": "Alasan / keterangan",
    "eval.history.col.by": "Oleh",
    "eval.history.col.source": "Berkas / bukti",
    "eval.panel.none": "Metodologi siklus ini tidak mempunyai tahapan penilaian panel.",
    "eval.panel.empty": "Belum ada nilai juri untuk badan publik ini.",
    "eval.panel.col.stage": "Tahapan",
    "eval.panel.col.juror": "Juri",
    "eval.panel.col.aspect": "Aspek",
    "eval.panel.col.score": "Nilai",
    "eval.panel.col.reason": "Alasan perubahan",
    "eval.panel.col.by": "Dicatat oleh",
    "eval.panel.stage": "Tahapan panel",
    "eval.panel.juror": "Nama juri",
    "eval.panel.juror_hint": "mis. Dr. Siti Aminah (akademisi)",
    "eval.panel.juror_help": "Tulis nama juri persis sama setiap kali agar nilainya "
                             "terkumpul pada satu juri.",
    "eval.panel.jurors": "Juri yang sudah menilai: {names}",
    "eval.panel.score_help": "0–100, paling banyak 2 angka desimal. Kosongkan aspek yang "
                             "belum dinilai.",
    "eval.panel.reason": "Alasan perubahan",
    "eval.panel.reason_help": "Wajib bila mengubah nilai yang sudah tersimpan.",
    "eval.panel.save": "Simpan nilai panel",
    "eval.panel.saved": "{n} nilai juri {juror} tersimpan.",
    "eval.panel.conflict": "Nilai aspek {aspect} disimpan lebih dulu oleh {by} pada {at}: "
                           "nilai mereka {theirs}; nilai Anda {mine}. Nilai Anda belum "
                           "disimpan; periksa tabel lalu simpan lagi bila masih perlu.",
    "eval.bonus.empty": "Belum ada nilai tambahan untuk badan publik ini.",
    "eval.bonus.col.code": "Kode",
    "eval.bonus.col.points": "Poin",
    "eval.bonus.col.reason": "Alasan",
    "eval.bonus.col.by": "Dicatat oleh",
    "eval.bonus.code": "Kode nilai tambahan",
    "eval.bonus.code_help": "Tanpa spasi. Kode yang sama mengubah nilai tambahan itu.",
    "eval.bonus.points": "Poin (−100 sampai 100)",
    "eval.bonus.reason": "Alasan",
    "eval.bonus.save": "Simpan nilai tambahan",
    "eval.bonus.saved": "Nilai tambahan '{code}' tersimpan: {points} poin.",
    "eval.bonus.conflict": "Nilai tambahan '{code}' disimpan lebih dulu oleh {by} pada {at}: "
                           "nilai mereka {theirs}; nilai Anda {mine}. Nilai Anda belum "
                           "disimpan; periksa tabel lalu simpan lagi bila masih perlu.",
    "eval.appeal.all": "Tampilkan sanggah semua badan publik",
    "eval.appeal.none": "Tidak ada sanggah terbuka.",
    "eval.appeal.header": "**Sanggah #{id}** — {body} · {question}",
    "eval.appeal.whole": "hasil secara keseluruhan",
    "eval.appeal.claim": "Isi sanggah: {claim}",
    "eval.appeal.evidence": "Bukti baru: {link}",
    "eval.appeal.filed": "Diajukan oleh {by}, {at}",
    "eval.appeal.decision": "Putusan",
    "eval.appeal.accept": "Terima",
    "eval.appeal.reject": "Tolak",
    "eval.appeal.new_value": "Nilai verifikasi baru (opsional, bila diterima)",
    "eval.appeal.new_value_help": "Jawaban yang diterima: {allowed}.",
    "eval.appeal.reason": "Alasan putusan",
    "eval.appeal.save": "Simpan putusan",
    "eval.appeal.decided": "Sanggah #{id} diputus: {status}.",
    "eval.appeal.decided_list": "**Sanggah yang sudah diputus**",
    "eval.appeal.col.id": "No.",
    "eval.appeal.col.body": "Badan publik",
    "eval.appeal.col.question": "Pertanyaan",
    "eval.appeal.col.status": "Putusan",
    "eval.appeal.col.reason": "Alasan",
    "eval.appeal.col.by": "Diputus oleh",
    # -- ranking & dashboard page (keys "rank.*") -------------------------------------------
}


def t(key: str, **values: object) -> str:
    """The text for `key` with `values` filled in (a missing key shows itself, loudly)."""
    text = TEXT.get(key)
    if text is None:
        return f"⟦{key}⟧"
    return text.format(**values) if values else text
