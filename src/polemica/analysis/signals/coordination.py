"""Linguistic coordination as an authority signal: who adopts whose function-word style."""

from __future__ import annotations

import polars as pl

from polemica.analysis.coordination import Summary, aggregate, marker_masks, scores
from polemica.analysis.scopes import Scope
from polemica.analysis.signals.base import Signal, ids, in_set, missing


def _masked(s: Scope) -> pl.DataFrame:
    """All contributions of the window with their marker masks (computed once per window)."""
    t = s.tables
    hit = t.cache.get("coordination")
    if isinstance(hit, pl.DataFrame):
        return hit
    masks = marker_masks(t.contrib["cid"], t.contrib["text"])
    df = t.contrib.select("cid", "id", "seq", "actor", "target", "target_author").join(
        masks, left_on="cid", right_on="uid", how="left"
    )
    parent = masks.rename({"uid": "target", "mask": "m1"})
    df = df.join(parent, on="target", how="left").rename({"mask": "m2"})
    t.cache["coordination"] = df
    return df


def _summary(s: Scope, towards_leader: bool) -> tuple[Summary, pl.DataFrame]:
    df = _masked(s).filter(pl.col("m1").is_not_null())
    mine = df.filter(
        pl.col("cid").is_in(s.contrib["cid"].to_list())
        | pl.col("cid").is_in(s.inbound["cid"].to_list())
    )
    lead = in_set("target_author" if towards_leader else "actor", s.leadership)
    other = ~in_set("actor" if towards_leader else "target_author", s.leadership)
    r = (
        mine.filter(lead & other)
        .select("id", "seq", "actor", "target_author", "m1", "m2")
        .rename({"actor": "speaker", "target_author": "target"})
    )
    return aggregate(scores(r)), r


def _signal(s: Scope, towards_leader: bool) -> Signal:
    if not s.leadership:
        return missing("the scope had no leader in the window")
    summary, r = _summary(s, towards_leader)
    if summary.agg3 is None:
        return missing(
            "too few replies between the leader and the others to score any marker "
            "(a marker needs 3 replied-to uses)",
            r.height,
        )
    return Signal(summary.agg3, summary.count_agg3, ids(r))


def coordination_to_leader(s: Scope) -> Signal:
    return _signal(s, True)


def coordination_from_leader(s: Scope) -> Signal:
    return _signal(s, False)
