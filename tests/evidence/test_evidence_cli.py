"""``python -m monev evidence add|list|get`` in process, on an SQLite file: files attached,
refused with the catalog's reason (exit 1), listed as a table or JSON, saved back."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from evidence_samples import pdf_bytes

from monev.cli import main
from questionnaires.loader import Registry
from storage.db import Database
from tests.monev.test_evaluation import World, _fast_hashing, make_world  # noqa: F401


@pytest.fixture
def world(tmp_path: Path, mini_registry: Registry, folder_store: Path):
    db = Database(f"sqlite:///{tmp_path / 'monev.db'}")
    yield make_world(db, mini_registry)
    db.dispose()


def cli(w: World, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--database", w.db.url, *argv], out, err)
    return code, out.getvalue(), err.getvalue()


def test_add_list_get(world: World, tmp_path: Path):
    w = world
    sk = tmp_path / "SK PPID.pdf"
    sk.write_bytes(pdf_bytes(3))
    add = ("evidence", "add", "--cycle", str(w.cycle_id), "--body", str(w.opd))
    code, out, err = cli(w, "--as", "ppid", *add, "--question", "1.1", str(sk))
    assert (code, err) == (0, "")
    assert out == ("SK PPID.pdf (2,3 kB, 3 halaman) dilampirkan pada pertanyaan 1.1 Dinas "
                   "Kominfo: id 1, disimpan.\n")
    code, out, _ = cli(w, *add, "--question", "1.1", str(sk))
    assert code == 0
    assert "sudah terlampir pada pertanyaan 1.1 Dinas Kominfo (id 1); tidak ada yang" in out
    code, out, _ = cli(w, *add, "--question", "2.1", str(sk))
    assert "id 2, isinya sudah tersimpan, tidak disimpan dua kali." in out

    code, out, _ = cli(w, "evidence", "list", "--cycle", str(w.cycle_id))
    assert code == 0
    header, _, first, _ = out.splitlines()
    assert header.split() == ["ID", "Badan", "publik", "Pertanyaan", "Berkas", "Ukuran",
                              "Halaman", "Keperluan", "Diunggah", "(WIB)", "Oleh"]
    assert "SK PPID.pdf" in first
    assert "2,3 kB" in first
    assert "Data dukung jawaban" in first
    assert first.rstrip().endswith("WIB  PPID")
    code, out, _ = cli(w, "evidence", "list", "--cycle", str(w.cycle_id), "--format", "json",
                       "--question", "2.1")
    [record] = json.loads(out)
    assert {k: record[k] for k in ("id", "badan_publik", "pertanyaan", "berkas", "halaman",
                                   "keperluan", "diunggah_oleh")} == {
        "id": 2, "badan_publik": "Dinas Kominfo", "pertanyaan": "2.1", "berkas": "SK PPID.pdf",
        "halaman": 3, "keperluan": "answer", "diunggah_oleh": "Sistem"}
    assert record["diunggah_pada"].endswith("+07:00")  # WIB, as 'links check' writes times

    saved = tmp_path / "unduhan"
    saved.mkdir()
    code, out, _ = cli(w, "evidence", "get", "--file", "1", "-o", str(saved))
    assert code == 0
    assert (saved / "SK PPID.pdf").read_bytes() == sk.read_bytes()


def test_refusals(world: World, tmp_path: Path):
    w = world
    renamed = tmp_path / "DIP.pdf"
    renamed.write_text("Daftar informasi publik\n" * 10, encoding="utf-8")
    add = ("evidence", "add", "--cycle", str(w.cycle_id), "--question", "1.1")
    code, out, err = cli(w, *add, "--body", str(w.opd), str(renamed))
    assert (code, out) == (1, "")
    assert err.startswith("Ditolak: [E601] DIP.pdf: Berkas bukan PDF atau gambar PNG/JPEG "
                          "menurut isinya (isinya teks biasa).")
    good = tmp_path / "sk.pdf"
    good.write_bytes(pdf_bytes(1))
    code, _, err = cli(w, "--as", "ppid", *add, "--body", str(w.desa), str(good))
    assert code == 1
    assert "di luar cakupan" in err
    code, _, err = cli(w, *add, "--body", str(w.opd), str(tmp_path / "tidak-ada.pdf"))
    assert code == 2
    assert "Berkas tidak ditemukan" in err
    code, _, err = cli(w, "evidence", "list", "--cycle", str(w.cycle_id))
    assert (code, err) == (0, "Belum ada berkas data dukung yang cocok pada siklus ini.\n")
