"""The event format (DESIGN §5): kinds, payloads, canonical JSON, validation, readers, writers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from polemica.lazy import lazy_names

if TYPE_CHECKING:
    from polemica.events.canonical import canonical_json, format_time, normalize_time, parse_time
    from polemica.events.errors import EventFormatError
    from polemica.events.jsonl import JsonlWriter, iter_jsonl, read_events, write_jsonl
    from polemica.events.kinds import (
        CONTRIBUTION_TYPES,
        FORMAT_VERSION,
        KINDS,
        PHASES,
        ROLES,
        FieldSpec,
        KindSpec,
        erased_value,
        personal_fields,
        plain_before_fields,
    )
    from polemica.events.model import Event
    from polemica.events.parquet import ParquetWriter, iter_parquet, write_parquet
    from polemica.events.validate import parse_event

# Each name is imported from its module on first use (polemica/lazy.py): Parquet needs pyarrow
# (about 0.15 s), and a command that only reads a key or a checkpoint needs none of the readers
# (tests/cli/test_startup.py guards the import list).
__getattr__ = lazy_names(
    __name__,
    {
        "CONTRIBUTION_TYPES": "polemica.events.kinds",
        "Event": "polemica.events.model",
        "EventFormatError": "polemica.events.errors",
        "FORMAT_VERSION": "polemica.events.kinds",
        "FieldSpec": "polemica.events.kinds",
        "JsonlWriter": "polemica.events.jsonl",
        "KINDS": "polemica.events.kinds",
        "KindSpec": "polemica.events.kinds",
        "PHASES": "polemica.events.kinds",
        "ParquetWriter": "polemica.events.parquet",
        "ROLES": "polemica.events.kinds",
        "canonical_json": "polemica.events.canonical",
        "erased_value": "polemica.events.kinds",
        "format_time": "polemica.events.canonical",
        "iter_jsonl": "polemica.events.jsonl",
        "iter_parquet": "polemica.events.parquet",
        "normalize_time": "polemica.events.canonical",
        "parse_event": "polemica.events.validate",
        "parse_time": "polemica.events.canonical",
        "personal_fields": "polemica.events.kinds",
        "plain_before_fields": "polemica.events.kinds",
        "read_events": "polemica.events.jsonl",
        "write_jsonl": "polemica.events.jsonl",
        "write_parquet": "polemica.events.parquet",
    },
)


__all__ = [
    "CONTRIBUTION_TYPES",
    "FORMAT_VERSION",
    "KINDS",
    "PHASES",
    "ROLES",
    "Event",
    "EventFormatError",
    "FieldSpec",
    "JsonlWriter",
    "KindSpec",
    "ParquetWriter",
    "canonical_json",
    "erased_value",
    "format_time",
    "iter_events",
    "iter_jsonl",
    "iter_parquet",
    "normalize_time",
    "parse_event",
    "parse_time",
    "personal_fields",
    "plain_before_fields",
    "read_events",
    "write_events",
    "write_jsonl",
    "write_parquet",
]


def _is_parquet(path: Path) -> bool:
    return path.suffix in (".parquet", ".pq")


def iter_events(path: str | os.PathLike[str], *, contiguous: bool = True) -> Iterator[Event]:
    """Events from a JSON Lines (`.jsonl`, `.jsonl.gz`) or Parquet (`.parquet`) file."""
    p = Path(path)
    if _is_parquet(p):
        from polemica.events.parquet import iter_parquet

        return iter_parquet(p, contiguous=contiguous)
    from polemica.events.jsonl import iter_jsonl

    return iter_jsonl(p, contiguous=contiguous)


def write_events(path: str | os.PathLike[str], events: Iterator[Event] | list[Event]) -> int:
    """Write events to JSON Lines or Parquet by the file's suffix, atomically."""
    p = Path(path)
    if _is_parquet(p):
        from polemica.events.parquet import write_parquet

        return write_parquet(p, events)
    from polemica.events.jsonl import write_jsonl

    return write_jsonl(p, events)
