"""Build a valid, contiguous event log from an importer's records, and write it atomically."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

from polemica.events import Event, format_time, parse_event, write_events


class Sequence:
    """Appends events with seq 1, 2, 3, … and ids `<prefix>-<seq>`, validating each one."""

    def __init__(self, org: str, prefix: str | None = None) -> None:
        self.org = org
        self.prefix = prefix or org
        self.events: list[Event] = []

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
        seq = len(self.events) + 1
        event = parse_event(
            {
                "v": 1,
                "seq": seq,
                "id": f"{self.prefix}-{seq}",
                "at": format_time(at),
                "org": self.org,
                "body": body,
                "actor": actor,
                "kind": kind,
                "subject": subject,
                "data": data,
            }
        )
        self.events.append(event)
        return event

    def write(self, out: str | os.PathLike[str]) -> int:
        """Write the log to `out` (.jsonl, .jsonl.gz or .parquet); the file appears whole or not."""
        return write_events(Path(out), self.events)


class ImportError_(ValueError):
    """Malformed input: names the file, the line (or record) and the reason."""

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        where = f"{source} line {line}" if line is not None else source
        super().__init__(f"{where}: {reason}")
        self.source, self.line, self.reason = source, line, reason
