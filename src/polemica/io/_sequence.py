"""Build a valid, contiguous event log from an importer's records, and write it atomically.

Two ways: `Sequence.add` keeps the events in memory (small sources that must be sorted whole
first); `Sequence.make` only numbers and validates the next event, for importers that stream
their events into `write_events` so memory does not grow with the input. Either way the output
file appears only when the whole input was read: an error raised while the events are written
removes the temporary file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from polemica.events import Event, format_time, parse_event, write_events


class Sequence:
    """Numbers events seq 1, 2, 3, … with ids `<prefix>-<seq>`, validating each one."""

    def __init__(self, org: str, prefix: str | None = None) -> None:
        self.org = org
        self.prefix = prefix or org
        self.events: list[Event] = []
        self.count = 0

    def make(
        self,
        kind: str,
        subject: str,
        data: dict[str, Any],
        at: datetime,
        *,
        actor: str | None = None,
        body: str | None = None,
    ) -> Event:
        """The next event of the log (validated), without keeping it."""
        self.count += 1
        return parse_event(
            {
                "v": 1,
                "seq": self.count,
                "id": f"{self.prefix}-{self.count}",
                "at": format_time(at),
                "org": self.org,
                "body": body,
                "actor": actor,
                "kind": kind,
                "subject": subject,
                "data": data,
            }
        )

    def add(
        self,
        kind: str,
        subject: str,
        data: dict[str, Any],
        at: datetime,
        *,
        actor: str | None = None,
        body: str | None = None,
    ) -> Event:
        """The next event of the log, kept in `events`."""
        event = self.make(kind, subject, data, at, actor=actor, body=body)
        self.events.append(event)
        return event

    def write(self, out: str | os.PathLike[str]) -> int:
        """Write the log to `out` (.jsonl, .jsonl.gz or .parquet); the file appears whole or not."""
        return write_events(Path(out), self.events)


def write_stream(out: str | os.PathLike[str], events: Iterator[Event]) -> int:
    """Write streamed events to `out`; an error while reading the input leaves no file."""
    return write_events(Path(out), events)


class ImportError_(ValueError):
    """Malformed input: names the file, the line (or record) and the reason."""

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        where = f"{source} line {line}" if line is not None else source
        super().__init__(f"{where}: {reason}")
        self.source, self.line, self.reason = source, line, reason
