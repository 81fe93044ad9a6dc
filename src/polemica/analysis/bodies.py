"""Body scopes: the signals that cost most per body, computed for every body at once.

A federation has thousands of bodies, most of them small, and a signal computed one body at a
time pays Polars' fixed cost per operation thousands of times. The functions here compute the
same signals with one group-by over all bodies. The per-scope functions in `signals/` stay the
definitions (docs/metrics.md): every function here returns exactly what its signal's own function
returns on each body scope, which tests/analysis/test_bodies.py checks on simulated
organizations of every regime. Organization and forum scopes still use the per-scope functions.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from polemica.analysis.coordination import _BIT, CATEGORIES
from polemica.analysis.scopes import Scope
from polemica.analysis.signals.authority import CHALLENGING, DISSENT_HORIZON, MIN_ALIGNMENT_BALLOTS
from polemica.analysis.signals.base import EVIDENCE_CAP, NO_TYPES, Signal, cap, missing, share
from polemica.analysis.signals.dialogue import NO_QUESTIONS_UNTYPED
from polemica.analysis.tables import CAST, OBJECTING, SUBSTANTIVE, Tables, ballot_cells

BodySignals = dict[str, dict[str, Signal]]
Batch = Callable[[Tables, list[Scope]], dict[str, Signal]]

NO_LEADER = "the scope had no leader in the window"


def _leadership(scopes: list[Scope], column: str, flag: str) -> pl.DataFrame:
    """(body, `column`, `flag`=True) for every member of every body scope's leadership."""
    rows = [(s.id, m) for s in scopes for m in sorted(s.leadership)]
    return pl.DataFrame(
        {"body": [r[0] for r in rows], column: [r[1] for r in rows], flag: [True] * len(rows)},
        schema={"body": pl.String, column: pl.String, flag: pl.Boolean},
    )


def _mark(df: pl.DataFrame, scopes: list[Scope], column: str, flag: str) -> pl.DataFrame:
    """`df` with `flag`: whether `column` holds a member of its body's leadership."""
    lead = _leadership(scopes, column, flag)
    return df.join(lead, on=["body", column], how="left", maintain_order="left").with_columns(
        pl.col(flag).fill_null(False)
    )


def _first_ids(df: pl.DataFrame) -> dict[str, tuple[str, ...]]:
    """Per body, the first EVIDENCE_CAP ids of `df` (already in log order)."""
    g = df.group_by("body", maintain_order=True).agg(pl.col("id").head(EVIDENCE_CAP))
    return {str(b): tuple(ids) for b, ids in g.iter_rows()}


def _inside(df: pl.DataFrame, scopes: list[Scope], column: str, name: str) -> pl.DataFrame:
    """`df` with `name`: how many members of its body's leadership the list `column` holds."""
    indexed = df.with_row_index("_row")
    lead = _leadership(scopes, column, "_hit")
    counts = (
        indexed.select("_row", "body", column)
        .explode(column)
        .join(lead, on=["body", column], how="inner")
        .group_by("_row")
        .len()
    )
    return (
        indexed.join(counts, on="_row", how="left", maintain_order="left")
        .with_columns(pl.col("len").fill_null(0).alias(name))
        .drop("_row", "len")
    )


Rates = dict[str, tuple[int, int, tuple[str, ...]]]


def _rates(df: pl.DataFrame, hit: pl.Expr, evidence: pl.Expr) -> Rates:
    """Per body: (rows, rows where `hit`, the first ids where `evidence`), in log order."""
    g = df.group_by("body", maintain_order=True).agg(
        pl.len().alias("n"),
        hit.sum().alias("k"),
        pl.col("id").filter(evidence).head(EVIDENCE_CAP).alias("ev"),
    )
    return {str(b): (int(n), int(k), tuple(ev)) for b, n, k, ev in g.iter_rows()}


def _rate_signals(
    scopes: list[Scope], rates: Rates, empty: str, out: dict[str, Signal] | None = None
) -> dict[str, Signal]:
    """Share k / n per scope with the evidence; `empty` when the scope has no rows."""
    out = {} if out is None else out
    for s in scopes:
        if s.id in out:
            continue
        n, k, ev = rates.get(s.id, (0, 0, ()))
        out[s.id] = Signal(share(k, n), n, ev) if n else missing(empty)
    return out


def _untyped(t: Tables, scopes: list[Scope]) -> dict[str, Signal] | None:
    return None if t.has_types else {s.id: missing(NO_TYPES) for s in scopes}


def _contrib(t: Tables, scopes: list[Scope]) -> pl.DataFrame:
    return t.contrib.filter(pl.col("body").is_in([s.id for s in scopes]))


def _replies() -> pl.Expr:
    return pl.col("target_author").is_not_null() & (pl.col("actor") != pl.col("target_author"))


def reply_share(t: Tables, scopes: list[Scope]) -> dict[str, Signal]:
    reply = _replies()
    rates = _rates(_contrib(t, scopes), reply.fill_null(False), reply.fill_null(False))
    return _rate_signals(scopes, rates, "no contributions in the window")


def reciprocity(t: Tables, scopes: list[Scope]) -> dict[str, Signal]:
    pairs = (
        _contrib(t, scopes)
        .filter(_replies())
        .group_by("body", "actor", "target_author")
        .agg(pl.col("id").min().alias("first"))
    )
    rev = pairs.select(
        "body", pl.col("target_author").alias("actor"), pl.col("actor").alias("target_author")
    )
    done = pairs.join(rev, on=["body", "actor", "target_author"], how="semi")
    n = dict(pairs.group_by("body").len().iter_rows())
    k = dict(done.group_by("body").len().iter_rows())
    firsts = dict(done.group_by("body").agg(pl.col("first").sort().head(EVIDENCE_CAP)).iter_rows())
    out: dict[str, Signal] = {}
    for s in scopes:
        total = int(n.get(s.id, 0))
        if not total:
            out[s.id] = missing("nobody replied to another member")
            continue
        ev = tuple(firsts.get(s.id, []))
        out[s.id] = Signal(share(int(k.get(s.id, 0)), total), total, ev)
    return out


def objection_answer_rate(t: Tables, scopes: list[Scope]) -> dict[str, Signal]:
    # An untyped source's questions are inferred (`tables.infer_questions`).
    asked = _contrib(t, scopes).filter(pl.col("type").is_in(["objection", "question"]))
    rates = _rates(asked, pl.col("answered"), ~pl.col("answered"))
    empty = "no objections or questions were raised" if t.has_types else NO_QUESTIONS_UNTYPED
    return _rate_signals(scopes, rates, empty)


def hostile_label_rate(t: Tables, scopes: list[Scope]) -> dict[str, Signal]:
    untyped = _untyped(t, scopes)
    if untyped is not None:
        return untyped
    responses = _contrib(t, scopes).filter(
        pl.col("target_type").is_in(list(OBJECTING)) & (pl.col("actor") != pl.col("target_author"))
    )
    rates = _rates(responses, pl.col("hostile"), pl.col("hostile"))
    return _rate_signals(scopes, rates, "nobody responded to an objection in the window")


def participation_breadth(t: Tables, scopes: list[Scope]) -> dict[str, Signal]:
    untyped = _untyped(t, scopes)
    if untyped is not None:
        return untyped
    c = _contrib(t, scopes)
    ours = pl.col("body").is_in([s.id for s in scopes])
    active = (
        pl.concat([c.select("body", "actor"), t.votes.filter(ours).select("body", "actor")])
        .drop_nulls()
        .unique()
        .group_by("body")
        .len()
    )
    argued = c.filter(pl.col("type").is_in(list(SUBSTANTIVE)))
    arguers = argued.select("body", "actor").drop_nulls().unique().group_by("body").len()
    evidence = _first_ids(argued)
    n_active, n_arguers = dict(active.iter_rows()), dict(arguers.iter_rows())
    out: dict[str, Signal] = {}
    for s in scopes:
        n = int(n_active.get(s.id, 0))
        if not n:
            out[s.id] = missing("no member contributed or voted")
        else:
            out[s.id] = Signal(int(n_arguers.get(s.id, 0)) / n, n, evidence.get(s.id, ()))
    return out


def leader_voice_share(t: Tables, scopes: list[Scope]) -> dict[str, Signal]:
    out: dict[str, Signal] = {}
    led = _led(scopes, out)
    c = _mark(_contrib(t, led), led, "actor", "lead")
    g = c.group_by("body", maintain_order=True).agg(
        pl.col("words").sum().alias("total"),
        pl.col("words").filter(pl.col("lead")).sum().alias("own"),
        pl.col("id").filter(pl.col("lead")).head(EVIDENCE_CAP).alias("ev"),
    )
    words = {str(b): (int(total), int(own), tuple(ev)) for b, total, own, ev in g.iter_rows()}
    for s in led:
        total, own, ev = words.get(s.id, (0, 0, ()))
        out[s.id] = (
            Signal(own / total, total, ev) if total else missing("no words were contributed")
        )
    return out


def leader_challenge_rate(t: Tables, scopes: list[Scope]) -> dict[str, Signal]:
    out: dict[str, Signal] = {}
    led = _led_typed(t, scopes, out)
    pos = _mark(_contrib(t, led).filter(pl.col("type") == "position"), led, "actor", "lead")
    pos = _inside(pos.filter(pl.col("lead")), led, "objectors", "inside")
    # A person is challenged by anyone else: an objector outside the leadership.
    outside = pl.col("objectors").list.len() > pl.col("inside")
    n = dict(pos.group_by("body").len().iter_rows())
    challenged = pos.filter(outside)
    k = dict(challenged.group_by("body").len().iter_rows())
    evidence: dict[str, list[str]] = {}
    for body, row in challenged.select("body", "objection_ids").iter_rows():
        evidence.setdefault(body, []).extend(row)
    for s in led:
        total = int(n.get(s.id, 0))
        if not total:
            out[s.id] = missing("the leader proposed no position in the window")
        else:
            ev = cap(evidence.get(s.id, []))
            out[s.id] = Signal(share(int(k.get(s.id, 0)), total), total, ev)
    return out


def leader_answer_rate(t: Tables, scopes: list[Scope]) -> dict[str, Signal]:
    out: dict[str, Signal] = {}
    led = _led_typed(t, scopes, out)
    c = _contrib(t, led).filter(
        pl.col("type").is_in(list(CHALLENGING)) & pl.col("actor").is_not_null()
    )
    c = _mark(_mark(c, led, "target_author", "to_lead"), led, "actor", "by_lead")
    challenges = _inside(
        c.filter(pl.col("to_lead") & ~pl.col("by_lead")), led, "responders", "inside"
    )
    answered = pl.col("inside") > 0
    rates = _rates(challenges, answered, ~answered)
    return _rate_signals(
        led, rates, "nobody objected to the leader, so there was nothing to answer", out
    )


def _adopting(t: Tables, scopes: list[Scope]) -> pl.DataFrame:
    return t.decisions.filter(
        pl.col("body").is_in([s.id for s in scopes])
        & (pl.col("adopted").list.len().fill_null(0) > 0)
    )


def leader_adoption_rate(t: Tables, scopes: list[Scope]) -> dict[str, Signal]:
    out: dict[str, Signal] = {}
    led = _led(scopes, out)
    ds = _inside(_adopting(t, led), led, "adopted_authors", "inside")
    mine = pl.col("inside") > 0
    return _rate_signals(
        led, _rates(ds, mine, mine), "no decision adopted a line in the window", out
    )


def line_origin_diversity(t: Tables, scopes: list[Scope]) -> dict[str, Signal]:
    lines = (
        _adopting(t, scopes)
        .select("body", "id", "seq", "adopted_authors")
        .explode("adopted_authors")
        .filter(pl.col("adopted_authors").is_not_null())
    )
    lines = _mark(lines, scopes, "adopted_authors", "lead")
    rates = _rates(lines, ~pl.col("lead"), ~pl.col("lead"))
    return _rate_signals(scopes, rates, "no adopted line has a known author")


def praise_concentration(t: Tables, scopes: list[Scope]) -> dict[str, Signal]:
    praised = _contrib(t, scopes).filter(
        pl.col("praise")
        & pl.col("target_author").is_not_null()
        & (pl.col("actor") != pl.col("target_author"))
    )
    # The most praised person per body: the most praise, the first by id on a tie.
    top = (
        praised.group_by("body", "target_author")
        .len()
        .sort(["body", "len", "target_author"], descending=[False, True, False])
        .group_by("body", maintain_order=True)
        .first()
    )
    n = dict(praised.group_by("body").len().iter_rows())
    counts = {str(b): int(k) for b, _, k in top.iter_rows()}
    evidence = _first_ids(
        praised.join(
            top.select("body", "target_author"),
            on=["body", "target_author"],
            how="semi",
            maintain_order="left",
        )
    )
    out: dict[str, Signal] = {}
    for s in scopes:
        total = int(n.get(s.id, 0))
        if not total:
            out[s.id] = missing("no praise aimed at a person in the window")
        else:
            out[s.id] = Signal(counts[s.id] / total, total, evidence.get(s.id, ()))
    return out


def erasure_rate(t: Tables, scopes: list[Scope]) -> dict[str, Signal]:
    contributed = dict(_contrib(t, scopes).group_by("body").len().iter_rows())
    erased = t.erasures.filter(pl.col("body").is_in([s.id for s in scopes]))
    erasures = dict(erased.group_by("body").len().iter_rows())
    evidence = _first_ids(erased)
    out: dict[str, Signal] = {}
    for s in scopes:
        e = int(erasures.get(s.id, 0))
        total = e + int(contributed.get(s.id, 0))
        if not total:
            out[s.id] = missing("no contributions in the window")
        else:
            out[s.id] = Signal(share(e, total), total, evidence.get(s.id, ()))
    return out


def _led_typed(t: Tables, scopes: list[Scope], out: dict[str, Signal]) -> list[Scope]:
    """The scopes with a leadership in a typed source; the others get their reason in `out`."""
    led = _led(scopes, out)
    if not t.has_types:
        out.update((s.id, missing(NO_TYPES)) for s in led)
        return []
    return led


def _led(scopes: list[Scope], out: dict[str, Signal]) -> list[Scope]:
    """The scopes with a leadership; the others get the no-leader reason in `out`."""
    for s in scopes:
        if not s.leadership:
            out[s.id] = missing(NO_LEADER)
    return [s for s in scopes if s.leadership]


def leader_vote_alignment(t: Tables, scopes: list[Scope]) -> dict[str, Signal]:
    out: dict[str, Signal] = {}
    led = _led(scopes, out)
    decided = t.decisions.select("body", "question").drop_nulls().unique()
    v = (
        t.votes.filter(pl.col("body").is_in([s.id for s in led]))
        .join(decided, on=["body", "question"], how="semi", maintain_order="left")
        .with_columns(ballot_cells())
        .filter(CAST)
    )
    v = _mark(v, led, "actor", "lead")
    lead = (
        v.filter(pl.col("lead"))
        .group_by("body", "item", "value")
        .agg(pl.len().alias("c"), pl.col("seq").min().alias("first"))
        .sort(["body", "item", "c", "first"], descending=[False, False, True, False])
        .group_by("body", "item", maintain_order=True)
        .agg(pl.col("value").first().alias("lead_value"))
    )
    others = v.filter(~pl.col("lead")).join(lead, on=["body", "item"], how="inner")
    per_item = (
        others.group_by("body", "item", "value")
        .agg(pl.len().alias("c"), (pl.col("value") == pl.col("lead_value")).first().alias("m"))
        .group_by("body", "item")
        .agg(
            pl.col("c").sum().alias("k"),
            pl.col("c").filter(pl.col("m")).sum().alias("a"),
            (pl.col("c").cast(pl.Float64) ** 2).sum().alias("sq"),
        )
        .filter(pl.col("k") >= MIN_ALIGNMENT_BALLOTS)
    )
    per_body = per_item.group_by("body").agg(
        (pl.col("a") - pl.col("sq") / pl.col("k").cast(pl.Float64)).sum().alias("excess"),
        pl.col("k").sum().alias("k"),
    )
    matching = (
        others.join(per_item.select("body", "item"), on=["body", "item"], how="semi")
        .filter(pl.col("value") == pl.col("lead_value"))
        .sort("seq")
    )
    evidence = _first_ids(matching)
    values = {str(b): (float(e), int(k)) for b, e, k in per_body.iter_rows()}
    voted, answered = set(v["body"].to_list()), set(others["body"].to_list())
    for s in led:
        if s.id in values:
            e, k = values[s.id]
            out[s.id] = Signal(e / float(k), k, evidence.get(s.id, ()))
        elif s.id not in voted:
            out[s.id] = missing("no votes on the decided questions in the window")
        elif s.id not in answered:
            out[s.id] = missing("the leader voted on no decided question that others voted on")
        else:
            out[s.id] = missing(
                f"no decided question where the leader and at least {MIN_ALIGNMENT_BALLOTS} "
                "others voted"
            )
    return out


def _coordination(t: Tables, scopes: list[Scope], towards: bool) -> dict[str, Signal]:
    """As `signals.coordination`: ConvoKit's scores with its default thresholds (a class counts
    for a speaker once 3 of the replied-to utterances use it), aggregate 3 over the speakers."""
    out: dict[str, Signal] = {}
    led = _led(scopes, out)
    c = t.contrib.filter(
        pl.col("body").is_in([s.id for s in led]) & pl.col("m1").is_not_null()
    ).select("body", "id", "actor", "target_author", "m1", "m2")
    c = _mark(c, led, "actor", "by_lead")
    c = _mark(c, led, "target_author", "to_lead")
    if towards:
        r = c.filter(pl.col("to_lead") & pl.col("actor").is_not_null() & ~pl.col("by_lead"))
    else:
        r = c.filter(pl.col("by_lead") & pl.col("target_author").is_not_null() & ~pl.col("to_lead"))
    evidence = _first_ids(r)
    rows = dict(r.group_by("body").len().iter_rows())
    sums: list[pl.Expr] = [pl.len().alias("n")]
    for cat in CATEGORIES:
        in1 = (pl.col("m1").cast(pl.Int64) & _BIT[cat]) > 0
        in2 = (pl.col("m2").cast(pl.Int64) & _BIT[cat]) > 0
        sums += [
            in1.sum().alias(f"o{cat}"),
            in2.sum().alias(f"t{cat}"),
            (in1 & in2).sum().alias(f"c{cat}"),
        ]
    per_speaker = (
        r.filter(pl.col("actor") != pl.col("target_author"))
        .group_by("body", "actor")
        .agg(sums)
        .sort("body", "actor")
    )
    means: dict[str, list[float]] = {}
    for row in per_speaker.iter_rows(named=True):
        vals = [
            row[f"c{cat}"] / row[f"o{cat}"] - row[f"t{cat}"] / row["n"]
            for cat in CATEGORIES
            if row[f"o{cat}"] >= 3
        ]
        if vals:
            means.setdefault(row["body"], []).append(sum(vals) / len(vals))
    for s in led:
        m = means.get(s.id)
        if m:
            out[s.id] = Signal(sum(m) / len(m), len(m), evidence.get(s.id, ()))
        else:
            out[s.id] = missing(
                "too few replies between the leader and the others to score any marker "
                "(a marker needs 3 replied-to uses)",
                int(rows.get(s.id, 0)),
            )
    return out


def coordination_to_leader(t: Tables, scopes: list[Scope]) -> dict[str, Signal]:
    return _coordination(t, scopes, towards=True)


def coordination_from_leader(t: Tables, scopes: list[Scope]) -> dict[str, Signal]:
    return _coordination(t, scopes, towards=False)


def dissent_penalty(t: Tables, scopes: list[Scope]) -> dict[str, Signal]:
    ours = pl.col("body").is_in([s.id for s in scopes])
    c = _mark(t.contrib.filter(ours), scopes, "target_author", "at_lead")
    against = c.filter(
        (pl.col("type") == "reservation")
        | (pl.col("type").is_in(list(OBJECTING)) & pl.col("at_lead"))
    ).select("body", "actor", "at")
    adopted = (
        t.decisions.filter(ours)
        .select("body", "question", "adopted")
        .explode("adopted")
        .drop_nulls(["question", "adopted"])
        .group_by("body", "question")
        .agg(pl.col("adopted"))
    )
    losing = (
        t.votes.filter(ours & pl.col("choice").is_not_null())
        .join(adopted, on=["body", "question"], how="inner")
        .filter(~pl.col("adopted").list.contains(pl.col("choice")))
        .select("body", "actor", "at")
    )
    dissent = (
        pl.concat([against, losing])
        .filter(pl.col("actor").is_not_null())
        .group_by("body", "actor")
        .agg(pl.col("at").min().alias("since"))
    )
    others = (
        c.filter(pl.col("actor").is_not_null())
        .group_by("body", "actor")
        .agg(pl.col("at").min().alias("since"))
        .join(dissent, on=["body", "actor"], how="anti")
    )
    # Each member's roles lost and departures, in that order (as `_fates`); the first inside
    # the horizon after the member's dissent (or first activity) is the one that counts.
    fates = pl.concat(
        [
            t.roles.filter(~pl.col("assigned")).select("member", "at", "id"),
            t.departures.select("member", "at", "id"),
        ]
    ).with_row_index("order")

    def hits(who: pl.DataFrame) -> pl.DataFrame:
        return (
            who.join(fates, left_on="actor", right_on="member", how="inner")
            .filter(
                (pl.col("at") >= pl.col("since"))
                & (pl.col("at") <= pl.col("since") + DISSENT_HORIZON)
            )
            .group_by("body", "actor")
            .agg(pl.col("id").sort_by("order").first())
        )

    punished = hits(dissent).group_by("body").agg(pl.col("id"))
    control = dict(hits(others).group_by("body").len().iter_rows())
    n_dissent = dict(dissent.group_by("body").len().iter_rows())
    n_others = dict(others.group_by("body").len().iter_rows())
    evidence = {str(b): ids for b, ids in punished.iter_rows()}
    out: dict[str, Signal] = {}
    for s in scopes:
        d, o = int(n_dissent.get(s.id, 0)), int(n_others.get(s.id, 0))
        if not d:
            out[s.id] = missing("nobody dissented in the window")
        elif not o:
            out[s.id] = missing("every active member dissented; there is no one to compare with")
        else:
            p = evidence.get(s.id, [])
            value = share(len(p), d) - share(int(control.get(s.id, 0)), o)
            out[s.id] = Signal(value, d, cap(sorted(p)))
    return out


BATCHED: dict[str, Batch] = {
    "reply_share": reply_share,
    "reciprocity": reciprocity,
    "objection_answer_rate": objection_answer_rate,
    "leader_voice_share": leader_voice_share,
    "participation_breadth": participation_breadth,
    "leader_challenge_rate": leader_challenge_rate,
    "leader_answer_rate": leader_answer_rate,
    "leader_adoption_rate": leader_adoption_rate,
    "line_origin_diversity": line_origin_diversity,
    "hostile_label_rate": hostile_label_rate,
    "praise_concentration": praise_concentration,
    "erasure_rate": erasure_rate,
    "leader_vote_alignment": leader_vote_alignment,
    "coordination_to_leader": coordination_to_leader,
    "coordination_from_leader": coordination_from_leader,
    "dissent_penalty": dissent_penalty,
}


def body_signals(t: Tables, scopes: list[Scope]) -> BodySignals:
    """Body id → the BATCHED signals of that body scope."""
    bodies = [s for s in scopes if s.kind == "body"]
    out: BodySignals = {s.id: {} for s in bodies}
    if not bodies:
        return out
    for name, fn in BATCHED.items():
        for body, signal in fn(t, bodies).items():
            out[body][name] = signal
    return out
