"""Who reads the log and who erases: through orgs.access."""

from __future__ import annotations

from polemica.web.orgs.access import Actor, is_member, readable_questions, require, require_login
from polemica.web.process.models import Question


def may_read_log(actor: Actor, org: str) -> None:
    """The log is read by the organization's members and administrators."""
    require_login(actor)
    require(is_member(actor, org) or actor.is_admin(org), "only members read the record")


def hidden_questions(actor: Actor, org: str) -> list[str]:
    """Questions of `org` whose events this person may not see (closed to them)."""
    return list(
        Question.objects.filter(org_id=org)
        .exclude(readable_questions(actor))
        .values_list("id", flat=True)
    )


def may_erase(actor: Actor, org: str) -> str | None:
    require_login(actor)
    require(actor.is_admin(org), "only an administrator of the organization may erase")
    return actor.member_id(org)
