"""Numbers, dates and times as Indonesians read them in reports (Babel, locale ``id_ID``).

Scores are rounded by :mod:`scoring` (half-up, two decimals) before they get here; these
functions only format: ``89,95``, ``1.234``, ``+1,25``, ``23 November 2026``. Babel does not
depend on the operating system's locales (Windows laptops, slim containers) and is
thread-safe. Spreadsheets keep numbers numeric and get :data:`XLSX_SCORE` instead.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import parse_pattern

LOCALE = Locale.parse("id_ID")
DASH = "–"  # shown where there is no number

_SCORE = parse_pattern("#,##0.00")
_INTEGER = parse_pattern("#,##0")
_PLAIN = parse_pattern("#,##0.##")

# Number formats of spreadsheet cells (Excel/LibreOffice show the decimal comma under an
# Indonesian locale; the cell stays a number).
XLSX_SCORE = "0.00"
XLSX_SIGNED = "+0.00;-0.00;0.00"
XLSX_SIGNED_INT = "+0;-0;0"
XLSX_INTEGER = "0"
XLSX_DATETIME = "yyyy-mm-dd hh:mm:ss"


def score(value: Decimal | float | int | None, empty: str = DASH) -> str:
    """A score with two decimals: ``89,95``; `empty` when there is none."""
    if value is None:
        return empty
    return _SCORE.apply(value, LOCALE)


def signed(value: Decimal | float | int | None, empty: str = DASH) -> str:
    """A change with its sign: ``+1,25``, ``-0,50``, ``0,00``."""
    if value is None:
        return empty
    text = _SCORE.apply(value, LOCALE)
    return "+" + text if value > 0 else text


def integer(value: int | None, empty: str = DASH) -> str:
    """A count with thousands dots: ``1.234``."""
    if value is None:
        return empty
    return _INTEGER.apply(value, LOCALE)


def plain(value: Decimal | float | int | None, empty: str = DASH) -> str:
    """A weight or bound without needless decimals: ``80``, ``12,5``, ``89,99``."""
    if value is None:
        return empty
    return _PLAIN.apply(value, LOCALE)


def decimal_text(value: Decimal | None) -> str:
    """A machine-readable two-decimal score (open data): ``89.95``; empty when none."""
    return "" if value is None else f"{value:.2f}"


def long_date(value: date | datetime) -> str:
    """``23 November 2026``."""
    return format_date(value, format="long", locale=LOCALE)


def date_time(value: datetime) -> str:
    """``23 November 2026 10.05 UTC`` (stored times are UTC)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return format_datetime(value, "d MMMM y HH.mm", locale=LOCALE) + " UTC"


def naive_utc(value: datetime) -> datetime:
    """A UTC time without its zone, for spreadsheet cells (Excel has no time zones)."""
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value

