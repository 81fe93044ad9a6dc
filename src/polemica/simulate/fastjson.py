"""Canonical JSON Lines for the simulator's envelope dicts, faster than the general encoder.

The envelope's keys are fixed, so its part of the line is assembled in sorted key order by
concatenation and only `data` goes through the (C) JSON encoder with sorted keys. The bytes are
exactly `polemica.events.canonical_json` of the same dict; a test checks every event of a run.
"""

from __future__ import annotations

import json
import os
from typing import Any

from polemica.events import JsonlWriter

_string = json.encoder.encode_basestring  # type: ignore[attr-defined]
_data = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
).encode


def _contribution(d: dict[str, Any]) -> str:
    target = d.get("target")
    if "cites" in d or len(d) != (3 if target is None else 4):
        return _data(d)  # type: ignore[no-any-return]
    # Keys in code-point order: question, target, text, type.
    return (
        '{"question":'
        + _string(d["question"])
        + ("" if target is None else ',"target":' + _string(target))
        + ',"text":'
        + _string(d["text"])
        + ',"type":'
        + _string(d["type"])
        + "}"
    )


def _vote(d: dict[str, Any]) -> str:
    ballot = d["ballot"]
    if len(d) != 2 or len(ballot) > 2:
        return _data(d)  # type: ignore[no-any-return]
    if "choice" in ballot and len(ballot) == 1:
        inner = '{"choice":' + _string(ballot["choice"]) + "}"
    elif "stance" in ballot and "statement" in ballot and len(ballot) == 2:
        inner = (
            '{"stance":'
            + _string(ballot["stance"])
            + ',"statement":'
            + _string(ballot["statement"])
            + "}"
        )
    else:
        return _data(d)  # type: ignore[no-any-return]
    return '{"ballot":' + inner + ',"question":' + _string(d["question"]) + "}"


# The two kinds that make up most of a run get a hand-made encoder; the rest use the C one.
_BY_KIND = {"contribution.posted": _contribution, "vote.cast": _vote}


def canonical_line(row: dict[str, Any]) -> str:
    """The canonical JSON of one envelope dict (keys v…data as the simulator builds them)."""
    actor = row["actor"]
    body = row["body"]
    return (
        '{"actor":'
        + ("null" if actor is None else _string(actor))
        + ',"at":'
        + _string(row["at"])
        + ',"body":'
        + ("null" if body is None else _string(body))
        + ',"data":'
        + _BY_KIND.get(row["kind"], _data)(row["data"])
        + ',"id":'
        + _string(row["id"])
        + ',"kind":'
        + _string(row["kind"])
        + ',"org":'
        + _string(row["org"])
        + ',"seq":'
        + str(row["seq"])
        + ',"subject":'
        + _string(row["subject"])
        + ',"v":1}\n'
    )


def row_line(row: tuple[Any, ...]) -> str:
    """The canonical JSON line of an engine row (seq, at, org, body, actor, kind, subject, data)."""
    seq, at, org, body, actor, kind, subject, data = row
    return (
        '{"actor":'
        + ("null" if actor is None else _string(actor))
        + ',"at":'
        + _string(at)
        + ',"body":'
        + ("null" if body is None else _string(body))
        + ',"data":'
        + _BY_KIND.get(kind, _data)(data)
        + ',"id":"e-'
        + str(seq)
        + '","kind":'
        + _string(kind)
        + ',"org":'
        + _string(org)
        + ',"seq":'
        + str(seq)
        + ',"subject":'
        + _string(subject)
        + ',"v":1}\n'
    )


class RowWriter(JsonlWriter):
    """A `JsonlWriter` (atomic, `.gz` aware) that also takes simulator rows on a fast path."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(path)
        self._write_bytes = self._out.write

    def __enter__(self) -> RowWriter:
        return self

    def write_row(self, row: dict[str, Any]) -> None:
        self._write_bytes(canonical_line(row).encode("utf-8"))
        self.count += 1

    def write_tuple(self, row: tuple[Any, ...]) -> None:
        self._write_bytes(row_line(row).encode("utf-8"))
        self.count += 1
