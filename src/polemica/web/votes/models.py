"""Ballots (one current per member and question) and decisions: a projection of events."""

from __future__ import annotations

from django.db import models

from polemica.web.orgs.models import Member
from polemica.web.process.models import Question


class Ballot(models.Model):
    id = models.CharField(primary_key=True, max_length=64)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="ballots")
    member = models.ForeignKey(Member, on_delete=models.CASCADE)
    ballot = models.JSONField()
    current = models.BooleanField(default=True)
    superseded_by = models.CharField(max_length=64, null=True)
    cast_at = models.DateTimeField()
    seq = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["question", "member"],
                condition=models.Q(current=True),
                name="one_current_ballot",
            )
        ]


class SealedBallot(models.Model):
    """The ballot box of a secret vote: a ballot under its tracking number and nothing else.

    No member, time or order is kept (the key is the random tracking number), so nothing here
    links a ballot to its voter; the named `vote.sealed` holds only a seal. The box is outside
    the record until the decision publishes and counts its ballots, which empties it; a backup
    carries it meanwhile (docs/ledger.md, "Secret ballots")."""

    tracking = models.CharField(primary_key=True, max_length=64)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="sealed")
    ballot = models.JSONField()


class Decision(models.Model):
    id = models.CharField(primary_key=True, max_length=64)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="decisions")
    actor = models.CharField(max_length=64, null=True)
    method = models.CharField(max_length=40)
    adopted = models.JSONField(default=list)
    text = models.TextField()
    tally = models.JSONField(default=dict)
    credits = models.JSONField(default=list)
    considered = models.JSONField(default=list)
    unanswered = models.JSONField(default=list)
    unanimous = models.BooleanField(default=False)
    # The method's options the count used, and the body's voting members then (absolute
    # majorities and quorums given as shares count against them).
    options = models.JSONField(default=dict)
    electorate = models.IntegerField(null=True)
    # How many of the counted ballots backed the adopted line (None: recorded before it was).
    backing = models.IntegerField(null=True)
    # A secret vote's published ballots ({tracking, ballot}, tracking order); null when open.
    ballots = models.JSONField(null=True, default=None)
    at = models.DateTimeField()
    seq = models.IntegerField()
