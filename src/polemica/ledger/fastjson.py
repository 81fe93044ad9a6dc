"""Canonical JSON by faster encoders where they provably give the same bytes as the reference.

`polemica.events.canonical_json` (the standard library's encoder) defines the bytes. For values
made only of str, int, bool, None, lists (or tuples) and dicts with str keys, orjson writes the
same bytes (sorted keys by code point, no whitespace, UTF-8, the same string escapes, integers
in decimal) or refuses (integers beyond 64 bits, lone surrogates). Floats it spells differently
(`1e16` for `1e+16`), and other types it may encode where the reference refuses; so anything
else takes the reference path. `dumps` (the append path) uses the C encoder of
`polemica.ledger.native`, which writes such values itself and declines everything else.
"""

from __future__ import annotations

from typing import Any, Final

import orjson

from polemica.events import canonical_json
from polemica.ledger.native import dumps as native_dumps

_SORTED: Final = orjson.OPT_SORT_KEYS
_SCALARS: Final = frozenset({str, int, bool, type(None)})
_KEYS: Final = frozenset({str})


class _Unsure:
    """The marker `loads_canonical` returns when only the reference path can decide."""


UNSURE: Final = _Unsure()


def plain(value: Any) -> bool:
    """True when `value` holds only str, int, bool, None, lists, tuples and str-keyed dicts."""
    kind = type(value)
    if kind in _SCALARS:
        return True
    if kind is dict:
        if not _KEYS.issuperset(map(type, value)):
            return False
        items = value.values()
    elif kind is list or kind is tuple:
        items = value
    else:
        return False
    if _SCALARS.issuperset(map(type, items)):  # the common case, checked at C speed
        return True
    return all(type(item) in _SCALARS or plain(item) for item in items)


def dumps(value: Any) -> bytes:
    """Exactly `canonical_json(value)` (or its exception), faster for the common case."""
    out = native_dumps(value)  # None: a float, a huge int, a lone surrogate, another type …
    return canonical_json(value) if out is None else out


def loads_canonical(raw: bytes) -> Any:
    """The JSON value of `raw` when `raw` is provably its canonical form, else `UNSURE`.

    When a value is returned, `json.loads(raw)` gives an equal value and
    `canonical_json(json.loads(raw)) == raw`. (orjson reads integers beyond 64 bits as floats,
    which `plain` refuses.)
    """
    try:
        value = orjson.loads(raw)
        if not plain(value) or orjson.dumps(value, option=_SORTED) != raw:
            return UNSURE
    except (orjson.JSONDecodeError, orjson.JSONEncodeError):
        return UNSURE
    return value


def dumps_decoded(value: Any) -> bytes:
    """`canonical_json` of a part of a value `loads_canonical` returned (so plain)."""
    return orjson.dumps(value, option=_SORTED)


__all__ = ["UNSURE", "dumps", "dumps_decoded", "loads_canonical", "plain"]
