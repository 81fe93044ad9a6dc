"""Canonical JSON: the exact bytes an event is hashed and stored as.

Rules (docs/events.md): keys sorted by code point, no insignificant whitespace, UTF-8 without
escaping non-ASCII characters, no NaN or infinity, times in the normalized RFC 3339 form below.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$"
)


# One encoder for every call: json.dumps with these options would build a new one each time.
_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)


def canonical_json(value: Any) -> bytes:
    """The canonical bytes of a JSON value."""
    return _ENCODER.encode(value).encode("utf-8")


def parse_time(text: str) -> datetime:
    """Parse an RFC 3339 date-time (any offset) into an aware UTC datetime.

    Raises ValueError with a readable reason. Fractions beyond microseconds are truncated.
    """
    m = _RFC3339.match(text)
    if not m:
        raise ValueError(f"{text!r} is not an RFC 3339 time such as 2026-01-31T09:30:00Z")
    year, month, day, hour, minute, second, frac, offset = m.groups()
    micro = int((frac or "0").ljust(6, "0")[:6])
    if offset in ("Z", "z"):
        tz = UTC
    else:
        sign = 1 if offset[0] == "+" else -1
        hours, minutes = int(offset[1:3]), int(offset[4:6])
        if hours > 23 or minutes > 59:
            raise ValueError(f"{text!r} has an impossible UTC offset")
        tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
    try:
        moment = datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second), micro, tz
        )
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date and time ({exc})") from None
    return moment.astimezone(UTC)


def format_time(moment: datetime) -> str:
    """The normalized form: UTC, `Z` suffix, fraction only when non-zero, trailing zeros dropped."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no defined UTC time")
    moment = moment.astimezone(UTC)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += "." + f"{moment.microsecond:06d}".rstrip("0")
    return text + "Z"


def normalize_time(text: str) -> str:
    """Any RFC 3339 time, as its normalized UTC form."""
    return format_time(parse_time(text))
