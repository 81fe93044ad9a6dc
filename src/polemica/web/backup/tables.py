"""What a backup carries besides the logs: the tables outside the record, as JSON Lines.

Each table is one file, one row a line in canonical JSON, every concrete field of the model by
name except an automatic id. References to accounts are written as usernames (account ids are
not kept: nothing outside the database shows them); organizations, bodies and members by the
ids the record gives them; times in the event format's UTC form.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from polemica.events import canonical_json, format_time, parse_time
from polemica.web.accounts.models import ApiToken, IdempotentRequest, Login, OrgAdmin, User
from polemica.web.process.models import FileUpload, StoredFile
from polemica.web.record.models import Checkpoint, SigningKey
from polemica.web.ui.models import Digest, Invitation
from polemica.web.votes.models import SealedBallot


class BackupError(ValueError):
    """A backup that cannot be restored (or written), with the reason in one sentence."""


@dataclass(frozen=True)
class Table:
    """One model written to `<name>.jsonl`."""

    name: str
    model: type[models.Model]

    @property
    def file(self) -> str:
        return f"{self.name}.jsonl"

    @property
    def fields(self) -> list[models.Field[Any, Any]]:
        return [f for f in self.model._meta.concrete_fields if not isinstance(f, models.AutoField)]


# In the order a restore writes them: accounts before what names them.
TABLES = (
    Table("accounts", User),
    Table("logins", Login),
    Table("admins", OrgAdmin),
    Table("tokens", ApiToken),
    Table("keys", SigningKey),
    Table("checkpoints", Checkpoint),
    Table("files", StoredFile),
    Table("uploads", FileUpload),
    Table("invitations", Invitation),
    Table("digests", Digest),
    # Open secret votes' ballot boxes: tracking number, question, ballot; no voter, in
    # tracking-number order (the key), so the file links no ballot to anyone.
    Table("ballotbox", SealedBallot),
)

# Tables a backup leaves out on purpose: retries' answers are kept a day and belong to the
# running instance (a restored one starts without them, like without sessions).
NOT_CARRIED: tuple[type[models.Model], ...] = (IdempotentRequest,)


def _to_user(field: models.Field[Any, Any]) -> bool:
    return field.is_relation and field.related_model is User


def rows(table: Table, usernames: dict[int, str]) -> Iterator[bytes]:
    """The table's rows as canonical JSON lines (without the newline)."""
    fields = table.fields
    for obj in table.model._default_manager.order_by("pk").iterator():
        row: dict[str, Any] = {}
        for f in fields:
            value = getattr(obj, f.attname)
            if _to_user(f):
                value = None if value is None else usernames[value]
            elif isinstance(value, datetime):
                value = format_time(value)
            row[f.name] = value
        yield canonical_json(row)


def parse_row(table: Table, raw: Any, where: str) -> dict[str, Any]:
    """One decoded line → attname → value, checked field by field; `where` names the line."""
    if not isinstance(raw, dict):
        raise BackupError(f"{where} is not a JSON object")
    names = {f.name for f in table.fields}
    if raw.keys() != names:
        extra, lacking = sorted(raw.keys() - names), sorted(names - raw.keys())
        what = (
            f"lacks the field {lacking[0]!r}" if lacking else f"has the unknown field {extra[0]!r}"
        )
        raise BackupError(f"{where} {what}")
    out: dict[str, Any] = {}
    for f in table.fields:
        out[f.attname] = _value(f, raw[f.name], where)
    return out


def _value(field: models.Field[Any, Any], value: Any, where: str) -> Any:
    if value is None and field.null:
        return None
    try:
        if _to_user(field):
            if not isinstance(value, str):
                raise ValidationError("is not a username")
            return value
        if field.is_relation:
            if not isinstance(value, str) or not value:
                raise ValidationError("is not an id")
            return value
        if isinstance(field, models.DateTimeField):
            if not isinstance(value, str):
                raise ValidationError("is not a time")
            return parse_time(value)
        return field.clean(value, None)
    except (ValidationError, ValueError) as exc:
        reason = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        raise BackupError(f"{where}, field {field.name!r}: {reason.rstrip('.')}") from None
