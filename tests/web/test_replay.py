"""The record is the truth: export, replay into an empty database, compare every state table."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from polemica.events import read_events
from polemica.events.world import small_world
from polemica.ledger.verify import verify_log
from polemica.web.process.models import Contribution, Question
from polemica.web.record import actions as record_actions
from polemica.web.record.dump import dump, state_models
from polemica.web.record.export import export_log
from polemica.web.record.log import replay_event
from polemica.web.record.models import EventRow
from polemica.web.record.replay import replay_path
from polemica.web.votes.models import Decision
from tests.web import scenario
from tests.web.conftest import Org


def _empty_state() -> None:
    with transaction.atomic():
        for model in reversed(state_models()):
            model._default_manager.all().delete()


def test_replay_of_an_export_rebuilds_identical_state(org: Org, tmp_path: Path) -> None:
    s = scenario.full(org)
    before = dump()
    assert len(before["process.contribution"]) >= 9
    out = tmp_path / "export"
    exported = export_log(org.id, out)
    assert verify_log(out).ok, verify_log(out).failure
    events = read_events(out / "events.jsonl")
    assert len(events) == exported.events == EventRow.objects.filter(org=org.id).count()
    _empty_state()
    assert Question.objects.count() == 0
    replay_path(out)
    assert dump() == before
    decision = Decision.objects.get(pk=s.decision)
    assert s.objection in decision.unanswered


def test_erasure_survives_export_and_replay(org: Org, tmp_path: Path) -> None:
    s = scenario.full(org)
    victim = org.members["member2"]
    erased = record_actions.do_erase_member(org.actor("admin"), org.id, victim, "GDPR request 17")
    assert erased >= 5
    texts = list(Contribution.objects.filter(author_id=victim).values_list("text", flat=True))
    assert texts and all(t == "" for t in texts)
    assert "Strike from February." not in str(dump())
    before = dump()
    out = tmp_path / "export"
    export_log(org.id, out)
    result = verify_log(out)
    assert result.ok and result.erased_events == erased
    assert "winter strike risks" not in (out / "events.jsonl").read_text()
    _empty_state()
    replay_path(out)
    assert dump() == before
    assert Question.objects.filter(pk=s.question).exists()


def test_small_world_events_replay_as_an_import(db: None, tmp_path: Path) -> None:
    with transaction.atomic():
        for event in small_world():
            replay_event(event)
    q = Question.objects.get(pk="q-1")
    assert q.phase == "decided"
    assert Contribution.objects.get(pk="c-1").revisions.count() == 1
    assert Decision.objects.get(pk="d-1").unanswered == ["c-5"]
    out = tmp_path / "world"
    export_log("org-1", out)
    assert verify_log(out).ok
