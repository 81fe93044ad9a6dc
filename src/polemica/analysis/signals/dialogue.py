"""Dialogue: is discussion a real exchange — replies, reciprocity, answers, shared voice?"""

from __future__ import annotations

import polars as pl

from polemica.analysis.scopes import Scope
from polemica.analysis.signals.base import (
    GROUP_ONLY,
    NO_TYPES,
    Signal,
    ids,
    in_set,
    missing,
    share,
)
from polemica.analysis.tables import SUBSTANTIVE


def _replies(df: pl.DataFrame) -> pl.DataFrame:
    return df.filter(
        pl.col("target_author").is_not_null() & (pl.col("actor") != pl.col("target_author"))
    )


def reply_share(s: Scope) -> Signal:
    n = s.contrib.height
    if n == 0:
        return missing("no contributions in the window")
    replies = _replies(s.contrib)
    return Signal(share(replies.height, n), n, ids(replies))


def reciprocity(s: Scope) -> Signal:
    replies = _replies(s.contrib)
    pairs = replies.group_by("actor", "target_author").agg(pl.col("id").min().alias("first"))
    if pairs.height == 0:
        return missing("nobody replied to another member")
    if s.kind == "member":
        back = set(_replies(s.inbound)["actor"])
        done = pairs.filter(pl.col("target_author").is_in(list(back)))
    else:
        rev = pairs.select(
            pl.col("target_author").alias("actor"), pl.col("actor").alias("target_author")
        )
        done = pairs.join(rev, on=["actor", "target_author"], how="semi")
    return Signal(share(done.height, pairs.height), pairs.height, tuple(sorted(done["first"]))[:20])


NO_QUESTIONS_UNTYPED = (
    "no question was asked (an untyped source: questions are the remarks ending a sentence "
    "with a question mark)"
)


def objection_answer_rate(s: Scope) -> Signal:
    asked = s.contrib.filter(pl.col("type").is_in(["objection", "question"]))
    if asked.height == 0:
        return missing(
            "no objections or questions were raised" if s.tables.has_types else NO_QUESTIONS_UNTYPED
        )
    unanswered = asked.filter(~pl.col("answered"))
    answered = asked.height - unanswered.height
    return Signal(share(answered, asked.height), asked.height, ids(unanswered))


def leader_voice_share(s: Scope) -> Signal:
    if not s.leadership:
        return missing("the scope had no leader in the window")
    if s.kind == "member":
        qs = s.contrib["question"].unique().to_list()
        total = int(s.tables.contrib.filter(pl.col("question").is_in(qs))["words"].sum())
        own = s.contrib
    else:
        total = int(s.contrib["words"].sum())
        own = s.contrib.filter(in_set("actor", s.leadership))
    if total == 0:
        return missing("no words were contributed")
    return Signal(int(own["words"].sum()) / total, total, ids(own))


def participation_breadth(s: Scope) -> Signal:
    if s.kind == "member":
        return missing(GROUP_ONLY)
    if not s.tables.has_types:
        return missing(NO_TYPES)
    active = set(s.contrib["actor"].drop_nulls()) | set(s.votes["actor"].drop_nulls())
    if not active:
        return missing("no member contributed or voted")
    argued = s.contrib.filter(pl.col("type").is_in(list(SUBSTANTIVE)))
    arguers = set(argued["actor"].drop_nulls())
    return Signal(len(arguers & active) / len(active), len(active), ids(argued))
