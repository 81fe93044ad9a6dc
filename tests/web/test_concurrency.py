"""Real concurrency, on SQLite and PostgreSQL: threads with their own database connections."""

from __future__ import annotations

from pathlib import Path

import pytest

from polemica.ledger.verify import verify_log
from polemica.web.base.errors import PlatformError
from polemica.web.process import actions as process
from polemica.web.record.export import export_log
from polemica.web.record.models import EventRow
from polemica.web.votes import actions as votes
from polemica.web.votes.models import Ballot
from tests.web.conftest import build_org
from tests.web.race import race


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_ballots_by_one_member_leave_one_current() -> None:
    org = build_org()
    leader, member = org.actor("leader"), org.actor("member")
    q = process.do_open_question(leader, org.cell, "Dues", "Raise them?")
    a = process.do_post_contribution(leader, q.id, "position", "Raise by 1%.")
    b = process.do_post_contribution(member, q.id, "position", "Keep them.")
    process.do_move_phase(leader, q.id, "verification")
    process.do_move_phase(leader, q.id, "voting")
    choices = [a.id, b.id]
    _, errors = race(50, lambda i: votes.do_cast_ballot(member, q.id, {"choice": choices[i % 2]}))
    assert errors == []
    ballots = Ballot.objects.filter(question_id=q.id, member_id=org.members["member"])
    assert ballots.count() == 50
    assert ballots.filter(current=True).count() == 1
    last = ballots.order_by("-seq").first()
    assert last is not None and last.current
    superseded = set(ballots.filter(current=False).values_list("superseded_by", flat=True))
    assert None not in superseded


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_leave_a_gap_free_verifiable_log(tmp_path: Path) -> None:
    org = build_org()
    q = process.do_open_question(org.actor("leader"), org.cell, "Meetings", "When?")
    people = ["leader", "deputy", "member", "member2"]

    def post(i: int) -> None:
        who = org.actor(people[i % len(people)])
        for k in range(5):
            try:
                process.do_post_contribution(who, q.id, "remark", f"Remark {i}.{k}")
            except PlatformError as exc:  # a refusal would be a bug here
                raise AssertionError(exc.message) from exc

    _, errors = race(12, post)
    assert errors == []
    seqs = list(EventRow.objects.filter(org=org.id).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert EventRow.objects.filter(org=org.id, kind="contribution.posted").count() == 60
    result = verify_log(export_log(org.id, tmp_path / "log").path)
    assert result.ok, result.failure
    assert result.size == len(seqs)
