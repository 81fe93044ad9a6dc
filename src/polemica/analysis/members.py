"""Member scopes, computed for all members at once (group-bys, not one pass per member).

Each member is the "leadership" of its own scope: the signals say how this person's positions are
challenged, answered and adopted, how they speak and reply, and how others echo them. Signals that
are properties of a group are null with the reason `GROUP_ONLY`. Definitions: docs/metrics.md.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import polars as pl

from polemica.analysis.coordination import _BIT, CATEGORIES
from polemica.analysis.signals import SIGNALS
from polemica.analysis.signals.authority import CHALLENGING
from polemica.analysis.signals.base import EVIDENCE_CAP, GROUP_ONLY, NO_TYPES, Signal, missing
from polemica.analysis.tables import OBJECTING, Tables

MemberSignals = dict[str, dict[str, Signal]]


def _rate(
    df: pl.DataFrame, key: str, hit: pl.Expr, evidence: pl.Expr, reason: str
) -> dict[str, Signal]:
    """Per `key`: share of rows where `hit`, n = rows, evidence = ids where `evidence` holds."""
    if df.height == 0:
        return {}
    g = df.group_by(key).agg(
        pl.len().alias("n"),
        hit.sum().alias("k"),
        pl.col("id").filter(evidence).head(EVIDENCE_CAP).alias("ev"),
    )
    return {
        str(m): Signal(k / n, n, tuple(ev)) if n else missing(reason)
        for m, n, k, ev in g.select(key, "n", "k", "ev").iter_rows()
        if m is not None
    }


def member_signals(t: Tables) -> MemberSignals:
    c = t.contrib
    members = sorted(set(c["actor"].drop_nulls()) | set(t.votes["actor"].drop_nulls()))
    out: MemberSignals = {m: {} for m in members}
    reply = pl.col("target_author").is_not_null() & (pl.col("actor") != pl.col("target_author"))
    computed: dict[str, dict[str, Signal]] = {
        "reply_share": _rate(c, "actor", reply, reply, "no contributions in the window"),
        "reciprocity": _reciprocity(c),
        "leader_voice_share": _voice(c),
        "leader_adoption_rate": _adoption(t),
        "praise_concentration": _praise(c),
        "feedback_answer_rate": _rate(
            t.feedback,
            "actor",
            pl.col("answered_at").is_not_null(),
            pl.col("answered_at").is_null(),
            "no feedback was sent in the window",
        ),
        "feedback_answer_days": _feedback_days(t),
        "coordination_to_leader": _coordination(c, towards=True),
        "coordination_from_leader": _coordination(c, towards=False),
    }
    # An untyped source's questions are inferred (`tables.infer_questions`).
    asked = c.filter(pl.col("type").is_in(["objection", "question"]))
    computed["objection_answer_rate"] = _rate(
        asked, "actor", pl.col("answered"), ~pl.col("answered"), ""
    )
    if t.has_types:
        positions = c.filter(pl.col("type") == "position")
        objected = pl.col("objectors").list.len() > 0
        challenged = _rate(positions, "actor", objected, pl.lit(False), "")
        ev = (
            positions.filter(objected)
            .group_by("actor")
            .agg(
                pl.col("objection_ids")
                .list.explode(keep_nulls=False, empty_as_null=False)
                .head(EVIDENCE_CAP)
            )
        )
        evidence = dict(zip(ev["actor"].to_list(), ev["objection_ids"].to_list(), strict=True))
        computed["leader_challenge_rate"] = {
            m: Signal(s.value, s.n, tuple(evidence.get(m, []))) for m, s in challenged.items()
        }
        challenges = c.filter(
            pl.col("type").is_in(list(CHALLENGING))
            & pl.col("target_author").is_not_null()
            & (pl.col("actor") != pl.col("target_author"))
        )
        answered = pl.col("responders").list.contains(pl.col("target_author"))
        computed["leader_answer_rate"] = _rate(challenges, "target_author", answered, ~answered, "")
        responses = c.filter(
            pl.col("target_type").is_in(list(OBJECTING))
            & (pl.col("actor") != pl.col("target_author"))
        )
        computed["hostile_label_rate"] = _rate(
            responses, "actor", pl.col("hostile"), pl.col("hostile"), ""
        )
    absent = _absent_reasons(t)
    for m in members:
        for name in SIGNALS:
            got = computed.get(name, {}).get(m)
            out[m][name] = got if got is not None else missing(absent.get(name, GROUP_ONLY))
    return out


def _absent_reasons(t: Tables) -> dict[str, str]:
    """Why a member-level signal has no value for a member who has no rows for it."""
    typed = "" if t.has_types else NO_TYPES
    return {
        "reply_share": "no contributions in the window",
        "reciprocity": "the member replied to nobody",
        "objection_answer_rate": "the member raised no objection or question",
        "leader_voice_share": "the member contributed no words",
        "leader_challenge_rate": typed or "the member proposed no position in the window",
        "leader_answer_rate": typed
        or "nobody objected to the member, so there was nothing to answer",
        "leader_adoption_rate": "no decision on a question the member took part in",
        "praise_concentration": "no praise aimed at a person in the window",
        "feedback_answer_rate": "the member sent no feedback in the window",
        "feedback_answer_days": "none of the member's feedback was answered",
        "coordination_to_leader": "too few replies to the member to score any marker",
        "coordination_from_leader": "too few replies by the member to score any marker",
        "hostile_label_rate": typed or "the member responded to no objection",
    }


def _reciprocity(c: pl.DataFrame) -> dict[str, Signal]:
    replies = c.filter(
        pl.col("target_author").is_not_null() & (pl.col("actor") != pl.col("target_author"))
    )
    # Evidence in log order: each pair's first reply, pairs by the time of that reply.
    pairs = (
        replies.group_by("actor", "target_author")
        .agg(pl.col("id").sort_by("seq").first().alias("first"), pl.col("seq").min())
        .sort("seq")
    )
    back = pairs.select(
        pl.col("target_author").alias("actor"), pl.col("actor").alias("target_author")
    ).with_columns(pl.lit(True).alias("back"))
    pairs = pairs.join(
        back, on=["actor", "target_author"], how="left", maintain_order="left"
    ).with_columns(pl.col("back").fill_null(False))
    return _rate(pairs.rename({"first": "id"}), "actor", pl.col("back"), pl.col("back"), "")


def _voice(c: pl.DataFrame) -> dict[str, Signal]:
    per_q = c.group_by("question").agg(pl.col("words").sum().alias("qwords"))
    own = c.group_by("actor", "question").agg(pl.col("words").sum().alias("w"))
    both = (
        own.join(per_q, on="question")
        .group_by("actor")
        .agg(pl.col("w").sum(), pl.col("qwords").sum())
    )
    ev = c.group_by("actor").agg(pl.col("id").head(EVIDENCE_CAP))
    evidence = dict(zip(ev["actor"].to_list(), ev["id"].to_list(), strict=True))
    return {
        m: Signal(w / q, int(q), tuple(evidence.get(m, [])))
        for m, w, q in both.iter_rows()
        if m is not None and q
    }


def _adoption(t: Tables) -> dict[str, Signal]:
    ds = t.decisions.filter(pl.col("adopted").list.len().fill_null(0) > 0)
    if ds.height == 0:
        return {}
    took = t.contrib.select("actor", "question").unique()
    rows = ds.select("id", "seq", "question", "adopted_authors").join(took, on="question")
    mine = pl.col("adopted_authors").list.contains(pl.col("actor"))
    return _rate(rows.sort("seq"), "actor", mine, mine, "")


def _praise(c: pl.DataFrame) -> dict[str, Signal]:
    praised = c.filter(pl.col("praise") & pl.col("target_author").is_not_null())
    total = praised.height
    if total == 0:
        return {}
    g = praised.group_by("target_author").agg(pl.len(), pl.col("id").head(EVIDENCE_CAP))
    return {m: Signal(k / total, total, tuple(ev)) for m, k, ev in g.iter_rows()}


def _feedback_days(t: Tables) -> dict[str, Signal]:
    fb = t.feedback.filter(pl.col("answered_at").is_not_null())
    if fb.height == 0:
        return {}
    g = (
        fb.with_columns(
            ((pl.col("answered_at") - pl.col("at")).dt.total_seconds() / 86400).alias("days")
        )
        .group_by("actor")
        .agg(pl.len(), pl.col("days").median(), pl.col("id").head(EVIDENCE_CAP))
    )
    return {m: Signal(float(d), n, tuple(ev)) for m, n, d, ev in g.iter_rows() if m}


def _coordination(c: pl.DataFrame, *, towards: bool) -> dict[str, Signal]:
    """Others' coordination towards each member (towards) or the member's towards others."""
    r = c.filter(
        pl.col("target_author").is_not_null()
        & (pl.col("actor") != pl.col("target_author"))
        & pl.col("m1").is_not_null()
    )
    if r.height == 0:
        return {}
    # Towards m: each speaker's score over its replies to m, then the mean over speakers
    # (aggregate 3). From m: m's score over all its replies (one speaker).
    keys = ["actor", "target_author"] if towards else ["actor"]
    exprs: list[pl.Expr] = [pl.len().alias("n")]
    for cat in CATEGORIES:
        bit = _BIT[cat]
        in1 = (pl.col("m1").cast(pl.Int64) & bit) > 0
        in2 = (pl.col("m2").cast(pl.Int64) & bit) > 0
        exprs += [
            in2.sum().alias(f"t_{cat}"),
            in1.sum().alias(f"o_{cat}"),
            (in1 & in2).sum().alias(f"c_{cat}"),
        ]
    g = r.group_by(keys).agg(exprs)
    owner = "target_author" if towards else "actor"
    per_speaker: dict[str, list[float]] = defaultdict(list)
    n = g["n"].to_numpy()
    means = np.zeros(g.height)
    counts = np.zeros(g.height)
    for cat in CATEGORIES:
        total = g[f"o_{cat}"].to_numpy()
        ok = total >= 3
        value = np.where(
            ok, g[f"c_{cat}"].to_numpy() / np.maximum(total, 1) - g[f"t_{cat}"].to_numpy() / n, 0.0
        )
        means += value
        counts += ok
    for m, s, k in zip(g[owner].to_list(), means.tolist(), counts.tolist(), strict=True):
        if k:
            per_speaker[m].append(s / k)
    ev = r.group_by("target_author" if towards else "actor").agg(pl.col("id").head(EVIDENCE_CAP))
    evidence = dict(zip(ev[ev.columns[0]].to_list(), ev["id"].to_list(), strict=True))
    return {
        m: Signal(sum(v) / len(v), len(v), tuple(evidence.get(m, [])))
        for m, v in per_speaker.items()
    }
