"""From a request or an account to the `Actor` the access path reasons about; API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db.models import CharField, Value
from django.http import HttpRequest

from polemica.web.accounts.models import ApiToken, Login, OrgAdmin, User
from polemica.web.base.errors import NotAuthenticated
from polemica.web.orgs.access import Actor

TOKEN_PREFIX = "pm_"


def actor_for(user: Any) -> Actor:
    """The actor of a signed-in account (one query: every request pays it), or the anonymous
    one."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Actor()
    logins = Login.objects.filter(user_id=user.pk).values_list(
        Value("member", output_field=CharField()), "org_id", "member_id"
    )
    admin = OrgAdmin.objects.filter(user_id=user.pk).values_list(
        Value("admin", output_field=CharField()), "org_id", Value("", output_field=CharField())
    )
    members: dict[str, str] = {}
    admin_orgs: set[str] = set()
    for what, org, member in logins.union(admin, all=True):
        if what == "member":
            members[org] = member
        else:
            admin_orgs.add(org)
    return Actor(
        user_id=user.pk, username=user.username, members=members, admin_orgs=frozenset(admin_orgs)
    )


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, name: str) -> str:
    """A new bearer token for `user`; only its digest is kept, so it is shown once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, digest=_digest(token), name=name[:100])
    return token


def user_for_token(token: str) -> User | None:
    row = ApiToken.objects.filter(digest=_digest(token)).select_related("user").first()
    if row is None or not row.user.is_active:
        return None
    return row.user


def actor_of(request: HttpRequest) -> Actor:
    """Bearer token if the request carries one (a bad token is refused), else the session."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthenticated("the Authorization header must be 'Bearer <token>'")
        user = user_for_token(token.strip())
        if user is None:
            raise NotAuthenticated("the API token is unknown or revoked")
        return actor_for(user)
    return actor_for(getattr(request, "user", None))
