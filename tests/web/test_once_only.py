"""Once means once: every once-only action raced by two (or more) requests released at the same
moment records exactly one event, and the others get a clear refusal (never a database error).

On PostgreSQL the requests really run at once, each on its own connection; they are kept apart
only by the locking rule (record.log.write_action: the organization's log is locked before the
action reads). On SQLite writers are serialized anyway; the same tests must hold there too.
Each race is repeated, on fresh things each round.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pytest

from polemica.web.accounts.auth import actor_for
from polemica.web.base.errors import PlatformError
from polemica.web.centralism import actions as centralism
from polemica.web.orgs import actions as orgs
from polemica.web.process import actions as process
from polemica.web.record import actions as record
from polemica.web.record.models import EventRow
from polemica.web.votes import actions as votes
from polemica.web.votes.methods import tally
from polemica.web.votes.models import Decision
from tests.web.conftest import Org, build_org, make_user
from tests.web.race import race
from tests.web.scenario import top_decision

ROUNDS = 3
pytestmark = pytest.mark.django_db(transaction=True)


def _events(org: Org, kind: str, after: int) -> list[EventRow]:
    return list(EventRow.objects.filter(org=org.id, kind=kind, seq__gt=after).order_by("seq"))


def _head(org: Org) -> int:
    return EventRow.objects.filter(org=org.id).count()


def once(
    org: Org, kind: str, acts: list[Callable[[], Any]], refusal: str, *, subject: str | None = None
) -> EventRow:
    """Race `acts`; exactly one `kind` event is recorded, every other call is refused with a
    message containing `refusal`. Returns the one event."""
    before = _head(org)
    _, errors = race(len(acts), lambda i: acts[i]())
    recorded = _events(org, kind, before)
    if subject is not None:
        recorded = [e for e in recorded if e.subject == subject]
    assert len(recorded) == 1, [e.seq for e in recorded]
    assert len(errors) == len(acts) - 1, errors
    for exc in errors:
        assert isinstance(exc, PlatformError), repr(exc)
        assert refusal in exc.message, exc.message
    return recorded[0]


def _voting(org: Org, ballots: int = 3) -> tuple[str, list[str]]:
    """A question of the cell in voting, with two positions and `ballots` ballots cast."""
    leader, member = org.actor("leader"), org.actor("member")
    q = process.do_open_question(leader, org.cell, "Dues", "Raise them?")
    a = process.do_post_contribution(leader, q.id, "position", "Raise by 1%.")
    b = process.do_post_contribution(member, q.id, "position", "Keep them.")
    process.do_move_phase(leader, q.id, "verification")
    process.do_move_phase(leader, q.id, "voting")
    voters = ["leader", "member", "member2", "deputy"][:ballots]
    for i, role in enumerate(voters):
        votes.do_cast_ballot(org.actor(role), q.id, {"choice": (a.id, b.id)[i % 2]})
    return q.id, [a.id, b.id]


def test_two_deciders_record_one_decision() -> None:
    org = build_org()
    for _ in range(ROUNDS):
        q, _ = _voting(org)
        deciders = [org.actor("leader"), org.actor("deputy")]
        once(
            org,
            "decision.taken",
            [partial(votes.do_record_decision, who, q, "Adopted.") for who in deciders],
            "not voting",
        )
        assert Decision.objects.filter(question_id=q).count() == 1


def test_two_phase_moves_record_one() -> None:
    org = build_org()
    for _ in range(ROUNDS):
        q = process.do_open_question(org.actor("leader"), org.cell, "Hall", "Which hall?")
        movers = [org.actor("leader"), org.actor("deputy"), org.actor("leader")]
        once(
            org,
            "question.phase_changed",
            [partial(process.do_move_phase, who, q.id, "verification") for who in movers],
            "verification",
        )


def test_one_member_backs_a_move_once() -> None:
    org = build_org()
    for _ in range(ROUNDS):
        q = process.do_open_question(org.actor("leader"), org.cell, "Hall", "Which hall?")
        member = org.actor("member")
        once(
            org,
            "phase.backed",
            [partial(process.do_back_phase, member, q.id, "verification")] * 3,
            "already back",
        )


def test_a_question_is_closed_once() -> None:
    org = build_org()
    for _ in range(ROUNDS):
        q = process.do_open_question(org.actor("leader"), org.cell, "Dues", "Raise them?")
        leader = org.actor("leader")
        once(
            org,
            "question.closed",
            [partial(process.do_close_question, leader, q.id, "Personal matters.")] * 2,
            "already closed",
        )


def test_a_contribution_is_redacted_once() -> None:
    org = build_org()
    for _ in range(ROUNDS):
        q = process.do_open_question(org.actor("leader"), org.cell, "Dues", "Raise them?")
        c = process.do_post_contribution(org.actor("member"), q.id, "remark", "Names a person.")
        who = [org.actor("member"), org.actor("leader")]
        once(
            org,
            "contribution.redacted",
            [partial(process.do_redact_contribution, w, c.id, "Personal data.") for w in who],
            "already redacted",
        )


def test_a_directive_is_applied_once_per_body() -> None:
    org = build_org()
    top = org.actor("top_leader")
    for i in range(ROUNDS):
        decision = top_decision(org, f"Campaign {i}", "Every cell joins.")
        directive = centralism.do_issue_directive(top, decision, [org.cell, org.other])
        who = [org.actor("leader"), org.actor("deputy")]
        once(
            org,
            "directive.applied",
            [
                partial(centralism.do_apply_directive, w, directive.id, org.cell, "Done.")
                for w in who
            ],
            "already recorded",
        )


def test_feedback_is_answered_once() -> None:
    org = build_org()
    top = org.actor("top_leader")
    decision = top_decision(org, "Campaign", "Every cell joins.")
    directive = centralism.do_issue_directive(top, decision, [org.cell])
    for i in range(ROUNDS):
        fb = centralism.do_send_feedback(
            org.actor("member"), org.cell, org.top, directive.id, "critique", f"Too fast {i}."
        )
        once(
            org,
            "feedback.answered",
            [partial(centralism.do_answer_feedback, top, fb.id, "We slow down.")] * 2,
            "already been answered",
        )


def test_an_event_is_erased_once() -> None:
    org = build_org()
    admin = org.actor("admin")
    q = process.do_open_question(org.actor("leader"), org.cell, "Dues", "Raise them?")
    for i in range(ROUNDS):
        process.do_post_contribution(org.actor("member"), q.id, "remark", f"My address is {i}.")
        seq = _head(org)
        once(
            org,
            "record.erased",
            [partial(record.do_erase_event, admin, org.id, seq, "Her request.")] * 2,
            "no personal text left",
        )


def test_a_member_is_credited_once_for_a_contribution() -> None:
    org = build_org()
    q = process.do_open_question(org.actor("leader"), org.cell, "Dues", "Raise them?")
    member = org.members["member"]
    for i in range(ROUNDS):
        c = process.do_post_contribution(org.actor("member"), q.id, "position", f"Line {i}.")
        who = [org.actor("leader"), org.actor("deputy")]
        once(
            org,
            "credit.given",
            [partial(centralism.do_give_credit, w, member, c.id) for w in who],
            "already credited",
        )


def test_an_account_joins_once_and_leaves_once() -> None:
    org = build_org()
    admin = org.actor("admin")
    for i in range(ROUNDS):
        user = make_user(f"newcomer{i}")
        joined = once(
            org,
            "member.joined",
            [partial(orgs.do_add_member, admin, org.id, "N", org.cell, username=user.username)] * 2,
            "already acts as a member",
        )
        assert actor_for(user).member_id(org.id) == joined.subject
        once(
            org,
            "member.left",
            [partial(orgs.do_remove_member, admin, org.id, joined.subject, "Moved away.")] * 2,
            "already left",
        )


def test_a_role_is_assigned_once_and_revoked_once() -> None:
    org = build_org()
    admin = org.actor("admin")
    member = org.members["member2"]
    for _ in range(ROUNDS):
        once(
            org,
            "role.assigned",
            [lambda: orgs.do_assign_role(admin, org.other, member, "observer")] * 2,
            "already has this role",
        )
        once(
            org,
            "role.revoked",
            [lambda: orgs.do_revoke_role(admin, org.other, member, "observer")] * 2,
            "does not have this role",
        )


def test_an_organization_id_is_founded_once() -> None:
    org = build_org()
    for i in range(ROUNDS):
        found = partial(orgs.do_found_org, org.actor("nonmember"), "Printers", f"printers{i}")
        _, errors = race(2, lambda _, found=found: found())
        assert EventRow.objects.filter(org=f"printers{i}", kind="org.founded").count() == 1
        assert len(errors) == 1 and "exists" in str(errors[0]), errors


def _counted(q: str, before: int) -> list[tuple[str, dict[str, Any]]]:
    """The current ballots of `q` recorded before seq `before`, as the decision counts them."""
    rows = EventRow.objects.filter(kind="vote.cast", seq__lt=before, data__question=q)
    latest: dict[str, dict[str, Any]] = {}
    for row in rows.order_by("seq"):
        assert row.actor is not None
        latest[row.actor] = row.data["ballot"]
    return list(latest.items())


def test_a_decision_counts_exactly_the_ballots_before_it() -> None:
    """Ballots racing the decision: every acknowledged ballot precedes the decision and is in
    its tally; every ballot after it is refused; none is acknowledged and left out."""
    org = build_org()
    voters = ["member", "member2", "deputy", "top_leader"]
    for _ in range(ROUNDS):
        q, options = _voting(org, ballots=1)
        acts: list[Callable[[], Any]] = [
            partial(votes.do_record_decision, org.actor("leader"), q, "Adopted."),
            *(
                partial(votes.do_cast_ballot, org.actor(r), q, {"choice": options[i % 2]})
                for i, r in enumerate(voters[:3])
            ),
        ]
        results, errors = race(4, lambda i, acts=acts: acts[i]())
        decision = Decision.objects.get(question_id=q)
        taken = EventRow.objects.get(org=org.id, subject=decision.id)
        for ballot in results[1:]:
            if ballot is not None:  # acknowledged: before the decision, and counted
                assert ballot.seq < taken.seq
        for exc in errors:
            assert isinstance(exc, PlatformError) and "not voting" in exc.message, exc
        after = EventRow.objects.filter(org=org.id, kind="vote.cast", seq__gt=taken.seq)
        assert not after.filter(data__question=q).exists()
        counted = _counted(q, taken.seq)
        assert len(counted) == 1 + sum(r is not None for r in results[1:])
        adopted, counts = tally("majority", counted, options, taken.data["options"])
        assert taken.data["tally"] == counts and taken.data["adopted"] == adopted


def test_a_secret_decision_counts_exactly_the_sealed_ballots_before_it() -> None:
    """Secret ballots racing the decision: every sealed ballot acknowledged before it is among
    the ballots it publishes and counts (by tracking number), no other is, and every later one
    is refused; a member's two racing ballots leave one."""
    org = build_org()
    for _ in range(ROUNDS):
        leader = org.actor("leader")
        q = process.do_open_question(leader, org.cell, "Chair", "Who chairs?", ballot="secret")
        a = process.do_post_contribution(leader, q.id, "position", "Ana.")
        b = process.do_post_contribution(org.actor("member"), q.id, "position", "Ben.")
        process.do_move_phase(leader, q.id, "verification")
        process.do_move_phase(leader, q.id, "voting")
        votes.do_cast_secret_ballot(org.actor("leader"), q.id, {"choice": a.id})
        acts: list[Callable[[], Any]] = [
            partial(votes.do_record_decision, org.actor("leader"), q.id, "Adopted."),
            *(
                partial(votes.do_cast_secret_ballot, org.actor(r), q.id, {"choice": c})
                for r, c in (("member", a.id), ("member", b.id), ("deputy", b.id))
            ),
        ]
        results, errors = race(4, lambda i, acts=acts: acts[i]())
        taken = EventRow.objects.get(org=org.id, kind="decision.taken", data__question=q.id)
        sealed = [r for r in results[1:] if r is not None]
        assert all(s.row.seq < taken.seq for s in sealed)
        published = {p["tracking"]: p["ballot"] for p in taken.data["ballots"]}
        assert len(published) == 1 + len(sealed) == taken.data["tally"]["ballots"]
        assert all(published[s.tracking] == s.ballot for s in sealed)
        assert sum(1 for s in sealed if s.row.member_id == org.members["member"]) <= 1
        for exc in errors:
            assert isinstance(exc, PlatformError), exc
            assert "not voting" in exc.message or "already cast" in exc.message, exc.message
