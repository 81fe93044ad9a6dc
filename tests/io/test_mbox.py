"""`polemica import mbox`: threads from In-Reply-To/References, quotes dropped, bad input named."""

from __future__ import annotations

from pathlib import Path

import pytest

from polemica.cli.main import main
from polemica.events import read_events


def polemica(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run the real entry point, as a user would, and return (exit code, all output)."""
    with pytest.raises(SystemExit) as info:
        main(args)
        raise SystemExit(0)
    out = capsys.readouterr()
    return int(info.value.code or 0), out.out + out.err


MBOX = """From ana@example.org Mon Mar  2 10:00:00 2026
From: Ana Reyes <ana@example.org>
Date: Mon, 02 Mar 2026 10:00:00 +0000
Message-ID: <1@example.org>
Subject: Strike on Monday?

Should we strike on Monday?

From ben@example.org Mon Mar  2 11:00:00 2026
From: Ben <BEN@example.org>
Date: Mon, 02 Mar 2026 11:00:00 +0000
Message-ID: <2@example.org>
In-Reply-To: <1@example.org>
References: <1@example.org>
Subject: Re: Strike on Monday?

On Mon, Ana Reyes wrote:
> Should we strike on Monday?
Monday is too early.
>From the night shift we hear otherwise.

From chen@example.org Mon Mar  2 12:00:00 2026
From: chen@example.org
Date: Mon, 02 Mar 2026 12:00:00 +0000
Message-ID: <3@example.org>
References: <1@example.org> <2@example.org>
Subject: Re: Strike on Monday?

Agreed with Ben.

From dora@example.org Mon Mar  2 13:00:00 2026
From: dora@example.org
Date: Mon, 02 Mar 2026 13:00:00 +0000
Message-ID: <4@example.org>
Subject: Budget

Separate thread.
"""


def test_threads_become_questions_and_messages_remarks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "list.mbox"
    src.write_text(MBOX, encoding="utf-8")
    out = tmp_path / "list.parquet"
    res = polemica(["import", "mbox", str(src), "--out", str(out)], capsys)
    assert res[0] == 0, res[1]
    from polemica.events import iter_events

    events = list(iter_events(out))
    questions = [e.subject for e in events if e.kind == "question.opened"]
    assert questions == ["1@example.org", "4@example.org"]
    posts = {e.subject: e for e in events if e.kind == "contribution.posted"}
    assert posts["2@example.org"].data["target"] == "1@example.org"
    assert posts["3@example.org"].data["target"] == "2@example.org"  # last known reference
    assert posts["3@example.org"].data["question"] == "1@example.org"
    assert posts["2@example.org"].actor == "ben@example.org"
    assert "Should we strike" not in posts["2@example.org"].data["text"]
    assert all(p.data["type"] == "remark" and p.body == "list" for p in posts.values())


def test_malformed_mbox_names_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o.jsonl"
    bad = tmp_path / "bad.mbox"
    bad.write_text("Subject: no separator\n\nhello\n", encoding="utf-8")
    res = polemica(["import", "mbox", str(bad), "--out", str(out)], capsys)
    assert res[0] == 1 and "line 1" in res[1] and "not an mbox" in res[1]
    nodate = MBOX.replace("Date: Mon, 02 Mar 2026 12:00:00 +0000\n", "")
    bad.write_text(nodate, encoding="utf-8")
    res = polemica(["import", "mbox", str(bad), "--out", str(out)], capsys)
    assert "line 22" in res[1] and "Date" in res[1]
    assert not out.exists()
    read = tmp_path / "ok.mbox"
    read.write_text(MBOX, encoding="utf-8")
    assert polemica(["import", "mbox", str(read), "--out", str(out)], capsys)[0] == 0
    assert len(read_events(out)) > 0
