"""API: organizations, bodies, members, roles, settings."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count
from django.http import HttpRequest
from ninja import Router, Status

from polemica.web.base.http import actor
from polemica.web.base.schemas import ErrorOut, OkOut
from polemica.web.orgs import actions, queries
from polemica.web.orgs.access import is_member, require, require_login
from polemica.web.orgs.models import Body, Member, Organization, Role
from polemica.web.orgs.schemas import (
    BodyDetailOut,
    BodyIn,
    BodyOut,
    LeaveIn,
    MemberIn,
    MemberOut,
    MoveIn,
    OrgDetailOut,
    OrgIn,
    OrgOut,
    PersonOut,
    RenameIn,
    RoleIn,
    SettingsIn,
)
from polemica.web.process.queries import questions_for

router = Router(tags=["organizations"])
ERR = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def _bodies(org: str) -> list[BodyOut]:
    """Every body with who leads it (two queries); a body without a leader shows none."""
    leading: dict[tuple[str, str], list[PersonOut]] = defaultdict(list)
    rows = Role.objects.filter(body__org_id=org, role__in=("leader", "deputy"), member__left=False)
    for body, role, mid, name in rows.values_list(
        "body_id", "role", "member_id", "member__name"
    ).order_by("member_id"):
        leading[(body, role)].append(PersonOut(id=mid, name=name))
    return [
        BodyOut(
            id=b.id,
            name=b.name,
            parent=b.parent_id,
            level=b.level,
            leaders=leading[(b.id, "leader")],
            deputies=leading[(b.id, "deputy")],
        )
        for b in Body.objects.filter(org_id=org).order_by("id")
    ]


@router.get("/orgs", response=list[OrgOut])
def list_orgs(request: HttpRequest) -> list[OrgOut]:
    return [OrgOut(id=o.id, name=o.name) for o in Organization.objects.order_by("id")]


@router.post("/orgs", response={201: OrgOut, **ERR})
def found_org(request: HttpRequest, payload: OrgIn) -> Status[OrgOut]:
    org = actions.do_found_org(actor(request), payload.name)
    return Status(201, OrgOut(id=org.id, name=org.name))


@router.get("/orgs/{org}", response={200: OrgDetailOut, **ERR})
def org_detail(request: HttpRequest, org: str) -> OrgDetailOut:
    found = queries.org(org)
    return OrgDetailOut(id=found.id, name=found.name, bodies=_bodies(found.id))


@router.post("/orgs/{org}/bodies", response={201: BodyOut, **ERR})
def create_body(request: HttpRequest, org: str, payload: BodyIn) -> Status[BodyOut]:
    body = actions.do_create_body(
        actor(request), queries.org(org).id, payload.name, payload.level, payload.parent
    )
    return Status(
        201,
        BodyOut(
            id=body.id,
            name=body.name,
            parent=body.parent_id,
            level=body.level,
            leaders=[],
            deputies=[],
        ),
    )


@router.get("/orgs/{org}/members", response={200: list[MemberOut], **ERR})
def list_members(request: HttpRequest, org: str) -> list[MemberOut]:
    """Members and their roles: for the organization's members and administrators."""
    who = actor(request)
    found = queries.org(org)
    require_login(who)
    require(is_member(who, found.id) or who.is_admin(found.id), "only members see the members")
    roles: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for mid, body, role in Role.objects.filter(body__org_id=found.id).values_list(
        "member_id", "body_id", "role"
    ):
        roles[mid][body].append(role)
    return [
        MemberOut(
            id=m.id,
            name=m.name,
            delegation=m.delegation,
            left=m.left,
            roles={b: sorted(r) for b, r in roles[m.id].items()},
        )
        for m in Member.objects.filter(org_id=found.id).order_by("id")
    ]


@router.post("/orgs/{org}/members", response={201: MemberOut, **ERR})
def add_member(request: HttpRequest, org: str, payload: MemberIn) -> Status[MemberOut]:
    m = actions.do_add_member(
        actor(request),
        queries.org(org).id,
        payload.name,
        payload.body,
        delegation=payload.delegation,
        username=payload.username,
    )
    return Status(
        201,
        MemberOut(
            id=m.id,
            name=m.name,
            delegation=m.delegation,
            left=False,
            roles={payload.body: ["member"]},
        ),
    )


@router.post("/orgs/{org}/members/{member}/leave", response={200: OkOut, **ERR})
def remove_member(request: HttpRequest, org: str, member: str, payload: LeaveIn) -> OkOut:
    actions.do_remove_member(actor(request), queries.org(org).id, member, payload.reason)
    return OkOut()


@router.post("/orgs/{org}/rename", response={200: OkOut, **ERR})
def rename(request: HttpRequest, org: str, payload: RenameIn) -> OkOut:
    actions.do_rename_entity(actor(request), queries.org(org).id, payload.entity, payload.new)
    return OkOut()


@router.get("/bodies/{body}", response={200: BodyDetailOut, **ERR})
def body_detail(request: HttpRequest, body: str) -> BodyDetailOut:
    who = actor(request)
    found = queries.body(body)
    mine = next(b for b in _bodies(found.org_id) if b.id == found.id)
    counts = dict(
        questions_for(who).filter(body_id=found.id).values_list("phase").annotate(n=Count("id"))
    )
    children = list(
        Body.objects.filter(parent_id=found.id).order_by("id").values_list("id", flat=True)
    )
    return BodyDetailOut(
        body=mine,
        org=found.org_id,
        children=children,
        settings=who.settings_of(found.id),
        questions_by_phase=counts,
    )


@router.post("/bodies/{body}/move", response={200: BodyOut, **ERR})
def move_body(request: HttpRequest, body: str, payload: MoveIn) -> BodyOut:
    """Move a body (with the bodies below it) under another parent, or to the top (null)."""
    moved = actions.do_move_body(actor(request), body, payload.parent)
    return next(b for b in _bodies(moved.org_id) if b.id == moved.id)


@router.post("/bodies/{body}/roles", response={200: OkOut, **ERR})
def assign_role(request: HttpRequest, body: str, payload: RoleIn) -> OkOut:
    actions.do_assign_role(actor(request), body, payload.member, payload.role)
    return OkOut()


@router.post("/bodies/{body}/roles/revoke", response={200: OkOut, **ERR})
def revoke_role(request: HttpRequest, body: str, payload: RoleIn) -> OkOut:
    actions.do_revoke_role(actor(request), body, payload.member, payload.role)
    return OkOut()


@router.post("/bodies/{body}/settings", response={200: OkOut, **ERR})
def change_settings(request: HttpRequest, body: str, payload: SettingsIn) -> OkOut:
    actions.do_change_settings(actor(request), body, payload.settings)
    return OkOut()
