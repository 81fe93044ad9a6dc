"""Uploaded source files: stored once under their SHA-256, which the record cites.

A file is content, not state: the record holds its hash (in `fact.placed` sources), so anyone can
check that a file is the one the fact was placed with.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from polemica.web.base.errors import Invalid, NotFound
from polemica.web.orgs.access import Actor, require_login
from polemica.web.process.models import Fact, StoredFile
from polemica.web.process.queries import questions_for

MAX_FILE = 20 * 1024 * 1024


def path_of(sha: str) -> Path:
    return Path(settings.FILE_STORE) / sha[:2] / sha


def store_upload(actor: Actor, upload: UploadedFile[bytes]) -> StoredFile:
    require_login(actor)
    if upload.size is None or upload.size > MAX_FILE:
        raise Invalid(
            f"a source file may have at most {MAX_FILE // (1024 * 1024)} MiB", field="file"
        )
    root = Path(settings.FILE_STORE)
    root.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(dir=root, prefix=".upload-")
    with os.fdopen(fd, "wb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    sha = digest.hexdigest()
    target = path_of(sha)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, target)
    name = (upload.name or "file")[:200]
    found, _ = StoredFile.objects.get_or_create(
        sha256=sha,
        defaults={
            "name": name,
            "size": upload.size,
            "content_type": (upload.content_type or "application/octet-stream")[:100],
            "uploaded_by_id": actor.user_id,
        },
    )
    return found


def readable_file(actor: Actor, sha: str) -> StoredFile:
    """A file its uploader, or anyone who may read a question citing it, may download."""
    found = StoredFile.objects.filter(pk=sha).first()
    if found is None:
        raise NotFound("file")
    if found.uploaded_by_id is not None and found.uploaded_by_id == actor.user_id:
        return found
    citing = Fact.objects.filter(sources__contains=[{"sha256": sha}]) if _json_contains() else None
    questions = questions_for(actor)
    if citing is not None:
        if questions.filter(facts__in=citing).exists():
            return found
    else:
        for sources in Fact.objects.filter(question__in=questions).values_list(
            "sources", flat=True
        ):
            if any(s.get("sha256") == sha for s in sources):
                return found
    raise NotFound("file")


def _json_contains() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"
