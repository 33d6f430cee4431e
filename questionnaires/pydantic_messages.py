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
    "string_pattern_mismatch": "format tidak sah (pola {pattern})",
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


def pydantic_message(err: Any) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) in Indonesian."""
    template = _PYDANTIC_ID.get(err["type"])
    if template is None:
        return str(err["msg"])
    context = {k: str(v).replace(" or ", " atau ") for k, v in err.get("ctx", {}).items()}
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return str(err["msg"])
