"""A canonical dump of every state table: what "two databases are equal" means for replay.

Rows are written as canonical JSON without surrogate keys (auto-increment ids), sorted, per table;
login accounts, tokens, signing keys and cached checkpoints are not state (not in the record).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.apps import apps
from django.db import models

from polemica.events import canonical_json, format_time

STATE_APPS = ("orgs", "process", "votes", "centralism", "record")
NOT_STATE = {
    "record.signingkey",
    "record.checkpoint",
    "process.storedfile",
    "process.fileupload",
    # A secret vote's ballot box: outside the record until the decision publishes it.
    "votes.sealedballot",
}


def state_models() -> list[type[models.Model]]:
    out = []
    for label in STATE_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label_lower not in NOT_STATE:
                out.append(model)
    return out


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def dump() -> dict[str, list[str]]:
    """Table label → sorted canonical rows."""
    out: dict[str, list[str]] = {}
    for model in state_models():
        fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
        rows = []
        for obj in model._default_manager.all().iterator():
            row = {f.attname: _value(getattr(obj, f.attname)) for f in fields}
            rows.append(canonical_json(row).decode())
        out[model._meta.label_lower] = sorted(rows)
    return out
