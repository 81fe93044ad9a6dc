"""Ids of new things: a short prefix naming the kind of thing and 12 random hex digits."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from polemica.events import format_time


def new_id(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(6)}"


def now_text() -> str:
    return format_time(datetime.now(UTC))
