"""The event frame cut into typed tables for one window, with per-row facts precomputed.

Activity (contributions, questions, decisions, votes, …) is taken from inside the window; state
(bodies, memberships, roles, the authors of earlier contributions) from everything up to the
window's end, since a leader appointed before the window still leads inside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime

import polars as pl

from polemica.analysis.coordination import marker_masks
from polemica.analysis.text import bare_reason, lexicon_hits, load_lexicon, word_count
from polemica.analysis.window import Window

OBJECTING = ("objection", "criticism")
ANSWERING = ("answer", "objection", "amendment")
SUBSTANTIVE = (
    "position",
    "objection",
    "question",
    "answer",
    "amendment",
    "synthesis",
    "reading",
    "criticism",
    "self_criticism",
    "reservation",
)


@dataclass
class Lexicons:
    praise: list[str] = field(default_factory=lambda: load_lexicon("praise"))
    hostile: list[str] = field(default_factory=lambda: load_lexicon("hostile"))
    non_reasons: list[str] = field(default_factory=lambda: load_lexicon("non_reasons"))


@dataclass
class Tables:
    """One window of one log, as DataFrames (see docs/metrics.md, "Tables")."""

    window: Window
    first: datetime
    last: datetime
    contrib: pl.DataFrame
    questions: pl.DataFrame
    phases: pl.DataFrame
    decisions: pl.DataFrame
    votes: pl.DataFrame
    directives: pl.DataFrame
    applications: pl.DataFrame
    feedback: pl.DataFrame
    lines: pl.DataFrame
    credits: pl.DataFrame
    facts: pl.DataFrame
    erasures: pl.DataFrame
    roles: pl.DataFrame
    members: pl.DataFrame
    departures: pl.DataFrame
    bodies: pl.DataFrame
    has_types: bool = True
    cache: dict[str, object] = field(default_factory=dict)

    def frames(self) -> dict[str, pl.DataFrame]:
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if isinstance(getattr(self, f.name), pl.DataFrame)
        }


def _kind(lf: pl.LazyFrame, *kinds: str) -> pl.LazyFrame:
    return lf.filter(pl.col("kind").is_in(list(kinds)))


def _in(window: Window) -> pl.Expr:
    expr = pl.lit(True)
    if window.start is not None:
        expr = expr & (pl.col("at") >= window.start)
    if window.end is not None:
        expr = expr & (pl.col("at") <= window.end)
    return expr


def _upto(window: Window) -> pl.Expr:
    return pl.col("at") <= window.end if window.end is not None else pl.lit(True)


def _collect(*lfs: pl.LazyFrame) -> list[pl.DataFrame]:
    return pl.collect_all(list(lfs))


ENV = ["id", "seq", "at", "org", "body", "actor"]
USED_KINDS = (
    "contribution.posted",
    "question.opened",
    "question.closed",
    "question.phase_changed",
    "decision.taken",
    "vote.cast",
    "directive.issued",
    "directive.applied",
    "feedback.sent",
    "feedback.answered",
    "line.proposed",
    "credit.given",
    "fact.placed",
    "fact.reviewed",
    "contribution.redacted",
    "entity.renamed",
    "role.assigned",
    "role.revoked",
    "member.joined",
    "member.left",
    "body.created",
)


def build_tables(lf: pl.LazyFrame, window: Window, lexicons: Lexicons | None = None) -> Tables:
    """Collect the tables of `window` from the event frame `lf` (one pass per table)."""
    lex = lexicons or Lexicons()
    inside, upto = _in(window), _upto(window)
    # Decode the log once (the kinds the tables use, up to the window's end) and cut every table
    # from that: a lazy plan per table would scan and decode the file once per table.
    lf = lf.filter(pl.col("kind").is_in(list(USED_KINDS)) & upto).collect().lazy()
    span = lf.select(pl.col("at").min().alias("first"), pl.col("at").max().alias("last"))
    contrib_all = _kind(lf, "contribution.posted").filter(upto)
    authors = contrib_all.select(
        pl.col("subject").alias("target"),
        pl.col("actor").alias("target_author"),
        pl.col("type").alias("target_type"),
    )
    contrib = (
        contrib_all.filter(inside)
        .select(
            pl.col("subject").alias("cid"),
            *ENV,
            "question",
            "type",
            "target",
            "cites",
            "text",
            word_count("text").alias("words"),
            lexicon_hits("text", lex.praise).alias("praise"),
            lexicon_hits("text", lex.hostile).alias("hostile"),
        )
        .join(authors, on="target", how="left")
    )
    q_all = _kind(lf, "question.opened").filter(upto)
    # A question closed after it was opened counts as closed, with the closure's reason.
    closures = (
        _kind(lf, "question.closed")
        .group_by("subject")
        .agg(pl.col("reason").last().alias("closed_reason"))
        .rename({"subject": "qid"})
    )
    questions = (
        q_all.filter(inside)
        .select(pl.col("subject").alias("qid"), *ENV, "visibility", "reason", "title")
        .join(closures, on="qid", how="left")
        .with_columns(
            pl.when(pl.col("closed_reason").is_not_null())
            .then(pl.lit("closed"))
            .otherwise(pl.col("visibility"))
            .alias("visibility"),
            pl.coalesce("closed_reason", "reason").alias("reason"),
        )
        .drop("closed_reason")
        .with_columns(bare_reason(pl.col("reason"), lex.non_reasons).alias("bare_reason"))
    )
    phases = (
        _kind(lf, "question.phase_changed")
        .filter(upto)
        .select("question", "phase", "at", "body", "org", "id")
    )
    opened = q_all.select(pl.col("subject").alias("question"), pl.col("at").alias("opened_at"))
    decisions = (
        _kind(lf, "decision.taken")
        .filter(inside)
        .select(
            pl.col("subject").alias("did"),
            *ENV,
            "question",
            "adopted",
            "credits",
            "considered",
            "unanimous",
            "text",
            "method",
        )
        .join(opened, on="question", how="left")
    )
    votes = (
        _kind(lf, "vote.cast")
        .filter(inside)
        .select(*ENV, "question", "choice", "stance", "statement")
        .sort("seq")
        .unique(subset=["actor", "question", "statement"], keep="last", maintain_order=True)
    )
    directives = (
        _kind(lf, "directive.issued")
        .filter(inside)
        .select(pl.col("subject").alias("dirid"), *ENV, "decision", "to")
    )
    decision_text = _kind(lf, "decision.taken").select(
        pl.col("subject").alias("decision"), pl.col("text").alias("decision_text")
    )
    directive_all = _kind(lf, "directive.issued").select(
        pl.col("subject").alias("directive"),
        "decision",
        pl.col("body").alias("issuer"),
    )
    applications = (
        _kind(lf, "directive.applied")
        .filter(inside)
        .select(pl.col("subject").alias("appid"), *ENV, "directive", "text")
        .join(directive_all, on="directive", how="left")
        .join(decision_text, on="decision", how="left")
    )
    answers = (
        _kind(lf, "feedback.answered")
        .filter(upto)
        .group_by("feedback")
        .agg(pl.col("at").min().alias("answered_at"), pl.col("id").first().alias("answer_id"))
    )
    feedback = (
        _kind(lf, "feedback.sent")
        .filter(inside)
        .select(
            pl.col("subject").alias("fbid"),
            *ENV,
            pl.col("to").list.first().alias("to"),
            "regarding",
            "fb_kind",
        )
        .join(answers, left_on="fbid", right_on="feedback", how="left")
    )
    lines = (
        _kind(lf, "line.proposed")
        .filter(inside)
        .select(*ENV, pl.col("to").list.first().alias("to"), "text")
    )
    credits = _kind(lf, "credit.given").filter(inside).select(*ENV, "member", pl.col("credit_for"))
    facts = (
        _kind(lf, "fact.placed", "fact.reviewed")
        .filter(upto)
        .select(*ENV, "kind", "subject", "question", "fact")
    )
    erasures = (
        _kind(lf, "contribution.redacted", "entity.renamed")
        .filter(inside)
        .select(*ENV, "kind", "subject")
    )
    roles = (
        _kind(lf, "role.assigned", "role.revoked")
        .filter(upto)
        .select(*ENV, "member", "role", (pl.col("kind") == "role.assigned").alias("assigned"))
    )
    members = (
        _kind(lf, "member.joined")
        .filter(upto)
        .select(pl.col("subject").alias("member"), *ENV, "name", "delegation")
    )
    departures = (
        _kind(lf, "member.left").filter(upto).select(pl.col("subject").alias("member"), *ENV)
    )
    bodies = (
        _kind(lf, "body.created")
        .filter(upto)
        .select(pl.col("subject").alias("bid"), "org", "name", "parent", "level", "at")
    )
    out = _collect(
        span,
        contrib,
        questions,
        phases,
        decisions,
        votes,
        directives,
        applications,
        feedback,
        lines,
        credits,
        facts,
        erasures,
        roles,
        members,
        departures,
        bodies,
        authors,
    )
    (span_df, c, qs, ph, ds, vs, dirs, apps, fb, ln, cr, fa, er, ro, me, de, bo, au) = out
    # Every table in log order, so evidence lists (the first ids) need no sorting later.
    qs, ph, vs, dirs, apps, fb, ln, cr, fa, er, ro, me, de = (
        df.sort("seq") if "seq" in df.columns else df
        for df in (qs, ph, vs, dirs, apps, fb, ln, cr, fa, er, ro, me, de)
    )
    first = span_df["first"][0]
    last = span_df["last"][0]
    if first is None:
        raise ValueError("the log holds no events")
    c = _with_markers(_reply_facts(c)).sort("seq")
    ds = _adopted_authors(ds, au).sort("seq")
    has_types = c.height == 0 or bool((c["type"] != "remark").any())
    return Tables(
        window,
        first,
        last,
        c,
        qs,
        ph,
        ds,
        vs,
        dirs,
        apps,
        fb,
        ln,
        cr,
        fa,
        er,
        ro,
        me,
        de,
        bo,
        has_types,
    )


def _reply_facts(c: pl.DataFrame) -> pl.DataFrame:
    """Per contribution: who replied to it, who objected to it, whether someone answered it."""
    replies = c.filter(
        pl.col("target").is_not_null() & (pl.col("actor") != pl.col("target_author"))
    )
    agg = replies.group_by("target").agg(
        pl.col("actor").unique().alias("responders"),
        pl.col("actor").filter(pl.col("type").is_in(OBJECTING)).unique().alias("objectors"),
        pl.col("type").is_in(ANSWERING).any().alias("answered"),
        pl.col("id").filter(pl.col("type").is_in(OBJECTING)).alias("objection_ids"),
    )
    return c.join(agg, left_on="cid", right_on="target", how="left").with_columns(
        pl.col("responders").fill_null([]),
        pl.col("objectors").fill_null([]),
        pl.col("answered").fill_null(False),
        pl.col("objection_ids").fill_null([]),
    )


def _with_markers(c: pl.DataFrame) -> pl.DataFrame:
    """Each contribution's coordination marker classes (`m2`) and its target's (`m1`)."""
    masks = marker_masks(c["cid"], c["text"])
    parent = masks.rename({"uid": "target", "mask": "m1"})
    return c.join(masks.rename({"uid": "cid", "mask": "m2"}), on="cid", how="left").join(
        parent, on="target", how="left"
    )


def _adopted_authors(ds: pl.DataFrame, authors: pl.DataFrame) -> pl.DataFrame:
    """The authors of each decision's adopted contributions (from the whole log)."""
    if ds.height == 0:
        return ds.with_columns(pl.lit([], dtype=pl.List(pl.String)).alias("adopted_authors"))
    ex = (
        ds.select("did", "adopted")
        .explode("adopted")
        .join(authors, left_on="adopted", right_on="target", how="left")
        .group_by("did")
        .agg(pl.col("target_author").drop_nulls().unique().alias("adopted_authors"))
    )
    return ds.join(ex, on="did", how="left").with_columns(pl.col("adopted_authors").fill_null([]))
