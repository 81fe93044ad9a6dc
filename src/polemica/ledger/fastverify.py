"""The fast path of `verify` for one event: it only ever proves an event sound.

For an ordinary event (canonical JSON without floats, a known kind other than `record.erased`,
the expected seq, a normalized time, well-formed openings) this gives the same verdict as
`commit.open_leaf` with `parse_event`, several times faster. Whenever it cannot prove the
event sound it returns None and the caller runs the exact, slow path, which finds the same
verdict and gives the reason; so a fast path that is unsure can never change an answer.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, Final

from polemica.events import KINDS, EventFormatError, erased_value
from polemica.events.kinds import FORMAT_VERSION
from polemica.events.text import is_clean
from polemica.events.validate import _check_data
from polemica.ledger.commit import COMMIT_TAG
from polemica.ledger.fastjson import dumps_decoded, loads_canonical

_HEX64: Final = re.compile(r"^[0-9a-f]{64}$")
_KIND_NAME: Final = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
# Times the event format surely accepts: normalized form, a day every month has, year >= 1.
_SURE_TIME: Final = re.compile(
    r"^(?!0000)\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])"
    r"T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,6})?Z$"
)
# Kinds the fast path handles, with their personal fields. record.erased needs the checker's
# bookkeeping and is rare: it always takes the slow path.
_PERSONAL: Final = {
    name: kind.personal_fields
    for name, kind in KINDS.items()
    if name != "record.erased" and _KIND_NAME.match(name)
}
_PLAIN_BEFORE: Final = {name: kind.plain_before_fields for name, kind in KINDS.items()}
_sha256 = hashlib.sha256


def fast_check(seq: int, leaf: bytes, record: bytes) -> tuple[str, tuple[str, ...]] | None:
    """(id, erased fields) when event `seq` is provably sound; None when unsure."""
    obj = loads_canonical(leaf)
    if type(obj) is not dict:
        return None
    data = obj.get("data")
    kind = obj.get("kind")
    if type(data) is not dict or type(kind) is not str or kind not in _PERSONAL:
        return None
    opened = _openings(record)
    if opened is None:
        return None
    openings, erased = opened
    if not _open(kind, data, openings, erased):
        return None
    ident = obj.get("id")
    if not (_envelope(obj, seq) and type(ident) is str and is_clean(obj)):
        return None
    try:
        _check_data(kind, data)
    except EventFormatError:
        return None
    return ident, erased


def _openings(record: bytes) -> tuple[dict[str, Any], tuple[str, ...]] | None:
    """Mirror of `commit.parse_openings`, returning None where that would look closer."""
    if record == b"{}":
        return {}, ()
    obj = loads_canonical(record.rstrip(b" "))
    if type(obj) is not dict or not obj.keys() <= {"open", "erased"}:
        return None
    opened = obj.get("open", {})
    erased = obj.get("erased", [])
    if type(opened) is not dict or type(erased) is not list:
        return None
    for item in opened.values():
        if (
            type(item) is not dict
            or item.keys() != {"salt", "value"}
            or type(item["salt"]) is not str
            or not _HEX64.match(item["salt"])
        ):
            return None
    if not all(type(x) is str for x in erased) or not opened.keys().isdisjoint(erased):
        return None
    return opened, tuple(erased)


def _open(
    kind: str, data: dict[str, Any], openings: dict[str, Any], erased: tuple[str, ...]
) -> bool:
    """Check the openings against the leaf's commitments; put the values (or the erased value)
    into `data`."""
    commitments: dict[str, str] = {}
    for name in _PERSONAL[kind]:
        if name in data:
            value = data[name]
            if type(value) is not dict or len(value) != 1:
                if name in _PLAIN_BEFORE[kind] and type(value) is not dict:
                    continue  # written before the field was personal
                return False
            digest = value.get("commit")
            if type(digest) is not str or not _HEX64.match(digest):
                return False
            commitments[name] = digest
    if (
        len(openings) + len(erased) != len(commitments)
        or openings.keys() | set(erased) != commitments.keys()
    ):
        return False
    for name, item in openings.items():
        value = item["value"]
        salt = bytes.fromhex(item["salt"])
        if _sha256(COMMIT_TAG + salt + dumps_decoded(value)).hexdigest() != commitments[name]:
            return False
        data[name] = value
    for name in erased:
        data[name] = erased_value(kind, name)
    return True


def _envelope(obj: dict[str, Any], seq: int) -> bool:
    """The envelope checks of `parse_event` for values it surely accepts, and the seq."""
    v = obj.get("v")
    at = obj.get("at")
    return (
        type(v) is int
        and v == FORMAT_VERSION
        and type(obj.get("seq")) is int
        and obj["seq"] == seq
        and _text(obj.get("id"))
        and type(at) is str
        and _SURE_TIME.match(at) is not None
        and _text(obj.get("org"))
        and "body" in obj
        and _text_or_null(obj["body"])
        and "actor" in obj
        and _text_or_null(obj["actor"])
        and _text(obj.get("subject"))
    )


def _text(value: Any) -> bool:
    return type(value) is str and value != ""


def _text_or_null(value: Any) -> bool:
    return value is None or (type(value) is str and value != "")


__all__ = ["fast_check"]
