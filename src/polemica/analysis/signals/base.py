"""What a signal returns, and the helpers every family uses."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polars as pl

from polemica.analysis.scopes import Scope

EVIDENCE_CAP = 20
"""At most this many event ids are listed as a signal's evidence (the first ones in log order)."""

GROUP_ONLY = "a property of a group of members, not of one member (see the member's bodies)"
NO_TYPES = "the source has no contribution types (every contribution is a remark)"


@dataclass(frozen=True, slots=True)
class Signal:
    """A signal's value over one scope; `value` is None with a `reason` when not computable."""

    value: float | None
    n: int
    evidence: tuple[str, ...] = ()
    reason: str | None = None

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"value": self.value, "n": self.n, "evidence": list(self.evidence)}
        if self.reason is not None:
            out["reason"] = self.reason
        return out


SignalFn = Callable[[Scope], Signal]


def missing(reason: str, n: int = 0) -> Signal:
    return Signal(None, n, (), reason)


def ids(df: pl.DataFrame, column: str = "id") -> tuple[str, ...]:
    """The first EVIDENCE_CAP ids of `df` in log order."""
    if df.height == 0:
        return ()
    # The tables are sorted by seq when built, and filters keep the order.
    return tuple(str(x) for x in df[column].head(EVIDENCE_CAP).to_list())


def cap(values: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for v in values:
        if v not in out:
            out.append(v)
        if len(out) >= EVIDENCE_CAP:
            break
    return tuple(out)


def share(num: int, den: int) -> float:
    return num / den if den else 0.0


def in_set(column: str, members: Iterable[str]) -> pl.Expr:
    return pl.col(column).is_in(list(members))


def any_outside(column: str, members: Iterable[str]) -> pl.Expr:
    """Whether a list column holds any value outside `members`."""
    return pl.col(column).list.eval(~pl.element().is_in(list(members))).list.any().fill_null(False)


def any_inside(column: str, members: Iterable[str]) -> pl.Expr:
    return pl.col(column).list.eval(pl.element().is_in(list(members))).list.any().fill_null(False)
