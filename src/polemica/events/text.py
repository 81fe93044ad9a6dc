"""Text the event format refuses: NUL and lone surrogates.

A NUL (U+0000) cannot be stored in a PostgreSQL text or JSON value, and a lone surrogate
(U+D800–U+DFFF outside a pair) is not Unicode text, so neither has a UTF-8 encoding a database
or the canonical JSON could hold. Every string of an event (envelope, data, object keys) is
checked; the platform's input guard refuses the same characters at its door.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

_BAD = re.compile("[\x00\ud800-\udfff]")


def _clean_str(text: str) -> bool:
    # ASCII text can only hold the NUL; `in` is several times faster than the pattern.
    return "\x00" not in text if text.isascii() else _BAD.search(text) is None


def text_problem(value: str) -> str | None:
    """Why `value` is not text the format stores, or None when it is."""
    if _clean_str(value):
        return None
    char = _BAD.search(value).group()  # type: ignore[union-attr]
    if char == "\x00":
        return "contains a NUL character (U+0000), which text may not hold"
    return f"contains a lone surrogate (U+{ord(char):04X}), which is not Unicode text"


def strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """(path, string) for every string in a decoded JSON value, object keys included.

    Paths use dots and list indexes (`sources.0.title`); a key is reported at the path of its
    object. Iterative, so a deeply nested value cannot exhaust the stack.
    """
    stack: list[tuple[str, Any]] = [(where, value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            yield path, item
        elif isinstance(item, dict):
            for key, sub in item.items():
                if isinstance(key, str):
                    yield path, key
                stack.append((f"{path}.{key}" if path else str(key), sub))
        elif isinstance(item, list | tuple):
            stack.extend((f"{path}.{i}" if path else str(i), sub) for i, sub in enumerate(item))


def first_bad_text(value: Any, where: str = "") -> tuple[str, str] | None:
    """(path, reason) of the first string in `value` the format refuses, or None."""
    for path, text in strings(value, where):
        reason = text_problem(text)
        if reason is not None:
            return path, reason
    return None


def is_clean(value: Any) -> bool:
    """Whether every string in a decoded JSON value (keys included) is text the format stores.

    The fast screen run on every event; `first_bad_text` then says where and why.
    """
    kind = type(value)
    if kind is str:
        return _clean_str(value)
    if kind is dict:
        for key, sub in value.items():
            if (type(key) is str and not _clean_str(key)) or not is_clean(sub):
                return False
        return True
    if kind is list or kind is tuple:
        return all(is_clean(sub) for sub in value)
    if isinstance(value, str):
        return _clean_str(value)
    return True
