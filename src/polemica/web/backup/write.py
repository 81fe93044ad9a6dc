"""`polemica backup`: the whole instance as one directory, from one consistent snapshot.

The directory holds secrets (password hashes, token digests, the organizations' signing keys):
it is created with mode 0700 and every file in it with 0600. It is built beside its final name
and renamed into place when complete.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.db import connection, transaction

from polemica.events import format_time
from polemica.web.accounts.models import User
from polemica.web.backup.manifest import MANIFEST, BackupManifest, OrgEntry, listed_files, sha256_of
from polemica.web.backup.tables import TABLES, BackupError, rows
from polemica.web.process.files import path_of
from polemica.web.process.models import StoredFile
from polemica.web.record import ledger
from polemica.web.record.export import export_log
from polemica.web.record.models import LogHead

ORGS_DIR = "orgs"
FILES_DIR = "files"


@dataclass(frozen=True)
class Written:
    path: Path
    orgs: list[str]
    events: int
    counts: dict[str, int]


def content_name(sha: str) -> str:
    """Where an uploaded file's content sits inside a backup (as in the file store)."""
    return f"{FILES_DIR}/{sha[:2]}/{sha}"


def write_backup(out: Path, progress: Callable[[str], None] | None = None) -> Written:
    if out.exists():
        raise FileExistsError(f"{out} already exists")
    orgs = list(LogHead.objects.order_by("org").values_list("org", flat=True))
    for org in orgs:  # a key created now is not written inside the snapshot
        ledger.signer(org)
    tmp = out.with_name(f".{out.name}.partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(mode=0o700)
    try:
        with snapshot():
            entries = _logs(tmp, orgs, progress)
            counts = _tables(tmp)
            _contents(tmp)
        _private(tmp)
        files = {name: sha256_of(path) for name, path in listed_files(tmp).items()}
        created = format_time(datetime.now(UTC))
        manifest = BackupManifest(created, entries, counts, files)
        (tmp / MANIFEST).write_bytes(manifest.encode())
        os.chmod(tmp / MANIFEST, 0o600)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Written(out, orgs, sum(e.events for e in entries), counts)


@contextmanager
def snapshot() -> Iterator[None]:
    """Read everything as of one moment while writers go on: a REPEATABLE READ transaction on
    PostgreSQL, a deferred (read) transaction on SQLite, whose WAL readers see one snapshot and
    block no writer. Inside a caller's transaction, that transaction's view is used."""
    if connection.in_atomic_block:
        yield
        return
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        mode = connection.transaction_mode  # type: ignore[attr-defined]
        connection.transaction_mode = "DEFERRED"  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                yield
        finally:
            connection.transaction_mode = mode  # type: ignore[attr-defined]
        return
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def _logs(root: Path, orgs: list[str], progress: Callable[[str], None] | None) -> list[OrgEntry]:
    (root / ORGS_DIR).mkdir(mode=0o700)
    entries = []
    for i, org in enumerate(orgs, start=1):
        # Org ids come from the record: only safe characters go into a directory name.
        name = f"{ORGS_DIR}/{i:03d}-{re.sub(r'[^A-Za-z0-9_-]', '_', org)[:40]}"
        done = export_log(org, root / name)
        entries.append(OrgEntry(org, name, done.events, done.root))
        if progress:
            progress(org)
    return entries


def _tables(root: Path) -> dict[str, int]:
    usernames = dict(User.objects.values_list("pk", "username"))
    counts = {}
    for table in TABLES:
        n = 0
        with open(root / table.file, "wb") as out:
            for line in rows(table, usernames):
                out.write(line + b"\n")
                n += 1
        counts[table.name] = n
    return counts


def _contents(root: Path) -> None:
    for sha in StoredFile.objects.order_by("pk").values_list("pk", flat=True).iterator():
        target = root / content_name(sha)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            shutil.copyfile(path_of(sha), target)
        except FileNotFoundError:
            raise BackupError(
                f"the file store lacks the content of the uploaded file {sha}"
            ) from None


def _private(root: Path) -> None:
    """Directories 0700, files 0600: the backup holds secrets."""
    for path in root.rglob("*"):
        os.chmod(path, 0o700 if path.is_dir() else 0o600)
