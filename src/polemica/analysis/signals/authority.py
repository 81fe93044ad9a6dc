"""Authority: is the leader (or leading body) challenged, answering, and not the only source?"""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from polemica.analysis.scopes import Scope
from polemica.analysis.signals.base import (
    GROUP_ONLY,
    NO_TYPES,
    Signal,
    any_inside,
    any_outside,
    cap,
    ids,
    in_set,
    missing,
    share,
)
from polemica.analysis.tables import CAST, OBJECTING, ballot_cells

DISSENT_HORIZON = timedelta(days=90)
CHALLENGING = (*OBJECTING, "question")


def _leader_positions(s: Scope) -> pl.DataFrame:
    return s.contrib.filter((pl.col("type") == "position") & in_set("actor", s.leadership))


def leader_challenge_rate(s: Scope) -> Signal:
    if not s.leadership:
        return missing("the scope had no leader in the window")
    if not s.tables.has_types:
        return missing(NO_TYPES)
    pos = _leader_positions(s)
    if pos.height == 0:
        return missing("the leader proposed no position in the window")
    # A committee is challenged by anyone but the position's author, a person by anyone else.
    outside = (
        pl.col("objectors").list.len() > 0
        if s.kind == "org"
        else any_outside("objectors", s.leadership)
    )
    challenged = pos.filter(outside)
    evidence = cap(x for row in challenged["objection_ids"].to_list() for x in row)
    return Signal(share(challenged.height, pos.height), pos.height, evidence)


def leader_answer_rate(s: Scope) -> Signal:
    if not s.leadership:
        return missing("the scope had no leader in the window")
    if not s.tables.has_types:
        return missing(NO_TYPES)
    challenger = (
        pl.col("actor") != pl.col("target_author")
        if s.kind == "org"
        else ~in_set("actor", s.leadership)
    )
    challenges = s.inbound.filter(
        pl.col("type").is_in(list(CHALLENGING)) & in_set("target_author", s.leadership) & challenger
    )
    if challenges.height == 0:
        return missing("nobody objected to the leader, so there was nothing to answer")
    left = challenges.filter(~any_inside("responders", s.leadership))
    return Signal(
        share(challenges.height - left.height, challenges.height), challenges.height, ids(left)
    )


def _decided(s: Scope) -> pl.DataFrame:
    return s.authority_decisions.filter(pl.col("adopted").list.len().fill_null(0) > 0)


def leader_adoption_rate(s: Scope) -> Signal:
    if not s.leadership:
        return missing("the scope had no leader in the window")
    ds = _decided(s)
    if ds.height == 0:
        return missing("no decision adopted a line in the window")
    mine = ds.filter(any_inside("adopted_authors", s.leadership))
    return Signal(share(mine.height, ds.height), ds.height, ids(mine))


def line_origin_diversity(s: Scope) -> Signal:
    if s.kind == "member":
        return missing(GROUP_ONLY)
    lines = _decided(s).select("id", "seq", "adopted_authors").explode("adopted_authors")
    lines = lines.filter(pl.col("adopted_authors").is_not_null())
    if lines.height == 0:
        return missing("no adopted line has a known author")
    other = lines.filter(~in_set("adopted_authors", s.leadership))
    return Signal(share(other.height, lines.height), lines.height, ids(other))


def unopposed_unanimity(s: Scope) -> Signal:
    if s.kind == "member":
        return missing(GROUP_ONLY)
    decisions = s.authority_decisions
    if decisions.height == 0:
        return missing("no decisions in the window")
    if not s.tables.has_types:
        return missing(NO_TYPES)
    hit = decisions.filter(pl.col("unanimous").fill_null(False) & ~pl.col("opposed"))
    return Signal(share(hit.height, decisions.height), decisions.height, ids(hit))


MIN_ALIGNMENT_BALLOTS = 2
"""A question counts for `leader_vote_alignment` when at least this many others voted on it."""


def leader_vote_alignment(s: Scope) -> Signal:
    """Others' ballots matching the leadership's choice, beyond the agreement chance gives.

    Per voted item (a question, or a statement of agree/disagree ballots) of a decided question
    where the leadership voted: observed = share of the others' ballots with the leadership's
    choice; expected = Σ p_c² over the others' choices (the chance that a ballot drawn from the
    others' own distribution matches them: what a leader of no weight would score). The value is
    Σ k·(observed − expected) / Σ k over the items, k = the others' ballots.
    """
    if s.kind == "member":
        return missing(GROUP_ONLY)
    if not s.leadership:
        return missing("the scope had no leader in the window")
    decided = s.authority_decisions["question"].drop_nulls().unique().to_list()
    v = (
        s.votes.filter(pl.col("question").is_in(decided))
        .with_columns(*ballot_cells(), in_set("actor", s.leadership).alias("lead"))
        .filter(CAST)
    )
    if v.height == 0:
        return missing("no votes on the decided questions in the window")
    # The leadership's choice per item: its most common one, the earliest on a tie.
    lead = (
        v.filter(pl.col("lead"))
        .group_by("item", "value")
        .agg(pl.len().alias("c"), pl.col("seq").min().alias("first"))
        .sort(["item", "c", "first"], descending=[False, True, False])
        .group_by("item", maintain_order=True)
        .agg(pl.col("value").first().alias("lead_value"))
    )
    others = v.filter(~pl.col("lead")).join(lead, on="item", how="inner")
    if others.height == 0:
        return missing("the leader voted on no decided question that others voted on")
    counts = others.group_by("item", "value").agg(
        pl.len().alias("c"), (pl.col("value") == pl.col("lead_value")).first().alias("match")
    )
    per_item = (
        counts.group_by("item")
        .agg(
            pl.col("c").sum().alias("k"),
            pl.col("c").filter(pl.col("match")).sum().alias("a"),
            (pl.col("c").cast(pl.Float64) ** 2).sum().alias("sq"),
        )
        .filter(pl.col("k") >= MIN_ALIGNMENT_BALLOTS)
    )
    if per_item.height == 0:
        return missing(
            f"no decided question where the leader and at least {MIN_ALIGNMENT_BALLOTS} "
            "others voted"
        )
    k = per_item["k"].cast(pl.Float64).to_numpy()
    excess = float((per_item["a"].to_numpy() - per_item["sq"].to_numpy() / k).sum())
    items = per_item["item"].to_list()
    matching = others.filter(
        pl.col("item").is_in(items) & (pl.col("value") == pl.col("lead_value"))
    ).sort("seq")
    return Signal(excess / float(k.sum()), int(k.sum()), ids(matching))


def _dissenters(s: Scope) -> dict[str, object]:
    """Member → time of their first dissent in the scope."""
    first: dict[str, object] = {}
    against = s.contrib.filter(
        (pl.col("type") == "reservation")
        | (pl.col("type").is_in(list(OBJECTING)) & in_set("target_author", s.leadership))
    )
    for actor, at in against.select("actor", "at").iter_rows():
        if actor is not None and (actor not in first or at < first[actor]):  # type: ignore[operator]
            first[actor] = at
    adopted = s.decisions.select("question", "adopted").explode("adopted").drop_nulls()
    losing = s.votes.filter(pl.col("choice").is_not_null()).join(
        adopted.group_by("question").agg(pl.col("adopted")), on="question", how="inner"
    )
    losing = losing.filter(~pl.col("adopted").list.contains(pl.col("choice")))
    for actor, at in losing.select("actor", "at").iter_rows():
        if actor is not None and (actor not in first or at < first[actor]):  # type: ignore[operator]
            first[actor] = at
    return first


def _fates(s: Scope) -> dict[str, list[tuple[object, str]]]:
    """Member → (time, event id) of each role lost or departure, once per window."""
    t = s.tables
    hit = t.cache.get("fates")
    if isinstance(hit, dict):
        return hit
    fates: dict[str, list[tuple[object, str]]] = {}
    for m, at, eid in t.roles.filter(~pl.col("assigned")).select("member", "at", "id").iter_rows():
        fates.setdefault(m, []).append((at, eid))
    for m, at, eid in t.departures.select("member", "at", "id").iter_rows():
        fates.setdefault(m, []).append((at, eid))
    t.cache["fates"] = fates
    return fates


def dissent_penalty(s: Scope) -> Signal:
    if s.kind == "member":
        return missing(GROUP_ONLY)
    dissent = _dissenters(s)
    active = s.contrib.group_by("actor").agg(pl.col("at").min())
    others = {a: at for a, at in active.iter_rows() if a is not None and a not in dissent}
    if not dissent:
        return missing("nobody dissented in the window")
    if not others:
        return missing("every active member dissented; there is no one to compare with")
    fates = _fates(s)

    def hit(member: str, since: object) -> str | None:
        for at, eid in fates.get(member, []):
            if since <= at <= since + DISSENT_HORIZON:  # type: ignore[operator]
                return eid
        return None

    punished = [e for m, at in dissent.items() if (e := hit(m, at))]
    control = [e for m, at in others.items() if (e := hit(m, at))]
    value = share(len(punished), len(dissent)) - share(len(control), len(others))
    return Signal(value, len(dissent), cap(sorted(punished)))
