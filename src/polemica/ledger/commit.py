"""Salted commitments for personal text, so it can be erased while the log still verifies.

The leaf stores, for each personal field (marked in `polemica.events.KINDS`) present in an event,
`{"commit": "<hex>"}` in place of the value (a field that became personal later, such as a fact's
sources, may be plain in a leaf written before: it verifies, and cannot be erased), where the
commitment is

    SHA-256("polemica/commitment/v1" ‖ 0x00 ‖ salt (32 random bytes) ‖ canonical JSON of the value)

The opening (salt and value) is stored beside the leaf. Erasure deletes the opening; the leaf,
and so every hash above it, stays as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from polemica.events import (
    Event,
    canonical_json,
    erased_value,
    parse_event,
    personal_fields,
    plain_before_fields,
)
from polemica.ledger.fastjson import dumps

COMMIT_TAG = b"polemica/commitment/v1\x00"
SALT_SIZE = 32
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


class CommitmentError(ValueError):
    """A leaf or opening that does not match, with the reason."""


@dataclass(frozen=True, slots=True)
class Opening:
    """What opens one commitment: the salt and the value."""

    salt: bytes
    value: Any


def commitment(salt: bytes, value: Any) -> bytes:
    return hashlib.sha256(COMMIT_TAG + salt + canonical_json(value)).digest()


class _SaltPool:
    """Salts cut from one large os.urandom read: one system call per 1024 salts.

    Refilled after a fork (a child must never reuse its parent's salts) and locked for threads.
    """

    def __init__(self, batch: int = 1024) -> None:
        self._batch = batch
        self._buf = b""
        self._pos = 0
        self._pid = os.getpid()
        self._lock = threading.Lock()

    def __call__(self, n: int) -> bytes:
        with self._lock:
            if self._pos + n > len(self._buf) or self._pid != os.getpid():
                self._buf, self._pos = os.urandom(max(n, SALT_SIZE * self._batch)), 0
                self._pid = os.getpid()
            out = self._buf[self._pos : self._pos + n]
            self._pos += n
            return out


_salts = _SaltPool()


def commit_event(
    event: Event, random: Callable[[int], bytes] = _salts
) -> tuple[bytes, dict[str, Opening]]:
    """The leaf bytes of `event` and the openings of its personal fields."""
    fields = personal_fields(event.kind)
    openings: dict[str, Opening] = {}
    obj = event.to_dict()
    if fields:
        data = obj["data"]
        for name in sorted(fields):
            if name in data:
                opening = Opening(random(SALT_SIZE), data[name])
                data[name] = {"commit": commitment(opening.salt, opening.value).hex()}
                openings[name] = opening
    return canonical_json(obj), openings


_SHA256 = hashlib.sha256


def commit_for_log(event: Event, random: Callable[[int], bytes] = _salts) -> tuple[bytes, bytes]:
    """The leaf bytes and the openings record of `event`, as the file log stores them.

    Equal to `commit_event` followed by `openings_record`, but each personal value is encoded
    once: the same bytes feed its commitment and its opening (this is the append hot path).
    The encoder is `fastjson.dumps`, byte for byte `canonical_json`.
    """
    fields = _sorted_personal(event.kind)
    obj = event.to_dict()
    if not fields:
        return dumps(obj), b"{}"
    data = obj["data"]
    parts: list[bytes] = []
    for name in fields:
        if name in data:
            salt = random(SALT_SIZE)
            value = dumps(data[name])
            data[name] = {"commit": _SHA256(COMMIT_TAG + salt + value).hexdigest()}
            parts.append(
                b'"%s":{"salt":"%s","value":%s}' % (name.encode(), salt.hex().encode(), value)
            )
    if not parts:
        return dumps(obj), b"{}"
    return dumps(obj), b'{"open":{' + b",".join(parts) + b"}}"


@lru_cache(maxsize=1024)
def _sorted_personal(kind: str) -> tuple[str, ...]:
    # Field names of the event format are plain identifiers: their JSON is `"name"`.
    fields = tuple(sorted(personal_fields(kind)))
    assert all(canonical_json(f) == b'"%s"' % f.encode() for f in fields)
    return fields


def openings_record(openings: Mapping[str, Opening], erased: tuple[str, ...] = ()) -> bytes:
    """The stored form of an event's openings: canonical JSON, keys left out when empty.

    `{"open": {field: {"salt": hex, "value": value}}, "erased": [field, …]}`
    """
    obj: dict[str, Any] = {}
    if openings:
        obj["open"] = {k: {"salt": o.salt.hex(), "value": o.value} for k, o in openings.items()}
    if erased:
        obj["erased"] = sorted(erased)
    return canonical_json(obj)


@dataclass(frozen=True, slots=True)
class StoredOpenings:
    openings: dict[str, Opening]
    erased: tuple[str, ...]


def parse_openings(record: bytes) -> StoredOpenings:
    """Read an openings record; it must be exactly in its canonical form."""
    try:
        obj = json.loads(record)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise CommitmentError("the openings record is not valid JSON") from None
    if not isinstance(obj, dict) or set(obj) - {"open", "erased"}:
        raise CommitmentError("the openings record has unexpected fields")
    opened = obj.get("open", {})
    erased = obj.get("erased", [])
    if not isinstance(opened, dict) or not isinstance(erased, list):
        raise CommitmentError("the openings record is malformed")
    openings: dict[str, Opening] = {}
    for name, item in opened.items():
        if (
            not isinstance(item, dict)
            or set(item) != {"salt", "value"}
            or not isinstance(item["salt"], str)
            or not _HEX64.match(item["salt"])
        ):
            raise CommitmentError(f"the opening of {name} is malformed")
        openings[name] = Opening(bytes.fromhex(item["salt"]), item["value"])
    if not all(isinstance(x, str) for x in erased) or set(erased) & set(openings):
        raise CommitmentError("the erased field list is malformed")
    if canonical_json(obj) != record:
        raise CommitmentError("the openings record is not in canonical form")
    return StoredOpenings(openings, tuple(erased))


@dataclass(frozen=True, slots=True)
class OpenedEvent:
    """An event read back from its leaf. Erased fields hold their commitment object."""

    event: Event
    erased: tuple[str, ...]
    commitments: dict[str, str]

    def readable(self) -> Event:
        """The event with each erased field's text replaced by the empty text ([] for sources)."""
        if not self.erased:
            return self.event
        data = dict(self.event.data)
        for name in self.erased:
            data[name] = erased_value(self.event.kind, name)
        return self.event.with_data(data)


def open_leaf(leaf: bytes, stored: StoredOpenings) -> OpenedEvent:
    """Restore the event a leaf commits to, checking each opening against its commitment.

    Raises CommitmentError or EventFormatError (a ValueError) naming the field and the reason.
    """
    try:
        obj = json.loads(leaf)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise CommitmentError("the leaf is not valid JSON") from None
    if not isinstance(obj, dict) or not isinstance(obj.get("data"), dict):
        raise CommitmentError("the leaf is not an event")
    if canonical_json(obj) != leaf:
        raise CommitmentError("the leaf is not in canonical form")
    data = obj["data"]
    kind = obj.get("kind", "")
    kind = kind if isinstance(kind, str) else ""
    commitments: dict[str, str] = {}
    for name in personal_fields(kind):
        if name not in data:
            continue
        digest = _commit_hex(data[name])
        if digest is None:
            if name in plain_before_fields(kind):
                continue  # written before the field was personal: plain, not erasable
            raise CommitmentError(f"personal field data.{name} is not a commitment")
        commitments[name] = digest
    if set(stored.openings) | set(stored.erased) != set(commitments) or (
        len(stored.openings) + len(stored.erased) != len(commitments)
    ):
        raise CommitmentError("the openings do not cover exactly the committed fields")
    for name, opening in stored.openings.items():
        if commitment(opening.salt, opening.value).hex() != commitments[name]:
            raise CommitmentError(f"the opening of data.{name} does not match its commitment")
        data[name] = opening.value
    # An erased field is checked as an empty text (no sources): what validation needs.
    probe = dict(obj, data={**data, **{n: erased_value(kind, n) for n in stored.erased}})
    event = parse_event(probe)
    if stored.erased:
        data_out = dict(event.data)
        for name in stored.erased:
            data_out[name] = {"commit": commitments[name]}
        event = event.with_data(data_out)
    return OpenedEvent(event, stored.erased, commitments)


def _commit_hex(value: Any) -> str | None:
    if isinstance(value, dict) and len(value) == 1:
        digest = value.get("commit")
        if isinstance(digest, str) and _HEX64.match(digest):
            return digest
    return None
