"""`polemica replay`: rebuild the state from an export (a ledger log directory) or from a file of
events (JSON Lines or Parquet, committed afresh), in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from polemica.events import KINDS, Event, EventFormatError, iter_events
from polemica.ledger.commit import open_leaf, parse_openings
from polemica.ledger.filelog import read_checkpoint, read_verifier
from polemica.ledger.layout import LEAVES, LEAVES_INDEX, OPENINGS, OPENINGS_INDEX, read_manifest
from polemica.ledger.records import iter_record_chunks
from polemica.web.record import ledger
from polemica.web.record.log import import_event, replay_event
from polemica.web.record.models import LogHead


@dataclass(frozen=True)
class Replayed:
    orgs: list[str]
    events: int


def _fresh(org: str) -> None:
    if LogHead.objects.filter(org=org).exists():
        raise ValueError(f"the organization {org!r} is already in this database")


def replay_path(path: Path, progress: Callable[[int], None] | None = None) -> Replayed:
    with transaction.atomic():
        if path.is_dir():
            return replay_log(path, progress)
        return _replay_events(path, progress)


def replay_log(path: Path, progress: Callable[[int], None] | None = None) -> Replayed:
    """Replay one organization's export (a ledger log directory); call inside a transaction."""
    manifest = read_manifest(path)
    checkpoint = read_checkpoint(path, read_verifier(path))
    n = checkpoint.size
    count = 0
    orgs: list[str] = []
    leaves = iter_record_chunks(path / LEAVES, path / LEAVES_INDEX, n)
    opens = iter_record_chunks(path / OPENINGS, path / OPENINGS_INDEX, n)
    for leaf_chunk, open_chunk in zip(leaves, opens, strict=True):
        for leaf, record in zip(leaf_chunk, open_chunk, strict=True):
            stored = parse_openings(record.rstrip(b" "))
            opened = open_leaf(leaf, stored)
            event = opened.readable()
            if not orgs:
                _fresh(event.org)
                orgs.append(event.org)
                if ledger.origin(event.org) != manifest.origin:
                    raise ValueError("the log's origin does not name its organization")
            replay_event(event, leaf, stored.openings)
            count += 1
        if progress:
            progress(len(leaf_chunk))
    if orgs and ledger.tree(orgs[0]).root() != checkpoint.root:
        raise ValueError("the rebuilt log's root is not the export's signed root")
    return Replayed(orgs, count)


def _replay_events(path: Path, progress: Callable[[int], None] | None) -> Replayed:
    return import_events(iter_events(path, contiguous=False), progress)


# What the platform's columns hold (record and state models): longer ids cannot be stored.
_ENVELOPE_MAX = {"id": 100, "org": 64, "body": 64, "actor": 64, "subject": 64, "kind": 60}
_ID_MAX = 64
_WORD_MAX = {"level": 40, "method": 40}


def _storable(event: Event) -> tuple[str, str] | None:
    """(field, reason) when an event's id or word is longer than the platform stores."""
    for name, most in _ENVELOPE_MAX.items():
        value = getattr(event, name)
        if isinstance(value, str) and len(value) > most:
            return name, f"is longer than the {most} characters the platform stores"
    spec = KINDS.get(event.kind)
    for f in spec.fields if spec else ():
        value = event.data.get(f.name)
        values = value if f.type == "ids" and isinstance(value, list) else [value]
        most = _ID_MAX if f.type in ("id", "ids", "id_or_null") else _WORD_MAX.get(f.name, 0)
        if most and any(isinstance(v, str) and len(v) > most for v in values):
            return f"data.{f.name}", f"is longer than the {most} characters the platform stores"
    return None


def import_events(
    events: Iterable[Event], progress: Callable[[int], None] | None = None
) -> Replayed:
    """Import events (one or several organizations, interleaved) into organizations that are
    not in the database yet; call inside a transaction. An event the platform cannot store
    fails the import naming its position and field, before the database would."""
    orgs: list[str] = []
    count = 0
    for event in events:
        if (bad := _storable(event)) is not None:
            raise EventFormatError(bad[1], line=count + 1, field=bad[0], unit="event")
        if event.org not in orgs:
            _fresh(event.org)
            orgs.append(event.org)
        import_event(event)
        count += 1
        if progress and count % 1000 == 0:
            progress(1000)
    return Replayed(orgs, count)
