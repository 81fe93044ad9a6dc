"""Every `polemica import` command, run as a user would: it writes a valid log, or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polemica.cli.main import main
from tests.io.test_mbox import PIPERMAIL
from tests.io.test_polis_import import mini

DATA = Path(__file__).resolve().parents[1] / "io" / "data"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as info:
        main(args)
        raise SystemExit(0)
    out = capsys.readouterr()
    return int(info.value.code or 0), out.out + out.err


def sources(tmp_path: Path) -> dict[str, Path]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rows = [
        {"id": "a", "speaker": "x", "conversation_id": "a", "reply-to": None, "text": "Hi"},
        {"id": "b", "speaker": "y", "conversation_id": "a", "reply-to": "a", "text": "Hello"},
    ]
    (corpus / "utterances.jsonl").write_text(
        "\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8"
    )
    archive = tmp_path / "2001-November.txt"
    archive.write_text(PIPERMAIL, encoding="ascii")
    return {
        "convokit": corpus,
        "mbox": archive,
        "polis": mini(tmp_path),
        "preflib": DATA / "schulze45.soc",
    }


@pytest.mark.parametrize("kind", ["convokit", "mbox", "polis", "preflib"])
def test_import_writes_a_log_that_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    out = tmp_path / f"{kind}.jsonl.gz"
    code, text = run(["import", kind, str(sources(tmp_path)[kind]), "--out", str(out)], capsys)
    assert code == 0, text
    assert text.startswith("wrote ") and str(out) in text
    code, text = run(["events", "validate", str(out)], capsys)
    assert code == 0, text


@pytest.mark.parametrize("kind", ["convokit", "mbox", "polis", "preflib"])
def test_import_of_a_missing_path_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    code, text = run(
        ["import", kind, str(tmp_path / "nowhere"), "--out", str(tmp_path / "o.jsonl")], capsys
    )
    assert code == 2 and "does not exist" in text
    assert not (tmp_path / "o.jsonl").exists()
