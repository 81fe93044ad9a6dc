"""Schemas shared by the API of every app."""

from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    error: str
    field: str | None = None


class OkOut(Schema):
    ok: bool = True
    seq: int | None = None


# Limits on user text: generous for real use, bounded so nobody can post a gigabyte.
TITLE_MAX = 300
TEXT_MAX = 50_000
NAME_MAX = 200
ID_MAX = 64
LIST_MAX = 200
