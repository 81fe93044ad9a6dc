"""The question page and everything done on it: contribute, move phases, facts, votes,
the decision and the directive that carries it down; the live stream and its fragments."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polemica.web.accounts.idempotency import forget_answer
from polemica.web.base.errors import Invalid, NotFound, PlatformError
from polemica.web.centralism import actions as centralism
from polemica.web.process import actions as process
from polemica.web.process import files, queries
from polemica.web.process.models import Fact
from polemica.web.record import ledger
from polemica.web.ui import live
from polemica.web.ui.question import question_page
from polemica.web.ui.tally import tally_view
from polemica.web.ui.views.common import acted, actor, page, reads, redirect
from polemica.web.votes import actions as votes
from polemica.web.votes.models import Ballot, Decision


def _context(request: HttpRequest, question_id: str) -> dict[str, Any]:
    who = actor(request)
    q = queries.visible_question(who, question_id)
    ctx = question_page(who, q.id, who.member_id(q.org_id))
    ctx["prefill"] = {
        "type": request.GET.get("type", ""),
        "target": request.GET.get("target", ""),
    }
    amend = ctx["nodes"].get(request.GET.get("amend", ""))
    if amend is not None:
        ctx["prefill"] = {"type": "amendment", "target": amend.id, "text": amend.c.text}
    return ctx


@reads
def question(request: HttpRequest, question_id: str) -> HttpResponse:
    # Read before the page's content: the live stream resumes after it, so an event appended
    # while the page is drawn is reported (at worst twice), never lost.
    seq = live.latest(question_id)
    ctx = _context(request, question_id)
    ctx["live_seq"] = seq
    return page(request, "ui/question.html", ctx)


@reads
def argument_map(request: HttpRequest, question_id: str) -> HttpResponse:
    """The argument map alone: what a live update swaps in."""
    return page(request, "ui/_map.html", _context(request, question_id))


@reads
def phase_bar(request: HttpRequest, question_id: str) -> HttpResponse:
    ctx = _context(request, question_id)
    ctx["changed"] = request.GET.get("changed") == "1"
    return page(request, "ui/_phase.html", ctx)


@reads
def stream(request: HttpRequest, question_id: str) -> HttpResponse | StreamingHttpResponse:
    """The live stream, resumed after the browser's Last-Event-ID (a reconnection) or else
    after `?after=` (the seq the page was drawn at), so no event is lost in between."""
    q = queries.visible_question(actor(request), question_id)
    try:
        after = live.parse_after(request.headers.get("Last-Event-ID"))
        if after is None:
            after = live.parse_after(request.GET.get("after"))
    except ValueError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    response = StreamingHttpResponse(
        live.events(q.org_id, q.id, after), content_type="text/event-stream"
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


def _here(question_id: str, anchor: str = "") -> str:
    return reverse("ui:question", args=[question_id]) + (f"#{anchor}" if anchor else "")


@require_POST
def contribute(request: HttpRequest, question_id: str) -> HttpResponse:
    p = request.POST
    return acted(
        request,
        "contribute",
        _here(question_id, "map"),
        lambda: process.do_post_contribution(
            actor(request),
            question_id,
            p.get("type", ""),
            p.get("text", ""),
            target=p.get("target") or None,
            cites=p.getlist("cites") or None,
        ),
        _("Contribution posted."),
    )


@require_POST
def revise(request: HttpRequest, question_id: str, contribution_id: str) -> HttpResponse:
    return acted(
        request,
        "revise",
        _here(question_id, contribution_id),
        lambda: process.do_revise_contribution(
            actor(request), contribution_id, request.POST.get("text", "")
        ),
        _("Contribution revised."),
    )


@require_POST
def move(request: HttpRequest, question_id: str) -> HttpResponse:
    p = request.POST
    return acted(
        request,
        "move",
        _here(question_id),
        lambda: process.do_move_phase(
            actor(request),
            question_id,
            p.get("phase", ""),
            left_unanswered=p.getlist("left_unanswered") or None,
            cites=p.getlist("cites") or None,
        ),
        _("Phase changed."),
    )


@require_POST
def close(request: HttpRequest, question_id: str) -> HttpResponse:
    return acted(
        request,
        "close",
        _here(question_id),
        lambda: process.do_close_question(
            actor(request), question_id, request.POST.get("reason", "")
        ),
        _("The question is closed to outsiders."),
    )


SOURCE_SLOTS = (1, 2, 3)


def _sources(request: HttpRequest) -> list[dict[str, str]]:
    """Sources from the fact form; an uploaded file is stored under its SHA-256 first."""
    p = request.POST
    out = []
    for i in SOURCE_SLOTS:
        title = p.get(f"source_title_{i}", "").strip()
        uri = p.get(f"source_uri_{i}", "").strip()
        upload = request.FILES.get(f"source_file_{i}")
        item: dict[str, str] = {}
        if upload is not None:
            stored = files.store_upload(actor(request), upload)
            item["sha256"] = stored.sha256
            title = title or stored.name
        if title or uri:
            item["title"] = title
        if uri:
            item["uri"] = uri
        if item:
            out.append(item)
    return out


@require_POST
def place_fact(request: HttpRequest, question_id: str) -> HttpResponse:
    return acted(
        request,
        "fact",
        _here(question_id, "facts"),
        lambda: process.do_place_fact(
            actor(request), question_id, request.POST.get("claim", ""), _sources(request)
        ),
        _("Fact placed before the body."),
    )


@require_POST
def review_fact(request: HttpRequest, question_id: str, fact_id: str) -> HttpResponse:
    def act() -> None:
        # A fact of another question is refused like a missing one, and only inside the action,
        # after the same checks a hidden fact meets: no answer tells that the id exists.
        if not Fact.objects.filter(pk=fact_id, question_id=question_id).exists():
            raise NotFound("fact")
        process.do_review_fact(
            actor(request),
            fact_id,
            request.POST.get("verdict", ""),
            request.POST.get("reasoning", ""),
        )

    return acted(
        request, f"review-{fact_id}", _here(question_id, fact_id), act, _("Review recorded.")
    )


def ballot_from(kind: str, post: Any) -> dict[str, Any]:
    """The ballot a vote form describes (see ui/_vote.html)."""
    if kind == "choice":
        return {"choice": post.get("choice", "")}
    if kind == "approve":
        return {"approve": post.getlist("approve")}
    if kind == "stances":
        return {"stances": _stances_from(post)}
    ranks: dict[int, list[str]] = {}
    for key in post:
        if key.startswith("rank-") and post.get(key, "").strip():
            try:
                ranks.setdefault(int(post[key]), []).append(key[5:])
            except ValueError:
                raise Invalid(_("a rank must be a number"), field="ranking") from None
    return {"ranking": [sorted(ranks[r]) for r in sorted(ranks)]}


def _stances_from(post: Any) -> dict[str, Any]:
    """`stance-<id>` radio buttons; a block takes its reason from `block-<id>`."""
    stances: dict[str, Any] = {}
    for key in post:
        if not key.startswith("stance-"):
            continue
        statement, stance = key[7:], post.get(key, "")
        if stance == "block":
            reason = post.get(f"block-{statement}", "").strip()
            if not reason:
                raise Invalid(_("a block needs its reason"), field=f"block-{statement}")
            stances[statement] = {"block": reason}
        else:
            stances[statement] = stance
    return stances


@require_POST
def vote(request: HttpRequest, question_id: str) -> HttpResponse:
    from polemica.web.ui.question import ballot_kind

    who = actor(request)
    if request.user.is_authenticated:
        try:
            q = queries.visible_question(who, question_id)
        except NotFound as exc:
            raise Http404(exc.message) from None
        if q.ballot == "secret":
            return _vote_sealed(request, q.id, ballot_kind(q.method))

    def act() -> None:
        q = queries.visible_question(who, question_id)
        votes.do_cast_ballot(who, q.id, ballot_from(ballot_kind(q.method), request.POST))

    return acted(
        request,
        "vote",
        _here(question_id, "vote"),
        act,
        _("Your ballot is recorded. Download its receipt to check it later."),
    )


def _vote_sealed(request: HttpRequest, question_id: str, kind: str) -> HttpResponse:
    """A secret ballot from the vote form: the answer is the receipt, shown once and kept
    nowhere (no idempotent replay, no draft of a refused ballot, nothing in the session)."""
    forget_answer(request)
    try:
        cast = votes.do_cast_secret_ballot(
            actor(request), question_id, ballot_from(kind, request.POST)
        )
    except NotFound as exc:
        raise Http404(exc.message) from None
    except PlatformError as exc:
        messages.error(request, _("Not done: %(reason)s") % {"reason": exc.message})
        return redirect(_here(question_id, "vote"))
    doc = ledger.receipt(cast.row.question.org_id, cast.row.seq)
    doc["sealed"] = cast.sealed()
    ctx = {"q": cast.row.question, "seq": cast.row.seq, "tracking": cast.tracking}
    ctx["receipt"] = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    response = page(request, "ui/sealed.html", ctx)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def decide(request: HttpRequest, question_id: str) -> HttpResponse:
    return acted(
        request,
        "decide",
        _here(question_id, "decision"),
        lambda: votes.do_record_decision(actor(request), question_id, request.POST.get("text", "")),
        _("Decision recorded."),
    )


@require_POST
def issue_directive(request: HttpRequest, question_id: str, decision_id: str) -> HttpResponse:
    made: dict[str, str] = {}

    def act() -> None:
        d = centralism.do_issue_directive(
            actor(request),
            decision_id,
            request.POST.getlist("to"),
            request.POST.get("due") or None,
        )
        made["id"] = d.id

    response = acted(
        request, "directive", _here(question_id, "decision"), act, _("Directive issued.")
    )
    if "id" in made:
        return redirect(reverse("ui:directive", args=[made["id"]]))
    return response


@reads
def my_receipt(request: HttpRequest, question_id: str) -> HttpResponse:
    """The receipt of the signed-in member's current ballot, as a JSON download."""
    who = actor(request)
    q = queries.visible_question(who, question_id)
    member = who.member_id(q.org_id)
    ballot = Ballot.objects.filter(question=q, member_id=member, current=True).first()
    if member is None or ballot is None:
        raise Http404("ballot")
    return receipt_response(q.org_id, ballot.seq, f"receipt-{q.id}-{ballot.seq}.json")


@reads
def source_file(request: HttpRequest, sha: str) -> FileResponse:
    """A fact's source file, always as a download (never rendered in the page's origin)."""
    return files.download(actor(request), sha)


def receipt_response(org: str, seq: int, filename: str) -> HttpResponse:
    doc = ledger.receipt(org, seq)
    response = HttpResponse(
        json.dumps(doc, indent=2, ensure_ascii=False) + "\n",
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def decision_of(question_id: str) -> Decision | None:
    return Decision.objects.filter(question_id=question_id).order_by("-seq").first()


@reads
def tally_page(request: HttpRequest, question_id: str) -> HttpResponse:
    """The latest decision's tally: who won and by how much, the minority, rounds, matrices."""
    q = queries.visible_question(actor(request), question_id)
    decision = decision_of(q.id)
    if decision is None:
        raise Http404(_("This question has no decision yet."))
    view = tally_view(decision)
    return page(
        request,
        "ui/tally.html",
        {"q": q, "body": q.body, "org": q.body.org, "decision": decision, "t": view},
    )
