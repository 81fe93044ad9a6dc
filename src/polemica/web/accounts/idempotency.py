"""Idempotent POSTs: a retry with the same key gets the first answer and writes nothing.

A script sends `Idempotency-Key: <key>` with a POST of the API; every form of the pages carries
a fresh hidden `idempotency_key` (`{% idempotency_field %}`), so a double click records once.
The key belongs to whoever sent it (the bearer token, or the signed-in account of a session),
and to one request: the same key with another method, path or body is refused (422).

The first request claims the key (a row committed before the view runs, so a concurrent
duplicate finds it), runs, and stores its answer. A duplicate that arrives while the first runs
waits for that answer (up to `WAIT` seconds, then 409). The claim is marked in the same
transaction as the action's events (`record.log` queues `committed_mark()` with its writes), so
a claim whose request failed with a 5xx before anything was recorded is released and a retry
runs again, while one whose action was recorded never runs twice. Answers are kept a day.

`POST /api/tokens` is exempt: its answer is a new secret, which is never stored. So is the
answer to a secret ballot (`forget_answer`): it links the voter to their choice, and so does
the request's fingerprint (a hash of a body holding the ballot), so its claim is deleted once
the request is answered; a retry runs again and is refused ("already cast").
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from contextvars import ContextVar, Token
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from polemica.web.accounts.models import IdempotentRequest

HEADER = "Idempotency-Key"
FORM_FIELD = "idempotency_key"
REPLAYED = "Idempotency-Replayed"
KEEP = timedelta(days=1)
# How long a duplicate waits for the first request's answer, and after how long a claim without
# an answer is taken to belong to a request that died.
WAIT = 10.0
STALE = timedelta(seconds=60)
EXEMPT = ("/api/tokens",)
LOST = "this request was recorded, but its answer was lost: read the current state"

_claim: ContextVar[int | None] = ContextVar("polemica_idempotency_claim", default=None)
_MARK = f"UPDATE {IdempotentRequest._meta.db_table} SET committed = %s WHERE id = %s"


def committed_mark() -> tuple[str, list[Any]] | None:
    """The statement marking the running request's key as recorded, to run inside the action's
    transaction (so it commits, or rolls back, with the action's events); None without a key."""
    claim = _claim.get()
    return None if claim is None else (_MARK, [True, claim])


def _error(status: int, message: str) -> HttpResponse:
    return JsonResponse({"error": message, "field": HEADER}, status=status)


def _key(request: HttpRequest) -> str | None:
    key = request.headers.get(HEADER)
    if key is None and not request.path.startswith("/api/"):
        content = request.content_type or ""
        if content in ("application/x-www-form-urlencoded", "multipart/form-data"):
            key = request.POST.get(FORM_FIELD)
    return key


def key_problem(key: str) -> str | None:
    """Why `key` cannot be an idempotency key, or None (the input guard asks, web/guard.py)."""
    if 1 <= len(key) <= 255 and all(" " < c <= "~" for c in key):
        return None
    return "must be 1 to 255 visible ASCII characters"


def _owner(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    if request.path.startswith("/api/") and header:
        return "token:" + hashlib.sha256(header.encode("utf-8", "replace")).hexdigest()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return None


def _fingerprint(request: HttpRequest) -> str:
    h = hashlib.sha256()
    for part in (request.method or "", request.path, request.META.get("QUERY_STRING", "")):
        h.update(part.encode("utf-8", "replace") + b"\0")
    if (request.content_type or "") == "multipart/form-data":
        # The body's boundary differs between two sends of one form: compare what it holds.
        for name, values in sorted(request.POST.lists()):
            h.update(repr((name, values)).encode("utf-8", "replace"))
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                h.update(repr((name, upload.name, upload.size)).encode("utf-8", "replace"))
                for chunk in upload.chunks():
                    h.update(chunk)
                upload.seek(0)
    else:
        h.update(request.body)
    return h.hexdigest()


def _replay(row: IdempotentRequest) -> HttpResponse:
    assert row.status is not None
    answer = HttpResponse(bytes(row.content), status=row.status, content_type=row.content_type)
    if row.location:
        answer["Location"] = row.location
    answer[REPLAYED] = "true"
    return answer


def _quietly() -> None:
    # A claim or an answer lost in a crash costs at most a retry that waits or runs again;
    # an action recorded after it flushes it with itself (record.durable).
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SET LOCAL synchronous_commit TO off")


def _claim_key(owner: str, key: str, fingerprint: str) -> int | None:
    """Claim the key; None when someone claimed it first."""
    try:
        with transaction.atomic():
            _quietly()
            row = IdempotentRequest.objects.create(owner=owner, key=key, fingerprint=fingerprint)
    except IntegrityError:
        return None
    if row.pk % 1000 == 0:
        IdempotentRequest.objects.filter(created__lt=timezone.now() - KEEP).delete()
    return int(row.pk)


def _existing(owner: str, key: str, fingerprint: str) -> HttpResponse | int:
    """The first request's answer, once it has one; or the claim taken over from a request
    that died before recording anything."""
    deadline = time.monotonic() + WAIT
    while True:
        row = IdempotentRequest.objects.filter(owner=owner, key=key).first()
        if row is None:  # expired and purged meanwhile: claim it afresh
            claim = _claim_key(owner, key, fingerprint)
            if claim is not None:
                return claim
            continue
        if row.fingerprint != fingerprint:
            return _error(422, f"this {HEADER} was used for another request")
        if row.status is not None:
            return _replay(row)
        if timezone.now() - row.created > STALE:
            if row.committed:
                return _error(
                    409,
                    "this request was recorded, but its answer was lost: read "
                    "the current state instead of retrying",
                )
            taken = IdempotentRequest.objects.filter(pk=row.pk, status=None, committed=False)
            if taken.update(created=timezone.now()):
                return int(row.pk)
        if time.monotonic() > deadline:
            return _error(409, f"a request with this {HEADER} is still being processed")
        time.sleep(0.05)


def forget_answer(request: HttpRequest) -> None:
    """The answer to this request is the caller's alone: keep neither it nor the hash of the
    request for a retry (a secret ballot's receipt; web/votes/api.py, ui/views/questions.py)."""
    request.idempotency_forget = True  # type: ignore[attr-defined]


def _store(claim: int, answer: HttpResponse, forget: bool = False) -> None:
    row = IdempotentRequest.objects.filter(pk=claim)
    if forget:
        row.delete()
        return
    if answer.status_code >= 500 or getattr(answer, "streaming", False):
        # Nothing to give back: release the key, unless the action was recorded.
        if row.filter(committed=False).delete()[0]:
            return
        answer = _error(409, LOST)
    with transaction.atomic():
        _quietly()
        row.update(
            status=answer.status_code,
            content_type=answer.get("Content-Type", ""),
            location=answer.get("Location", "")[:2000],
            content=answer.content,
        )


class IdempotencyMiddleware:
    """Answers a retried POST from its key's first answer (see the module's docstring).

    It acts once the view is known (`process_view`), so after the input guard, whose own
    `process_view` comes first and refuses a malformed key, or bad text, before any claim."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        answer = self.get_response(request)
        claim: tuple[int, Token[int | None]] | None = getattr(request, "idempotency_claim", None)
        if claim is not None:
            _claim.reset(claim[1])
            _store(claim[0], answer, getattr(request, "idempotency_forget", False))
        return answer

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., HttpResponse],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if request.method != "POST" or request.path.startswith(EXEMPT):
            return None
        key = _key(request)
        if key is None or key_problem(key) is not None:
            return None
        owner = _owner(request)
        if owner is None:  # nobody to keep it for: nothing anonymous is written
            return None
        fingerprint = _fingerprint(request)
        claim = _claim_key(owner, key, fingerprint)
        if claim is None:
            found = _existing(owner, key, fingerprint)
            if isinstance(found, HttpResponse):
                return found
            claim = found
        request.idempotency_claim = (claim, _claim.set(claim))  # type: ignore[attr-defined]
        return None
