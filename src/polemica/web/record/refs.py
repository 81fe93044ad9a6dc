"""Helpers projectors share: look a referenced row up or fail naming the event."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from django.db import models

from polemica.events import Event, parse_time
from polemica.web.record.projection import ReplayError

M = TypeVar("M", bound=models.Model)


def ref(model: type[M], pk: Any, event: Event, what: str) -> M:
    if pk is None:
        raise ReplayError(event, f"names no {what}")
    found = model._default_manager.filter(pk=pk).first()
    if found is None:
        raise ReplayError(event, f"refers to the unknown {what} {pk!r}")
    return found


def when(event: Event) -> datetime:
    return parse_time(event.at)
