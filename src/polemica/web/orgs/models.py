"""Organizations and their structure: a projection of org/body/member/role events."""

from __future__ import annotations

from django.db import models


class Organization(models.Model):
    id = models.CharField(primary_key=True, max_length=64)
    name = models.TextField()
    founded_at = models.DateTimeField()


class Body(models.Model):
    id = models.CharField(primary_key=True, max_length=64)
    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="bodies")
    name = models.TextField()
    parent = models.ForeignKey("self", null=True, on_delete=models.CASCADE, related_name="children")
    level = models.CharField(max_length=40)


class BodySettings(models.Model):
    """Per-body rules; a body without a row uses the defaults in `orgs.rules.DEFAULTS`."""

    body = models.OneToOneField(Body, primary_key=True, on_delete=models.CASCADE)
    values = models.JSONField()


class Member(models.Model):
    id = models.CharField(primary_key=True, max_length=64)
    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="members")
    name = models.TextField()
    delegation = models.CharField(max_length=64, null=True)
    joined_at = models.DateTimeField()
    left = models.BooleanField(default=False)
    erased = models.BooleanField(default=False)


class Role(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="roles")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "body", "role"], name="role_once"),
        ]
