"""The readable events beside a log (an export's `events.jsonl` or `events.parquet`), checked
against the leaves by `verify`.

Event n of the readable file must be exactly the event leaf n commits to, opened: each personal
field's commitment replaced by the value its opening holds, an erased field (no opening; the
leaf's commitment stands) by "". Both are canonical JSON, so for JSON Lines the check is a byte
comparison with the leaf after that replacement. The replacement is done on the bytes when the
leaf holds as many `{"commit":"` as the openings record covers fields: in canonical JSON `{"`
never occurs inside a string (a quote there is always escaped), so each is then a personal
field's commitment, which `verify` has already checked against its opening, and `"name":`
before it says which. Anything else opens the leaf with `commit.open_leaf`, as does every event
that differs, to say how.

Runs after the chunk's events were checked (their openings match their commitments), so it
compares only what the readable file says with what the leaves say.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Generator
from pathlib import Path
from typing import Any, Final, Protocol

from polemica.events import EventFormatError, canonical_json
from polemica.events.parquet import iter_parquet
from polemica.ledger.commit import open_leaf, parse_openings
from polemica.ledger.fastjson import dumps_decoded, loads_canonical
from polemica.ledger.records import RecordBlock

_COMMIT: Final = b'{"commit":"'
_OPEN: Final = b'{"open":{"'
_SALT: Final = b'":{"salt":"'
_VALUE: Final = b'","value":'
# `{"commit":"` + 64 hex digits + `"}`
_COMMITMENT_SIZE: Final = len(_COMMIT) + 64 + 2
_BLOCK: Final = 1 << 22


class ReadableDamage(ValueError):
    """The readable events differ from the leaves; `seq` is the event, `reason` says how."""

    def __init__(self, seq: int | None, reason: str) -> None:
        super().__init__(reason)
        self.seq = seq
        self.reason = reason


def opened_bytes(leaf: bytes, record: bytes) -> bytes:
    """The canonical JSON of the readable event that `leaf` with its openings `record` is."""
    if record == b"{}":
        return leaf
    if leaf.count(_COMMIT) == 1 and record.startswith(_OPEN) and record.endswith(b"}}}"):
        end = record.find(b'"', len(_OPEN))
        name = record[len(_OPEN) : end]
        at = end + len(_SALT) + 64
        if record[end : end + len(_SALT)] == _SALT and record[at : at + len(_VALUE)] == _VALUE:
            value = record[at + len(_VALUE) : -3]
            start = leaf.find(b'"' + name + b'":' + _COMMIT)
            if start >= 0:
                start += len(name) + 3
                return leaf[:start] + value + leaf[start + _COMMITMENT_SIZE :]
    return _opened_fields(leaf, record) or _opened_exactly(leaf, record)


def _opened_fields(leaf: bytes, record: bytes) -> bytes | None:
    """The replacement for several fields or erased ones: every commitment in the leaf is a
    personal field's when there are as many as the openings record covers."""
    stored = loads_canonical(record)
    if type(stored) is not dict:
        return None
    opened: dict[str, Any] = stored.get("open", {})
    erased: list[str] = stored.get("erased", [])
    if leaf.count(_COMMIT) != len(opened) + len(erased):
        return None
    values = {name: dumps_decoded(item["value"]) for name, item in opened.items()}
    values.update((name, b'""') for name in erased)
    out = leaf
    for name, value in values.items():
        start = out.find(b'"' + name.encode() + b'":' + _COMMIT)
        if start < 0:
            return None
        start += len(name.encode()) + 3
        out = out[:start] + value + out[start + _COMMITMENT_SIZE :]
    return out


def _opened_exactly(leaf: bytes, record: bytes) -> bytes:
    stored = parse_openings(record.rstrip(b" "))
    return canonical_json(open_leaf(leaf, stored).readable().to_dict())


class ReadableChecker:
    """Compares the readable file with the leaves, chunk by chunk, as `verify` reads them."""

    def __init__(self, path: Path) -> None:
        self.name = path.name
        parquet = path.suffix == ".parquet"
        self.lines: _Lines = _ParquetLines(path) if parquet else _JsonlLines(path)
        self.unit = "row" if parquet else "line"
        self.seen = 0

    def check(self, start: int, leaves: RecordBlock, openings: RecordBlock) -> None:
        """Events start + 1 … of the chunk, whose leaves and openings verified."""
        n = len(leaves)
        lines = self.lines.take(n)
        leaf_list = leaves.blob.split(b"\n")
        record_list = openings.blob.split(b"\n")
        for i, (line, leaf, record) in enumerate(zip(lines, leaf_list, record_list, strict=False)):
            # Without openings the readable event is the leaf itself, byte for byte.
            if line == leaf if record == b"{}" else line == opened_bytes(leaf, record):
                continue
            # The reference decides a difference (the byte path can never fail an event).
            if line != _opened_exactly(leaf, record):
                seq = start + i + 1
                raise ReadableDamage(seq, self._difference(seq, line, leaf, record))
        if len(lines) < n:
            seq = start + len(lines) + 1
            raise ReadableDamage(
                seq, f"{self.name} ends after {seq - 1} {self.unit}s; the log goes on"
            )
        self.seen = start + n

    def finish(self) -> None:
        if self.lines.take(1):
            raise ReadableDamage(
                None, f"{self.name} has more {self.unit}s than the log's {self.seen} events"
            )

    def close(self) -> None:
        self.lines.close()

    def _difference(self, seq: int, line: bytes, leaf: bytes, record: bytes) -> str:
        where = f"{self.name} {self.unit} {seq}"
        try:
            said: Any = json.loads(line)
        except ValueError:
            return f"{where} is not valid JSON"
        expected = json.loads(_opened_exactly(leaf, record))
        if not isinstance(said, dict):
            return f"{where} is not an event"
        field, theirs, ours = _first_difference(said, expected)
        if field == "":
            return f"{where} is not in canonical form"
        return (
            f"{where} differs from the leaf: {field} is {_show(theirs)} "
            f"where the leaf has {_show(ours)}"
        )


def _first_difference(said: Any, expected: Any, prefix: str = "") -> tuple[str, Any, Any]:
    """The first field (dotted) whose value differs, the two values; ("", …) when none does."""
    if isinstance(said, dict) and isinstance(expected, dict):
        for key in sorted(set(said) | set(expected)):
            if said.get(key, _MISSING) != expected.get(key, _MISSING):
                return _first_difference(
                    said.get(key, _MISSING), expected.get(key, _MISSING), f"{prefix}{key}."
                )
        return "", None, None
    return prefix.rstrip("."), said, expected


class _Missing:
    def __repr__(self) -> str:
        return "missing"


_MISSING: Final = _Missing()


def _show(value: Any) -> str:
    if isinstance(value, _Missing):
        return "missing"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


class _Lines(Protocol):
    def take(self, n: int) -> list[bytes]: ...

    def close(self) -> None: ...


class _JsonlLines:
    """The file's lines without their newline, `n` at a time, read in large blocks."""

    def __init__(self, path: Path) -> None:
        self.file = open(path, "rb")  # noqa: SIM115 - closed by close()
        self.pending: list[bytes] = []
        self.rest = b""

    def take(self, n: int) -> list[bytes]:
        while len(self.pending) < n and not self.file.closed:
            block = self.file.read(_BLOCK)
            if not block:
                if self.rest:
                    self.pending.append(self.rest)
                self.close()
                break
            parts = (self.rest + block).split(b"\n")
            self.rest = parts.pop()
            self.pending.extend(parts)
        out, self.pending = self.pending[:n], self.pending[n:]
        return out

    def close(self) -> None:
        self.file.close()


class _ParquetLines:
    """Each row as the canonical JSON of its event, `n` at a time."""

    def __init__(self, path: Path) -> None:
        self.rows = self._rows(path)

    @staticmethod
    def _rows(path: Path) -> Generator[bytes, None, None]:
        try:
            for event in iter_parquet(path, contiguous=False):
                yield canonical_json(event.to_dict())
        except EventFormatError as exc:
            raise ReadableDamage(None, str(exc)) from None

    def take(self, n: int) -> list[bytes]:
        return list(itertools.islice(self.rows, n))

    def close(self) -> None:
        self.rows.close()
