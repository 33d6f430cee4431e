"""No command shows a user a Python traceback.

Bad input to every command (missing file, a folder where a file is expected, an output
that cannot be written, a database URL that cannot be opened, a corrupt backup, an unknown
cycle) is a usage error: exit status 2 and one message saying what to fix. Anything the
program did not foresee is an internal error: exit status 3, one line naming the command
and the exception type, the traceback in the log file (and on stderr only with
MONEV_DEBUG=1). Ctrl+C exits with 130 and a short message. argparse's own messages (usage,
help, a missing or unknown argument) are in Indonesian too.
"""

from __future__ import annotations

import argparse
import ast
import io
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from monev.cli import build_parser, main
from monev.cli.base import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE
from monev.cli.parsing import ARGPARSE_ID, argparse_in_indonesian

ROOT = Path(__file__).resolve().parents[2]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = main(list(argv), out, err, io.StringIO(""))
    except SystemExit as exc:  # argparse
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def program(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`python -m monev …` as a user runs it."""
    return subprocess.run([sys.executable, "-m", "monev", *argv], cwd=ROOT,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with one open cycle (id 1) and one published cycle (id 2), and files."""
    root = tmp_path_factory.mktemp("cli-errors")
    url = f"sqlite:///{root / 'monev.db'}"
    for title in ("Terbuka", "Ditetapkan"):
        code, _, err = run("cycle", "create", "--methodology", "nasional-2025", "--ki",
                             "KI Uji", "--year", "2025", "--title", title, "--database", url)
        assert code == 0, err
    code, _, err = run("cycle", "publish", "--cycle", "2", "--database", url)
    assert code == 0, err
    (root / "a-file").write_text("bukan folder", encoding="utf-8")
    (root / "not-a-db.db").write_text("bukan basis data", encoding="utf-8")
    (root / "broken.zip").write_bytes(b"PK\x03\x04 terpotong")
    (root / "folder").mkdir()
    return root


def db(workdir: Path) -> list[str]:
    return ["--database", f"sqlite:///{workdir / 'monev.db'}"]


# -- usage errors: exit 2 and a message saying what to fix ------------------------------------

USAGE_CASES = {
    # headless commands
    "template into a folder": (["template", "--methodology", "nasional-2025", "--category",
                                 "opd", "-o", "{w}/folder"], "Tidak dapat menulis"),
    "template under a file": (["template", "--methodology", "nasional-2025", "--category",
                               "opd", "-o", "{w}/a-file/kuesioner.xlsx"],
                              "Tidak dapat menulis"),
    "score a missing file": (["score", "{w}/tidak-ada.xlsx"], "Berkas tidak ditemukan"),
    "rank a missing file": (["rank", "{w}/tidak-ada.csv", "--methodology", "nasional-2025"],
                            "Berkas tidak ditemukan"),
    "rank a folder": (["rank", "{w}/folder", "--methodology", "nasional-2025"],
                      "adalah folder, bukan berkas"),
    "rank with an unknown methodology": (["rank", "{w}/a-file", "--methodology", "x"],
                                         "Metodologi 'x' tidak dikenal"),
    # databases that cannot be opened
    "database under a file": (["cycle", "list", "--database", "sqlite:///{w}/a-file/x.db"],
                              "basis data tidak dapat dipakai"),
    "database that is not one": (["users", "list", "--database",
                                  "sqlite:///{w}/not-a-db.db"],
                                 "basis data tidak dapat dipakai (file is not a database)"),
    "database URL that does not parse": (["users", "list", "--database", "bukan-url"],
                                         "basis data tidak dapat dipakai"),
    "database URL with a bad port": (["users", "list", "--database",
                                      "postgresql://u:p@[::1"],
                                     "basis data tidak dapat dipakai"),
    "database of an unsupported kind": (["users", "list", "--database", "mysql://u@h/monev"],
                                        "tidak didukung"),
    # unknown cycle
    "results of an unknown cycle": (["results", "--cycle", "99", "@db"],
                                    "Siklus monev dengan id 99 tidak ditemukan"),
    "import into an unknown cycle": (["import", "{w}/broken.zip", "--cycle", "99", "@db"],
                                     "Siklus monev dengan id 99 tidak ditemukan"),
    "publish an unknown cycle": (["cycle", "publish", "--cycle", "99", "@db"],
                                 "Siklus monev dengan id 99 tidak ditemukan"),
    "lock a stage of an unknown cycle": (["cycle", "lock", "--cycle", "99", "--stage", "saq",
                                          "@db"], "Siklus monev dengan id 99 tidak ditemukan"),
    "backup an unknown cycle": (["backup", "--cycle", "99", "-o", "{w}/b.zip", "@db"],
                                "Siklus monev dengan id 99 tidak ditemukan"),
    "export an unknown cycle": (["export", "ranking", "--cycle", "99", "-o", "{w}/r.xlsx",
                                 "@db"], "Siklus monev dengan id 99 tidak ditemukan"),
    # files and folders
    "import a missing file": (["import", "{w}/tidak-ada.xlsx", "--cycle", "1", "@db"],
                              "Berkas tidak ditemukan"),
    "cycle from a methodology folder": (["cycle", "create", "--methodology-file",
                                         "{w}/folder", "--ki", "KI", "--year", "2025", "@db"],
                                        "adalah folder, bukan berkas metodologi"),
    "restore a corrupt backup": (["restore", "{w}/broken.zip", "@db"],
                                 "bukan cadangan monev-kip yang utuh"),
    "restore a folder": (["restore", "{w}/folder", "@db"], "adalah folder, bukan berkas"),
    "restore a missing file": (["restore", "{w}/tidak-ada.zip", "@db"],
                               "tidak ditemukan"),
    "backup into a folder": (["backup", "--cycle", "1", "-o", "{w}/folder", "@db"],
                             "tidak dapat ditulis"),
    "ranking workbook into a folder": (["export", "ranking", "--cycle", "1", "-o",
                                        "{w}/folder", "@db"],
                                       "Tidak dapat menulis {w}/folder"),
    "ranking PDF under a file": (["export", "ranking-pdf", "--cycle", "1", "-o",
                                  "{w}/a-file/x.pdf", "@db"], "Tidak dapat menulis"),
    "report cards into a folder": (["export", "report-cards", "--cycle", "1", "-o",
                                    "{w}/folder", "@db"], "bukan folder"),
    "open data onto a file": (["export", "open-data", "--cycle", "2", "-o", "{w}/a-file",
                               "@db"], "Tidak dapat menulis data terbuka ke folder"),
    "a date that is not one": (["cycle", "deadline", "--cycle", "1", "--stage", "saq",
                                "--date", "31-07-2025", "@db"], "gunakan format YYYY-MM-DD"),
}


@pytest.mark.parametrize("case", list(USAGE_CASES))
def test_bad_input_is_a_usage_error_with_a_message(case: str, workdir: Path):
    argv, expected = USAGE_CASES[case]
    args: list[str] = []
    for arg in argv:
        args.extend(db(workdir) if arg == "@db" else [arg.replace("{w}", str(workdir))])
    code, _, err = run(*args)
    assert code == EXIT_USAGE, err
    assert err.startswith("Galat: ")
    assert expected.replace("{w}", str(workdir)) in err
    assert "Traceback" not in err


def test_database_written_by_a_newer_version(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'baru.db'}"
    assert run("cycle", "list", "--database", url)[0] == 0
    with sqlite3.connect(tmp_path / "baru.db") as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    code, _, err = run("cycle", "list", "--database", url)
    assert code == EXIT_USAGE
    assert "skema basis data tidak dikenal oleh versi monev-kip ini" in err
    assert "'9999'" in err


# -- internal errors: exit 3, one line, the traceback in the log ------------------------------


@pytest.fixture
def damaged(tmp_path: Path) -> str:
    """A database whose cycle's frozen methodology was overwritten by hand with junk."""
    url = f"sqlite:///{tmp_path / 'rusak.db'}"
    code, _, err = run("cycle", "create", "--methodology", "nasional-2025", "--ki", "KI",
                       "--year", "2025", "--database", url)
    assert code == 0, err
    with sqlite3.connect(tmp_path / "rusak.db") as connection:
        connection.execute("UPDATE cycles SET methodology = 'bukan json'")
    return url


def test_an_unforeseen_failure_is_one_line_and_the_traceback_goes_to_the_log(
        damaged: str, tmp_path: Path):
    log_file = tmp_path / "log" / "monev.log"
    result = program("results", "--cycle", "1", "--database", damaged,
                     env={"MONEV_LOG_FILE": str(log_file), "MONEV_DEBUG": ""})
    assert result.returncode == EXIT_INTERNAL
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Galat internal: perintah 'results' gagal")
    assert "JSONDecodeError" in lines[0]  # the exception type
    assert f"tercatat di {log_file}" in lines[0]
    assert "MONEV_DEBUG=1" in lines[0]
    logged = log_file.read_text(encoding="utf-8")
    assert "python -m monev results gagal" in logged
    assert "Traceback (most recent call last)" in logged


def test_monev_debug_shows_the_traceback(damaged: str, tmp_path: Path):
    result = program("results", "--cycle", "1", "--database", damaged,
                     env={"MONEV_LOG_FILE": str(tmp_path / "monev.log"), "MONEV_DEBUG": "1"})
    assert result.returncode == EXIT_INTERNAL
    assert "Traceback (most recent call last)" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("Galat internal:")


def test_an_unwritable_log_is_said_so_not_a_traceback(damaged: str, tmp_path: Path):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    result = program("results", "--cycle", "1", "--database", damaged,
                     env={"MONEV_LOG_FILE": str(tmp_path / "a-file" / "monev.log"),
                          "MONEV_DEBUG": ""})
    assert result.returncode == EXIT_INTERNAL
    assert "Traceback" not in result.stderr
    assert "rinciannya tidak dapat dicatat ke berkas log" in result.stderr


def default_ctrl_c() -> None:
    """In the child before it runs: Ctrl+C as a shell leaves it (the test process may
    ignore SIGINT after other tests, and an ignored SIGINT is inherited)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def waiting_for_stdin(pid: int, timeout: float = 60) -> None:
    """Wait until the process blocks reading its stdin (Linux: its current system call is
    read(0, …)), however slow a busy machine makes its start; elsewhere, wait 2 s."""
    syscall = Path(f"/proc/{pid}/syscall")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            current = syscall.read_text()
        except OSError:  # no /proc (or not readable): the old fixed wait
            time.sleep(2)
            return
        if current.split()[:2] in (["0", "0x0"], ["63", "0x0"]):  # read(0, …): x86-64, arm64
            return
        time.sleep(0.05)
    raise AssertionError("the program never came to read its stdin")


def test_ctrl_c_exits_130_with_a_short_message(tmp_path: Path):
    # `users add --password-stdin` waits for the password on stdin: interrupt it there.
    process = subprocess.Popen(
        [sys.executable, "-m", "monev", "users", "add", "budi", "--role", "evaluator",
         "--password-stdin", "--database", f"sqlite:///{tmp_path / 'x.db'}"],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, preexec_fn=default_ctrl_c)
    try:
        waiting_for_stdin(process.pid)
        process.send_signal(signal.SIGINT)
        # stdin stays open until it has ended: closing it (as communicate() does) could hand
        # a slow process an end of input before its Ctrl+C is handled
        process.wait(timeout=30)
        err = process.stderr.read() if process.stderr else ""
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == EXIT_INTERRUPTED
    assert "Dihentikan oleh pengguna (Ctrl+C)" in err
    assert "Traceback" not in err
    assert not (tmp_path / "x.db").exists()  # interrupted before anything was written


# -- argparse speaks Indonesian ----------------------------------------------------------------

# What argparse says in English (any of these in the output is an untranslated message).
ENGLISH = ("usage:", "error:", "the following arguments are required", "unrecognized",
           "invalid choice", "choose from", "expected one argument", "expected at least",
           "argument ", "not allowed with", "ignored explicit", "ambiguous option",
           "invalid int value", "positional arguments", "options:", "show this help",
           "subcommands")

ARGPARSE_CASES = {
    "no command": ([], "argumen berikut wajib diisi: PERINTAH"),
    "unknown command": (["nilai"], "argumen PERINTAH: pilihan tidak sah: 'nilai' (pilih "
                                   "salah satu dari 'methodologies', 'template'"),
    "a required option missing": (["template", "--category", "opd", "-o", "t.xlsx"],
                                  "argumen berikut wajib diisi: --methodology"),
    "required options missing": (["template"], "argumen berikut wajib diisi: --methodology, "
                                               "--category, -o/--output"),
    "a required path missing": (["score"], "argumen berikut wajib diisi: PATH"),
    "an unknown option": (["methodologies", "--warna", "merah"],
                          "argumen tidak dikenal: --warna merah"),
    "an invalid format": (["score", "x.xlsx", "--format", "xml"],
                          "argumen --format: pilihan tidak sah: 'xml' (pilih salah satu dari "
                          "'table', 'csv', 'json')"),
    "an option without its value": (["rank", "nilai.csv", "--methodology"],
                                     "argumen --methodology: harus diikuti satu nilai"),
    "a cycle id that is not a number": (["results", "--cycle", "satu"],
                                        "argumen --cycle: 'satu' bukan bilangan bulat yang sah"),
    "a storage command without its action": (["cycle"], "argumen berikut wajib diisi: AKSI"),
    "an unknown action": (["users", "hapus"], "argumen AKSI: pilihan tidak sah: 'hapus'"),
    "an unknown role": (["users", "add", "budi", "--role", "raja"],
                        "argumen --role: pilihan tidak sah: 'raja'"),
    "two exclusive options": (["users", "add", "budi", "--role", "evaluator", "--password",
                               "Rahasia-Uji-2025!", "--password-stdin"],
                              "argumen --password-stdin: tidak boleh dipakai bersama argumen "
                              "--password"),
    "a value for a flag": (["users", "add", "budi", "--role", "evaluator",
                            "--password-stdin=ya"],
                           "argumen --password-stdin: tidak menerima nilai, tetapi diberi "
                           "'ya'"),
    "an unknown export": (["export", "semua", "--cycle", "1", "-o", "x"],
                          "pilihan tidak sah: 'semua'"),
}


@pytest.mark.parametrize("case", list(ARGPARSE_CASES))
def test_argparse_messages_are_indonesian(case: str) -> None:
    argv, expected = ARGPARSE_CASES[case]
    result = program(*argv)
    assert result.returncode == EXIT_USAGE, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("penggunaan: python -m monev")
    assert lines[-1].startswith("python -m monev")
    assert ": galat: " in lines[-1]
    assert expected in lines[-1]
    for phrase in ENGLISH:
        assert phrase not in result.stderr, phrase
    assert "Traceback" not in result.stderr


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """`parser` and every sub-command's parser under it."""
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                found += _parsers(sub)
    return found


def test_every_help_is_indonesian() -> None:
    parsers = _parsers(build_parser())
    assert len(parsers) > 20  # the root, 12 commands, users' and cycle's actions
    for parser in parsers:
        text = parser.format_help()
        assert text.startswith(f"penggunaan: {parser.prog}"), text
        assert "tampilkan bantuan ini lalu keluar" in text
        for phrase in ENGLISH:
            assert phrase not in text, (parser.prog, phrase)
    result = program("cycle", "create", "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("penggunaan: python -m monev cycle create")
    assert "\nopsi:\n" in result.stdout
    for phrase in ENGLISH:
        assert phrase not in result.stdout, phrase
    text = program("score", "-h").stdout
    assert "\nargumen posisi:\n" in text


def _argparse_msgids() -> set[str]:
    """Every text the running Python's argparse passes through gettext."""
    tree = ast.parse(Path(argparse.__file__).read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "ngettext")):
            continue
        args = node.args[:2] if node.func.id == "ngettext" else node.args[:1]
        for arg in args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.add(arg.value)
            elif isinstance(arg, ast.Call):  # _(kwargs.pop('title', 'subcommands'))
                found |= {a.value for a in arg.args[1:]
                          if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    return found


def test_the_catalog_translates_every_argparse_message() -> None:
    msgids = _argparse_msgids()
    assert {"usage: ", "options", "the following arguments are required: %s"} <= msgids
    assert msgids <= set(ARGPARSE_ID), sorted(msgids - set(ARGPARSE_ID))
    placeholder = re.compile(r"%(?:\(\w+\))?[sr]")
    for msgid, text in ARGPARSE_ID.items():
        assert sorted(placeholder.findall(text)) == sorted(placeholder.findall(msgid)), msgid


def test_other_parsers_keep_their_own_language(capsys: pytest.CaptureFixture[str]) -> None:
    """The translation is bound only while this program's parsers work."""
    with pytest.raises(SystemExit):
        main(["template"])
    assert "argumen berikut wajib diisi" in capsys.readouterr().err
    other = argparse.ArgumentParser(prog="lain")
    assert other.format_usage().startswith("usage: lain")
    assert "show this help message and exit" in other.format_help()
    with argparse_in_indonesian():
        assert argparse.ArgumentParser(prog="x").format_usage().startswith("penggunaan: x")
    assert argparse.ArgumentParser(prog="x").format_usage().startswith("usage: x")
