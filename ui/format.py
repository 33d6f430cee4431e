"""Numbers and dates as Indonesians read them (Babel, locale id_ID): ``89,95``,
``1.234``, ``23 November 2026``. Scores are rounded by ``scoring`` before they get here."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

LOCALE = "id_ID"
try:
    WIB = ZoneInfo("Asia/Jakarta")
except ZoneInfoNotFoundError:  # no tz database on this machine
    WIB = timezone(timedelta(hours=7), "WIB")


def score(value: Decimal | float | None) -> str:
    """A score with two decimals: ``89,95``; ``-`` when there is none."""
    if value is None:
        return "-"
    return format_decimal(value, format="#,##0.00", locale=LOCALE)


def number(value: int | float | Decimal) -> str:
    return format_decimal(value, locale=LOCALE)


def percent(value: float) -> str:
    """A share 0–1 as ``72,5%``."""
    return format_percent(value, format="#,##0.0%", locale=LOCALE)


def day(value: date | datetime | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return format_datetime(value, format="d MMM yyyy HH:mm", locale=LOCALE,
                               tzinfo=WIB) + " WIB"
    return format_date(value, format="long", locale=LOCALE)
