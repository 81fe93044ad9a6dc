"""Live updates in a real browser: nothing posted while the page reconnects is lost, and a
reconnection logs no console error."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from polemica.web.process import actions as process
from polemica.web.ui import live
from tests.web.conftest import build_org


def test_event_posted_during_reconnect_arrives(
    transactional_db: None, web: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLEMICA_LIVE_SECONDS", "3")
    org = build_org()
    leader = org.actor("leader")
    q = process.do_open_question(leader, org.cell, "Meeting day", "Which day do we meet?")
    process.do_post_contribution(leader, q.id, "position", "Tuesday evenings.")
    resumed_after: list[int | None] = []
    ended = threading.Event()
    original = live.events

    def watched(org_id: str, question: str, after: int | None = None) -> Iterator[str]:
        resumed_after.append(after)
        try:
            yield from original(org_id, question, after)
        finally:
            ended.set()

    monkeypatch.setattr(live, "events", watched)
    w = web()
    w.sign_in("member")
    w.go(f"/q/{q.id}/")
    page = w.page
    drawn = int(page.locator("#live").get_attribute("data-live-seq"))
    assert drawn == live.latest(q.id)
    # While the first stream is open: the event arrives and the page keeps its number.
    process.do_post_contribution(leader, q.id, "position", "Thursday mornings.")
    during = live.latest(q.id)
    page.wait_for_selector("#map-live >> text=Thursday mornings.")
    assert page.locator("#live").get_attribute("data-live-seq") == str(during)
    # The server ends the stream; before the browser is back (it waits two seconds), a post.
    assert ended.wait(15), "the stream did not end"
    process.do_post_contribution(leader, q.id, "position", "Saturday at noon.")
    page.wait_for_selector("#map-live >> text=Saturday at noon.", timeout=15_000)
    # The reconnection asked for what came after the last event the page had seen.
    assert resumed_after[0] == drawn and resumed_after[1] == during, resumed_after
    assert page.locator("#live").get_attribute("data-live-seq") == str(live.latest(q.id))
    w.assert_clean()
