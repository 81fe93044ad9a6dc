"""Invitations: account matters, not record state (the membership they create is an event)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Invitation(models.Model):
    """A one-time link an administrator creates; accepting it creates the account and the
    membership (as the administrator's action, so the record names who let the person in)."""

    digest = models.CharField(max_length=64, unique=True)
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    body = models.ForeignKey("orgs.Body", on_delete=models.CASCADE)
    name = models.CharField(max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )


class Digest(models.Model):
    """A person's choice to receive the e-mail digest of what waits for them (`polemica
    digest` sends it); an account matter like the address it goes to."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest"
    )
    enabled = models.BooleanField(default=False)
    last_sent = models.DateTimeField(null=True)
