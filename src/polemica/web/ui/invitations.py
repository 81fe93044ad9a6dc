"""Invitation links: created by an organization's administrator, accepted once before they expire.

Only the SHA-256 of the token is stored, so the link is shown once. Accepting creates the account
and then calls the platform's `do_add_member` as the inviting administrator: the record shows
who admitted the new member, and an administrator who lost the right can no longer admit anyone.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from polemica.web.accounts.auth import actor_for
from polemica.web.accounts.models import User
from polemica.web.base.errors import Forbidden, Invalid, NotFound
from polemica.web.orgs import actions as org_actions
from polemica.web.orgs.access import Actor, require, require_login
from polemica.web.orgs.models import Body, Member
from polemica.web.ui.models import Invitation

VALID_DAYS = 14


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_invitation(actor: Actor, body: Body, name: str) -> str:
    """A new invitation into `body` for a person called `name`; returns the token."""
    require_login(actor)
    require(actor.is_admin(body.org_id), "only an administrator of the organization invites")
    if not name.strip():
        raise Invalid("an invitation names the person invited", field="name")
    token = secrets.token_urlsafe(24)
    assert actor.user_id is not None
    Invitation.objects.create(
        digest=_digest(token),
        org_id=body.org_id,
        body=body,
        name=name.strip()[:200],
        created_by_id=actor.user_id,
        expires_at=timezone.now() + timedelta(days=VALID_DAYS),
    )
    return token


def open_invitation(token: str) -> Invitation:
    found = Invitation.objects.filter(digest=_digest(token)).select_related("org", "body").first()
    if found is None or found.accepted_by_id is not None or found.expires_at < timezone.now():
        raise NotFound("invitation")
    return found


def accept_invitation(token: str, username: str, password: str) -> tuple[User, Member]:
    """Create the account and the membership in one transaction."""
    with transaction.atomic():
        inv = open_invitation(token)
        locked = Invitation.objects.select_for_update().get(pk=inv.pk)
        if locked.accepted_by_id is not None:
            raise NotFound("invitation")
        if not username.strip():
            raise Invalid("choose a user name", field="username")
        if User.objects.filter(username=username).exists():
            raise Invalid("this user name is taken", field="username")
        try:
            with transaction.atomic():
                user = User.objects.create_user(username=username, password=password)
        except IntegrityError:  # taken by a concurrent sign-up since the check above
            raise Invalid("this user name is taken", field="username") from None
        admin = User.objects.filter(pk=inv.created_by_id).first()
        if admin is None:
            raise Forbidden("the invitation's administrator no longer exists")
        member = org_actions.do_add_member(
            actor_for(admin), inv.org_id, inv.name, inv.body_id, username=user.username
        )
        locked.accepted_by = user
        locked.save(update_fields=["accepted_by"])
    return user, member
