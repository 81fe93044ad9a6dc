"""Scopes: the member, body, organization and forum slices that every signal is computed over.

Each scope carries its own rows of every table and its *leadership*: the leader of a body; the members of the organization's leading body (the one that issued most directives, else
the highest body with a leader) for an organization — so the cult of a committee shows; the
delegation holding the leader role of a forum, whose "members" are organizations; and
the member alone for a member. See docs/metrics.md, "Scopes".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
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


@dataclass
class Scope:
    kind: str
    id: str
    contrib: pl.DataFrame
    inbound: pl.DataFrame
    questions: pl.DataFrame
    decisions: pl.DataFrame
    votes: pl.DataFrame
    directives: pl.DataFrame
    applications: pl.DataFrame
    feedback_in: pl.DataFrame
    feedback_out: pl.DataFrame
    credits: pl.DataFrame
    erasures: pl.DataFrame
    leadership: frozenset[str]
    members: frozenset[str]
    bodies: tuple[str, ...]
    tables: Tables
    intervals: tuple[Interval, ...]
    # The decisions the leadership's authority is measured on: an organization's leading body's
    # (where the committee's lines compete), every scope's own decisions elsewhere.
    lead_decisions: pl.DataFrame | None = None

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
    if df.height == 0:
        return {}
    parts = df.filter(pl.col(column).is_not_null()).partition_by(column, as_dict=True)
    return {str(k[0]): v for k, v in parts.items()}


class _Parts:
    """Tables partitioned once by a key, with empty frames for keys that have no rows."""

    def __init__(self, t: Tables, key: str) -> None:
        self.t = t
        self.contrib = _split(t.contrib, key)
        self.questions = _split(t.questions, key)
        self.decisions = _split(t.decisions, key)
        self.votes = _split(t.votes, key)
        self.directives = _split(t.directives, key)
        self.applications = _split(t.applications, key)
        self.feedback_out = _split(t.feedback, key)
        self.feedback_in = _split(t.feedback, "to") if key == "body" else self.feedback_out
        self.credits = _split(t.credits, key)
        self.erasures = _split(t.erasures, key)

    @staticmethod
    def get(parts: dict[str, pl.DataFrame], key: str, like: pl.DataFrame) -> pl.DataFrame:
        return parts.get(key, like.clear())


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
        set(by_body.contrib)
        | set(by_body.decisions)
        | set(by_body.questions)
        | set(by_body.votes)
        | set(by_body.applications)
        | set(by_body.feedback_in)
        | set(by_body.feedback_out)
    )
    if "body" in kinds:
        for b in active:
            members = frozenset(in_body[b] | set(_get(by_body.contrib, b, t.contrib)["actor"]))
            yield _scope("body", b, by_body, b, frozenset(lead_of[b]), members, (b,), t, ivs)
    if "org" in kinds:
        by_org = _Parts(t, "org")
        for org in sorted(set(by_org.contrib) | set(by_org.decisions) | set(by_org.questions)):
            bodies = tuple(t.bodies.filter(pl.col("org") == org)["bid"])
            lead_body = _leading_body(t, org, bodies, lead_of)
            members = frozenset(t.members.filter(pl.col("org") == org)["member"]) | frozenset(
                _get(by_org.contrib, org, t.contrib)["actor"]
            )
            leadership: frozenset[str] = frozenset()
            if lead_body:
                committee = frozenset(in_body[lead_body] - _observers(ivs, lead_body))
                # A leading body is a leadership only if someone stands outside it; in a
                # one-body organization the leader leads, as in the body itself.
                leadership = committee if members - committee else frozenset(lead_of[lead_body])
            s = _scope("org", org, by_org, org, leadership, members, bodies, t, ivs)
            if lead_body and members - frozenset(in_body[lead_body]):
                s.lead_decisions = _get(by_body.decisions, lead_body, t.decisions)
            yield s
    if "forum" in kinds:
        delegation = {
            m: d for m, d in zip(t.members["member"], t.members["delegation"], strict=True) if d
        }
        for b in active:
            if body_levels.get(b) != "forum":
                continue
            s = _scope(
                "forum", b, by_body, b, frozenset(lead_of[b]), frozenset(in_body[b]), (b,), t, ivs
            )
            yield _as_delegations(s, delegation)


def _get(parts: dict[str, pl.DataFrame], key: str, like: pl.DataFrame) -> pl.DataFrame:
    return parts.get(key, like.clear())


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


def _scope(
    kind: str,
    sid: str,
    parts: _Parts,
    key: str,
    leadership: frozenset[str],
    members: frozenset[str],
    bodies: tuple[str, ...],
    t: Tables,
    ivs: tuple[Interval, ...],
) -> Scope:
    contrib = _get(parts.contrib, key, t.contrib)
    return Scope(
        kind=kind,
        id=sid,
        contrib=contrib,
        inbound=contrib,
        questions=_get(parts.questions, key, t.questions),
        decisions=_get(parts.decisions, key, t.decisions),
        votes=_get(parts.votes, key, t.votes),
        directives=_get(parts.directives, key, t.directives),
        applications=_get(parts.applications, key, t.applications),
        feedback_in=_get(parts.feedback_in, key, t.feedback),
        feedback_out=_get(parts.feedback_out, key, t.feedback),
        credits=_get(parts.credits, key, t.credits),
        erasures=_get(parts.erasures, key, t.erasures),
        leadership=leadership,
        members=members,
        bodies=bodies,
        tables=t,
        intervals=ivs,
    )


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
        contrib=contrib,
        inbound=contrib,
        decisions=decisions,
        votes=s.votes.with_columns(one("actor")),
        leadership=frozenset(delegation.get(m, m) for m in s.leadership),
        members=frozenset(delegation.get(m, m) for m in s.members),
    )
