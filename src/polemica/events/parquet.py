"""Streaming Parquet reading and writing of events, in constant memory (row groups).

Columns: the envelope fields, `at` as a UTC microsecond timestamp, `data` and `extra` as
canonical JSON strings (so unknown kinds and fields pass through unchanged).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from polemica.events.atomic import publish
from polemica.events.canonical import canonical_json, format_time, parse_time
from polemica.events.errors import EventFormatError
from polemica.events.model import Event
from polemica.events.validate import parse_event

SCHEMA = pa.schema(
    [
        ("v", pa.int32()),
        ("seq", pa.int64()),
        ("id", pa.string()),
        ("at", pa.timestamp("us", tz="UTC")),
        ("org", pa.string()),
        ("body", pa.string()),
        ("actor", pa.string()),
        ("kind", pa.string()),
        ("subject", pa.string()),
        ("data", pa.string()),
        ("extra", pa.string()),
    ]
)
ROW_GROUP = 65_536


class ParquetWriter:
    """Write events to Parquet in row groups; the file appears only when closed without error."""

    def __init__(self, path: str | os.PathLike[str], *, row_group: int = ROW_GROUP) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        os.close(fd)
        self._tmp = Path(tmp)
        self._writer = pq.ParquetWriter(str(self._tmp), SCHEMA, compression="zstd")
        self._rows: dict[str, list[Any]] = {name: [] for name in SCHEMA.names}
        self._row_group = row_group
        self.count = 0

    def write(self, event: Event) -> None:
        rows = self._rows
        rows["v"].append(event.v)
        rows["seq"].append(event.seq)
        rows["id"].append(event.id)
        rows["at"].append(parse_time(event.at))
        rows["org"].append(event.org)
        rows["body"].append(event.body)
        rows["actor"].append(event.actor)
        rows["kind"].append(event.kind)
        rows["subject"].append(event.subject)
        rows["data"].append(canonical_json(dict(event.data)).decode("utf-8"))
        rows["extra"].append(
            canonical_json(dict(event.extra)).decode("utf-8") if event.extra else None
        )
        self.count += 1
        if len(rows["seq"]) >= self._row_group:
            self._flush()

    def write_all(self, events: Iterable[Event]) -> None:
        for event in events:
            self.write(event)

    def _flush(self) -> None:
        if not self._rows["seq"]:
            return
        table = pa.Table.from_pydict(self._rows, schema=SCHEMA)
        self._writer.write_table(table)
        self._rows = {name: [] for name in SCHEMA.names}

    def close(self) -> None:
        self._flush()
        self._writer.close()
        publish(self._tmp, self.path)

    def abort(self) -> None:
        self._writer.close()
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> ParquetWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def write_parquet(path: str | os.PathLike[str], events: Iterable[Event]) -> int:
    with ParquetWriter(path) as writer:
        writer.write_all(events)
        return writer.count


def iter_parquet(
    path: str | os.PathLike[str], *, contiguous: bool = True, batch_size: int = 16_384
) -> Iterator[Event]:
    """Yield the events of a Parquet file batch by batch; errors name the row and field."""
    label = Path(path).name
    try:
        pf = pq.ParquetFile(str(path))
    except (OSError, pa.ArrowInvalid) as exc:
        raise EventFormatError(f"is not a readable Parquet file ({exc})", source=label) from None
    missing = [name for name in SCHEMA.names if name not in pf.schema_arrow.names]
    if missing:
        raise EventFormatError(
            f"lacks the column(s) {', '.join(missing)}", source=label, unit="row"
        )
    row = 0
    expected = 1
    for batch in pf.iter_batches(batch_size=batch_size, columns=SCHEMA.names):
        for rec in batch.to_pylist():
            row += 1
            event = _row_event(rec, row, label)
            if contiguous and event.seq != expected:
                raise EventFormatError(
                    f"seq is {event.seq} where {expected} was expected",
                    line=row,
                    field="seq",
                    source=label,
                    unit="row",
                )
            expected = event.seq + 1
            yield event


def _row_event(rec: dict[str, Any], row: int, label: str) -> Event:
    obj: dict[str, Any] = {}
    if rec.get("extra"):
        try:
            obj.update(json.loads(rec["extra"]))
        except json.JSONDecodeError as exc:
            raise EventFormatError(
                f"is not valid JSON ({exc.msg})", line=row, field="extra", source=label, unit="row"
            ) from None
    at = rec["at"]
    try:
        data = json.loads(rec["data"]) if rec["data"] is not None else None
    except json.JSONDecodeError as exc:
        raise EventFormatError(
            f"is not valid JSON ({exc.msg})", line=row, field="data", source=label, unit="row"
        ) from None
    obj.update(
        v=rec["v"],
        seq=rec["seq"],
        id=rec["id"],
        at=format_time(at.replace(tzinfo=at.tzinfo or UTC)) if isinstance(at, datetime) else at,
        org=rec["org"],
        body=rec["body"],
        actor=rec["actor"],
        kind=rec["kind"],
        subject=rec["subject"],
        data=data,
    )
    try:
        return parse_event(obj)
    except EventFormatError as exc:
        raise EventFormatError(
            exc.reason, line=row, field=exc.field, source=label, unit="row"
        ) from None
