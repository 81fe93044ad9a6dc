"""Reads of voting state that more than one command asks."""

from __future__ import annotations

from django.db.models import Max

from polemica.web.process.models import Question
from polemica.web.votes.models import Ballot, SealedBallot


def voting_since(q: Question) -> int:
    """The seq of the question's latest move to voting: a vote's ballots come after it."""
    found = q.phases.filter(phase="voting").aggregate(s=Max("seq"))["s"]
    return int(found or 0)


def secret_votes_waiting(org: str | None = None) -> list[tuple[str, int, int]]:
    """Secret votes still open: (question, voters the record names in this vote, ballots in
    its box). After replaying an export the box is empty (the sealed ballots are outside the
    record until the decision), which is how an operator learns that a backup was needed."""
    qs = Question.objects.filter(ballot="secret", phase="voting").order_by("pk")
    if org is not None:
        qs = qs.filter(org_id=org)
    out = []
    for q in qs:
        voters = Ballot.objects.filter(question=q, seq__gt=voting_since(q)).count()
        out.append((q.pk, voters, SealedBallot.objects.filter(question=q).count()))
    return out
