"""The CLI end to end: template → filled workbooks → score/rank, with known answers.

The expected scores are computed by hand in the comments, from the presets' points.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from monev.cli import main
from questionnaires.loader import presets
from questionnaires.model import AnswerType, Methodology
from questionnaires.template import write_filled
from tests.conftest import zip_of

ROOT = Path(__file__).resolve().parents[2]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def nasional() -> Methodology:
    methodology = presets().get("nasional-2025")
    assert methodology is not None
    return methodology


def klasik() -> Methodology:
    methodology = presets().get("klasik-2021")
    assert methodology is not None
    return methodology


def full_answers(methodology: Methodology, category: str) -> tuple[dict, dict]:
    """Every question at its best answer, each with a data dukung link."""
    answers: dict[str, object] = {}
    for q in methodology.questions_for(category):
        if q.type is AnswerType.YES_NO:
            answers[q.code] = "Ya"
        elif q.type is AnswerType.SCALE:
            answers[q.code] = max(q.scale, key=lambda lv: lv.fraction).value
        else:
            answers[q.code] = {i.code for i in q.items}
    evidence = {code: f"https://ppid.example.go.id/{code}" for code in answers}
    return answers, evidence


# nasional-2025, category opd — points per indicator (possible):
#   jenis_informasi     1.1(5) 1.2(5) 1.6(4) 1.7(4) 1.8(2) 1.9(5)          = 25
#   digitalisasi        2.1(3) 2.2(4) 2.3(4) 2.4(3) 2.5(3) 2.6(2)          = 19
#   kualitas_informasi  3.1(4) 3.2(3) 3.3(3) 3.4(2)                        = 12
#   pelayanan_informasi 4.1(4) 4.2(3) 4.3(3) 4.4(2) 4.5(4) 4.6(2)          = 18
#   komitmen_organisasi 5.1(4) 5.2(3) 5.3(2) 5.4(2) 5.5(2)                 = 13
#   sarana_prasarana    6.1(3) 6.2(3) 6.3(3) 6.4(3)                        = 12
PARTIAL_ANSWERS = {
    "1.1": {"a", "b", "c", "d", "e", "f"},  # 5 of 5
    "1.8": "Ya",                            # 2 of 2
    "2.1": "ya",                            # 3
    "2.3": 2,                               # level 2 = 0.5 × 4 = 2 (no evidence needed)
    "3.1": 2,                               # top level = 4
    "4.2": "Y",                             # 3
    "4.5": "Ya",                            # 4 points, but no data dukung → 0
    "5.2": "Ya",                            # 3
    "6.2": {"a", "b"},                      # 2 of 5 items × 3 = 1.2
}
PARTIAL_EVIDENCE = {code: "https://ppid.example.go.id/bukti" for code in PARTIAL_ANSWERS
                    if code != "4.5"}
# jenis_informasi     (5 + 2) / 25         = 28.00
# digitalisasi        (3 + 2) / 19         = 26.315789… → 26.32
# kualitas_informasi  4 / 12               = 33.333…    → 33.33
# pelayanan_informasi 3 / 18               = 16.666…    → 16.67
# komitmen_organisasi 3 / 13               = 23.0769…   → 23.08
# sarana_prasarana    1.2 / 12             = 10.00
# SAQ = .4×28 + .2×26.315789 + .1×(33.3333 + 16.6667 + 23.0769 + 10)
#     = 11.2 + 5.263158 + 8.307692 = 24.770850 → 24.77
# below the gate (SAQ ≥ 60) → visitasi scores 0 → final = .8 × 24.770850 = 19.8167 → 19.82


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    m = nasional()
    folder = tmp_path / "kiriman"
    folder.mkdir()
    answers, evidence = full_answers(m, "opd")
    write_filled(m, "opd", folder / "dinkes.xlsx", badan_publik="Dinas Kesehatan",
                 answers=answers, evidence=evidence)
    write_filled(m, "opd", folder / "diskominfo.xlsx", badan_publik="Dinas Kominfo",
                 answers=answers, evidence=evidence)
    write_filled(m, "opd", folder / "bappeda.xlsx", badan_publik="Bappeda",
                 answers=PARTIAL_ANSWERS, evidence=PARTIAL_EVIDENCE)
    d_answers, d_evidence = full_answers(m, "desa")
    write_filled(m, "desa", folder / "desa.xlsx", badan_publik="Desa Sukamaju",
                 answers=d_answers, evidence=d_evidence)
    return folder


def test_score_known_answers_json(batch: Path):
    code, out, err = run("score", str(batch), "--format", "json")
    assert code == 0, err
    records = {r["badan_publik"]: r for r in json.loads(out)}
    assert set(records["Bappeda"]) == {"badan_publik", "kategori", "indikator", "saq",
                                       "nilai_akhir", "predikat", "peringkat"}
    bappeda = records["Bappeda"]
    assert bappeda["indikator"] == {
        "jenis_informasi": 28.0, "digitalisasi": 26.32, "kualitas_informasi": 33.33,
        "pelayanan_informasi": 16.67, "komitmen_organisasi": 23.08, "sarana_prasarana": 10.0,
        "penguasaan_materi": None, "komitmen_pimpinan": None, "kualitas_layanan": None,
        "inovasi_strategi": None}
    assert bappeda["saq"] == 24.77
    assert bappeda["nilai_akhir"] == 19.82
    assert bappeda["predikat"] == "Tidak Informatif"
    # Full marks: SAQ 100; no visitasi data yet and policy "zero" → 80 × 1 = 80.00.
    for name in ("Dinas Kesehatan", "Dinas Kominfo"):
        assert records[name]["saq"] == 100.0
        assert records[name]["nilai_akhir"] == 80.0
        assert records[name]["predikat"] == "Menuju Informatif"
        assert records[name]["peringkat"] == 1  # a tie shares the rank
    assert bappeda["peringkat"] == 3  # 1, 1, 3
    assert records["Desa Sukamaju"]["kategori"] == "desa"
    assert records["Desa Sukamaju"]["peringkat"] == 1  # ranked within its own category
    assert "4 berkas dibaca: 4 diterima, 0 ditolak" in err


def test_score_table_uses_decimal_commas(batch: Path):
    code, out, _ = run("score", str(batch))
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("Bappeda"))
    assert "24,77" in line
    assert "19,82" in line
    assert "Tidak Informatif" in line


def test_score_csv(batch: Path):
    code, out, _ = run("score", str(batch), "--format", "csv")
    assert code == 0
    rows = {r["badan_publik"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["Bappeda"]["nilai_akhir"] == "19.82"
    assert rows["Bappeda"]["indikator_digitalisasi"] == "26.32"
    assert rows["Dinas Kominfo"]["peringkat"] == "1"


def test_a_rejected_file_exits_1_and_the_rest_is_printed(batch: Path, tmp_path: Path):
    (batch / "rusak.xlsx").write_bytes(b"bukan excel")
    archive = zip_of(tmp_path / "kiriman.zip", {p.name: p.read_bytes()
                                                for p in sorted(batch.iterdir())})
    code, out, err = run("score", str(archive), "--format", "json")
    assert code == 1
    assert len(json.loads(out)) == 4
    assert "Ditolak: kiriman.zip/rusak.xlsx" in err
    assert "[F204]" in err


def test_klasik_renormalises_without_a_presentation(tmp_path: Path):
    """klasik-2021: no presentation yet → final weighted over the SAQ alone."""
    m = klasik()
    answers, evidence = full_answers(m, "kecamatan")
    write_filled(m, "kecamatan", tmp_path / "kec.xlsx", badan_publik="Kecamatan Kota",
                 answers=answers, evidence=evidence)
    # website: only 1.1 (3 of 3 points) answered out of its opd/kecamatan questions
    half = {"1.1": "Ya"}
    write_filled(m, "kecamatan", tmp_path / "kec2.xlsx", badan_publik="Kecamatan Desa",
                 answers=half, evidence={"1.1": "https://x"})
    code, out, err = run("score", str(tmp_path / "kec.xlsx"), str(tmp_path / "kec2.xlsx"),
                         "--format", "json")
    assert code == 0, err
    records = {r["badan_publik"]: r for r in json.loads(out)}
    assert records["Kecamatan Kota"]["nilai_akhir"] == 100.0
    assert records["Kecamatan Kota"]["predikat"] == "Informatif"
    website = [q for q in m.questions_for("kecamatan") if q.indicator == "website"]
    possible = sum(q.points for q in website)
    # website = 3 / possible × 100; SAQ = 25 % of it; final = SAQ (renormalised)
    expected = (Decimal(3) / possible * 100 * Decimal("0.25")).quantize(Decimal("0.01"))
    assert Decimal(str(records["Kecamatan Desa"]["saq"])) == expected
    assert Decimal(str(records["Kecamatan Desa"]["nilai_akhir"])) == expected
    assert records["Kecamatan Desa"]["peringkat"] == 2


def test_methodology_filter_rejects_other_workbooks(batch: Path):
    code, out, err = run("score", str(batch), "--methodology", "klasik-2021", "--format",
                         "json")
    assert code == 1
    assert json.loads(out) == []
    assert err.count("[F210]") == 4


def test_usage_errors_exit_2(tmp_path: Path):
    assert run("score", str(tmp_path / "tidak-ada.xlsx"))[0] == 2
    assert run("template", "--methodology", "x", "--category", "opd", "-o",
               str(tmp_path / "t.xlsx"))[0] == 2
    code, _, err = run("template", "--methodology", "nasional-2025", "--category", "xx",
                       "-o", str(tmp_path / "t.xlsx"))
    assert code == 2
    assert "Kategori 'xx'" in err
    assert run("rank", str(tmp_path / "r.csv"), "--methodology", "tidak-ada")[0] == 2


def test_methodologies_json():
    code, out, _ = run("methodologies", "--format", "json")
    assert code == 0
    items = {m["id"]: m for m in json.loads(out)}
    assert set(items) >= {"klasik-2021", "nasional-2025"}
    assert set(items["nasional-2025"]) == {"id", "title", "year", "categories"}
    assert items["nasional-2025"]["year"] == 2025
    assert "opd" in items["nasional-2025"]["categories"]


def test_template_then_score_the_empty_template(tmp_path: Path):
    target = tmp_path / "kosong.xlsx"
    assert run("template", "--methodology", "nasional-2025", "--category", "bumd", "-o",
               str(target))[0] == 0
    code, _, err = run("score", str(target))
    assert code == 1  # no badan publik name yet
    assert "[D305]" in err


def test_rank_externally_scored_results(tmp_path: Path):
    table = tmp_path / "nilai.csv"
    table.write_text(
        "badan_publik;kategori;nilai_akhir\n"
        "Dinas A;opd;90,29\n"
        "Dinas B;opd;89,36\n"
        "Dinas C;opd;89,995\n"
        "Dinas D;opd;89,36\n"
        "Desa E;desa;60,34\n"
        "Desa F;desa;52,80\n", encoding="utf-8")
    code, out, err = run("rank", str(table), "--methodology", "nasional-2025", "--format",
                         "json")
    assert code == 0, err
    got = {r["badan_publik"]: (r["nilai_akhir"], r["predikat"], r["peringkat"])
           for r in json.loads(out)}
    assert got == {
        "Dinas A": (90.29, "Informatif", 1),
        "Dinas C": (90.0, "Informatif", 2),  # 89,995 rounds half-up to 90,00
        "Dinas B": (89.36, "Menuju Informatif", 3),
        "Dinas D": (89.36, "Menuju Informatif", 3),
        "Desa E": (60.34, "Cukup Informatif", 1),
        "Desa F": (52.8, "Kurang Informatif", 2),
    }


def test_rank_rejects_bad_rows_with_cells(tmp_path: Path):
    table = tmp_path / "nilai.csv"
    table.write_text("badan_publik,kategori,nilai_akhir\nDinas A,opd,sembilan puluh\n"
                     "Dinas B,rumah sakit,80\n", encoding="utf-8")
    code, _, err = run("rank", str(table), "--methodology", "nasional-2025")
    assert code == 1
    assert "[D311] nilai.csv › C2" in err
    assert "[D306] nilai.csv › B3" in err


def test_python_dash_m_monev_runs_as_a_program(batch: Path):
    result = subprocess.run([sys.executable, "-m", "monev", "score", str(batch), "--format",
                             "json"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 4
    bad = subprocess.run([sys.executable, "-m", "monev", "score"], cwd=ROOT,
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 2


def test_methodologies_points_to_the_library_for_saved_versions():
    code, out, err = run("methodologies")
    assert code == 0
    assert "nasional-2025" in out
    assert "library list" not in out  # stdout: the list only
    assert "python -m monev library list" in err
