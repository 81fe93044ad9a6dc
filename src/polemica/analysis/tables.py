"""The event frame cut into typed tables for one window, with per-row facts precomputed.

Activity (contributions, questions, decisions, votes, …) is taken from inside the window; state
(bodies, memberships, roles, the authors of earlier contributions) from everything up to the
window's end, since a leader appointed before the window still leads inside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import datetime

import polars as pl

from polemica.analysis.coordination import marker_masks
from polemica.analysis.frame import decode, is_raw
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


REUSE_MIN_WORDS = 6
REUSABLE = (
    "position",
    "amendment",
    "synthesis",
    "reading",
    "answer",
    "criticism",
    "self_criticism",
    "remark",
)
"""Types that carry a line or an idea someone could take over; supports and questions do not."""


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
    """False for a source whose contributions are all untyped remarks (imported archives); its
    questions and their answers are then inferred from the structure (`infer_questions`)."""
    # The texts `unacknowledged_reuse` compares (cid, text): reusable contributions of at least
    # REUSE_MIN_WORDS words on the questions decided in the window. `contrib` keeps no text (it
    # was a third of the tables' memory and nothing else reads it once words, lexicon hits and
    # markers are counted).
    texts: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(schema={"cid": pl.String, "text": pl.String})
    )
    cache: dict[str, object] = field(default_factory=dict)

    def frames(self) -> dict[str, pl.DataFrame]:
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if isinstance(getattr(self, f.name), pl.DataFrame)
        }


def ballot_cells() -> list[pl.Expr]:
    """A ballot's `item` (its question, or question and statement for agree/disagree ballots) and
    its `value` (the choice, or the stance): the cells of the vote matrix."""
    return [
        pl.concat_str(
            [pl.col("question").fill_null(""), pl.col("statement").fill_null("")], separator="|"
        ).alias("item"),
        pl.coalesce("choice", "stance").alias("value"),
    ]


CAST = pl.col("value").is_not_null() & pl.col("actor").is_not_null()
"""The ballots that fill a cell: a value from a known voter."""


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


# The `data` fields each kind's tables read: a stored log is decoded kind by kind with only these.
FIELDS: dict[str, tuple[str, ...]] = {
    "contribution.posted": ("question", "type", "text", "target", "cites"),
    "question.opened": ("visibility", "reason", "title"),
    "question.closed": ("reason",),
    "question.phase_changed": ("question", "phase"),
    "decision.taken": (
        "question",
        "adopted",
        "credits",
        "considered",
        "unanimous",
        "text",
        "method",
    ),
    "vote.cast": ("question", "ballot"),
    # A secret ballot names its voter and no choice (its `ballot` reads as null), so it counts
    # for participation only; what was chosen is published without voters (docs/metrics.md).
    "vote.sealed": ("question", "ballot"),
    "directive.issued": ("decision", "to"),
    "directive.applied": ("directive", "text"),
    "feedback.sent": ("to", "regarding", "kind"),
    "feedback.answered": ("feedback",),
    "line.proposed": ("to", "text"),
    "credit.given": ("member", "for"),
    "fact.placed": ("question", "fact"),
    "fact.reviewed": ("question", "fact"),
    "contribution.redacted": (),
    "entity.renamed": (),
    "role.assigned": ("member", "role"),
    "role.revoked": ("member", "role"),
    "member.joined": ("name", "delegation"),
    "member.left": (),
    "body.created": ("name", "parent", "level"),
    "body.moved": ("parent",),
}
USED_KINDS = tuple(FIELDS)


def _source(lf: pl.LazyFrame, upto: pl.Expr) -> Callable[..., pl.LazyFrame]:
    """`of(*kinds)`: the events of those kinds up to the window's end, with their data columns.

    A stored log (`frame.scan_raw`) is decoded kind by kind with only the fields the tables read:
    decoding every field of every event at once held several times the tables' memory. A frame
    already decoded is collected once and cut, so it is not decoded again per table.
    """
    if is_raw(lf):
        raw = lf

        def of(*kinds: str) -> pl.LazyFrame:
            fields = {f for k in kinds for f in FIELDS[k]}
            return decode(raw.filter(pl.col("kind").is_in(list(kinds)) & upto), sorted(fields))

        return of
    done = lf.filter(pl.col("kind").is_in(list(USED_KINDS)) & upto).collect().lazy()

    def cut(*kinds: str) -> pl.LazyFrame:
        return done.filter(pl.col("kind").is_in(list(kinds)))

    return cut


def build_tables(lf: pl.LazyFrame, window: Window, lexicons: Lexicons | None = None) -> Tables:
    """Collect the tables of `window` from an event frame, stored (`scan_raw`) or decoded."""
    lex = lexicons or Lexicons()
    inside, upto = _in(window), _upto(window)
    _kind = _source(lf, upto)
    span = lf.filter(pl.col("kind").is_in(list(USED_KINDS)) & upto).select(
        pl.col("at").min().alias("first"), pl.col("at").max().alias("last")
    )
    contrib_all = _kind("contribution.posted")
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
        .join(authors, on="target", how="left", maintain_order="left")
    )
    q_all = _kind("question.opened").filter(upto)
    # A question closed after it was opened counts as closed, with the closure's reason.
    closures = (
        _kind("question.closed")
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
        _kind("question.phase_changed")
        .filter(upto)
        .select("question", "phase", "at", "body", "org", "id")
    )
    opened = q_all.select(pl.col("subject").alias("question"), pl.col("at").alias("opened_at"))
    decisions = (
        _kind("decision.taken")
        .filter(inside)
        .select(
            pl.col("subject").alias("did"),
            *ENV,
            *FIELDS["decision.taken"],
        )
        .join(opened, on="question", how="left")
    )
    votes = (
        _kind("vote.cast", "vote.sealed")
        .filter(inside)
        .select(*ENV, "question", "choice", "stance", "statement")
        .sort("seq")
        .unique(subset=["actor", "question", "statement"], keep="last", maintain_order=True)
    )
    directives = (
        _kind("directive.issued")
        .filter(inside)
        .select(pl.col("subject").alias("dirid"), *ENV, "decision", "to")
    )
    # The line a directive carries: its decision's text and the texts of the contributions and
    # upward lines the decision adopted (a decision reading only "Adopted." carries the adopted
    # position's words). Applications are compared with it (novelty, parroting).
    taken = _kind("decision.taken").select(pl.col("subject").alias("decision"), "text", "adopted")
    adopted_refs = taken.select(pl.col("adopted").alias("ref")).explode("ref").drop_nulls()
    adopted_texts = (
        pl.concat(
            [
                contrib_all.select(pl.col("subject").alias("ref"), pl.col("text").alias("atext")),
                _kind("line.proposed")
                .filter(upto)
                .select(pl.col("subject").alias("ref"), pl.col("text").alias("atext")),
            ]
        )
        .join(adopted_refs, on="ref", how="semi")
        .unique(subset=["ref"], keep="first")
    )
    decision_text = (
        taken.select("decision", "text", pl.col("adopted").alias("ref"))
        .explode("ref")
        .join(adopted_texts, on="ref", how="left")
        .group_by("decision", maintain_order=True)
        .agg(pl.col("text").first(), pl.col("atext").drop_nulls())
        .select(
            "decision",
            pl.when(pl.col("text").is_null() & (pl.col("atext").list.len() == 0))
            .then(pl.lit(None, dtype=pl.String))
            .otherwise(
                pl.concat_list(pl.col("text").fill_null(""), pl.col("atext")).list.join("\n")
            )
            .alias("decision_text"),
        )
    )
    directive_all = _kind("directive.issued").select(
        pl.col("subject").alias("directive"),
        "decision",
        pl.col("body").alias("issuer"),
    )
    applications = (
        _kind("directive.applied")
        .filter(inside)
        .select(pl.col("subject").alias("appid"), *ENV, "directive", "text")
        .join(directive_all, on="directive", how="left")
        .join(decision_text, on="decision", how="left")
    )
    answers = (
        _kind("feedback.answered")
        .filter(upto)
        .group_by("feedback")
        .agg(pl.col("at").min().alias("answered_at"), pl.col("id").first().alias("answer_id"))
    )
    feedback = (
        _kind("feedback.sent")
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
        _kind("line.proposed")
        .filter(inside)
        .select(*ENV, pl.col("to").list.first().alias("to"), "text")
    )
    credits = _kind("credit.given").filter(inside).select(*ENV, "member", pl.col("credit_for"))
    facts = (
        _kind("fact.placed", "fact.reviewed")
        .filter(upto)
        .select(*ENV, "kind", "subject", "question", "fact")
    )
    erasures = (
        _kind("contribution.redacted", "entity.renamed")
        .filter(inside)
        .select(*ENV, "kind", "subject")
    )
    roles = (
        _kind("role.assigned", "role.revoked")
        .filter(upto)
        .select(*ENV, "member", "role", (pl.col("kind") == "role.assigned").alias("assigned"))
    )
    members = (
        _kind("member.joined")
        .filter(upto)
        .select(pl.col("subject").alias("member"), *ENV, "name", "delegation")
    )
    departures = _kind("member.left").filter(upto).select(pl.col("subject").alias("member"), *ENV)
    # Who an adopted id credits: a contribution's author and, when it cites a line proposed
    # upward (`line.proposed`), that line's proposer; an adopted line id credits its proposer.
    line_all = (
        _kind("line.proposed")
        .filter(upto)
        .select(pl.col("subject").alias("line"), pl.col("actor").alias("author"))
    )
    origins = pl.concat(
        [
            contrib_all.select(pl.col("subject").alias("ref"), pl.col("actor").alias("author")),
            contrib_all.select(pl.col("subject").alias("ref"), pl.col("cites").alias("line"))
            .filter(pl.col("line").list.len() > 0)
            .explode("line")
            .join(line_all, on="line", how="inner")
            .select("ref", "author"),
            line_all.select(pl.col("line").alias("ref"), "author"),
        ]
    ).filter(pl.col("author").is_not_null())
    # Only the ids the window's decisions adopted are ever looked up.
    adopted_ids = decisions.select(pl.col("adopted").alias("ref")).explode("ref").unique()
    origins = origins.join(adopted_ids, on="ref", how="semi")
    # Each body under the parent it has at the window's end: created under one, perhaps moved
    # since (`body.moved`, whose null parent is the top).
    body_events = _kind("body.created", "body.moved").filter(upto)
    moves = (
        body_events.filter(pl.col("kind") == "body.moved")
        .sort("seq")
        .group_by("subject")
        .agg(pl.col("parent").last().alias("moved_to"))
        .select(pl.col("subject").alias("bid"), "moved_to", pl.lit(True).alias("moved"))
    )
    bodies = (
        body_events.filter(pl.col("kind") == "body.created")
        .select(pl.col("subject").alias("bid"), "org", "name", "parent", "level", "at")
        .join(moves, on="bid", how="left", maintain_order="left")
        .with_columns(
            pl.when(pl.col("moved").fill_null(False))
            .then(pl.col("moved_to"))
            .otherwise(pl.col("parent"))
            .alias("parent")
        )
        .drop("moved_to", "moved")
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
        origins,
    )
    (span_df, c, qs, ph, ds, vs, dirs, apps, fb, ln, cr, fa, er, ro, me, de, bo, og) = out
    # Every table in log order, so evidence lists (the first ids) need no sorting later.
    qs, ph, vs, dirs, apps, fb, ln, cr, fa, er, ro, me, de = (
        df.sort("seq") if "seq" in df.columns else df
        for df in (qs, ph, vs, dirs, apps, fb, ln, cr, fa, er, ro, me, de)
    )
    first = span_df["first"][0]
    last = span_df["last"][0]
    if first is None:
        raise ValueError("the log holds no events")
    has_types = c.height == 0 or bool((c["type"] != "remark").any())
    if not has_types:
        c = infer_questions(c)
    c = _with_markers(_reply_facts(c))
    if not c["seq"].is_sorted():
        # A log in order (the usual case) needs no sorted copy of the largest table.
        c = c.sort("seq")
    ds = _decision_facts(_adopted_authors(ds, og), c, fa).sort("seq")
    qs = qs.with_columns(
        pl.col("qid").is_in(ds["question"].drop_nulls().implode()).alias("decided")
    )
    decided = ds.filter(pl.col("text").is_not_null() | (pl.col("adopted").list.len() > 0))
    texts = c.filter(
        pl.col("question").is_in(decided["question"].drop_nulls().unique().implode())
        & pl.col("type").is_in(list(REUSABLE))
        & (pl.col("words") >= REUSE_MIN_WORDS)
    ).select("cid", "text")
    c = c.drop("text")
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
        texts,
    )


QUESTION_MARK = r"\?(\s|$)"
"""A remark asks a question when a question mark ends one of its sentences (not one in a URL)."""


def infer_questions(c: pl.DataFrame) -> pl.DataFrame:
    """Types an untyped source's structure allows: a remark that asks (`QUESTION_MARK`) is a
    `question`; a reply to a question by someone other than its author is an `answer`. Only
    `objection_answer_rate` reads them in an untyped source (docs/metrics.md, "Untyped sources");
    positions, objections and criticism cannot be told from the structure, and are not guessed."""
    asks = (pl.col("type") == "remark") & pl.col("text").fill_null("").str.contains(QUESTION_MARK)
    qids = c.filter(asks)["cid"].implode()
    return c.with_columns(
        pl.when(
            pl.col("target").is_in(qids)
            & pl.col("target_author").is_not_null()
            & (pl.col("actor") != pl.col("target_author"))
        )
        .then(pl.lit("answer"))
        .when(asks)
        .then(pl.lit("question"))
        .otherwise(pl.col("type"))
        .alias("type")
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
    # Joined on the id column alone and set beside the rest: a join of the whole frame would copy
    # every column of millions of contributions to add four.
    facts = (
        c.select("cid")
        .join(agg, left_on="cid", right_on="target", how="left", maintain_order="left")
        .select(
            pl.col("responders").fill_null([]),
            pl.col("objectors").fill_null([]),
            pl.col("answered").fill_null(False),
            pl.col("objection_ids").fill_null([]),
        )
    )
    return c.hstack(facts)


def _with_markers(c: pl.DataFrame) -> pl.DataFrame:
    """Each contribution's coordination marker classes (`m2`) and its target's (`m1`)."""
    masks = marker_masks(c["cid"], c["text"])
    parent = masks.rename({"uid": "target", "mask": "m1"}).unique("target", keep="first")
    m1 = c.select("target").join(parent, on="target", how="left", maintain_order="left")["m1"]
    return c.with_columns(masks["mask"].alias("m2"), m1)


def _decision_facts(ds: pl.DataFrame, c: pl.DataFrame, facts: pl.DataFrame) -> pl.DataFrame:
    """Per decision: whether its question drew an objection in the window (`opposed`), whether
    facts were placed on it before the decision (`with_facts`), and whether one of those was not
    yet reviewed when it was taken (`before_review`). Computed once over every decision, not
    once per scope."""
    objected = c.filter(pl.col("type").is_in(OBJECTING))["question"].drop_nulls().unique()
    placed = facts.filter(pl.col("kind") == "fact.placed").select(
        pl.col("subject").alias("fact"), "question", pl.col("at").alias("placed_at")
    )
    reviewed = (
        facts.filter(pl.col("kind") == "fact.reviewed")
        .group_by("fact")
        .agg(pl.col("at").min().alias("reviewed_at"))
    )
    early = (
        ds.select("did", "question", "at")
        .join(placed, on="question", how="inner")
        .filter(pl.col("placed_at") <= pl.col("at"))
        .join(reviewed, on="fact", how="left")
        .group_by("did")
        .agg(
            (pl.col("reviewed_at").is_null() | (pl.col("reviewed_at") > pl.col("at")))
            .any()
            .alias("before_review")
        )
        .with_columns(pl.lit(True).alias("with_facts"))
    )
    return (
        ds.with_columns(pl.col("question").is_in(objected.implode()).alias("opposed"))
        .join(early, on="did", how="left", maintain_order="left")
        .with_columns(pl.col("with_facts", "before_review").fill_null(False))
    )


def _adopted_authors(ds: pl.DataFrame, origins: pl.DataFrame) -> pl.DataFrame:
    """Who each decision's adopted lines credit (from the whole log): the authors of its adopted
    contributions, and the proposers of the upward lines (`line.proposed`) adopted or cited."""
    if ds.height == 0:
        return ds.with_columns(pl.lit([], dtype=pl.List(pl.String)).alias("adopted_authors"))
    ex = (
        ds.select("did", "adopted")
        .explode("adopted")
        .join(origins, left_on="adopted", right_on="ref", how="left")
        .group_by("did")
        .agg(pl.col("author").drop_nulls().unique(maintain_order=True).alias("adopted_authors"))
    )
    return ds.join(ex, on="did", how="left").with_columns(pl.col("adopted_authors").fill_null([]))
