"""``python -m monev bodies list|add|set-website`` and ``python -m monev monitor --cycle ID
[--body ID] [--format table|csv|json]`` against fictional sites served locally: bodies
registered with e-mail and website from the command line, progress on stderr, one record
per body and item with badan_publik, item, found, url and checked_at, refusals in
Indonesian."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from monev.cli import main
from monev.cycles import create_cycle
from monev.permissions import SYSTEM
from storage.db import Database
from tests.monitoring.fictional_sites import complete_site
from tests.monitoring.site_server import Site, serving

KEYS = ["badan_publik", "item", "item_text", "status", "found", "url", "checked_at",
        "judul_halaman", "teks_tautan", "dokumen", "keterangan"]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, int, Site]]:
    monkeypatch.setenv("MONEV_LINK_CHECK_PRIVATE", "1")  # the sites are on 127.0.0.1
    url = f"sqlite:///{tmp_path / 'monev.db'}"
    db = Database(url)
    try:
        cycle = create_cycle(db, SYSTEM, methodology_id="nasional-2025", ki="KI Situs",
                             year=2026).id
    finally:
        db.dispose()
    site = complete_site("Kecamatan Sukamaju", laporan=False)
    with serving([site]):
        yield url, cycle, site


def test_bodies_are_added_listed_and_given_a_website(world: tuple[str, int, Site]) -> None:
    url, cycle, site = world
    status, out, err = run("bodies", "add", "Kecamatan Sukamaju", "--cycle", str(cycle),
                           "--category", "kecamatan", "--region", "Kab. Contoh",
                           "--email", "PPID@Sukamaju.Go.Id", "--website", "sukamaju.go.id",
                           "--database", url, "--format", "json")
    assert status == 0, err
    [added] = json.loads(out)
    assert added["email"] == "PPID@sukamaju.go.id"
    assert added["situs"] == "https://sukamaju.go.id/"
    assert "terdaftar" in err

    status, out, err = run("bodies", "set-website", str(added["id"]), site.url,
                           "--cycle", str(cycle), "--database", url, "--format", "csv")
    assert status == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["situs"] == site.url
    status, out, _ = run("bodies", "list", "--cycle", str(cycle), "--database", url)
    assert "Kecamatan Sukamaju" in out
    assert site.url in out
    assert "Diundang" in out

    status, _, err = run("bodies", "set-website", str(added["id"]), "bukan alamat",
                         "--cycle", str(cycle), "--database", url)
    assert status == 2
    assert "Alamat situs 'bukan alamat' tidak sah" in err
    status, _, err = run("bodies", "add", "Kecamatan Lain", "--cycle", str(cycle),
                         "--category", "kecamatan", "--email", "bukan-email",
                         "--database", url)
    assert status == 2
    assert "Alamat e-mail 'bukan-email' tidak sah" in err


def test_monitor_prints_one_record_per_body_and_item(
        world: tuple[str, int, Site], capsys: pytest.CaptureFixture[str]) -> None:
    url, cycle, site = world
    status, out, err = run("bodies", "add", "Kecamatan Sukamaju", "--cycle", str(cycle),
                           "--category", "kecamatan", "--website", site.url,
                           "--database", url, "--format", "json")
    body = json.loads(out)[0]["id"]

    status, out, err = run("monitor", "--cycle", str(cycle), "--format", "json",
                           "--delay", "0", "--database", url)
    assert status == 0, err
    assert "Memantau situs badan publik: 1 dari 1 (100%)" in err
    assert "selesai, 1 dari 1 badan publik" in err
    records = json.loads(out)
    assert all(list(r) == KEYS for r in records)
    by = {r["item"]: r for r in records}
    assert by["3.1"]["found"] is True
    assert by["3.1"]["url"] == site.at("/ppid/dip-2025.pdf")
    assert by["3.1"]["dokumen"].startswith("PDF 12 halaman")
    assert by["3.1"]["checked_at"].endswith("+07:00")
    assert by["4.5"]["found"] is False  # no laporan layanan on this site
    assert by["4.5"]["url"] is None

    status, out, err = run("monitor", "--cycle", str(cycle), "--body", str(body), "--show",
                           "--format", "csv", "--database", url)
    assert status == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["item"] for r in rows] == [r["item"] for r in records]
    assert {r["found"] for r in rows} == {"true", "false"}
    status, out, _ = run("monitor", "--cycle", str(cycle), "--show", "--database", url)
    assert "Badan Publik" in out
    assert "Hasil" in out
    assert "ditemukan" in out
    assert "PDF 12 halaman" in out
    status, out, _ = run("monitor", "--cycle", str(cycle), "--show", "--todo",
                         "--database", url)
    assert "Hasil pemantauan situs Kecamatan Sukamaju" in out
    assert "4.5 (Laporan Layanan Informasi): tidak ditemukan di situs" in out

    with pytest.raises(SystemExit) as refused:  # argparse: the usage and the reason
        run("monitor", "--cycle", str(cycle), "--delay", "lama", "--database", url)
    assert refused.value.code == 2
    assert "bukan jumlah detik" in capsys.readouterr().err
    status, _, err = run("monitor", "--cycle", str(cycle), "--body", "999",
                         "--database", url)
    assert status == 2
    assert "tidak ikut siklus ini" in err
