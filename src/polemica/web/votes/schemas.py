from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from pydantic import BaseModel

from polemica.web.base.schemas import TEXT_MAX


class BallotIn(Schema):
    """One of: {"choice": id}, {"ranking": [[id, …], …]}, {"approve": [id, …]},
    {"stance": "agree"|"disagree"|"pass", "statement": id}."""

    ballot: dict[str, Any]


class BallotOut(BaseModel):
    id: str
    question: str
    ballot: dict[str, Any]
    current: bool
    seq: int
    receipt: dict[str, Any]
    # A secret ballot, in the answer to its casting only: the number it is published under.
    tracking: str | None = None


class DecisionIn(Schema):
    text: str = Field(min_length=1, max_length=TEXT_MAX)
