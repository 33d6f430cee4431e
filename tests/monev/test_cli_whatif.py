"""``python -m monev whatif`` in each format and ``library`` (list, save, diff), on the
cycle of whatif_world (SQLite file)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
import yaml
from whatif_world import REWEIGHTED, REWEIGHTED_ORDER, STORED, build, reweighted

from monev.cli import main
from questionnaires import layout
from questionnaires.methodology_workbook import methodology_workbook_bytes
from questionnaires.model import Methodology
from storage.db import Database


class Run:
    def __init__(self, url: str) -> None:
        self.url = url

    def __call__(self, *argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = main(["--database", self.url, *argv], out, err)
        return code, out.getvalue(), err.getvalue()


@pytest.fixture
def run(tmp_path: Path, mini: Methodology) -> Run:
    url = f"sqlite:///{tmp_path / 'monev.db'}"
    db = Database(url)
    try:
        build(db, mini, tmp_path)
    finally:
        db.dispose()
    return Run(url)


def yaml_file(path: Path, m: Methodology) -> Path:
    path.write_text(yaml.safe_dump(m.model_dump(mode="json"), allow_unicode=True),
                    encoding="utf-8")
    return path


def test_whatif_table_for_people(run: Run, tmp_path: Path):
    code, out, err = run("whatif", "--cycle", "1", "--methodology",
                         str(yaml_file(tmp_path / "mini-2.yaml", reweighted())))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == ("Siklus 1 (Monev KIP 2025 — KI Simulasi): tersimpan mini versi 1, "
                        "simulasi mini versi 2.")
    assert lines[1].startswith("4 dari 6 badan publik berubah")
    first = next(line for line in lines if line.startswith("Dinas A"))
    assert first.split() == ["Dinas", "A", "OPD", "70,40", "Cukup", "Informatif", "2",
                             "47,20", "Kurang", "Informatif", "3", "-23,20", "-1"]
    names = [line.split("  ")[0] for line in lines
             if line.startswith(("Dinas", "Desa"))]
    assert names == REWEIGHTED_ORDER
    why = lines[lines.index("Mengapa berubah:") + 1:]
    assert why[0].startswith("- Dinas A: Presentasi kini tidak dihitung (dinilai 0,00): "
                             "syarat SAQ ≥ 60 tidak terpenuhi (SAQ 59,00); bobot indikator")
    assert [line.split(":")[0] for line in why] == [
        "- Dinas A", "- Dinas B", "- Desa E", "- Dinas D"]  # the movers, in their order


def test_whatif_csv_and_json_for_machines(run: Run, tmp_path: Path):
    path = str(yaml_file(tmp_path / "mini-2.yaml", reweighted()))
    code, out, err = run("whatif", "--cycle", "1", "--methodology", path, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["badan_publik"] for r in rows] == REWEIGHTED_ORDER
    a = rows[0]
    assert (a["nilai_akhir_tersimpan"], a["predikat_tersimpan"], a["peringkat_tersimpan"],
            a["nilai_akhir_simulasi"], a["predikat_simulasi"], a["peringkat_simulasi"],
            a["selisih_nilai"], a["berubah"]) == (
        "70.40", "Cukup Informatif", "2", "47.20", "Kurang Informatif", "3", "-23.20", "ya")
    # The participation as results and the open data write it, and in Indonesian; why
    # the body moved.
    assert (a["status"], a["keterangan_status"]) == ("submitted", "Mengisi SAQ")
    assert a["keterangan"].startswith("Presentasi kini tidak dihitung (dinilai 0,00): "
                                      "syarat SAQ ≥ 60 tidak terpenuhi (SAQ 59,00)")
    diam = next(r for r in rows if r["badan_publik"] == "Dinas Diam")
    assert (diam["status"], diam["keterangan_status"]) == ("not_submitted",
                                                           "Tidak mengisi SAQ")
    assert "tersimpan mini versi 1" in err  # the notes go to stderr

    code, out, _ = run("whatif", "--cycle", "1", "--methodology", path, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["metodologi_simulasi"]["versi"], data["sama"], data["berubah"]) == (
        "2", False, 4)
    by_name = {r["badan_publik"]: r for r in data["badan_publik"]}
    assert by_name["Dinas A"]["keterangan_status"] == "Mengisi SAQ"
    assert "syarat SAQ ≥ 60 tidak terpenuhi" in by_name["Dinas A"]["keterangan"]
    for name, (final, predikat, rank) in REWEIGHTED.items():
        got = by_name[name]["simulasi"]
        assert (got["nilai_akhir"], got["predikat"], got["peringkat"]) == (
            None if final is None else float(final), predikat, rank)
    for name, (final, predikat, rank) in STORED.items():
        got = by_name[name]["tersimpan"]
        assert (got["nilai_akhir"], got["predikat"], got["peringkat"]) == (
            None if final is None else float(final), predikat, rank)
    assert [c["code"] for c in data["perubahan"]] == ["", "A", "B"]


def test_whatif_refusals(run: Run, tmp_path: Path):
    bad = tmp_path / "salah.yaml"
    data = reweighted().model_dump(mode="json")
    data["indicators"][0]["weight"] = "10"  # A + B = 80
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    code, out, err = run("whatif", "--cycle", "1", "--methodology", str(bad))
    assert (code, out) == (2, "")  # as every command refuses a methodology file
    assert f"Metodologi tidak sah: {bad} (" in err
    assert "[M104]" in err
    code, _, err = run("whatif", "--cycle", "1", "--methodology", "tidak-ada")
    assert code == 2
    assert "Metodologi 'tidak-ada' tidak dikenal. Yang tersedia: klasik-2021" in err
    # The workbook export refuses the same name with the same words.
    code, _, export_err = run("export", "whatif", "--cycle", "1", "--methodology", "tidak-ada",
                              "-o", str(tmp_path / "w.xlsx"))
    assert code == 2
    assert export_err.strip() == err.strip()
    assert not (tmp_path / "w.xlsx").exists()
    code, _, err = run("whatif", "--cycle", "9", "--methodology", "nasional-2025")
    assert code == 2
    assert "id 9 tidak ditemukan" in err
    code, _, err = run("whatif", "--cycle", "1", "--methodology", "nasional-2025",
                       "--as", "nobody")
    assert code in (1, 2)
    assert "Traceback" not in err


def test_library_save_list_and_diff(run: Run, tmp_path: Path):
    workbook = tmp_path / "nasional-2026.xlsx"
    from questionnaires.loader import parse_methodology, presets

    data = presets().get("nasional-2025").model_dump(mode="json")
    data["version"] = "2026.1"
    for indicator in data["indicators"]:
        if indicator["code"] in ("jenis_informasi", "digitalisasi"):
            indicator["weight"] = "30"
    workbook.write_bytes(methodology_workbook_bytes(parse_methodology(data, "x")))
    code, out, _ = run("library", "save", str(workbook))
    assert (code, out.strip()) == (0, "Disimpan sebagai nasional-2025@2026.1: Instrumen "
                                      "Nasional Monev Keterbukaan Informasi Publik 2025.")
    code, out, _ = run("library", "save", str(workbook))
    assert code == 0
    assert "tidak ada yang diubah" in out
    code, out, _ = run("library", "list", "--format", "json")
    shipped = [m.id for m in sorted(presets(), key=lambda m: (m.year, m.id))]
    assert [i["ref"] for i in json.loads(out)] == [*shipped, "nasional-2025@2026.1"]
    code, out, _ = run("library", "list")
    assert "disimpan Sistem" in out
    assert "(nasional-2026.xlsx)" in out
    code, out, _ = run("library", "diff", "nasional-2025", "nasional-2025@2026.1")
    assert code == 0
    assert [line.split("  ")[0] for line in out.splitlines()[2:]] == [
        "Versi diubah", "Indikator 'jenis_informasi': bobot diubah",
        "Indikator 'digitalisasi': bobot diubah"]
    assert "40" in out.splitlines()[3]
    code, out, _ = run("library", "diff", "nasional-2025", "nasional-2025", "--format", "json")
    assert (code, json.loads(out)) == (0, [])
    code, _, err = run("library", "save", str(tmp_path / "tidak-ada.xlsx"))
    assert code == 2
    assert "Berkas tidak ditemukan" in err
    # A cycle from the saved version, by id@version.
    code, out, _ = run("cycle", "create", "--methodology", "nasional-2025@2026.1", "--ki",
                       "KI Uji", "--year", "2026")
    assert code == 0
    assert "(metodologi nasional-2025 versi 2026.1;" in out
    code, _, err = run("cycle", "create", "--methodology", "nasional-2025@9", "--ki",
                       "KI Uji", "--year", "2027")
    assert code == 2
    assert "Metodologi 'nasional-2025@9' tidak dikenal" in err
    assert "nasional-2025@2026.1" in err  # the saved versions are listed too


def test_library_diff_shows_a_new_gate_in_words(run: Run, tmp_path: Path):
    from questionnaires.loader import parse_methodology, presets

    data = presets().get("ki-pusat-2025").model_dump(mode="json")
    data["version"] = "2026.1"
    data["stages"][1]["gates"].append({"stage": "saq", "top": 3, "below_gate_score": "0"})
    workbook = tmp_path / "ki-pusat-2026.xlsx"
    workbook.write_bytes(methodology_workbook_bytes(parse_methodology(data, "x")))
    code, out, err = run("library", "diff", "ki-pusat-2025", str(workbook))
    assert (code, err) == (0, "")
    [line] = [line for line in out.splitlines() if "gerbang" in line]
    assert line.split("  ")[0] == "Tahapan 'visitasi': gerbang ditambahkan"
    assert line.rstrip().endswith("3 teratas per kategori di SAQ; yang tidak lolos dinilai 0")
    for english in ("gate)", "at_least", "top", "…"):
        assert english not in out


def test_every_command_takes_a_saved_version(run: Run, tmp_path: Path):
    """template, score, rank and methodology export read ``--methodology id@versi`` (and a
    saved id alone) from the library, as cycle create and whatif do."""
    from questionnaires.loader import parse_methodology, presets
    from questionnaires.template import write_filled

    data = presets().get("nasional-2025").model_dump(mode="json")
    data["version"] = "2026.1"
    saved = parse_methodology(data, "x")
    workbook = tmp_path / "nasional-2026.xlsx"
    workbook.write_bytes(methodology_workbook_bytes(saved))
    assert run("library", "save", str(workbook))[0] == 0
    ref = "nasional-2025@2026.1"

    template = tmp_path / "templat.xlsx"
    code, _, err = run("template", "--methodology", ref, "--category", "opd", "-o",
                       str(template))
    assert code == 0, err
    meta = dict(openpyxl.load_workbook(template)["_meta"].iter_rows(values_only=True))
    assert (meta[layout.META_VERSION], meta[layout.META_FINGERPRINT]) == (
        "2026.1", saved.fingerprint("opd"))

    filled = tmp_path / "isi.xlsx"
    write_filled(saved, "opd", filled, badan_publik="Dinas A", answers={})
    code, out, err = run("score", str(filled), "--methodology", ref, "--format", "json")
    assert code == 0, err
    assert json.loads(out)[0]["badan_publik"] == "Dinas A"

    table = tmp_path / "nilai.csv"
    table.write_text("badan_publik;kategori;nilai_akhir\nDinas A;opd;91,5\n", encoding="utf-8")
    code, out, err = run("rank", str(table), "--methodology", ref, "--format", "json")
    assert code == 0, err
    assert json.loads(out)[0]["predikat"] == "Informatif"

    exported = tmp_path / "lagi.xlsx"
    code, _, err = run("methodology", "export", ref, "-o", str(exported))
    assert code == 0, err
    assert "nasional-2025 versi 2026.1" in err
    code, _, err = run("methodology", "export", "nasional-2025@9", "-o", str(exported))
    assert code == 2
    assert "Metodologi 'nasional-2025@9' tidak dikenal. Yang tersedia: " in err
    assert ref in err
