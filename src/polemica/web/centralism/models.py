"""Directives and their applications, feedback and answers, lines, credit: a projection.

A forum's directive goes to bodies of other organizations, and their applications, feedback and
lines come back to the forum: these references cross organizations, so they are kept without a
database constraint (`db_constraint=False`). Restoring or replaying organizations one at a time,
in any order, a reference may name a row of an organization not restored yet; it is resolved
when that organization arrives (record/pending.py lists what still waits).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from polemica.web.orgs.models import Body, Member, Organization


class Directive(models.Model):
    id = models.CharField(primary_key=True, max_length=64)
    org = models.ForeignKey(Organization, on_delete=models.CASCADE)
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="directives_issued")
    decision = models.ForeignKey("votes.Decision", on_delete=models.CASCADE)
    to = models.JSONField(default=list)
    due = models.DateTimeField(null=True)
    actor = models.CharField(max_length=64, null=True)
    at = models.DateTimeField()

    @property
    def past_due(self) -> bool:
        """The due date has passed (bodies that have not applied it are then overdue)."""
        return self.due is not None and self.due < timezone.now()


class DirectiveTarget(models.Model):
    """One lower body a directive is addressed to (so bodies find what waits for them)."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="targets")
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="directives_received", db_constraint=False
    )


class Application(models.Model):
    id = models.CharField(primary_key=True, max_length=64)
    directive = models.ForeignKey(
        Directive, on_delete=models.CASCADE, related_name="applications", db_constraint=False
    )
    body = models.ForeignKey(Body, on_delete=models.CASCADE)
    author = models.ForeignKey(Member, null=True, on_delete=models.SET_NULL)
    text = models.TextField()
    at = models.DateTimeField()


class Feedback(models.Model):
    id = models.CharField(primary_key=True, max_length=64)
    # The organization of `to_body` (its log records the answer); None until it is restored.
    org = models.ForeignKey(Organization, null=True, on_delete=models.CASCADE)
    from_body = models.ForeignKey(Body, null=True, on_delete=models.CASCADE, related_name="+")
    to_body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="feedback_received", db_constraint=False
    )
    regarding = models.CharField(max_length=64)
    kind = models.CharField(max_length=20)
    text = models.TextField()
    author = models.ForeignKey(Member, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()
    answer = models.TextField(null=True)
    answered_by = models.CharField(max_length=64, null=True)
    answered_at = models.DateTimeField(null=True)


class Line(models.Model):
    id = models.CharField(primary_key=True, max_length=64)
    # The organization of `to_body`; None until it is restored.
    org = models.ForeignKey(Organization, null=True, on_delete=models.CASCADE)
    from_body = models.ForeignKey(Body, null=True, on_delete=models.CASCADE, related_name="+")
    to_body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="lines_received", db_constraint=False
    )
    text = models.TextField()
    author = models.ForeignKey(Member, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField()
    # The receiving body's answer (`line.answered`): answered, adopted or declined, once.
    outcome = models.CharField(max_length=20, null=True)
    response = models.TextField(null=True)
    responded_by = models.CharField(max_length=64, null=True)
    responded_at = models.DateTimeField(null=True)
    # The question the receiving body opened from an adopted line.
    question = models.CharField(max_length=64, null=True)


class Credit(models.Model):
    id = models.CharField(primary_key=True, max_length=64)
    org = models.ForeignKey(Organization, on_delete=models.CASCADE)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="credits")
    for_id = models.CharField(max_length=64)
    given_by = models.CharField(max_length=64, null=True)
    at = models.DateTimeField()
