"""What every API endpoint shares: the acting person (token or session, with CSRF for sessions)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware

from polemica.web.accounts.auth import actor_of
from polemica.web.base.errors import Forbidden
from polemica.web.orgs.access import Actor

_SAFE = ("GET", "HEAD", "OPTIONS")


def _no_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


def actor(request: HttpRequest) -> Actor:
    """The actor of an API request. A session (cookie) writing needs Django's CSRF token, so a
    page elsewhere cannot make a signed-in browser act; bearer tokens need none."""
    who = actor_of(request)
    if request.method not in _SAFE and "Authorization" not in request.headers and who.user_id:
        refused = CsrfViewMiddleware(_no_view).process_view(request, _no_view, (), {})
        if refused is not None:
            raise Forbidden("a signed-in browser must send the CSRF token")
    return who
