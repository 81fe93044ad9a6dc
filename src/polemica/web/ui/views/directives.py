"""Directive pages: the directive beside each lower body's application, feedback and answers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polemica.web.centralism import actions as centralism
from polemica.web.centralism.models import Application, Directive, Feedback
from polemica.web.centralism.queries import dissent_of, visible_directive
from polemica.web.orgs.access import leads, participates
from polemica.web.orgs.models import Body
from polemica.web.ui import reads as data
from polemica.web.ui.views.common import acted, actor, page, reads


def _directive(request: HttpRequest, directive_id: str) -> Directive:
    # NotFound (missing or hidden alike) becomes the 404 page: every view here is under `reads`.
    return visible_directive(actor(request), directive_id)


@reads
def directive(request: HttpRequest, directive_id: str) -> HttpResponse:
    who = actor(request)
    d = _directive(request, directive_id)
    apps = {a.body_id: a for a in Application.objects.filter(directive=d)}
    bodies = Body.objects.filter(pk__in=d.to).order_by("name")
    rows = []
    for b in bodies:
        rows.append(
            {
                "body": b,
                "application": apps.get(b.id),
                "may_apply": b.id not in apps and leads(who, d.org_id, b.id),
                "may_send": participates(who, d.org_id, b.id),
            }
        )
    feedback = list(
        Feedback.objects.filter(regarding=d.id).select_related("from_body").order_by("at")
    )
    dissent = dissent_of(who, d.decision)
    return page(
        request,
        "ui/directive.html",
        {
            "d": d,
            "q": d.decision.question,
            "rows": rows,
            "feedback": feedback,
            "dissent": dissent,
            "names": data.names(
                d.org_id,
                [a.author_id for a in apps.values()]
                + [x for f in feedback for x in (f.author_id, f.answered_by)]
                + [c.author for c in (*dissent.unanswered, *dissent.reservations)],
            ),
            "may_answer": leads(who, d.org_id, d.body_id),
            "sending_bodies": [r["body"] for r in rows if r["may_send"]],
        },
    )


def _here(directive_id: str, anchor: str = "") -> str:
    return reverse("ui:directive", args=[directive_id]) + (f"#{anchor}" if anchor else "")


@require_POST
@reads
def apply(request: HttpRequest, directive_id: str) -> HttpResponse:
    d = _directive(request, directive_id)
    body = request.POST.get("body", "")
    return acted(
        request,
        f"apply-{body}",
        _here(d.id, f"app-{body}"),
        lambda: centralism.do_apply_directive(
            actor(request), d.id, body, request.POST.get("text", "")
        ),
        _("Application recorded."),
    )


@require_POST
@reads
def send_feedback(request: HttpRequest, directive_id: str) -> HttpResponse:
    d = _directive(request, directive_id)
    p = request.POST
    return acted(
        request,
        "feedback",
        _here(d.id, "feedback"),
        lambda: centralism.do_send_feedback(
            actor(request), p.get("from_body", ""), d.body_id, d.id, p.get("kind", ""),
            p.get("text", ""),
        ),
        _("Feedback sent up."),
    )  # fmt: skip


@require_POST
@reads
def answer_feedback(request: HttpRequest, directive_id: str, feedback_id: str) -> HttpResponse:
    d = _directive(request, directive_id)
    return acted(
        request,
        f"answer-{feedback_id}",
        _here(d.id, feedback_id),
        lambda: centralism.do_answer_feedback(
            actor(request), feedback_id, request.POST.get("text", "")
        ),
        _("Answer recorded."),
    )
