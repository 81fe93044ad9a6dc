"""What waits for a person: directives their bodies must apply, feedback their bodies must
answer, objections to their positions still unanswered, and votes waiting for their ballot.

Read through the platform's access path (`may_read_directive`, `regarding`, the roles of
`orgs.access`) like the body pages, so the list holds nothing the person could not open.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from polemica.web.centralism.models import Directive, Feedback
from polemica.web.orgs.access import LEADING, PARTICIPATING, Actor
from polemica.web.orgs.models import Body, Role
from polemica.web.process import queries, rules
from polemica.web.process.models import Contribution, Question
from polemica.web.process.queries import questions_for
from polemica.web.ui.reads import feedback_waiting, waiting_directives
from polemica.web.votes.models import Ballot
from polemica.web.votes.queries import voting_since

OPEN = ("discussion", "verification", "voting", "reopened")


@dataclass
class DirectiveDue:
    directive: Directive
    body: Body  # the body of mine that is to apply it


@dataclass
class FeedbackDue:
    feedback: Feedback
    body: Body  # the body of mine it was sent to


@dataclass
class ObjectionDue:
    objection: Contribution
    question: Question
    mine: Contribution  # my position it objects to


@dataclass
class VoteDue:
    question: Question
    voted: int
    voters: int

    @property
    def missing(self) -> int:
        return max(self.voters - self.voted, 0)


@dataclass
class Waiting:
    directives: list[DirectiveDue] = field(default_factory=list)
    feedback: list[FeedbackDue] = field(default_factory=list)
    objections: list[ObjectionDue] = field(default_factory=list)
    votes: list[VoteDue] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.directives) + len(self.feedback) + len(self.objections) + len(self.votes)


def waiting_for(actor: Actor) -> Waiting:
    out = Waiting()
    if not actor.authenticated or not actor.members:
        return out
    bodies: dict[str, set[str]] = {}
    for org in actor.members:
        for body, roles in actor.roles(org).items():
            bodies.setdefault(body, set()).update(roles)
    leading = sorted(b for b, r in bodies.items() if r & LEADING)
    named = {b.id: b for b in Body.objects.filter(pk__in=list(bodies))}
    for body in leading:
        out.directives += [DirectiveDue(d, named[body]) for d in waiting_directives(actor, body)]
        out.feedback += [FeedbackDue(f, named[body]) for f in feedback_waiting(actor, body)]
    out.directives.sort(key=lambda x: (x.directive.due is None, x.directive.due, x.directive.at))
    out.objections = _objections(actor)
    out.votes = _votes(actor, sorted(b for b, r in bodies.items() if r & PARTICIPATING))
    return out


def _objections(actor: Actor) -> list[ObjectionDue]:
    """Unanswered objections (not marked as left unanswered) to my positions and syntheses in
    questions still open, that I may read."""
    mine = Contribution.objects.filter(
        author_id__in=list(actor.members.values()),
        type__in=("position", "synthesis"),
        redacted__isnull=True,
        question__phase__in=OPEN,
    ).filter(question__in=questions_for(actor))
    by_id = {c.id: c for c in mine.select_related("question")}
    if not by_id:
        return []
    against = Contribution.objects.filter(
        type="objection", target__in=list(by_id), redacted__isnull=True
    ).order_by("seq")
    out = []
    open_ids: dict[str, set[str]] = {}
    for o in against:
        q = by_id[o.target or ""].question
        if q.id not in open_ids:
            open_ids[q.id] = set(rules.unanswered(queries.nodes(q.pk))) - set(q.left_unanswered)
        if o.id in open_ids[q.id]:
            out.append(ObjectionDue(o, q, by_id[o.target or ""]))
    return out


def _votes(actor: Actor, bodies: list[str]) -> list[VoteDue]:
    """Votes running in my bodies that have no ballot of mine in this round; those nearest
    to complete (most of the members have voted) first, as they are the likeliest to close."""
    running = Question.objects.filter(body_id__in=bodies, phase="voting").select_related("body")
    members = set(actor.members.values())
    out = []
    for q in running.filter(pk__in=questions_for(actor).values("pk")):
        since = voting_since(q)
        ballots = Ballot.objects.filter(question=q, current=True, seq__gt=since)
        if ballots.filter(member_id__in=members).exists():
            continue
        voters = (
            Role.objects.filter(body_id=q.body_id, role__in=PARTICIPATING, member__left=False)
            .values("member_id")
            .distinct()
            .count()
        )
        out.append(VoteDue(q, ballots.values("member_id").distinct().count(), voters))
    out.sort(key=lambda v: (v.missing, v.question.opened_at))
    return out
