"""Scopes: the member, body, organization and forum slices that every signal is computed over.

Each scope carries its own rows of every table and its *leadership*: the leader of a body; the members of the organization's leading body (the one that issued most directives, else
the highest body with a leader) for an organization — so the cult of a committee shows; the
delegation holding the leader role of a forum, whose "members" are organizations; and
the member alone for a member. See docs/metrics.md, "Scopes".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime

import polars as pl

from polemica.analysis.tables import Tables

SCOPE_KINDS = ("member", "body", "org", "forum")


@dataclass(frozen=True)
class Interval:
    body: str
    member: str
    role: str
    start: datetime
    end: datetime | None


# A scope's frames, and the table each is cut from.
FRAMES = {
    "contrib": "contrib",
    "questions": "questions",
    "decisions": "decisions",
    "votes": "votes",
    "directives": "directives",
    "applications": "applications",
    "feedback_in": "feedback",
    "feedback_out": "feedback",
    "credits": "credits",
    "erasures": "erasures",
}


@dataclass
class Scope:
    """One scope; its frames (`contrib`, `decisions`, …: its rows of each table, in log order)
    are cut from the tables when a signal first reads them (`_Parts`), so the report never
    holds a copy of a table no per-scope signal reads."""

    kind: str
    id: str
    leadership: frozenset[str]
    members: frozenset[str]
    bodies: tuple[str, ...]
    tables: Tables
    intervals: tuple[Interval, ...]
    parts: _Parts | None = None
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)
    # The decisions the leadership's authority is measured on: an organization's leading body's
    # (where the committee's lines compete), every scope's own decisions elsewhere.
    lead_decisions: pl.DataFrame | None = None

    def frame(self, name: str) -> pl.DataFrame:
        got = self.frames.get(name)
        if got is None:
            table = getattr(self.tables, FRAMES[name])
            got = self.parts.get(name, self.id) if self.parts else table.clear()
            self.frames[name] = got
        return got

    def with_frames(self, **frames: pl.DataFrame) -> dict[str, pl.DataFrame]:
        """The scope's frames with some replaced (for `dataclasses.replace`)."""
        return {**self.frames, **frames}

    @property
    def contrib(self) -> pl.DataFrame:
        return self.frame("contrib")

    @property
    def inbound(self) -> pl.DataFrame:
        """The contributions replying to the scope's members: its own for a group."""
        return self.frames.get("inbound", self.contrib)

    @property
    def questions(self) -> pl.DataFrame:
        return self.frame("questions")

    @property
    def decisions(self) -> pl.DataFrame:
        return self.frame("decisions")

    @property
    def votes(self) -> pl.DataFrame:
        return self.frame("votes")

    @property
    def directives(self) -> pl.DataFrame:
        return self.frame("directives")

    @property
    def applications(self) -> pl.DataFrame:
        return self.frame("applications")

    @property
    def feedback_in(self) -> pl.DataFrame:
        return self.frame("feedback_in")

    @property
    def feedback_out(self) -> pl.DataFrame:
        return self.frame("feedback_out")

    @property
    def credits(self) -> pl.DataFrame:
        return self.frame("credits")

    @property
    def erasures(self) -> pl.DataFrame:
        return self.frame("erasures")

    @property
    def authority_decisions(self) -> pl.DataFrame:
        return self.decisions if self.lead_decisions is None else self.lead_decisions


def role_intervals(roles: pl.DataFrame) -> list[Interval]:
    """Who held which role in which body, from when to when (None: still holds it)."""
    open_: dict[tuple[str, str, str], datetime] = {}
    out: list[Interval] = []
    for row in roles.sort("seq").iter_rows(named=True):
        key = (row["body"], row["member"], row["role"])
        if row["assigned"]:
            open_.setdefault(key, row["at"])
        elif key in open_:
            out.append(Interval(*key, open_.pop(key), row["at"]))
    out.extend(Interval(*key, start, None) for key, start in open_.items())
    return out


def leaders_in_window(t: Tables) -> set[str]:
    """Members who held the leader role of some body at some time in the window."""
    return {iv.member for iv in role_intervals(t.roles) if iv.role == "leader" and _overlaps(iv, t)}


def _overlaps(iv: Interval, t: Tables) -> bool:
    start, end = t.window.start, t.window.end
    return (end is None or iv.start <= end) and (start is None or iv.end is None or iv.end >= start)


def _split(df: pl.DataFrame, column: str) -> dict[str, pl.DataFrame]:
    """`df`'s rows by `column`, each part in log order.

    One sorted copy cut into slices (which share its memory), not a separate frame per key: a
    federation has thousands of bodies, and thousands of small frames held several times the
    tables' size.
    """
    if df.height == 0:
        return {}
    ordered = df.sort(column, maintain_order=True, nulls_last=True)
    runs = (
        ordered.select(pl.col(column))
        .with_row_index("start")
        .group_by(column, maintain_order=True)
        .agg(pl.col("start").first(), pl.len())
    )
    return {str(k): ordered.slice(start, n) for k, start, n in runs.iter_rows() if k is not None}


class _Parts:
    """The tables' rows by body or by organization, cut when a scope first reads a frame.

    By body (thousands of scopes): each table is cut once, as slices of one sorted copy. By
    organization (a few scopes, each a large share of the rows): each scope's rows are filtered
    when it reads them and kept only as long as the scope, so at most one organization's copy
    lives at a time when the scopes are scored one after another.
    """

    def __init__(self, t: Tables, key: str) -> None:
        self.t = t
        self.key = key
        self._cut: dict[str, dict[str, pl.DataFrame]] = {}

    def column(self, frame: str) -> str:
        return "to" if frame == "feedback_in" and self.key == "body" else self.key

    def get(self, frame: str, k: str) -> pl.DataFrame:
        table: pl.DataFrame = getattr(self.t, FRAMES[frame])
        column = self.column(frame)
        if self.key != "body":
            return table.filter(pl.col(column) == k)
        cut_key = f"{FRAMES[frame]}:{column}"
        if cut_key not in self._cut:
            self._cut[cut_key] = _split(table, column)
        return self._cut[cut_key].get(k, table.clear())


def _keys(df: pl.DataFrame, column: str) -> set[str]:
    return {str(k) for k in df[column].unique().to_list() if k is not None}


def _actors(df: pl.DataFrame, key: str) -> dict[str, frozenset[str]]:
    """Who contributed, per body or organization."""
    g = df.group_by(key).agg(pl.col("actor").unique())
    return {str(k): frozenset(a) for k, a in g.iter_rows() if k is not None}


def iter_scopes(t: Tables, kinds: tuple[str, ...] = SCOPE_KINDS) -> Iterator[Scope]:
    """Every group scope with activity in the window: bodies, then orgs, then forums.

    Member scopes are computed for all members at once in `analysis.members`.
    """
    intervals = [iv for iv in role_intervals(t.roles) if _overlaps(iv, t)]
    ivs = tuple(intervals)
    by_body = _Parts(t, "body")
    body_levels = dict(zip(t.bodies["bid"], t.bodies["level"], strict=True))
    lead_of: dict[str, set[str]] = defaultdict(set)
    in_body: dict[str, set[str]] = defaultdict(set)
    for iv in ivs:
        in_body[iv.body].add(iv.member)
        if iv.role == "leader":
            lead_of[iv.body].add(iv.member)
    active = sorted(
        _keys(t.contrib, "body")
        | _keys(t.decisions, "body")
        | _keys(t.questions, "body")
        | _keys(t.votes, "body")
        | _keys(t.applications, "body")
        | _keys(t.feedback, "to")
        | _keys(t.feedback, "body")
    )
    body_actors = _actors(t.contrib, "body")
    if "body" in kinds:
        for b in active:
            members = frozenset(in_body[b]) | body_actors.get(b, frozenset())
            yield Scope("body", b, frozenset(lead_of[b]), members, (b,), t, ivs, by_body)
    if "org" in kinds:
        by_org = _Parts(t, "org")
        org_actors = _actors(t.contrib, "org")
        orgs = _keys(t.contrib, "org") | _keys(t.decisions, "org") | _keys(t.questions, "org")
        for org in sorted(orgs):
            bodies = tuple(t.bodies.filter(pl.col("org") == org)["bid"])
            lead_body = _leading_body(t, org, bodies, lead_of)
            members = frozenset(t.members.filter(pl.col("org") == org)["member"]) | org_actors.get(
                org, frozenset()
            )
            leadership: frozenset[str] = frozenset()
            if lead_body:
                committee = frozenset(in_body[lead_body] - _observers(ivs, lead_body))
                # A leading body is a leadership only if someone stands outside it; in a
                # one-body organization the leader leads, as in the body itself.
                leadership = committee if members - committee else frozenset(lead_of[lead_body])
            s = Scope("org", org, leadership, members, bodies, t, ivs, by_org)
            if lead_body and members - frozenset(in_body[lead_body]):
                s.lead_decisions = by_body.get("decisions", lead_body)
            yield s
    if "forum" in kinds:
        delegation = {
            m: d for m, d in zip(t.members["member"], t.members["delegation"], strict=True) if d
        }
        for b in active:
            if body_levels.get(b) != "forum":
                continue
            s = Scope(
                "forum", b, frozenset(lead_of[b]), frozenset(in_body[b]), (b,), t, ivs, by_body
            )
            yield _as_delegations(s, delegation)


def _observers(ivs: tuple[Interval, ...], body: str) -> set[str]:
    holders = defaultdict(set)
    for iv in ivs:
        if iv.body == body:
            holders[iv.member].add(iv.role)
    return {m for m, roles in holders.items() if roles == {"observer"}}


def _leading_body(
    t: Tables, org: str, bodies: tuple[str, ...], lead_of: dict[str, set[str]]
) -> str | None:
    issued = (
        t.directives.filter(pl.col("org") == org)
        .group_by("body")
        .len()
        .sort(["len", "body"], descending=[True, False])
    )
    if issued.height:
        return str(issued["body"][0])
    parent = dict(zip(t.bodies["bid"], t.bodies["parent"], strict=True))

    def depth(b: str) -> int:
        d, seen = 0, set()
        while parent.get(b) and b not in seen:
            seen.add(b)
            b = parent[b]
            d += 1
        return d

    led = [b for b in bodies if lead_of.get(b)]
    return min(led, key=lambda b: (depth(b), b)) if led else None


def _as_delegations(s: Scope, delegation: dict[str, str]) -> Scope:
    """A forum seen with organizations as its members: every actor becomes its delegation."""

    def one(col: str) -> pl.Expr:
        return pl.col(col).replace(delegation)

    def many(col: str) -> pl.Expr:
        return pl.col(col).list.eval(pl.element().replace(delegation)).list.unique()

    contrib = s.contrib.with_columns(
        one("actor"), one("target_author"), many("responders"), many("objectors")
    )
    decisions = s.decisions.with_columns(many("adopted_authors"), many("credits"), one("actor"))
    return replace(
        s,
        frames=s.with_frames(
            contrib=contrib,
            inbound=contrib,
            decisions=decisions,
            votes=s.votes.with_columns(one("actor")),
        ),
        leadership=frozenset(delegation.get(m, m) for m in s.leadership),
        members=frozenset(delegation.get(m, m) for m in s.members),
    )
