"""The database commands of the CLI, in process: users, cycle, import, results.

Exit codes: 0 done, 1 a file rejected or the request refused, 2 a usage error. These run
on SQLite only; the services under them are tested on both backends.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from monev.cli import main
from tests.conftest import FIXTURES

MINI = str(FIXTURES / "mini.yaml")


class Cli:
    def __init__(self, url: str) -> None:
        self.url = url

    def __call__(self, *argv: str, stdin: str = "") -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        try:
            code = main([*argv, "--database", self.url], out, err, io.StringIO(stdin))
        except SystemExit as exc:  # argparse: usage printed to sys.stderr
            code = int(exc.code or 0)
        return code, out.getvalue(), err.getvalue()


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(f"sqlite:///{tmp_path / 'x.db'}")


@pytest.fixture
def mini_cycle(cli: Cli) -> str:
    """A running cycle (opened at once) of the small methodology."""
    code, out, _ = cli("cycle", "create", "--methodology-file", MINI, "--ki", "KI Test",
                       "--year", "2025", "--open")
    assert code == 0, out
    assert out.startswith("Siklus 1 dibuat")
    return "1"


def add_user(cli: Cli, username: str, role: str, *extra: str) -> None:
    code, _, err = cli("users", "add", username, "--role", role, "--password-stdin",
                         *extra, stdin="Rahasia-Uji-2025!\n")
    assert code == 0, err


# -- users ----------------------------------------------------------------------------------


def test_users_role_password_logins_held_unlock(cli: Cli) -> None:
    """The account commands an admin on the server needs: change a role, reset a password
    (rules checked), read the login history, see and release a held username."""
    from monev.sessions import LoginRefused, log_in
    from storage.db import Database

    add_user(cli, "sari", "admin")
    add_user(cli, "budi", "evaluator")
    code, out, err = cli("users", "role", "budi", "--role", "pejabat", "--reason", "rotasi",
                         "--as", "sari")
    assert (code, out.strip()) == (0, "Peran akun 'budi' kini Pejabat."), err
    code, _, err = cli("users", "password", "budi", "--password-stdin", "--as", "sari",
                       stdin="password123\n")
    assert code == 2
    assert "terlalu mudah ditebak" in err
    code, out, err = cli("users", "password", "budi", "--password-stdin", "--as", "sari",
                         stdin="Teh-Hangat-Pagi-Hari-5\n")
    assert code == 0, err

    db = Database(cli.url)
    try:
        for _ in range(5):
            with pytest.raises(LoginRefused):
                log_in(db, "budi", "salah-lagi", sleep=lambda _: None)
    finally:
        db.dispose()
    code, out, _ = cli("users", "held", "--as", "sari")
    assert code == 0
    assert "budi" in out.splitlines()[2]
    code, out, _ = cli("users", "logins", "--username", "budi", "--format", "json",
                       "--as", "sari")
    kinds = [e["kind"] for e in json.loads(out)]
    assert kinds[0] == "account.locked"
    assert kinds.count("login.failed") == 5
    assert "password.reset" in kinds
    code, out, _ = cli("users", "unlock", "budi", "--reason", "sudah dicek", "--as", "sari")
    assert (code, out.strip()) == (0, "Penahanan 'budi' dibuka.")
    code, out, _ = cli("users", "held", "--as", "sari")
    assert len(out.splitlines()) == 2  # the header only
    code, _, err = cli("users", "unlock", "budi", "--as", "sari")  # not held any more
    assert code != 0
    assert "tidak sedang ditahan" in err
    code, out, _ = cli("users", "logins", "--username", "budi", "--as", "sari")
    assert out.splitlines()[0].split()[:3] == ["Waktu", "(WIB)", "Kejadian"]
    code, _, err = cli("users", "logins", "--as", "budi")  # a pejabat may not
    assert code == 1
    assert err.startswith("Ditolak: ")


def test_users_add_list_disable(cli: Cli) -> None:
    code, out, err = cli("users", "add", "budi", "--role", "evaluator", "--name",
                         "Budi Santoso", "--password-stdin", stdin="Rahasia-Uji-2025!\n")
    assert code == 0, err
    assert "Akun 'budi' (Budi Santoso) ditambahkan sebagai Evaluator" in out
    add_user(cli, "sari", "admin")

    code, out, _ = cli("users", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Pengguna", "Nama", "Peran", "Status", "Dibuat", "Cakupan"]
    assert lines[2].startswith("budi")
    assert "Budi Santoso" in lines[2]
    assert "Aktif" in lines[2]
    assert "argon2" not in out

    code, out, _ = cli("users", "list", "--format", "json")
    users = json.loads(out)
    assert [u["username"] for u in users] == ["budi", "sari"]
    assert users[0]["role"] == "evaluator"
    assert users[0]["active"] is True
    assert all("password" not in key for u in users for key in u)

    code, out, _ = cli("users", "disable", "budi", "--reason", "pindah tugas")
    assert code == 0
    assert "dinonaktifkan" in out
    _, out, _ = cli("users", "list", "--format", "json")
    assert json.loads(out)[0]["active"] is False
    # A disabled account cannot act.
    code, _, err = cli("--as", "budi", "cycle", "list")
    assert code == 1
    assert "dinonaktifkan" in err


def test_users_add_with_password_option_and_scope(cli: Cli, mini_cycle: str,
                                                  filled: Callable[..., Path]) -> None:
    cli("import", str(filled(badan_publik="Dinas Kominfo")), "--cycle", mini_cycle)
    code, out, err = cli("users", "add", "koor", "--role", "koordinator", "--password",
                         "Rahasia-Uji-2025!", "--scope", "1")
    assert code == 0, err
    assert "cakupan: Dinas Kominfo" in out
    _, out, _ = cli("users", "list", "--format", "json")
    assert json.loads(out)[0]["scope"] == ["Dinas Kominfo"]


@pytest.mark.parametrize(("argv", "stdin", "message"), [
    (["--password-stdin"], "pendek\n", "terlalu pendek"),
    ([], "", "Kata sandi wajib"),
    (["--password-stdin", "--scope", "a,b"], "Rahasia-Uji-2025!\n", "--scope"),
    (["--password-stdin", "--scope", "7"], "Rahasia-Uji-2025!\n", "tidak ditemukan"),
])
def test_users_add_usage_errors(cli: Cli, argv: list[str], stdin: str, message: str) -> None:
    code, _, err = cli("users", "add", "koor", "--role", "koordinator", *argv, stdin=stdin)
    assert code == 2
    assert message in err


def test_users_duplicate_unknown_role_and_unknown_actor(cli: Cli) -> None:
    add_user(cli, "budi", "evaluator")
    code, _, err = cli("users", "add", "budi", "--role", "evaluator", "--password-stdin",
                       stdin="Rahasia-Uji-2025!\n")
    assert code == 2
    assert "sudah dipakai" in err
    code, _, _ = cli("users", "add", "x", "--role", "raja", "--password-stdin")
    assert code == 2
    code, _, err = cli("--as", "tidakada", "users", "list")
    assert code == 2
    assert "tidak ditemukan" in err


def test_roles_are_refused_with_exit_1(cli: Cli) -> None:
    add_user(cli, "budi", "evaluator")
    code, _, err = cli("--as", "budi", "users", "list")
    assert code == 1
    assert err.startswith("Ditolak: ")
    assert "mengelola pengguna" in err
    code, _, err = cli("users", "disable", "budi", "--as", "budi")
    assert code == 1


# -- cycles ---------------------------------------------------------------------------------


def test_cycle_create_and_list(cli: Cli) -> None:
    code, out, err = cli("cycle", "create", "--methodology", "nasional-2025", "--ki",
                         "KI Kabupaten X", "--year", "2025", "--title", "Monev 2025")
    assert code == 0, err
    assert out.startswith("Siklus 1 dibuat: Monev 2025 (metodologi nasional-2025")
    assert "disiapkan" in out
    assert "python -m monev cycle open 1" in out  # how to open it
    code, out, _ = cli("cycle", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["ID", "Tahun", "KI", "Judul"]
    assert "KI Kabupaten X" in lines[2]
    assert "Disiapkan" in lines[2]
    _, out, _ = cli("cycle", "list", "--format", "json")
    assert json.loads(out)[0]["status"] == "prepared"
    assert json.loads(out)[0]["opened_at"] is None
    code, out, err = cli("cycle", "open", "1")
    assert code == 0, err
    assert "Siklus 1 dibuka" in out
    _, out, _ = cli("cycle", "list")
    assert "Berjalan" in out.splitlines()[2]
    code, _, err = cli("cycle", "open", "--cycle", "1")  # once is enough
    assert code == 2
    assert "sudah dibuka" in err
    _, out, _ = cli("cycle", "list", "--format", "json")
    [cycle] = json.loads(out)
    assert cycle["methodology_id"] == "nasional-2025"
    assert cycle["status"] == "open"
    assert cycle["opened_at"] is not None
    assert cycle["stages"][0] == {"code": "saq", "name": cycle["stages"][0]["name"],
                                  "weight": cycle["stages"][0]["weight"], "deadline": None,
                                  "locked": False}


def test_cycle_create_errors(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli("cycle", "create", "--methodology", "entah", "--ki", "KI X",
                       "--year", "2025")
    assert code == 2
    assert "tidak dikenal" in err
    code, _, err = cli("cycle", "create", "--ki", "KI X", "--year", "2025")
    assert code == 2  # neither --methodology nor --methodology-file
    bad = tmp_path / "rusak.yaml"
    bad.write_text("id: [\n", encoding="utf-8")
    code, _, err = cli("cycle", "create", "--methodology-file", str(bad), "--ki", "KI X",
                       "--year", "2025")
    assert code == 2
    assert "Metodologi tidak sah" in err
    assert "[M101]" in err
    cli("cycle", "create", "--methodology-file", MINI, "--ki", "KI X", "--year", "2025")
    code, _, err = cli("cycle", "create", "--methodology-file", MINI, "--ki", "KI X",
                       "--year", "2025")
    assert code == 2
    assert "sudah ada" in err



@pytest.mark.parametrize("url", ["postgresql://nobody@127.0.0.1:1/monev", "bogus://x"])
def test_unusable_database_is_a_usage_error(url: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["--database", url, "cycle", "list"], out, err) == 2
    assert err.getvalue().startswith("Galat: basis data tidak dapat dipakai")


def test_cycle_lock_unlock_and_deadline(cli: Cli, mini_cycle: str) -> None:
    code, out, _ = cli("cycle", "lock", "--cycle", mini_cycle, "--stage", "saq")
    assert code == 0
    assert out.strip() == "Tahapan 'SAQ' siklus 1 dikunci."
    _, out, _ = cli("cycle", "list")
    assert "saq (terkunci)" in out
    code, _, err = cli("cycle", "unlock", "--cycle", mini_cycle, "--stage", "saq")
    assert code == 2  # a reason is required
    code, out, _ = cli("cycle", "unlock", "--cycle", mini_cycle, "--stage", "saq",
                       "--reason", "perpanjangan")
    assert code == 0
    assert "dibuka kuncinya" in out
    code, out, _ = cli("cycle", "deadline", "--cycle", mini_cycle, "--stage", "saq",
                       "--date", "2025-07-31")
    assert code == 0
    assert "2025-07-31" in out
    _, out, _ = cli("cycle", "list", "--format", "json")
    assert json.loads(out)[0]["stages"][0]["deadline"] == "2025-07-31"
    code, _, err = cli("cycle", "deadline", "--cycle", mini_cycle, "--stage", "saq",
                       "--date", "31/07/2025")
    assert code == 2
    assert "YYYY-MM-DD" in err
    code, _, err = cli("cycle", "lock", "--cycle", mini_cycle, "--stage", "entah")
    assert code == 2
    assert "tidak ada dalam siklus" in err
    code, _, err = cli("cycle", "lock", "--cycle", "9", "--stage", "saq")
    assert code == 2
    assert "tidak ditemukan" in err


def test_cycle_publish_and_reopen(cli: Cli, mini_cycle: str,
                                  filled: Callable[..., Path]) -> None:
    cli("import", str(filled()), "--cycle", mini_cycle)
    add_user(cli, "eva", "evaluator")
    code, _, err = cli("--as", "eva", "cycle", "publish", "--cycle", mini_cycle)
    assert code == 1
    assert "menetapkan" in err
    code, out, err = cli("cycle", "publish", "--cycle", mini_cycle)
    assert code == 0, err
    assert "ditetapkan (penetapan ke-1): 1 badan publik" in out
    _, out, _ = cli("cycle", "list", "--format", "json")
    assert json.loads(out)[0]["status"] == "published"
    # Published: uploads are refused until reopened.
    code, out, _ = cli("import", str(filled("v2.xlsx", answers={"1.1": "Tidak"})),
                       "--cycle", mini_cycle)
    assert code == 1
    assert "sudah ditetapkan" in out
    code, _, err = cli("cycle", "reopen", "--cycle", mini_cycle)
    assert code == 2  # --reason is required
    code, out, err = cli("cycle", "reopen", "--cycle", mini_cycle, "--reason",
                         "salah hitung")
    assert code == 0, err
    assert "dibuka kembali" in out
    assert "salah hitung" in out
    code, _, _ = cli("import", str(filled("v2.xlsx", answers={"1.1": "Tidak"})),
                     "--cycle", mini_cycle)
    assert code == 0


# -- import ---------------------------------------------------------------------------------


def test_import_prints_each_file_and_exits_1_on_rejection(
        cli: Cli, mini_cycle: str, filled: Callable[..., Path]) -> None:
    a = filled("a.xlsx", badan_publik="Dinas A")
    b = filled("b.xlsx", badan_publik="Dinas B", answers={"1.1": "Mungkin"})
    code, out, err = cli("import", str(a), str(b), "--cycle", mini_cycle)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].split() == ["Berkas", "Badan", "Publik", "Status", "Versi", "Keterangan"]
    assert lines[2].split()[:4] == ["a.xlsx", "Dinas", "A", "Diterima"]
    assert "badan publik baru didaftarkan" in lines[2]
    assert lines[3].split()[:4] == ["b.xlsx", "Dinas", "B", "Ditolak"]  # named by Identitas
    assert "[D303] Kuesioner!E" in lines[3]
    assert ("2 berkas: 1 diterima, 0 tidak berubah, 1 ditolak; 1 versi kuesioner baru "
            "disimpan ke siklus 1.") in out
    assert "ditolak tidak disimpan" in err

    code, out, _ = cli("import", str(a), "--cycle", mini_cycle)
    assert code == 0
    assert "Tidak berubah" in out
    assert "sama dengan unggahan sebelumnya; tidak ada yang berubah" in out

    code, out, _ = cli("import", str(filled("a2.xlsx", badan_publik="Dinas A",
                                            answers={"1.1": "Tidak"})), "--cycle", mini_cycle)
    assert code == 0
    assert out.splitlines()[2].split()[:5] == ["a2.xlsx", "Dinas", "A", "Diterima", "2"]


def test_import_options_before_the_command(cli: Cli, mini_cycle: str,
                                            filled: Callable[..., Path]) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--database", cli.url, "import", str(filled()), "--cycle", mini_cycle],
                out, err)
    assert code == 0, err.getvalue()
    assert "Diterima" in out.getvalue()


def test_import_refusals(cli: Cli, mini_cycle: str, filled: Callable[..., Path],
                         tmp_path: Path) -> None:
    code, _, err = cli("import", str(tmp_path / "tidakada.xlsx"), "--cycle", mini_cycle)
    assert code == 2
    assert "tidak ditemukan" in err
    code, _, err = cli("import", str(filled()), "--cycle", "9")
    assert code == 2
    add_user(cli, "eva", "evaluator")
    code, _, err = cli("--as", "eva", "import", str(filled()), "--cycle", mini_cycle)
    assert code == 1
    assert "mengunggah kuesioner" in err
    add_user(cli, "koor", "koordinator")
    code, out, _ = cli("--as", "koor", "import", str(filled()), "--cycle", mini_cycle)
    assert code == 1
    assert "[S501]" in out
    assert "belum terdaftar" in out
    cli("cycle", "lock", "--cycle", mini_cycle, "--stage", "saq")
    code, out, _ = cli("import", str(filled()), "--cycle", mini_cycle)
    assert code == 1
    assert "[S503]" in out
    assert "dikunci" in out


# -- results --------------------------------------------------------------------------------


def test_results_in_every_format(cli: Cli, mini_cycle: str,
                                 filled: Callable[..., Path]) -> None:
    cli("import", str(filled("a.xlsx", badan_publik="Dinas A")),
        str(filled("b.xlsx", badan_publik="Dinas B", answers={"1.1": "Ya"})),
        "--cycle", mini_cycle)
    code, out, err = cli("results", "--cycle", mini_cycle)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["Badan", "Publik", "Kategori", "A", "B", "K", "SAQ",
                                "Presentasi", "Nilai", "Akhir", "Predikat", "Peringkat",
                                "Status"]
    assert lines[2].startswith("Dinas A")
    assert lines[2].endswith("Mengisi SAQ")

    _, out, _ = cli("results", "--cycle", mini_cycle, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["badan_publik", "kategori", "indikator_A", "indikator_B",
                             "indikator_K", "saq", "tahapan_panel", "nilai_akhir",
                             "predikat", "peringkat", "status"]
    assert [(r["badan_publik"], r["peringkat"], r["status"]) for r in rows] == [
        ("Dinas A", "1", "submitted"), ("Dinas B", "2", "submitted")]

    _, out, _ = cli("results", "--cycle", mini_cycle, "--format", "json")
    records = json.loads(out)
    assert records[0]["badan_publik"] == "Dinas A"
    assert records[0]["status"] == "submitted"
    assert isinstance(records[0]["nilai_akhir"], float)
    assert set(records[0]) == {"badan_publik", "kategori", "indikator", "saq", "tahapan",
                               "nilai_akhir", "predikat", "peringkat", "status"}
    assert records[0]["tahapan"] == {"panel": None}  # no juror has scored it yet


def test_results_late_status_and_empty_cycle(cli: Cli, mini_cycle: str,
                                             filled: Callable[..., Path]) -> None:
    code, out, err = cli("results", "--cycle", mini_cycle, "--format", "csv")
    assert code == 0
    assert out.strip().endswith("peringkat,status")
    assert "Belum ada badan publik" in err
    cli("cycle", "deadline", "--cycle", mini_cycle, "--stage", "saq", "--date",
        "2000-01-01")
    cli("import", str(filled()), "--cycle", mini_cycle)
    _, out, _ = cli("results", "--cycle", mini_cycle)
    assert out.splitlines()[2].endswith("Terlambat")


def test_results_refusals(cli: Cli, mini_cycle: str, filled: Callable[..., Path]) -> None:
    cli("import", str(filled()), "--cycle", mini_cycle)
    add_user(cli, "koor", "koordinator", "--scope", "1")
    code, _, err = cli("--as", "koor", "results", "--cycle", mini_cycle)
    assert code == 1
    assert "belum ditetapkan" in err
    cli("cycle", "publish", "--cycle", mini_cycle)
    code, out, _ = cli("--as", "koor", "results", "--cycle", mini_cycle)
    assert code == 0
    assert "Dinas Kominfo" in out
    code, _, err = cli("results", "--cycle", "9")
    assert code == 2
    assert "tidak ditemukan" in err


def test_import_of_a_table_prints_one_row_per_body(cli: Cli, mini_cycle: str,
                                                   tmp_path: Path) -> None:
    path = tmp_path / "rekap.csv"
    path.write_text("Nama Badan Publik;Kategori;1.1;1.2;2.1;2.2\n"
                    "Dinas Kesehatan;opd;Ya;a;2;\n"
                    "Desa Sukamaju;desa;Tidak;b;;Ya\n", encoding="utf-8")
    code, out, _ = cli("import", str(path), "--cycle", mini_cycle)
    assert code == 0
    lines = out.splitlines()
    assert lines[2].split()[:5] == ["rekap.csv", "Dinas", "Kesehatan", "Diterima", "1"]
    assert "Peringatan: [W401]" in lines[2]
    assert lines[3].strip() == "badan publik baru didaftarkan"  # second line of row 1
    assert lines[4].split() == ["Desa", "Sukamaju", "Diterima", "1", "badan", "publik",
                                "baru", "didaftarkan"]
    assert "2 versi kuesioner baru" in out


def test_backup_and_restore_commands_round_trip(tmp_path):
    """`backup` then `restore` into another database gives the same results."""
    def run(url, *argv):
        out, err = io.StringIO(), io.StringIO()
        code = main(["--database", url, *argv], out, err)
        return code, out.getvalue(), err.getvalue()

    source = f"sqlite:///{tmp_path / 'asal.db'}"
    target = f"sqlite:///{tmp_path / 'tujuan.db'}"
    assert run(source, "cycle", "create", "--methodology", "nasional-2025", "--ki",
               "KI Contoh", "--year", "2025")[0] == 0
    from questionnaires.loader import presets
    from questionnaires.template import write_filled

    methodology = presets().get("nasional-2025")
    workbook = tmp_path / "dinas.xlsx"
    write_filled(methodology, "opd", workbook, badan_publik="Dinas Contoh",
                 answers={"1.8": "Ya", "2.1": "Ya"}, evidence={"1.8": "l", "2.1": "l"})
    assert run(source, "import", str(workbook), "--cycle", "1")[0] == 0
    archive = tmp_path / "cadangan.zip"
    code, out, _err = run(source, "backup", "--cycle", "1", "-o", str(archive))
    assert code == 0
    assert "dicadangkan" in out
    code, out, _err = run(target, "restore", str(archive))
    assert code == 0
    assert "dipulihkan sebagai siklus 1" in out
    assert run(source, "results", "--cycle", "1", "--format", "json")[1] == run(
        target, "results", "--cycle", "1", "--format", "json")[1]
    code, _out, err = run(target, "restore", str(archive))
    assert code == 2  # same title already there
    assert "--title" in err


def test_export_commands_write_the_reports(tmp_path):
    """`export ranking|report-cards|open-data` write files officials can open."""
    import zipfile

    import openpyxl

    def run(*argv):
        out, err = io.StringIO(), io.StringIO()
        return main(["--database", f"sqlite:///{tmp_path / 'x.db'}", *argv], out, err), \
            out.getvalue(), err.getvalue()

    from questionnaires.loader import presets
    from questionnaires.template import write_filled

    assert run("cycle", "create", "--methodology", "nasional-2025", "--ki", "KI Contoh",
               "--year", "2025")[0] == 0
    workbook = tmp_path / "dinas.xlsx"
    write_filled(presets().get("nasional-2025"), "opd", workbook, badan_publik="@Dinas Rumus",
                 answers={"1.8": "Ya"}, evidence={"1.8": "l"})
    assert run("import", str(workbook), "--cycle", "1")[0] == 0
    code, out, _ = run("export", "ranking", "--cycle", "1", "-o", str(tmp_path / "p.xlsx"))
    assert code == 0
    assert "1 badan publik" in out
    book = openpyxl.load_workbook(tmp_path / "p.xlsx")
    names = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert "@Dinas Rumus" in names  # stored as text, never as a formula
    assert run("export", "report-cards", "--cycle", "1", "-o", str(tmp_path / "r.zip"))[0] == 0
    assert len(zipfile.ZipFile(tmp_path / "r.zip").namelist()) == 1
    code, _, err = run("export", "open-data", "--cycle", "1", "-o", str(tmp_path / "od"))
    assert code == 2
    assert "belum ditetapkan" in err  # open data holds published results only
    assert run("cycle", "publish", "--cycle", "1")[0] == 0
    assert run("export", "open-data", "--cycle", "1", "-o", str(tmp_path / "od"))[0] == 0
    assert sorted(p.suffix for p in (tmp_path / "od").iterdir()) == [".csv", ".json"]
