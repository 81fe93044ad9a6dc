from __future__ import annotations

from ninja import Field, Schema
from pydantic import BaseModel


class TokenIn(Schema):
    username: str = Field(max_length=150)
    password: str = Field(max_length=200)
    name: str = Field(default="script", max_length=100)


class TokenOut(BaseModel):
    token: str


class MeOut(BaseModel):
    username: str | None
    members: dict[str, str]
    admin_of: list[str]
