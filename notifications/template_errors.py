"""Jinja2's errors of a notification text, said in Bahasa Indonesia for the admin who writes
it: what is wrong, on which line, how to fix it, with Jinja's own words in parentheses for
the rare case not translated here.

:func:`explain` takes the error raised while checking (parsing and rendering with sample
values) one part of a text (``"Subjek"`` or ``"Isi"``) and returns one sentence, e.g.
``Isi baris 3: blok {% if %} belum ditutup — tambahkan {% endif %} (atau {% else %} /
{% elif %}) sebelum akhir teks.``
"""

from __future__ import annotations

import re
from types import TracebackType

from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SecurityError

_VALUES = "Pakai hanya nilai yang tercantum di daftar nilai untuk jenis notifikasi ini."
_PAIRS = "Periksa pasangan {{ }}, {% %} dan {% end… %}."

# Syntax errors: (Jinja's message pattern, the Indonesian sentence; groups by name).
_SYNTAX: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE | re.DOTALL), text) for pattern, text in (
        (r"Unexpected end of template\. Jinja was looking for the following tags: "
         r"(?P<tags>.*?)\. The innermost block that needs to be closed is '(?P<block>\w+)'",
         "blok {{% {block} %}} belum ditutup — tambahkan {{% end{block} %}} sebelum akhir "
         "teks"),
        (r"unexpected end of template, expected 'end of print statement'",
         "{{{{ dibuka tetapi tidak ditutup — tambahkan }}}} setelah nama nilainya"),
        (r"unexpected end of template",
         "teks berakhir sebelum perintah templat selesai — periksa {{{{ }}}} dan {{% %}} "
         "yang belum ditutup"),
        (r"Encountered unknown tag '(?P<tag>end\w+)'",
         "{{% {tag} %}} menutup blok yang tidak dibuka — hapus, atau tambahkan blok "
         "pembukanya"),
        (r"Encountered unknown tag '(?P<tag>\w+)'",
         "perintah {{% {tag} %}} tidak dikenal — yang dapat dipakai antara lain {{% if %}}, "
         "{{% for %}}, {{% else %}}"),
        (r"No filter named '(?P<name>\w+)'",
         "penyaring '| {name}' tidak dikenal — hapus atau perbaiki namanya"),
        (r"No test named '(?P<name>\w+)'",
         "uji 'is {name}' tidak dikenal — hapus atau perbaiki namanya"),
        (r"expected token 'end of print statement', got '(?P<got>[^']*)'",
         "di dalam {{{{ }}}} tertulis '{got}' setelah nama nilainya — satu {{{{ }}}} hanya "
         "untuk satu nilai; tutup dengan }}}}"),
        (r"expected token '(?P<want>[^']*)', got '(?P<got>[^']*)'",
         "tertulis '{got}' di tempat yang mestinya '{want}'"),
        (r"unexpected char (?P<char>.+?) at \d+",
         "tanda {char} tidak pada tempatnya (mis. tanda kutip yang tidak ditutup)"),
        (r"unexpected '(?P<char>[^']*)'", "tanda '{char}' tidak pada tempatnya"),
        (r"Expected an expression, got '(?P<got>[^']*)'",
         "perintah templat tanpa isi — tuliskan nilai atau syaratnya, mis. "
         "{{% if sisa_hari %}}"),
    ))


def _line(error: BaseException) -> int | None:
    """The template line a rendering error happened on (Jinja puts template frames in the
    traceback), or None."""
    if isinstance(error, TemplateSyntaxError):
        return error.lineno
    tb: TracebackType | None = error.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename in ("<template>", "<unknown>"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _syntax(message: str) -> str:
    for pattern, text in _SYNTAX:
        found = pattern.search(message)
        if found:
            said = text.format(**found.groupdict())
            return said if len(message) > 80 else f"{said} ({message})"  # long: said all
    return f"penulisan templat keliru ({message}). {_PAIRS}"


def _undefined(message: str) -> str:
    name = re.fullmatch(r"'([^']+)' is undefined", message)
    if name:
        return f"nilai '{name.group(1)}' tidak dikenal untuk jenis notifikasi ini. {_VALUES}"
    part = re.fullmatch(r"'(?P<owner>[^']+)' has no attribute '(?P<attr>[^']+)'", message)
    if part:
        return (f"nilai tidak mempunyai bagian '{part.group('attr')}' ({message}). "
                f"{_VALUES}")
    return f"nilai yang dipakai tidak ada ({message}). {_VALUES}"


def _unsafe(message: str) -> str:
    attr = re.search(r"attribute '([^']+)'", message)
    what = f"'{attr.group(1)}'" if attr else "bagian dalam nilai"
    return (f"templat mencoba membuka {what}, yang tidak diizinkan demi keamanan — pakai "
            f"hanya nama nilai, mis. {{{{ nama }}}} ({message})")


def explain(error: BaseException, part: str) -> str:
    """`error` (raised checking `part` of a text: ``"Subjek"``/``"Isi"``) as one sentence in
    Bahasa Indonesia: ``<part> baris <n>: <what is wrong — how to fix> (<Jinja's words>).``
    The line is left out when Jinja gives none."""
    line = _line(error)
    where = f"{part} baris {line}" if line else part
    message = str(getattr(error, "message", None) or error).strip().rstrip(".")
    if isinstance(error, TemplateSyntaxError):
        said = _syntax(message)
    elif isinstance(error, SecurityError):
        said = _unsafe(message)
    elif isinstance(error, UndefinedError):
        said = _undefined(message)
    elif isinstance(error, ZeroDivisionError):
        said = f"pembagian dengan nol ({message})"
    elif isinstance(error, TypeError | ValueError | ArithmeticError):
        said = f"nilai tidak dapat diolah seperti yang ditulis ({message}). {_VALUES}"
    else:
        said = f"templat tidak dapat dipakai ({message}). {_PAIRS}"
    said = said.rstrip()
    return f"{where}: {said}" + ("" if said.endswith(".") else ".")


__all__ = ["explain"]
