"""Source files follow the questions that cite them, and an upload tells nothing of others'.

A reader fetches a file only when a question they may read has a fact citing its hash; anyone
else is answered exactly as for bytes nobody uploaded. Uploading bytes that exist already is
answered like new bytes, with the uploader's own name; the bytes are stored once.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from polemica.web.process import actions as process
from polemica.web.process.files import path_of
from polemica.web.process.models import FileUpload, StoredFile
from tests.web.conftest import Api, Org

SECRET = b"%PDF- the tenants' list, with names"
MISSING = "0" * 64


def _upload(api: Api, role: str, name: str, data: bytes = SECRET) -> Any:
    return api.client.post(
        "/api/files",
        {"file": SimpleUploadedFile(name, data, "application/pdf")},
        headers=api.headers(role),
    )


def _cite(api: Api, role: str, question: str, sha: str) -> Any:
    return api.post(
        role,
        f"/questions/{question}/facts",
        {"claim": "The list is attached.", "sources": [{"title": "The list", "sha256": sha}]},
    )


@pytest.fixture
def pair(client: Client, two_orgs: tuple[Org, Org]) -> tuple[Api, Api]:
    return Api(client, two_orgs[0]), Api(client, two_orgs[1])


def _same(a: Any, b: Any) -> None:
    assert (a.status_code, a.content) == (b.status_code, b.content)


def test_an_upload_answers_with_the_uploaders_own_name_new_bytes_or_not(
    pair: tuple[Api, Api],
) -> None:
    api, other = pair
    first = _upload(api, "member", "tenants-2026.pdf")
    assert first.status_code == 201, first.content
    again = _upload(other, "leader", "scan.pdf")
    fresh = _upload(other, "leader", "scan.pdf", b"%PDF- other bytes, the same length.")
    assert again.status_code == fresh.status_code == 201
    assert again.json() == {"sha256": first.json()["sha256"], "name": "scan.pdf", "size": 35}
    assert fresh.json()["name"] == "scan.pdf" and fresh.json()["size"] == 35
    assert b"tenants-2026" not in again.content
    # Stored once; each account keeps its own upload under its own name.
    sha = first.json()["sha256"]
    assert StoredFile.objects.filter(pk=sha).count() == 1 and path_of(sha).read_bytes() == SECRET
    names = dict(FileUpload.objects.filter(file_id=sha).values_list("user__username", "name"))
    assert names == {"member": "tenants-2026.pdf", "x-leader": "scan.pdf"}


def test_a_file_is_read_only_through_a_question_that_cites_it(api: Api) -> None:
    org = api.org
    sha = _upload(api, "member", "tenants.pdf").json()["sha256"]
    # Not cited yet: not even its uploader fetches it, exactly as bytes nobody uploaded.
    for role in ("member", "leader", "anonymous"):
        _same(api.get(role, f"/files/{sha}"), api.get(role, f"/files/{MISSING}"))
        assert api.get(role, f"/files/{sha}").status_code == 404
    closed = process.do_open_question(
        org.actor("leader"), org.cell, "Evictions", "Who?", visibility="closed", reason="Names."
    )
    assert _cite(api, "member", closed.id, sha).status_code == 201
    # Cited in a closed question: its readers fetch it, everyone else is told it is missing.
    got = api.get("deputy", f"/files/{sha}")
    assert got.status_code == 200 and b"".join(got.streaming_content) == SECRET
    assert got["Content-Type"] == "application/octet-stream"
    assert got["Content-Disposition"] == 'attachment; filename="The list"'
    for role in ("other_member", "nonmember", "anonymous"):
        _same(api.get(role, f"/files/{sha}"), api.get(role, f"/files/{MISSING}"))
        assert api.get(role, f"/files/{sha}").json() == {"error": "file not found", "field": None}
    # The pages answer the same.
    page = reverse("ui:file", args=[sha])
    api.client.force_login(org.users["other_member"])
    hidden, missing = api.client.get(page), api.client.get(reverse("ui:file", args=[MISSING]))
    assert hidden.status_code == missing.status_code == 404 and hidden.content == missing.content
    api.client.force_login(org.users["member2"])
    assert b"".join(api.client.get(page).streaming_content) == SECRET
    # Cited in an open question too: now anyone may read it.
    open_q = process.do_open_question(org.actor("leader"), org.cell, "Rents", "Up?")
    assert _cite(api, "member", open_q.id, sha).status_code == 201
    assert api.get("anonymous", f"/files/{sha}").status_code == 200


def test_knowing_a_hash_opens_nothing(pair: tuple[Api, Api]) -> None:
    """Citing another's hash from one's own open question is refused exactly like citing bytes
    nobody uploaded, so it neither confirms the hash nor opens the file."""
    api, x = pair
    org, xorg = api.org, x.org
    closed = process.do_open_question(
        org.actor("leader"), org.cell, "Evictions", "Who?", visibility="closed", reason="Names."
    )
    sha = _upload(api, "member", "tenants.pdf").json()["sha256"]
    assert _cite(api, "member", closed.id, sha).status_code == 201
    mine = process.do_open_question(xorg.actor("leader"), xorg.cell, "Leaks", "Seen this?")
    hidden, missing = _cite(x, "leader", mine.id, sha), _cite(x, "leader", mine.id, MISSING)
    _same(hidden, missing)
    assert hidden.status_code == 400 and "not uploaded" in hidden.json()["error"]
    assert x.get("anonymous", f"/files/{sha}").status_code == 404
    # Someone who holds the bytes uploads them and may cite them: the file was theirs to show.
    _upload(x, "leader", "found.pdf")
    assert _cite(x, "leader", mine.id, sha).status_code == 201
    assert x.get("anonymous", f"/files/{sha}").status_code == 200
    # An id that is no hash at all answers as a missing file.
    _same(api.get("leader", "/files/not-a-hash"), api.get("leader", f"/files/{MISSING}"))
