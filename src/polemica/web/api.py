"""The JSON API under /api/ (django-ninja): every action and read, errors as JSON.

Authentication: `Authorization: Bearer <token>` (POST /api/tokens) for scripts, or the session
of a signed-in browser (which must then send the CSRF token when it writes).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import ValidationError as PydanticError

from polemica.web.accounts.api import router as accounts
from polemica.web.api_docs import SameOriginSwagger
from polemica.web.base.errors import PlatformError, TooManyAttempts
from polemica.web.centralism.api import router as centralism
from polemica.web.guard import DecodedOnce
from polemica.web.orgs.api import router as orgs
from polemica.web.process.api import router as process
from polemica.web.record.api import router as record
from polemica.web.votes.api import router as votes

api = NinjaAPI(
    title="polemica",
    version="1",
    description="Deliberation, decisions and a tamper-evident record for organizations of bodies.",
    urls_namespace="api",
    docs=SameOriginSwagger(),
    parser=DecodedOnce(),
)
for router in (accounts, orgs, process, votes, centralism, record):
    api.add_router("/", router)


def _error(
    request: HttpRequest, status: int, message: str, field: str | None = None
) -> HttpResponse:
    return api.create_response(request, {"error": message, "field": field}, status=status)


@api.exception_handler(PlatformError)
def platform_error(request: HttpRequest, exc: PlatformError) -> HttpResponse:
    response = _error(request, exc.status, exc.message, exc.field)
    if isinstance(exc, TooManyAttempts):
        response["Retry-After"] = str(exc.retry_after)
    return response


def _where(loc: tuple[object, ...] | list[object]) -> str:
    parts = [
        str(p) for p in loc if p not in ("body", "payload", "query", "path", "params", "filters")
    ]
    return ".".join(parts) or "request"


# An over-long value is refused like any bad text (web/guard.py): 400; other shapes are 422.
_TOO_LONG = frozenset({"string_too_long", "too_long"})


def _invalid(request: HttpRequest, first: Mapping[str, Any]) -> HttpResponse:
    field = _where(first.get("loc", ()))
    message = str(first.get("msg", "invalid input"))
    status = 400 if first.get("type") in _TOO_LONG else 422
    return _error(request, status, f"{field}: {message}", field)


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _invalid(request, exc.errors[0] if exc.errors else {})


@api.exception_handler(PydanticError)
def invalid_data(request: HttpRequest, exc: PydanticError) -> HttpResponse:
    return _invalid(request, exc.errors()[0])


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "sign in or send an API token")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))
