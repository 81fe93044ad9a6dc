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
    assert f'data-live="/q/{q.id}/live"' in page and f'data-live-seq="{live.latest(q.id)}"' in page
    assert 'hx-trigger="live-contribution from:body' in page


OPENED: list[object] = []


def _first(response: object) -> str:
    """The stream's first chunk (written before it waits). The response is closed at the end
    of the test (`_close_all`): closing it ends its request, which closes the database
    connection the test still uses."""
    OPENED.append(response)
    chunks = iter(response.streaming_content)  # type: ignore[attr-defined]
    return str(next(chunks).decode())


def _close_all() -> None:
    while OPENED:
        OPENED.pop().close()  # type: ignore[attr-defined]


def test_stream_resumes_after_last_event_id(org: Org, monkeypatch: object) -> None:
    """A contribution posted while the browser reconnects arrives on the new stream."""
    monkeypatch.setattr(live, "POLL", 0.01)  # type: ignore[attr-defined]
    leader = org.actor("leader")
    q = process.do_open_question(leader, org.cell, "Dues", "How much?")
    url = reverse("ui:live", args=[q.id])
    hello = _first(Client().get(url))
    seen = live.latest(q.id)
    assert f"event: hello\nid: {seen}\n" in hello
    # The stream has ended; during the reconnection a member posts.
    process.do_post_contribution(leader, q.id, "position", "Two euros.")
    posted = live.latest(q.id)
    assert posted > seen
    resumed = _first(Client().get(url, headers={"Last-Event-ID": str(seen)}))
    assert f"event: contribution\nid: {posted}\n" in resumed
    # The header wins over the page's `?after=`; nothing new since: a hello at the same point.
    again = _first(Client().get(url + f"?after={seen}", headers={"Last-Event-ID": str(posted)}))
    assert f"event: hello\nid: {posted}\n" in again
    # The seq the page was drawn at works the same way, and a phase change is reported as one.
    process.do_move_phase(leader, q.id, "verification")
    moved = _first(Client().get(url + f"?after={posted}"))
    assert f"event: phase\nid: {live.latest(q.id)}\n" in moved
    _close_all()


def test_stream_refuses_a_malformed_resume_point(org: Org) -> None:
    q = process.do_open_question(org.actor("leader"), org.cell, "Dues", "How much?")
    url = reverse("ui:live", args=[q.id])
    for bad in ("-1", "abc", "1e9", "9" * 20):
        response = Client().get(url, headers={"Last-Event-ID": bad})
        assert response.status_code == 400 and b"sequence number" in response.content
    assert Client().get(url + "?after=x").status_code == 400
    _close_all()
