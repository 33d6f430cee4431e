"""Catalog of every problem users can be told about, with stable codes, in Bahasa Indonesia.

Each entry is written location → rule → context → fix: :func:`problem` renders the rule
and fix with the context given, and the location (file, sheet, cell or a path inside a
methodology file) is kept apart so callers can also show it in a table. Codes are stable:
tests, logs and the app refer to them; add new codes, never renumber.

- ``M1xx`` a methodology file is wrong (for KI staff who edit the YAML or the methodology
  workbook; M150–M159 say where a workbook's layout is wrong),
- ``F2xx`` an uploaded file cannot be read at all,
- ``D3xx`` a readable file holds data that cannot be accepted,
- ``S5xx`` an accepted file that a cycle refuses to store (registration, scope, locks),
- ``E6xx`` an evidence file (*data dukung*: a PDF or image per question) that cannot be
  accepted (:mod:`evidence.inspect`),
- ``W4xx`` warnings: the file is accepted, but somebody should look.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    rule: str
    fix: str
    severity: Severity = Severity.ERROR


_RULES = [
    # -- methodology files -----------------------------------------------------------------
    Rule("M101", "Berkas metodologi bukan YAML yang sah: {detail}",
         "Periksa indentasi dan tanda titik dua di baris yang disebut."),
    Rule("M102", "Isian tidak sah: {detail} (nilai: {value})",
         "Perbaiki isian sesuai format metodologi (lihat berkas contoh di "
         "questionnaires/methodologies/)."),
    Rule("M103", "Bobot tahapan berjumlah {total}, seharusnya 100",
         "Sesuaikan bobot tiap tahapan agar jumlahnya tepat 100."),
    Rule("M104", "Bobot indikator tahapan '{stage}' berjumlah {total}, seharusnya 100",
         "Sesuaikan bobot indikator tahapan ini agar jumlahnya tepat 100."),
    Rule("M105", "Kode '{value}' dipakai lebih dari sekali untuk {what}",
         "Beri setiap {what} kode yang unik."),
    Rule("M106", "Pertanyaan merujuk indikator '{value}' yang tidak ada",
         "Gunakan salah satu kode indikator: {known}."),
    Rule("M107", "Indikator merujuk tahapan '{value}' yang tidak ada",
         "Gunakan salah satu kode tahapan: {known}."),
    Rule("M108", "Rentang predikat tidak menutup 0–100 tanpa celah: {detail}",
         "Atur batas bawah predikat agar ada satu predikat dengan batas bawah 0 dan tidak ada "
         "batas bawah yang sama."),
    Rule("M109", "Gerbang ('gates') merujuk tahapan '{value}' yang tidak ada atau tidak "
         "mendahului tahapan ini",
         "Sebut kode tahapan yang berada sebelum tahapan ini: {known}."),
    Rule("M110", "Pertanyaan bertipe '{type}' tidak lengkap: {detail}",
         "Untuk 'scale' isi daftar 'scale' (nilai, label, fraksi) dengan fraksi tertinggi 1; "
         "untuk 'checklist' isi daftar 'items'; untuk 'number' isi 'thresholds' (lower, "
         "fraction, inclusive) dengan fraksi tertinggi 1; untuk 'yes_no' dan 'text' kosongkan "
         "semuanya."),
    Rule("M111", "Pertanyaan berlaku untuk kategori '{value}' yang tidak ada",
         "Gunakan salah satu kode kategori: {known}."),
    Rule("M112", "Indikator '{indicator}' tidak punya pertanyaan untuk kategori '{category}'",
         "Tambahkan pertanyaan untuk kategori itu atau perluas kategori pertanyaan yang ada."),
    Rule("M113", "Indikator '{indicator}' pada tahapan panel tidak boleh punya pertanyaan SAQ",
         "Pindahkan pertanyaan ke indikator tahapan kuesioner."),
    Rule("M114", "Kode metodologi '{value}' dipakai oleh lebih dari satu berkas ({other})",
         "Beri setiap metodologi kode yang unik."),
    Rule("M115", "Pemecah nilai seri '{value}' memerlukan tahapan panel, tetapi metodologi "
         "tidak punya", "Hapus pemecah seri ini atau tambahkan tahapan panel."),
    Rule("M116", "Metodologi tidak punya tahapan kuesioner (SAQ)",
         "Tambahkan satu tahapan dengan kind: questionnaire."),
    Rule("M117", "Kode '{value}' pada '{what}' tidak mengikuti format kode berjenjang",
         "Gunakan angka bertitik seperti 2.1.3."),
    Rule("M118", "Gerbang ('gates') tahapan '{stage}' tidak sah: {detail}",
         "Tulis setiap gerbang sebagai nilai minimum tahapan acuan (pembanding ≥ atau >, pada "
         "nilai yang diumumkan atau nilai tepat) atau sebagai jumlah teratas per kategori "
         "('top'), salah satu saja; dua syarat ditulis sebagai dua gerbang."),
    Rule("M119", "Bobot indikator '{indicator}' menyebut kategori '{value}' yang tidak ada",
         "Gunakan salah satu kode kategori: {known}."),
    Rule("M120", "Bobot indikator tahapan '{stage}' untuk kategori '{category}' berjumlah "
         "{total}, seharusnya 100",
         "Sesuaikan bobot per kategori (weights) indikator tahapan ini untuk kategori itu "
         "agar jumlahnya tepat 100; indikator tanpa bobot kategori itu memakai bobotnya "
         "sendiri."),
    Rule("M121", "Sinyal pemantauan situs pertanyaan ini tidak sah: {detail}",
         "Isi paling sedikit satu teks tautan/menu, kata di judul halaman atau pola alamat "
         "(mis. Daftar Informasi Publik; */informasi-berkala*), dan jenis dokumen dari: "
         "{known}; atau hapus sinyalnya bila pertanyaan ini tidak diperiksa di situs."),
    Rule("M122", "Tahapan pemantauan situs '{stage}' tidak dapat dinilai: {detail}",
         "Nilai tahapan ini datang dari pemantauan situs: beri sinyal pemantauan situs "
         "(signals, lembar Sinyal) pada pertanyaan yang diperiksa di situs, paling sedikit "
         "satu untuk setiap kategori; di 'questions' (kolom Pertanyaan dipantau) sebut hanya "
         "kode pertanyaan bersinyal, atau kosongkan untuk memakai semuanya; tahapan ini "
         "tidak memakai indikator."),
    Rule("M123", "Daftar pertanyaan dipantau ('questions') hanya untuk tahapan pemantauan "
         "situs; tahapan '{stage}' berjenis {kind}",
         "Kosongkan 'questions' (kolom Pertanyaan dipantau) atau ubah jenis tahapan menjadi "
         "pemantauan situs (monitoring)."),
    # -- methodology workbooks (questionnaires.methodology_workbook): where, not what ----
    Rule("M150", "Lembar wajib '{sheet}' tidak ada (lembar yang ada: {found})",
         "Kembalikan lembar '{sheet}' dengan nama persis itu (salin dari lembar kerja "
         "metodologi yang diunduh dari aplikasi)."),
    Rule("M151", "Lembar '{sheet}' tidak dikenal dalam lembar kerja metodologi; isinya tidak "
         "dibaca", "Hapus lembar itu atau beri nama salah satu lembar metodologi: {known}. "
         "Catatan bebas ditulis di lembar Sumber (isian Catatan)."),
    Rule("M152", "Kolom '{value}' tidak dikenal di lembar '{sheet}'; isinya tidak dibaca",
         "Hapus kolom itu atau beri judul salah satu kolom lembar ini: {known}."),
    Rule("M153", "Lembar '{sheet}' tidak punya {what} wajib '{column}'",
         "Tambahkan {what} '{column}' seperti pada lembar kerja yang diunduh (lihat lembar "
         "Petunjuk)."),
    Rule("M154", "{what} '{value}' muncul lebih dari sekali di lembar '{sheet}' (juga di "
         "{other})", "Sisakan satu; hapus atau ganti judul yang lain."),
    Rule("M155", "Nilai '{value}' tidak sah untuk kolom '{column}': {detail}",
         "Isi dengan {expected}."),
    Rule("M156", "Isian '{value}' tidak dikenal di lembar '{sheet}'",
         "Gunakan salah satu isian di kolom A: {known}."),
    Rule("M157", "Baris merujuk {what} '{value}' yang tidak ada di lembar '{parent}'",
         "Gunakan kode yang ada di kolom Kode lembar '{parent}', atau hapus baris ini."),
    Rule("M158", "{what} '{value}' punya lebih dari satu baris di lembar '{sheet}' (juga di "
         "{other})", "Sisakan satu baris untuk setiap {what}."),
    Rule("M159", "Berkas metodologi harus berupa lembar kerja metodologi (.xlsx) atau YAML, "
         "bukan {detail}",
         "Unduh lembar kerja metodologi dari aplikasi (atau 'python -m monev methodology "
         "export ID -o BERKAS.xlsx'), ubah isinya, lalu unggah berkas .xlsx itu."),
    # -- unreadable files ------------------------------------------------------------------
    Rule("F201", "Berkas bukan lembar kerja (.xlsx, .xls, .ods) atau tabel teks (.csv, .tsv, "
         ".txt) yang dikenali",
         "Unggah kuesioner dalam format .xlsx (templat monev), .xls, .ods, tabel jawaban "
         ".csv/.tsv, atau ZIP berisi berkas tersebut."),
    Rule("F202", "Berkas dilindungi kata sandi sehingga tidak dapat dibaca",
         "Buka berkas di Excel, hapus kata sandinya (File › Info › Proteksi Buku Kerja), "
         "simpan, lalu unggah lagi."),
    Rule("F203", "Berkas berisi makro ({detail}); berkas bermakro ditolak demi keamanan",
         "Simpan ulang sebagai 'Excel Workbook (*.xlsx)' tanpa makro, lalu unggah lagi."),
    Rule("F204", "Berkas rusak atau terpotong dan tidak dapat dibuka ({detail})",
         "Simpan ulang berkas dari Excel atau unduh ulang dari sumbernya, lalu unggah lagi."),
    Rule("F205", "Berkas terlalu besar setelah diekstrak ({detail})",
         "Kuesioner monev biasanya di bawah 1 MB: hapus gambar atau lembar tambahan, atau "
         "pecah ZIP menjadi beberapa bagian."),
    Rule("F206", "Lembar '{sheet}' terlalu besar ({rows} baris; batas {limit})",
         "Hapus baris kosong atau data lain di luar kuesioner, lalu unggah lagi."),
    Rule("F207", "Lembar '{sheet}' tidak ditemukan (lembar yang ada: {found})",
         "Gunakan templat kuesioner monev; jangan mengganti nama atau menghapus lembar."),
    Rule("F208", "Baris judul kolom tidak ditemukan; kolom wajib: {missing}",
         "Pastikan lembar memuat baris judul dengan kolom {missing} seperti pada templat."),
    Rule("F209", "Metodologi '{value}' tidak dikenal",
         "Unduh templat terbaru dari aplikasi; metodologi yang tersedia: {known}."),
    Rule("F210", "Berkas untuk {what} '{value}', sedangkan yang diharapkan '{expected}'",
         "Unduh dan isi templat untuk {what} yang benar."),
    Rule("F211", "Templat sudah usang: daftar pertanyaan berubah sejak templat diunduh",
         "Unduh templat terbaru lalu salin jawaban ke templat itu."),
    Rule("F212", "Berkas kosong", "Unggah berkas kuesioner yang sudah diisi."),
    Rule("F213", "Isi ZIP tidak dapat dibaca dengan aman: '{value}' ({detail})",
         "Buat ulang ZIP yang hanya berisi berkas kuesioner (boleh dalam folder), tanpa ZIP "
         "di dalam ZIP di dalam ZIP, tanpa jalur '..' atau jalur absolut."),
    Rule("F214", "ZIP berisi terlalu banyak berkas ({count}; batas {limit})",
         "Pecah menjadi beberapa ZIP yang lebih kecil."),
    Rule("F215", "Metodologi tidak dapat dikenali dari kode pertanyaan ({detail})",
         "Gunakan templat kuesioner monev yang diunduh dari aplikasi."),
    Rule("F216", "Pembacaan berkas dihentikan: berkas memerlukan memori melebihi batas "
         "({limit}) atau membuat pembaca berhenti ({detail})",
         "Buka berkas di Excel atau LibreOffice, hapus isi di luar kuesioner (baris/kolom "
         "jauh di bawah atau di kanan), simpan ulang sebagai .xlsx, lalu unggah lagi."),
    Rule("F217", "Pembacaan berkas melebihi batas waktu ({seconds} detik)",
         "Hapus isi di luar kuesioner atau pecah tabel menjadi beberapa berkas, lalu unggah "
         "lagi."),
    Rule("F218", "Lembar '{sheet}' memakai rentang terlalu luas ({detail})",
         "Hapus isi sel yang jauh di luar kuesioner (misalnya di kolom XFD atau baris "
         "1048576): pilih baris/kolom kosong di bawah dan kanan data, hapus, simpan, lalu "
         "unggah lagi."),
    Rule("F219", "Lembar wajib '{sheet}' tidak ditemukan (lembar yang ada: {found})",
         "Gunakan templat kuesioner monev dengan lembar {sheet}; jangan mengganti nama atau "
         "menghapus lembar itu."),
    # -- data that cannot be accepted ------------------------------------------------------
    Rule("D301", "Kode pertanyaan '{value}' tidak ada dalam kuesioner {methodology} untuk "
         "kategori '{category}'",
         "Periksa kode di kolom Kode; jangan mengubah kolom Kode templat."),
    Rule("D302", "Pertanyaan tidak ditemukan di berkas: {codes}",
         "Kembalikan baris pertanyaan yang terhapus (salin dari templat baru); jawaban boleh "
         "dikosongkan."),
    Rule("D303", "Jawaban '{value}' tidak sah untuk pertanyaan {question} — jenis jawaban "
         "{type}",
         "Isi {allowed}; atau kosongkan jika belum dijawab."),
    Rule("D304", "Pertanyaan {value} muncul lebih dari sekali (juga di {other})",
         "Hapus baris ganda sehingga setiap pertanyaan muncul satu kali."),
    Rule("D305", "Nama badan publik kosong",
         "Isi nama badan publik di lembar Identitas (atau kolom 'Nama Badan Publik')."),
    Rule("D306", "Kategori '{value}' tidak dikenal dalam metodologi {methodology}",
         "Gunakan salah satu kategori: {known}."),
    Rule("D307", "Badan publik '{value}' muncul lebih dari sekali dalam satu unggahan "
         "({others})",
         "Hapus salinan ganda dan unggah satu berkas untuk setiap badan publik."),
    Rule("D308", "Kolom '{value}' tidak cocok dengan kode atau teks pertanyaan mana pun",
         "Beri judul kolom dengan kode pertanyaan (mis. 2.1.3) atau teks pertanyaan persis "
         "seperti di kuesioner, atau hapus kolom itu."),
    Rule("D309", "Kolom wajib tidak ditemukan: {missing}",
         "Tambahkan kolom {missing} pada baris judul tabel."),
    Rule("D310", "Tabel jawaban tidak memuat baris badan publik",
         "Isi satu baris per badan publik di bawah baris judul."),
    Rule("D311", "Nilai '{value}' tidak sah untuk kolom {column}: {detail}",
         "Perbaiki nilai di sel ini."),
    Rule("D312", "Baris {row} berisi {count} sel, sedangkan baris judul punya {expected} kolom",
         "Periksa pemisah di baris ini: angka desimal dengan koma (misalnya 89,95) harus "
         "diapit tanda kutip (\"89,95\") bila pemisah kolom juga koma, atau simpan sebagai "
         ".xlsx."),
    Rule("D313", "Badan publik '{value}' tercantum lebih dari sekali (baris {rows})",
         "Hapus baris ganda sehingga setiap badan publik tercantum satu kali per kategori."),
    Rule("D314", "Pertanyaan {question} punya lebih dari satu kolom {what}: {columns}",
         "Hapus atau gabungkan kolom ganda (mis. pertanyaan yang ditambahkan dua kali di "
         "formulir) sehingga setiap pertanyaan punya satu kolom."),
    Rule("D316", "Kolom untuk {field} ada lebih dari satu: {columns}",
         "Sisakan satu kolom untuk {field}; hapus atau beri judul lain pada kolom yang lain."),
    Rule("D315", "Sel berisi rumus atau galat rumus tanpa nilai yang dapat dibaca ({formula})",
         "Buka dan simpan berkas di Excel atau LibreOffice agar nilai rumus terhitung (rumus "
         "yang menghasilkan galat seperti #REF! perlu diperbaiki), atau ketik isinya "
         "langsung, lalu unggah lagi."),
    # -- refused when storing an accepted file into a cycle (monev.imports) ----------------
    Rule("S501", "Badan publik '{name}' belum terdaftar dalam {ki}",
         "Koordinator PPID hanya dapat mengunggah untuk badan publik terdaftar dalam "
         "cakupannya. Minta admin mendaftarkannya (atau menambahkan nama ini sebagai alias), "
         "lalu unggah lagi."),
    Rule("S502", "Badan publik '{name}' terdaftar dengan kategori '{registered}', sedangkan "
         "berkas diisi untuk kategori '{category}'",
         "Unduh dan isi templat untuk kategori '{registered}', atau minta admin memperbaiki "
         "kategori badan publik ini."),
    Rule("S503", "{detail}", "{fix}"),  # stage locked or cycle published
    Rule("S504", "{detail}", "{fix}"),  # no permission or outside the koordinator's scope
    Rule("S505", "{detail}", "{fix}"),  # another refusal by a service
    Rule("S509", "{detail}", "{fix}"),  # a concurrent upload or an unexpected failure
    # -- evidence files (data dukung) refused (evidence.inspect) -------------------------
    Rule("E601", "Berkas bukan PDF atau gambar PNG/JPEG menurut isinya ({detail})",
         "Unggah data dukung sebagai PDF (atau gambar PNG/JPEG). Mengganti nama berkas "
         "menjadi .pdf tidak mengubah isinya: buka dokumennya lalu simpan atau cetak sebagai "
         "PDF (Simpan Sebagai › PDF, atau Cetak › Simpan sebagai PDF), kemudian unggah lagi."),
    Rule("E602", "Berkas berukuran {size}, melebihi batas {limit} per pertanyaan",
         "Perkecil berkas hingga paling besar {limit}: kompres PDF, pindai ulang dengan "
         "resolusi lebih rendah (150 dpi cukup untuk dibaca), atau unggah hanya halaman yang "
         "menjadi bukti pertanyaan ini."),
    Rule("E603", "PDF dilindungi kata sandi sehingga verifikator tidak dapat "
         "membukanya",
         "Buka PDF dengan kata sandinya, simpan salinan tanpa kata sandi (Cetak › Simpan "
         "sebagai PDF), lalu unggah salinan itu."),
    Rule("E604", "PDF rusak atau terpotong dan tidak dapat dibuka ({detail})",
         "Buka berkas di pembaca PDF untuk memastikannya utuh, ekspor atau pindai ulang "
         "dokumennya sebagai PDF, lalu unggah lagi."),
    Rule("E605", "Gambar {kind} rusak atau terpotong dan tidak dapat dibuka",
         "Simpan ulang atau ambil ulang gambarnya sebagai PNG atau JPEG, atau gabungkan "
         "sebagai PDF, lalu unggah lagi."),
    Rule("E606", "Berkas kosong (0 byte)",
         "Pilih berkas data dukung yang berisi dokumen, lalu unggah lagi."),
    # -- warnings --------------------------------------------------------------------------
    Rule("W401", "Tidak ada kolom data dukung untuk pertanyaan {codes}; jawaban 'Ya' tanpa "
         "data dukung tidak mendapat nilai",
         "Tambahkan kolom 'Data Dukung <kode>' berisi tautan bukti untuk setiap pertanyaan.",
         Severity.WARNING),
    Rule("W402", "Berkas dilewati: {detail}", "Tidak perlu tindakan.", Severity.WARNING),
    Rule("W403", "Lembar '{sheet}' yang dibaca ({detail})",
         "Bila bukan lembar yang dimaksud, hapus lembar lain atau unggah lembar yang benar "
         "saja.", Severity.WARNING),
    Rule("W404", "Data dukung '{value}' untuk pertanyaan {question} bukan tautan (http/https); "
         "tidak dihitung sebagai data dukung",
         "Isi dengan tautan lengkap yang dapat dibuka, mis. https://ppid.example.go.id/dip.",
         Severity.WARNING),
    Rule("W405", "Sel berisi '{value}' di luar bagian yang dibaca ({detail}); isinya diabaikan",
         "Pindahkan isian ke sel yang dibaca (di Kuesioner: kolom Jawaban, Tautan Data Dukung "
         "atau Keterangan pada baris pertanyaannya; di Identitas: di sebelah kanan labelnya), "
         "atau hapus bila tidak perlu.", Severity.WARNING),
    Rule("W406", "Kuesioner tidak berisi satu jawaban pun; badan publik dicatat tidak mengisi "
         "SAQ", "Isi jawaban kuesioner lalu unggah lagi sebelum batas waktu.",
         Severity.WARNING),
    Rule("W409", "{count} dari {total} pertanyaan belum dijawab dan bernilai 0: {codes}",
         "Bila jawabannya memang ada, isi kolom Jawaban pertanyaan itu lalu unggah lagi "
         "sebelum batas waktu; yang dibiarkan kosong tetap dinilai 0.", Severity.WARNING),
    Rule("W407", "Lembar tambahan '{sheet}' tidak dibaca ({cells} sel berisi); isinya diabaikan",
         "Jawaban hanya dibaca dari lembar Identitas dan Kuesioner: pindahkan isian ke sana bila "
         "perlu, atau hapus lembar itu.", Severity.WARNING),
    Rule("W408", "Pengodean karakter berkas tidak dapat dipastikan: berkas dibaca sebagai "
         "{encoding}; {cells} sel memuat huruf atau tanda non-ASCII, antara lain {samples}",
         "Periksa apakah tulisan itu terbaca benar. Bila tidak (mis. 'CafŽ' untuk 'Café'), "
         "simpan ulang tabel sebagai \"CSV UTF-8\" (Excel: Simpan Sebagai › CSV UTF-8; "
         "LibreOffice: set karakter Unicode (UTF-8)) atau unggah berkas .xlsx-nya, lalu "
         "unggah lagi.", Severity.WARNING),
]

CATALOG: dict[str, Rule] = {r.code: r for r in _RULES}

# More precise texts of a rule (same code) for a caller that knows more than the reader:
# the app names the cycle a workbook of another methodology belongs to (F210). Rendered
# by :func:`problem` under their key, e.g. ``problem("F210/siklus", …)``.
VARIANTS: dict[str, Rule] = {
    # A methodology read from its workbook (questionnaires.methodology_workbook): the same
    # rules, told in the workbook's words (sheets and columns, not YAML keys).
    "M102/lembar": Rule(
        "M102", "Isian tidak sah di kolom '{column}': {detail} (nilai: {value})",
        "Perbaiki sel ini; lembar Petunjuk menjelaskan isi setiap kolom."),
    "M103/lembar": Rule(
        "M103", "Bobot tahapan berjumlah {total}, seharusnya 100",
        "Sesuaikan bobot tiap tahapan agar jumlahnya tepat 100. Tulis bobot sebagai angka "
        "persen tanpa tanda % (80, bukan 80%: Excel menyimpan 80% sebagai 0,8)."),
    "M104/lembar": Rule(
        "M104", "Bobot indikator tahapan '{stage}' berjumlah {total}, seharusnya 100",
        "Sesuaikan bobot indikator tahapan ini agar jumlahnya tepat 100. Tulis bobot sebagai "
        "angka persen tanpa tanda % (40, bukan 40%: Excel menyimpan 40% sebagai 0,4)."),
    "M110/lembar": Rule(
        "M110", "Pertanyaan berjenis '{type}' tidak lengkap: {detail}",
        "Untuk jenis Skala isi tingkatnya di lembar Skala (fraksi tertinggi 1), untuk jenis "
        "Kelengkapan isi butirnya di lembar Butir, untuk jenis Angka isi ambangnya di lembar "
        "Ambang (fraksi tertinggi 1), seperti dijelaskan di lembar Petunjuk; atau ganti jenis "
        "jawabannya."),
    "M109/lembar": Rule(
        "M109", "Gerbang merujuk tahapan acuan '{value}' yang tidak ada atau tidak "
        "mendahului tahapan ini",
        "Di kolom Tahapan acuan lembar Gerbang, tulis kode tahapan yang berada sebelum "
        "tahapan ini: {known}."),
    "M118/lembar": Rule(
        "M118", "Gerbang tahapan '{stage}' tidak sah: {detail}",
        "Di lembar Gerbang isi Nilai minimum (dengan Pembanding dan Dasar nilai) atau "
        "Peringkat teratas, salah satu saja; dua syarat ditulis di dua baris."),
    "M120/lembar": Rule(
        "M120", "Bobot indikator tahapan '{stage}' untuk kategori '{category}' berjumlah "
        "{total}, seharusnya 100",
        "Sesuaikan kolom Bobot per kategori di lembar Indikator agar bobot kategori itu di "
        "tahapan ini berjumlah tepat 100; indikator tanpa bobot kategori itu memakai kolom "
        "Bobot (%)."),
    "M116/lembar": Rule(
        "M116", "Metodologi tidak punya tahapan kuesioner (SAQ)",
        "Beri satu tahapan di lembar Tahapan jenis 'Kuesioner (SAQ)'."),
    # A checklist answered item by item: the item and its cell, not just the question.
    "D303/butir": Rule(
        "D303", "Jawaban '{value}' tidak sah untuk butir {item} ({label}) di sel {cell}, "
        "pertanyaan {question} — jenis jawaban {type}",
        "Isi butir {item} dengan salah satu: {allowed}; atau kosongkan jika belum dijawab."),
    "F210/siklus": Rule(
        "F210", "Berkas ini memakai metodologi '{value}' milik siklus {cycles}, sedangkan "
        "siklus yang dipilih ({current}) memakai '{expected}'",
        "Pilih siklus itu di pemilih siklus di atas, lalu unggah lagi."),
    "F210/siklus-disiapkan": Rule(
        "F210", "Berkas ini memakai metodologi '{value}' milik siklus {cycles}, yang masih "
        "disiapkan admin; siklus yang dipilih ({current}) memakai '{expected}'",
        "Tunggu admin KI membuka siklus itu, lalu pilih siklus itu di atas dan unggah lagi."),
    "F210/tanpa-siklus": Rule(
        "F210", "Berkas ini memakai metodologi '{value}', tetapi tidak ada siklus berjalan "
        "yang memakai metodologi itu; siklus yang dipilih ({current}) memakai '{expected}'",
        "Unduh templat dari siklus yang dipilih, salin jawaban ke templat itu, lalu unggah "
        "lagi; atau minta admin KI menyiapkan siklus dengan metodologi '{value}'."),
}


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: file, sheet and cell of a workbook, or a path in a YAML file."""

    file: str = ""
    sheet: str = ""
    cell: str = ""
    path: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.sheet or self.cell:
            ref = "!".join(part for part in (self.sheet, self.cell) if part)
            where = f"{where} › {ref}" if where else ref
        if self.path:
            where = f"{where} › {self.path}" if where else self.path
        return where


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, rendered for people and kept structured for code."""

    code: str
    location: Location
    message: str
    fix: str
    severity: Severity
    context: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.location}: " if str(self.location) else ""
        return f"[{self.code}] {where}{self.message}. {self.fix}"


class _Default(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def problem(code: str, location: Location | None = None, **context: object) -> Problem:
    """Render catalog entry `code` (or the variant of :data:`VARIANTS` so named, under its
    rule's code) for `location` with `context` filled into its text."""
    rule = CATALOG[code] if code in CATALOG else VARIANTS[code]
    ctx = _Default({k: str(v) for k, v in context.items()})
    return Problem(
        code=rule.code,
        location=location or Location(),
        message=rule.rule.format_map(ctx),
        fix=rule.fix.format_map(ctx),
        severity=rule.severity,
        context=dict(ctx),
    )


# What a reader library says when a file is damaged (in English) → what a user reads.
_REASONS = (
    (("password", "encrypt"), "berkas terenkripsi"),
    (("cannot detect file format", "unsupported", "unknown format", "not supported"),
     "format berkas tidak dikenali"),
    (("zip", "crc", "central directory", "compression", "inflate", "deflate", "lzma", "bz2",
      "truncated", "eof", "unexpected end"), "arsip ZIP di dalam berkas rusak atau terpotong"),
    (("xml", "entity", "tag", "attribute", "utf", "decode", "encoding"),
     "isi XML berkas tidak sah"),
    (("cfb", "ole", "biff", "record", "sector", "vba"), "struktur berkas Excel lama (.xls) rusak"),
)


def technical_reason(exc: BaseException) -> str:
    """A reader's exception as a short Indonesian reason for F204 (the original text goes to
    the log, not to the user): ``BadZipFile('File is not a zip file')`` → ``arsip ZIP di
    dalam berkas rusak atau terpotong``."""
    text = f"{type(exc).__name__} {exc}".casefold()
    for words, reason in _REASONS:
        if any(word in text for word in words):
            return reason
    return "isi berkas tidak dapat dibaca"


class ProblemsError(Exception):
    """Raised by readers and loaders: carries every problem found, not just the first.

    `names`: the badan publik the refused file names where that could still be read (a
    workbook's Identitas sheet), so a report can say whose file it was."""

    def __init__(self, problems: list[Problem], names: tuple[str, ...] = ()) -> None:
        self.problems = problems
        self.names = names
        super().__init__("\n".join(str(p) for p in problems))
