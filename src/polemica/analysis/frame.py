"""The event frame: events as a lazily scanned Polars frame with a fixed schema.

Parquet files in the event format are scanned directly; JSON Lines files are first streamed,
validated, into a Parquet cache beside them (row groups of 65,536 events, constant memory), so a
log larger than memory can be analysed and a second run skips the conversion. The `data` object,
stored as canonical JSON, is decoded in the lazy plan into the typed columns of `DATA_FIELDS`;
fields of unknown kinds are left null and never break the decoding.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import polars as pl
from polars._typing import PolarsDataType

from polemica.events import KINDS, iter_jsonl, write_parquet

_S = pl.String
_L = pl.List(pl.String)

# data field → (column name, type). `to` is a list for directives and a single id elsewhere;
# decoding it as a list wraps single ids, so one column serves both.
DATA_FIELDS: dict[str, tuple[str, PolarsDataType]] = {
    "question": ("question", _S),
    "type": ("type", _S),
    "text": ("text", _S),
    "target": ("target", _S),
    "cites": ("cites", _L),
    "title": ("title", _S),
    "visibility": ("visibility", _S),
    "reason": ("reason", _S),
    "phase": ("phase", _S),
    "member": ("member", _S),
    "role": ("role", _S),
    "name": ("name", _S),
    "parent": ("parent", _S),
    "level": ("level", _S),
    "delegation": ("delegation", _S),
    "adopted": ("adopted", _L),
    "credits": ("credits", _L),
    "considered": ("considered", _L),
    "unanswered": ("unanswered", _L),
    "unanimous": ("unanimous", pl.Boolean),
    "method": ("method", _S),
    "decision": ("decision", _S),
    "to": ("to", _L),
    "directive": ("directive", _S),
    "regarding": ("regarding", _S),
    "kind": ("fb_kind", _S),
    "feedback": ("feedback", _S),
    "for": ("credit_for", _S),
    "fact": ("fact", _S),
    "verdict": ("verdict", _S),
    "ballot": (
        "ballot",
        pl.Struct(
            {
                "choice": _S,
                "ranking": pl.List(_L),
                "approve": _L,
                "stance": _S,
                "statement": _S,
            }
        ),
    ),
}

ENVELOPE: dict[str, PolarsDataType] = {
    "seq": pl.Int64,
    "id": _S,
    "at": pl.Datetime("us", "UTC"),
    "org": _S,
    "body": _S,
    "actor": _S,
    "kind": _S,
    "subject": _S,
}


def frame_schema() -> pl.Schema:
    """The fixed schema of the event frame (envelope, then decoded data columns)."""
    cols: dict[str, PolarsDataType] = dict(ENVELOPE)
    for column, dtype in DATA_FIELDS.values():
        cols[column] = dtype
    cols["choice"] = _S
    cols["stance"] = _S
    cols["statement"] = _S
    return pl.Schema(cols)


def _is_parquet(path: Path) -> bool:
    return path.suffix in (".parquet", ".pq")


def cache_path(path: Path, cache_dir: Path | None = None) -> Path:
    """Where the Parquet cache of a JSON Lines file lives: keyed by path, size and mtime."""
    st = path.stat()
    key = f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode()
    digest = hashlib.sha256(key).hexdigest()[:16]
    base = cache_dir or Path(os.environ.get("POLEMICA_CACHE", path.parent / ".polemica-cache"))
    return base / f"{path.name}.{digest}.parquet"


def parquet_source(path: str | os.PathLike[str], *, cache_dir: Path | None = None) -> Path:
    """A Parquet file holding the events of `path`, converting JSON Lines once (validated)."""
    p = Path(path)
    if _is_parquet(p):
        return p
    target = cache_path(p, cache_dir)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        # A read-only directory beside the log: cache in the temporary directory instead.
        target = cache_path(p, Path(tempfile.gettempdir()) / "polemica-cache")
    if not target.exists():
        # Atomic: the cache appears only when the whole file was read and found valid.
        write_parquet(target, iter_jsonl(p, contiguous=False))
    return target


def scan_events(path: str | os.PathLike[str], *, cache_dir: Path | None = None) -> pl.LazyFrame:
    """The event frame of a JSON Lines or Parquet file, as a lazy scan with the fixed schema."""
    return decode(scan_raw(path, cache_dir=cache_dir))


def scan_raw(path: str | os.PathLike[str], *, cache_dir: Path | None = None) -> pl.LazyFrame:
    """The stored layout of a JSON Lines or Parquet file (envelope, `data` as JSON text), lazily.

    `decode(raw, fields)` turns any slice of it into typed columns; the analysis decodes each
    kind with only the fields it reads, which is what keeps a 10-million-event log in memory
    budget (docs/benchmarks.md, "Health analysis").
    """
    return pl.scan_parquet(parquet_source(path, cache_dir=cache_dir))


def is_raw(lf: pl.LazyFrame) -> bool:
    """Whether a frame is in the stored layout (`data` still JSON text) rather than decoded."""
    return "data" in lf.collect_schema().names()


def decode(raw: pl.LazyFrame, fields: Sequence[str] | None = None) -> pl.LazyFrame:
    """Turn the stored layout (data as JSON text) into the frame's typed columns.

    `fields` (names of `data` fields, keys of `DATA_FIELDS`) decodes only those; the ballot's
    `choice`, `stance` and `statement` columns come with `ballot`.
    """
    names = list(DATA_FIELDS) if fields is None else [f for f in DATA_FIELDS if f in fields]
    envelope = [pl.col(k).cast(v) for k, v in ENVELOPE.items()]
    if not names:
        return raw.select(*envelope)
    struct = pl.Struct({name: DATA_FIELDS[name][1] for name in names})
    known = pl.col("kind").is_in(list(KINDS))
    decoded = (
        raw.select(
            *envelope,
            pl.when(known).then(pl.col("data")).otherwise(None).str.json_decode(struct).alias("_d"),
        )
        .with_columns(
            *[pl.col("_d").struct.field(name).alias(DATA_FIELDS[name][0]) for name in names]
        )
        .drop("_d")
    )
    if "ballot" not in names:
        return decoded
    ballot = pl.col("ballot")
    return decoded.with_columns(
        pl.coalesce(
            ballot.struct.field("choice"),
            ballot.struct.field("ranking").list.first().list.first(),
        ).alias("choice"),
        ballot.struct.field("stance").alias("stance"),
        ballot.struct.field("statement").alias("statement"),
    )


def raw_from_events(events: Sequence[object]) -> pl.LazyFrame:
    """The stored layout of events already in memory (tests, calibration)."""
    from polemica.events import Event, canonical_json

    rows: dict[str, list[object]] = {k: [] for k in (*ENVELOPE, "data")}
    for event in events:
        assert isinstance(event, Event)
        for k in ENVELOPE:
            rows[k].append(getattr(event, k))
        rows["data"].append(canonical_json(dict(event.data)).decode("utf-8"))
    raw = pl.DataFrame(
        rows, schema={**{k: _S for k in ENVELOPE}, "seq": pl.Int64, "data": _S}
    ).with_columns(pl.col("at").str.to_datetime("%Y-%m-%dT%H:%M:%S%.fZ", time_zone="UTC"))
    return raw.lazy()


def frame_from_events(events: Sequence[object]) -> pl.LazyFrame:
    """The event frame of events already in memory (tests, importers' previews)."""
    return decode(raw_from_events(events))
