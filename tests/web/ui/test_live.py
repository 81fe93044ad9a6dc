"""Live updates: the event stream tells a question page about new contributions and phases."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from polemica.web.process import actions as process
from polemica.web.ui import live
from tests.web.conftest import Org
from tests.web.ui.conftest import signed_in


def test_stream_reports_contributions_and_phase_changes(org: Org, monkeypatch: object) -> None:
    monkeypatch.setattr(live, "POLL", 0.01)  # type: ignore[attr-defined]
    leader = org.actor("leader")
    q = process.do_open_question(leader, org.cell, "Dues", "How much?")
    response = Client().get(reverse("ui:live", args=[q.id]))
    assert response["Content-Type"] == "text/event-stream"
    chunks = iter(response.streaming_content)  # type: ignore[attr-defined]
    assert "event: hello" in next(chunks).decode()
    p = process.do_post_contribution(leader, q.id, "position", "Two euros.")
    assert "event: contribution" in next(chunks).decode()
    process.do_move_phase(leader, q.id, "verification")
    assert "event: phase" in next(c.decode() for c in chunks if b"event:" in c)
    assert p.id
    response.close()


def test_stream_ends_and_pages_subscribe(org: Org) -> None:
    q = process.do_open_question(org.actor("leader"), org.cell, "Dues", "How much?")
    events = list(live.events(org.id, q.id, seconds=0))
    assert events[0].startswith("retry:") and len(events) == 1
    page = signed_in(org, "member").get(reverse("ui:question", args=[q.id])).content.decode()
    assert f'sse-connect="/q/{q.id}/live"' in page and 'hx-trigger="sse:contribution' in page
