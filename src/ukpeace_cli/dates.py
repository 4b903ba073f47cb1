"""Publication times, read one way everywhere: in UTC, never in the machine's time zone.

A stored `published` is ISO 8601 (`parsing.parse_date`): a date-time with the offset its text
gave, a date-time whose text gave no zone, or a date alone. Every comparison of times (the
first article to name an entity, lags, which of two copies came first) reads it with `instant`:
no offset means UTC, a date alone means its midnight UTC. So `TZ` never changes an answer.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

# Common news time-zone abbreviations, in seconds east of UTC (dateutil knows only UTC/GMT).
TZINFOS: dict[str, int] = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "BST": 3600,
    "CET": 3600,
    "CEST": 7200,
    "EET": 7200,
    "EEST": 10800,
    "MSK": 10800,
    "EST": -5 * 3600,
    "EDT": -4 * 3600,
    "CST": -6 * 3600,
    "CDT": -5 * 3600,
    "MST": -7 * 3600,
    "MDT": -6 * 3600,
    "PST": -8 * 3600,
    "PDT": -7 * 3600,
}


def zone(name: str | None, offset: int | None) -> int | None:
    """dateutil's `tzinfos` callable: the offset of a known abbreviation, else the numeric
    offset the text gave, else None (no zone). A callable, because with a mapping dateutil
    reads an unknown name that matches the machine's zone ("IST" under TZ=Asia/Kolkata) as
    local time."""
    if name in TZINFOS:
        return TZINFOS[name]
    return offset


def instant(value: Any) -> datetime | None:
    """A stored date or date-time as an aware UTC datetime; None if empty or not ISO 8601."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(str(value))
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=timezone.utc)
        return dt.astimezone(timezone.utc)
    except (ValueError, OverflowError):  # not ISO 8601, or beyond year 1..9999 in UTC
        return None


def timestamp(value: Any) -> float | None:
    """`instant` as POSIX seconds (what sorting and lags need)."""
    t = instant(value)
    return None if t is None else t.timestamp()


def sort_key(value: Any) -> tuple[bool, float]:
    """Earliest first, undated (or unreadable) last."""
    t = timestamp(value)
    return (t is None, t or 0.0)
