"""Open data: CSV and JSON of published results only, formula-safe CSV."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from reports_world import EVIL, World

from monev.clock import today
from monev.errors import NotFound, PermissionDenied, UsageError
from monev.exports.open_data import export_open_data
from monev.outcomes.publication import publish, reopen
from monev.permissions import SYSTEM
from monev.verification import verify_answer


def stem() -> str:
    """The export's file stem, dated in WIB on the day it is called.

    Called right after an export, never at import: a run that crosses midnight WIB (17:00 UTC)
    must not compare a file made today with yesterday's date.
    """
    return f"hasil-monev-kip-2025-ki-uji-{today()}"


def test_nothing_before_publication(world: World, tmp_path) -> None:
    with pytest.raises(NotFound, match="belum ditetapkan"):
        export_open_data(world.db, world.official, world.cycle_id, tmp_path / "terbuka")
    assert not (tmp_path / "terbuka").exists()


def test_csv_and_json_of_published_results(world: World, tmp_path) -> None:
    publish(world.db, SYSTEM, world.cycle_id)
    info = export_open_data(world.db, world.official, world.cycle_id, tmp_path / "terbuka")
    name = stem()
    assert info.count == 5
    assert info.files == (f"{name}.csv", f"{name}.json")
    folder = tmp_path / "terbuka"
    assert sorted(p.name for p in folder.iterdir()) == [f"{name}.csv", f"{name}.json"]
    rows = list(csv.DictReader(io.StringIO((folder / f"{name}.csv").read_text("utf-8"))))
    assert list(rows[0]) == ["peringkat", "badan_publik", "kategori", "nama_kategori",
                             "wilayah", "status", "keterangan_status", "indikator_A",
                             "indikator_B", "indikator_K", "saq", "nilai_akhir", "predikat"]
    by_name = {r["badan_publik"]: r for r in rows}
    bina = by_name["Dinas Bina Marga"]
    assert (bina["peringkat"], bina["saq"], bina["nilai_akhir"], bina["predikat"]) == (
        "2", "68.00", "71.40", "Cukup Informatif")
    assert (bina["indikator_A"], bina["indikator_B"], bina["indikator_K"]) == (
        "80.00", "50.00", "85.00")
    assert (bina["kategori"], bina["nama_kategori"], bina["wilayah"]) == (
        "opd", "OPD", "Kota Uji")
    # formula-like text is escaped in CSV; numbers are not
    assert "'" + EVIL in by_name
    assert by_name["'" + EVIL]["wilayah"] == "'-Wilayah"
    diam = by_name["Dinas Diam"]
    assert (diam["peringkat"], diam["nilai_akhir"], diam["predikat"], diam["status"],
            diam["keterangan_status"]) == ("", "", "", "not_submitted", "Tidak mengisi SAQ")
    data = json.loads((folder / f"{name}.json").read_text("utf-8"))
    assert data["metadata"]["komisi_informasi"] == "KI Uji"
    assert data["metadata"]["penetapan_ke"] == 1
    assert data["metadata"]["jumlah_badan_publik"] == 5
    assert [i["kode"] for i in data["indikator"]] == ["A", "B", "K"]
    records = {r["badan_publik"]: r for r in data["hasil"]}
    assert records[EVIL]["nilai_akhir"] == 32.0  # JSON is not escaped: it is not a sheet
    assert records["Dinas Arsip"] == {**records["Dinas Arsip"], "peringkat": 1,
                                      "nilai_akhir": 98.0, "predikat": "Informatif",
                                      "indikator": {"A": 100.0, "B": 100.0, "K": 85.0}}
    assert records["Dinas Diam"]["nilai_akhir"] is None


def test_only_frozen_results_after_reopening(world: World) -> None:
    publish(world.db, SYSTEM, world.cycle_id)
    reopen(world.db, SYSTEM, world.cycle_id, "Sanggah susulan Dinas Arsip")
    verify_answer(world.db, world.verifier, world.cycle_id, world.bodies["Dinas Arsip"],
                  "1.1", "Tidak", "Dokumen DIP kedaluwarsa", expected_seq=1)
    buffer = io.BytesIO()
    info = export_open_data(world.db, world.official, world.cycle_id, buffer, fmt="json")
    name = stem()
    assert info.file_name == f"{name}.zip"
    with zipfile.ZipFile(buffer) as archive:
        assert archive.namelist() == [f"{name}.json"]
        data = json.loads(archive.read(f"{name}.json"))
    records = {r["badan_publik"]: r for r in data["hasil"]}
    assert records["Dinas Arsip"]["nilai_akhir"] == 98.0  # as published, not as now
    assert data["metadata"]["alasan_dibuka_kembali"] == "Sanggah susulan Dinas Arsip"


def test_zip_path_formats_and_permissions(world: World, tmp_path) -> None:
    publish(world.db, SYSTEM, world.cycle_id)
    path = tmp_path / "data.zip"
    info = export_open_data(world.db, world.verifier, world.cycle_id, path, fmt="csv")
    name = stem()
    assert info.size == path.stat().st_size
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == [f"{name}.csv"]
    with pytest.raises(UsageError):
        export_open_data(world.db, world.official, world.cycle_id, tmp_path, fmt="xml")
    with pytest.raises(PermissionDenied):
        export_open_data(world.db, world.coordinator, world.cycle_id, tmp_path)


def test_open_data_zip_is_dated_in_wib(world: World) -> None:
    """A ZIP keeps a wall-clock time without a zone: the files are dated in WIB."""
    from datetime import datetime, timedelta

    from monev.clock import WIB

    publish(world.db, SYSTEM, world.cycle_id)
    before = datetime.now(WIB).replace(microsecond=0) - timedelta(seconds=1)
    buffer = io.BytesIO()
    export_open_data(world.db, world.official, world.cycle_id, buffer)
    after = datetime.now(WIB) + timedelta(seconds=2)
    with zipfile.ZipFile(buffer) as archive:
        stamps = [datetime(*i.date_time, tzinfo=WIB) for i in archive.infolist()]
    assert len(stamps) == 2
    assert all(before <= s <= after for s in stamps), (before, stamps, after)
