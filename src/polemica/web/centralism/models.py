"""Directives and their applications, feedback and answers, lines, credit: a projection."""

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
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="directives_received")


class Application(models.Model):
    id = models.CharField(primary_key=True, max_length=64)
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="applications")
    body = models.ForeignKey(Body, on_delete=models.CASCADE)
    author = models.ForeignKey(Member, null=True, on_delete=models.SET_NULL)
    text = models.TextField()
    at = models.DateTimeField()


class Feedback(models.Model):
    id = models.CharField(primary_key=True, max_length=64)
    org = models.ForeignKey(Organization, on_delete=models.CASCADE)
    from_body = models.ForeignKey(Body, null=True, on_delete=models.CASCADE, related_name="+")
    to_body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="feedback_received")
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
    org = models.ForeignKey(Organization, on_delete=models.CASCADE)
    from_body = models.ForeignKey(Body, null=True, on_delete=models.CASCADE, related_name="+")
    to_body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="lines_received")
    text = models.TextField()
    author = models.ForeignKey(Member, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField()


class Credit(models.Model):
    id = models.CharField(primary_key=True, max_length=64)
    org = models.ForeignKey(Organization, on_delete=models.CASCADE)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="credits")
    for_id = models.CharField(max_length=64)
    given_by = models.CharField(max_length=64, null=True)
    at = models.DateTimeField()
