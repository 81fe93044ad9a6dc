"""`polemica coordination FILE --format json [--where EXPR]` on an events file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from polemica.cli.main import main
from polemica.io.convokit import import_convokit
from tests.analysis.test_coordination_parity import corpus_rows


def polemica(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(args)
        raise SystemExit(0)
    out = capsys.readouterr()
    return int(info.value.code or 0), out.out, out.err


@pytest.fixture
def events(tmp_path: Path) -> Path:
    """A corpus of 1,500 replies among ten speakers; half the replies carry meta.power < 0."""
    d = tmp_path / "corpus"
    d.mkdir()
    lines = []
    for n, (uid, speaker, reply, text) in enumerate(corpus_rows(3)):
        meta = {"power": -1 if n % 2 else 1, "role": "chair" if speaker == "s0" else "member"}
        row = {"id": uid, "speaker": speaker, "conversation_id": "c", "reply-to": reply}
        lines.append(json.dumps({**row, "text": text, "meta": meta}))
    (d / "utterances.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "events.jsonl"
    import_convokit(d, out)
    return out


def test_json_has_the_aggregates_counts_and_speakers(
    events: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = polemica(["coordination", str(events), "--format", "json"], capsys)
    assert code == 0
    report = json.loads(out)
    for key in ("agg1", "agg2", "agg3", "count_agg1", "count_agg2", "count_agg3"):
        assert key in report
    assert report["count_agg3"] == len(report["speakers"]) == 10
    assert report["count_agg1"] <= report["count_agg2"]
    speaker = report["speakers"]["s0"]
    assert set(speaker) == {"mean", "markers"} and speaker["markers"]
    mean = sum(speaker["markers"].values()) / len(speaker["markers"])
    assert speaker["mean"] == pytest.approx(mean)
    means = [s["mean"] for s in report["speakers"].values()]
    assert report["agg3"] == pytest.approx(sum(means) / len(means))


def test_where_keeps_only_the_matching_replies(
    events: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = polemica(["coordination", str(events), "--format", "json"], capsys)
    everything = json.loads(out)
    _, out, _ = polemica(
        ["coordination", str(events), "--format", "json", "--where", "meta.power<0"], capsys
    )
    low = json.loads(out)
    _, out, _ = polemica(
        ["coordination", str(events), "--format", "json", "--where", "meta.power>=0"], capsys
    )
    high = json.loads(out)
    assert low["replies"] + high["replies"] == everything["replies"]
    assert 0 < low["replies"] < everything["replies"]
    assert low["agg3"] != everything["agg3"] and low["where"] == ["meta.power<0"]
    _, out, _ = polemica(
        ["coordination", str(events), "--format", "json", "--where", "meta.role=chair"], capsys
    )
    chair = json.loads(out)
    assert set(chair["speakers"]) <= {"s0"}
    _, out, _ = polemica(
        [
            "coordination",
            str(events),
            "--format",
            "json",
            "--where",
            "target.meta.role=chair",
            "--where",
            "meta.power<0",
        ],
        capsys,
    )
    both = json.loads(out)
    assert "s0" not in both["speakers"] and 0 < both["replies"] < low["replies"]


@pytest.mark.parametrize("expr", ["power<0", "meta.power<<0", "meta.power", "meta.x>[1]"])
def test_malformed_expression_is_named(
    events: Path, capsys: pytest.CaptureFixture[str], expr: str
) -> None:
    code, out, err = polemica(["coordination", str(events), "--where", expr], capsys)
    assert code == 1 and out == ""
    assert err.startswith("error: --where ") and repr(expr) in err


def test_text_output(events: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = polemica(["coordination", str(events)], capsys)
    assert code == 0
    assert "aggregate 3:" in out and "s0:" in out


def test_help_stays_light() -> None:
    # The command imports Polars and the analysis only when it runs.
    code = "import sys, polemica.cli.main; print('polars' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
