"""The paths of the issue, in a real browser: a member's, a leader's, a lower body's."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from polemica.web.centralism.models import Application, Directive, Feedback
from polemica.web.process import actions as process
from polemica.web.process.models import Contribution, Fact, Question, Review
from polemica.web.votes.models import Ballot, Decision
from tests.web.conftest import build_org


def test_member_path_from_sign_in_to_checked_receipt(
    transactional_db: None, web: Any, tmp_path: Path
) -> None:
    org = build_org()
    leader = org.actor("leader")
    q = process.do_open_question(leader, org.cell, "Meeting day", "Which **day** do we meet?")
    pos = process.do_post_contribution(leader, q.id, "position", "Tuesday evenings.")
    obj = process.do_post_contribution(
        org.actor("member2"), q.id, "objection", "Tuesday clashes with the night shift.",
        target=pos.id,
    )  # fmt: skip
    fact = process.do_place_fact(
        org.actor("member2"), q.id, "Half of us work nights.",
        [{"title": "Survey 2026", "uri": "https://example.org/survey"}],
    )  # fmt: skip
    w = web()
    w.sign_in("member")
    w.go(f"/q/{q.id}/")
    page = w.page
    assert page.locator("h1").inner_text() == "Meeting day"
    assert "1 unanswered objection or question" in page.locator("#map").inner_text()
    # Contribute: a position of one's own.
    page.select_option("#c-type", "position")
    page.fill("#c-text", "Thursday *mornings*.")
    page.click("#contribute button[type=submit]")
    page.wait_for_selector(".msg.success")
    assert page.locator("#map em", has_text="mornings").count() == 1
    # Answer the objection: its Answer link fills the form.
    page.locator(f"#{obj.id} .actions a", has_text="Answer").click()
    assert page.locator("#c-type").input_value() == "answer"
    assert page.locator("#c-target").input_value() == obj.id
    page.fill("#c-text", "The night shift can vote by proxy.")
    page.locator("#c-text").press("Tab")  # keyboard reaches the button
    page.keyboard.press("Enter")
    page.wait_for_selector(".msg.success")
    assert "0 unanswered objections or questions" in page.locator("#map").inner_text()
    assert Contribution.objects.filter(type="answer", target=obj.id).exists()
    # Place a fact, then review the one another member placed.
    page.locator("#place-fact summary").click()
    page.fill("#fact-claim", "The hall is free on Thursdays.")
    page.fill("#src-title-1", "Hall calendar")
    page.fill("#src-uri-1", "https://example.org/hall")
    page.locator("#place-fact button[type=submit]").click()
    page.wait_for_selector(".msg.success")
    assert Fact.objects.filter(claim="The hall is free on Thursdays.").exists()
    page.locator(f"#{fact.id} summary").click()
    page.select_option(f"#verdict-{fact.id}", "authentic")
    page.fill(f"#reason-{fact.id}", "Matches the union survey.")
    page.locator(f"#{fact.id} button[type=submit]").click()
    page.wait_for_selector(".msg.success")
    assert Review.objects.get(fact=fact).verdict == "authentic"
    assert "Matches the union survey." in page.locator(f"#{fact.id}").inner_text()
    # The leader moves the question to voting; the member votes.
    process.do_move_phase(leader, q.id, "verification")
    process.do_move_phase(leader, q.id, "voting")
    w.go(f"/q/{q.id}/")
    page.locator("#vote label", has_text="Thursday").click()
    page.locator("#vote button[type=submit]").click()
    page.wait_for_selector("#vote .success")
    ballot = Ballot.objects.get(question=q, current=True)
    with page.expect_download() as info:
        page.locator("#vote a", has_text="Download your receipt").click()
    receipt = tmp_path / "receipt.json"
    info.value.save_as(receipt)
    assert json.loads(receipt.read_text())["seq"] == ballot.seq
    # Check it in the page.
    page.locator("#vote a", has_text="Check a receipt").click()
    page.set_input_files("#receipt-file", str(receipt))
    page.locator("main form button[type=submit]").click()
    assert "The receipt holds." in page.locator("#check-result").inner_text()
    assert f"Event {ballot.seq} (vote.cast)" in page.locator("#check-result").inner_text()
    w.assert_clean()


def test_leader_path_from_question_to_directive(transactional_db: None, web: Any) -> None:
    org = build_org()
    w = web()
    w.sign_in("top_leader")
    page = w.page
    w.go(f"/bodies/{org.top}/")
    page.fill("#q-title", "Congress date")
    page.fill("#q-text", "When does the congress meet?")
    page.locator("#ask button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/q/q-[0-9a-f]+/$"))
    q = Question.objects.get(title="Congress date")
    page.fill("#c-text", "In **May**, after the harvest.")
    page.locator("#contribute button[type=submit]").click()
    page.wait_for_selector(".msg.success")
    for phase in ("verification", "voting"):
        page.select_option("#move-phase", phase)
        page.get_by_role("button", name="Move", exact=True).click()
        page.wait_for_selector(".msg.success")
        assert Question.objects.get(pk=q.id).phase == phase
        assert page.locator(".phases li.now").inner_text() == phase.title()
    page.locator("#vote label", has_text="after the harvest").click()
    page.locator("#vote button[type=submit]").click()
    page.wait_for_selector("#vote .success")
    page.fill("#decide-text", "The congress meets in May.")
    page.locator("#decide button[type=submit]").click()
    page.wait_for_selector("#decision")
    assert Decision.objects.get(question=q).text == "The congress meets in May."
    assert "Credited" in page.locator("#decision").inner_text()
    page.locator("#decision summary").click()
    page.locator("#decision label", has_text="North Cell").click()
    page.fill("#due", "2027-03-01")
    page.locator("#decision form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/directives/dir-[0-9a-f]+/$"))
    directive = Directive.objects.get(decision__question=q)
    assert directive.to == [org.cell]
    assert "Not yet applied" in page.content()
    w.assert_clean()


def test_lower_body_applies_and_sends_feedback(transactional_db: None, web: Any) -> None:
    from tests.web import scenario

    org = build_org()
    s = scenario.full(org)
    w = web(width=390)  # at phone width
    w.sign_in("other_member")  # leads the south cell, which has not applied yet
    page = w.page
    w.go(f"/bodies/{org.other}/")
    page.locator("a", has_text="Federation-wide rent campaign").first.click()
    page.wait_for_url(re.compile(r".*/directives/"))
    page.fill(f"#apply-{org.other}", "We join with a street meeting in **March**.")
    page.locator(f"#app-{org.other} button[type=submit]").click()
    page.wait_for_selector(".msg.success")
    app = Application.objects.get(directive_id=s.directive, body_id=org.other)
    assert "street meeting" in app.text
    assert page.locator(f"#app-{org.other} strong", has_text="March").count() == 1
    page.select_option("#fb-kind", "proposal")
    page.fill("#fb-text", "Print the leaflets in Turkish too.")
    page.locator("#feedback form button[type=submit]").click()
    page.wait_for_selector(".msg.success")
    fb = Feedback.objects.get(text="Print the leaflets in Turkish too.")
    assert fb.kind == "proposal" and fb.from_body_id == org.other
    # The page is usable at phone width: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    w.assert_clean()


def test_new_contributions_and_phase_changes_appear_without_reload(
    transactional_db: None, web: Any
) -> None:
    org = build_org()
    q = process.do_open_question(org.actor("leader"), org.cell, "Dues", "How much?")
    w = web()
    w.go(f"/q/{q.id}/")
    page = w.page
    page.wait_for_timeout(500)  # the stream connects
    process.do_post_contribution(org.actor("member"), q.id, "position", "Two euros a month.")
    page.locator("#map", has_text="Two euros a month.").wait_for(timeout=8000)
    process.do_move_phase(org.actor("leader"), q.id, "verification")
    page.locator("#phase-bar", has_text="The phase has changed.").wait_for(timeout=8000)
    assert page.locator(".phases li.now").inner_text() == "Verification"
    w.assert_clean()


def test_language_switch_and_keyboard_only_sign_in(transactional_db: None, web: Any) -> None:
    build_org()
    w = web()
    page = w.page
    w.go("/accounts/login/")
    assert page.evaluate("document.activeElement.id") == "id_username"  # autofocus
    page.keyboard.type("member")
    page.keyboard.press("Tab")
    page.keyboard.type("pw-member")
    page.keyboard.press("Enter")
    page.wait_for_url(w.base + "/accounts/profile/")
    with page.expect_navigation():
        page.select_option("#language", "de")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h2", has_text="Mitgliedschaften").count() == 1
    with page.expect_navigation():
        page.select_option("#language", "en")
    assert page.locator("h2", has_text="Memberships").count() == 1
    w.assert_clean()
