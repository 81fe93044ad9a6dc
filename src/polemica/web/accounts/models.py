"""Login accounts and what ties them to members; none of it is in the record (it holds secrets)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person who signs in; the member ids they act as live in `Login`."""


class Login(models.Model):
    """This account acts as `member` (one member id per organization)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="logins")
    # A forum delegate is one member id acting in two organizations, hence a foreign key.
    member = models.ForeignKey("orgs.Member", on_delete=models.CASCADE, related_name="logins")
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "org"], name="one_member_per_org"),
        ]


class OrgAdmin(models.Model):
    """An account entrusted with administering an organization (bodies, roles, erasure)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="admin_of")
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "org"], name="admin_once")]


class ApiToken(models.Model):
    """A bearer token for scripts; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tokens")
    digest = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=100)
    created = models.DateTimeField(auto_now_add=True)
