"""``python -m monev methodology export|check`` and ``--methodology ID|BERKAS`` everywhere.

A KI staff member exports a methodology as a workbook, edits it in Excel (here: openpyxl),
checks it (exit 0 with a summary, or 1 with every problem on stderr as ``Lembar!Sel:
[KODE] …``) and uses the file wherever a methodology id is taken: ``template``, ``score``,
``rank`` and ``cycle create``.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from monev.cli import main
from questionnaires import layout
from questionnaires.loader import load_methodology, presets
from questionnaires.methodology_workbook import read_methodology_workbook
from questionnaires.model import Methodology
from questionnaires.template import write_filled
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
MINI = FIXTURES / "mini.yaml"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = main(list(argv), out, err)
    except SystemExit as exc:  # argparse: usage printed to sys.stderr
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def _column(ws, header: str) -> str:  # type: ignore[no-untyped-def]
    return next(c.column_letter for c in ws[1] if c.value == header)


def _row(ws, key: str) -> int:  # type: ignore[no-untyped-def]
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == key)


def _set(wb, sheet: str, header: str, key: str, value: object) -> str:  # type: ignore[no-untyped-def]
    ws = wb[sheet]
    ref = f"{_column(ws, header)}{_row(ws, key)}"
    ws[ref] = value
    return f"{sheet}!{ref}"


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    """mini exported as a workbook by the command line."""
    target = tmp_path / "mini.xlsx"
    code, _, err = run("methodology", "export", str(MINI), "-o", str(target))
    assert code == 0, err
    return target


def _edit(path: Path, target: Path, **cells: object) -> Path:
    """`path` with cells typed in: ``{"Sheet|Header|key": value}``."""
    wb = openpyxl.load_workbook(path)
    for spec, value in cells.items():
        sheet, header, key = spec.split("|")
        _set(wb, sheet, header, key, value)
    wb.save(target)
    return target


def test_export_then_check_a_preset(tmp_path: Path) -> None:
    target = tmp_path / "nasional.xlsx"
    code, out, err = run("methodology", "export", "nasional-2025", "-o", str(target))
    assert code == 0, err
    assert out == ""
    assert f"ditulis ke {target}" in err
    code, out, err = run("methodology", "check", str(target))
    assert (code, err) == (0, "")
    m = presets().get("nasional-2025")
    assert m is not None
    assert out.startswith("Metodologi sah: nasional-2025 versi 2025.1")
    assert "Tahapan: saq 80 % (Kuesioner (SAQ)); visitasi 20 % (Panel (juri); gerbang: SAQ " \
           "≥ 60)" in out
    for category in m.categories:  # the same question sets as the preset
        assert f"{category.code} {m.fingerprint(category.code)}" in out


def test_check_says_every_gate_as_the_report_card_does(tmp_path: Path) -> None:
    # ki-pusat-2025: "SAQ > 60" (not ≥); a KI adds a second gate, the top 3 of each
    # category in SAQ (a row of the Gerbang sheet without a minimum).
    target = tmp_path / "kip.xlsx"
    assert run("methodology", "export", "ki-pusat-2025", "-o", str(target))[0] == 0
    wb = openpyxl.load_workbook(target)
    wb["Gerbang"].append(["visitasi", "saq", None, None, None, 3, 0])
    wb.save(target)
    code, out, err = run("methodology", "check", str(target))
    assert (code, err) == (0, "")
    assert "visitasi 20 % (Panel (juri); gerbang: SAQ > 60 dan 3 teratas per kategori di " \
           "SAQ)" in out
    assert "≥" not in out


def test_export_a_yaml_file_and_check_it_back(exported: Path) -> None:
    assert read_methodology_workbook(exported) == load_methodology(MINI)
    code, out, _ = run("methodology", "check", str(exported))
    assert code == 0
    assert "Indikator: 2, aspek panel: 1, pertanyaan: 4" in out
    code, out, _ = run("methodology", "check", str(MINI))  # YAML is checked the same way
    assert code == 0
    assert out.startswith("Metodologi sah: mini versi 1")


def test_check_prints_every_problem_by_sheet_and_cell(exported: Path, tmp_path: Path) -> None:
    bad = _edit(exported, tmp_path / "salah.xlsx", **{
        "Pertanyaan|Poin|1.1": -1, "Tahapan|Bobot (%)|saq": 70,
        "Pertanyaan|Jenis jawaban|2.2": "Pilihan ganda"})
    code, out, err = run("methodology", "check", str(bad))
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[0] == f"Metodologi tidak sah: {bad} (3 masalah)"
    assert "  Pertanyaan!F2: [M102] Isian tidak sah di kolom 'Poin': harus lebih dari 0 " \
           "(nilai: -1). Perbaiki sel ini; lembar Petunjuk menjelaskan isi setiap kolom." in lines
    assert any(line.startswith("  Pertanyaan!E5: [M155] Nilai 'Pilihan ganda' tidak sah")
               for line in lines)
    assert any(line.startswith("  Tahapan!D2:D3: [M103] Bobot tahapan berjumlah 90")
               for line in lines)
    assert "Traceback" not in err


def test_check_a_broken_yaml_names_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "rusak.yaml"
    bad.write_text("id: [\n", encoding="utf-8")
    code, _, err = run("methodology", "check", str(bad))
    assert code == 1
    assert "[M101]" in err


def test_check_a_file_that_is_no_workbook(tmp_path: Path) -> None:
    damaged = tmp_path / "rusak.xlsx"
    damaged.write_bytes(b"bukan lembar kerja" * 20)
    code, _, err = run("methodology", "check", str(damaged))
    assert code == 1
    assert "[F204]" in err


@pytest.mark.parametrize(("argv", "message"), [
    (["methodology", "check", "{w}/tidak-ada.xlsx"], "Berkas tidak ditemukan"),
    (["methodology", "check", "{w}"], "adalah folder, bukan berkas metodologi"),
    (["methodology", "export", "entah", "-o", "{w}/x.xlsx"],
     "Metodologi 'entah' tidak dikenal. Yang tersedia: "),
    (["methodology", "export", "{w}/tidak-ada.xlsx", "-o", "{w}/x.xlsx"],
     "Berkas tidak ditemukan"),
    (["methodology", "export", "nasional-2025", "-o", "{w}"], "Tidak dapat menulis"),
    (["methodology"], "argumen berikut wajib diisi"),
])
def test_usage_errors(argv: list[str], message: str, tmp_path: Path,
                      capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(*(a.replace("{w}", str(tmp_path)) for a in argv))
    assert code == 2
    assert message.replace("{w}", str(tmp_path)) in err + capsys.readouterr().err


def test_python_dash_m_monev_methodology_check(exported: Path, tmp_path: Path) -> None:
    bad = _edit(exported, tmp_path / "salah.xlsx", **{"Indikator|Bobot (%)|A": 50})
    for path, status in ((exported, 0), (bad, 1)):
        result = subprocess.run([sys.executable, "-m", "monev", "methodology", "check",
                                 str(path)], cwd=ROOT, capture_output=True, text=True,
                                check=False)
        assert result.returncode == status, result.stderr
    assert "Indikator!D2:D3: [M104] Bobot indikator tahapan 'saq' berjumlah 90" in \
        result.stderr


# -- --methodology ID|BERKAS ---------------------------------------------------------------

def test_template_and_score_with_an_edited_workbook(exported: Path, tmp_path: Path) -> None:
    """Version 2 of mini with 1.1 worth 4 points: the template carries it, a questionnaire
    filled for it is scored by it, and one filled for version 1 is refused."""
    edited = _edit(exported, tmp_path / "mini-v2.xlsx", **{
        "Identitas|Nilai|Versi": "2", "Pertanyaan|Poin|1.1": 4})
    own = read_methodology_workbook(edited)
    template = tmp_path / "templat.xlsx"
    code, _, err = run("template", "--methodology", str(edited), "--category", "opd",
                       "-o", str(template))
    assert code == 0, err
    meta = dict(openpyxl.load_workbook(template)["_meta"].iter_rows(values_only=True))
    assert meta[layout.META_VERSION] == "2"
    assert meta[layout.META_FINGERPRINT] == own.fingerprint("opd")

    answers = {"1.1": "Ya", "1.2": {"a", "b", "c"}, "2.1": 2}
    links = {code: f"https://ppid.example.go.id/{code}" for code in answers}
    filled = tmp_path / "isi"
    filled.mkdir()
    write_filled(own, "opd", filled / "a.xlsx", badan_publik="Dinas A", answers=answers,
                 evidence=links)
    code, out, err = run("score", str(filled), "--methodology", str(edited), "--format",
                         "json")
    assert code == 0, err
    (row,) = json.loads(out)
    assert row["badan_publik"] == "Dinas A"
    # every SAQ point earned; the panel stage has no data and counts 0: 80 % of 100
    assert row["nilai_akhir"] == 80.0

    old = load_methodology(MINI)
    write_filled(old, "opd", filled / "b.xlsx", badan_publik="Dinas B", answers=answers,
                 evidence=links)
    code, _, err = run("score", str(filled / "b.xlsx"), "--methodology", str(edited))
    assert code == 1
    assert "Dinas B" not in err or "[F2" in err


def test_rank_with_a_category_added_in_the_workbook(exported: Path, tmp_path: Path) -> None:
    """A KI adds the category *kementerian* in Kategori (and lets question 2.2 cover it),
    then ranks final scores computed elsewhere with it."""
    wb = openpyxl.load_workbook(exported)
    ws = wb["Kategori"]
    ws.append(["kementerian", "Kementerian"])
    _set(wb, "Pertanyaan", "Kategori", "2.2", "desa, kementerian")
    _set(wb, "Predikat", "Predikat", "Informatif", "Sangat Informatif")
    edited = tmp_path / "mini-kementerian.xlsx"
    wb.save(edited)
    table = tmp_path / "nilai.csv"
    with table.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerows([["badan_publik", "kategori", "nilai_akhir"],
                          ["Kementerian A", "kementerian", "91,5"],
                          ["Kementerian B", "kementerian", "85"]])
    code, out, err = run("rank", str(table), "--methodology", str(edited), "--format", "json")
    assert code == 0, err
    got = {r["badan_publik"]: (r["predikat"], r["peringkat"]) for r in json.loads(out)}
    assert got == {"Kementerian A": ("Sangat Informatif", 1),
                   "Kementerian B": ("Menuju Informatif", 2)}


def test_a_wrong_workbook_given_as_methodology_is_refused_with_its_cells(
        exported: Path, tmp_path: Path) -> None:
    bad = _edit(exported, tmp_path / "salah.xlsx", **{"Indikator|Tahapan|K": "tidak-ada"})
    code, _, err = run("template", "--methodology", str(bad), "--category", "opd", "-o",
                       str(tmp_path / "t.xlsx"))
    assert code == 2
    assert f"Metodologi tidak sah: {bad} (" in err
    assert "  Indikator!C4: [M107] Indikator merujuk tahapan 'tidak-ada'" in err
    assert not (tmp_path / "t.xlsx").exists()


def test_cycle_create_from_a_workbook(exported: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    edited = _edit(exported, tmp_path / "mini-v3.xlsx", **{"Identitas|Nilai|Versi": "3"})
    code, out, err = run("cycle", "create", "--methodology", str(edited), "--ki", "KI Uji",
                         "--year", "2026", "--database", url)
    assert code == 0, err
    assert "(metodologi mini versi 3; tahapan: saq, panel)" in out
    code, out, err = run("cycle", "create", "--methodology-file", str(edited), "--ki",
                         "KI Uji", "--year", "2026", "--title", "Kedua", "--database", url)
    assert code == 0, err
    bad = _edit(exported, tmp_path / "salah.xlsx", **{"Tahapan|Bobot (%)|saq": "80%"})
    code, _, err = run("cycle", "create", "--methodology", str(bad), "--ki", "KI Uji",
                       "--year", "2027", "--database", url)
    assert code == 2
    assert "Tahapan!D2: [M155] Nilai '80%' tidak sah untuk kolom 'Bobot (%)'" in err
    code, out, _ = run("cycle", "list", "--format", "json", "--database", url)
    assert [c["methodology_version"] for c in json.loads(out)] == ["3", "3"]


def test_methodology_ids_still_work_everywhere(tmp_path: Path) -> None:
    code, _, err = run("template", "--methodology", "nasional-2025", "--category", "opd",
                       "-o", str(tmp_path / "t.xlsx"))
    assert code == 0, err
    m: Methodology | None = presets().get("nasional-2025")
    assert m is not None
