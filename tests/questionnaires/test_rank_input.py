"""`python -m monev rank`: a table of final scores is taken exactly as typed, or refused.

A row whose cells do not line up with the header (an unquoted ``89,95`` in a
comma-separated file, a cell missing in a semicolon file, a value beyond the last titled
column of a workbook) is refused naming the row (D312); the same badan publik listed twice
in one category — names compared after normalisation — is refused naming both rows (D313).
Every problem of the file is reported at once, exit status 1, never a traceback.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from monev.cli import main
from questionnaires.errors import ProblemsError
from questionnaires.external import read_scored
from questionnaires.loader import presets
from questionnaires.sources import Source
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
CASES = FIXTURES / "rank"
HEADER = ("badan_publik", "kategori", "nilai_akhir")


def rank(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["rank", str(path), "--methodology", "nasional-2025", "--format", "json"],
                out, err)
    return code, out.getvalue(), err.getvalue()


def codes_of(path: Path) -> list[tuple[str, str]]:
    """(code, cell) of every problem of a refused table, read like the CLI reads it."""
    methodology = presets().get("nasional-2025")
    assert methodology is not None
    with pytest.raises(ProblemsError) as caught:
        read_scored(Source(path.name, path.read_bytes()), methodology)
    return [(p.code, p.location.cell) for p in caught.value.problems]


def write_text(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def write_xlsx(tmp_path: Path, name: str, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Nilai"
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


# -- the files people really sent -------------------------------------------------------------


def test_unquoted_comma_decimal_is_refused_naming_the_rows(tmp_path: Path):
    # X,opd,89,95 — the 95 would be dropped and X ranked at 89,00.
    path = Path(shutil.copy(CASES / "rank-unquoted-comma-decimal.csv", tmp_path))
    code, out, err = rank(path)
    assert code == 1
    assert out == ""  # nothing ranked from a table that was not read as typed
    assert "[D312] rank-unquoted-comma-decimal.csv › D2: Baris 2 berisi 4 sel, sedangkan " \
           "baris judul punya 3 kolom" in err
    assert "[D312] rank-unquoted-comma-decimal.csv › D3: Baris 3 berisi 4 sel" in err
    assert '"89,95"' in err  # the fix: quote the decimal (or save as .xlsx)
    assert "Traceback" not in err


def test_same_body_twice_is_refused_naming_both_rows(tmp_path: Path):
    path = Path(shutil.copy(CASES / "rank-same-body-twice.csv", tmp_path))
    code, out, err = rank(path)
    assert code == 1
    assert out == ""
    assert "[D313] rank-same-body-twice.csv › A3: Badan publik 'Dinas A' tercantum lebih " \
           "dari sekali (baris 2 dan 3)" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("name", ["rank-unquoted-comma-decimal.csv",
                                  "rank-same-body-twice.csv"])
def test_the_program_itself_exits_1_without_a_traceback(name: str):
    result = subprocess.run([sys.executable, "-m", "monev", "rank", str(CASES / name),
                             "--methodology", "nasional-2025"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Ditolak: {name}\n")
    assert "Traceback" not in result.stderr


# -- rows that do not line up with the header -------------------------------------------------


def test_semicolon_file_with_a_missing_cell(tmp_path: Path):
    path = write_text(tmp_path, "nilai.csv", "badan_publik;kategori;nilai_akhir\n"
                                             "Dinas A;opd;90,5\n"
                                             "Dinas B;opd\n"
                                             "Dinas C;opd;70\n")
    code, _, err = rank(path)
    assert code == 1
    assert "[D312] nilai.csv › C3: Baris 3 berisi 2 sel, sedangkan baris judul punya 3 " \
           "kolom" in err
    assert codes_of(path) == [("D312", "C3")]


def test_tab_separated_file_with_an_extra_cell(tmp_path: Path):
    path = write_text(tmp_path, "nilai.tsv", "Nama Badan Publik\tKategori\tNilai Akhir\n"
                                                 "Dinas A\topd\t89\t95\n"
                                                 "Desa B\tdesa\t61,2\n")
    code, _, err = rank(path)
    assert code == 1
    assert "[D312] nilai.tsv › D2: Baris 2 berisi 4 sel" in err
    assert codes_of(path) == [("D312", "D2")]


def test_quoted_comma_decimal_and_trailing_separators_are_read(tmp_path: Path):
    # A trailing separator on every line (some exporters write one) loses nothing.
    path = write_text(tmp_path, "nilai.csv", 'badan_publik,kategori,nilai_akhir,\n'
                                             'X,opd,"89,95",\n'
                                             'Y,opd,70.5\n'
                                             '\n')
    code, out, err = rank(path)
    assert code == 0, err
    got = {r["badan_publik"]: (r["nilai_akhir"], r["predikat"], r["peringkat"])
           for r in json.loads(out)}
    assert got == {"X": (89.95, "Menuju Informatif", 1), "Y": (70.5, "Cukup Informatif", 2)}


def test_a_trailing_value_beyond_the_header_is_refused_even_after_blanks(tmp_path: Path):
    path = write_text(tmp_path, "nilai.csv", "badan_publik,kategori,nilai_akhir\n"
                                             "X,opd,89,,,95\n")
    assert codes_of(path) == [("D312", "F2")]  # the stray value, not the blanks before it


# -- the same body twice --------------------------------------------------------------------


def test_same_body_with_other_case_spacing_and_curly_apostrophe(tmp_path: Path):
    path = write_text(tmp_path, "nilai.csv",
                      "badan_publik;kategori;nilai_akhir\n"
                      "Dinas Syari'at Islam;opd;80\n"
                      "Desa Maju;desa;70\n"
                      "  dinas  SYARI\u2019AT islam ;OPD;85\n"
                      "Dinas Syari\u2018at Islam;opd;90\n")
    code, _, err = rank(path)
    assert code == 1
    assert "[D313] nilai.csv › A4: Badan publik 'Dinas Syari'at Islam' tercantum lebih dari " \
           "sekali (baris 2, 4 dan 5)" in err
    assert codes_of(path) == [("D313", "A4")]


def test_same_name_in_two_categories_is_two_bodies(tmp_path: Path):
    path = write_text(tmp_path, "nilai.csv", "badan_publik,kategori,nilai_akhir\n"
                                             "Sukamaju,kecamatan,80\n"
                                             "Sukamaju,desa,75\n")
    code, out, err = rank(path)
    assert code == 0, err
    assert sorted((r["kategori"], r["peringkat"]) for r in json.loads(out)) == [
        ("desa", 1), ("kecamatan", 1)]


def test_every_problem_of_the_file_at_once(tmp_path: Path):
    path = write_text(tmp_path, "nilai.csv", "badan_publik,kategori,nilai_akhir\n"
                                             "Dinas A,opd,89,95\n"      # D312
                                             "Dinas B,opd,80\n"
                                             "dinas b,opd,81\n"         # D313
                                             "Dinas C,rumah sakit,x\n"  # D306 + D311
                                             ",opd,70\n")               # D305
    assert codes_of(path) == [("D312", "D2"), ("D306", "B5"), ("D311", "C5"),
                              ("D305", "A6"), ("D313", "A4")]
    code, out, err = rank(path)
    assert code == 1
    assert out == ""
    assert err.count("\n  [") == 5


# -- the same kinds of fault in a workbook ------------------------------------------------------


def test_xlsx_value_in_a_column_without_a_header(tmp_path: Path):
    path = write_xlsx(tmp_path, "nilai.xlsx", [list(HEADER),
                                               ["Dinas A", "opd", 89, 95],
                                               ["Dinas B", "opd", 70.5]])
    code, _, err = rank(path)
    assert code == 1
    assert "[D312] nilai.xlsx › Nilai!D2: Baris 2 berisi 4 sel, sedangkan baris judul punya " \
           "3 kolom" in err


def test_xlsx_same_body_twice(tmp_path: Path):
    path = write_xlsx(tmp_path, "nilai.xlsx", [list(HEADER),
                                               ["Dinas Syari'at", "opd", 80],
                                               ["Desa Maju", "desa", 70],
                                               ["DINAS SYARI\u2019AT", "opd", 85]])
    code, _, err = rank(path)
    assert code == 1
    assert "[D313] nilai.xlsx › Nilai!A4: Badan publik 'Dinas Syari'at' tercantum lebih dari " \
           "sekali (baris 2 dan 4)" in err


def test_xlsx_with_blank_cells_short_of_the_header_is_read(tmp_path: Path):
    # Workbook rows have no length of their own: a blank cell is just blank.
    path = write_xlsx(tmp_path, "nilai.xlsx", [[*HEADER, "catatan"],
                                               ["Dinas A", "opd", 90.25],
                                               ["Dinas B", "opd", 80, "banding"]])
    code, out, err = rank(path)
    assert code == 0, err
    assert [(r["badan_publik"], r["nilai_akhir"], r["peringkat"]) for r in json.loads(out)] \
        == [("Dinas A", 90.25, 1), ("Dinas B", 80, 2)]


def test_two_final_score_columns_are_refused(tmp_path):
    from questionnaires.errors import ProblemsError
    from questionnaires.external import read_scored
    from questionnaires.loader import presets
    from questionnaires.sources import Source

    data = b"Nama Badan Publik,Kategori,Nilai Akhir,Nilai\nDinas A,opd,80,75\n"
    with pytest.raises(ProblemsError) as caught:
        read_scored(Source("dua-nilai.csv", data), presets().get("nasional-2025"))
    [found] = caught.value.problems
    assert (found.code, found.location.cell) == ("D316", "D1")
    assert "'Nilai Akhir' (C1), 'Nilai' (D1)" in found.message
