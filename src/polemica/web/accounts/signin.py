"""A limit on password guesses, per account and per client address (django-axes).

Every failed sign-in — the sign-in page or `POST /api/tokens` — is an `axes.AccessAttempt` row
in the database, so every server process counts the same failures. An account is refused once
`AXES_FAILURE_LIMIT` (5) sign-ins to it failed within `AXES_COOLOFF_TIME` (15 minutes), from any
address, and an address once `SIGNIN_ADDRESS_LIMIT` (30) sign-ins from it failed, to any
accounts (the settings): one person's typos lock neither their colleagues behind the same
address nor anyone else's account. While refused, even the right password is refused; the
answer says when to try again.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest
from django.utils import timezone


def client_address(request: HttpRequest) -> str | None:
    """The address the connection came from. Headers such as X-Forwarded-For are not trusted:
    `polemica serve` faces clients itself (behind a proxy, set AXES_CLIENT_IP_CALLABLE)."""
    return request.META.get("REMOTE_ADDR")


class SignInHandler(AxesDatabaseHandler):
    """Axes compares one count with one limit; the account and the address each have their own,
    so each count is given as its share of its own limit, on the account limit's scale."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        # AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]: one query set each, in order.
        by_account, by_address = (
            qs.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for qs in self.get_user_attempts(request, credentials)
        )
        account_limit: int = settings.AXES_FAILURE_LIMIT
        return max(by_account, by_address * account_limit // settings.SIGNIN_ADDRESS_LIMIT)


class SignInBackend(AxesStandaloneBackend):
    """Axes' check before the password is: refuses a locked account or address. A sign-in with
    no request (a command on the server itself) has no client to limit."""

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is not None:
            super().authenticate(request, *args, **kwargs)


def locked_out(request: HttpRequest) -> bool:
    """Whether the last `authenticate` of this request was refused (or just reached a limit)."""
    return bool(getattr(request, "axes_locked_out", False))


def retry_after(request: HttpRequest, username: str) -> int:
    """Seconds until the failures that lock this account and address have all expired."""
    attempts = SignInHandler().get_user_attempts(request, {"username": username})
    times: list[datetime] = [
        t for qs in attempts if (t := qs.aggregate(t=Max("attempt_time"))["t"]) is not None
    ]
    if not times:
        return 1
    cool_off: timedelta = settings.AXES_COOLOFF_TIME
    return max(1, math.ceil((max(times) + cool_off - timezone.now()).total_seconds()))
