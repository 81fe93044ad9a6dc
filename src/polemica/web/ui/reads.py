"""Reads the pages need that the platform's queries do not offer as such; every question list
goes through `process.queries.questions_for` (the one access path), so nothing closed leaks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from polemica.web.centralism.access import may_read_inbox
from polemica.web.centralism.models import (
    Application,
    Directive,
    DirectiveTarget,
    Feedback,
    Line,
)
from polemica.web.centralism.queries import may_read_directive, regarding
from polemica.web.orgs.access import Actor, in_body_or_above, is_member
from polemica.web.orgs.models import Body, Member, Organization, Role
from polemica.web.process.models import Question
from polemica.web.process.queries import questions_for
from polemica.web.votes.models import Decision

OPEN_PHASES = ("discussion", "reopened", "verification", "voting")


@dataclass
class BodyNode:
    body: Body
    leaders: list[Member] = field(default_factory=list)
    deputies: list[Member] = field(default_factory=list)
    children: list[BodyNode] = field(default_factory=list)

    @property
    def leaderless(self) -> bool:
        return not self.leaders


def names(org: str, also: Iterable[str | None] = ()) -> dict[str, str]:
    """Member id → display name for an organization's members and the ids in `also` (a forum
    delegate acts under the member id of their own organization). One query."""
    extra = sorted({i for i in also if i})
    rows = Member.objects.filter(Q(org_id=org) | Q(pk__in=extra)).values_list("id", "name")
    return dict(rows)


def body_tree(org: str) -> list[BodyNode]:
    """The organization's bodies as a tree, each with who leads it (two queries)."""
    nodes = {b.id: BodyNode(b) for b in Body.objects.filter(org_id=org).order_by("name", "id")}
    roles = Role.objects.filter(
        body__org_id=org, role__in=("leader", "deputy"), member__left=False
    ).select_related("member")
    for r in roles.order_by("member__name"):
        node = nodes.get(r.body_id)
        if node is not None:
            (node.leaders if r.role == "leader" else node.deputies).append(r.member)
    roots: list[BodyNode] = []
    for node in nodes.values():
        parent = nodes.get(node.body.parent_id or "")
        (parent.children if parent else roots).append(node)
    return roots


def flat_tree(roots: list[BodyNode]) -> list[tuple[int, BodyNode]]:
    out: list[tuple[int, BodyNode]] = []

    def walk(nodes: list[BodyNode], depth: int) -> None:
        for n in nodes:
            out.append((depth, n))
            walk(n.children, depth + 1)

    walk(roots, 0)
    return out


@dataclass
class MemberRow:
    member: Member
    roles: list[tuple[Body, str]]


def members_with_roles(org: str) -> list[MemberRow]:
    """Members (present first) with their roles in each body (two queries)."""
    by_member: dict[str, list[tuple[Body, str]]] = defaultdict(list)
    for r in Role.objects.filter(body__org_id=org).select_related("body").order_by("body__name"):
        by_member[r.member_id].append((r.body, r.role))
    # Forum delegates may be members of their own organization holding roles here.
    members = Member.objects.filter(Q(org_id=org) | Q(pk__in=list(by_member)))
    return [MemberRow(m, by_member[m.id]) for m in members.order_by("left", "name", "id")]


def may_see_members(actor: Actor, org: str) -> bool:
    """Members and roles are shown to the organization's members and administrators."""
    return is_member(actor, org) or actor.is_admin(org)


def delegations(org: str) -> list[tuple[str, Organization | None, list[Member]]]:
    """A forum's member organizations: each delegated org id, the org if it is here, delegates."""
    grouped: dict[str, list[Member]] = defaultdict(list)
    seated = Role.objects.filter(body__org_id=org).values("member_id")
    rows = Member.objects.filter(Q(org_id=org) | Q(pk__in=seated))
    for m in rows.filter(delegation__isnull=False, left=False).order_by("name"):
        grouped[str(m.delegation)].append(m)
    known = {o.id: o for o in Organization.objects.filter(pk__in=list(grouped))}
    return [(k, known.get(k), v) for k, v in sorted(grouped.items())]


def federations_of(org: str) -> list[Organization]:
    """The forums this organization sends delegates to."""
    delegates = Member.objects.filter(delegation=org, left=False)
    ids = set(delegates.values_list("org_id", flat=True))
    ids |= set(Role.objects.filter(member__in=delegates).values_list("body__org_id", flat=True))
    ids.discard(org)
    return list(Organization.objects.filter(pk__in=sorted(ids)).order_by("name"))


def open_questions(actor: Actor, body: str) -> dict[str, list[Question]]:
    rows = questions_for(actor).filter(body_id=body, phase__in=OPEN_PHASES).order_by("-opened_at")
    out: dict[str, list[Question]] = {p: [] for p in OPEN_PHASES}
    for q in rows:
        out[q.phase].append(q)
    return out


def decisions_visible(actor: Actor) -> QuerySet[Decision]:
    return Decision.objects.filter(question__in=questions_for(actor))


def latest_decisions(actor: Actor, body: str, limit: int = 10) -> list[Decision]:
    rows = decisions_visible(actor).filter(question__body_id=body).select_related("question")
    return list(rows.order_by("-seq")[:limit])


def waiting_directives(actor: Actor, body: str) -> list[Directive]:
    """Directives addressed to the body that it has not yet applied."""
    applied = Application.objects.filter(body_id=body).values_list("directive_id", flat=True)
    ids = DirectiveTarget.objects.filter(body_id=body).exclude(directive_id__in=applied)
    rows = Directive.objects.filter(pk__in=ids.values("directive_id")).select_related(
        "decision__question", "body"
    )
    return [d for d in rows.order_by("-at") if may_read_directive(actor, d)]


def directives_issued(actor: Actor, body: str) -> list[Directive]:
    rows = Directive.objects.filter(body_id=body).select_related("decision__question", "body")
    return [d for d in rows.order_by("-at") if may_read_directive(actor, d)]


def feedback_waiting(actor: Actor, body: str) -> list[Feedback]:
    """Unanswered feedback sent to the body that the reader may read: what it is about is
    readable to them (centralism.queries.regarding, the rule answering feedback follows)."""
    rows = Feedback.objects.filter(to_body_id=body, answer__isnull=True)
    found = rows.select_related("from_body").order_by("at")
    return [f for f in found if regarding(actor, f.regarding) is not None]


def question_counts(actor: Actor, org: str) -> dict[str, Any]:
    rows = questions_for(actor).filter(org_id=org)
    return {
        "open": rows.filter(phase__in=OPEN_PHASES).count(),
        "decided": rows.filter(phase="decided").count(),
    }


def lines_received(actor: Actor, body: Body) -> list[Line] | None:
    """Lines sent to the body (unanswered first, then newest), for those who read its inbox;
    None for anyone else."""
    if not may_read_inbox(actor, body.org_id, body.id):
        return None
    rows = Line.objects.filter(to_body_id=body.id).select_related("from_body", "author")
    return sorted(rows, key=lambda x: (x.outcome is not None, -x.at.timestamp(), x.id))


def lines_sent(actor: Actor, body: Body) -> list[Line]:
    """Lines the body sent up, with their outcome, for those in the body or above it."""
    if not in_body_or_above(actor, body.org_id, body.id):
        return []
    rows = Line.objects.filter(from_body_id=body.id).select_related("to_body", "author")
    return list(rows.order_by("-at", "id"))


def lines_by(members: Iterable[str]) -> list[Line]:
    """Lines these member ids proposed (a person's own page), newest first."""
    rows = Line.objects.filter(author_id__in=sorted(set(members)))
    return list(rows.select_related("from_body", "to_body").order_by("-at", "id"))
