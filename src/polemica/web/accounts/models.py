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


class IdempotentRequest(models.Model):
    """A POST sent with an idempotency key (the API's `Idempotency-Key` header, a form's hidden
    `idempotency_key`), and the answer it got: a retry with the same key gets that answer again
    and writes nothing (accounts/idempotency.py). Kept a day; not in the record."""

    # Whose key: "token:<SHA-256 of the bearer token>" or "user:<account id>" (a session).
    owner = models.CharField(max_length=80)
    key = models.CharField(max_length=255)
    # SHA-256 of method, path, query, content type and body: the same key with another
    # request is refused.
    fingerprint = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True)
    # Set in the transaction of the action the request ran, so a retry knows it was recorded.
    committed = models.BooleanField(default=False)
    # The answer (None while the first request runs).
    status = models.IntegerField(null=True)
    content_type = models.CharField(max_length=200, default="")
    location = models.CharField(max_length=2000, default="")
    content = models.BinaryField(default=b"")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="one_answer_per_key")]
