"""The question page's content: the argument map, competing positions, facts, voting state and
the decision record, built from the platform's reads in a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from polemica.web.centralism.models import Directive, Line
from polemica.web.orgs.access import Actor, descendants, is_leader, leads, participates
from polemica.web.orgs.models import Body, Role
from polemica.web.process import queries, rules
from polemica.web.process.models import Contribution, Fact, Question, Review
from polemica.web.record.access import can_erase
from polemica.web.ui.labels import TYPES
from polemica.web.ui.markup import Piece, render_markdown, word_diff
from polemica.web.ui.reads import names
from polemica.web.ui.secret import published, sealed_this_round
from polemica.web.ui.tally import tally_view
from polemica.web.votes import methods as vote_methods
from polemica.web.votes.models import Ballot, Decision

PHASES = ("discussion", "verification", "voting", "decided")
VERDICTS = ("authentic", "unverified", "disputed", "forged")


def ballot_kind(method: str) -> str:
    """The ballot the vote form offers for a method: the first kind the platform accepts for
    it; methods it does not know are taken as ranked ones."""
    fields = getattr(vote_methods, "ballot_fields", None)
    if callable(fields):
        try:
            return str(fields(method)[0])
        except (KeyError, IndexError):
            return "ranking"
    table: dict[str, str] = getattr(vote_methods, "BALLOT_KIND", {})
    return table.get(method, "ranking")


@dataclass
class Node:
    c: Contribution
    author: str
    html: str
    unanswered: bool = False
    left_unanswered: bool = False
    diff: list[Piece] | None = None
    children: list[Node] = field(default_factory=list)
    cited: list[Fact] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.c.id

    def count(self, types: frozenset[str]) -> int:
        return sum((1 if n.c.type in types else 0) + n.count(types) for n in self.children)

    @property
    def count_support(self) -> int:
        return self.count(frozenset({"support"}))

    @property
    def count_objections(self) -> int:
        return self.count(frozenset({"objection"}))

    def open_below(self) -> int:
        return sum((1 if n.unanswered else 0) + n.open_below() for n in self.children)


@dataclass
class FactView:
    fact: Fact
    author: str
    reviews: list[tuple[Review, str]]
    readings: list[Node]

    @property
    def verdict(self) -> str | None:
        return self.reviews[-1][0].verdict if self.reviews else None


def _text_of(c: Contribution) -> str:
    return "" if c.redacted is not None else c.text


def build_nodes(
    cs: list[Contribution], who: dict[str, str], facts: dict[str, Fact], left: set[str]
) -> tuple[list[Node], dict[str, Node]]:
    open_ids = set(rules.unanswered(_rule_nodes(cs)))
    by_id: dict[str, Node] = {}
    for c in cs:
        by_id[c.id] = Node(
            c,
            who.get(c.author_id or "", "") if c.author_id else "",
            render_markdown(_text_of(c)),
            unanswered=c.id in open_ids,
            left_unanswered=c.id in left,
            cited=[facts[f] for f in c.cites if f in facts],
        )
    roots: list[Node] = []
    for c in cs:
        node = by_id[c.id]
        parent = by_id.get(c.target or "")
        if c.type == "amendment" and parent is not None:
            node.diff = word_diff(_text_of(parent.c), _text_of(c))
        (parent.children if parent is not None else roots).append(node)
    return roots, by_id


def _rule_nodes(cs: list[Contribution]) -> list[rules.Node]:
    return [rules.Node(c.id, c.type, c.author_id, c.target, c.redacted is not None) for c in cs]


def phase_needs(q: Question, open_objections: int, options: int, ballots: int, voters: int) -> str:
    """What the next phase needs, in words (translated in the template by key)."""
    if q.phase in ("discussion", "reopened"):
        return "needs_positions" if options == 0 else "ready_for_verification"
    if q.phase == "verification":
        return "objections_open" if open_objections else "ready_for_voting"
    if q.phase == "voting":
        return "ballots" if ballots else "no_ballots"
    return q.phase


def _labels(options: list[Node]) -> dict[str, str]:
    """Each option's label as the vote form numbers it ("Position 2")."""
    return {n.id: f"{TYPES.get(n.c.type, n.c.type)} {i}" for i, n in enumerate(options, 1)}


def question_page(actor: Actor, question_id: str, my_member: str | None) -> dict[str, Any]:
    q = queries.visible_question(actor, question_id)
    org, body_id = q.org_id, q.body_id
    cs = queries.contributions_of(q.id)
    fact_rows = queries.facts_of(q.id)
    decision = Decision.objects.filter(question=q).order_by("-seq").first()
    who = names(
        org,
        [c.author_id for c in cs]
        + [f.author_id for f in fact_rows]
        + [r.reviewer_id for f in fact_rows for r in f.reviews.all()]
        + (list(decision.credits) if decision else []),
    )
    facts = {f.id: f for f in fact_rows}
    left = set(q.left_unanswered)
    roots, by_id = build_nodes(cs, who, facts, left)
    options = [by_id[c.id] for c in cs if c.type in rules.OPTIONS and c.redacted is None]
    positions = [n for n in options if n.c.type in ("position", "synthesis")]
    unanswered = [n for n in by_id.values() if n.unanswered]
    open_objections = [n for n in unanswered if n.c.type == "objection"]
    fact_views = [
        FactView(
            f,
            who.get(f.author_id or "", ""),
            [(r, who.get(r.reviewer_id or "", "")) for r in f.reviews.all()],
            [by_id[c.id] for c in cs if c.type == "reading" and f.id in c.cites],
        )
        for f in fact_rows
    ]
    current = Ballot.objects.filter(question=q, current=True)
    mine = current.filter(member_id=my_member).first() if my_member else None
    voters = (
        Role.objects.filter(body_id=body_id, role__in=("leader", "deputy", "member"))
        .filter(member__left=False)
        .values("member_id")
        .distinct()
        .count()
    )
    ballots = current.count()
    body = Body.objects.get(pk=body_id)
    may_move = participates(actor, org, body_id) and (
        leads(actor, org, body_id) or actor.settings_of(body_id)["move_phase"] == "members"
    )
    may_decide = participates(actor, org, body_id) and (
        leads(actor, org, body_id) or actor.settings_of(body_id)["decide"] == "members"
    )
    lower = sorted(descendants(actor, org, body_id))
    return {
        "q": q,
        "body": body,
        "org": body.org,
        "roots": roots,
        "nodes": by_id,
        "all_nodes": [by_id[c.id] for c in cs],
        "positions": positions,
        "options": options,
        "unanswered": unanswered,
        "open_objections": open_objections,
        "facts": fact_views,
        "phases": PHASES,
        "phase_index": PHASES.index(q.phase) if q.phase in PHASES else -1,
        "needs": phase_needs(q, len(open_objections), len(options), ballots, voters),
        "moves": rules.MOVES.get(q.phase, ()),
        "allowed_types": [t for t in TYPES if t in rules.ALLOWED_TYPES.get(q.phase, ())],
        "ballot_kind": ballot_kind(q.method),
        "my_ballot": mine,
        "secret": q.ballot == "secret",
        "sealed_this_round": sealed_this_round(q, mine),
        "published": published(decision, _labels(options)),
        "ballots": ballots,
        "voters": voters,
        "decision": decision,
        "decision_names": who,
        "reservations": [by_id[c.id] for c in cs if c.type == "reservation"],
        "directives": list(Directive.objects.filter(decision__question=q).order_by("at")),
        "participates": participates(actor, org, body_id),
        "may_move": may_move,
        "may_decide": may_decide,
        "is_leader": is_leader(actor, org, body_id),
        "lower_bodies": list(Body.objects.filter(pk__in=lower).order_by("name")),
        "my_member": my_member,
        "may_erase": can_erase(actor, org),
        # The line this question was opened from, when a body adopted one (its proposer credited).
        "from_line": Line.objects.filter(question=q.id)
        .select_related("author", "from_body")
        .first(),
        "revisable": q.phase in rules.REVISABLE_PHASES,
        "rank_choices": list(range(1, len(options) + 1 + (q.method == "debian"))),
        "none_of_the_above": vote_methods.NONE_OF_THE_ABOVE if q.method == "debian" else None,
        "verdicts": VERDICTS,
        "stances": ("agree", "disagree", "pass"),
        "tally_summary": tally_view(decision).outcome[:2] if decision else [],
    }
