"""apply_<kind> for the structure of organizations."""

from __future__ import annotations

from polemica.events import Event
from polemica.web.orgs.models import Body, BodySettings, Member, Organization, Role
from polemica.web.record.projection import ReplayError, projects
from polemica.web.record.refs import ref, when


@projects("org.founded")
def apply_org_founded(event: Event) -> None:
    Organization.objects.create(id=event.org, name=event.data["name"], founded_at=when(event))
    return None


@projects("body.created")
def apply_body_created(event: Event) -> None:
    org = ref(Organization, event.org, event, "organization")
    parent = event.data.get("parent")
    if parent is not None:
        ref(Body, parent, event, "parent body")
    Body.objects.create(
        id=event.subject,
        org=org,
        name=event.data["name"],
        parent_id=parent,
        level=event.data["level"],
    )
    return None


def _below_or_self(body: str, org: str) -> set[str]:
    """`body` and every body below it (the tree as it is now)."""
    children: dict[str | None, list[str]] = {}
    for bid, parent in Body.objects.filter(org_id=org).values_list("id", "parent_id"):
        children.setdefault(parent, []).append(bid)
    found, todo = {body}, [body]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


@projects("body.moved")
def apply_body_moved(event: Event) -> None:
    body = ref(Body, event.subject, event, "body")
    if body.org_id != event.org:
        raise ReplayError(event, f"moves {event.subject!r}, a body of another organization")
    parent = event.data.get("parent")
    if parent is not None:
        found = ref(Body, parent, event, "parent body")
        if found.org_id != event.org:
            raise ReplayError(event, f"moves a body under {parent!r}, of another organization")
        if parent in _below_or_self(body.id, event.org):
            raise ReplayError(event, f"moves {body.id!r} under itself or a body below it")
    Body.objects.filter(pk=body.id).update(parent_id=parent)
    return None


@projects("body.settings_changed")
def apply_body_settings_changed(event: Event) -> None:
    body = ref(Body, event.subject, event, "body")
    row, _ = BodySettings.objects.get_or_create(body=body, defaults={"values": {}})
    row.values = {**row.values, **dict(event.data.get("settings", {}))}
    row.save()
    return None


@projects("entity.renamed")
def apply_entity_renamed(event: Event) -> None:
    new = event.data["new"]
    for model in (Member, Body, Organization):
        if model.objects.filter(pk=event.subject).update(name=new):
            return None
    raise ReplayError(event, f"renames the unknown entity {event.subject!r}")


@projects("member.joined")
def apply_member_joined(event: Event) -> None:
    org = ref(Organization, event.org, event, "organization")
    member = Member.objects.filter(pk=event.subject).first()
    delegation = event.data.get("delegation")
    if member is None:
        member = Member.objects.create(
            id=event.subject,
            org=org,
            name=event.data["name"],
            delegation=delegation,
            joined_at=when(event),
        )
    elif member.org_id == event.org:  # coming back
        Member.objects.filter(pk=member.pk).update(
            left=False, delegation=delegation or member.delegation
        )
    elif member.delegation == event.org and not delegation:
        # The member's own joining, after a forum they are this organization's delegate in was
        # restored first: the member the forum made becomes this organization's, as if it had
        # joined here first. Erased in the forum, the name stays erased.
        Member.objects.filter(pk=member.pk).update(
            org=org,
            name="" if member.erased else event.data["name"],
            joined_at=when(event),
            left=False,
        )
    else:
        # A delegate joining a forum: their membership of their own organization is unchanged.
        Member.objects.filter(pk=member.pk).update(delegation=delegation or member.delegation)
    if event.body is not None:
        body = ref(Body, event.body, event, "body")
        Role.objects.get_or_create(member=member, body=body, role="member")
    return None


@projects("member.left")
def apply_member_left(event: Event) -> None:
    member = ref(Member, event.subject, event, "member")
    # A delegate leaving the forum stays a member of their own organization.
    if member.org_id == event.org:
        Member.objects.filter(pk=member.pk).update(left=True)
    Role.objects.filter(member=member, body__org_id=event.org).delete()
    return None


@projects("role.assigned")
def apply_role_assigned(event: Event) -> None:
    member = ref(Member, event.data["member"], event, "member")
    body = ref(Body, event.body, event, "body")
    Role.objects.get_or_create(member=member, body=body, role=event.data["role"])
    return None


@projects("role.revoked")
def apply_role_revoked(event: Event) -> None:
    member = ref(Member, event.data["member"], event, "member")
    Role.objects.filter(member=member, body_id=event.body, role=event.data["role"]).delete()
    return None
