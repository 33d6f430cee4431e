"""KI Pusat's own published tables can be ranked: final scores typed with its seven
categories (as names or codes) get their predikat and their rank within the category,
through rank_scores and the `rank` command (preset ki-pusat-2025)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from questionnaires.loader import presets
from scoring import rank_scores
from tests.monev.test_cli import run

D = Decimal

# Published-style finals (the real two-decimal values of domain.md) spread over the seven
# categories, written as KI Pusat writes its categories; ties share a rank (1, 2, 2, 4).
TABLE = """badan_publik;kategori;nilai_akhir
Kementerian Satu;Kementerian;97,94
Kementerian Dua;Kementerian;89,36
Kementerian Tiga;Kementerian;89,36
Kementerian Empat;Kementerian;52,80
Badan Satu;Lembaga Negara dan LPNK;93,43
Badan Dua;Lembaga Negara dan LPNK;60,34
Komisi Satu;LNS;84,96
Provinsi Satu;Pemerintah Provinsi;72,00
Provinsi Dua;Pemerintah Provinsi;90,29
PT Satu;BUMN;80,92
Universitas Satu;Perguruan Tinggi Negeri;89,995
Partai Satu;Partai Politik;39,99
Partai Dua;Partai Politik;40,00
"""

EXPECTED = {  # name: (category code, final, predikat, rank)
    "Kementerian Satu": ("kementerian", D("97.94"), "Informatif", 1),
    "Kementerian Dua": ("kementerian", D("89.36"), "Menuju Informatif", 2),
    "Kementerian Tiga": ("kementerian", D("89.36"), "Menuju Informatif", 2),
    "Kementerian Empat": ("kementerian", D("52.80"), "Kurang Informatif", 4),
    "Badan Satu": ("lembaga", D("93.43"), "Informatif", 1),
    "Badan Dua": ("lembaga", D("60.34"), "Cukup Informatif", 2),
    "Komisi Satu": ("lns", D("84.96"), "Menuju Informatif", 1),
    "Provinsi Dua": ("pemprov", D("90.29"), "Informatif", 1),
    "Provinsi Satu": ("pemprov", D("72.00"), "Cukup Informatif", 2),
    "PT Satu": ("bumn", D("80.92"), "Menuju Informatif", 1),
    # 89,995 is published half-up as 90,00: Informatif.
    "Universitas Satu": ("ptn", D("90.00"), "Informatif", 1),
    "Partai Dua": ("parpol", D("40.00"), "Kurang Informatif", 1),
    "Partai Satu": ("parpol", D("39.99"), "Tidak Informatif", 2),
}


def test_rank_scores_with_the_seven_categories() -> None:
    m = presets().get("ki-pusat-2025")
    assert m is not None
    rows = [(name, category, D(str(final)))
            for name, (category, final, _, _) in EXPECTED.items()]
    rows[-3] = ("Universitas Satu", "ptn", D("89.995"))  # as typed, before rounding
    ranked = rank_scores(rows, m)
    got = {r.badan_publik: (r.category, r.final, r.predicate.label if r.predicate else None,
                            r.rank) for r in ranked}
    assert got == EXPECTED
    # In the methodology's category order: kementerian first, partai politik last.
    assert (ranked[0].category, ranked[-1].category) == ("kementerian", "parpol")


def test_the_rank_command_with_ki_pusat_categories(tmp_path: Path) -> None:
    table = tmp_path / "hasil-ki-pusat.csv"
    table.write_text(TABLE, encoding="utf-8")
    code, out, err = run("rank", str(table), "--methodology", "ki-pusat-2025", "--format",
                         "json")
    assert code == 0, err
    got = {r["badan_publik"]: (r["kategori"], D(str(r["nilai_akhir"])), r["predikat"],
                               r["peringkat"]) for r in json.loads(out)}
    assert got == EXPECTED
    # The provincial preset does not know these categories: every row is refused by cell.
    code, _, err = run("rank", str(table), "--methodology", "nasional-2025")
    assert code == 1
    assert "[D306] hasil-ki-pusat.csv › B2" in err
