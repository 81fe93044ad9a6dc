"""`polemica coordination` equals ConvoKit's `Coordination.summarize` on a corpus ConvoKit wrote.

The corpus is the real text of the Pol.is conversations in shared data, built and dumped by
ConvoKit (tests/io/polis_corpus.py), imported with `polemica import convokit`. Each `--where`
is compared with the ConvoKit selector it stands for.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from polemica.cli.main import main
from polemica.io.convokit import import_convokit
from tests.io.polis_corpus import POLIS, build

TOL = 1e-9
Sel = Callable[[Any, Any], bool]
CASES: list[tuple[list[str], dict[str, Sel]]] = [
    ([], {}),
    (["meta.agrees>10"], {"speaker_utterance_selector": lambda u2, u1: u2.meta["agrees"] > 10}),
    (
        ["meta.moderated=1"],
        {"speaker_utterance_selector": lambda u2, u1: u2.meta["moderated"] == 1},
    ),
    (
        ["target.meta.disagrees<5"],
        {"target_utterance_selector": lambda u2, u1: u1.meta["disagrees"] < 5},
    ),
    (
        ["meta.agrees>=3", "target.meta.agrees>=3"],
        {
            "speaker_utterance_selector": lambda u2, u1: u2.meta["agrees"] >= 3,
            "target_utterance_selector": lambda u2, u1: u1.meta["agrees"] >= 3,
        },
    ),
]


@pytest.fixture(scope="module")
def peer(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any, Path]:
    pytest.importorskip("convokit")
    from convokit import Coordination

    corpus = build()
    base = tmp_path_factory.mktemp("corpus")
    corpus.dump("polis-statements", base_path=str(base))
    events = base / "events.jsonl"
    import_convokit(base / "polis-statements", events)
    coord = Coordination()
    coord.fit(corpus)
    return corpus, coord, events


@pytest.mark.peers
@pytest.mark.skipif(not POLIS.exists(), reason="shared sample data not present")
@pytest.mark.parametrize(("where", "selectors"), CASES, ids=lambda c: " and ".join(c) or "all")
def test_equal_to_convokit(
    peer: tuple[Any, Any, Path],
    capsys: pytest.CaptureFixture[str],
    where: list[str],
    selectors: dict[str, Sel],
) -> None:
    corpus, coord, events = peer
    args = ["coordination", str(events), "--format", "json"]
    for w in where:
        args += ["--where", w]
    with pytest.raises(SystemExit) as info:
        main(args)
        raise SystemExit(0)
    assert info.value.code in (0, None)
    ours = json.loads(capsys.readouterr().out)
    report = coord.summarize(corpus, summary_report=True, **selectors)
    scores = coord.summarize(corpus, **selectors)
    assert ours["count_agg3"] > 30  # enough speakers scored for the comparison to mean something
    for k in ("count_agg1", "count_agg2", "count_agg3"):
        assert ours[k] == report[k]
    for k in ("agg1", "agg2", "agg3"):
        assert abs(ours[k] - report[k]) <= TOL
    for k in ("marker_agg1", "marker_agg2", "marker_agg3"):
        assert ours[k].keys() == report[k].keys()
        assert all(abs(ours[k][c] - report[k][c]) <= TOL for c in report[k])
    theirs = {s.id: dict(v) for s, v in scores.items()}
    assert {s: v["markers"].keys() for s, v in ours["speakers"].items()} == {
        s: v.keys() for s, v in theirs.items()
    }
    for s, v in theirs.items():
        assert all(abs(ours["speakers"][s]["markers"][c] - x) <= TOL for c, x in v.items())
