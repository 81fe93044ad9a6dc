"""The event envelope (DESIGN §5) as an immutable value."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from polemica.events.canonical import canonical_json
from polemica.events.kinds import FORMAT_VERSION

ENVELOPE_FIELDS = ("v", "seq", "id", "at", "org", "body", "actor", "kind", "subject", "data")


@dataclass(frozen=True, slots=True)
class Event:
    """One event. `extra` keeps envelope fields this version does not know, unchanged."""

    seq: int
    id: str
    at: str
    org: str
    body: str | None
    actor: str | None
    kind: str
    subject: str
    data: Mapping[str, Any]
    v: int = FORMAT_VERSION
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.extra)
        out.update(
            v=self.v,
            seq=self.seq,
            id=self.id,
            at=self.at,
            org=self.org,
            body=self.body,
            actor=self.actor,
            kind=self.kind,
            subject=self.subject,
            data=dict(self.data),
        )
        return out

    def canonical(self) -> bytes:
        """The canonical JSON bytes of the whole event (no trailing newline)."""
        return canonical_json(self.to_dict())

    def with_data(self, data: Mapping[str, Any]) -> Event:
        return Event(
            self.seq,
            self.id,
            self.at,
            self.org,
            self.body,
            self.actor,
            self.kind,
            self.subject,
            data,
            self.v,
            self.extra,
        )
