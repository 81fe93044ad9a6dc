"""Reader for PrefLib ordinal files: `.soc`, `.soi`, `.toc`, `.toi`.

Header lines are `# KEY: value`; `# ALTERNATIVE NAME i: name` names alternative i (1-based).
Data lines are `count: a,{b,c},d`: `count` voters ranked a first, then b and c tied, then d.
The type (from `# DATA TYPE:` or else the suffix) is enforced: `soc` strict and complete, `soi`
strict, `toc` complete, `toi` anything. Unranked alternatives count as tied below every ranked
one (the Debian rule) unless `unranked="ignore"`. A malformed file is rejected whole, naming the
line and the reason.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np

from polemica.decide.ballots import RankProfile, Unranked

TYPES = ("soc", "soi", "toc", "toi")
_HEADER = re.compile(r"^#\s*([^:]+?)\s*:\s*(.*?)\s*$")
_NAME = re.compile(r"^ALTERNATIVE NAME (\d+)$", re.IGNORECASE)
_DATA = re.compile(r"^\s*(\d+)\s*:\s*(.*?)\s*$")


class PrefLibError(ValueError):
    """A malformed PrefLib file: names the line and the reason."""

    def __init__(self, path: str, line: int, reason: str) -> None:
        super().__init__(f"{path}, line {line}: {reason}")
        self.line = line
        self.reason = reason


Fn = Callable[[str], "PrefLibError"]


def _parse_order(text: str, m: int, fail: Fn) -> list[list[int]]:
    groups: list[list[int]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in " ,":
            i += 1
            continue
        if ch == "{":
            end = text.find("}", i)
            if end < 0:
                raise fail("a '{' is not closed")
            inner = [t.strip() for t in text[i + 1 : end].split(",") if t.strip()]
            if not inner:
                raise fail("an empty tie group {}")
            groups.append([_alt(t, m, fail) for t in inner])
            i = end + 1
        else:
            match = re.match(r"[^,{}\s]+", text[i:])
            if not match:
                raise fail(f"unexpected {ch!r}")
            groups.append([_alt(match.group(0), m, fail)])
            i += match.end()
    return groups


def _alt(token: str, m: int, fail: Fn) -> int:
    if not token.isdigit():
        raise fail(f"{token!r} is not an alternative number")
    a = int(token)
    if not 1 <= a <= m:
        raise fail(f"alternative {a} is outside 1..{m}")
    return a - 1


@dataclass(frozen=True)
class Header:
    """What the header lines of a PrefLib file say."""

    kind: str
    m: int
    names: dict[int, str]  # alternative number (1-based) → name
    fields: dict[str, str]  # other `# KEY: value` lines, KEY upper-cased


@dataclass(frozen=True)
class Order:
    """One data line: `count` voters with this order (tie groups of 0-based alternatives)."""

    line: int
    count: int
    groups: list[list[int]]


def scan_preflib(path: str | os.PathLike[str]) -> tuple[Header, Iterator[Order]]:
    """The header and a stream of the data lines, each checked as it is read.

    The header is read up to the first data line before this returns; the orders are read
    lazily, so a file of millions of lines is never held in memory.
    """
    p = Path(path)
    where = str(p)
    fh = p.open(encoding="utf-8")
    lines = enumerate(fh, start=1)
    headers: dict[str, str] = {}
    names: dict[int, str] = {}
    first: tuple[int, str] | None = None
    try:
        for number, raw in lines:
            line = raw.rstrip("\n")
            if not line.strip():
                continue
            if not line.startswith("#"):
                first = (number, line)
                break
            match = _HEADER.match(line)
            if not match:
                raise PrefLibError(where, number, "a header line must read '# KEY: value'")
            key, value = match.group(1), match.group(2)
            named = _NAME.match(key)
            if named:
                names[int(named.group(1))] = value
            else:
                headers[key.upper()] = value
        if first is None:
            raise PrefLibError(where, 0, "no data lines")
        m = _alternatives(headers, names, lambda r: PrefLibError(where, first[0], r))
        kind = headers.get("DATA TYPE", p.suffix.lstrip(".")).lower()
        if kind not in TYPES:
            raise PrefLibError(
                where, first[0], f"data type {kind!r} is not one of {', '.join(TYPES)}"
            )
    except BaseException:
        fh.close()
        raise
    header = Header(kind, m, names, headers)
    return header, _orders(fh, first, lines, header, where)


def _orders(
    fh: IO[str],
    first: tuple[int, str],
    rest: Iterator[tuple[int, str]],
    header: Header,
    where: str,
) -> Iterator[Order]:
    with fh:
        for number, raw in itertools.chain([first], rest):
            line = raw.rstrip("\n")

            def fail(reason: str, number: int = number) -> PrefLibError:
                return PrefLibError(where, number, reason)

            if not line.strip():
                continue
            if line.startswith("#"):
                raise fail("a header line after the data")
            match = _DATA.match(line)
            if not match:
                raise fail("a data line must read 'count: a,b,{c,d},…'")
            groups = _parse_order(match.group(2), header.m, fail)
            _check(groups, header.m, header.kind, fail)
            yield Order(number, int(match.group(1)), groups)


def read_preflib(path: str | os.PathLike[str], *, unranked: Unranked = "bottom") -> RankProfile:
    """Read a PrefLib ordinal file into a rank profile (candidate ids "1".."m", named)."""
    header, orders = scan_preflib(path)
    rows: list[list[list[int]]] = []
    counts: list[int] = []
    for order in orders:
        rows.append(order.groups)
        counts.append(order.count)
    return _profile(rows, counts, header.m, header.names, unranked)


def _alternatives(headers: dict[str, str], names: dict[int, str], fail: Fn) -> int:
    value = headers.get("NUMBER ALTERNATIVES")
    if value is None:
        if not names:
            raise fail("no '# NUMBER ALTERNATIVES:' header before the data")
        return max(names)
    if not value.isdigit() or int(value) < 1:
        raise fail(f"NUMBER ALTERNATIVES must be a positive integer, not {value!r}")
    m = int(value)
    bad = [i for i in names if not 1 <= i <= m]
    if bad:
        raise fail(f"ALTERNATIVE NAME {bad[0]} is outside 1..{m}")
    return m


def _check(groups: list[list[int]], m: int, kind: str, fail: Fn) -> None:
    flat = [a for g in groups for a in g]
    if len(flat) != len(set(flat)):
        raise fail("an alternative is ranked more than once")
    if kind.startswith("so") and any(len(g) > 1 for g in groups):
        raise fail(f"a tie in a strict order ({kind})")
    if kind.endswith("c") and len(flat) != m:
        raise fail(f"an incomplete order in a complete-order file ({kind}): {len(flat)} of {m}")


def _profile(
    rows: list[list[list[int]]],
    counts: list[int],
    m: int,
    names: dict[int, str],
    unranked: Unranked,
) -> RankProfile:
    ranks = np.full((len(rows), m), m, dtype=np.int32)
    for i, groups in enumerate(rows):
        for level, group in enumerate(groups):
            ranks[i, group] = level
    ids = tuple(str(a) for a in range(1, m + 1))
    return RankProfile(
        ids,
        ranks,
        np.asarray(counts, dtype=np.int64),
        {str(a): n for a, n in names.items()},
        unranked,
    )
