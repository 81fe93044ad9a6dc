"""The simulator's output: valid, deterministic, self-consistent, and free of ground truth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from polemica.cli.main import cli
from polemica.events import canonical_json, iter_events, parse_event
from polemica.simulate import REGIMES, simulate, write_simulation
from polemica.simulate.params import param_table

SMALL = {"members": 60, "months": 2.0}


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    write_simulation(a, "personality_cult+factionalism", seed=11, orgs=2, **SMALL)
    write_simulation(b, "personality_cult+factionalism", seed=11, orgs=2, **SMALL)
    write_simulation(c, "personality_cult+factionalism", seed=12, orgs=2, **SMALL)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


@pytest.mark.parametrize("regime", REGIMES)
def test_every_event_validates_and_round_trips(regime: str) -> None:
    count = 0
    for event in simulate(regime, seed=3, **SMALL):
        raw = canonical_json(event.to_dict())
        again = parse_event(json.loads(raw))
        assert canonical_json(again.to_dict()) == raw
        count += 1
    assert count > 300


def test_the_log_is_consistent() -> None:
    """seq counts up, time never goes back, ids are unique and every reference points back."""
    seen: set[str] = set()
    subjects: set[str] = set()
    last_at = ""
    for i, e in enumerate(simulate("healthy", seed=5, orgs=3, members=90, months=3), start=1):
        assert e.seq == i
        assert e.at >= last_at
        last_at = e.at
        assert e.id not in seen
        seen.add(e.id)
        d = e.data
        if e.kind == "contribution.posted":
            assert d["question"] in subjects
            if "target" in d:
                assert d["target"] in subjects
            for cited in d.get("cites", []):
                assert cited in subjects
        elif e.kind in ("vote.cast", "decision.taken", "fact.placed"):
            assert d["question"] in subjects
        elif e.kind == "decision.taken":
            assert set(d["adopted"]) <= subjects
        elif e.kind == "directive.applied":
            assert d["directive"] in subjects
        elif e.kind == "feedback.sent":
            assert d["regarding"] in subjects and d["to"] in subjects
        elif e.kind == "fact.reviewed":
            assert d["fact"] in subjects
        if e.body is not None:
            assert e.body in subjects
        subjects.add(e.subject)


def test_a_federation_meets_in_a_forum() -> None:
    events = list(simulate("healthy", seed=2, orgs=3, members=120, months=4))
    delegates = [e for e in events if e.kind == "member.joined" and "delegation" in e.data]
    assert {e.data["delegation"] for e in delegates} == {"transport", "housing", "printers"}
    assert all(e.org == "forum" for e in delegates)
    forum_directives = [e for e in events if e.kind == "directive.issued" and e.org == "forum"]
    assert forum_directives and all(t.endswith("-cc") for t in forum_directives[0].data["to"])
    assert any(e.kind == "line.proposed" and e.data["to"] == "forum-assembly" for e in events)


def test_events_carry_no_ground_truth(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    write_simulation(path, "hush_hush+credit_erasure", seed=1, **SMALL)
    text = path.read_text(encoding="utf-8").lower()
    # Parameter names that are ordinary words (praise, criticism…) may occur in texts.
    for word in [*REGIMES, *(name for name, *_ in param_table() if "_" in name)]:
        assert word.lower() not in text, word
    assert "regime" not in text


def test_every_ballot_kind_and_phase_occurs() -> None:
    ballots: set[str] = set()
    phases: set[str] = set()
    types: set[str] = set()
    kinds: set[str] = set()
    for e in simulate("healthy", seed=4, orgs=2, members=200, months=6):
        kinds.add(e.kind)
        if e.kind == "vote.cast":
            ballots.update(e.data["ballot"])
        elif e.kind == "question.phase_changed":
            phases.add(e.data["phase"])
        elif e.kind == "contribution.posted":
            types.add(e.data["type"])
    assert {"choice", "ranking", "approve", "stance"} <= ballots
    assert {"verification", "voting", "decided"} <= phases
    assert {"position", "support", "objection", "question", "answer", "amendment"} <= types
    assert {"synthesis", "reading", "criticism", "self_criticism", "reservation"} <= types
    assert {"fact.reviewed", "feedback.answered", "line.proposed", "credit.given"} <= kinds


def test_cli_writes_events_and_truth(tmp_path: Path) -> None:
    out, truth = tmp_path / "s.parquet", tmp_path / "t.json"
    result = CliRunner().invoke(
        cli,
        [
            "simulate",
            "--regime",
            "personality_cult:0.5+hush_hush",
            "--param",
            "openness=0.4",
            "--seed",
            "9",
            "--members",
            "50",
            "--months",
            "1",
            "--out",
            str(out),
            "--truth",
            str(truth),
        ],
    )
    assert result.exit_code == 0, result.output
    assert sum(1 for _ in iter_events(out)) > 100
    facts = json.loads(truth.read_text())
    assert facts["mixture"] == [["personality_cult", 0.5], ["hush_hush", 1.0]]
    assert facts["orgs"][0]["params"]["openness"] == 0.4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--regime", "anarchy"], "unknown regime 'anarchy'"),
        (["--param", "openness"], "is not KEY=VALUE"),
        (["--param", "zeal=1"], "unknown parameter 'zeal'"),
        (["--param", "openness=2"], "outside its range"),
        (["--members", "2"], "members must be at least"),
        (["--org-regime", "healthy", "--org-regime", "healthy"], "2 organization regimes"),
    ],
)
def test_cli_rejects_bad_input_in_one_sentence(
    tmp_path: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from polemica.cli.main import main

    out = tmp_path / "x.jsonl"
    with pytest.raises(SystemExit) as exit_info:
        main(["simulate", *args, "--out", str(out)])
    assert exit_info.value.code == 1
    assert not out.exists()
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and err.count("\n") == 1


def test_gzip_output_is_the_same_events(tmp_path: Path) -> None:
    plain, packed = tmp_path / "a.jsonl", tmp_path / "a.jsonl.gz"
    write_simulation(plain, "parroting", seed=2, **SMALL)
    write_simulation(packed, "parroting", seed=2, **SMALL)
    assert [e.to_dict() for e in iter_events(plain)] == [e.to_dict() for e in iter_events(packed)]
