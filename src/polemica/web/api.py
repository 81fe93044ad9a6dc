"""The JSON API under /api/ (django-ninja): every action and read, errors as JSON.

Authentication: `Authorization: Bearer <token>` (POST /api/tokens) for scripts, or the session
of a signed-in browser (which must then send the CSRF token when it writes).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import ValidationError as PydanticError

from polemica.web.accounts.api import router as accounts
from polemica.web.api_docs import SameOriginSwagger
from polemica.web.base.errors import PlatformError
from polemica.web.centralism.api import router as centralism
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
)
for router in (accounts, orgs, process, votes, centralism, record):
    api.add_router("/", router)


def _error(
    request: HttpRequest, status: int, message: str, field: str | None = None
) -> HttpResponse:
    return api.create_response(request, {"error": message, "field": field}, status=status)


@api.exception_handler(PlatformError)
def platform_error(request: HttpRequest, exc: PlatformError) -> HttpResponse:
    return _error(request, exc.status, exc.message, exc.field)


def _where(loc: tuple[object, ...] | list[object]) -> str:
    parts = [
        str(p) for p in loc if p not in ("body", "payload", "query", "path", "params", "filters")
    ]
    return ".".join(parts) or "request"


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    field = _where(first.get("loc", ()))
    message = str(first.get("msg", "invalid input"))
    return _error(request, 422, f"{field}: {message}", field)


@api.exception_handler(PydanticError)
def invalid_data(request: HttpRequest, exc: PydanticError) -> HttpResponse:
    first = exc.errors()[0]
    field = _where(first.get("loc", ()))
    return _error(request, 422, f"{field}: {first.get('msg', 'invalid input')}", field)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "sign in or send an API token")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))
