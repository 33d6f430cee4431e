"""``python -m monev users add … --role badan_publik --body ID``: the account of a badan
publik's PPID, made by the server's shell (the admin), by a koordinator PPID for a body in
their scope, and refused without its one body or for a body outside the scope."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from monev.cli import main
from tests.conftest import FIXTURES

PASSWORD = "Rahasia-Uji-2025!\n"


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
def cli(tmp_path: Path, filled: Callable[..., Path]) -> Cli:
    """A running mini cycle with two bodies (1: Dinas Kominfo, 2: Dinas Kesehatan) and a
    koordinator PPID for the first."""
    cli = Cli(f"sqlite:///{tmp_path / 'x.db'}")
    code, out, _ = cli("cycle", "create", "--methodology-file", str(FIXTURES / "mini.yaml"),
                       "--ki", "KI Test", "--year", "2025", "--open")
    assert code == 0, out
    for name in ("Dinas Kominfo", "Dinas Kesehatan"):
        code, out, err = cli("import", str(filled(f"{name}.xlsx", badan_publik=name)),
                             "--cycle", "1")
        assert code == 0, out + err
    code, _, err = cli("users", "add", "koor", "--role", "koordinator", "--scope", "1",
                       "--password-stdin", stdin=PASSWORD)
    assert code == 0, err
    return cli


def test_the_admin_adds_the_ppid_account_of_one_body(cli: Cli) -> None:
    code, out, err = cli("users", "add", "ppid.kesehatan", "--role", "badan_publik",
                         "--body", "2", "--password-stdin", stdin=PASSWORD)
    assert code == 0, err
    assert out.strip() == ("Akun 'ppid.kesehatan' (PPID Dinas Kesehatan) ditambahkan sebagai "
                           "Badan publik (PPID); cakupan: Dinas Kesehatan.")
    _, out, _ = cli("users", "list", "--format", "json")
    [account] = [u for u in json.loads(out) if u["username"] == "ppid.kesehatan"]
    assert (account["role"], account["scope"]) == ("badan_publik", ["Dinas Kesehatan"])


def test_a_koordinator_adds_one_for_a_body_in_scope_only(cli: Cli) -> None:
    code, out, err = cli("users", "add", "ppid.kominfo", "--role", "badan_publik", "--body",
                         "1", "--name", "Sari (PPID Kominfo)", "--password-stdin",
                         "--as", "koor", stdin=PASSWORD)
    assert code == 0, err
    assert "Sari (PPID Kominfo)" in out
    code, _, err = cli("users", "add", "ppid.kesehatan", "--role", "badan_publik", "--body",
                       "2", "--password-stdin", "--as", "koor", stdin=PASSWORD)
    assert code == 1
    assert err.startswith("Ditolak: ")
    assert "di luar cakupan" in err
    # Other accounts stay the admin's.
    code, _, err = cli("users", "add", "eva", "--role", "evaluator", "--password-stdin",
                       "--as", "koor", stdin=PASSWORD)
    assert code == 1


@pytest.mark.parametrize(("argv", "message"), [
    (["--role", "badan_publik"], "--body ID"),
    (["--role", "badan_publik", "--body", "1", "--scope", "1,2"], "--body ID"),
    (["--role", "koordinator", "--body", "1"], "--body hanya untuk"),
    (["--role", "badan_publik", "--body", "9"], "tidak ditemukan"),
])
def test_usage_errors(cli: Cli, argv: list[str], message: str) -> None:
    code, _, err = cli("users", "add", "ppid", *argv, "--password-stdin", stdin=PASSWORD)
    assert code == 2
    assert message in err
