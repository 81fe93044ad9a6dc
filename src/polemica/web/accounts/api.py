"""API: tokens for scripts, and who am I."""

from __future__ import annotations

import math

from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import Router, Status

from polemica.web.accounts import signin
from polemica.web.accounts.auth import issue_token
from polemica.web.accounts.models import User
from polemica.web.accounts.schemas import MeOut, TokenIn, TokenOut
from polemica.web.base.errors import NotAuthenticated, TooManyAttempts
from polemica.web.base.http import actor
from polemica.web.base.schemas import ErrorOut

router = Router(tags=["accounts"])


@router.post("/tokens", response={201: TokenOut, 401: ErrorOut, 429: ErrorOut})
def create_token(request: HttpRequest, payload: TokenIn) -> Status[TokenOut]:
    """Exchange a username and password for a bearer token (shown once). Failed attempts are
    limited per account and per address: 429 with Retry-After (docs/platform.md)."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if signin.locked_out(request):
        wait = signin.retry_after(request, payload.username)
        raise TooManyAttempts(
            "too many failed sign-ins for this account or from this address; "
            f"try again in {math.ceil(wait / 60)} minutes",
            retry_after=wait,
        )
    if not isinstance(user, User):
        raise NotAuthenticated("the username or password is wrong")
    return Status(201, TokenOut(token=issue_token(user, payload.name)))


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> MeOut:
    who = actor(request)
    return MeOut(
        username=who.username or None, members=who.members, admin_of=sorted(who.admin_orgs)
    )
