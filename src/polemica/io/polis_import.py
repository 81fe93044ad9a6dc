"""Import a Pol.is conversation export as events (`polemica import polis`).

The export directory holds `comments.csv` (required), `votes.csv` (every vote with its time;
else `participants-votes.csv`, the final vote of each participant) and `summary.csv`. The
mapping (docs/importers.md):

- one organization with one body, `conversation`, and one question: the conversation (id from
  the `url` of `summary.csv`, else the directory name; title its `topic`);
- each participant a member `p-<id>` joining at their first statement or vote, with Pol.is's
  own opinion group (`group-id` of `participants-votes.csv`) in `data.meta`;
- each statement a contribution `s-<id>` of type `position` by its author; a statement moderated
  out (`moderated` = -1) is then redacted, as Pol.is hides it;
- each vote a `vote.cast` with the stance ballot `{"stance": "agree"|"disagree"|"pass",
  "statement": "s-<id>"}`, in time order, so a participant's later vote on a statement replaces
  the earlier one exactly as in Pol.is.

Votes are sorted by time in bounded memory (`_spill`) and streamed out with the statements.
"""

from __future__ import annotations

import csv
import heapq
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, NamedTuple

import numpy as np

from polemica.events import Event
from polemica.io._sequence import ImportError_, Sequence, write_stream
from polemica.io._spill import sort_records

BODY = "conversation"
STANCE = {1: "agree", -1: "disagree", 0: "pass"}
_VOTE = np.dtype([("ts", "f8"), ("line", "i8"), ("voter", "i8"), ("stmt", "i8"), ("vote", "i1")])
_WIDE_FIXED = frozenset(
    {"participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"}
)


class Vote(NamedTuple):
    ts: float
    line: int
    voter: int
    stmt: int
    vote: int


@dataclass
class Statement:
    sid: str
    author: str
    ts: float
    text: str
    moderated: int
    meta: dict[str, Any] = field(default_factory=dict)


def _open(path: Path) -> IO[str]:
    try:
        return path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise ImportError_(path.name, f"cannot be read ({exc.strerror})") from None


def _csv(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) of a CSV file with a header, checking the columns and the encoding."""
    with _open(path) as fh:
        reader = csv.DictReader(fh)
        try:
            header = reader.fieldnames or []
            missing = [c for c in required if c not in header]
            if missing:
                raise ImportError_(path.name, f"has no column {missing[0]!r}", 1)
            line = 1
            for row in reader:
                yield line + 1, row
                line = reader.line_num
        except UnicodeDecodeError:
            raise ImportError_(path.name, "is not UTF-8", reader.line_num + 1) from None
        except csv.Error as exc:
            raise ImportError_(path.name, f"is not valid CSV ({exc})", reader.line_num) from None


def _id(path: Path, line: int, row: dict[str, str], column: str) -> str:
    value = (row.get(column) or "").strip()
    if not value:
        raise ImportError_(path.name, f"{column} is empty", line)
    return value


def _ms(path: Path, line: int, row: dict[str, str]) -> float:
    text = (row.get("timestamp") or "").strip()
    try:
        value = float(text)
    except ValueError:
        raise ImportError_(path.name, f"timestamp {text!r} is not a number", line) from None
    if not 0 <= value < 1e14:
        raise ImportError_(path.name, f"timestamp {text!r} is not a time in milliseconds", line)
    return value


def _vote(path: Path, line: int, text: str | None) -> int:
    value = (text or "").strip()
    if value not in ("1", "-1", "0"):
        raise ImportError_(path.name, f"vote must be 1, -1 or 0, not {value!r}", line)
    return int(value)


def _flag(text: str | None) -> bool | None:
    value = (text or "").strip().lower()
    return {"true": True, "false": False}.get(value)


def read_summary(d: Path) -> dict[str, str]:
    path = d / "summary.csv"
    if not path.exists():
        return {}
    with _open(path) as fh:
        try:
            return {row[0].strip(): row[1] for row in csv.reader(fh) if len(row) >= 2}
        except (csv.Error, UnicodeDecodeError) as exc:
            raise ImportError_(path.name, f"is not a readable CSV file ({exc})") from None


def read_statements(d: Path) -> dict[str, Statement]:
    path = d / "comments.csv"
    if not path.exists():
        raise ImportError_(str(d), "is not a Pol.is export (no comments.csv)")
    out: dict[str, Statement] = {}
    for line, row in _csv(path, ("timestamp", "comment-id", "author-id", "comment-body")):
        sid = _id(path, line, row, "comment-id")
        if sid in out:
            raise ImportError_(path.name, f"comment-id {sid} appears twice", line)
        mod_text = (row.get("moderated") or "0").strip()
        if mod_text not in ("-1", "0", "1"):
            raise ImportError_(path.name, f"moderated must be -1, 0 or 1, not {mod_text!r}", line)
        meta: dict[str, Any] = {"moderated": int(mod_text)}
        for column in ("is-seed", "is-meta"):
            flag = _flag(row.get(column))
            if flag is not None:
                meta[column] = flag
        out[sid] = Statement(
            sid,
            _id(path, line, row, "author-id"),
            _ms(path, line, row),
            (row.get("comment-body") or "").strip(),
            int(mod_text),
            meta,
        )
    return out


def read_groups(d: Path) -> dict[str, int]:
    """Pol.is's own group of each participant it placed (`group-id`)."""
    path = d / "participants-votes.csv"
    if not path.exists():
        return {}
    groups: dict[str, int] = {}
    for line, row in _csv(path, ("participant",)):
        gid = (row.get("group-id") or "").strip()
        if gid:
            if not gid.lstrip("-").isdigit():
                raise ImportError_(path.name, f"group-id {gid!r} is not an integer", line)
            groups[_id(path, line, row, "participant")] = int(gid)
    return groups


class _Codes:
    """Participant and statement ids as small integers, for the sorted vote records."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.names: list[str] = []

    def __call__(self, name: str) -> int:
        code = self.index.get(name)
        if code is None:
            code = self.index[name] = len(self.names)
            self.names.append(name)
        return code


def _vote_rows(
    d: Path, statements: dict[str, Statement], voters: _Codes, stmts: _Codes, start: float
) -> Iterator[tuple[float, int, int, int, int]]:
    votes = d / "votes.csv"
    if votes.exists():
        for line, row in _csv(votes, ("timestamp", "comment-id", "voter-id", "vote")):
            sid = _id(votes, line, row, "comment-id")
            if sid not in statements:
                raise ImportError_(votes.name, f"comment-id {sid} is not in comments.csv", line)
            yield (
                _ms(votes, line, row),
                line,
                voters(_id(votes, line, row, "voter-id")),
                stmts(sid),
                _vote(votes, line, row.get("vote")),
            )
        return
    wide = d / "participants-votes.csv"
    if not wide.exists():
        raise ImportError_(str(d), "has neither votes.csv nor participants-votes.csv")
    # Final votes only, without times: each at the conversation's start, in file order.
    for line, row in _csv(wide, ("participant",)):
        pid = _id(wide, line, row, "participant")
        for n, (column, value) in enumerate(row.items()):
            if column is None or column in _WIDE_FIXED or not (value or "").strip():
                continue
            if column.strip() not in statements:
                raise ImportError_(wide.name, f"column {column!r} is not in comments.csv", 1)
            yield (
                start,
                line * 100_000 + n,
                voters(pid),
                stmts(column.strip()),
                _vote(wide, line, value),
            )


def _time(ms: float) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def iter_polis_events(directory: str | os.PathLike[str], *, org: str = "polis") -> Iterator[Event]:
    """The events of a Pol.is export, streamed (errors name the file and line)."""
    d = Path(directory)
    summary = read_summary(d)
    statements = read_statements(d)
    groups = read_groups(d)
    voters, stmts = _Codes(), _Codes()
    first_ms = min((s.ts for s in statements.values()), default=0.0)
    votes = sort_records(_vote_rows(d, statements, voters, stmts, first_ms), _VOTE, ("ts", "line"))
    first_vote = next(votes, None)
    start_ms = min(first_ms, first_vote[0]) if first_vote else first_ms
    start = _time(start_ms) if statements or first_vote else datetime(2000, 1, 1, tzinfo=UTC)
    url = summary.get("url", "").strip().rstrip("/")
    qid = url.rsplit("/", 1)[-1] if url else d.name
    title = summary.get("topic", "").strip() or d.name
    seq = Sequence(org)
    yield seq.make("org.founded", org, {"name": title}, start)
    yield seq.make(
        "body.created", BODY, {"name": title, "parent": None, "level": "committee"}, start
    )
    yield seq.make(
        "question.opened",
        qid,
        {
            "title": title,
            "text": summary.get("conversation-description", "").strip() or title,
            "visibility": "open",
            "meta": {k: v for k, v in summary.items() if k in ("url", "topic")},
        },
        start,
        body=BODY,
    )
    emit = _Emitter(seq, qid, groups, voters.names, stmts.names)
    ordered = sorted(statements.values(), key=lambda s: s.ts)
    stream: Iterator[tuple[float, int, int, Statement | Vote]] = heapq.merge(
        ((s.ts, 0, n, s) for n, s in enumerate(ordered)),
        ((v[0], 1, n, Vote(*v)) for n, v in enumerate(_chain(first_vote, votes))),
        key=lambda item: item[:3],
    )
    for _, _, _, item in stream:
        if isinstance(item, Statement):
            yield from emit.statement(item)
        else:
            yield from emit.vote(item)


class _Emitter:
    """The events of statements and votes, each participant joining at their first act."""

    def __init__(
        self,
        seq: Sequence,
        question: str,
        groups: dict[str, int],
        voters: list[str],
        statements: list[str],
    ) -> None:
        self.seq, self.question, self.groups = seq, question, groups
        self.voters, self.statements = voters, statements
        self.joined: set[str] = set()

    def member(self, pid: str, at: datetime) -> Iterator[Event]:
        if pid not in self.joined:
            self.joined.add(pid)
            meta = {"group-id": self.groups[pid]} if pid in self.groups else {}
            data: dict[str, Any] = {"name": f"participant {pid}", "meta": meta}
            yield self.seq.make("member.joined", f"p-{pid}", data, at, body=BODY)

    def statement(self, s: Statement) -> Iterator[Event]:
        at = _time(s.ts)
        yield from self.member(s.author, at)
        data = {
            "question": self.question,
            "type": "position",
            "text": s.text or " ",
            "meta": s.meta,
        }
        actor = f"p-{s.author}"
        yield self.seq.make("contribution.posted", f"s-{s.sid}", data, at, actor=actor, body=BODY)
        if s.moderated == -1:
            reason = {"reason": "moderated out of the conversation in Pol.is"}
            yield self.seq.make("contribution.redacted", f"s-{s.sid}", reason, at, body=BODY)

    def vote(self, v: Vote) -> Iterator[Event]:
        at = _time(v.ts)
        pid, sid = self.voters[v.voter], self.statements[v.stmt]
        yield from self.member(pid, at)
        ballot = {"stance": STANCE[v.vote], "statement": f"s-{sid}"}
        yield self.seq.make(
            "vote.cast",
            f"vote-{v.line}",
            {"question": self.question, "ballot": ballot},
            at,
            actor=f"p-{pid}",
            body=BODY,
        )


def _chain(
    first: tuple[Any, ...] | None, rest: Iterator[tuple[Any, ...]]
) -> Iterator[tuple[Any, ...]]:
    if first is not None:
        yield first
        yield from rest


def import_polis(
    directory: str | os.PathLike[str], out: str | os.PathLike[str], *, org: str = "polis"
) -> int:
    """Import a Pol.is export directory into the events file `out`; return the event count."""
    return write_stream(out, iter_polis_events(directory, org=org))
