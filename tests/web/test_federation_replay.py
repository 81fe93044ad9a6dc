"""A federation's organizations exported one by one replay into an empty database in any order:
a reference to another organization is resolved once that organization is replayed."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import transaction

from polemica.web.centralism.models import Application, Feedback, Line
from polemica.web.orgs.models import Member
from polemica.web.record.dump import dump, state_models
from polemica.web.record.export import export_log
from polemica.web.record.pending import pending
from polemica.web.record.projection import ReplayError
from polemica.web.record.replay import replay_path
from tests.web.federation import ORGS, load_federation


def _empty_state() -> None:
    with transaction.atomic():
        for model in reversed(state_models()):
            model._default_manager.all().delete()


def _exports(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for org in ORGS:
        out[org] = tmp_path / org
        export_log(org, out[org])
    return out


@pytest.mark.parametrize(
    "order",
    [("forum", "housing", "printers", "transport"), ("transport", "printers", "housing", "forum")],
)
def test_each_order_rebuilds_the_same_state(
    db: None, tmp_path: Path, order: tuple[str, ...]
) -> None:
    load_federation()
    before = dump()
    # What crosses organizations is there to be resolved.
    assert Feedback.objects.filter(org_id="forum").exclude(from_body__org_id="forum").exists()
    assert Feedback.objects.filter(org_id="forum", answer__isnull=False).exists()
    assert Line.objects.filter(to_body_id="forum-assembly").exists()
    assert Application.objects.filter(directive__org_id="forum").exists()
    assert Member.objects.filter(delegation="printers", org_id="printers").exists()
    exports = _exports(tmp_path)
    _empty_state()
    for i, org in enumerate(order):
        replay_path(exports[org])
        if i == 0 and org == "forum":
            waiting = pending()
            assert waiting and all(p.org == "forum" for p in waiting)
            assert any(
                p.kind == "directive.issued" and p.what == "body" and p.name == "printers-cc"
                for p in waiting
            )
    assert pending() == []
    assert dump() == before


def test_a_reference_within_an_organization_is_still_checked(db: None, tmp_path: Path) -> None:
    """A damaged log (a ballot on a question that does not exist) still fails naming the event,
    and nothing of it stays."""
    load_federation()
    exports = _exports(tmp_path)
    _empty_state()
    path = exports["housing"] / "leaves.jsonl"
    lines = path.read_bytes().split(b"\n")
    seq, line = next((i + 1, x) for i, x in enumerate(lines) if b'"kind":"vote.cast"' in x)
    start = line.index(b'"question":"q-') + len(b'"question":"')
    end = line.index(b'"', start)
    lines[seq - 1] = line[:start] + b"z" * (end - start) + line[end:]  # same length: index holds
    path.write_bytes(b"\n".join(lines))
    replay_path(exports["forum"])
    with pytest.raises(ReplayError, match=rf"^event {seq} \(vote\.cast .*unknown question 'z+'"):
        replay_path(exports["housing"])
    assert not Member.objects.filter(org_id="housing").exists()
