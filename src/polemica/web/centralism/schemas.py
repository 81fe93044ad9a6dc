from __future__ import annotations

from ninja import Field, Schema
from pydantic import BaseModel

from polemica.web.base.schemas import ID_MAX, LIST_MAX, TEXT_MAX


class DirectiveIn(Schema):
    to: list[str] = Field(min_length=1, max_length=LIST_MAX)
    due: str | None = Field(default=None, max_length=40)


class ApplicationIn(Schema):
    body: str = Field(max_length=ID_MAX)
    text: str = Field(min_length=1, max_length=TEXT_MAX)


class ApplicationOut(BaseModel):
    id: str
    body: str
    author: str | None
    text: str
    at: str


class FeedbackIn(Schema):
    to: str = Field(max_length=ID_MAX)
    regarding: str = Field(max_length=ID_MAX)
    kind: str = Field(max_length=20)
    text: str = Field(min_length=1, max_length=TEXT_MAX)


class FeedbackOut(BaseModel):
    id: str
    from_body: str | None
    to: str
    regarding: str
    kind: str
    text: str
    author: str | None
    at: str
    answer: str | None
    answered_by: str | None


class AnswerIn(Schema):
    text: str = Field(min_length=1, max_length=TEXT_MAX)


class LineIn(Schema):
    to: str = Field(max_length=ID_MAX)
    text: str = Field(min_length=1, max_length=TEXT_MAX)


class LineAnswerIn(Schema):
    """`answered` (text: the answer), `declined` (text: the reason) or `adopted` (title: the
    question opened from the line; text: an optional note)."""

    outcome: str = Field(max_length=20)
    text: str = Field(default="", max_length=TEXT_MAX)
    title: str = Field(default="", max_length=300)


class LineOut(BaseModel):
    id: str
    from_body: str | None
    to: str
    text: str
    author: str | None
    at: str
    # The receiving body's answer (null until it answers): answered, adopted or declined.
    outcome: str | None = None
    response: str | None = None
    responded_by: str | None = None
    question: str | None = None


class CreditIn(Schema):
    member: str = Field(max_length=ID_MAX)
    for_: str = Field(alias="for", max_length=ID_MAX)


class ContestedOut(BaseModel):
    """An objection left unanswered, or a reservation recorded after the decision."""

    id: str
    author: str | None
    text: str
    at: str


class DissentOut(BaseModel):
    """What was contested in the decision a directive carries down. The counts are always
    given; the texts only to readers of the decision's question (a closed question's stay
    closed to the lower bodies it directs)."""

    ballots: int
    backing: int | None
    minority_share: float | None
    blocks: int
    unanswered_count: int
    reservations_count: int
    unanswered: list[ContestedOut]
    reservations: list[ContestedOut]


class DirectiveOut(BaseModel):
    id: str
    org: str
    body: str
    decision: str
    question: str
    text: str
    to: list[str]
    due: str | None
    at: str
    applications: list[ApplicationOut]
    waiting: list[str]
    # The waiting bodies once the due date has passed.
    overdue: list[str]
    feedback: list[FeedbackOut]
    dissent: DissentOut


class InboxOut(BaseModel):
    directives_to_apply: list[str]
    feedback_to_answer: list[FeedbackOut]
    lines_received: list[LineOut]
