"""The catalog of every text the app shows, in Bahasa Indonesia.

Pages never hard-code UI text: they call ``t("section.key", name=value)``. Sections are
one per page; a test checks that every key used in ``ui/`` and ``app.py`` exists here.

The texts are Markdown (``**tebal**``); a value filled in by ``t()`` is shown literally
(escaped), so a name or reason typed by someone never becomes a link or formatting.
"""

from __future__ import annotations

import string

from ui.format import Markdown, code, plain

_FORMATTER = string.Formatter()

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
    "nav.portal": "Kuesioner Badan Publik",
    "nav.section.work": "Pekerjaan",
    "nav.section.results": "Hasil",
    "nav.section.admin": "Pengaturan",
    "app.unexpected_error": "Terjadi galat tak terduga; data Anda tidak berubah oleh langkah "
                            "yang gagal. Coba lagi, atau hubungi admin dan sebutkan rujukan "
                            "ini: {reference}.",
    # -- login -----------------------------------------------------------------------------
    "auth.heading": "Masuk ke Monev KIP",
    "auth.username": "Nama pengguna",
    "auth.password": "Kata sandi",
    "auth.submit": "Masuk",
    "auth.login_required": "Silakan masuk terlebih dahulu untuk membuka halaman ini.",
    "auth.page_not_allowed": "Halaman ini tidak tersedia untuk peran {role}. Anda masuk "
                             "sebagai **{name}**; pilih halaman Anda di menu samping.",
    "auth.page_for": "Halaman ini untuk peran: {roles}.",
    "auth.session_ended": "Sesi berakhir",
    "nav.my_account": "Akun saya",
    "account.heading": "Akun saya",
    "account.who": "Anda masuk sebagai **{name}** (nama pengguna `{username}`, peran {role}).",
    "account.password.heading": "Ganti kata sandi",
    "account.password.help": "Minimal {length} karakter dan tidak mudah ditebak: gabungkan "
                             "beberapa kata yang tidak biasa, angka dan tanda baca. Setelah "
                             "diganti, sesi Anda di perangkat lain berakhir.",
    "account.password.current": "Kata sandi saat ini",
    "account.password.new": "Kata sandi baru",
    "account.password.repeat": "Ulangi kata sandi baru",
    "account.password.save": "Ganti kata sandi",
    "account.password.mismatch": "Kedua isian kata sandi baru tidak sama.",
    "account.password.saved": "Kata sandi diganti. Sesi lain akun ini telah diakhiri.",
    "account.session": "Sesi ini berakhir setelah {idle} menit tanpa aktivitas, atau {hours} "
                       "jam setelah Anda masuk.",
    "auth.logged_in_as": "Masuk sebagai **{name}** ({role})",
    "auth.logged_out": "Anda telah keluar.",
    # -- shared ----------------------------------------------------------------------------
    "cycle.pick": "Siklus monev",
    "cycle.none": "Belum ada siklus monev. Admin dapat membuatnya di halaman Admin.",
    # -- admin page (keys "admin.*") --------------------------------------------------------
    "admin.title": "Admin",
    "admin.caption": "Pengguna, siklus monev, badan publik dan metodologi.",
    "admin.tab.users": "Pengguna",
    "admin.tab.logins": "Riwayat masuk",
    "admin.tab.cycles": "Siklus",
    "admin.tab.bodies": "Badan Publik",
    "admin.tab.methodology": "Metodologi",
    "admin.percent": "{value}%",
    "admin.need_cycle": "Pilih siklus di atas, atau buat siklus baru di tab Siklus.",
    "admin.confirm_first": "Centang kotak konfirmasi terlebih dahulu.",
    "admin.users.heading": "Daftar pengguna",
    "admin.users.none": "Belum ada pengguna.",
    "admin.users.col.username": "Nama pengguna",
    "admin.users.col.name": "Nama",
    "admin.users.col.role": "Peran",
    "admin.users.col.status": "Status",
    "admin.users.col.created": "Dibuat",
    "admin.users.col.scope": "Cakupan",
    "admin.users.active": "Aktif",
    "admin.users.awaiting": "Aktif, menunggu kata sandi (diundang)",
    "admin.users.inactive": "Nonaktif",
    "admin.users.add.heading": "Tambah pengguna",
    "admin.users.username": "Nama pengguna (tanpa spasi)",
    "admin.users.display_name": "Nama lengkap",
    "admin.users.role": "Peran",
    "admin.users.role_placeholder": "Pilih peran akun",
    "admin.users.password": "Kata sandi awal",
    "admin.users.password_help": "Minimal 10 karakter dan tidak mudah ditebak; sampaikan "
                                 "kepada pemilik akun secara pribadi. Atau kosongkan dan "
                                 "isi alamat e-mail: pemiliknya menerima undangan untuk "
                                 "membuat kata sandinya sendiri (bila pengiriman e-mail "
                                 "sudah diatur).",
    "admin.users.invited": "Akun **{username}** ditambahkan sebagai {role}, tanpa kata "
                           "sandi: undangan untuk membuat kata sandi diantrekan ke {address}. "
                           "Sampai kata sandi dibuat, akun ini belum dapat dipakai masuk.",
    "admin.users.scope": "Cakupan badan publik (koordinator PPID dan akun badan publik)",
    "admin.users.scope_help": "Badan publik siklus {cycle} yang ditangani akun ini: untuk "
                              "koordinator PPID, yang boleh diunggah dan disanggahnya; untuk "
                              "akun badan publik (PPID), tepat satu badan publiknya sendiri. "
                              "Kosongkan untuk peran lain.",
    "admin.users.scope_no_cycle": "Buat siklus dan daftarkan badan publik terlebih dahulu.",
    "admin.users.add.submit": "Tambah pengguna",
    "admin.users.added": "Akun **{username}** ditambahkan sebagai {role}.",
    "admin.users.manage.heading": "Kelola akun",
    "admin.users.pick": "Akun",
    "admin.users.reset.password": "Kata sandi baru",
    "admin.users.reset.submit": "Atur ulang kata sandi",
    "admin.users.reset.done": "Kata sandi akun **{username}** diganti.",
    "admin.users.disable.caption": "Akun yang dinonaktifkan tidak dapat masuk; riwayat "
                                   "perubahannya tetap tersimpan.",
    "admin.users.status.reason": "Alasan",
    "admin.users.disable": "Nonaktifkan akun",
    "admin.users.enable": "Aktifkan kembali",
    "admin.users.disable.reason_required": "Tulis alasan menonaktifkan akun ini.",
    "admin.users.disabled": "Akun **{username}** dinonaktifkan.",
    "admin.users.enabled": "Akun **{username}** diaktifkan kembali.",
    "admin.users.col.email": "E-mail",
    "admin.users.email": "Alamat e-mail (opsional)",
    "admin.users.email_help": "Ke alamat ini notifikasi dan tautan untuk mengatur kata sandi "
                              "akun dikirim. Kosongkan bila tidak ada: akun PPID lalu "
                              "dihubungi lewat alamat e-mail badan publiknya.",
    "admin.users.email.heading": "Alamat e-mail akun",
    "admin.users.email.save": "Simpan alamat e-mail",
    "admin.users.email.saved": "Alamat e-mail akun **{username}** kini {email}.",
    "admin.users.email.removed": "Alamat e-mail akun **{username}** dihapus.",
    "admin.users.scope.save": "Simpan cakupan",
    "admin.users.scope.saved": "Cakupan **{username}** disimpan: {count} badan publik.",
    "admin.users.col.last_login": "Terakhir masuk",
    "admin.users.demo": "akun demo",
    "admin.users.demo_warning": "Ada akun demo yang aktif ({names}) dengan kata sandi yang "
                                "diketahui umum. Sebelum dipakai sungguhan, nonaktifkan akun "
                                "demo atau jalankan aplikasi dengan `MONEV_DEMO_ACCOUNTS=0`.",
    "admin.users.role.heading": "Ubah peran",
    "admin.users.role.new": "Peran baru",
    "admin.users.role.reason": "Alasan perubahan peran",
    "admin.users.role.submit": "Simpan peran",
    "admin.users.role.done": "Peran akun **{username}** kini {role}; berlaku pada klik "
                             "berikutnya pengguna itu.",
    "admin.logins.heading": "Riwayat masuk",
    "admin.logins.caption": "Setiap percobaan masuk (berhasil atau gagal), penahanan, "
                            "pembukaan penahanan, keluar, sesi berakhir dan penggantian kata "
                            "sandi. Alamat kosong berarti diakses dari komputer server sendiri.",
    "admin.logins.filter.username": "Nama pengguna (kosong = semua)",
    "admin.logins.filter.kinds": "Jenis kejadian",
    "admin.logins.filter.all": "Semua jenis",
    "admin.logins.none": "Belum ada kejadian yang cocok.",
    "admin.logins.col.at": "Waktu (WIB)",
    "admin.logins.col.kind": "Kejadian",
    "admin.logins.col.username": "Nama pengguna diketik",
    "admin.logins.col.exists": "Akun ada",
    "admin.logins.col.address": "Alamat",
    "admin.logins.col.agent": "Peramban",
    "admin.logins.col.by": "Oleh",
    "admin.logins.col.detail": "Keterangan",
    "admin.logins.yes": "ya",
    "admin.logins.no": "tidak",
    "admin.held.heading": "Sedang ditahan",
    "admin.held.none": "Tidak ada nama pengguna atau alamat yang sedang ditahan.",
    "admin.held.account": "Nama pengguna **{held}** ditahan sampai {until} WIB.",
    "admin.held.address": "Alamat **{held}** ditahan sampai {until} WIB.",
    "admin.held.reason": "Alasan membuka penahanan",
    "admin.held.unlock": "Buka penahanan",
    "admin.held.unlocked": "Penahanan **{held}** dibuka.",
    "admin.cycles.heading": "Siklus monev",
    "admin.cycles.none": "Belum ada siklus monev. Buat siklus pertama di bawah.",
    "admin.cycles.col.id": "ID",
    "admin.cycles.col.title": "Judul",
    "admin.cycles.col.ki": "Komisi Informasi",
    "admin.cycles.col.year": "Tahun",
    "admin.cycles.col.methodology": "Metodologi",
    "admin.cycles.col.status": "Status",
    "admin.cycles.col.stages": "Tahapan",
    "admin.cycles.stage.deadline": "batas {date}",
    "admin.cycles.stage.locked": "🔒 terkunci",
    "admin.cycles.stage.open": "terbuka",
    "admin.cycles.create.heading": "Buat siklus baru",
    "admin.cycles.methodology": "Metodologi",
    "admin.cycles.ki": "Nama Komisi Informasi",
    "admin.cycles.year": "Tahun",
    "admin.cycles.title": "Judul",
    "admin.cycles.title_help": "Boleh dikosongkan: judulnya mengikuti judul siklus terakhir "
                               "KI ini dengan tahun yang diisi (contohnya tampak di kolom "
                               "ini); untuk KI yang belum punya siklus, judul dibuat dari "
                               "tahun dan nama KI.",
    "admin.cycles.previous": "Siklus sebelumnya (untuk perubahan peringkat dan predikat)",
    "admin.cycles.previous_none": "Tidak ada",
    "admin.cycles.create.submit": "Buat siklus",
    "admin.cycles.created": "Siklus **{title}** dibuat dari metodologi {methodology} dan masih "
                            "**disiapkan**: koordinator PPID dan pejabat belum melihatnya "
                            "sampai Anda membukanya (tombol *Buka siklus* di bawah).",
    "admin.cycles.methodology_help": "Yang disarankan adalah metodologi terbaru. Metodologi "
                                     "dibekukan ke dalam siklus saat siklus dibuat.",
    "admin.cycles.status": "Status: {status}",
    "admin.cycles.is_prepared": "Siklus ini masih **disiapkan**: hanya admin dan evaluator "
                                "yang melihatnya. Daftarkan badan publik dan atur batas "
                                "waktu, lalu buka siklus agar koordinator PPID dapat "
                                "mengunggah dan pejabat dapat melihatnya.",
    "admin.cycles.open.confirm": "Saya yakin: siklus ini terlihat oleh semua peran",
    "admin.cycles.open": "Buka siklus",
    "admin.cycles.opened": "Siklus **{title}** dibuka: kini berjalan dan terlihat oleh semua "
                           "peran.",
    "admin.cycles.manage.heading": "Tahapan dan penetapan: {title}",
    "admin.cycles.is_published": "Hasil siklus ini sudah ditetapkan. Tahapan tidak dapat "
                                 "diubah sebelum siklus dibuka kembali.",
    "admin.cycles.stage.heading": "**{name}** · bobot {weight} · {state}",
    "admin.cycles.deadline": "Batas waktu (WIB)",
    "admin.cycles.deadline.save": "Simpan batas waktu",
    "admin.cycles.deadline.clear": "Hapus batas waktu",
    "admin.cycles.deadline.pick": "Pilih tanggal terlebih dahulu.",
    "admin.cycles.deadline.saved": "Batas waktu tahapan {stage}: {date}.",
    "admin.cycles.deadline.cleared": "Batas waktu tahapan {stage} dihapus.",
    "admin.cycles.lock.help": "Setelah dikunci, tidak ada unggahan, verifikasi atau nilai "
                              "baru untuk tahapan ini sampai kuncinya dibuka dengan alasan.",
    "admin.cycles.lock.confirm": "Saya yakin ingin mengunci tahapan ini",
    "admin.cycles.lock": "Kunci tahapan",
    "admin.cycles.locked": "Tahapan {stage} dikunci.",
    "admin.cycles.unlock.reason": "Alasan membuka kunci (wajib)",
    "admin.cycles.unlock": "Buka kunci",
    "admin.cycles.unlocked": "Kunci tahapan {stage} dibuka.",
    "admin.cycles.publish.heading": "**Penetapan hasil**",
    "admin.cycles.publish.confirm": "Saya yakin: hasil dibekukan, dan setiap perubahan "
                                    "sesudahnya memerlukan pembukaan kembali dengan alasan.",
    "admin.cycles.publish": "Tetapkan hasil",
    "admin.cycles.published": "Hasil ditetapkan (penetapan ke-{seq}): {bodies} badan publik, "
                              "{scored} di antaranya bernilai.",
    "admin.cycles.reopen.reason": "Alasan membuka kembali (wajib)",
    "admin.cycles.reopen.confirm": "Saya yakin: hasil yang sudah ditetapkan tetap tersimpan, "
                                   "tetapi siklus dapat diubah lagi.",
    "admin.cycles.reopen": "Buka kembali",
    "admin.cycles.reopened": "Siklus dibuka kembali. Alasan: {reason}",
    "admin.bodies.heading": "Badan publik: {title}",
    "admin.bodies.summary": "{total} badan publik · {counts}",
    "admin.bodies.none": "Belum ada badan publik dalam siklus ini. Daftarkan di bawah, atau "
                         "biarkan terdaftar otomatis saat admin mengunggah kuesionernya.",
    "admin.bodies.col.name": "Badan publik",
    "admin.bodies.col.category": "Kategori",
    "admin.bodies.col.region": "Wilayah",
    "admin.bodies.col.aliases": "Nama lain",
    "admin.bodies.col.ppid": "PPID",
    "admin.bodies.col.email": "E-mail",
    "admin.bodies.col.websites": "Situs",
    "admin.bodies.col.participation": "Partisipasi",
    "admin.bodies.add.heading": "Daftarkan badan publik",
    "admin.bodies.name": "Nama badan publik",
    "admin.bodies.category": "Kategori",
    "admin.bodies.region": "Wilayah",
    "admin.bodies.aliases": "Nama lain (alias)",
    "admin.bodies.aliases_help": "Pisahkan dengan koma, mis. Diskominfo, Dinas Kominfo. "
                                 "Kuesioner dengan nama lain ini dikenali sebagai badan "
                                 "publik yang sama.",
    "admin.bodies.ppid_name": "Nama PPID",
    "admin.bodies.ppid_contact": "Kontak PPID (e-mail/telepon)",
    "admin.bodies.email": "E-mail PPID (untuk pemberitahuan)",
    "admin.bodies.website": "Alamat situs resmi/PPID",
    "admin.bodies.website_help": "Mis. https://ppid.kecamatan.go.id; dikunjungi pemantauan "
                                 "situs. Alamat lain dapat ditambahkan setelah disimpan.",
    "bodies.contacts.heading": "Ubah e-mail dan alamat situs",
    "bodies.contacts.body": "Badan publik",
    "bodies.contacts.option": "{name}",
    "bodies.contacts.email": "E-mail PPID (untuk pemberitahuan)",
    "bodies.contacts.email_help": "Satu alamat, mis. ppid@kecamatan.go.id; kosongkan bila "
                                  "belum ada.",
    "bodies.contacts.websites": "Alamat situs resmi/PPID (satu per baris)",
    "bodies.contacts.websites_help": "Dikunjungi pemantauan situs, mis. "
                                     "https://ppid.kecamatan.go.id; kosongkan semua baris untuk "
                                     "menghapus. Tanpa https:// ditambahkan otomatis.",
    "bodies.contacts.save": "Simpan e-mail dan situs",
    "bodies.contacts.saved": "Tersimpan untuk {name}: e-mail {email}; situs {websites}.",
    "bodies.contacts.none": "tidak ada",
    "bodies.category.heading": "Perbaiki kategori",
    "bodies.category.caption": "Kategori menentukan kuesioner badan publik dan "
                               "peringkatnya. Kategori yang salah pilih dapat diperbaiki "
                               "selama belum ada yang dinilai dengannya di siklus mana pun: "
                               "kuesioner masuk, jawaban daring, nilai panel, nilai "
                               "tambahan, pemantauan situs yang dinilai. Hasil yang sudah "
                               "ditetapkan tidak berubah.",
    "bodies.category.body": "Badan publik",
    "bodies.category.option": "{name} · {category}",
    "bodies.category.new": "Kategori yang benar",
    "bodies.category.placeholder": "Pilih kategori",
    "bodies.category.none": "Pilih kategori yang benar; tidak ada yang diubah.",
    "bodies.category.reason": "Alasan (disimpan di riwayat)",
    "bodies.category.reason_placeholder": "mis. salah pilih saat pendaftaran",
    "bodies.category.save": "Perbaiki kategori",
    "bodies.category.saved": "Kategori {name} diperbaiki: sebelumnya {old}, kini {new}.",
    "bodies.email.cell": "{address} — {what}",
    "bodies.email.bounced": "dipantulkan",
    "bodies.email.failed": "gagal terkirim",
    "bodies.email.no_reply": "tanpa jawaban server",
    "bodies.email.heading": "**E-mail tidak sampai ke {count} badan publik.** Pemberitahuan "
                            "berikutnya (pengingat tenggat, tanda terima, hasil) juga tidak "
                            "akan sampai selama alamatnya belum diperbaiki: pastikan alamat "
                            "e-mail PPID-nya, lalu ubah di bagian *Ubah e-mail dan alamat "
                            "situs* di bawah.",
    "bodies.email.problem": "**{name}**: e-mail terakhir ke {address} ({subject}, {at}) "
                            "{what} — jawaban server: {reply}",
    "bodies.email.more": "dan {count} badan publik lainnya (ditandai di kolom E-mail).",
    "admin.bodies.status": "Status partisipasi awal",
    "admin.bodies.add.submit": "Daftarkan",
    "admin.bodies.added": "**{name}** terdaftar ({category}); status: {status}.",
    "admin.method.meta": "Metodologi `{id}` versi {version} · {ki} · {year} · dipakai siklus "
                         "{cycle}",
    "admin.method.frozen": "Metodologi ini dibekukan saat siklus dibuat: perubahan berkas "
                           "metodologi sesudahnya tidak mengubah siklus ini.",
    "admin.method.legal": "**Dasar hukum**",
    "admin.method.stages": "Tahapan dan bobot",
    "admin.method.indicators": "Indikator dan bobot",
    "admin.method.questions": "Pertanyaan per kategori",
    "admin.method.bands": "Predikat",
    "admin.method.col.code": "Kode",
    "admin.method.col.name": "Nama",
    "admin.method.col.kind": "Jenis",
    "admin.method.col.weight": "Bobot",
    "admin.method.col.gate": "Gerbang",
    "admin.method.col.missing": "Bila tidak ada nilai",
    "admin.method.col.stage": "Tahapan",
    "admin.method.col.indicator": "Indikator",
    "admin.method.col.description": "Keterangan",
    "admin.method.col.question": "Pertanyaan",
    "admin.method.col.type": "Jenis jawaban",
    "admin.method.col.points": "Poin",
    "admin.method.col.evidence": "Data dukung",
    "admin.method.col.choices": "Pilihan / butir",
    "admin.method.col.guidance": "Definisi operasional",
    "admin.method.kind.questionnaire": "Kuesioner (SAQ) dan verifikasi",
    "admin.method.kind.panel": "Penilaian panel (juri 0–100)",
    "admin.method.kind.monitoring": "Pemantauan situs (temuan pemantauan terakhir)",
    "admin.method.missing.zero": "dihitung 0",
    "admin.method.missing.renormalise": "bobot dibagi ke tahapan lain",
    "admin.method.category": "Kategori",
    "admin.method.questions_total": "{count} pertanyaan, {points} poin",
    "admin.method.no_questions": "Tidak ada pertanyaan untuk kategori ini.",
    "admin.method.evidence.required": "Wajib (tanpa data dukung = 0)",
    "admin.method.evidence.flag": "Ditandai bila tidak ada",
    "admin.method.evidence.none": "Tidak diminta",
    "admin.method.yes_no_choices": "Ya; Tidak",
    "admin.method.band.top": "≥ {lower}",
    "admin.method.band.range": "{lower} sampai < {upper}",
    "admin.method.rounding": "Nilai dibulatkan setengah ke atas menjadi {decimals} desimal, "
                             "lalu diberi predikat.",
    "admin.method.tie_breakers": "Penentu peringkat bila nilai akhir sama: {items}.",
    "admin.method.tie.saq_verified": "SAQ terverifikasi",
    "admin.method.tie.saq_raw": "SAQ mandiri",
    "admin.method.tie.panel": "nilai panel",
    "admin.method.provenance": "Sumber dan asumsi metodologi",
    "admin.method.confidence": "**Tingkat keyakinan:** {text}",
    "admin.method.sources": "**Sumber**",
    "admin.method.assumptions": "**Asumsi**",
    "admin.method.detail": "Lihat satu pertanyaan lengkap",
    "admin.method.detail.meta": "{indicator} · {type} · {points} poin · data dukung: "
                                "{evidence}",
    "admin.method.detail.guidance": "**Definisi operasional:** {text}",
    "admin.method.detail.legal": "Dasar hukum: {text}",
    "admin.method.detail.categories": "Hanya untuk kategori: {names}",
    # -- evidence files (ui/components/evidence_files.py; keys "evidence.*") ----------------
    "evidence.heading": "**Berkas data dukung**",
    "evidence.none": "Belum ada berkas data dukung yang diunggah untuk pertanyaan ini.",
    "evidence.file": "**{name}** · {size} · {pages} halaman · diunggah {at} oleh {by}",
    "evidence.file_image": "**{name}** · {size} · gambar · diunggah {at} oleh {by}",
    "evidence.appeal": "Bukti baru sanggah #{id}",
    "evidence.lost": "Isi berkas {name} tidak ada lagi di penyimpanan data dukung, sehingga "
                     "tidak dapat diunduh. Minta admin memulihkannya dari cadangan, atau "
                     "minta badan publik mengunggahnya lagi.",
    "evidence.download": "Unduh",
    "evidence.download_help": "Unduh {name} ({size})",
    "evidence.attach.heading": "Data dukung (berkas)",
    "evidence.attach.help": "Unggah PDF (atau gambar PNG/JPEG) sebagai data dukung satu "
                            "pertanyaan, paling besar {limit} per berkas. Berkas diperiksa "
                            "menurut isinya, bukan namanya: PDF harus dapat dibuka tanpa kata "
                            "sandi. Berkas yang sama tidak disimpan dua kali.",
    "evidence.attach.body": "Badan publik",
    "evidence.attach.question": "Pertanyaan",
    "evidence.attach.file": "Berkas data dukung (PDF, PNG atau JPEG)",
    "evidence.attach.go": "Unggah data dukung",
    "evidence.attach.pick": "Pilih berkas data dukung terlebih dahulu.",
    "evidence.attach.done": "{file} dilampirkan pada pertanyaan {code} — {body}.",
    "evidence.attach.same": "{file} sudah terlampir pada pertanyaan {code}; tidak ada yang "
                            "diubah.",
    "evidence.attach.list": "**Berkas data dukung {body}**",
    "evidence.attach.none_body": "Belum ada berkas data dukung untuk badan publik ini.",
    "evidence.attach.question_of": "Pertanyaan {code}",
    "evidence.withdraw": "Tarik",
    "evidence.withdraw_help": "Tarik {name} dari pertanyaan {code} (tetap tercatat di "
                              "riwayat)",
    "evidence.withdrawn": "{file} ditarik dari pertanyaan {code}.",
    # -- website monitoring (ui/components/website_findings.py, website_monitoring.py;
    #    keys "web.*") -------------------------------------------------------------------------
    "web.icon.found": ":green[✓]",
    "web.icon.broken": ":red[✗]",
    "web.icon.missing": ":orange[○]",
    "web.icon.none": ":gray[○]",
    "web.icon.blocked": ":gray[⊘]",
    "web.ws.found": "{icon} **Temuan situs (saran bukti):** ditemukan: {what} ({link}), "
                    "halaman web · diperiksa {at}",
    "web.ws.found_document": "{icon} **Temuan situs (saran bukti):** ditemukan: {what} "
                             "({link}), {document} · diperiksa {at}",
    "web.ws.broken": "{icon} **Temuan situs (saran bukti): tautan rusak** — {what} ({link}) "
                     "ditemukan, tetapi tidak dapat dibuka: {detail} · diperiksa {at}",
    "web.ws.blocked": "{icon} **Temuan situs (saran bukti):** tidak ditemukan di {pages} "
                      "halaman yang boleh dibaca; {note} · diperiksa {at}",
    "web.ws.not_found": "{icon} **Temuan situs (saran bukti):** tidak ditemukan di {pages} "
                        "halaman yang diperiksa · diperiksa {at}",
    "web.ws.not_visited": "{icon} **Temuan situs (saran bukti):** situs tidak dapat "
                          "diperiksa — {detail} · {at}",
    "web.ws.never": "Situs badan publik ini belum dipantau untuk pertanyaan ini "
                    "(koordinator PPID atau admin dapat memulai pemantauan situs).",
    "web.ws.decide": "Temuan situs hanya saran bukti; verifikator yang memutuskan.",
    "web.coord.heading": "Pemantauan situs badan publik",
    "web.coord.help": "Aplikasi mengunjungi situs setiap badan publik (paling banyak {pages} "
                      "halaman per situs, mematuhi robots.txt, dengan jeda antarpermintaan) "
                      "dan mencatat apakah yang diminta metodologi ada di sana: {items}. "
                      "Temuannya tampil sebagai saran bukti bagi verifikator.",
    "web.coord.no_signals": "Metodologi siklus ini tidak punya sinyal situs pada "
                            "pertanyaannya, jadi tidak ada yang dicari di situs.",
    "web.coord.sites": "{with_site} dari {total} badan publik punya alamat situs.",
    "web.coord.without": "Belum ada alamat situs: {names}. Admin dapat mengisinya di "
                         "halaman Admin › Badan publik.",
    "web.coord.start": "Pantau semua situs",
    "web.coord.start_help": "Mengunjungi situs semua badan publik di latar belakang; "
                            "kemajuannya tampil di sini.",
    "web.coord.resume": "Lanjutkan pemantauan yang terputus",
    "web.coord.resume_help": "Mengunjungi situs yang belum dikunjungi ({done} dari {total} "
                             "badan publik sudah).",
    "web.coord.started": "Pemantauan situs {total} badan publik dimulai di latar belakang.",
    "web.coord.never": "Situs badan publik siklus ini belum pernah dipantau.",
    "web.coord.progress": "{done} dari {total} badan publik{where} · {pages} halaman "
                          "dibaca · {state}",
    "web.coord.in_scope": " di lingkup Anda",
    "web.coord.scope_note": "Pemantauan #{id} oleh {by} mencakup {total} badan publik; "
                            "{mine} di lingkup Anda.",
    "web.coord.published": "Hasil siklus ini sudah ditetapkan: situs tidak dipantau lagi, "
                           "karena pemantauan baru akan mengubah nilai yang sudah ditetapkan. "
                           "Temuan terakhir tetap ditampilkan di bawah.",
    "web.coord.started_by": "Dimulai {at} oleh {by}.",
    "web.coord.finished_at": "Berakhir {at}.",
    "web.coord.visits": "**Kunjungan terakhir per badan publik**",
    "web.coord.col.body": "Badan publik",
    "web.coord.col.site": "Situs",
    "web.coord.col.outcome": "Hasil",
    "web.coord.col.pages": "Halaman",
    "web.coord.col.found": "Berfungsi",
    "web.coord.col.found_help": "Ditemukan, dan yang ditautkannya dapat dibuka: hanya butir "
                                "ini yang memenuhi syarat.",
    "web.coord.col.broken": "Rusak",
    "web.coord.col.broken_help": "Ditemukan, tetapi tautannya tidak dapat dibuka (mis. HTTP "
                                 "404, tidak menjawab, PDF rusak).",
    "web.coord.col.missing": "Tidak ditemukan",
    "web.coord.col.missing_help": "Tidak ditemukan di halaman yang dibaca.",
    "web.coord.col.blocked": "robots.txt",
    "web.coord.col.blocked_help": "Tidak ditemukan di halaman yang boleh dibaca; robots.txt "
                                  "situs melarang sebagian situs bagi pemantau.",
    "web.coord.col.checked": "Diperiksa",
    "web.coord.col.checked_help": "Hari kunjungan terakhir (WIB).",
    "web.coord.col.item": "Butir",
    "web.coord.col.question": "Pertanyaan",
    "web.coord.col.change": "Perubahan",
    "web.coord.counts_help": "Setiap butir yang dicari dihitung di satu kolom saja: "
                             "**Berfungsi** (ditemukan dan tautannya dapat dibuka — hanya ini "
                             "yang memenuhi syarat) + **Rusak** (ditemukan, tetapi tautannya "
                             "rusak) + **Tidak ditemukan** + **robots.txt** (tidak ditemukan di "
                             "halaman yang boleh dibaca; robots.txt situs melarang sebagian "
                             "situs) = butir yang dicari di situs itu. Situs yang tidak dapat "
                             "diperiksa tidak punya hitungan (–).",
    "web.coord.changes": "**Perubahan sejak kunjungan sebelumnya** ({n} badan publik)",
    "web.coord.no_changes": "Tidak ada perubahan sejak kunjungan sebelumnya.",
    "web.coord.todo": "**Yang perlu diperbaiki di situs** ({n} badan publik): kirimkan "
                      "daftarnya kepada PPID {by}.",
    "web.coord.todo_body": "{body} — {n} hal",
    "web.coord.todo_no_address": "{body} — alamat situs belum dicatat",
    "web.coord.message": "Pesan untuk PPID (salin lalu kirim)",
    "web.coord.all_good": "Semua yang dicari ditemukan di situs yang dikunjungi.",
    # -- link checking (ui/components/link_checks.py; keys "links.*") ------------------------
    "links.icon.ok": ":green[✓]",
    "links.icon.warn": ":orange[⚠]",
    "links.icon.bad": ":red[✗]",
    "links.icon.unchecked": ":gray[○]",
    "links.ws.one": "**Pemeriksaan tautan:** {verdict}",
    "links.ws.many": "**Pemeriksaan tautan:**",
    "links.ws.item": "- {link}: {verdict}",
    "links.ws.verdict": "{icon} **{label}** — {detail} · diperiksa {at}",
    "links.ws.unchecked": "{icon} belum diperiksa — verifikator, koordinator PPID atau "
                          "admin dapat memeriksanya (semua tautan siklus: halaman "
                          "Koordinator PPID, tab Tautan data dukung).",
    "links.ws.check_now": "Periksa tautan ini sekarang",
    "links.ws.check_now_help": "Membuka tautan jawaban ini sekarang (paling lama sekitar "
                               "satu menit) dan menyimpan hasilnya: berlaku juga di daftar "
                               "koordinator PPID.",
    "links.ws.checking": "Memeriksa tautan…",
    "links.coord.heading": "Pemeriksaan tautan data dukung",
    "links.coord.help": "Aplikasi membuka setiap tautan data dukung pada kuesioner terakhir "
                        "badan publik: apakah terbuka tanpa masuk (login), dan apakah berupa "
                        "PDF yang dapat dibuka dan paling besar {limit}. Berkas Google Drive, "
                        "OneDrive atau Dropbox yang dibagikan untuk \"Siapa saja yang memiliki "
                        "link\" dianggap baik. Kirim daftar tautan bermasalah kepada PPID "
                        "masing-masing sebelum batas waktu, agar sempat diperbaiki.",
    "links.coord.start": "Periksa semua tautan",
    "links.coord.start_help": "Memeriksa semua tautan di latar belakang (setiap alamat "
                              "sekali); halaman ini boleh ditinggalkan.",
    "links.coord.resume": "Lanjutkan pemeriksaan yang terputus",
    "links.coord.resume_help": "Memeriksa sisa tautan yang belum diperiksa ({done} dari "
                               "{total} sudah).",
    "links.coord.started": "Pemeriksaan {total} alamat tautan dimulai di latar belakang "
                           "(alamat yang dipakai beberapa jawaban diperiksa sekali).",
    "links.coord.never": "Tautan data dukung siklus ini belum pernah diperiksa.",
    "links.coord.progress": "{done} dari {total} alamat tautan diperiksa · {state}",
    "links.coord.started_by": "Dimulai {at} oleh {by}.",
    "links.coord.finished_at": "Berakhir {at}.",
    "links.coord.no_links": "Belum ada tautan data dukung pada kuesioner badan publik dalam "
                            "cakupan Anda.",
    "links.coord.count": "Tautan data dukung",
    "links.coord.to_fix": "Perlu diperbaiki",
    "links.coord.unchecked": "{n} tautan belum diperiksa (ditambahkan setelah pemeriksaan "
                             "terakhir, atau belum pernah diperiksa).",
    "links.coord.all_good": "Semua tautan yang sudah diperiksa dapat dipakai.",
    "links.coord.list": "**Tautan yang perlu diperbaiki** ({n} badan publik): buka satu per "
                        "satu dan kirim pesannya kepada PPID badan publik tersebut.",
    "links.coord.body": "{body} — {n} tautan",
    "links.coord.col.question": "Pertanyaan",
    "links.coord.col.url": "Tautan",
    "links.coord.col.verdict": "Hasil",
    "links.coord.col.detail": "Keterangan",
    "links.coord.col.checked": "Diperiksa",
    "links.coord.message": "Pesan untuk PPID (salin lalu kirim)",
    "links.coord.message_help": "Teks siap kirim lewat surel atau pesan; boleh disunting "
                                "sebelum disalin.",
    "links.msg.greeting": "Yth. PPID {body},",
    "links.msg.intro": "Tim penilai {title} memeriksa tautan data dukung kuesioner Anda pada "
                       "{date}. Tautan berikut belum dapat dipakai sebagai data dukung "
                       "(tautan harus terbuka tanpa masuk/login, berupa PDF paling besar "
                       "{limit}):",
    "links.msg.item": "- Pertanyaan {code}: {url}",
    "links.msg.deadline": "Mohon perbaiki tautan tersebut (atau unggah berkasnya) sebelum "
                          "batas waktu pengisian kuesioner, {deadline}. Terima kasih.",
    "links.msg.no_deadline": "Mohon perbaiki tautan tersebut (atau unggah berkasnya) "
                             "secepatnya. Terima kasih.",
    # -- PPID portal (keys "portal.*"): the badan publik's own questionnaire, online --------
    "portal.title": "Kuesioner Badan Publik",
    "portal.intro": "Isi kuesioner penilaian mandiri (SAQ) badan publik Anda secara daring, "
                    "pertanyaan demi pertanyaan: setiap jawaban langsung tersimpan sebagai "
                    "draf, dan dapat dilanjutkan kapan saja sampai dikirim. Pada masa sanggah "
                    "Anda melihat hasil verifikasi dan dapat mengajukan sanggah; setelah hasil "
                    "ditetapkan, rapor badan publik Anda dapat diunduh.",
    "portal.no_body": "Akun Anda belum terhubung ke badan publik. Hubungi koordinator PPID "
                      "atau admin KI.",
    "portal.not_taking_part": "Badan publik Anda tidak terdaftar sebagai peserta siklus "
                              "{cycle}. Pilih siklus lain, atau hubungi koordinator PPID.",
    "portal.body": "**{body}** · kategori {category}",
    "portal.status": "Tahap: **{phase}** · Kuesioner: **{state}** · Batas waktu pengisian: "
                     "{deadline}",
    "portal.no_deadline": "belum ditetapkan",
    "portal.progress": "{answered} dari {total} pertanyaan terjawab",
    "portal.sent": "Kuesioner sudah dikirim pada {at} (versi {version}) dan kini dinilai "
                   "verifikator.",
    "portal.sent_locked": "Jawaban dan data dukung terkunci. Bila masih perlu diubah sebelum "
                          "batas waktu, minta koordinator PPID membukanya kembali.",
    "portal.reopened": "Kuesioner Anda dibuka kembali dengan alasan: {reason}. Perbaiki "
                       "jawabannya lalu kirim lagi; sampai dikirim lagi, jawaban yang sudah "
                       "dikirim tetap yang dinilai.",
    "portal.phase.verifying": "Batas waktu pengisian ({deadline}) sudah lewat: kuesioner "
                              "tidak dapat diubah lagi dan sedang diverifikasi. Hasil "
                              "verifikasi tampil pada masa sanggah.",
    "portal.phase.appeals": "Masa sanggah: lihat hasil verifikasi jawaban Anda dan ajukan "
                            "sanggah dengan bukti baru di tab **Sanggah**.",
    "portal.phase.published": "Hasil siklus ini sudah ditetapkan: rapor badan publik Anda "
                              "dapat diunduh di tab **Rapor**.",
    "portal.tab.fill": "Kuesioner",
    "portal.tab.appeal": "Sanggah",
    "portal.tab.card": "Rapor",
    "portal.fill.help": "Pilih pertanyaan, isi jawabannya (angka desimal dengan koma, mis. "
                        "85,5), tautan data dukung atau unggah berkasnya (PDF atau gambar), "
                        "lalu **Simpan**. Jawaban yang tersimpan tetap ada bila Anda keluar "
                        "dan kembali lagi.",
    "portal.pick": "Pertanyaan",
    "portal.previous": "Sebelumnya",
    "portal.next": "Berikutnya",
    "portal.blank": "— belum dijawab —",
    "portal.blank_short": "belum",
    "portal.q.heading": "**{code}** {text}",
    "portal.q.meta": "Indikator {indicator} · jenis jawaban {kind} · jawaban yang diterima: "
                     "{allowed}",
    "portal.q.guidance": "Definisi operasional: {text}",
    "portal.q.answer": "Jawaban",
    "portal.q.items": "Jawab setiap butir: **Ya** bila ada, **Tidak** bila tidak ada.",
    "portal.q.item": "Butir {code} — {label}",
    "portal.q.number_hint": "mis. 85,5",
    "portal.q.link": "Tautan data dukung",
    "portal.q.evidence.required": "Wajib: jawaban tanpa data dukung (tautan atau berkas) "
                                  "tidak mendapat nilai. Tautan harus dapat dibuka tanpa "
                                  "login, diawali https://.",
    "portal.q.evidence.flag": "Dianjurkan: jawaban tanpa data dukung ditandai untuk "
                              "verifikator. Tautan diawali https://.",
    "portal.q.evidence.none": "Pertanyaan ini tidak meminta data dukung.",
    "portal.q.note": "Keterangan (opsional)",
    "portal.q.saved_at": "Tersimpan {at} oleh {by}.",
    "portal.save": "Simpan",
    "portal.save_next": "Simpan & lanjut",
    "portal.saved": "Jawaban {code} tersimpan: {answer} ({at}).",
    "portal.files.heading": "**Berkas data dukung** (PDF atau gambar PNG/JPEG, paling besar "
                            "{limit} per berkas)",
    "portal.files.none": "Belum ada berkas untuk pertanyaan ini.",
    "portal.files.upload": "Unggah berkas data dukung",
    "portal.files.go": "Lampirkan berkas",
    "portal.files.done": "Berkas {file} dilampirkan pada pertanyaan {code}.",
    "portal.files.same": "Berkas {file} sudah terlampir pada pertanyaan {code}; tidak ada "
                         "yang berubah.",
    "portal.identity.heading": "Identitas pengisi kuesioner",
    "portal.identity.name": "Nama PPID / pengisi",
    "portal.identity.position": "Jabatan",
    "portal.identity.contact": "Kontak (surel atau telepon)",
    "portal.identity.save": "Simpan identitas",
    "portal.identity.saved": "Identitas pengisi tersimpan.",
    "portal.overview.heading": "Semua jawaban ({answered} dari {total} terjawab)",
    "portal.overview.code": "Kode",
    "portal.overview.question": "Pertanyaan",
    "portal.overview.answer": "Jawaban",
    "portal.overview.link": "Tautan data dukung",
    "portal.overview.files": "Berkas data dukung",
    "portal.overview.note": "Keterangan",
    "portal.submit.heading": "Kirim kuesioner",
    "portal.submit.help": "Setelah dikirim, jawaban dan data dukung terkunci dan dinilai "
                          "verifikator. Koordinator PPID dapat membukanya kembali sebelum "
                          "batas waktu bila masih perlu diubah.",
    "portal.submit.missing": "{count} dari {total} pertanyaan belum dijawab ({codes}). "
                             "Pertanyaan yang tidak dijawab bernilai 0.",
    "portal.submit.confirm": "Saya mengerti: {count} pertanyaan yang belum dijawab dikirim "
                             "tanpa jawaban dan bernilai 0.",
    "portal.submit.go": "Kirim kuesioner",
    "portal.submit.done": "Kuesioner terkirim (versi {version}): {answered} dari {total} "
                          "pertanyaan terjawab. Jawabannya kini terkunci.",
    "portal.submit.unchanged": "Kuesioner terkirim lagi tanpa perubahan (tetap versi "
                               "{version}). Jawabannya kini terkunci.",
    "portal.verified.heading": "Hasil verifikasi jawaban",
    "portal.verified.summary": "{checked} dari {total} jawaban sudah diverifikasi; {changed} "
                               "diubah verifikator. Alasan verifikator tercantum per jawaban.",
    "portal.verified.code": "Kode",
    "portal.verified.question": "Pertanyaan",
    "portal.verified.reported": "Jawaban Anda",
    "portal.verified.result": "Hasil verifikasi",
    "portal.verified.unchecked": "belum diverifikasi",
    "portal.verified.reason": "Alasan verifikator",
    "portal.verified.when": "Diverifikasi",
    "portal.verified.appeals": "Sanggah",
    "portal.verified.appeal": "#{id} {status}",
    "portal.appeal.not_yet": "Hasil verifikasi ditampilkan dan sanggah dapat diajukan pada "
                             "masa sanggah, setelah verifikasi selesai dan KI mengunci tahapan "
                             "kuesioner.",
    "portal.appeal.heading": "Ajukan sanggah",
    "portal.appeal.help": "Sanggah hasil verifikasi yang Anda anggap keliru, dengan bukti "
                          "baru: tautan dan/atau berkas PDF atau gambar (paling besar {limit}; "
                          "berkas hanya untuk sanggah atas satu pertanyaan).",
    "portal.appeal.question": "Pertanyaan yang disanggah",
    "portal.appeal.whole": "Hasil secara keseluruhan",
    "portal.appeal.claim": "Isi sanggah",
    "portal.appeal.claim_hint": "Hasil verifikasi mana yang keliru, dan mengapa",
    "portal.appeal.link": "Tautan bukti baru (opsional)",
    "portal.appeal.file": "Berkas bukti baru (opsional)",
    "portal.appeal.go": "Ajukan sanggah",
    "portal.appeal.filed": "Sanggah #{id} sudah diajukan.",
    "portal.appeal.filed_file": "Sanggah #{id} sudah diajukan dengan berkas {file}.",
    "portal.appeal.list": "**Sanggah Anda**",
    "portal.appeal.files": "**Berkas bukti sanggah**",
    "portal.appeal.col.id": "No.",
    "portal.appeal.col.question": "Pertanyaan",
    "portal.appeal.col.claim": "Isi sanggah",
    "portal.appeal.col.link": "Tautan bukti",
    "portal.appeal.col.status": "Status",
    "portal.appeal.col.filed": "Diajukan",
    "portal.appeal.col.decision": "Putusan",
    "portal.card.not_yet": "Rapor badan publik dapat diunduh setelah hasil siklus ini "
                           "ditetapkan.",
    "portal.card.help": "Rapor memuat nilai badan publik Anda per indikator, butir yang "
                        "kehilangan nilai, dan yang diperlukan untuk predikat berikutnya.",
    # the koordinator's part (Koordinator PPID › Badan publik)
    "portal.coord.heading": "Kuesioner daring badan publik",
    "portal.coord.help": "Badan publik yang mengisi kuesioner sendiri melalui akun PPID-nya. "
                         "Kuesioner yang sudah dikirim dapat dibuka kembali sebelum batas "
                         "waktu, dengan alasan yang dicatat.",
    "portal.coord.none": "Belum ada badan publik dalam cakupan Anda yang mengisi kuesioner "
                         "secara daring.",
    "portal.coord.col.body": "Badan publik",
    "portal.coord.col.state": "Status",
    "portal.coord.col.progress": "Terjawab",
    "portal.coord.col.updated": "Terakhir diubah",
    "portal.coord.col.sent": "Dikirim",
    "portal.coord.col.reopened": "Alasan dibuka kembali",
    "portal.coord.progress": "{answered} dari {total}",
    "portal.coord.reopen.heading": "**Buka kembali kuesioner yang sudah dikirim**",
    "portal.coord.reopen.body": "Badan publik",
    "portal.coord.reopen.reason": "Alasan (ditampilkan kepada badan publik)",
    "portal.coord.reopen.hint": "Apa yang perlu diperbaiki, mis. tautan data dukung 1.2 "
                                "tidak dapat dibuka",
    "portal.coord.reopen.go": "Buka kembali",
    "portal.coord.reopen.done": "Kuesioner {body} dibuka kembali; badan publik dapat "
                                "mengubah dan mengirimnya lagi.",
    "portal.accounts.heading": "Akun PPID badan publik",
    "portal.accounts.help": "Akun untuk PPID satu badan publik: mengisi kuesionernya secara "
                            "daring, melihat hasil verifikasinya pada masa sanggah, "
                            "mengajukan sanggah dan mengunduh rapornya — tidak melihat badan "
                            "publik lain.",
    "portal.accounts.none": "Belum ada akun PPID untuk badan publik dalam cakupan Anda.",
    "portal.accounts.col.username": "Nama pengguna",
    "portal.accounts.col.name": "Nama",
    "portal.accounts.col.body": "Badan publik",
    "portal.accounts.col.active": "Status",
    "portal.accounts.col.last": "Terakhir masuk",
    "portal.accounts.active": "Aktif",
    "portal.accounts.inactive": "Nonaktif",
    "portal.accounts.add": "**Buat akun PPID**",
    "portal.accounts.body": "Badan publik",
    "portal.accounts.username": "Nama pengguna",
    "portal.accounts.name": "Nama lengkap",
    "portal.accounts.name_hint": "Kosongkan: PPID <nama badan publik>",
    "portal.accounts.password": "Kata sandi awal",
    "portal.accounts.password_help": "Minimal 10 karakter dan tidak mudah ditebak; sampaikan "
                                     "kepada PPID secara langsung, dan minta ia menggantinya "
                                     "di Akun saya.",
    "portal.accounts.repeat": "Ulangi kata sandi",
    "portal.accounts.go": "Buat akun",
    "portal.accounts.mismatch": "Kedua isian kata sandi tidak sama.",
    "portal.accounts.done": "Akun **{username}** untuk PPID {body} dibuat.",
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
    "coord.tab.links": "Tautan data dukung",
    "coord.template.heading": "Templat kuesioner",
    "coord.template.category": "Kategori badan publik",
    "coord.template.download": "Unduh templat {category} (.xlsx)",
    "coord.template.help": "Isi satu templat untuk setiap badan publik: lembar Identitas, "
                           "lalu jawaban dan tautan data dukung setiap pertanyaan. Jangan "
                           "mengubah kode pertanyaan atau nama lembar.",
    "coord.upload.heading": "Unggah kuesioner",
    # Streamlit's own texts in Bahasa Indonesia (ui/chrome.py: the English → key table)
    "chrome.upload.button": "Pilih berkas",
    "chrome.upload.limit": "Maks. {num} {unit} per berkas",
    "chrome.upload.add": "Tambah berkas",
    "chrome.upload.drop": "Seret berkas ke sini",
    "chrome.upload.drop_folders": "Seret folder ke sini",
    "chrome.upload.folders": "Pilih folder",
    "chrome.upload.input": "Unggah berkas",
    "chrome.upload.size": "{num} {unit}",
    "chrome.upload.chip": "{name}, {num} {unit}",
    "chrome.upload.remove": "Hapus {name}",
    "chrome.upload.cancel": "Batalkan unggahan {name}",
    "chrome.upload.retry": "Klik untuk mengunggah ulang",
    "chrome.upload.failed": "Unggahan gagal",
    "chrome.upload.error": "Galat:",
    "chrome.upload.too_large": "Berkas paling besar {num} {unit}.",
    "chrome.upload.larger_than": "Berkas lebih besar dari {num} {unit}",
    "chrome.upload.too_small": "Berkas terlalu kecil.",
    "chrome.upload.type": "Jenis berkas {type} tidak diterima di sini.",
    "chrome.upload.one": "Hanya satu berkas yang dapat dipilih.",
    "chrome.upload.too_many": "Terlalu banyak berkas",
    "chrome.unexpected": "Terjadi kesalahan tak terduga. Coba lagi.",
    "chrome.skip": "Langsung ke isi halaman",
    "chrome.menu": "Menu utama",
    "chrome.running": "Sedang memproses…",
    "chrome.stop": "Hentikan",
    "chrome.stopping": "Menghentikan…",
    "chrome.rerun": "Jalankan ulang",
    "chrome.rerun_always": "Selalu jalankan ulang",
    "chrome.sidebar": "Bilah samping",
    "chrome.sidebar.collapse": "Ciutkan bilah samping",
    "chrome.sidebar.expand": "Buka bilah samping",
    "chrome.pages": "Halaman aplikasi",
    "chrome.pages.less": "Tampilkan lebih sedikit",
    "chrome.pages.more": "Tampilkan {n} lainnya",
    "chrome.home": "Ke halaman awal",
    "chrome.heading_link": "Tautan ke judul ini",
    "chrome.help": "Bantuan",
    "chrome.help_for": "Bantuan: {label}",
    "chrome.notifications": "Pemberitahuan",
    "chrome.close": "Tutup",
    "chrome.connecting": "Menghubungkan…",
    "chrome.connection_error": "Sambungan terputus",
    "chrome.connection_lost": "Sambungan ke server terputus. Tunggu sampai aplikasi tersambung "
                              "lagi, lalu coba lagi.",
    "chrome.wait": "Mohon tunggu…",
    "chrome.server_gone": "Server aplikasi tidak dapat dihubungi. Bila ini berlanjut, hubungi "
                          "admin.",
    "chrome.server_silent": "Server aplikasi tidak menjawab. Periksa sambungan internet Anda.",
    "chrome.page_missing": "Halaman tidak ditemukan",
    "chrome.page_missing.text": "Halaman yang Anda minta tidak ada; halaman awal dibuka.",
    "chrome.page_missing.named": "Halaman /{page} tidak ada; halaman awal dibuka.",
    "chrome.tabs.left": "Geser tab ke kiri",
    "chrome.tabs.right": "Geser tab ke kanan",
    "chrome.fullscreen": "Layar penuh",
    "chrome.fullscreen.close": "Tutup layar penuh",
    "chrome.table.csv": "Unduh sebagai CSV",
    "chrome.table.search": "Cari",
    "chrome.table.search.type": "Ketik untuk mencari",
    "chrome.table.search.close": "Tutup pencarian",
    "chrome.table.search.next": "Hasil berikutnya",
    "chrome.table.search.previous": "Hasil sebelumnya",
    "chrome.table.columns": "Tampilkan/sembunyikan kolom",
    "chrome.table.column_menu": "Menu kolom",
    "chrome.table.sort_up": "Urutkan naik",
    "chrome.table.sort_down": "Urutkan turun",
    "chrome.table.autosize": "Lebar otomatis",
    "chrome.table.pin": "Sematkan kolom",
    "chrome.table.unpin": "Lepaskan sematan kolom",
    "chrome.table.hide": "Sembunyikan kolom",
    "chrome.table.copy_name": "Salin nama kolom",
    "chrome.table.statistics": "Statistik",
    "chrome.table.loading": "Memuat…",
    "chrome.table.empty": "Kosong",
    "chrome.table.no_data": "Tidak ada data",
    "chrome.table.format.automatic": "Otomatis",
    "chrome.table.format.localized": "Sesuai bahasa",
    "chrome.table.format.plain": "Polos",
    "chrome.table.format.percent": "Persen",
    "chrome.table.format.scientific": "Ilmiah",
    "chrome.table.format.engineering": "Teknik",
    "chrome.table.format.accounting": "Akuntansi",
    "chrome.table.format.compact": "Ringkas",
    "chrome.table.format.dollar": "Dolar",
    "chrome.table.format.duration": "Durasi",
    "chrome.table.format.distance": "Waktu relatif",
    "chrome.table.stat.range": "Rentang",
    "chrome.table.stat.count": "Jumlah",
    "chrome.table.stat.distinct": "Nilai berbeda",
    "chrome.table.stat.average": "Rata-rata",
    "chrome.table.stat.deviation": "Simpangan baku",
    "chrome.table.stat.q25": "Persentil ke-25",
    "chrome.table.stat.q75": "Persentil ke-75",
    "chrome.table.stat.sum": "Jumlah total",
    "chrome.table.stat.max": "Maksimum",
    "chrome.table.kind.text": "teks",
    "chrome.table.kind.number": "angka",
    "chrome.table.kind.checkbox": "kotak centang",
    "chrome.table.kind.selectbox": "pilihan",
    "chrome.table.kind.multiselect": "pilihan ganda",
    "chrome.table.kind.link": "tautan",
    "chrome.table.kind.image": "gambar",
    "chrome.table.kind.list": "daftar",
    "chrome.table.kind.date": "tanggal",
    "chrome.table.kind.datetime": "tanggal dan waktu",
    "chrome.table.kind.time": "waktu",
    "chrome.table.kind.chart": "grafik",
    "chrome.table.kind.object": "objek",
    "chrome.table.stat.average_length": "Panjang rata-rata",
    "chrome.table.stat.min_length": "Panjang minimum",
    "chrome.table.stat.max_length": "Panjang maksimum",
    "chrome.table.stat.sample": "Berdasarkan sampel",
    "chrome.table.stat.values": "Nilai",
    "chrome.table.stat.true": "Benar",
    "chrome.table.stat.false": "Salah",
    "chrome.table.stat.top": "Grafik nilai yang paling sering",
    "chrome.table.stat.histogram": "Histogram sebaran",
    "chrome.select.one": "Pilih salah satu",
    "chrome.select.many": "Pilih satu atau lebih",
    "chrome.select.add_one": "Tambahkan pilihan",
    "chrome.select.add_many": "Tambahkan pilihan",
    "chrome.select.choose_or_add": "Pilih atau tambahkan",
    "chrome.select.none": "Tidak ada pilihan",
    "chrome.select.no_results": "Tidak ada yang cocok",
    "chrome.select.open": "Buka",
    "chrome.select.clear": "Kosongkan",
    "chrome.select.clear_all": "Kosongkan semua",
    "chrome.select.all": "Pilih semua",
    "chrome.select.matches": "Pilih {n} yang cocok",
    "chrome.select.selected": "Pilihan terpilih",
    "chrome.select.options": "Daftar pilihan",
    "chrome.select.add": "Tambahkan: {option}",
    "chrome.select.max": "Paling banyak {n} {what} dapat dipilih. Hapus satu pilihan dahulu.",
    "chrome.password.show": "Tampilkan sandi",
    "chrome.password.hide": "Sembunyikan sandi",
    "chrome.press_enter.apply": "Tekan {keys} untuk menerapkan",
    "chrome.press_enter.submit": "Tekan {keys} untuk mengirim formulir",
    "chrome.number.up": "Tambah",
    "chrome.number.down": "Kurangi",
    "chrome.number.above": "Angka melebihi batas. Masukkan angka paling besar {num}.",
    "chrome.number.below": "Angka di bawah batas. Masukkan angka paling kecil {num}.",
    "chrome.number.between": "Angka di luar batas. Masukkan angka antara {num} dan {num2}.",
    "chrome.number.above_short": "Angka melebihi batas.",
    "chrome.number.below_short": "Angka di bawah batas.",
    "chrome.date.choose": "Pilih tanggal",
    "chrome.date.choose_range": "Pilih rentang tanggal",
    "chrome.date.clear": "Kosongkan tanggal",
    "chrome.date.clear_range": "Kosongkan tanggal",
    "chrome.date.keys": "Pindah tanggal dengan tombol panah, Enter untuk memilih, Escape untuk "
                        "menutup.",
    "chrome.date.previous": "Bulan sebelumnya",
    "chrome.date.next": "Bulan berikutnya",
    "chrome.date.calendar": "Kalender",
    "chrome.date.today": "Hari ini, {date}",
    "chrome.date.today_selected": "Hari ini, {date} dipilih",
    "chrome.date.selected": "Tanggal terpilih: {date}",
    "chrome.date.picked": "{date} dipilih",
    "chrome.date.unavailable": "Tanggal yang dipilih tidak tersedia.",
    "chrome.date.first": "Tanggal pertama yang tersedia",
    "chrome.date.last": "Tanggal terakhir yang tersedia",
    "chrome.date.not_before": "Tanggal paling awal {date}.",
    "chrome.date.not_after": "Tanggal paling akhir {date}.",
    "chrome.date.select": "Pilih…",
    "chrome.date.long": "{day} {month} {year}",
    "chrome.date.month_value": "{n} – {month}",
    "chrome.date.part.day": "hh",
    "chrome.date.part.month": "bb",
    "chrome.date.part.year": "tttt",
    "chrome.date.part.day_of": "hari, {label}",
    "chrome.date.part.month_of": "bulan, {label}",
    "chrome.date.part.year_of": "tahun, {label}",
    "chrome.date.choose_in": "Pilih tanggal, {month}",
    "chrome.date.range": "Rentang terpilih: {date} sampai {date2}",
    "chrome.chart.png": "Unduh grafik (PNG)",
    "chrome.chart.download": "Unduh grafik",
    "chrome.chart.zoom": "Perbesar bagian",
    "chrome.chart.pan": "Geser",
    "chrome.chart.zoom_in": "Perbesar",
    "chrome.chart.zoom_out": "Perkecil",
    "chrome.chart.autoscale": "Skala otomatis",
    "chrome.chart.reset": "Kembalikan sumbu",
    "chrome.chart.box": "Pilih dengan kotak",
    "chrome.chart.lasso": "Pilih bebas",
    "chrome.chart.spikes": "Garis bantu",
    "chrome.chart.closest": "Tampilkan data terdekat",
    "chrome.chart.compare": "Bandingkan data",
    "chrome.chart.plotly": "Dibuat dengan Plotly.js",
    "chrome.chart.double_click": "Klik dua kali untuk kembali ke tampilan semula",
    "chrome.chart.legend": "Klik dua kali pada legenda untuk menampilkan satu seri saja",
    "chrome.chart.snapshot": "Membuat gambar – mungkin perlu beberapa detik",
    "chrome.chart.snapshot_done": "Gambar selesai dibuat",
    "chrome.chart.snapshot_failed": "Maaf, gambar gagal diunduh.",
    "chrome.progress": "Kemajuan",
    "coord.upload.label": "Kuesioner yang sudah diisi (Excel, LibreOffice, tabel CSV, atau "
                          "ZIP berisi beberapa berkas)",
    "coord.upload.help": "Format yang diterima: {formats}. Batas \"Maks. {upload_mb} MB per "
                         "berkas\" di kotak unggah berlaku untuk setiap berkas yang diunggah "
                         "(mis. satu ZIP), sedangkan setiap kuesioner atau tabel jawaban — "
                         "sendiri atau di dalam ZIP — paling besar {file_mb} MB. Pilih satu "
                         "berkas, beberapa berkas sekaligus, atau satu ZIP. Mengunggah ulang "
                         "berkas yang sama tidak mengubah apa pun.",
    "coord.upload.go": "Unggah",
    "coord.upload.reading": "Membaca berkas…",
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
    "coord.report.accepted_with_warnings": "Diterima dengan peringatan",
    "coord.report.some_warned": "{n} berkas diterima dan disimpan dengan peringatan. Periksa "
                                "setiap peringatan di bawah; bila perlu perbaiki berkasnya "
                                "lalu unggah lagi.",
    "coord.report.rejected_heading": "**Berkas yang ditolak** — setiap alasan, dengan lembar "
                                     "dan sel yang perlu diperbaiki",
    "coord.report.warned_heading": "**Peringatan pada berkas yang diterima** — berkas sudah "
                                   "disimpan; periksa lembar dan sel berikut",
    "coord.bodies.rate_label": "Partisipasi (kuesioner masuk dari badan publik diundang)",
    "coord.bodies.rate": "{returned} dari {invited} badan publik ({percent})",
    "coord.bodies.col.name": "Badan publik",
    "coord.bodies.col.category": "Kategori",
    "coord.bodies.col.region": "Wilayah",
    "coord.bodies.col.status": "Status partisipasi",
    "coord.bodies.col.ppid": "PPID",
    "coord.bodies.col.email": "E-mail",
    "coord.bodies.none": "Belum ada badan publik dalam cakupan Anda pada siklus ini. "
                         "Hubungi admin KI.",
    "coord.results.not_published": "Hasil siklus ini belum ditetapkan. Nilai, predikat, dan "
                                   "peringkat tampil di sini setelah penetapan.",
    "coord.results.none": "Tidak ada hasil yang ditetapkan untuk badan publik dalam "
                          "cakupan Anda.",
    "coord.results.pick": "Rincian nilai badan publik",
    "coord.results.report_card": "Unduh rapor (PDF)",
    "coord.results.col.name": "Badan publik",
    "coord.results.col.category": "Kategori",
    "coord.results.col.final": "Nilai akhir",
    "coord.results.col.predicate": "Predikat",
    "coord.results.col.rank": "Peringkat",
    "coord.results.col.status": "Partisipasi",
    "coord.results.col.indicator": "Indikator",
    "coord.results.col.stage": "Tahapan",
    "coord.results.col.weight": "Bobot dalam tahapan",
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
    "eval.cycle_status": "Status siklus: **{status}** · Metodologi: {methodology}",
    "eval.published": "Hasil siklus ini sudah ditetapkan: perubahan tidak dapat disimpan "
                      "sampai pejabat atau admin membukanya kembali dengan alasan.",
    "eval.reload": "Muat ulang",
    "eval.reload_help": "Ambil data terbaru. Perubahan yang belum disimpan di tabel hilang.",
    "eval.queue.heading": "Antrean verifikasi",
    "eval.queue.empty": "Belum ada kuesioner yang masuk pada siklus ini.",
    "eval.queue.col.name": "Badan publik",
    "eval.queue.col.category": "Kategori",
    "eval.queue.col.verified": "Terverifikasi",
    "eval.queue.col.appeals": "Sanggah terbuka",
    "eval.queue.col.changed": "Berubah",
    "eval.queue.col.changed_help": "Jawaban yang berubah sejak diverifikasi: diunggah ulang "
                                   "dengan nilai lain, perlu diperiksa lagi.",
    "eval.queue.col.warnings": "Peringatan",
    "eval.queue.col.warnings_help": "Peringatan pembaca berkas untuk unggahan terakhir "
                                    "(dapat dibaca di atas ruang kerja verifikasi).",
    "eval.queue.col.version": "Versi unggahan",
    "eval.queue.col.uploaded": "Diunggah",
    "eval.queue.count": "{verified} dari {total} ({percent})",
    "eval.queue.late": "terlambat",
    "eval.queue.pick": "Badan publik yang diverifikasi",
    "eval.tab.review": "Verifikasi jawaban",
    "eval.tab.panel": "Nilai panel",
    "eval.tab.bonus": "Nilai tambahan",
    "eval.tab.appeals": "Sanggah ({n} terbuka di siklus ini)",
    "eval.review.about": "{name} · unggahan versi {version} ({file}). Periksa satu per "
                         "satu: konfirmasi jawaban mandiri, atau simpan nilai lain dengan "
                         "alasannya.",
    "eval.warnings.summary": "Berkas unggahan ({file}) diterima dengan {n} peringatan. "
    "Periksa jawaban yang disebut sebelum memverifikasi.",
    "eval.warnings.col.code": "Kode",
    "eval.warnings.col.where": "Lembar!Sel",
    "eval.warnings.col.question": "Pertanyaan",
    "eval.warnings.col.message": "Peringatan",
    "eval.warnings.col.fix": "Cara memperbaiki",
    "eval.review.last": "{value} oleh {by}, {at}",
    "eval.conflict.message": "**{code}**: disimpan lebih dulu oleh {by} pada {at}: nilai "
                             "mereka **{theirs}**; nilai Anda **{mine}**. Perubahan Anda "
                             "belum disimpan.",
    "eval.conflict.keep": "Pakai nilai mereka",
    "eval.conflict.save_mine": "Simpan nilai saya",
    "eval.conflict.kept": "Nilai yang sudah tersimpan untuk {code} dipertahankan.",
    "eval.conflict.again": "Nilai {code} diubah lagi oleh orang lain; periksa nilai "
                           "terbaru di bawah.",
    # the review workspace (ui/components/review_workspace.py)
    "eval.ws.empty": "Tidak ada pertanyaan yang berlaku untuk badan publik ini.",
    "eval.ws.progress_label": "**Kemajuan verifikasi**",
    "eval.ws.progress": "{checked} dari {total} pertanyaan diperiksa",
    "eval.ws.final": "Nilai akhir saat ini",
    "eval.ws.final_help": "Nilai tersimpan badan publik ini, diperbarui setiap kali "
                          "verifikasi, nilai panel atau nilai tambahan disimpan. Belum "
                          "ditetapkan.",
    "eval.ws.predicate": "Predikat: **{predicate}**",
    "eval.ws.saq": "Nilai kuesioner terverifikasi",
    "eval.ws.saq_help": "Nilai tahapan kuesioner (penilaian mandiri) dengan nilai "
                        "verifikasi yang sudah disimpan.",
    "eval.ws.saq_raw": "Menurut jawaban mandiri: {score}",
    "eval.ws.filter": "Tampilkan pertanyaan",
    "eval.ws.filter.all": "Semua ({n})",
    "eval.ws.filter.unchecked": "○ Belum diperiksa ({n})",
    "eval.ws.filter.confirmed": "✓ Dikonfirmasi ({n})",
    "eval.ws.filter.changed": "✎ Diubah ({n})",
    "eval.ws.filter.stale": "⚠ Berubah sejak diverifikasi ({n})",
    "eval.ws.filter.appealed": "⚑ Disanggah ({n})",
    "eval.ws.filter.empty": "Tidak ada pertanyaan dengan status ini.",
    "eval.ws.reload": "Muat ulang status pertanyaan",
    "eval.ws.reload_help": "Ambil nilai dan status terbaru, termasuk yang disimpan "
                           "verifikator lain sejak halaman ini dimuat. Pilihan yang belum "
                           "disimpan hilang.",
    "eval.ws.list": "Daftar pertanyaan",
    "eval.ws.list_item": "**{code}** {text}",
    "eval.ws.state.unchecked": ":gray[○ Belum diperiksa]",
    "eval.ws.state.confirmed": ":green[✓ Dikonfirmasi]",
    "eval.ws.state.changed": ":orange[✎ Diubah]",
    "eval.ws.state.stale": ":red[⚠ Berubah sejak diverifikasi]",
    "eval.ws.state.appealed": ":violet[⚑ Disanggah]",
    "eval.ws.prev": "◀ Sebelumnya",
    "eval.ws.next": "Berikutnya ▶",
    "eval.ws.position": "Pertanyaan {i} dari {n}",
    "eval.ws.heading": "Pertanyaan **{code}** · Indikator: {indicator}",
    "eval.ws.text": "{text}",
    "eval.ws.guidance": "**Definisi operasional:** {text}",
    "eval.ws.no_guidance": "*Metodologi tidak memuat definisi operasional untuk pertanyaan "
                           "ini.*",
    "eval.ws.allowed": "Pilihan jawaban: {allowed} · Bobot {points} poin",
    "eval.ws.self_reported": "**Jawaban mandiri:** {value}",
    "eval.ws.evidence": "**Data dukung:** {link}",
    "eval.ws.evidence_none": "tidak diisi",
    "eval.ws.evidence_not_link": "{text} (bukan alamat web http:// atau https://; tidak "
                                 "dapat dibuka)",
    "eval.ws.evidence_files": "berkas terlampir, tanpa tautan (lihat **Berkas data dukung** "
                              "di bawah)",
    "eval.ws.note": "**Keterangan badan publik:** {note}",
    "eval.ws.warnings": "Pembaca berkas memberi peringatan pada jawaban ini ({codes}); "
                        "lihat daftar peringatan berkas di atas.",
    "eval.ws.appeal": "⚑ **Sanggah #{id}** atas jawaban ini masih terbuka (diajukan oleh "
                      "{by}, {at}); putuskan di tab Sanggah. Isi sanggah:",
    "eval.ws.verdict": "**Putusan verifikasi**",
    "eval.ws.unchecked": "Belum diperiksa: konfirmasi jawaban mandiri bila sesuai data "
                         "dukung, atau simpan nilai lain dengan alasannya.",
    "eval.ws.verified": "✓ **Dikonfirmasi**: nilai verifikasi sama dengan jawaban mandiri, "
                        "oleh {by}, {at}.",
    "eval.ws.changed": "✎ **Diubah** menjadi **{value}** oleh {by}, {at}.",
    "eval.ws.scored.unchecked": "Belum dinilai: badan publik menulis uraian, poinnya "
                                "ditetapkan verifikator.",
    "eval.ws.scored.done": "✓ **Dinilai {value}** oleh {by}, {at}.",
    "eval.ws.scored.how": "Pertanyaan ini dinilai verifikator: tidak ada poin dari badan "
                          "publik yang dapat dikonfirmasi. Baca uraian dan buktinya, ketik "
                          "poinnya (0 sampai {points}, dengan koma desimal, mis. 3,5) dan "
                          "tuliskan alasannya, lalu simpan.",
    "eval.ws.scored.save": "Simpan poin",
    "eval.ws.scored.no_confirm": "Pertanyaan {code} dinilai verifikator: ketik poinnya dan "
                                 "alasannya, lalu tekan Simpan poin.",
    "eval.ws.reason_was": "Alasan: {reason}",
    "eval.ws.stale": "Jawaban mandiri diunggah ulang dengan nilai lain sejak diverifikasi: "
                     "periksa lagi, lalu konfirmasi atau simpan nilai verifikasi.",
    "eval.ws.points": "Poin pertanyaan ini: {earned} dari {possible}.",
    "eval.ws.points_raw": "Poin pertanyaan ini: {earned} dari {possible} (menurut jawaban "
                          "mandiri: {raw}).",
    "eval.ws.value": "Nilai verifikasi",
    "eval.ws.value_help": "Nilai menurut verifikator setelah memeriksa data dukung. Alasan "
                          "wajib bila berbeda dari nilai saat ini.",
    "eval.ws.value_pick": "Pilih nilai",
    "eval.ws.quick": "Alasan cepat",
    "eval.ws.quick_help": "Satu klik memilih alasan; keterangan di kotak bawah ditambahkan "
                          "di belakangnya.",
    "eval.ws.quick.link": "Tautan tidak dapat dibuka",
    "eval.ws.quick.mismatch": "Dokumen tidak sesuai",
    "eval.ws.quick.expired": "Dokumen kedaluwarsa",
    "eval.ws.reason": "Alasan atau keterangan",
    "eval.ws.reason_hint": "mis. SK PPID yang diunggah tahun 2022",
    "eval.ws.confirm": "✓ Konfirmasi jawaban mandiri",
    "eval.ws.confirm_help": "Jawaban mandiri ({value}) sesuai data dukung: simpan sebagai "
                            "nilai verifikasi.",
    "eval.ws.save": "Simpan nilai verifikasi",
    "eval.ws.no_value": "Pilih nilai verifikasi pertanyaan {code} terlebih dahulu.",
    "eval.ws.saved": "**{code}** tersimpan: {value}.",
    "eval.ws.score_changed": "Nilai akhir {body} kini **{after}** ({predicate}), sebelumnya "
                             "{before}.",
    "eval.ws.score_same": "Nilai akhir {body} tetap **{after}** ({predicate}).",
    "eval.ws.quick_unchanged": "Belum disimpan: alasan '{reason}' untuk mengubah jawaban, "
    "tetapi nilai {code} masih sama dengan jawaban mandiri. Pilih nilai baru, atau hapus "
    "pilihan alasan lalu konfirmasi.",
    "eval.ws.unchanged": "Tidak ada yang berubah: {code} sudah tersimpan dengan nilai dan "
                         "alasan ini.",
    "eval.ws.history": "**Riwayat jawaban**",
    "eval.ws.history.entry": "**{at}** · {kind} · {by}",
    "eval.ws.history.value": "Nilai: {value}",
    "eval.ws.history.value_old": "Nilai: {value} (sebelumnya {old})",
    "eval.ws.history.reason": "Alasan / keterangan: {reason}",
    "eval.ws.history.file": "Berkas: {file}",
    "eval.ws.history.evidence": "Bukti: {link}",
    "eval.ws.history.appeal": "Sanggah #{id}",
    "eval.ws.history.unchanged": "Dikirim lagi (versi {version}) tanpa mengubah jawaban ini.",
    "eval.panel.none": "Metodologi siklus ini tidak mempunyai tahapan penilaian panel.",
    "eval.panel.empty": "Belum ada nilai juri untuk badan publik ini.",
    "eval.panel.col.juror": "Juri",
    "eval.panel.col.aspect": "Aspek",
    "eval.panel.col.score": "Nilai",
    "eval.panel.col.reason": "Alasan perubahan",
    "eval.panel.col.by": "Dicatat oleh",
    "eval.panel.stage": "Tahapan panel",
    "eval.panel.juror": "Juri",
    "eval.panel.new_juror": "Juri baru…",
    "eval.panel.new_juror_name": "Nama juri baru",
    "eval.panel.details": "Rincian: alasan perubahan dan pencatat",
    "eval.panel.juror_hint": "mis. Dr. Siti Aminah (akademisi)",
    "eval.panel.juror_help": "Tulis nama juri persis sama setiap kali agar nilainya "
                             "terkumpul pada satu juri.",
    "eval.panel.score_help": "0–100 dengan koma desimal, paling banyak 2 angka desimal "
                             "(mis. 85,5; 85.5 juga dibaca 85,5). Kosongkan aspek "
                             "yang belum dinilai.",
    "eval.panel.score_hint": "mis. 85,5",
    "eval.panel.reason": "Alasan perubahan",
    "eval.panel.reason_help": "Wajib bila mengubah nilai yang sudah tersimpan.",
    "eval.panel.save": "Simpan nilai panel",
    "eval.panel.saved": "{n} nilai juri {juror} tersimpan.",
    "eval.panel.conflict": "Nilai aspek {aspect} disimpan lebih dulu oleh {by} pada {at}: "
                           "nilai mereka {theirs}; nilai Anda {mine}. Nilai Anda belum "
                           "disimpan; periksa tabel lalu simpan lagi bila masih perlu.",
    "eval.panel.saved_one": "{aspect}: {score}",
    "eval.panel.saved_point": "{aspect}: {score} (tertulis {typed}; titik sebelum satu atau "
                              "dua angka dibaca sebagai koma desimal)",
    "eval.panel.refused": "{n} nilai belum disimpan; perbaiki isiannya lalu simpan lagi:",
    "eval.panel.cleared": "**{aspect}** dikosongkan: nilai tersimpan {score} tetap berlaku "
                          "(mengosongkan isian tidak mencabut nilai).",
    "eval.panel.unchanged": "Tidak ada nilai yang berubah.",
    "eval.agreement.heading": "Kesepakatan antarjuri — {stage} (seluruh badan publik)",
    "eval.agreement.alpha": "Alpha Krippendorff",
    "eval.agreement.level.reliable": "Kesepakatan juri **baik** (α ≥ 0,800): para juri "
                                     "menilai badan publik dengan cara yang sejalan; nilai "
                                     "panel dapat diandalkan.",
    "eval.agreement.level.tentative": "Kesepakatan juri **sedang** (0,667 ≤ α < 0,800): "
                                      "cukup untuk kesimpulan sementara. Periksa nilai yang "
                                      "jauh dari juri lain sebelum penetapan.",
    "eval.agreement.level.low": "Kesepakatan juri **rendah** (α < 0,667): para juri menilai "
                                "badan publik yang sama dengan cukup berbeda. Bahas nilai "
                                "yang jauh dari juri lain bersama para juri sebelum "
                                "penetapan.",
    "eval.agreement.basis": "Dihitung dari {values} nilai pada {units} aspek badan publik "
                            "yang dinilai paling sedikit dua juri: {jurors} juri, {bodies} "
                            "badan publik.",
    "eval.agreement.missing": "Kesepakatan antarjuri **belum dapat dihitung**: {why}",
    "eval.agreement.why.few_jurors": "perlu nilai dari paling sedikit 2 juri untuk aspek "
                                     "yang sama.",
    "eval.agreement.why.few_bodies": "perlu paling sedikit 2 badan publik yang dinilai oleh "
                                     "2 juri atau lebih (saat ini {bodies}).",
    "eval.agreement.why.no_variation": "semua nilai sama persis. Para juri sepakat, tetapi "
                                       "alpha tidak terdefinisi bila tidak ada perbedaan "
                                       "nilai sama sekali.",
    "eval.agreement.meaning_title": "Apa arti angka ini?",
    "eval.agreement.meaning": "**Alpha Krippendorff** (tingkat interval) mengukur seberapa "
                              "sepakat para juri ketika menilai aspek yang sama dari badan "
                              "publik yang sama. Satu unit adalah satu aspek dari satu badan "
                              "publik; hanya unit yang dinilai paling sedikit dua juri yang "
                              "dihitung.\n\n"
                              "- **1**: semua juri memberi nilai yang sama persis;\n"
                              "- **0**: kesepakatan juri tidak lebih baik daripada nilai "
                              "yang diacak;\n"
                              "- **di bawah 0**: juri berbeda pendapat secara sistematis."
                              "\n\nPatokan Krippendorff: α ≥ 0,800 dapat diandalkan; "
                              "0,667 sampai 0,800 hanya untuk kesimpulan sementara; di "
                              "bawah 0,667 tidak dapat diandalkan. Nilai seorang juri "
                              "disebut *jauh* bila selisihnya dengan median nilai juri lain "
                              "lebih dari {threshold} poin.",
    "eval.agreement.far_heading": "**Nilai yang jauh dari juri lain**",
    "eval.agreement.far_rule": "Nilai seorang juri untuk satu aspek satu badan publik "
                               "dianggap jauh bila selisihnya dengan median nilai juri lain "
                               "lebih dari {threshold} poin. Hanya aspek yang dinilai paling "
                               "sedikit 3 juri yang diperiksa (dengan 2 juri tidak dapat "
                               "diketahui siapa yang menyimpang). Periksa nilai ini sebelum "
                               "penetapan: salah ketik, atau perbedaan yang perlu dibahas.",
    "eval.agreement.far_none": "Tidak ada nilai yang jauh dari juri lain.",
    "eval.agreement.jurors_caption": "Per juri: selisih rata-rata terhadap median juri lain "
                                     "(negatif: lebih ketat dari juri lain; positif: lebih "
                                     "murah).",
    "eval.agreement.col.body": "Badan publik",
    "eval.agreement.col.aspect": "Aspek",
    "eval.agreement.col.juror": "Juri",
    "eval.agreement.col.score": "Nilai",
    "eval.agreement.col.median": "Median juri lain",
    "eval.agreement.col.difference": "Selisih",
    "eval.agreement.col.scores": "Jumlah nilai",
    "eval.agreement.col.checked": "Dibandingkan",
    "eval.agreement.col.far": "Jauh",
    "eval.agreement.col.mean": "Selisih rata-rata",
    "eval.bonus.empty": "Belum ada nilai tambahan untuk badan publik ini.",
    "eval.bonus.col.code": "Kode",
    "eval.bonus.col.points": "Poin",
    "eval.bonus.col.reason": "Alasan",
    "eval.bonus.col.by": "Dicatat oleh",
    "eval.bonus.code": "Kode nilai tambahan",
    "eval.bonus.code_help": "Tanpa spasi. Kode yang sama mengubah nilai tambahan itu.",
    "eval.bonus.points": "Poin (−100 sampai 100)",
    "eval.bonus.points_hint": "mis. 2,5 atau -5",
    "eval.bonus.points_help": "Dengan koma desimal, paling banyak 2 angka desimal (mis. "
                              "2,5; 2.5 juga dibaca 2,5); negatif untuk pengurangan.",
    "eval.bonus.reason": "Alasan",
    "eval.bonus.save": "Simpan nilai tambahan",
    "eval.bonus.saved": "Nilai tambahan '{code}' tersimpan: {points} poin.",
    "eval.bonus.conflict": "Nilai tambahan '{code}' disimpan lebih dulu oleh {by} pada {at}: "
                           "nilai mereka {theirs}; nilai Anda {mine}. Nilai Anda belum "
                           "disimpan; periksa tabel lalu simpan lagi bila masih perlu.",
    "eval.appeal.all": "Tampilkan sanggah semua badan publik",
    "eval.appeal.none": "Tidak ada sanggah terbuka.",
    "eval.appeal.none_here": "Tidak ada sanggah terbuka untuk {body}. {n} sanggah masih "
                             "terbuka untuk badan publik lain: nyalakan sakelar di atas "
                             "untuk melihat semuanya.",
    "eval.appeal.pick_decision": "Pilih putusan sanggah #{id} (Terima atau Tolak) sebelum "
                                 "menyimpan.",
    "eval.progress.heading": "Kemajuan per verifikator",
    "eval.progress.none": "Belum ada jawaban yang diverifikasi pada siklus ini.",
    "eval.progress.col.name": "Verifikator",
    "eval.progress.col.answers": "Jawaban diperiksa",
    "eval.progress.col.bodies": "Badan publik",
    "eval.progress.col.last": "Terakhir menyimpan",
    "eval.appeal.header": "**Sanggah #{id}** — {body} · {question}",
    "eval.appeal.whole": "hasil secara keseluruhan",
    "eval.appeal.claim": "Isi sanggah:",
    "eval.appeal.evidence": "Bukti baru: {link}",
    "eval.appeal.filed": "Diajukan oleh {by}, {at}",
    "eval.appeal.decision": "Putusan",
    "eval.appeal.accept": "Terima",
    "eval.appeal.reject": "Tolak",
    "eval.appeal.new_value": "Nilai jawaban bila sanggah diterima",
    "eval.appeal.new_value_help": "Berisi nilai saat ini ({current}). Ubah hanya bila "
                                  "sanggah diterima dan nilainya berubah; nilai yang tidak "
                                  "diubah tetap seperti semula.",
    "eval.appeal.value_set": "Nilai {code} kini: {value}.",
    "eval.appeal.value_kept": "Nilai {code} tidak diubah.",
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
    "rank.title": "Peringkat & Dasbor",
    "rank.not_published": "Hasil siklus '{title}' belum ditetapkan. Peringkat dan nilai "
                          "badan publik Anda dapat dilihat di sini setelah pejabat KI "
                          "menetapkan hasilnya.",
    "rank.published": "Hasil sudah ditetapkan ({at}).",
    "rank.provisional": "Hasil sementara: siklus ini belum ditetapkan, sehingga nilai dan "
                        "peringkat masih dapat berubah sampai penetapan.",
    "rank.scope_only": "Anda melihat hasil yang sudah ditetapkan untuk badan publik dalam "
                       "cakupan Anda.",
    "rank.filter.category": "Kategori",
    "rank.filter.region": "Wilayah",
    "rank.filter.all_categories": "Semua kategori",
    "rank.filter.all_regions": "Semua wilayah",
    "rank.metric.bodies": "Badan publik",
    "rank.metric.bodies_help": "Semua badan publik yang diundang dalam siklus ini (sesuai "
                               "filter).",
    "rank.metric.returned": "Mengisi SAQ",
    "rank.metric.rate": "Tingkat partisipasi",
    "rank.metric.rate_help": "Badan publik yang mengisi SAQ (tepat waktu atau terlambat) "
                             "dibanding semua badan publik yang diundang.",
    "rank.metric.apart_help": "Tidak diberi nilai dan tidak masuk peringkat (bukan nilai 0).",
    "rank.metric.band_help": "Nilai akhir mulai {lower}.",
    "rank.apart_caption": "Badan publik yang tidak mengisi SAQ atau tidak register tidak "
                          "diberi nilai; mereka dihitung terpisah dari predikat.",
    "rank.chart.counts": "Jumlah badan publik per predikat",
    "rank.chart.count_axis": "Jumlah badan publik",
    "rank.chart.scored": "Dinilai",
    "rank.chart.apart": "Tidak dinilai",
    "rank.chart.distribution": "Sebaran nilai akhir per kategori",
    "rank.chart.final_axis": "Nilai akhir",
    "rank.chart.indicators": "Nilai per indikator dibanding rata-rata kategori",
    "rank.chart.average": "Rata-rata kategori",
    "rank.chart.score_axis": "Nilai (0–100)",
    "rank.section.ranking": "Peringkat per kategori",
    "rank.pick_category": "Kategori yang ditampilkan",
    "rank.category_caption": "{ranked} badan publik dinilai · {apart} tidak dinilai · "
                             "rata-rata nilai akhir {average}",
    "rank.change_caption": "Perubahan dibanding {previous}: ▲ naik, ▼ turun, = tetap; "
                           "\"baru\" bila belum dinilai pada siklus itu.",
    "rank.no_rows": "Tidak ada badan publik yang cocok dengan filter.",
    "rank.search": "Cari badan publik",
    "rank.search_placeholder": "Ketik sebagian nama",
    "rank.search_none": "Tidak ada badan publik bernama '{text}' di kategori ini.",
    "rank.page": "Halaman",
    "rank.page_size": "Baris per halaman",
    "rank.page_caption": "Menampilkan peringkat {first}–{last} dari {total} badan publik yang "
                         "dinilai.",
    "rank.unranked": "Tidak dinilai ({n})",
    "rank.unranked_help": "Badan publik ini tidak mengisi SAQ atau tidak register: tidak "
                          "diberi nilai dan tidak masuk peringkat.",
    "rank.col.rank": "Peringkat",
    "rank.col.change": "± Peringkat",
    "rank.col.name": "Badan publik",
    "rank.col.region": "Wilayah",
    "rank.col.saq_raw": "SAQ mandiri",
    "rank.col.saq": "SAQ",
    "rank.col.saq_help": "SAQ terverifikasi: nilai SAQ setelah verifikasi (bobot {weight} %).",
    "rank.col.saq_raw_help": "SAQ mandiri: nilai SAQ dari jawaban badan publik sendiri, "
                             "sebelum verifikasi.",
    "rank.col.stage_help": "{name}: nilai tahapan ini (bobot {weight} %).",
    "rank.col.stage_monitoring_help": "{name}: nilai tahapan ini (bobot {weight} %), dari "
                                      "temuan pemantauan situs terakhir yang selesai.",
    "rank.col.bonus": "Nilai tambahan",
    "rank.col.final": "Nilai akhir",
    "rank.col.predicate": "Predikat",
    "rank.col.predicate_change": "± Predikat",
    "rank.col.status": "Status",
    "rank.below_gate": "{score} · tidak mengikuti",
    "rank.below_gate_caption": "{stage} \"tidak mengikuti\": {note}; nilai tahapan itu "
                               "dihitung sesuai metodologi.",
    "rank.change.up": "▲ {n}",
    "rank.change.down": "▼ {n}",
    "rank.change.same": "= 0",
    "rank.change.new": "baru",
    "rank.predicate.up": "▲ dari {label}",
    "rank.predicate.down": "▼ dari {label}",
    "rank.predicate.same": "= tetap",
    "rank.section.drilldown": "Rincian badan publik",
    "rank.drill.pick": "Pilih badan publik",
    "rank.drill.unscored": "{name} tidak diberi nilai: {status}.",
    "rank.drill.final": "Nilai akhir",
    "rank.drill.category_average": "Rata-rata kategori: {average}",
    "rank.drill.predicate": "Predikat",
    "rank.drill.rank": "Peringkat dalam kategori",
    "rank.drill.rank_value": "{rank} dari {total}",
    "rank.drill.saq": "SAQ terverifikasi",
    "rank.drill.saq_help": "SAQ mandiri (sebelum verifikasi): {raw}",
    "rank.drill.previous": "Siklus sebelumnya: peringkat {rank}, nilai akhir {final}, "
                           "predikat {predicate}.",
    "rank.drill.stage": "{name}: {score} ({status})",
    "rank.drill.top": "Sudah berada pada predikat tertinggi.",
    "rank.drill.gap": "Untuk mencapai predikat **{band}** diperlukan tambahan {needed} poin "
                      "nilai akhir. Nilai penuh pada pertanyaan {questions} menambah "
                      "sekitar {gain} poin.",
    "rank.drill.gap_unreachable": "Untuk mencapai predikat **{band}** diperlukan tambahan "
                                  "{needed} poin nilai akhir; nilai penuh pada semua "
                                  "pertanyaan yang kehilangan nilai ({gain} poin) belum "
                                  "cukup, sehingga nilai tahapan lain juga perlu naik.",
    "rank.drill.gap_stage_missing": "Tahapan {name} belum dinilai (bobot {weight} %): hingga "
                                    "{points} poin nilai akhir.",
    "rank.drill.gap_stage_gate": "{name} tidak dihitung: syarat {rule} tidak terpenuhi "
                                 "({reading}). Bila terpenuhi, tahapan ini (bobot {weight} %) "
                                 "dapat menambah hingga {points} poin nilai akhir.",
    "rank.drill.lost_heading": "Pertanyaan yang kehilangan nilai",
    "rank.drill.no_lost": "Tidak ada pertanyaan yang kehilangan nilai.",
    "rank.lost.code": "Kode",
    "rank.lost.question": "Pertanyaan",
    "rank.lost.indicator": "Indikator",
    "rank.lost.earned": "Nilai / maks.",
    "rank.lost.reason": "Alasan",
    "rank.lost.contribution": "Pengaruh ke nilai akhir",
    "rank.lost.contribution_help": "Poin nilai akhir yang bertambah bila pertanyaan ini "
                                   "mendapat nilai penuh.",
    "rank.download": "Unduh peringkat (Excel)",
    "rank.download_pdf": "Lampiran keputusan (PDF)",
    "rank.download_pdf_help": "Peringkat per kategori dalam satu PDF A4 untuk lampiran "
                              "keputusan penetapan.",
    "rank.download_cards": "Rapor semua badan publik (ZIP)",
    "rank.download_cards_help": "Satu rapor PDF per badan publik, dikelompokkan per kategori: "
                                "nilai, indikator dibanding rata-rata kategori, butir yang "
                                "kehilangan nilai, dan yang diperlukan untuk predikat berikutnya.",
    "rank.download_open_data": "Data terbuka (CSV + JSON)",
    "rank.download_open_data_help": "Hasil yang sudah ditetapkan sebagai data terbuka.",
    "rank.download_help": "Buku kerja peringkat: sampul, satu lembar per kategori dengan "
                          "warna predikat dan perubahan, metodologi, dan jejak audit.",
    "rank.download_draft_help": "Buku kerja peringkat hasil sementara (ditandai DRAF): "
                                "sampul, satu lembar per kategori, metodologi, dan jejak "
                                "audit.",
    # -- admin › metodologi: pustaka (ui/components/methodology_library.py) -----------------
    "library.tab.cycle": "Metodologi siklus ini",
    "library.tab.library": "Pustaka metodologi",
    "library.tab.whatif": "Simulasi",
    "library.heading": "Pustaka metodologi",
    "library.caption": "Metodologi bawaan aplikasi dan versi yang disimpan admin; siklus baru "
                       "dibuat dari salah satunya. Setiap siklus menyimpan salinan "
                       "metodologinya sendiri: menyimpan versi baru tidak mengubah siklus "
                       "yang sudah ada.",
    "library.col.ref": "Rujukan",
    "library.col.title": "Judul",
    "library.col.version": "Versi",
    "library.col.year": "Tahun",
    "library.col.origin": "Asal",
    "library.col.source": "Berkas asal",
    "library.origin.preset": "Bawaan aplikasi",
    "library.origin.saved": "Disimpan {by}, {at}",
    "library.download.pick": "Metodologi untuk diunduh",
    "library.download.button": "Unduh lembar kerja",
    "library.download.help": "Lembar kerja metodologi (Excel) yang dapat diubah: bobot, "
                             "tahapan, pertanyaan, predikat. Unggah kembali di bawah untuk "
                             "menyimpannya sebagai versi baru.",
    "library.upload.heading": "Unggah metodologi KI sendiri",
    "library.upload.label": "Lembar kerja metodologi (.xlsx) atau berkas YAML",
    "library.upload.help": "Unduh lembar kerja di atas, ubah di Excel, lalu unggah di sini. "
                           "Berkas diperiksa dan ditampilkan dulu; tidak ada yang disimpan "
                           "sebelum Anda menekan Simpan ke pustaka.",
    "library.invalid": "**{name}** tidak dapat dipakai: {count} masalah. Perbaiki setiap "
                       "masalah di berkasnya, lalu unggah lagi.",
    "library.problem.where": "Letak",
    "library.problem.message": "Masalah",
    "library.problem.fix": "Perbaikan",
    "library.read": "Terbaca: **{title}** — `{id}` versi {version} · {ki} · {year}",
    "library.preview.heading": "Pratinjau per kategori",
    "library.preview.category": "Kategori",
    "library.preview.stages": "Tahapan dan bobot",
    "library.preview.indicators": "Indikator dan bobot",
    "library.preview.questions": "Pertanyaan: {count} pertanyaan, {points} poin",
    "library.preview.bands": "Predikat",
    "library.col.code": "Kode",
    "library.col.name": "Nama",
    "library.col.kind": "Jenis",
    "library.col.weight": "Bobot",
    "library.col.gate": "Gerbang",
    "library.col.stage": "Tahapan",
    "library.col.indicator": "Indikator",
    "library.col.questions": "Pertanyaan",
    "library.col.question": "Pertanyaan",
    "library.col.points": "Poin",
    "library.col.type": "Jenis jawaban",
    "library.col.evidence": "Data dukung",
    "library.col.band": "Predikat",
    "library.col.from": "Dari",
    "library.col.to": "Sampai",
    "library.band.below": "di bawah {upper}",
    "library.gate.rule": "{rule} (yang tidak lolos dinilai {below})",
    "library.gate.and": "; lalu ",
    "library.band.top": "100,00",
    "library.diff.heading": "Perbedaan dengan metodologi lain",
    "library.diff.against": "Bandingkan dengan",
    "library.diff.none": "Tidak ada perbedaan: isinya sama dengan `{ref}`.",
    "library.diff.summary": "{count} perubahan: {weights} bobot diubah, {added} pertanyaan "
                            "ditambahkan, {removed} dihapus, {reworded} diubah teksnya.",
    "library.diff.col.change": "Perubahan",
    "library.diff.col.old": "Sebelum",
    "library.diff.col.new": "Sesudah",
    "library.save.heading": "Simpan sebagai versi baru",
    "library.save.help": "Disimpan sebagai `{id}` versi {version}. Versi yang tersimpan tidak "
                         "pernah diubah: untuk perubahan berikutnya, naikkan versinya di "
                         "lembar kerja.",
    "library.save.button": "Simpan ke pustaka",
    "library.save.done": "Disimpan ke pustaka sebagai `{ref}`.",
    "library.save.same": "Metodologi ini sudah ada di pustaka sebagai `{ref}` dengan isi yang "
                         "sama; tidak ada yang diubah.",
    "library.cycle.heading": "Buat siklus dari `{ref}`",
    "library.cycle.submit": "Buat siklus (disiapkan)",
    "library.cycle.done": "Siklus **{title}** dibuat dari `{ref}` dan masih disiapkan; "
                          "atur dan buka di tab Siklus.",
    # -- admin › metodologi: simulasi (ui/components/whatif.py) ------------------------------
    "whatif.heading": "Simulasi dengan metodologi lain",
    "whatif.caption": "Jawaban, verifikasi dan nilai panel siklus **{title}** dinilai ulang "
                      "dengan metodologi lain, berdampingan dengan hasil tersimpan; yang "
                      "berubah ditampilkan lebih dulu. Tidak ada data yang diubah.",
    "whatif.against": "Metodologi pembanding",
    "whatif.uploaded": "Berkas yang diunggah: {name} ({id} versi {version})",
    "whatif.run": "Jalankan simulasi",
    "whatif.same": "Metodologi pembanding sama dengan metodologi siklus: hasilnya sama.",
    "whatif.draft": "Hasil tersimpan siklus ini masih sementara (belum ditetapkan).",
    "whatif.metric.bodies": "Badan publik",
    "whatif.metric.movers": "Berubah",
    "whatif.metric.predicates": "Berganti predikat",
    "whatif.col.name": "Badan publik",
    "whatif.col.category": "Kategori",
    "whatif.col.stored_final": "Nilai",
    "whatif.col.stored_predicate": "Predikat",
    "whatif.col.stored_rank": "Peringkat",
    "whatif.col.final": "Nilai simulasi",
    "whatif.col.predicate": "Predikat simulasi",
    "whatif.col.rank": "Peringkat simulasi",
    "whatif.col.delta": "Selisih",
    "whatif.col.rank_change": "± Peringkat",
    "whatif.col.note": "Keterangan",
    "whatif.unused.heading": "Masukan yang tidak dipakai simulasi",
    "whatif.unused.kind": "Jenis",
    "whatif.unused.code": "Kode",
    "whatif.unused.label": "Uraian",
    "whatif.unused.bodies": "Badan publik",
    "whatif.download": "Unduh simulasi (Excel)",
    # -- notifications, messages, password links (notifications/) ---------------------------
    "nav.notifications": "Notifikasi",
    "nav.messages": "Pesan",
    "nav.notification_admin": "Notifikasi & E-mail",
    "nav.reset_password": "Atur kata sandi",
    "bell.label": "Notifikasi",
    "bell.unread": "Notifikasi ({count} belum dibaca)",
    "bell.messages_unread": "Pesan ({count} belum dibaca)",
    "notif.title": "Notifikasi",
    "notif.none": "Belum ada notifikasi.",
    "notif.unread_only": "Hanya yang belum dibaca",
    "notif.mark_all": "Tandai semua sudah dibaca",
    "notif.mark_one": "Tandai sudah dibaca",
    "notif.marked": "{count} notifikasi ditandai sudah dibaca.",
    "notif.new": "Baru",
    "notif.open": "Buka halaman terkait",
    "notif.email.heading": "Alamat e-mail saya",
    "notif.email.help": "Notifikasi dan tautan kata sandi dikirim ke alamat ini. Akun badan "
                        "publik tanpa alamat sendiri menerima e-mail di alamat badan "
                        "publiknya.",
    "notif.email.field": "Alamat e-mail",
    "notif.email.save": "Simpan alamat",
    "notif.email.saved": "Alamat e-mail disimpan.",
    "msg.title": "Pesan",
    "msg.intro": "Percakapan antara KI (koordinator PPID, admin) dan PPID badan publik, "
                 "satu utas per badan publik dalam siklus ini. Salinan pesan dikirim lewat "
                 "e-mail.",
    "msg.no_threads": "Tidak ada badan publik yang dapat Anda kirimi pesan pada siklus ini.",
    "msg.thread": "Badan publik",
    "msg.thread_option": "{name} ({count} pesan, {unread} belum dibaca)",
    "msg.empty": "Belum ada pesan untuk {name}. Tulis pesan pertama di bawah.",
    "msg.from": "**{author}** ({role}) · {at}",
    "msg.unread": "belum dibaca",
    "msg.attachment": "Unduh {name} ({size})",
    "msg.write": "Tulis pesan",
    "msg.text": "Isi pesan",
    "msg.files": "Lampiran (PDF, PNG atau JPEG; paling banyak {limit} per berkas)",
    "msg.send": "Kirim pesan",
    "msg.sent": "Pesan dikirim.",
    "msg.sent_files": "Pesan dikirim dengan {count} lampiran: {names}.",
    "msg.not_sent": "Pesan belum dikirim. Isi pesan dan lampiran Anda masih ada di formulir: "
                    "perbaiki yang disebut di atas, lalu kirim lagi.",
    "nadmin.title": "Notifikasi & E-mail",
    "nadmin.tab.outbox": "Antrean e-mail",
    "nadmin.tab.templates": "Teks notifikasi",
    "nadmin.tab.invite": "Undangan akun",
    "nadmin.status.ok": "E-mail dikirim lewat **{server}** sebagai {sender}; tautan menuju "
                        "{url}.",
    "nadmin.status.off": "{problem}",
    "nadmin.counts": "Menunggu: {waiting} · Terkirim: {sent} · Gagal: {failed}",
    "nadmin.send_now": "Kirim yang menunggu sekarang",
    "nadmin.bounces.on": "Pantulan e-mail (gagal kirim yang dilaporkan kemudian) dibaca "
                         "berkala dari kotak surat **{server}**; e-mail yang dipantulkan "
                         "tampil sebagai Gagal (dipantulkan) dengan jawaban server penerima.",
    "nadmin.bounces.off": "{problem}",
    "nadmin.bounces.read_now": "Baca pantulan sekarang",
    "nadmin.bounces.report": "Pantulan dibaca: {read}; ditandai gagal sekarang: {matched}; "
                             "sudah tercatat sebelumnya: {already}; tidak cocok: "
                             "{unmatched}.",
    "nadmin.send_again": "klik “Kirim yang menunggu sekarang” lagi",
    "nadmin.send_reminders": "Pengingat tenggat ditulis: {count}.",
    "nadmin.state_filter": "Status",
    "nadmin.all": "Semua",
    "nadmin.none": "Antrean e-mail kosong.",
    "nadmin.col.id": "No.",
    "nadmin.col.to": "Kepada",
    "nadmin.col.subject": "Subjek",
    "nadmin.col.event": "Jenis",
    "nadmin.col.state": "Status",
    "nadmin.col.attempts": "Percobaan",
    "nadmin.col.created": "Dibuat",
    "nadmin.col.reply": "Jawaban server",
    "nadmin.col.reply_help": "Jawaban server surel yang menerima atau menolak e-mail; "
                             "jawaban lengkapnya di Rincian e-mail di bawah tabel.",
    "nadmin.col.retry": "Dicoba lagi",
    "nadmin.col.retry_help": "Kapan e-mail yang ditolak sementara dicoba lagi (WIB).",
    "nadmin.detail.pick": "Rincian e-mail",
    "nadmin.detail.meta": "**Kepada:** {to} · **Jenis:** {event} · **Status:** {state} · "
                          "**Percobaan:** {attempts}",
    "nadmin.detail.created": "Dibuat {at}",
    "nadmin.detail.retry": "dicoba lagi {at}",
    "nadmin.detail.sent": "diterima server {at}",
    "nadmin.detail.reply": "Jawaban server",
    "nadmin.detail.no_reply": "Belum ada jawaban server.",
    "nadmin.resend.pick": "E-mail yang dikirim ulang",
    "nadmin.resend": "Kirim ulang",
    "nadmin.resent": "E-mail #{id} diantrekan lagi sebagai #{copy}, ke {to}. {how}",
    "nadmin.resent_new": "E-mail #{id} diantrekan lagi sebagai #{copy} ke alamat penerima "
                         "yang sekarang, {to} (sebelumnya {previous}). {how}",
    "nadmin.resent.how": "Pengirim otomatis mengirimnya dalam beberapa saat, atau tekan "
                         "*Kirim yang menunggu sekarang*.",
    "nadmin.resent.how_off": "E-mail ini menunggu di antrean sampai pengiriman e-mail "
                             "diatur (lihat keterangan di atas); tidak ada yang hilang.",
    "nadmin.tpl.pick": "Jenis notifikasi",
    "nadmin.tpl.current": "Versi {seq}, disimpan {who} pada {at}.",
    "nadmin.tpl.default": "Teks bawaan aplikasi (belum pernah diubah).",
    "nadmin.tpl.vars": "Nilai yang dapat dipakai: {names}. Tulis `{{{{ nama }}}}` untuk "
                       "sebuah nilai; daftar dengan `{{% for x in daftar %}}…{{% endfor %}}`.",
    "nadmin.tpl.subject": "Subjek",
    "nadmin.tpl.body": "Isi",
    "nadmin.tpl.reason": "Alasan perubahan",
    "nadmin.tpl.preview": "Pratinjau",
    "nadmin.tpl.preview_heading": "Pratinjau dengan contoh nilai",
    "nadmin.tpl.save": "Simpan teks",
    "nadmin.tpl.saved": "Teks '{label}' disimpan sebagai versi {seq}.",
    "nadmin.tpl.reset": "Kembalikan ke teks bawaan",
    "nadmin.tpl.history": "Riwayat teks ({count} versi tersimpan)",
    "nadmin.invite.help": "Kirim tautan untuk membuat kata sandi pertama ke alamat e-mail "
                          "akun (akun badan publik: alamat badan publiknya bila tanpa "
                          "alamat sendiri).",
    "nadmin.invite.user": "Nama pengguna",
    "nadmin.invite.email": "Alamat e-mail akun (kosongkan bila tidak diubah)",
    "nadmin.invite.send": "Kirim undangan",
    "nadmin.invite.sent": "Tautan kata sandi diantrekan ke {address}.",
    "reset.title": "Atur kata sandi",
    "reset.request.help": "Tulis nama pengguna atau alamat e-mail akun Anda. Bila terdaftar, "
                          "kami kirim tautan untuk membuat kata sandi baru.",
    "reset.request.field": "Nama pengguna atau alamat e-mail",
    "reset.request.send": "Kirim tautan",
    "reset.set.for": "Buat kata sandi baru untuk akun **{username}** ({name}).",
    "reset.set.new": "Kata sandi baru",
    "reset.set.repeat": "Ulangi kata sandi baru",
    "reset.set.save": "Simpan kata sandi",
    "reset.set.mismatch": "Kedua isian kata sandi tidak sama.",
    "reset.set.done": "Kata sandi akun {username} disimpan. Silakan masuk dengan kata sandi "
                      "baru.",
    "reset.to_login": "Kembali ke halaman masuk",
    "reset.login_now": "Masuk dengan kata sandi baru",
    "reset.request.again": "Minta tautan lagi",
    "reset.logged_in_as": "Di peramban ini Anda masih masuk sebagai {name}: keluar dahulu, "
                          "lalu masuk dengan kata sandi baru.",
    "auth.forgot": "Lupa kata sandi?",
}


def t(key: str, /, **values: object) -> Markdown:
    """The text for `key` as Markdown, with `values` filled in *shown literally*: each value
    goes through :func:`ui.format.plain` (names, reasons, titles… come from outside) — or
    :func:`ui.format.code` where the text puts it in backticks (```{username}```) — except a
    :class:`~ui.format.Markdown` value — another ``t()``, a :func:`~ui.format.plain` or
    :func:`~ui.format.link` — which is filled in as it is (the explicit opt-out). A missing
    key shows itself, loudly.

    For places that show text literally (cells of ``st.dataframe``, options of a select
    box, placeholders, file names) use :func:`t_literal`, which escapes nothing."""
    text = TEXT.get(key)
    if text is None:
        return Markdown(f"⟦{key}⟧")
    if not values:
        return Markdown(text)
    parts = [list(part) for part in _FORMATTER.parse(text)]
    out = []
    for index, (literal, field, spec, conversion) in enumerate(parts):
        following = parts[index + 1] if index + 1 < len(parts) else None
        in_code = (field is not None and following is not None
                   and literal.endswith("`") and not literal.endswith("``")
                   and following[0].startswith("`") and not following[0].startswith("``"))
        if in_code:  # `{name}`: the value becomes the code span itself
            literal = literal[:-1]
            following[0] = following[0][1:]
        out.append(literal)
        if field is None:
            continue
        value = _FORMATTER.convert_field(_FORMATTER.get_field(field, (), values)[0],
                                         conversion)
        value = _FORMATTER.format_field(value, spec) if spec else value
        if isinstance(value, Markdown):
            out.append(value)
        elif in_code:
            out.append(code(value))
        else:
            after = following[0] if following is not None else ""
            out.append(plain(value, colon_before=literal.endswith(":"),
                             colon_after=after.startswith(":")))
    return Markdown("".join(out))


def t_literal(key: str, /, **values: object) -> str:
    """The text for `key` with `values` filled in as they are, for places that never render
    Markdown: cells of ``st.dataframe`` / ``st.data_editor``, options of a select box,
    placeholders, file names."""
    text = TEXT.get(key)
    if text is None:
        return f"⟦{key}⟧"
    return text.format(**values) if values else text
