"""The event format (DESIGN §5): kinds, payloads, canonical JSON, validation, readers, writers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from polemica.events.validate import parse_event

if TYPE_CHECKING:
    from polemica.events.parquet import ParquetWriter, iter_parquet, write_parquet

# Parquet needs pyarrow (about 0.15 s to import): loaded on first use, so that commands that only
# read JSON Lines start fast (tests/cli/test_startup.py guards the import list).
_PARQUET = ("ParquetWriter", "iter_parquet", "write_parquet")


def __getattr__(name: str) -> Any:
    if name in _PARQUET:
        from polemica.events import parquet

        return getattr(parquet, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    return iter_jsonl(p, contiguous=contiguous)


def write_events(path: str | os.PathLike[str], events: Iterator[Event] | list[Event]) -> int:
    """Write events to JSON Lines or Parquet by the file's suffix, atomically."""
    p = Path(path)
    if _is_parquet(p):
        from polemica.events.parquet import write_parquet

        return write_parquet(p, events)
    return write_jsonl(p, events)
