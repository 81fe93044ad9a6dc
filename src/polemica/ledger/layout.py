"""The file log's directory layout and its manifest (docs/ledger.md, "Directory layout")."""

from __future__ import annotations

import json
import sys
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from polemica.events import canonical_json

FORMAT = "polemica-log"
VERSION = 1
MANIFEST = "manifest.json"
LEAVES = "leaves.jsonl"
LEAVES_INDEX = "leaves.idx"
OPENINGS = "openings.jsonl"
OPENINGS_INDEX = "openings.idx"
NODES = "nodes"
CHECKPOINT = "checkpoint"
VERIFIER = "verifier.key"
FILES = (MANIFEST, LEAVES, LEAVES_INDEX, OPENINGS, OPENINGS_INDEX, CHECKPOINT, VERIFIER)
OFFSET_SIZE = 8


class LogFormatError(ValueError):
    """A log directory that is not a polemica log or is damaged, with the reason."""


# The readable events a log directory may hold beside its leaves (an export's), which `verify`
# checks against the leaves; the manifest's `events` names the one the directory promises.
READABLE = ("events.jsonl", "events.parquet")


@dataclass(frozen=True)
class Manifest:
    origin: str
    version: int = VERSION
    events: str | None = None

    def encode(self) -> bytes:
        obj: dict[str, Any] = {"format": FORMAT, "origin": self.origin, "version": self.version}
        if self.events is not None:
            obj["events"] = self.events
        return canonical_json(obj) + b"\n"

    @classmethod
    def parse(cls, raw: bytes) -> Manifest:
        try:
            obj: Any = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise LogFormatError("manifest.json is not valid JSON") from None
        if not isinstance(obj, dict) or obj.get("format") != FORMAT:
            raise LogFormatError("manifest.json does not describe a polemica log")
        if obj.get("version") != VERSION:
            raise LogFormatError(f"log format version {obj.get('version')!r} is not supported")
        origin = obj.get("origin")
        if not isinstance(origin, str) or not origin:
            raise LogFormatError("manifest.json has no origin")
        events = obj.get("events")
        if events is not None and events not in READABLE:
            raise LogFormatError(f"manifest.json names {events!r}, not a readable events file")
        manifest = cls(origin, events=events)
        if manifest.encode() != raw:
            raise LogFormatError("manifest.json is not in canonical form")
        return manifest


def read_manifest(path: Path) -> Manifest:
    if not path.is_dir():
        raise LogFormatError(f"{path} is not a log directory")
    try:
        raw = (path / MANIFEST).read_bytes()
    except OSError:
        raise LogFormatError(f"{path} is not a polemica log (no {MANIFEST})") from None
    return Manifest.parse(raw)


def offsets(raw: bytes) -> array[int]:
    """Decode an index file: little-endian unsigned 64-bit end offsets."""
    out = array("Q")
    out.frombytes(raw)
    if sys.byteorder != "little":
        out.byteswap()
    return out


def offsets_bytes(values: array[int]) -> bytes:
    if sys.byteorder != "little":
        values = array("Q", values)
        values.byteswap()
    return values.tobytes()
