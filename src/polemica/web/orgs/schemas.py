from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from pydantic import BaseModel

from polemica.web.base.schemas import ID_MAX, NAME_MAX, REASON_MAX


class OrgIn(Schema):
    name: str = Field(min_length=1, max_length=NAME_MAX)


class OrgOut(BaseModel):
    id: str
    name: str


class PersonOut(BaseModel):
    id: str
    name: str


class BodyOut(BaseModel):
    id: str
    name: str
    parent: str | None
    level: str
    leaders: list[PersonOut]
    deputies: list[PersonOut]


class OrgDetailOut(BaseModel):
    id: str
    name: str
    bodies: list[BodyOut]


class BodyIn(Schema):
    name: str = Field(min_length=1, max_length=NAME_MAX)
    level: str = Field(min_length=1, max_length=40)
    parent: str | None = Field(default=None, max_length=ID_MAX)


class MoveIn(Schema):
    """The new parent; null moves the body to the top."""

    parent: str | None = Field(default=None, max_length=ID_MAX)


class MemberIn(Schema):
    name: str = Field(min_length=1, max_length=NAME_MAX)
    body: str = Field(max_length=ID_MAX)
    username: str | None = Field(default=None, max_length=150)
    delegation: str | None = Field(default=None, max_length=ID_MAX)


class MemberOut(BaseModel):
    id: str
    name: str
    delegation: str | None
    left: bool
    roles: dict[str, list[str]]


class LeaveIn(Schema):
    reason: str | None = Field(default=None, max_length=REASON_MAX)


class RenameIn(Schema):
    entity: str = Field(max_length=ID_MAX)
    new: str = Field(min_length=1, max_length=NAME_MAX)


class RoleIn(Schema):
    member: str = Field(max_length=ID_MAX)
    role: str = Field(max_length=20)


class SettingsIn(Schema):
    settings: dict[str, Any]


class BodyDetailOut(BaseModel):
    body: BodyOut
    org: str
    children: list[str]
    settings: dict[str, Any]
    questions_by_phase: dict[str, int]
