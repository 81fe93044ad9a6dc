"""Uploaded source files: stored once under their SHA-256, which the record cites.

A file is content, not state: the record holds its hash (in `fact.placed` sources), so anyone can
check that a file is the one the fact was placed with.

Who may have a file follows the questions that cite it: a reader fetches it only when a fact of
a question they may read cites its hash; to everyone else it answers exactly like a file that
does not exist. A fact may cite only bytes its placer uploaded or may already fetch, so knowing
a hash never opens a file (citing it from a question of one's own would otherwise do). The bytes
are stored once, but each account's upload is its own (`FileUpload`): an upload is answered with
the uploader's own name and the same status whether the bytes were new or not.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse

from polemica.web.base.errors import Invalid, NotFound
from polemica.web.orgs.access import Actor, require_login
from polemica.web.process.models import Fact, FileUpload, StoredFile
from polemica.web.process.queries import questions_for

MAX_FILE = 20 * 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Upload:
    """What an upload is answered with: the hash, the uploader's own name, the size."""

    sha256: str
    name: str
    size: int


@dataclass(frozen=True)
class Readable:
    """A file this reader may fetch, and the name it is offered under (the citing source's)."""

    sha256: str
    name: str


def path_of(sha: str) -> Path:
    return Path(settings.FILE_STORE) / sha[:2] / sha


def store_upload(actor: Actor, upload: UploadedFile[bytes]) -> Upload:
    require_login(actor)
    if upload.size is None or upload.size > MAX_FILE:
        raise Invalid(
            f"a source file may have at most {MAX_FILE // (1024 * 1024)} MiB", field="file"
        )
    root = Path(settings.FILE_STORE)
    root.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp = tempfile.mkstemp(dir=root, prefix=".upload-")
    with os.fdopen(fd, "wb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    sha = digest.hexdigest()
    target = path_of(sha)
    target.parent.mkdir(parents=True, exist_ok=True)
    # The bytes are written whether or not they were stored already (same bytes, same name),
    # and the answer is built from this upload alone: it never tells whether they existed.
    os.replace(tmp, target)
    stored, _ = StoredFile.objects.get_or_create(sha256=sha, defaults={"size": size})
    name = (upload.name or "file")[:200]
    assert actor.user_id is not None  # require_login
    FileUpload.objects.update_or_create(user_id=actor.user_id, file=stored, defaults={"name": name})
    return Upload(sha, name, size)


def _citing_source(actor: Actor, sha: str) -> dict[str, str] | None:
    """The first source citing `sha` in a fact of a question this person may read."""
    if not _SHA256.fullmatch(sha):
        return None
    # The JSON text holds the hash: a substring match finds the candidates on both databases,
    # and the sources are then compared exactly.
    facts = Fact.objects.filter(question__in=questions_for(actor), sources__icontains=sha)
    for sources in facts.order_by("placed_at", "id").values_list("sources", flat=True):
        for source in sources:
            if source.get("sha256") == sha:
                return dict(source)
    return None


def readable_file(actor: Actor, sha: str) -> Readable:
    """The file, when a fact of a question this person may read cites it; NotFound otherwise,
    exactly as for bytes nobody uploaded."""
    source = _citing_source(actor, sha)
    # Cited bytes may be absent here (a fact imported from elsewhere): then it is missing too.
    if source is None or not path_of(sha).is_file():
        raise NotFound("file")
    return Readable(sha, source.get("title") or sha)


def download(actor: Actor, sha: str) -> FileResponse:
    """The file as a download, never rendered (it is anyone's content, served from our origin)."""
    found = readable_file(actor, sha)
    return FileResponse(
        open(path_of(found.sha256), "rb"),
        as_attachment=True,
        filename=found.name,
        content_type="application/octet-stream",
    )


def may_cite(actor: Actor, sha: str) -> bool:
    """A fact cites bytes its placer uploaded, or a file they may already fetch."""
    if actor.user_id is None or not StoredFile.objects.filter(pk=sha).exists():
        return False
    mine = FileUpload.objects.filter(user_id=actor.user_id, file_id=sha).exists()
    return mine or _citing_source(actor, sha) is not None
