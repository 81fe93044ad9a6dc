"""Time windows: `all`, `90d` (the last 90 days of the log), or `2026-01-01..2026-06-30`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

_DAYS = re.compile(r"^(\d+)([dw])$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})?\.\.(\d{4}-\d{2}-\d{2})?$")


@dataclass(frozen=True, slots=True)
class Window:
    """A closed interval of time; `None` ends are open."""

    start: datetime | None
    end: datetime | None
    label: str

    def days(self, first: datetime, last: datetime) -> float:
        """The window's length in days, clipped to the log's own span."""
        lo = max(first, self.start) if self.start else first
        hi = min(last, self.end) if self.end else last
        return max((hi - lo).total_seconds() / 86400.0, 0.0)


def parse_window(text: str, last: datetime | None = None) -> Window:
    """Parse a window; relative windows (`90d`, `12w`) end at `last`, the log's last event."""
    spec = text.strip()
    if spec in ("", "all"):
        return Window(None, None, "all")
    m = _DAYS.match(spec)
    if m:
        days = int(m.group(1)) * (7 if m.group(2) == "w" else 1)
        if days <= 0:
            raise ValueError(f"window {text!r} must be at least one day long")
        if last is None:
            return Window(None, None, spec)
        return Window(last - timedelta(days=days), last, spec)
    m = _RANGE.match(spec)
    if m and (m.group(1) or m.group(2)):
        start = _day(m.group(1), time.min) if m.group(1) else None
        end = _day(m.group(2), time.max) if m.group(2) else None
        if start and end and start > end:
            raise ValueError(f"window {text!r} ends before it starts")
        return Window(start, end, spec)
    raise ValueError(
        f"window {text!r} is not understood; use 'all', a length such as '90d' or '12w', "
        "or dates such as '2026-01-01..2026-06-30'"
    )


def _day(text: str, at: time) -> datetime:
    try:
        return datetime.combine(date.fromisoformat(text), at, tzinfo=UTC)
    except ValueError:
        raise ValueError(f"{text!r} is not a date such as 2026-01-31") from None
