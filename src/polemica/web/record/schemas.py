from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from pydantic import BaseModel

from polemica.web.base.schemas import ID_MAX, REASON_MAX


class EventOut(BaseModel):
    seq: int
    id: str
    at: str
    org: str
    body: str | None
    actor: str | None
    kind: str
    subject: str
    data: dict[str, Any]
    leaf_hash: str


class CheckpointOut(BaseModel):
    org: str
    size: int
    root: str
    checkpoint: str
    verifier: str


class ErasureIn(Schema):
    reason: str = Field(min_length=1, max_length=REASON_MAX)
    member: str | None = Field(default=None, max_length=ID_MAX)
    seq: int | None = Field(default=None, ge=1, le=2**31 - 1)


class ErasureOut(BaseModel):
    erased_events: int
