"""Numbers, dates, times and colours as Indonesians read them, in reports and in the app.

The one place for these (Babel, locale ``id_ID``): :mod:`reports` writers use them
directly, the app through :mod:`ui.format`, the CLI through :mod:`monev`.

Scores are rounded by :mod:`scoring` (half-up, two decimals) before they get here; these
functions only format: ``89,95``, ``1.234``, ``+1,25``, ``72,5%``, ``23 November 2026``.
Babel does not depend on the operating system's locales (Windows laptops, slim containers)
and is thread-safe. Scores are formatted with the locale's symbols taken from Babel once
(tables of thousands of cells format every score: Babel's pattern per value is about 20×
slower, for the same text). Spreadsheets keep numbers numeric and get :data:`XLSX_SCORE`
instead.
"""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, date, datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import (
    NumberFormatError,
    format_decimal,
    get_decimal_symbol,
    get_group_symbol,
    parse_pattern,
)
from babel.numbers import parse_decimal as parse_decimal_babel
from babel.units import format_unit

LOCALE = Locale.parse("id_ID")
DASH = "–"  # shown where there is no number

_INTEGER = parse_pattern("#,##0")
_PLAIN = parse_pattern("#,##0.##")
_PERCENT = parse_pattern("#,##0.0%")
_NUMBER = LOCALE.decimal_formats[None]  # the locale's own: #,##0.###
# Python writes "1,234.50"; the locale writes "1.234,50".
_SYMBOLS = str.maketrans({",": get_group_symbol(LOCALE), ".": get_decimal_symbol(LOCALE)})

# Number formats of spreadsheet cells (Excel/LibreOffice show the decimal comma under an
# Indonesian locale; the cell stays a number).
XLSX_SCORE = "0.00"
XLSX_SIGNED = "+0.00;-0.00;0.00"
XLSX_SIGNED_INT = "+0;-0;0"
XLSX_DATETIME = "yyyy-mm-dd hh:mm:ss"

Number = Decimal | float | int

# -- numbers --------------------------------------------------------------------------------


def score(value: Number | None, empty: str = DASH) -> str:
    """A score with two decimals and thousands dots: ``89,95``, ``1.234,50``; `empty` when
    there is none (None or NaN, as pandas hands over a missing number)."""
    if value is None or value != value:
        return empty
    return f"{value:,.2f}".translate(_SYMBOLS)


def signed(value: Number | None, empty: str = DASH) -> str:
    """A change with its sign: ``+1,25``, ``-0,50``, ``0,00``."""
    if value is None:
        return empty
    text = score(value)
    return "+" + text if value > 0 else text


def integer(value: int | None, empty: str = DASH) -> str:
    """A count with thousands dots: ``1.234``."""
    if value is None:
        return empty
    return _INTEGER.apply(value, LOCALE)


def plain(value: Number | None, empty: str = DASH) -> str:
    """A weight or bound without needless decimals: ``80``, ``12,5``, ``89,99``."""
    if value is None:
        return empty
    return _PLAIN.apply(value, LOCALE)


def number(value: Number) -> str:
    """A number in the locale's own format (up to three decimals): ``1.234``, ``12,5``."""
    return _NUMBER.apply(value, LOCALE)


def exact(value: Number) -> str:
    """A number with exactly the decimals it has, none added or cut: ``85,5``, ``1.234,125``,
    ``100`` (an answer typed by a person, shown back as it was read)."""
    return format_decimal(value, locale=LOCALE, decimal_quantization=False)


def percent(value: float | Decimal) -> str:
    """A share 0–1 as ``72,5%``."""
    return _PERCENT.apply(value, LOCALE)


def file_size(size: int) -> str:
    """A file's size as people read it, in decimal units (1 MB = 1.000.000 byte, as upload
    limits are announced): ``850 byte``, ``12,5 kB``, ``1,2 MB`` (one decimal, none when
    whole: ``2 MB``)."""
    if size < 1000:
        return format_unit(size, "digital-byte", length="short", format="#,##0",
                           locale=LOCALE)
    for unit, scale in (("digital-kilobyte", 10**3), ("digital-megabyte", 10**6)):
        shown = (Decimal(size) / scale).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if shown < 1000:
            return format_unit(shown, unit, length="short", format="#,##0.#", locale=LOCALE)
    return format_unit((Decimal(size) / 10**9).quantize(Decimal("0.1"), ROUND_HALF_UP),
                       "digital-gigabyte", length="short", format="#,##0.#", locale=LOCALE)


def decimal_text(value: Decimal | None) -> str:
    """A machine-readable two-decimal score (open data): ``89.95``; empty when none."""
    return "" if value is None else f"{value:.2f}"


# -- numbers typed by a person ----------------------------------------------------------------


class NumberTextError(ValueError):
    """A typed text that is not a number: `kind` is ``"empty"`` or ``"not_number"``."""

    def __init__(self, text: str, kind: str) -> None:
        super().__init__(f"{kind}: {text!r}")
        self.text = text
        self.kind = kind


_TYPED_NUMBER = re.compile(r"[+-]?[0-9.,]+")
# One point followed by one or two digits cannot be a thousands separator (groups have
# three digits), so ``85.5`` / ``-2.25`` / ``85.50`` can only mean a decimal point.
_POINT_DECIMAL = re.compile(r"([+-]?[0-9]+)\.([0-9]{1,2})")


def parse_decimal(text: str) -> Decimal:
    """A number typed the Indonesian way, read by Babel (locale ``id_ID``, strict): ``85,5``
    → 85.5, ``1.000,5`` → 1000.5, ``1.000`` → 1000 (the point groups thousands), ``-2`` →
    -2. A single point followed by one or two digits (``85.5``, ``85.50``) is read as a
    decimal point, since Indonesian never groups fewer than three digits; any other use of
    the point is a thousands separator (``85.500`` → 85500) or refused (``8.5.1``).

    Surrounding spaces are ignored; the minus sign may be ``-`` or ``−``. Exponents,
    ``NaN``, spaces inside and other scripts' digits are refused. Raises
    :class:`NumberTextError` (kind ``"empty"`` or ``"not_number"``).
    """
    typed = str(text).strip().replace("\N{MINUS SIGN}", "-")
    if not typed:
        raise NumberTextError(str(text), "empty")
    if _TYPED_NUMBER.fullmatch(typed) is None:
        raise NumberTextError(str(text), "not_number")
    if (point := _POINT_DECIMAL.fullmatch(typed)) is not None:
        typed = f"{point[1]}{get_decimal_symbol(LOCALE)}{point[2]}"
    try:
        return parse_decimal_babel(typed, locale=LOCALE, strict=True)
    except NumberFormatError:
        raise NumberTextError(str(text), "not_number") from None


# -- dates and times ------------------------------------------------------------------------

LONG_TIME = "d MMMM y HH.mm"  # 23 November 2026 10.05
SHORT_TIME = "d MMM yyyy HH:mm"  # 23 Nov 2026 10:05


def long_date(value: date | datetime) -> str:
    """``23 November 2026``."""
    return format_date(value, format="long", locale=LOCALE)


def date_time(value: datetime, zone: tzinfo = UTC, pattern: str = LONG_TIME) -> str:
    """`value` in `zone` with the zone's abbreviation: ``23 November 2026 10.05 UTC``, or
    with ``zone=WIB, pattern=SHORT_TIME`` ``23 Nov 2026 17:05 WIB``. A time without a
    zone is UTC (stored times are)."""
    local = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(zone)
    return f"{format_datetime(local, pattern, locale=LOCALE)} {local.tzname()}"


def zip_member(name: str, when: datetime, zone: tzinfo,
               compress_type: int = zipfile.ZIP_STORED) -> zipfile.ZipInfo:
    """A ZIP entry `name` dated `when` as read in `zone` (a ZIP stores a wall-clock time
    without a zone: written with the server's clock, a report made at 15.53 WIB unpacks as
    08.53 on a UTC server). A time without a zone is UTC."""
    local = (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(zone)
    info = zipfile.ZipInfo(name, date_time=(local.year, local.month, local.day, local.hour,
                                            local.minute, local.second))
    info.compress_type = compress_type
    return info


def naive_utc(value: datetime) -> datetime:
    """A UTC time without its zone, for spreadsheet cells (Excel has no time zones)."""
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def naive_in(value: datetime, zone: tzinfo) -> datetime:
    """The wall-clock time of `value` in `zone`, without its zone, for spreadsheet cells
    (Excel has no time zones; the workbook says which one its times are in). A time
    without a zone is UTC (stored times are)."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(zone).replace(tzinfo=None)


def zone_name(zone: tzinfo, at: datetime | None = None, *, offset: bool = True) -> str:
    """A time zone as people read it at `at` (default now): ``WIB (UTC+7)``, or with
    `offset` False ``WIB``; a zone without a name of its own is its offset, ``UTC+7``."""
    moment = (at or datetime.now(UTC)).astimezone(zone)
    delta = moment.utcoffset()
    minutes = int(delta.total_seconds() // 60) if delta is not None else 0
    hours, rest = divmod(abs(minutes), 60)
    utc = "UTC" + (f"{'+' if minutes > 0 else '-'}{hours}" + (f".{rest:02d}" if rest else "")
                   if minutes else "")
    name = moment.tzname() or ""
    if not name or name.startswith(("UTC", "+", "-")):
        return utc
    return f"{name} ({utc})" if offset else name


# -- colours --------------------------------------------------------------------------------


def text_on(colour: str) -> str:
    """Black or white text (``#000000``/``#FFFFFF``), whichever reads better on `colour`
    (``#RRGGBB``, e.g. a predikat band's): by the colour's perceived brightness."""
    r, g, b = (int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#FFFFFF"
