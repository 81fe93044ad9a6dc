"""Events from elsewhere (the simulator's demonstration federation) import through the same
projection as actions; a multi-organization stream is renumbered per organization."""

from __future__ import annotations

import itertools
from collections import Counter

from django.db import transaction

from polemica.simulate.demo import demo_federation
from polemica.web.orgs.models import Organization
from polemica.web.process.models import Question
from polemica.web.record.models import EventRow
from polemica.web.record.replay import import_events
from polemica.web.votes.models import Ballot


def test_demo_federation_imports_with_gap_free_logs(db: None) -> None:
    # A prefix keeps the test quick; it already holds every phase but reopened.
    events = list(itertools.islice(demo_federation(1), 600))
    with transaction.atomic():
        result = import_events(events)
    assert result.events == len(events)
    assert Organization.objects.count() == len(result.orgs) >= 3
    for org in result.orgs:
        seqs = list(EventRow.objects.filter(org=org).order_by("seq").values_list("seq", flat=True))
        assert seqs == list(range(1, len(seqs) + 1))
    phases = Counter(Question.objects.values_list("phase", flat=True))
    assert {"discussion", "verification", "voting", "decided", "abandoned"} <= set(phases)
    for q, m in Ballot.objects.filter(current=True).values_list("question_id", "member_id"):
        assert Ballot.objects.filter(question_id=q, member_id=m, current=True).count() == 1
