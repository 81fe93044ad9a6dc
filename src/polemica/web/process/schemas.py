from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from pydantic import BaseModel

from polemica.web.base.schemas import ID_MAX, LIST_MAX, REASON_MAX, TEXT_MAX, TITLE_MAX, URI_MAX


class QuestionIn(Schema):
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    text: str = Field(default="", max_length=TEXT_MAX)
    visibility: str = Field(default="open", max_length=10)
    reason: str | None = Field(default=None, max_length=REASON_MAX)
    method: str | None = Field(default=None, max_length=40)
    options: dict[str, Any] = Field(
        default_factory=dict,
        description="The method's options (docs/voting-methods.md): seats, quorum, majority, "
        "threshold, strength, default — those the method takes.",
    )
    ballot: str = Field(
        default="open",
        max_length=10,
        description="open: ballots are named in the record; secret: who voted is public, "
        "what each voted is not (docs/ledger.md, Secret ballots)",
    )


class QuestionOut(BaseModel):
    id: str
    org: str
    body: str
    title: str
    text: str
    visibility: str
    reason: str
    phase: str
    method: str
    options: dict[str, Any]
    ballot: str
    author: str | None
    opened_at: str


class CloseIn(Schema):
    reason: str = Field(min_length=1, max_length=REASON_MAX)


class PhaseIn(Schema):
    phase: str = Field(max_length=20)
    left_unanswered: list[str] = Field(default_factory=list, max_length=LIST_MAX)
    cites: list[str] = Field(default_factory=list, max_length=LIST_MAX)


class ContributionIn(Schema):
    type: str = Field(max_length=20)
    text: str = Field(min_length=1, max_length=TEXT_MAX)
    target: str | None = Field(default=None, max_length=ID_MAX)
    cites: list[str] = Field(default_factory=list, max_length=LIST_MAX)


class RevisionOut(BaseModel):
    seq: int
    text: str
    at: str


class ContributionOut(BaseModel):
    id: str
    type: str
    author: str | None
    text: str
    target: str | None
    cites: list[str]
    redacted: str | None
    posted_at: str
    seq: int
    earlier_texts: list[RevisionOut]
    diff: str | None = None


class ReviseIn(Schema):
    text: str = Field(min_length=1, max_length=TEXT_MAX)


class RedactIn(Schema):
    reason: str = Field(min_length=1, max_length=REASON_MAX)


class SourceIn(Schema):
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    uri: str | None = Field(default=None, max_length=URI_MAX)
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")


class FactIn(Schema):
    claim: str = Field(min_length=1, max_length=TEXT_MAX)
    sources: list[SourceIn] = Field(min_length=1, max_length=50)


class ReviewIn(Schema):
    verdict: str = Field(max_length=20)
    reasoning: str = Field(min_length=1, max_length=TEXT_MAX)


class ReviewOut(BaseModel):
    id: str
    reviewer: str | None
    verdict: str
    reasoning: str
    at: str


class FactOut(BaseModel):
    id: str
    author: str | None
    claim: str
    sources: list[dict[str, Any]]
    placed_at: str
    verdict: str | None
    reviews: list[ReviewOut]


class PhaseOut(BaseModel):
    phase: str
    actor: str | None
    at: str
    seq: int


class PublishedBallotOut(BaseModel):
    tracking: str
    ballot: dict[str, Any]


class DecisionOut(BaseModel):
    id: str
    seq: int
    method: str
    adopted: list[str]
    text: str
    tally: Any
    credits: list[str]
    considered: list[str]
    unanswered: list[str]
    unanimous: bool
    options: dict[str, Any]
    electorate: int | None
    backing: int | None
    reservations: list[str]
    at: str
    # A secret vote: every ballot counted, by tracking number, without voters.
    ballots: list[PublishedBallotOut] | None = None


class QuestionDetailOut(BaseModel):
    question: QuestionOut
    phases: list[PhaseOut]
    contributions: list[ContributionOut]
    unanswered: list[str]
    left_unanswered: list[str]
    facts: list[FactOut]
    ballots: int
    my_ballot: dict[str, Any] | None
    decisions: list[DecisionOut]


class FileOut(BaseModel):
    sha256: str
    name: str
    size: int
