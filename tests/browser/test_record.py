"""The open record in a real browser: an anonymous visitor checks an event's inclusion proof
against the signed checkpoint with the page's own script (WebCrypto), and a tampered proof
fails; the tally page's server-drawn charts load under the Content Security Policy."""

from __future__ import annotations

from typing import Any

from polemica.web.process import actions as process
from polemica.web.record.models import EventRow
from polemica.web.votes import actions as votes
from tests.web.conftest import build_org


def _check(page: Any) -> str:
    """Click the check and wait for its verdict; the verdict's text."""
    page.locator("#proof-result").evaluate("e => { e.textContent = ''; e.className = ''; }")
    page.locator("#proof-check button").click()
    page.wait_for_selector("#proof-result.success, #proof-result.error")
    page.wait_for_function("!document.getElementById('proof-result').textContent.endsWith('…')")
    return str(page.locator("#proof-result").inner_text())


def test_anonymous_checks_an_inclusion_proof_in_the_page(transactional_db: None, web: Any) -> None:
    org = build_org()
    leader = org.actor("leader")
    q = process.do_open_question(leader, org.cell, "Rent strike", "Do we strike in May?")
    for n in range(6):  # a tree with a few levels
        process.do_post_contribution(leader, q.id, "position", f"Line {n}.")
    seq = EventRow.objects.filter(org=org.id, kind="contribution.posted").order_by("seq")[2].seq
    w = web()
    w.go(f"/orgs/{org.id}/record/")
    page = w.page
    assert "polemica.log/" in page.locator("#checkpoint-note").inner_text()
    page.locator(f'a[href="/orgs/{org.id}/record/{seq}/"]').first.click()
    page.wait_for_selector("#proof-check button")
    said = _check(page)
    assert "The proof holds" in said and "signature verifies" in said, said
    # A tampered path: one sibling hash changed by one digit.
    path = page.locator("#proof-path")
    hashes = path.input_value().split()
    assert len(hashes) >= 2
    first = hashes[0]
    hashes[0] = first[:-1] + ("0" if first[-1] != "0" else "1")
    path.fill("\n".join(hashes))
    assert "does not lead to the checkpoint's root" in _check(page)
    # Restored, it holds again; a changed event does not hash to its leaf.
    hashes[0] = first
    path.fill("\n".join(hashes))
    assert "The proof holds" in _check(page)
    leaf = page.locator("#proof-leaf")
    leaf.fill(leaf.input_value().replace("contribution.posted", "contribution.revised"))
    assert "does not hash to the leaf hash" in _check(page)
    # A checkpoint whose signature was altered (one character of it) does not verify.
    note = page.locator("#proof-note")
    signed = note.input_value()
    body, sig_line = signed.rstrip("\n").rsplit("\n", 1)
    prefix, sig = sig_line.rsplit(" ", 1)
    swapped = sig[:10] + ("A" if sig[10] != "A" else "B") + sig[11:]
    note.fill(f"{body}\n{prefix} {swapped}\n")
    leaf.fill(leaf.input_value().replace("contribution.revised", "contribution.posted"))
    assert "signature does not verify" in _check(page)
    note.fill(signed)
    assert "The proof holds" in _check(page)
    # A path cut short does not fit the tree.
    path.fill("\n".join(hashes[1:]))
    assert "does not fit the tree" in _check(page)
    w.assert_clean()


def test_tally_page_draws_its_charts_cleanly(transactional_db: None, web: Any) -> None:
    org = build_org()
    leader = org.actor("leader")
    q = process.do_open_question(leader, org.cell, "Hall", "Where?", method="instant-runoff")
    a, b, c = (process.do_post_contribution(leader, q.id, "position", t).id for t in "ABC")
    process.do_move_phase(leader, q.id, "verification")
    process.do_move_phase(leader, q.id, "voting")
    for role, ranking in (("leader", [[a]]), ("deputy", [[a], [b]]), ("member", [[b], [c]]),
                          ("member2", [[c], [b]])):  # fmt: skip
        votes.do_cast_ballot(org.actor(role), q.id, {"ranking": ranking})
    votes.do_record_decision(leader, q.id, "Hall A.")
    w = web()
    w.go(f"/q/{q.id}/tally/")
    charts = w.page.locator("svg.chart")
    assert charts.count() >= 2
    box = charts.first.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 20
    assert w.page.locator("#rounds table").is_visible()
    w.assert_clean()
