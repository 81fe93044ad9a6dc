"""A secret vote through the pages: the form opens it, the vote form answers with the receipt
(once, kept nowhere), the decision's page lists the counted ballots by tracking number only."""

from __future__ import annotations

import html
import json
import re

from polemica.ledger.keys import Verifier
from polemica.ledger.receipt import verify_receipt
from polemica.ledger.sealed import check_counted, check_sealed
from polemica.web.accounts.models import IdempotentRequest
from polemica.web.process import actions as process
from polemica.web.process.models import Question
from tests.web.conftest import Org
from tests.web.ui.conftest import signed_in


def _receipt(page: str) -> dict[str, object]:
    found = re.search(r'<pre id="receipt">(.*?)</pre>', page, re.S)
    assert found, page
    doc: dict[str, object] = json.loads(html.unescape(found.group(1)))
    return doc


def test_a_secret_vote_through_the_pages(org: Org) -> None:
    leader = signed_in(org, "leader")
    form = {"title": "Treasurer", "text": "Who keeps the fund?", "method": "majority"}
    r = leader.post(
        f"/bodies/{org.cell}/open", {**form, "ballot": "secret", "idempotency_key": "k1"}
    )
    assert r.status_code == 303
    q = Question.objects.get(title="Treasurer")
    assert q.ballot == "secret"
    page = leader.get(f"/q/{q.id}/").content.decode()
    assert "Secret ballot" in page
    a = process.do_post_contribution(org.actor("leader"), q.id, "position", "Ana keeps it.")
    b = process.do_post_contribution(org.actor("member"), q.id, "position", "Ben keeps it.")
    process.do_move_phase(org.actor("leader"), q.id, "verification")
    process.do_move_phase(org.actor("leader"), q.id, "voting")
    receipts = {}
    for role, choice in (("member", a.id), ("deputy", b.id), ("member2", a.id)):
        voter = signed_in(org, role)
        form_page = voter.get(f"/q/{q.id}/").content.decode()
        assert "Who voted is public; what each voted is not." in form_page
        answer = voter.post(f"/q/{q.id}/vote", {"choice": choice, "idempotency_key": f"v-{role}"})
        assert answer.status_code == 200 and answer["Cache-Control"] == "no-store"
        shown = answer.content.decode()
        receipts[role] = _receipt(shown)
        assert re.search(r'<code id="tracking">[0-9a-f]{32}</code>', shown)
        # Voted: the page says so, offers no form, and shows nothing of the choice.
        after = voter.get(f"/q/{q.id}/").content.decode()
        assert "You cast your secret ballot" in after and 'name="choice"' not in after
        assert "checked" not in after.split('id="vote"')[1].split("</section>")[0]
    # A second ballot is refused, and the refused ballot is kept nowhere (no draft).
    again = signed_in(org, "member")
    refused = again.post(f"/q/{q.id}/vote", {"choice": b.id}, follow=True)
    assert "already cast your secret ballot" in refused.content.decode()
    assert not IdempotentRequest.objects.filter(key__startswith="v-").exists()
    decided = leader.post(f"/q/{q.id}/decide", {"text": "Ana keeps it."})
    assert decided.status_code == 303
    page = leader.get(f"/q/{q.id}/").content.decode()
    assert "Ballots counted (secret ballot)" in page
    for doc in receipts.values():
        sealed = doc["sealed"]
        assert isinstance(sealed, dict) and sealed["tracking"] in page
    # Each receipt from the page holds offline, and is in the count.
    decision_seq = int(re.search(r"/record/(\d+)/receipt.json", page).group(1))  # type: ignore[union-attr]
    decision = json.loads(leader.get(f"/orgs/{org.id}/record/{decision_seq}/receipt.json").content)
    key = Verifier.parse(str(decision["verifier"]))
    verify_receipt(decision, key)
    for doc in receipts.values():
        verify_receipt(doc, key)
        assert check_counted(check_sealed(doc), decision).ballots == 3
