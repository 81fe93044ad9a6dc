"""Reads of organizations, bodies and members."""

from __future__ import annotations

from polemica.web.base.errors import NotFound
from polemica.web.orgs.models import Body, Member, Organization


def org(org_id: str) -> Organization:
    found = Organization.objects.filter(pk=org_id).first()
    if found is None:
        raise NotFound("organization")
    return found


def body(body_id: str) -> Body:
    found = Body.objects.filter(pk=body_id).first()
    if found is None:
        raise NotFound("body")
    return found


def member(member_id: str, org_id: str | None = None) -> Member:
    found = Member.objects.filter(pk=member_id).first()
    if found is None or (org_id is not None and found.org_id != org_id):
        raise NotFound("member")
    return found
