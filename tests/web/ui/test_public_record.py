"""The open record: an anonymous visitor reads the events they may see as hashed (personal
text committed, nobody named), the current signed checkpoint and each event's inclusion proof;
events of closed questions answer like missing ones."""

from __future__ import annotations

import base64
import hashlib
import html
import re

from django.test import Client

from polemica.ledger.proofs import verify_inclusion
from polemica.web.process import actions as process
from polemica.web.record.models import EventRow
from tests.web.conftest import Org
from tests.web.ui.conftest import signed_in


def _textarea(page: str, name: str) -> str:
    found = re.search(rf'<textarea id="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, name
    return html.unescape(found.group(1))


def test_anonymous_reads_the_open_record_with_checkpoint_and_proofs(org: Org) -> None:
    leader = org.actor("leader")
    q = process.do_open_question(leader, org.cell, "Rent strike", "Do we strike in May?")
    process.do_post_contribution(leader, q.id, "position", "Strike from the first of May.")
    closed = process.do_open_question(
        leader, org.cell, "Tenant list", "names", visibility="closed", reason="privacy"
    )
    anon = Client()
    page = anon.get(f"/orgs/{org.id}/record/").content.decode()
    assert "This is the open record" in page and 'id="checkpoint-note"' in page
    size = EventRow.objects.filter(org=org.id).count()
    assert f"polemica.log/{org.id}\n{size}\n" in html.unescape(page)
    # Nobody named: members' display names appear nowhere; the closed question not at all.
    for role in ("Leader", "Member", "Deputy"):
        assert f"<td>{role}</td>" not in page
    assert "Tenant list" not in page and "Download the export" not in page
    seq = EventRow.objects.get(org=org.id, kind="contribution.posted", question=q.id).seq
    event = anon.get(f"/orgs/{org.id}/record/{seq}/")
    assert event.status_code == 200
    shown = event.content.decode()
    # Personal text as its commitment, the content table only for members.
    assert "Strike from the first of May." not in shown and "commitment" in shown.lower()
    leaf = _textarea(shown, "proof-leaf")
    path = [bytes.fromhex(h) for h in _textarea(shown, "proof-path").split()]
    note = _textarea(shown, "proof-note")
    leaf_hash = hashlib.sha256(b"\x00" + leaf.encode()).digest()
    assert leaf_hash.hex() == EventRow.objects.get(org=org.id, seq=seq).leaf_hash
    origin, tree_size, root = note.split("\n")[:3]
    assert int(tree_size) == size and origin == f"polemica.log/{org.id}"
    verify_inclusion(seq - 1, size, leaf_hash, path, base64.b64decode(root))
    assert f'data-leaf-index="{seq - 1}"' in shown and 'data-verifier="' in shown
    # The receipt and the checkpoint download too; the closed question's events are missing.
    assert anon.get(f"/orgs/{org.id}/record/{seq}/receipt.json").status_code == 200
    assert anon.get(f"/orgs/{org.id}/record/checkpoint.txt").status_code == 200
    hidden = EventRow.objects.get(subject=closed.id, kind="question.opened").seq
    assert anon.get(f"/orgs/{org.id}/record/{hidden}/").status_code == 404
    assert anon.get(f"/orgs/{org.id}/record/{hidden}/receipt.json").status_code == 404
    assert anon.get(f"/orgs/{org.id}/record/{size + 50}/").status_code == 404
    # A member reads the same event in full, named.
    member = signed_in(org, "member").get(f"/orgs/{org.id}/record/{seq}/").content.decode()
    assert "Strike from the first of May." in member and "Leader" in member
