"""`polemica restore`: an instance from a backup, into an empty database.

Everything is checked before anything is written: the manifest and the SHA-256 of every file,
every line of every table, each organization's log (`polemica verify`, against the signing key
the backup carries). Then, in one transaction, each organization's log is replayed (in any
order: references to organizations not restored yet wait for them, record.pending), the tables
are written and every stored checkpoint is checked against its key and the rebuilt tree; the
uploaded files' contents go to the file store once the transaction has committed.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import IntegrityError, models, transaction

from polemica.ledger.checkpoint import CheckpointError, verify_checkpoint
from polemica.ledger.keys import KeyFormatError, Signer, Verifier
from polemica.ledger.verify import verify_log
from polemica.web.accounts.models import User
from polemica.web.backup.manifest import BackupManifest, OrgEntry, check_files, read_manifest
from polemica.web.backup.tables import TABLES, BackupError, Table, parse_row
from polemica.web.backup.write import content_name
from polemica.web.process.files import path_of
from polemica.web.record import ledger
from polemica.web.record.pending import pending
from polemica.web.record.replay import replay_log


@dataclass(frozen=True)
class Restored:
    orgs: list[str]
    events: int
    counts: dict[str, int]


@dataclass(frozen=True)
class Line:
    """A parsed table row and where it was read (for messages)."""

    where: str
    values: dict[str, Any]


def restore_backup(
    path: Path,
    order: Sequence[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Restored:
    """Restore the backup at `path` into this (empty) database; `order`: the organizations'
    ids in the order to replay them (default: the manifest's)."""
    manifest = read_manifest(path)
    check_files(path, manifest)
    tables = {t.name: _read_table(path, t, manifest) for t in TABLES}
    _check_contents(manifest, tables["files"])
    verifiers = _verifiers(manifest, tables["keys"])
    for entry in manifest.orgs:
        _verify(path, entry, verifiers[entry.id])
    sequence = _ordered(manifest, order)
    _require_empty()
    with transaction.atomic():
        events = 0
        for entry in sequence:
            done = replay_log(path / entry.dir, progress)
            if done.orgs != [entry.id]:
                raise BackupError(f"{entry.dir} holds another organization's log than {entry.id}")
            events += done.events
        waiting = pending()
        if waiting:
            raise BackupError(f"with every organization restored, {waiting[0]}")
        _check_checkpoints(tables["checkpoints"], verifiers)
        for table in TABLES:
            _insert(table, tables[table.name])
    _store_contents(path, tables["files"])
    counts = {name: len(lines) for name, lines in tables.items()}
    return Restored([e.id for e in sequence], events, counts)


def _read_table(path: Path, table: Table, manifest: BackupManifest) -> list[Line]:
    if table.file not in manifest.files:
        raise BackupError(f"the backup lacks {table.file}")
    raw = (path / table.file).read_bytes()
    lines = raw.split(b"\n")
    if lines[-1]:
        raise BackupError(f"{table.file} does not end with a newline (truncated)")
    out = []
    for n, text in enumerate(lines[:-1], start=1):
        where = f"{table.file} line {n}"
        try:
            decoded = json.loads(text)
        except ValueError:
            raise BackupError(f"{where} is not valid JSON") from None
        out.append(Line(where, parse_row(table, decoded, where)))
    expected = manifest.counts.get(table.name)
    if expected != len(out):
        raise BackupError(f"{table.file} has {len(out)} rows where the manifest counts {expected}")
    return out


def _check_contents(manifest: BackupManifest, files: list[Line]) -> None:
    for line in files:
        sha = line.values["sha256"]
        if manifest.files.get(content_name(sha)) != sha:
            raise BackupError(f"{line.where}: the backup lacks the content of the file {sha}")


def _verifiers(manifest: BackupManifest, keys: list[Line]) -> dict[str, Verifier]:
    found: dict[str, Verifier] = {}
    for line in keys:
        org = line.values["org"]
        try:
            verifier = Verifier.parse(line.values["verifier"])
            signer = Signer.parse(line.values["signer"])
        except KeyFormatError as exc:
            raise BackupError(f"{line.where}: {exc}") from None
        if signer.verifier != verifier or verifier.name != ledger.origin(org):
            raise BackupError(f"{line.where}: the signing key is not {org}'s verifier key")
        found[org] = verifier
    for entry in manifest.orgs:
        if entry.id not in found:
            raise BackupError(f"keys.jsonl has no signing key of {entry.id}")
    return found


def _verify(path: Path, entry: OrgEntry, verifier: Verifier) -> None:
    result = verify_log(path / entry.dir, verifier)
    if result.failure is not None:
        raise BackupError(f"{entry.dir} does not verify: {result.failure}")
    if result.size != entry.events or result.root.hex() != entry.root:
        raise BackupError(f"{entry.dir} is not the log the manifest describes")


def _ordered(manifest: BackupManifest, order: Sequence[str] | None) -> list[OrgEntry]:
    by_id = {e.id: e for e in manifest.orgs}
    if order is None:
        return list(manifest.orgs)
    if sorted(order) != sorted(by_id):
        raise ValueError("the order must name each organization of the backup once")
    return [by_id[org] for org in order]


def _require_empty() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("polemica.web."):
            continue
        for model in config.get_models():
            if model._default_manager.exists():
                raise BackupError(
                    f"this database is not empty (it holds {model._meta.verbose_name_plural}); "
                    "a backup is restored only into an empty database"
                )


def _check_checkpoints(lines: list[Line], verifiers: dict[str, Verifier]) -> None:
    """Each stored checkpoint is signed by its organization's key and signs the rebuilt tree."""
    for line in lines:
        org, size = line.values["org"], line.values["size"]
        if org not in verifiers:
            raise BackupError(f"{line.where} names the unknown organization {org!r}")
        try:
            note = verify_checkpoint(line.values["note"], verifiers[org])
        except CheckpointError as exc:
            raise BackupError(f"{line.where}: {exc}") from None
        tree = ledger.tree(org)
        if (
            note.origin != ledger.origin(org)
            or note.size != size
            or note.root.hex() != line.values["root"]
            or size > tree.size
            or tree.root(size) != note.root
        ):
            raise BackupError(f"{line.where} is not a checkpoint of {org}'s restored log")


def _insert(table: Table, lines: list[Line]) -> None:
    if not lines:
        return
    users = dict(User.objects.values_list("username", "pk"))
    refs = [f for f in table.fields if f.is_relation]
    for f in refs:
        _check_refs(f, lines, users)
    objs = []
    for line in lines:
        values = dict(line.values)
        for f in refs:
            if f.related_model is User and values[f.attname] is not None:
                values[f.attname] = users[values[f.attname]]
        objs.append(table.model(**values))
    try:
        with transaction.atomic():
            table.model._default_manager.bulk_create(objs)
    except IntegrityError:
        raise BackupError(f"{table.file} holds a row twice") from None
    stamped = [f.name for f in table.fields if getattr(f, "auto_now_add", False)]
    if stamped:  # bulk_create stamps them with the time of now: put the stored times back
        for obj, line in zip(objs, lines, strict=True):
            for name in stamped:
                setattr(obj, name, line.values[name])
        table.model._default_manager.bulk_update(objs, stamped)


def _check_refs(field: models.Field[Any, Any], lines: list[Line], users: dict[str, int]) -> None:
    if field.related_model is User:
        known: set[Any] = set(users)
    else:
        assert field.related_model is not None
        wanted = {line.values[field.attname] for line in lines} - {None}
        related: Any = field.related_model
        known = set(related._default_manager.filter(pk__in=wanted).values_list("pk", flat=True))
    for line in lines:
        value = line.values[field.attname]
        if value is not None and value not in known:
            raise BackupError(f"{line.where} names the unknown {field.name} {value!r}")


def _store_contents(path: Path, files: list[Line]) -> None:
    """Copy each uploaded file's content into the file store (atomically, by its SHA-256)."""
    for line in files:
        sha = line.values["sha256"]
        target = path_of(sha)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".restore-")
        os.close(fd)
        shutil.copyfile(path / content_name(sha), tmp)
        os.replace(tmp, target)
