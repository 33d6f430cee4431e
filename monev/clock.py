"""Western Indonesia Time (WIB), the one time zone the app shows and reads dates in.

Deadlines are calendar dates as a KI announces them, read in WIB whatever zone the server
runs in; times shown to people (the app, the CLI, messages) are WIB too. Stored times are
UTC (:class:`storage.models.UTCDateTime`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _zone() -> tzinfo:
    try:
        return ZoneInfo("Asia/Jakarta")
    except ZoneInfoNotFoundError:  # no time zone data installed: WIB is UTC+7 all year
        return timezone(timedelta(hours=7), "WIB")


WIB: tzinfo = _zone()


def today() -> date:
    """Today's date in WIB."""
    return datetime.now(WIB).date()
