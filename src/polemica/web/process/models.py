"""Questions, contributions (with revisions), facts (with reviews): a projection of events."""

from __future__ import annotations

from django.db import models

from polemica.web.orgs.models import Body, Member, Organization


class Question(models.Model):
    id = models.CharField(primary_key=True, max_length=64)
    org = models.ForeignKey(Organization, on_delete=models.CASCADE)
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(Member, null=True, on_delete=models.SET_NULL)
    title = models.TextField()
    text = models.TextField()
    visibility = models.CharField(max_length=10)
    reason = models.TextField(default="")
    phase = models.CharField(max_length=20)
    method = models.CharField(max_length=40)
    # The method's options chosen when the question was opened (polemica.decide.options).
    options = models.JSONField(default=dict)
    # "open" (ballots named in the record) or "secret" (docs/ledger.md, "Secret ballots").
    ballot = models.CharField(max_length=10, default="open")
    # Objections and questions the mover of a phase declared "left unanswered".
    left_unanswered = models.JSONField(default=list)
    opened_at = models.DateTimeField()


class PhaseChange(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="phases")
    seq = models.IntegerField()
    phase = models.CharField(max_length=20)
    actor = models.CharField(max_length=64, null=True)
    at = models.DateTimeField()


class Contribution(models.Model):
    id = models.CharField(primary_key=True, max_length=64)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="contributions")
    author = models.ForeignKey(Member, null=True, on_delete=models.SET_NULL)
    type = models.CharField(max_length=20)
    text = models.TextField()
    target = models.CharField(max_length=64, null=True)
    cites = models.JSONField(default=list)
    redacted = models.TextField(null=True)
    posted_at = models.DateTimeField()
    seq = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["question", "seq"])]


class Revision(models.Model):
    """An earlier text of a contribution, kept when it is revised."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="revisions"
    )
    seq = models.IntegerField()
    text = models.TextField()
    at = models.DateTimeField()


class Fact(models.Model):
    id = models.CharField(primary_key=True, max_length=64)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="facts")
    author = models.ForeignKey(Member, null=True, on_delete=models.SET_NULL)
    claim = models.TextField()
    sources = models.JSONField(default=list)
    placed_at = models.DateTimeField()
    seq = models.IntegerField()


class Review(models.Model):
    id = models.CharField(primary_key=True, max_length=64)
    fact = models.ForeignKey(Fact, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(Member, null=True, on_delete=models.SET_NULL)
    verdict = models.CharField(max_length=20)
    reasoning = models.TextField()
    at = models.DateTimeField()
    seq = models.IntegerField()


class StoredFile(models.Model):
    """The bytes of an uploaded source file, stored once on disk under their SHA-256 however
    many accounts upload them (content, not record state). Who uploaded them under which name
    is in `FileUpload`, one row per account, so no account learns of another's upload."""

    sha256 = models.CharField(primary_key=True, max_length=64)
    size = models.BigIntegerField()


class FileUpload(models.Model):
    """An account uploaded these bytes under this name (its own name is all it is told)."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="uploads")
    file = models.ForeignKey(StoredFile, on_delete=models.CASCADE, related_name="uploads")
    name = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "file"], name="upload_once")]


class PhaseBacking(models.Model):
    """A member backs moving a question to `phase`; a third of the body's members backing it
    lets any of them make the move (DESIGN §6)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="backings")
    member = models.ForeignKey(Member, on_delete=models.CASCADE)
    phase = models.CharField(max_length=20)
    seq = models.IntegerField()
