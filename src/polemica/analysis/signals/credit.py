"""Credit: is credit and praise spread or concentrated; is work reused without acknowledgement?"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import polars as pl

from polemica.analysis.scopes import Scope
from polemica.analysis.signals.base import GROUP_ONLY, Signal, cap, ids, missing, share
from polemica.analysis.tables import REUSABLE, REUSE_MIN_WORDS, Tables
from polemica.analysis.text import containment, shingles

REUSE_MIN_CONTAINMENT = 0.6
"""An earlier contribution counts as reused when this share of its word 3-grams is in the text."""


def gini(values: list[float]) -> float:
    """The Gini coefficient of non-negative values (0: equal; → 1: one holds everything)."""
    x = np.sort(np.asarray(values, dtype=float))
    n = x.size
    if n == 0 or x.sum() == 0:
        return 0.0
    index = np.arange(1, n + 1)
    return float((2 * index - n - 1).dot(x) / (n * x.sum()))


def credit_concentration(s: Scope) -> Signal:
    if s.kind == "member":
        return missing(GROUP_ONLY)
    counts: Counter[str] = Counter(s.credits["member"].drop_nulls().to_list())
    for row in s.decisions["credits"].drop_nulls().to_list():
        counts.update(row)
    total = sum(counts.values())
    if total == 0:
        return missing("no credit was given in the window")
    people = set(s.members) | set(counts)
    value = gini([counts.get(p, 0) for p in sorted(people)])
    top = counts.most_common(1)[0][0]
    ev = s.credits.filter(pl.col("member") == top)
    return Signal(
        value, total, ids(ev) + ids(s.decisions.filter(pl.col("credits").list.contains(top)))
    )


def praise_concentration(s: Scope) -> Signal:
    if s.kind == "member":
        praised = s.tables.contrib.filter(pl.col("praise") & pl.col("target_author").is_not_null())
        if praised.height == 0:
            return missing("no praise aimed at a person in the window")
        mine = praised.filter(pl.col("target_author") == s.id)
        return Signal(share(mine.height, praised.height), praised.height, ids(mine))
    praised = s.contrib.filter(
        pl.col("praise")
        & pl.col("target_author").is_not_null()
        & (pl.col("actor") != pl.col("target_author"))
    )
    if praised.height == 0:
        return missing("no praise aimed at a person in the window")
    counts = (
        praised.group_by("target_author")
        .len()
        .sort(["len", "target_author"], descending=[True, False])
    )
    top = counts["target_author"][0]
    return Signal(
        int(counts["len"][0]) / praised.height,
        praised.height,
        ids(praised.filter(pl.col("target_author") == top)),
    )


def reuse_verdicts(t: Tables) -> dict[str, str]:
    """Decision id → the id of the contribution it reuses without acknowledgement (once per window).

    A decision is compared with the earlier contributions on its own question only; each of
    those is shingled once, and the shingles are dropped when the question is done.
    """
    hit = t.cache.get("reuse")
    if isinstance(hit, dict):
        return hit
    out: dict[str, str] = {}
    ds = t.decisions.filter(pl.col("text").is_not_null() | (pl.col("adopted").list.len() > 0))
    if ds.height:
        qs = ds["question"].drop_nulls().unique().to_list()
        pool = (
            t.contrib.filter(
                pl.col("question").is_in(qs)
                & pl.col("type").is_in(list(REUSABLE))
                & (pl.col("words") >= REUSE_MIN_WORDS)
            )
            .join(t.texts, on="cid", how="left", maintain_order="left")
            .select("cid", "id", "actor", "text", "seq", "words", "question")
        )
        texts = dict(zip(pool["cid"].to_list(), pool["text"].to_list(), strict=True))
        by_q: dict[str, list[tuple[str, str, str, int, int]]] = {}
        for cid, eid, actor, _text, seq, words, q in pool.iter_rows():
            by_q.setdefault(q, []).append((cid, eid, actor, seq, words))
        credited_for = set(t.credits["credit_for"].drop_nulls().to_list())
        decided: dict[str, list[dict[str, Any]]] = {}
        for row in ds.iter_rows(named=True):
            decided.setdefault(row["question"], []).append(row)
        for q, rows in decided.items():
            # Shingles are kept for one question at a time: decisions are compared only with
            # contributions on their own question.
            _reuse_on(rows, by_q.get(q, []), texts, credited_for, out)
    t.cache["reuse"] = out
    return out


def _reuse_on(
    rows: list[dict[str, Any]],
    pool: list[tuple[str, str, str, int, int]],
    texts: dict[str, str | None],
    credited_for: set[str],
    out: dict[str, str],
) -> None:
    sh: dict[str, frozenset[tuple[str, ...]]] = {}
    for row in rows:
        adopted = set(row["adopted"] or [])
        whole = shingles(" ".join([row["text"] or "", *(texts.get(a) or "" for a in adopted)]))
        owners = set(row["adopted_authors"] or []) | set(row["credits"] or []) | {row["actor"]}
        for cid, eid, actor, seq, words in pool:
            if seq >= row["seq"] or cid in adopted or actor in owners or cid in credited_for:
                continue
            if words < REUSE_MIN_WORDS or texts.get(cid) is None:
                continue
            if cid not in sh:
                sh[cid] = shingles(texts[cid] or "")
            if containment(sh[cid], whole) >= REUSE_MIN_CONTAINMENT:
                out[row["id"]] = eid
                break


def unacknowledged_reuse(s: Scope) -> Signal:
    if s.kind == "member":
        return missing(GROUP_ONLY)
    ds = s.decisions.filter(pl.col("text").is_not_null() | (pl.col("adopted").list.len() > 0))
    if ds.height == 0:
        return missing("no decisions with an adopted text in the window")
    verdicts = reuse_verdicts(s.tables)
    hits: list[str] = []
    count = 0
    for did in ds["id"].to_list():
        if did in verdicts:
            count += 1
            hits += [did, verdicts[did]]
    return Signal(share(count, ds.height), ds.height, cap(hits))


def erasure_rate(s: Scope) -> Signal:
    if s.kind == "member":
        return missing(GROUP_ONLY)
    total = s.erasures.height + s.contrib.height
    if total == 0:
        return missing("no contributions in the window")
    return Signal(share(s.erasures.height, total), total, ids(s.erasures))
