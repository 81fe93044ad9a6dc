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
    facts = s.tables.facts
    placed = facts.filter(pl.col("kind") == "fact.placed").select(
        pl.col("subject").alias("fact"), "question", pl.col("at").alias("placed_at")
    )
    reviewed = (
        facts.filter(pl.col("kind") == "fact.reviewed")
        .group_by("fact")
        .agg(pl.col("at").min().alias("reviewed_at"))
    )
    with_facts = s.decisions.join(placed, on="question", how="inner").filter(
        pl.col("placed_at") <= pl.col("at")
    )
    if with_facts.height == 0:
        return missing("no decision concerned a question with facts placed")
    joined = with_facts.join(reviewed, on="fact", how="left").with_columns(
        (pl.col("reviewed_at").is_null() | (pl.col("reviewed_at") > pl.col("at"))).alias("early")
    )
    per = joined.group_by("did", "id", "seq").agg(pl.col("early").any())
    early = per.filter(pl.col("early"))
    return Signal(share(early.height, per.height), per.height, ids(early))
