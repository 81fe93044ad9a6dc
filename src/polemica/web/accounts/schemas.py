from __future__ import annotations

from ninja import Field, Schema


class TokenIn(Schema):
    username: str = Field(max_length=150)
    password: str = Field(max_length=200)
    name: str = Field(default="script", max_length=100)


class TokenOut(Schema):
    token: str


class MeOut(Schema):
    username: str | None
    members: dict[str, str]
    admin_of: list[str]
