"""Each organization's log: its head (locked to append), its events, its Merkle tree nodes,
the openings of committed personal fields (deleted on erasure) and signed checkpoints."""

from __future__ import annotations

from django.db import models


class LogHead(models.Model):
    """The size of an organization's log; appends lock this row so seq never has gaps."""

    org = models.CharField(primary_key=True, max_length=64)
    size = models.IntegerField(default=0)
    # The tree's root at `size` (hex): lets a cached tree prove it still matches the log.
    root = models.CharField(max_length=64, default="")


class EventRow(models.Model):
    org = models.CharField(max_length=64)
    seq = models.IntegerField()
    event_id = models.CharField(max_length=100, unique=True)
    at = models.CharField(max_length=40)
    body = models.CharField(max_length=64, null=True)
    actor = models.CharField(max_length=64, null=True)
    kind = models.CharField(max_length=60)
    subject = models.CharField(max_length=64)
    data = models.JSONField()
    extra = models.JSONField(default=dict)
    # The question the event belongs to, so closed questions' events are withheld from outsiders.
    question = models.CharField(max_length=64, null=True)
    # The ledger leaf: the canonical event with personal fields replaced by commitments.
    leaf = models.TextField()
    leaf_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "seq"], name="gap_free_seq")]
        indexes = [
            models.Index(fields=["org", "kind"]),
            models.Index(fields=["org", "actor"]),
            # A question's latest event versions its cached page (process/views_data.py).
            models.Index(fields=["question", "seq"]),
        ]


class LedgerNode(models.Model):
    """A complete subtree hash of an organization's Merkle tree (level 0: the leaf hashes)."""

    org = models.CharField(max_length=64)
    level = models.IntegerField()
    index = models.BigIntegerField()
    digest = models.BinaryField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org", "level", "index"], name="node_once"),
        ]


class Opening(models.Model):
    """The salt and text that open one personal field's commitment; erasure deletes the row."""

    org = models.CharField(max_length=64)
    seq = models.IntegerField()
    field = models.CharField(max_length=60)
    salt = models.CharField(max_length=64)
    value = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org", "seq", "field"], name="opening_once"),
        ]


class Checkpoint(models.Model):
    org = models.CharField(max_length=64)
    size = models.IntegerField()
    root = models.CharField(max_length=64)
    note = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "size"], name="checkpoint_once")]


class SigningKey(models.Model):
    """The organization's Ed25519 checkpoint key (signed-note encoding); never exported."""

    org = models.CharField(primary_key=True, max_length=64)
    signer = models.TextField()
    verifier = models.TextField()
