"""`--where` expressions: keep the replies whose contribution metadata satisfies a comparison.

`meta.KEY OP VALUE` reads `data.meta.KEY` of the replying contribution, `target.meta.KEY OP
VALUE` that of the contribution replied to; KEY may be a dotted path into nested objects. OP is
one of `<`, `>`, `<=`, `>=`, `=` (or `==`), `!=`. VALUE is a JSON literal (`0`, `-1.5`, `true`,
`null`, `"text"`) or else bare text. Numbers compare with numbers and text with text; a reply
whose value is missing, or of the other type, is not kept (`= null` keeps a missing or null
value, `!= null` a present one), so a filter never keeps a reply by accident.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

OPS: dict[str, Callable[[Any, Any], bool]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "!=": operator.ne,
    "==": operator.eq,
    "=": operator.eq,
    "<": operator.lt,
    ">": operator.gt,
}
_EXPR = re.compile(r"^\s*(target\.)?meta\.([^<>=!\s]+)\s*(<=|>=|!=|==|=|<|>)\s*(.*?)\s*$")
_MISSING = object()


class WhereError(ValueError):
    """A malformed expression, named in the message."""


@dataclass(frozen=True)
class Where:
    """One comparison on the metadata of the reply (`on` = "reply") or of its target."""

    text: str
    on: str
    path: tuple[str, ...]
    op: str
    value: Any

    def test(self, meta: dict[str, Any] | None) -> bool:
        """Whether a contribution with this metadata satisfies the comparison."""
        got: Any = meta if meta is not None else {}
        for key in self.path:
            got = got.get(key, _MISSING) if isinstance(got, dict) else _MISSING
        if self.value is None:
            absent = got is _MISSING or got is None
            return absent if self.op in ("=", "==") else not absent
        if got is _MISSING or not _comparable(got, self.value):
            return False
        return OPS[self.op](got, self.value)


def _is_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _comparable(a: Any, b: Any) -> bool:
    if _is_number(a) and _is_number(b):
        return True
    if isinstance(a, bool) and isinstance(b, bool):
        return True
    return isinstance(a, str) and isinstance(b, str)


def parse_where(text: str) -> Where:
    """Parse `meta.KEY<0` and its kin, or raise `WhereError` naming the expression."""
    m = _EXPR.match(text)
    if not m:
        raise WhereError(
            f"--where {text!r} is not an expression 'meta.KEY OP VALUE' (or 'target.meta.KEY OP "
            "VALUE') with OP one of <, >, <=, >=, =, !="
        )
    target, key, op, raw = m.groups()
    path = tuple(key.split("."))
    if not raw or any(not part for part in path):
        raise WhereError(f"--where {text!r}: a key and a value are needed on both sides of {op}")
    if raw[0] in "<>=!":
        raise WhereError(f"--where {text!r}: {op + raw[0]!r} is not an operator")
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    if isinstance(value, dict | list):
        raise WhereError(f"--where {text!r}: the value must be a number, text, true/false or null")
    if isinstance(value, bool) and op not in ("=", "==", "!="):
        raise WhereError(f"--where {text!r}: true and false only compare with = or !=")
    if value is None and op not in ("=", "==", "!="):
        raise WhereError(f"--where {text!r}: null only compares with = or !=")
    return Where(text, "target" if target else "reply", path, op, value)
