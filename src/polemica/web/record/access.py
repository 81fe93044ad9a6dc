"""Who reads the log and who erases: through orgs.access."""

from __future__ import annotations

from django.db.models import Q

from polemica.web.centralism.models import Directive, Feedback
from polemica.web.centralism.queries import may_read_directive
from polemica.web.orgs.access import Actor, is_member, readable_questions, require, require_login
from polemica.web.process.models import Question


def may_read_log(actor: Actor, org: str) -> None:
    """The log is read by the organization's members and administrators."""
    require_login(actor)
    require(is_member(actor, org) or actor.is_admin(org), "only members read the record")


def reads_in_full(actor: Actor, org: str) -> bool:
    """Members and administrators read the record in full: events with their personal text and
    who acted. Anyone else reads the open record in the pages: the events they may see (none of
    a question closed to them) as they are hashed in the log, personal text as commitments and
    nobody named, with the signed checkpoint and the inclusion proofs."""
    return actor.authenticated and (is_member(actor, org) or actor.is_admin(org))


def hidden_questions(actor: Actor, org: str) -> list[str]:
    """Questions of `org` whose events this person may not see (closed to them)."""
    return list(
        Question.objects.filter(org_id=org)
        .exclude(readable_questions(actor))
        .values_list("id", flat=True)
    )


def hidden_events(actor: Actor, org: str) -> Q:
    """A filter on `EventRow` selecting the events of `org` this person may not see: those of a
    question closed to them (its own, and the directives, feedback and credit about it), except
    the events of a directive they read all the same, being addressed by it (the rule
    `GET /directives/{d}` answers by)."""
    hidden = hidden_questions(actor, org)
    if not hidden:
        return Q(pk__in=[])
    directives = Directive.objects.filter(org_id=org, decision__question_id__in=hidden)
    shown = [
        d.pk
        for d in directives.select_related("decision__question")
        if may_read_directive(actor, d)
    ]
    answered = Feedback.objects.filter(regarding__in=shown).values_list("id", flat=True)
    readable = (
        Q(kind="directive.issued", subject__in=shown)
        | Q(kind="directive.applied", data__directive__in=shown)
        | Q(kind="feedback.sent", data__regarding__in=shown)
        | Q(kind="feedback.answered", subject__in=list(answered))
    )
    return Q(question__in=hidden) & ~readable


def may_erase(actor: Actor, org: str) -> str | None:
    require_login(actor)
    require(actor.is_admin(org), "only an administrator of the organization may erase")
    return actor.member_id(org)


def can_erase(actor: Actor, org: str) -> bool:
    """Whether `may_erase` lets this person erase in `org` (to offer the form at all)."""
    return actor.authenticated and actor.is_admin(org)
