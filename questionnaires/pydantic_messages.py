"""Pydantic's validation errors told in Bahasa Indonesia (the detail of M102), for the
methodology loaders: the YAML loader (:mod:`questionnaires.loader`) and the methodology
workbook (:mod:`questionnaires.methodology_workbook`)."""

from __future__ import annotations

from typing import Any

_PYDANTIC_ID = {
    "missing": "wajib diisi",
    "extra_forbidden": "isian tidak dikenal (salah ketik nama isian?)",
    "string_type": "harus berupa teks; beri tanda kutip untuk kode angka, mis. \"2.1\"",
    "string_too_short": "tidak boleh kosong",
    # A pattern is never shown (a regular expression means nothing to KI staff): its
    # instruction from PATTERN_HELP, else this.
    "string_pattern_mismatch": "bentuknya tidak sah",
    "int_parsing": "harus berupa bilangan bulat",
    "int_type": "harus berupa bilangan bulat",
    "decimal_parsing": "harus berupa angka",
    "decimal_type": "harus berupa angka",
    "greater_than": "harus lebih dari {gt}",
    "greater_than_equal": "harus paling kecil {ge}",
    "less_than_equal": "harus paling besar {le}",
    "enum": "harus salah satu dari: {expected}",
    "too_short": "minimal {min_length} isian",
    "tuple_type": "harus berupa daftar",
    "model_type": "harus berupa pemetaan (key: nilai)",
    "dict_type": "harus berupa pemetaan (key: nilai)",
}


# What each pattern of the methodology model asks, as an instruction people follow.
PATTERN_HELP = {
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$": (
        "kode hanya boleh berisi huruf, angka, titik (.), garis bawah (_) dan tanda hubung "
        "(-), diawali huruf atau angka, tanpa spasi; mis. 2.1 atau jenis_informasi"),
    r"^[a-z0-9]{1,3}$": (
        "kode butir 1 sampai 3 huruf kecil atau angka, tanpa spasi; mis. a, b atau rka"),
    r"^#[0-9A-Fa-f]{6}$": (
        "tulis kode warna #RRGGBB: tanda # lalu enam angka 0–9 atau huruf A–F, mis. #1E8449"),
    r"^half_up$": "hanya 'half_up' (dibulatkan setengah ke atas) yang didukung",
}


def pydantic_message(err: Any) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) in Indonesian; a value
    not of a field's pattern is told what to write (:data:`PATTERN_HELP`), never the
    pattern itself."""
    if err["type"] == "string_pattern_mismatch":
        pattern = str(err.get("ctx", {}).get("pattern", ""))
        return PATTERN_HELP.get(pattern, _PYDANTIC_ID["string_pattern_mismatch"])
    template = _PYDANTIC_ID.get(err["type"])
    if template is None:
        return str(err["msg"])
    context = {k: str(v).replace(" or ", " atau ") for k, v in err.get("ctx", {}).items()}
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return str(err["msg"])
