"""The home page, organizations, federations (forums) and bodies."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polemica.web.base.errors import Invalid, PlatformError
from polemica.web.centralism import actions as centralism
from polemica.web.orgs import queries as org_queries
from polemica.web.orgs.access import ancestors, leads, may_change_settings, participates
from polemica.web.orgs.models import Body, Organization
from polemica.web.process import actions as process
from polemica.web.process.queries import questions_for
from polemica.web.ui import reads
from polemica.web.ui.invitations import create_invitation
from polemica.web.ui.labels import METHOD_OPTIONS
from polemica.web.ui.views.common import acted, actor, back, page, redirect
from polemica.web.ui.views.common import reads as reading
from polemica.web.votes.methods import METHOD_NAMES


def home(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    orgs = list(Organization.objects.order_by("name"))
    mine = set(who.members) | set(who.admin_orgs)
    recent = questions_for(who).filter(phase__in=reads.OPEN_PHASES)
    if mine:
        recent = recent.filter(org_id__in=sorted(mine))
    return page(
        request,
        "ui/home.html",
        {
            "orgs": orgs,
            "mine": mine,
            "recent": recent.select_related("body", "org").order_by("-opened_at")[:15],
        },
    )


@reading
def org(request: HttpRequest, org_id: str) -> HttpResponse:
    who = actor(request)
    found = org_queries.org(org_id)
    tree = reads.body_tree(found.id)
    see_members = reads.may_see_members(who, found.id)
    invite_link = request.session.pop("ui_invite_link", None)
    return page(
        request,
        "ui/org.html",
        {
            "org": found,
            "tree": reads.flat_tree(tree),
            "members": reads.members_with_roles(found.id) if see_members else None,
            "delegations": reads.delegations(found.id),
            "federations": reads.federations_of(found.id),
            "counts": reads.question_counts(who, found.id),
            "is_admin": who.is_admin(found.id),
            "bodies": Body.objects.filter(org_id=found.id).order_by("name"),
            "invite_link": invite_link,
        },
    )


@reading
def federation(request: HttpRequest, org_id: str) -> HttpResponse:
    found = org_queries.org(org_id)
    forums = Body.objects.filter(org_id=found.id, level="forum").order_by("name")
    return page(
        request,
        "ui/federation.html",
        {
            "org": found,
            "forums": forums,
            "delegations": reads.delegations(found.id),
            "tree": reads.flat_tree(reads.body_tree(found.id)),
        },
    )


@require_POST
@reading
def invite(request: HttpRequest, org_id: str) -> HttpResponse:
    found = org_queries.org(org_id)
    fallback = reverse("ui:org", args=[found.id])
    body = Body.objects.filter(pk=request.POST.get("body", ""), org_id=found.id).first()
    try:
        if body is None:
            raise Http404("body")
        token = create_invitation(actor(request), body, request.POST.get("name", ""))
    except PlatformError as exc:
        messages.error(request, _("Not done: %(reason)s") % {"reason": exc.message})
        return back(request, fallback)
    link = request.build_absolute_uri(reverse("ui:invitation", args=[token]))
    request.session["ui_invite_link"] = link
    messages.success(request, _("Invitation created. Send the link below; it works once."))
    return back(request, fallback)


@reading
def body(request: HttpRequest, body_id: str) -> HttpResponse:
    who = actor(request)
    found = org_queries.body(body_id)
    org = found.org_id
    chain = [org_queries.body(b) for b in reversed(ancestors(who, org, found.id)[1:])]
    tree = {n.body.id: n for _, n in reads.flat_tree(reads.body_tree(org))}
    member_view = reads.may_see_members(who, org)
    feedback = reads.feedback_waiting(who, found.id) if member_view else []
    return page(
        request,
        "ui/body.html",
        {
            "body": found,
            "org": found.org,
            "node": tree[found.id],
            "chain": chain,
            "open": reads.open_questions(who, found.id),
            "decisions": reads.latest_decisions(who, found.id),
            "waiting": reads.waiting_directives(who, found.id),
            "issued": reads.directives_issued(who, found.id),
            "feedback": feedback,
            "participates": participates(who, org, found.id),
            "leads": leads(who, org, found.id),
            "is_leader": "leader" in who.roles(org).get(found.id, ()),
            "above": chain,
            "methods": METHOD_NAMES,
            "method_options": [
                {"name": n, "field": f"option-{n}", "label": label, "hint": hint}
                for n, label, hint in METHOD_OPTIONS
            ],
            "default_method": who.settings_of(found.id)["method"],
            "names": reads.names(org, [f.author_id for f in feedback]),
            "lines_received": reads.lines_received(who, found),
            "lines_sent": reads.lines_sent(who, found),
            "may_change_settings": may_change_settings(who, org, found.id),
        },
    )


def method_options_from(post: Any) -> dict[str, Any]:
    """The method's options a form filled in: numbers as numbers, empty fields left out."""
    out: dict[str, Any] = {}
    for name, _label, _hint in METHOD_OPTIONS:
        raw = str(post.get(f"option-{name}", "")).strip()
        if not raw:
            continue
        if name in ("strength", "default"):
            out[name] = raw
            continue
        try:
            out[name] = int(raw) if name == "seats" else float(raw)
        except ValueError:
            message = _("%(name)s must be a number") % {"name": name}
            raise Invalid(message, field=f"options.{name}") from None
    return out


@require_POST
@reading
def open_question(request: HttpRequest, body_id: str) -> HttpResponse:
    found = org_queries.body(body_id)
    created: dict[str, str] = {}

    def act() -> None:
        q = process.do_open_question(
            actor(request),
            found.id,
            request.POST.get("title", ""),
            request.POST.get("text", ""),
            visibility=request.POST.get("visibility", "open"),
            reason=request.POST.get("reason") or None,
            method=request.POST.get("method") or None,
            options=method_options_from(request.POST),
            ballot=request.POST.get("ballot") or "open",
        )
        created["id"] = q.id

    response = acted(
        request, "open", reverse("ui:body", args=[found.id]), act, _("Question opened.")
    )
    if "id" in created:
        return redirect(reverse("ui:question", args=[created["id"]]))
    return response


@require_POST
@reading
def propose_line(request: HttpRequest, body_id: str) -> HttpResponse:
    found = org_queries.body(body_id)
    return acted(
        request,
        "line",
        reverse("ui:body", args=[found.id]),
        lambda: centralism.do_propose_line(
            actor(request), found.id, request.POST.get("to", ""), request.POST.get("text", "")
        ),
        _("Line sent up."),
    )


def _health_context(request: HttpRequest, body_id: str) -> dict[str, Any] | None:
    """The body's scope of the organization's report, or None when the reader may not see it
    (the report reads every event, so it is for those to whom no question is closed)."""
    from polemica.web.record.access import hidden_questions
    from polemica.web.ui.health import org_report, scope_of

    who = actor(request)
    found = org_queries.body(body_id)
    org = found.org_id
    if not (reads.may_see_members(who, org) and not hidden_questions(who, org)):
        return None
    report = org_report(org)
    scope = scope_of(report, "body", found.id)
    return {
        "body": found,
        "report": report,
        "scope": scope,
        "syndromes": [(k.replace("_", " "), v) for k, v in scope.syndromes.items()]
        if scope
        else [],
        "signals": [(k.replace("_", " "), v) for k, v in scope.signals.items()] if scope else [],
    }


@reading
def health(request: HttpRequest, body_id: str) -> HttpResponse:
    """The body's health report (computed on request; see ui/health.py)."""
    context = _health_context(request, body_id)
    if context is None:
        found = org_queries.body(body_id)
        return page(request, "ui/health.html", {"body": found, "denied": True}, status=403)
    return page(request, "ui/health.html", context)


@reading
def health_glance(request: HttpRequest, body_id: str) -> HttpResponse:
    """The body page's health summary, loaded after the page (htmx) because it takes a moment."""
    context = _health_context(request, body_id)
    if context is None:
        context = {"body": org_queries.body(body_id), "denied": True}
    return page(request, "ui/_health_glance.html", context)
