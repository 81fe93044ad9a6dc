"""Openness: are questions settled in the open, with facts reviewed before deciding?"""

from __future__ import annotations

import polars as pl

from polemica.analysis.scopes import Scope
from polemica.analysis.signals.base import GROUP_ONLY, Signal, ids, missing, share


def _closed(s: Scope) -> pl.DataFrame:
    return s.questions.filter(pl.col("visibility") == "closed")


def closed_share(s: Scope) -> Signal:
    if s.kind == "member":
        return missing(GROUP_ONLY)
    if s.questions.height == 0:
        return missing("no questions were opened in the window")
    closed = _closed(s)
    return Signal(share(closed.height, s.questions.height), s.questions.height, ids(closed))


def closed_without_reason(s: Scope) -> Signal:
    if s.kind == "member":
        return missing(GROUP_ONLY)
    closed = _closed(s)
    if closed.height == 0:
        return missing("no question was closed in the window")
    bare = closed.filter(pl.col("bare_reason"))
    return Signal(share(bare.height, closed.height), closed.height, ids(bare))


def decided_before_review(s: Scope) -> Signal:
    if s.kind == "member":
        return missing(GROUP_ONLY)
    with_facts = s.decisions.filter(pl.col("with_facts"))
    if with_facts.height == 0:
        return missing("no decision concerned a question with facts placed")
    early = with_facts.filter(pl.col("before_review"))
    return Signal(share(early.height, with_facts.height), with_facts.height, ids(early))
