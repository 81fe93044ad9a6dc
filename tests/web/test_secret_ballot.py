"""Secret ballots end to end: who voted is public, what each voted is not; receipts open the
seal and find it in the count; the decision is recounted from the export; replay, backup and
restore keep it; no answer, page, export, backup or report links a voter to their choice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.db import transaction
from django.test import Client

from polemica.analysis.report import analyze
from polemica.cli.main import cli
from polemica.ledger.verify import verify_log
from polemica.web.accounts.models import IdempotentRequest
from polemica.web.backup.restore import restore_backup
from polemica.web.backup.write import write_backup
from polemica.web.orgs.rules import requires_secret
from polemica.web.record.dump import dump, state_models
from polemica.web.record.export import export_log
from polemica.web.record.replay import replay_path
from polemica.web.votes.models import Ballot, SealedBallot
from polemica.web.votes.queries import secret_votes_waiting
from tests.web.conftest import Api, Org
from tests.web.secret_vote import (
    Vote,
    cast,
    decide,
    json_links,
    links_in_reads,
    open_vote,
    text_links,
)
from tests.web.test_backup import _wipe


@pytest.fixture
def api(client: Client, org: Org) -> Api:
    return Api(client, org)


def _files(root: Path) -> list[tuple[str, str]]:
    return [
        (str(p.relative_to(root)), p.read_text(encoding="utf-8"))
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.suffix in (".jsonl", ".json", "") and p.name != "checkpoint"
    ]


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_a_secret_vote_through_the_api(api: Api, org: Org) -> None:
    vote = open_vote(api, org, "secret")
    q = vote.question
    detail = api.get("leader", f"/questions/{q}").json()
    assert detail["question"]["ballot"] == "secret"
    first, second, third, fourth = vote.voters
    cast(api, vote, [first, second])
    answer = first.answer
    assert answer["ballot"] == {"choice": first.option} and len(answer["tracking"]) == 32
    assert answer["receipt"]["sealed"]["tracking"] == answer["tracking"]
    # Who voted is in the record; what they voted is not.
    log = api.get("leader", f"/orgs/{org.id}/log?limit=1000").json()
    sealed = [e for e in log if e["kind"] == "vote.sealed"]
    assert [e["actor"] for e in sealed] == [first.member, second.member]
    assert all(set(e["data"]) == {"question", "seal"} for e in sealed)
    assert not [e for e in log if e["kind"] == "vote.cast"]
    assert api.get("anonymous", f"/questions/{q}").json()["ballots"] == 2
    mine = api.get(first.role, f"/questions/{q}/ballots/mine").json()
    assert (
        mine["ballot"] == {"sealed": sealed[0]["data"]["seal"]} and "sealed" not in mine["receipt"]
    )
    # One sealed ballot per member and vote; a ballot carrying a mark is refused.
    again = api.post(first.role, f"/questions/{q}/ballots", {"ballot": {"choice": third.option}})
    assert again.status_code == 409 and "already cast your secret ballot" in again.json()["error"]
    marked = {"ballot": {"choice": third.option, "note": "it is me, Ingrid"}}
    refused = api.post(third.role, f"/questions/{q}/ballots", marked)
    assert refused.status_code == 400 and refused.json()["field"] == "ballot"
    assert SealedBallot.objects.filter(question_id=q).count() == 2
    cast(api, vote, [third, fourth])
    decide(api, vote)
    published = vote.decision["ballots"]
    assert [b["tracking"] for b in published] == sorted(v.answer["tracking"] for v in vote.voters)
    assert sorted(b["ballot"]["choice"] for b in published) == sorted(vote.options)
    assert vote.decision["tally"]["ballots"] == 4
    assert not SealedBallot.objects.exists()  # the box is in the record now
    late = api.post("member", f"/questions/{q}/ballots", {"ballot": {"choice": first.option}})
    assert late.status_code == 400 and "not voting" in late.json()["error"]


def test_a_question_is_open_by_default_and_the_ballot_is_checked(api: Api, org: Org) -> None:
    r = api.post("leader", f"/bodies/{org.cell}/questions", {"title": "Plain"})
    assert r.status_code == 201 and r.json()["ballot"] == "open"
    bad = api.post("leader", f"/bodies/{org.cell}/questions", {"title": "X", "ballot": "hidden"})
    assert bad.status_code == 400 and bad.json()["field"] == "ballot"


def test_the_body_setting_for_secret_elections(api: Api, org: Org) -> None:
    r = api.post("leader", f"/bodies/{org.cell}/settings", {"settings": {"secret_elections": 1}})
    assert r.status_code == 400 and r.json()["field"] == "secret_elections"
    r = api.post("leader", f"/bodies/{org.cell}/settings", {"settings": {"secret_elections": True}})
    assert r.status_code == 200, r.content
    settings = org.actor("leader").settings_of(org.cell)
    assert requires_secret(settings, election=True)
    assert not requires_secret(settings, election=False)
    assert not requires_secret(org.actor("leader").settings_of(org.other), election=True)


def test_the_receipt_opens_the_seal_and_finds_it_in_the_count(
    api: Api, org: Org, tmp_path: Path
) -> None:
    vote = open_vote(api, org, "secret")
    cast(api, vote, vote.voters)
    mine = tmp_path / "mine.json"
    mine.write_text(json.dumps(vote.voters[2].answer["receipt"]))
    before = _run("verify-receipt", str(mine))
    assert before.exit_code == 0 and "opens to tracking number" in before.output
    decide(api, vote)
    decision = tmp_path / "decision.json"
    r = api.get("member", f"/orgs/{org.id}/events/{vote.decision['seq']}/receipt")
    decision.write_text(r.content.decode())
    done = _run("verify-receipt", str(mine), "--counted", str(decision))
    assert done.exit_code == 0, done.output
    assert f"yours among them under {vote.voters[2].answer['tracking']}" in done.output
    # Another ballot than the one sealed, or a tracking number the decision did not count.
    forged = json.loads(mine.read_text())
    forged["sealed"]["ballot"] = {"choice": vote.voters[0].option}
    mine.write_text(json.dumps(forged))
    assert _run("verify-receipt", str(mine), "--counted", str(decision)).exit_code == 3
    other = json.loads(decision.read_text())
    other["leaf"]["data"]["ballots"][0]["ballot"] = {"choice": "c-nothing"}
    decision.write_text(json.dumps(other))
    mine.write_text(json.dumps(vote.voters[2].answer["receipt"]))
    assert _run("verify-receipt", str(mine), "--counted", str(decision)).exit_code == 3


def test_recount_replay_and_restore(api: Api, org: Org, tmp_path: Path) -> None:
    vote = open_vote(api, org, "secret", method="schulze")
    first, second, third, fourth = vote.voters
    ids = list(vote.options)
    rankings = [ids, ids[1:] + ids[:1], [ids[0], ids[2], ids[1], ids[3]], ids[::-1]]
    for v, ranking in zip(vote.voters[:2], rankings, strict=False):
        v.option = ranking[0]
        r = api.post(
            v.role,
            f"/questions/{vote.question}/ballots",
            {"ballot": {"ranking": [[x] for x in ranking]}},
        )
        assert r.status_code == 201
        v.answer = r.json()
    for v in vote.voters:
        api.headers(v.role)  # tokens made now are carried by the backup
    # A backup in the middle of the vote carries the box, and nothing that names a voter.
    mid = tmp_path / "mid"
    write_backup(mid)
    box = (mid / "ballotbox.jsonl").read_text().splitlines()
    assert len(box) == 2 and all(
        set(json.loads(x)) == {"tracking", "question", "ballot"} for x in box
    )
    _wipe()
    restore_backup(mid)
    assert SealedBallot.objects.count() == 2 and secret_votes_waiting(org.id) == [
        (vote.question, 2, 2)
    ]
    for v, ranking in zip(vote.voters[2:], rankings[2:], strict=True):
        r = api.post(
            v.role,
            f"/questions/{vote.question}/ballots",
            {"ballot": {"ranking": [[x] for x in ranking]}},
        )
        assert r.status_code == 201
        v.answer = r.json()
    again = api.post(
        first.role, f"/questions/{vote.question}/ballots", {"ballot": {"choice": ids[3]}}
    )
    assert again.status_code == 409  # the restored record still knows who voted
    decide(api, vote)
    assert [b["tracking"] for b in vote.decision["ballots"]] == sorted(
        v.answer["tracking"] for v in vote.voters
    )
    # Recount from the export alone.
    out = tmp_path / "export"
    export_log(org.id, out)
    assert verify_log(out).ok
    counted = _run(
        "tally",
        str(out / "events.jsonl"),
        "--method",
        "schulze",
        "--question",
        vote.question,
        "--format",
        "json",
    )
    assert counted.exit_code == 0, counted.output
    recount = json.loads(counted.output)
    tally = vote.decision["tally"]
    assert (recount["ids"], recount["scores"]) == (tally["ids"], tally["scores"])
    # Replay rebuilds the same state; a restore of a backup taken now too.
    before = dump()
    with transaction.atomic():
        for model in reversed(state_models()):
            model._default_manager.all().delete()
    replay_path(out)
    assert dump() == before
    after = tmp_path / "after"
    write_backup(after)
    assert (after / "ballotbox.jsonl").read_text() == ""
    _wipe()
    restore_backup(after)
    assert dump() == before
    assert Ballot.objects.filter(question_id=vote.question, current=True).count() == 4
    del second, third, fourth


def test_an_export_during_a_secret_vote_says_what_it_lacks(
    api: Api, org: Org, tmp_path: Path
) -> None:
    vote = open_vote(api, org, "secret")
    cast(api, vote, vote.voters[:3])
    out = tmp_path / "export"
    done = _run("export", org.id, "--out", str(out))
    assert (
        f"secret vote {vote.question} is open: 3 voter(s) named, 3 sealed ballot(s)" in done.output
    )
    with transaction.atomic():
        for model in reversed(state_models()):
            model._default_manager.all().delete()
    SealedBallot.objects.all().delete()
    replayed = _run("replay", str(out))
    assert (
        f"secret vote {vote.question} is open: 3 voter(s) named, 0 sealed ballot(s)"
        in replayed.output
    )


def _artifacts(client: Client, api: Api, vote: Vote, tmp_path: Path) -> list[str]:
    """Links found in every API answer and page, the export, a backup, and the health report."""
    found = links_in_reads(client, api, vote)
    out = tmp_path / "export"
    export_log(vote.org.id, out)
    for name, text in _files(out):
        found.extend(text_links(text, vote, f"export {name}"))
    backup = tmp_path / "backup"
    write_backup(backup)
    for name, text in _files(backup):
        found.extend(text_links(text, vote, f"backup {name}"))
    report = analyze(out / "events.jsonl").to_json()
    found.extend(json_links(report, vote, "health report"))
    return found


def _vote_in_two_steps(client: Client, api: Api, org: Org, ballot: str, tmp: Path) -> list[str]:
    vote = open_vote(api, org, ballot)
    cast(api, vote, vote.voters)
    found = _artifacts(client, api, vote, tmp / "during")
    decide(api, vote)
    return found + _artifacts(client, api, vote, tmp / "after")


def test_nothing_links_a_voter_to_their_secret_choice(
    client: Client, api: Api, org: Org, tmp_path: Path
) -> None:
    assert _vote_in_two_steps(client, api, org, "secret", tmp_path) == []
    # Retried ballots keep nothing of the answer either (the receipt was the voter's alone).
    assert not IdempotentRequest.objects.exists()


def test_the_search_finds_the_links_of_an_open_vote(
    client: Client, api: Api, org: Org, tmp_path: Path
) -> None:
    """The same vote, open: the search must find each voter beside their choice (in the log, the
    export, the record's pages, and each voter's own page and ballot), so it can fail."""
    found = _vote_in_two_steps(client, api, org, "open", tmp_path)
    for where in ("API /orgs/", "export events.jsonl", "backup orgs/", "page /orgs/"):
        assert any(f.startswith(where) for f in found), where
    assert any("their own ballot" in f for f in found)
    assert any("preselects" in f for f in found)
