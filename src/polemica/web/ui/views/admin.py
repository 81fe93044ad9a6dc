"""Running an organization from the pages: found it, build its bodies, invite members (one by
one or from a CSV), assign and revoke roles, change a body's settings, erase a contribution.

Every form calls the same `do_<verb>_<noun>` action as the API, and who may see a page is asked
of the access modules, so the pages allow and refuse exactly what the API does. A page for
something the person may not do answers 404, like a missing one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from polemica.web.base.errors import NotFound, PlatformError
from polemica.web.orgs import actions as org_actions
from polemica.web.orgs import queries as org_queries
from polemica.web.orgs.access import may_change_settings
from polemica.web.orgs.models import Body, Member, Organization
from polemica.web.process.models import Contribution
from polemica.web.process.queries import visible_question
from polemica.web.record import actions as record_actions
from polemica.web.record.access import can_erase
from polemica.web.record.models import EventRow, Opening
from polemica.web.ui import reads
from polemica.web.ui.forms import (
    TOP,
    CreateBodyForm,
    EraseForm,
    FoundOrgForm,
    InviteCsvForm,
    InviteForm,
    MoveBodyForm,
    RoleForm,
    SettingsForm,
    form_errors,
)
from polemica.web.ui.invitations import create_invitations, read_invitation_csv
from polemica.web.ui.views.common import DRAFT, acted, actor, back, page, redirect
from polemica.web.ui.views.common import reads as reading

LINKS = "ui_invite_links"


def _administered(request: HttpRequest, org_id: str) -> Organization:
    """The organization, if this person administers it; 404 otherwise (like a missing one)."""
    found = org_queries.org(org_id)
    if not actor(request).is_admin(found.id):
        raise NotFound("organization")
    return found


def _draft(request: HttpRequest, form: str) -> dict[str, Any]:
    """What was typed into `form` before a refusal (kept by `with_form`), to fill it again."""
    kept = request.session.get(DRAFT, {}).get(form, {})
    return {k: v for k, v in kept.items() if k != "revoke"} if isinstance(kept, dict) else {}


def _bodies(org: str) -> list[Body]:
    return list(Body.objects.filter(org_id=org).order_by("name", "id"))


def _members(org: str) -> list[Member]:
    return list(Member.objects.filter(org_id=org, left=False).order_by("name", "id"))


def with_form(
    request: HttpRequest,
    form: Any,
    name: str,
    fallback: str,
    action: Callable[[dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """A posted Django form: its shape checked here, then the action (refusals as messages,
    with what was typed kept, exactly as `acted` does for the other forms)."""
    if request.user.is_authenticated and not form.is_valid():
        kept = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        request.session[DRAFT] = {name: kept}
        messages.error(request, _("Not done: %(reason)s") % {"reason": form_errors(form)})
        return back(request, fallback)
    return acted(request, name, fallback, lambda: action(form.cleaned_data), done)


@login_required
def found_org(request: HttpRequest) -> HttpResponse:
    """Found an organization; the founding account administers it."""
    form = FoundOrgForm(request.POST or None, initial=_draft(request, "found"))
    if request.method == "POST":
        created: dict[str, str] = {}

        def act(data: dict[str, Any]) -> None:
            created["id"] = org_actions.do_found_org(actor(request), data["name"]).id

        response = with_form(
            request, form, "found", reverse("ui:found"), act, _("Organization founded.")
        )
        if "id" in created:
            return redirect(reverse("ui:admin", args=[created["id"]]))
        return response
    return page(request, "ui/found.html", {"form": form})


@reading
def admin(request: HttpRequest, org_id: str) -> HttpResponse:
    """The administration page of an organization: bodies, members and roles, invitations."""
    found = _administered(request, org_id)
    bodies = _bodies(found.id)
    members = _members(found.id)
    return page(
        request,
        "ui/admin.html",
        {
            "org": found,
            "tree": reads.flat_tree(reads.body_tree(found.id)),
            "rows": reads.members_with_roles(found.id),
            "create_form": CreateBodyForm(
                bodies=bodies, auto_id="create-%s", initial=_draft(request, "body")
            ),
            "move_form": MoveBodyForm(
                bodies=bodies, auto_id="move-%s", initial=_draft(request, "move")
            ),
            "invite_form": InviteForm(bodies=bodies, auto_id="invite-%s"),
            "csv_form": InviteCsvForm(auto_id="csv-%s"),
            "role_form": RoleForm(
                bodies=bodies, members=members, auto_id="role-%s", initial=_draft(request, "role")
            ),
            "links": request.session.pop(LINKS, None),
            "invite_link": request.session.pop("ui_invite_link", None),
        },
    )


def _here(org: str, anchor: str) -> str:
    return reverse("ui:admin", args=[org]) + f"#{anchor}"


@require_POST
@reading
def create_body(request: HttpRequest, org_id: str) -> HttpResponse:
    found = _administered(request, org_id)
    form = CreateBodyForm(request.POST, bodies=_bodies(found.id))
    return with_form(
        request,
        form,
        "body",
        _here(found.id, "bodies"),
        lambda d: org_actions.do_create_body(
            actor(request), found.id, d["name"], d["level"], d["parent"] or None
        ),
        _("Body created."),
    )


@require_POST
@reading
def move_body(request: HttpRequest, org_id: str) -> HttpResponse:
    found = _administered(request, org_id)
    form = MoveBodyForm(request.POST, bodies=_bodies(found.id))
    return with_form(
        request,
        form,
        "move",
        _here(found.id, "bodies"),
        lambda d: org_actions.do_move_body(
            actor(request), d["body"], None if d["parent"] == TOP else d["parent"]
        ),
        _("Body moved."),
    )


@require_POST
@reading
def role(request: HttpRequest, org_id: str) -> HttpResponse:
    """Assign a role, or revoke one (`revoke` set: the revoke buttons of the members' table)."""
    found = _administered(request, org_id)
    form = RoleForm(request.POST, bodies=_bodies(found.id), members=_members(found.id))
    revoke = bool(request.POST.get("revoke"))
    do = org_actions.do_revoke_role if revoke else org_actions.do_assign_role
    return with_form(
        request,
        form,
        "role",
        _here(found.id, "members"),
        lambda d: do(actor(request), d["body"], d["member"], d["role"]),
        _("Role revoked.") if revoke else _("Role assigned."),
    )


@require_POST
@reading
def invite_csv(request: HttpRequest, org_id: str) -> HttpResponse:
    """Invitations from a CSV: every line checked first; a bad file invites nobody and says
    which line is wrong and why."""
    found = _administered(request, org_id)
    fallback = _here(found.id, "invite")
    form = InviteCsvForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Not done: %(reason)s") % {"reason": form_errors(form)})
        return back(request, fallback)
    who = actor(request)
    try:
        invitees = read_invitation_csv(form.cleaned_data["file"].read(), _bodies(found.id))
        made = create_invitations(who, invitees)
    except PlatformError as exc:
        messages.error(request, _("Not done: %(reason)s") % {"reason": exc.message})
        return back(request, fallback)
    request.session[LINKS] = [
        {
            "name": i.name,
            "body": i.body.name,
            "link": request.build_absolute_uri(reverse("ui:invitation", args=[token])),
        }
        for i, token in made
    ]
    done = ngettext(
        "%(n)d invitation created. Send the link below to its person; it works once.",
        "%(n)d invitations created. Send each link below to its person; each works once.",
        len(made),
    )
    messages.success(request, done % {"n": len(made)})
    return back(request, fallback)


def _settings_body(request: HttpRequest, body_id: str) -> Body:
    found = org_queries.body(body_id)
    if not may_change_settings(actor(request), found.org_id, found.id):
        raise NotFound("body")
    return found


@reading
def body_settings(request: HttpRequest, body_id: str) -> HttpResponse:
    """A body's settings, for its leader and the organization's administrators."""
    found = _settings_body(request, body_id)
    who = actor(request)
    current = who.settings_of(found.id)
    if request.method == "POST":
        form = SettingsForm(request.POST)
        here = reverse("ui:settings", args=[found.id])
        if form.is_valid() and not form.changed_settings(current):
            messages.info(request, _("Nothing changed."))
            return redirect(here)
        return with_form(
            request,
            form,
            "settings",
            here,
            lambda d: org_actions.do_change_settings(who, found.id, form.changed_settings(current)),
            _("Settings changed."),
        )
    form = SettingsForm(initial={**current, **_draft(request, "settings")})
    return page(request, "ui/settings.html", {"body": found, "org": found.org, "form": form})


def _erasable(request: HttpRequest, question_id: str, contribution_id: str) -> Contribution:
    """The contribution, if this person may read it and erase in its organization."""
    who = actor(request)
    q = visible_question(who, question_id)
    c = Contribution.objects.filter(pk=contribution_id, question=q).first()
    if c is None or not can_erase(who, q.org_id):
        raise NotFound("contribution")
    return c


def _events_of(c: Contribution) -> list[EventRow]:
    """The events that gave the contribution its texts (posted, revised) with text left."""
    org = c.question.org_id
    rows = EventRow.objects.filter(
        org=org, subject=c.id, kind__in=("contribution.posted", "contribution.revised")
    ).order_by("seq")
    with_text = set(
        Opening.objects.filter(org=org, seq__in=[r.seq for r in rows]).values_list("seq", flat=True)
    )
    return [r for r in rows if r.seq in with_text]


@reading
def erase_contribution(
    request: HttpRequest, question_id: str, contribution_id: str
) -> HttpResponse:
    """Erase a contribution's text (every version of it) with a public reason: an
    administrator's legal duty; the record keeps the events, their hashes and the reason."""
    c = _erasable(request, question_id, contribution_id)
    here = reverse("ui:erase", args=[c.question_id, c.id])
    events = _events_of(c)
    if request.method != "POST":
        return page(
            request,
            "ui/erase.html",
            {"c": c, "q": c.question, "events": events, "form": EraseForm()},
        )
    form = EraseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Not done: %(reason)s") % {"reason": form_errors(form)})
        return redirect(here)
    try:
        if not events:
            raise PlatformError(_("this contribution has no text left to erase"))
        # Every version or none: each erasure is the API's action, in one transaction.
        with transaction.atomic():
            for row in events:
                record_actions.do_erase_event(
                    actor(request), row.org, row.seq, form.cleaned_data["reason"]
                )
    except PlatformError as exc:
        messages.error(request, _("Not done: %(reason)s") % {"reason": exc.message})
        return redirect(here)
    messages.success(request, _("The contribution's text was erased."))
    return redirect(reverse("ui:question", args=[c.question_id]) + f"#{c.id}")
