"""Import a meeting transcript of `SPEAKER: text` lines as events.

Format (docs/importers.md):

    # title: Budget for 2027
    # body: Finance committee
    # date: 2026-03-02T18:00:00Z
    # leader: Ana
    # deputy: Ben
    # observer: Dora, Emil
    Ana: We should keep the reserve at three months.
    Ben: [objection] Two months are enough; the rest can fund the campaign.
      A line that does not start with `NAME:` continues the previous turn.
    [18:07] Chen: What did last year's accounts show?

Header lines (`# key: value`, before the first turn) set the question's title, the body's name,
the meeting's start and the speakers' roles (`leader`, `deputy`, `member`, `observer`; names
separated by commas). A turn may start with a `[HH:MM]` or `[HH:MM:SS]` time and carry a
contribution type in brackets right after the colon (`[objection]`, `[answer]`, …); otherwise it
is a `remark`, one minute after the previous turn. Each turn replies to the previous turn by
another speaker, as in a spoken meeting. The whole meeting is one question.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from polemica.events import CONTRIBUTION_TYPES, ROLES, normalize_time, parse_time
from polemica.io._sequence import ImportError_, Sequence

HEADER_KEYS = ("title", "body", "date", *ROLES)
_HEADER = re.compile(r"^#\s*([A-Za-z_-]+)\s*:\s*(.*?)\s*$")
_TURN = re.compile(
    r"^(?:\[(\d{1,2}):(\d{2})(?::(\d{2}))?\]\s*)?([^\s:\[#][^:\[\]]{0,59}?)\s*:\s+(?:\[([a-z_]+)\]\s*)?(.*)$"
)
BODY = "meeting"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "speaker"


def _date(value: str, name: str, line: int) -> datetime:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return datetime.fromisoformat(value).replace(tzinfo=UTC)
        return parse_time(normalize_time(value))
    except ValueError:
        raise ImportError_(name, f"date {value!r} is not a date or RFC 3339 time", line) from None


def parse_transcript(
    text: str, name: str = "transcript"
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(header, turns) of a transcript; raises ImportError_ naming the line of any problem."""
    header: dict[str, Any] = {"roles": {}}
    turns: list[dict[str, Any]] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        h = _HEADER.match(line)
        if h and not turns:
            key, value = h.group(1).lower(), h.group(2)
            if key not in HEADER_KEYS:
                raise ImportError_(
                    name, f"unknown header key {key!r} (known: {', '.join(HEADER_KEYS)})", lineno
                )
            if key in ROLES:
                for person in filter(None, (x.strip() for x in value.split(","))):
                    header["roles"][person] = key
            elif key == "date":
                header["date"] = _date(value, name, lineno)
            else:
                header[key] = value
            continue
        if line.startswith("#"):
            raise ImportError_(
                name, "header lines (# key: value) must come before the first turn", lineno
            )
        t = _TURN.match(line.strip()) if not raw[:1].isspace() else None
        if t:
            hh, mm, ss, speaker, type_, said = t.groups()
            if type_ is not None and type_ not in CONTRIBUTION_TYPES:
                raise ImportError_(name, f"[{type_}] is not a contribution type", lineno)
            clock = None
            if hh is not None:
                if int(hh) > 23 or int(mm) > 59 or int(ss or 0) > 59:
                    raise ImportError_(name, f"[{hh}:{mm}] is not a time of day", lineno)
                clock = timedelta(hours=int(hh), minutes=int(mm), seconds=int(ss or 0))
            turns.append(
                {
                    "line": lineno,
                    "speaker": speaker.strip(),
                    "type": type_ or "remark",
                    "text": said.strip(),
                    "clock": clock,
                }
            )
        elif turns:
            turns[-1]["text"] = (turns[-1]["text"] + "\n" + line.strip()).strip()
        else:
            raise ImportError_(
                name, "expected 'SPEAKER: text' (or a '# key: value' header)", lineno
            )
    for turn in turns:
        if not turn["text"]:
            raise ImportError_(name, f"the turn of {turn['speaker']} is empty", turn["line"])
    if not turns:
        raise ImportError_(name, "holds no 'SPEAKER: text' turns")
    return header, turns


def read_transcript(path: str | os.PathLike[str], *, org: str = "meeting") -> Sequence:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ImportError_(p.name, "is not UTF-8") from None
    header, turns = parse_transcript(text, p.name)
    start: datetime = header.get("date", datetime(2000, 1, 1, tzinfo=UTC))
    midnight = start.replace(hour=0, minute=0, second=0, microsecond=0)
    seq = Sequence(org)
    title = header.get("title", p.stem)
    seq.add("org.founded", org, {"name": org}, start)
    seq.add(
        "body.created",
        BODY,
        {"name": header.get("body", title), "parent": None, "level": "committee"},
        start,
    )
    speakers = list(dict.fromkeys([*header["roles"], *(t["speaker"] for t in turns)]))
    ids = {s: _slug(s) for s in speakers}
    if len(set(ids.values())) != len(ids):
        raise ImportError_(p.name, "two speakers' names reduce to the same id; rename one")
    for s in speakers:
        seq.add("member.joined", ids[s], {"name": s}, start, body=BODY)
        if s in header["roles"]:
            seq.add(
                "role.assigned",
                ids[s],
                {"member": ids[s], "role": header["roles"][s]},
                start,
                body=BODY,
            )
    question = "q-1"
    seq.add(
        "question.opened",
        question,
        {"title": title, "text": title, "visibility": "open"},
        start,
        body=BODY,
        actor=ids[turns[0]["speaker"]],
    )
    at = start
    # The latest turn of each speaker's "other": a turn replies to the last turn by someone else.
    latest: tuple[str, str] | None = None
    latest_other: tuple[str, str] | None = None
    for i, t in enumerate(turns, start=1):
        at = midnight + t["clock"] if t["clock"] is not None else at + timedelta(minutes=1)
        at = max(at, start)
        actor = ids[t["speaker"]]
        data: dict[str, Any] = {"question": question, "type": t["type"], "text": t["text"]}
        parent = latest if latest and latest[0] != actor else latest_other
        if parent is not None and parent[0] != actor:
            data["target"] = parent[1]
        cid = f"t-{i}"
        seq.add("contribution.posted", cid, data, at, actor=actor, body=BODY)
        if latest is not None and latest[0] != actor:
            latest_other = latest
        latest = (actor, cid)
    return seq


def import_transcript(
    path: str | os.PathLike[str], out: str | os.PathLike[str], *, org: str = "meeting"
) -> int:
    """Import a transcript into the events file `out`; return the event count."""
    return read_transcript(path, org=org).write(out)
