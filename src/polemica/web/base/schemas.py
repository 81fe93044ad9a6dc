"""Schemas shared by the API of every app."""

from __future__ import annotations

from pydantic import BaseModel


class ErrorOut(BaseModel):
    error: str
    field: str | None = None


class OkOut(BaseModel):
    ok: bool = True
    seq: int | None = None


# Limits on user text: generous for real use, bounded so nobody can post a gigabyte.
TITLE_MAX = 300
TEXT_MAX = 50_000
NAME_MAX = 200
ID_MAX = 64
REASON_MAX = 2000
URI_MAX = 2000
WORD_MAX = 40  # phases, types, verdicts, roles, levels, methods: short words
LIST_MAX = 200
