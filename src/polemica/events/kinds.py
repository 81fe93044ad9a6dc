"""The kinds of event (DESIGN §5) and the shape of each kind's `data`.

`KINDS` is the single table that validation, the ledger's commitments (fields marked personal)
and the documentation test all read. New kinds may be added here; readers keep unknown kinds and
unknown fields unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NotRequired, TypedDict

FORMAT_VERSION = 1

ROLES = ("leader", "deputy", "member", "observer")
PHASES = ("discussion", "verification", "voting", "decided", "reopened", "abandoned")
VISIBILITIES = ("open", "closed")
VERDICTS = ("authentic", "unverified", "disputed", "forged")
FEEDBACK_KINDS = ("critique", "objection", "proposal")
LINE_OUTCOMES = ("answered", "adopted", "declined")
STANCES = ("agree", "disagree", "pass")
CONTRIBUTION_TYPES = (
    "position",
    "support",
    "objection",
    "question",
    "answer",
    "amendment",
    "synthesis",
    "reading",
    "criticism",
    "self_criticism",
    "reservation",
    "remark",
)

FieldType = Literal[
    "text", "name", "id", "id_or_null", "ids", "bool", "any", "object", "time", "sources", "ballot"
]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of a kind's `data`."""

    name: str
    type: FieldType
    required: bool = True
    # Personal text is replaced by a salted commitment in the ledger, so it can be erased later.
    personal: bool = False
    choices: tuple[str, ...] | None = None
    doc: str = ""
    # A field that became personal after logs were written: a leaf may hold it plain (written
    # before), which verifies but cannot be erased; new leaves always commit it.
    plain_before: bool = False

    @property
    def erased_value(self) -> object:
        """What an erased value reads as: the empty text, or no sources."""
        return [] if self.type == "sources" else ""


@dataclass(frozen=True, slots=True)
class KindSpec:
    """One kind of event: its fields and what it records."""

    kind: str
    fields: tuple[FieldSpec, ...]
    doc: str

    @property
    def personal_fields(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.personal)

    @property
    def plain_before_fields(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.plain_before)


def _f(name: str, type_: FieldType, **kw: object) -> FieldSpec:
    return FieldSpec(name, type_, **kw)  # type: ignore[arg-type]


_SPECS = (
    KindSpec("org.founded", (_f("name", "name"),), "An organization is founded."),
    KindSpec(
        "body.created",
        (_f("name", "name"), _f("parent", "id_or_null"), _f("level", "name")),
        "A body (cell, committee, congress, forum…) is created under `parent`.",
    ),
    KindSpec(
        "body.moved",
        (_f("parent", "id_or_null"),),
        "The body `subject` is moved under another `parent` (null: to the top), with the bodies "
        "below it.",
    ),
    KindSpec(
        "entity.renamed",
        (_f("old", "text", personal=True), _f("new", "text", personal=True)),
        "The entity `subject` (member, body, organization…) changes its name.",
    ),
    KindSpec(
        "member.joined",
        (_f("name", "text", personal=True), _f("delegation", "id", required=False)),
        "A member joins; `delegation` names the organization a forum delegate represents.",
    ),
    KindSpec(
        "member.left",
        (_f("reason", "text", required=False, personal=True),),
        "A member leaves the organization.",
    ),
    KindSpec(
        "role.assigned",
        (_f("member", "id"), _f("role", "name", choices=ROLES)),
        "A member receives a role in the body.",
    ),
    KindSpec(
        "role.revoked",
        (_f("member", "id"), _f("role", "name", choices=ROLES)),
        "A member loses a role in the body.",
    ),
    KindSpec(
        "question.opened",
        (
            _f("title", "text", personal=True),
            _f("text", "text", personal=True),
            _f("visibility", "name", choices=VISIBILITIES),
            _f("reason", "text", required=False, personal=True),
            _f("method", "name", required=False),
            _f("options", "object", required=False),
            _f("secret", "bool", required=False),
        ),
        "A question is opened; a closed question must carry its `reason`; `secret` true makes "
        "its vote a secret ballot (open when absent).",
    ),
    KindSpec(
        "question.phase_changed",
        (
            _f("question", "id"),
            _f("phase", "name", choices=PHASES),
            _f("left_unanswered", "ids", required=False),
            _f("cites", "ids", required=False),
        ),
        "A question moves to another phase; moving to voting may mark objections "
        "`left_unanswered`, a reopening `cites` the new facts or arguments.",
    ),
    KindSpec(
        "question.closed",
        (_f("reason", "text", personal=True),),
        "An open question `subject` is closed to outsiders, with a public reason.",
    ),
    KindSpec(
        "phase.backed",
        (_f("question", "id"), _f("phase", "name", choices=PHASES)),
        "A member backs moving a question to `phase` (a third of the members may move it).",
    ),
    KindSpec(
        "body.settings_changed",
        (_f("settings", "object"),),
        "A body changes its settings (who moves phases, quorum, method…): the changed keys.",
    ),
    KindSpec(
        "contribution.posted",
        (
            _f("question", "id"),
            _f("type", "name", choices=CONTRIBUTION_TYPES),
            _f("text", "text", personal=True),
            _f("target", "id", required=False),
            _f("cites", "ids", required=False),
        ),
        "A typed contribution to a question, answering `target` and citing facts in `cites`.",
    ),
    KindSpec(
        "contribution.revised",
        (_f("text", "text", personal=True),),
        "A contribution gets a new text; the old one stays in the record.",
    ),
    KindSpec(
        "contribution.redacted",
        (_f("reason", "text"),),
        "A contribution is withdrawn from view, with a public reason.",
    ),
    KindSpec(
        "fact.placed",
        (
            _f("question", "id"),
            _f("claim", "text", personal=True),
            _f("sources", "sources", personal=True, plain_before=True),
        ),
        "A fact is placed before the body with its sources (files by SHA-256).",
    ),
    KindSpec(
        "fact.reviewed",
        (
            _f("fact", "id"),
            _f("verdict", "name", choices=VERDICTS),
            _f("reasoning", "text", personal=True),
        ),
        "A reviewer gives a verdict on a fact; later reviews do not erase earlier ones.",
    ),
    KindSpec(
        "vote.cast",
        (_f("question", "id"), _f("ballot", "ballot")),
        "A ballot; a later ballot by the same member on the same question supersedes it.",
    ),
    KindSpec(
        "vote.sealed",
        (_f("question", "id"), _f("seal", "name")),
        "A member casts a secret ballot: who voted is public, the choice is not. `seal` commits "
        "to the ballot and its tracking number; only the voter can open it.",
    ),
    KindSpec(
        "decision.taken",
        (
            _f("question", "id"),
            _f("method", "name"),
            _f("adopted", "ids"),
            _f("text", "text", personal=True),
            _f("tally", "any"),
            _f("credits", "ids"),
            _f("considered", "ids"),
            _f("unanswered", "ids"),
            _f("unanimous", "bool"),
            _f("options", "object", required=False),
            _f("electorate", "any", required=False),
            _f("backing", "any", required=False),
            _f("ballots", "any", required=False),
        ),
        "The body decides a question: method, adopted line, tally, credits, what stayed open; "
        "a secret vote's `ballots` are published here, by tracking number.",
    ),
    KindSpec(
        "directive.issued",
        (_f("decision", "id"), _f("to", "ids"), _f("due", "time", required=False)),
        "A decision is sent down to named lower bodies.",
    ),
    KindSpec(
        "directive.applied",
        (_f("directive", "id"), _f("text", "text", personal=True)),
        "A lower body records its own application of a directive.",
    ),
    KindSpec(
        "feedback.sent",
        (
            _f("to", "id"),
            _f("regarding", "id"),
            _f("kind", "name", choices=FEEDBACK_KINDS),
            _f("text", "text", personal=True),
        ),
        "Criticism, an objection or a proposal sent up about a directive or decision.",
    ),
    KindSpec(
        "feedback.answered",
        (_f("feedback", "id"), _f("text", "text", personal=True)),
        "The body that received feedback answers it.",
    ),
    KindSpec(
        "line.proposed",
        (_f("to", "id"), _f("text", "text", personal=True)),
        "A line sent upward by a lower body or a member organization of a forum.",
    ),
    KindSpec(
        "line.answered",
        (
            _f("line", "id"),
            _f("outcome", "name", choices=LINE_OUTCOMES),
            _f("text", "text", personal=True),
            _f("question", "id", required=False),
        ),
        "The body a line was sent to answers it once: with a reply (`answered`), by opening "
        "`question` from it (`adopted`) or by declining it with a reason (`declined`).",
    ),
    KindSpec(
        "credit.given",
        (_f("member", "id"), _f("for", "id")),
        "A member is credited for a contribution or decision.",
    ),
    KindSpec(
        "record.erased",
        (
            _f("event", "id"),
            _f("seq", "any"),
            _f("fields", "ids"),
            _f("reason", "text"),
        ),
        "The personal text of an earlier event was erased from the record (docs/ledger.md).",
    ),
)

KINDS: dict[str, KindSpec] = {spec.kind: spec for spec in _SPECS}


def personal_fields(kind: str) -> tuple[str, ...]:
    """Fields of `kind` whose text is personal (committed, erasable); none for unknown kinds."""
    spec = KINDS.get(kind)
    return spec.personal_fields if spec else ()


def plain_before_fields(kind: str) -> tuple[str, ...]:
    """Personal fields of `kind` that a leaf written before they were personal holds plain."""
    spec = KINDS.get(kind)
    return spec.plain_before_fields if spec else ()


def erased_value(kind: str, name: str) -> object:
    """What an erased field of `kind` reads as ("" for text, [] for sources)."""
    spec = KINDS.get(kind)
    for field in spec.fields if spec else ():
        if field.name == name:
            return field.erased_value
    return ""


# Typed payloads, for code that builds or reads events of a known kind.


class Source(TypedDict):
    title: str
    uri: NotRequired[str]
    sha256: NotRequired[str]


class ContributionPosted(TypedDict):
    question: str
    type: str
    text: str
    target: NotRequired[str]
    cites: NotRequired[list[str]]


class QuestionOpened(TypedDict):
    title: str
    text: str
    visibility: str
    reason: NotRequired[str]
    secret: NotRequired[bool]


class FactPlaced(TypedDict):
    question: str
    claim: str
    sources: list[Source]


class FactReviewed(TypedDict):
    fact: str
    verdict: str
    reasoning: str


class VoteCast(TypedDict):
    question: str
    ballot: dict[str, object]


class VoteSealed(TypedDict):
    question: str
    seal: str


class PublishedBallot(TypedDict):
    tracking: str
    ballot: dict[str, object]


class DecisionTaken(TypedDict):
    question: str
    method: str
    adopted: list[str]
    text: str
    tally: object
    credits: list[str]
    considered: list[str]
    unanswered: list[str]
    unanimous: bool
    ballots: NotRequired[list[PublishedBallot]]


class DirectiveIssued(TypedDict):
    decision: str
    to: list[str]
    due: NotRequired[str]


class FeedbackSent(TypedDict):
    to: str
    regarding: str
    kind: str
    text: str
