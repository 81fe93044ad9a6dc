"""What every view shares: the acting person, refusals turned into messages, kept drafts."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from polemica.web.accounts.auth import actor_for
from polemica.web.base.errors import NotFound, PlatformError
from polemica.web.base.inputs import BadInput
from polemica.web.orgs.access import Actor

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)
DRAFT = "ui_drafts"


def actor(request: HttpRequest) -> Actor:
    """The person behind a page request (the session; pages take no API tokens)."""
    cached = getattr(request, "_ui_actor", None)
    if cached is None:
        cached = actor_for(getattr(request, "user", None))
        request._ui_actor = cached  # type: ignore[attr-defined]
    return cached


def page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    drafts = request.session.pop(DRAFT, {}) if hasattr(request, "session") else {}
    return render(
        request, template, {"me": actor(request), "draft": drafts, **context}, status=status
    )


def reads(view: Callable[P, R]) -> Callable[P, R]:
    """Missing or hidden things answer 404 with the same page (nothing leaks)."""

    @wraps(view)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return view(*args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from None

    return run


def back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next") or fallback
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = fallback
    return HttpResponseRedirect(target, status=303)  # type: ignore[call-arg]


def redirect(url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(url, status=303)  # type: ignore[call-arg]


def _same_site(request: HttpRequest, target: str | None) -> str | None:
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None


def refuse_input(request: HttpRequest, bad: BadInput) -> HttpResponse:
    """Input the guard refused (polemica.web.guard): a posted form goes back to the page it came
    from with the reason, like any refusal; anything else gets a page saying what was wrong."""
    reason = _("Not done: %(reason)s") % {"reason": bad.message}
    if request.method == "POST":
        target = _same_site(request, request.headers.get("Referer"))
        if target is not None:
            messages.error(request, reason)
            return redirect(target)
    return page(request, "ui/bad_input.html", {"reason": reason, "field": bad.field}, status=400)


def acted(
    request: HttpRequest, form: str, fallback: str, action: Callable[[], Any], done: str
) -> HttpResponse:
    """Run a platform action for a posted form; on refusal keep the input and say why."""
    if not request.user.is_authenticated:
        messages.error(request, _("Sign in to do this."))
        return back(request, fallback)
    try:
        action()
    except NotFound as exc:
        raise Http404(exc.message) from None
    except PlatformError as exc:
        kept: dict[str, Any] = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        kept["_lists"] = {k: request.POST.getlist(k) for k in request.POST}
        request.session[DRAFT] = {form: kept}
        messages.error(request, _("Not done: %(reason)s") % {"reason": exc.message})
        return back(request, fallback)
    messages.success(request, done)
    return back(request, fallback)
