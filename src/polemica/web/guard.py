"""The input guard: every request's strings are checked before its view runs (base/inputs.py).

One place for the whole site, so a new endpoint, form or page parameter is covered without a
line of its own: path parameters, the query string, a JSON body, form fields and uploaded file
names, and the headers and cookie that are looked up in the database. A refused value answers
400 naming the field — as JSON under /api/, on the page otherwise — and nothing is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from ninja.parser import Parser

from polemica.web.accounts.idempotency import FORM_FIELD, HEADER, key_problem
from polemica.web.base.inputs import (
    HEADER_MAX,
    UNPARSED,
    BadInput,
    check,
    check_json,
    check_pairs,
    parse_json_body,
)
from polemica.web.base.schemas import NAME_MAX
from polemica.web.ui.views.common import refuse_input

# Request headers the platform looks things up by or stores (the sign-in limit keeps the
# browser's User-Agent and Accept beside a failed attempt).
HEADERS = ("Authorization", "Idempotency-Key", "User-Agent", "Accept")
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def _pairs(data: Any) -> Iterator[tuple[str, Any]]:
    for key in data:
        for value in data.getlist(key):
            yield key, value


def _headers(request: HttpRequest) -> BadInput | None:
    for name in HEADERS:
        value = request.headers.get(name)
        if value is not None and (bad := check(name, value, HEADER_MAX)) is not None:
            return bad
    return _idempotency_key(HEADER, request.headers.get(HEADER))


def _idempotency_key(field: str, key: str | None) -> BadInput | None:
    problem = None if key is None else key_problem(key)
    return None if problem is None else BadInput(field, problem)


def _body(request: HttpRequest) -> BadInput | None:
    if request.method not in ("POST", "PUT", "PATCH"):
        return None
    if request.content_type not in _FORMS:
        # The API reads a JSON body whatever its declared type, so any body that parses as JSON
        # is checked as JSON; the API's parser then takes the decoded value from here.
        if not request.body:
            return None
        value = parse_json_body(request.body)
        if value is UNPARSED:
            return None
        request.decoded_json = value  # type: ignore[attr-defined]
        return check_json(value)
    try:
        bad = check_pairs(_pairs(request.POST))
        files = list(_pairs(request.FILES))
    except (SuspiciousOperation, RequestDataTooBig, MultiPartParserError):
        return None  # Django answers these itself (400)
    for key, upload in files:
        assert isinstance(upload, UploadedFile)
        for what, value in (("file name", upload.name or ""), ("type", upload.content_type)):
            found = check(key, value or "", NAME_MAX)
            if bad is None and found is not None:
                bad = BadInput(key, f"has a {what} that {found.reason}")
    return bad


def find_bad_input(request: HttpRequest, path_params: dict[str, Any]) -> BadInput | None:
    """The first refused string of the request, or None."""
    return (
        _headers(request)
        or check_pairs((k, v) for k, v in path_params.items() if isinstance(v, str))
        or check_pairs(_pairs(request.GET))
        or _body(request)
        or _form_key(request)
    )


def _form_key(request: HttpRequest) -> BadInput | None:
    if request.method != "POST" or request.content_type not in _FORMS:
        return None
    return _idempotency_key(FORM_FIELD, request.POST.get(FORM_FIELD))


def _bad_cookie(request: HttpRequest) -> BadInput | None:
    # The session cookie is looked up in the database before any view could refuse it.
    name = settings.SESSION_COOKIE_NAME
    value = request.COOKIES.get(name)
    return None if value is None else check(name, value, HEADER_MAX)


class DecodedOnce(Parser):
    """The API's JSON parser: the body the guard already decoded is not decoded again."""

    def parse_body(self, request: HttpRequest) -> Any:
        decoded = getattr(request, "decoded_json", UNPARSED)
        return super().parse_body(request) if decoded is UNPARSED else decoded


class InputGuardMiddleware:
    """Refuses bad input with 400 naming the field (after CSRF and authentication, whose
    middleware run first, so a refusal never skips their checks)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., HttpResponse],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        bad = _bad_cookie(request)
        if bad is not None:
            # Answered without the session, which would look the bad cookie up.
            if _api(request):
                return JsonResponse({"error": bad.message, "field": bad.field}, status=400)
            return HttpResponseBadRequest(bad.message, content_type="text/plain; charset=utf-8")
        bad = find_bad_input(request, kwargs)
        if bad is None:
            return None
        if _api(request):
            return JsonResponse({"error": bad.message, "field": bad.field}, status=400)
        return refuse_input(request, bad)
