"""Invitation links: created by an organization's administrator, accepted once before they expire.

Only the SHA-256 of the token is stored, so the link is shown once. Accepting creates the account
and then calls the platform's `do_add_member` as the inviting administrator: the record shows
who admitted the new member, and an administrator who lost the right can no longer admit anyone.
"""

from __future__ import annotations

import csv
import hashlib
import io
import secrets
from dataclasses import dataclass
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
# A CSV of invitations: at most this many people, this many bytes.
MAX_ROWS = 1000
MAX_BYTES = 1_000_000
NAME_MAX = 200


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


@dataclass(frozen=True)
class Invitee:
    """One person of a CSV of invitations: their name, the body, the line it came from."""

    name: str
    body: Body
    line: int


def _at(line: int, reason: str) -> Invalid:
    return Invalid(f"line {line}: {reason}", field="file")


def read_invitation_csv(data: bytes, bodies: list[Body]) -> list[Invitee]:
    """The people a CSV invites (header `name,body`, a body by its name), all checked before any
    is invited; the first fault raises Invalid naming its line and reason."""
    if len(data) > MAX_BYTES:
        raise Invalid(f"the file is larger than {MAX_BYTES // 1000} kB", field="file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _at(line, "the file is not UTF-8 text") from None
    by_name: dict[str, list[Body]] = {}
    for b in bodies:
        by_name.setdefault(b.name.strip().casefold(), []).append(b)
    reader = csv.reader(io.StringIO(text, newline=""))
    out: list[Invitee] = []
    seen: dict[tuple[str, str], int] = {}
    header = False
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if any("\x00" in cell for cell in row):
                raise _at(line, "contains a NUL character")
            cells = [cell.strip() for cell in row]
            if not header:
                if [c.casefold() for c in cells] != ["name", "body"]:
                    raise _at(line, "the first line must be the header name,body")
                header = True
                continue
            if len(cells) != 2:
                raise _at(line, f"expected 2 fields (name, body), found {len(cells)}")
            name, body_name = cells
            if not name:
                raise _at(line, "the name is empty")
            if len(name) > NAME_MAX:
                raise _at(line, f"the name is longer than {NAME_MAX} characters")
            found = by_name.get(body_name.casefold(), [])
            if not found:
                raise _at(line, f"no body of the organization is called {body_name!r}")
            if len(found) > 1:
                raise _at(line, f"several bodies are called {body_name!r}")
            key = (name.casefold(), found[0].id)
            if key in seen:
                raise _at(line, f"{name} in {found[0].name} is already on line {seen[key]}")
            seen[key] = line
            out.append(Invitee(name, found[0], line))
            if len(out) > MAX_ROWS:
                raise _at(line, f"the file invites more than {MAX_ROWS} people")
    except csv.Error as exc:
        raise _at(reader.line_num, str(exc)) from None
    if not header:
        raise Invalid("the file is empty", field="file")
    if not out:
        raise Invalid("the file invites nobody: add a line per person", field="file")
    return out


def create_invitations(actor: Actor, invitees: list[Invitee]) -> list[tuple[Invitee, str]]:
    """An invitation for each person, all or none (one transaction); returns their tokens."""
    with transaction.atomic():
        return [(i, create_invitation(actor, i.body, i.name)) for i in invitees]
