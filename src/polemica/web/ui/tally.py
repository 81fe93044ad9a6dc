"""A decision's tally as people read it: who won and by how much, the minority, the rounds of
instant-runoff and STV, the pairwise matrix of the Condorcet methods, consensus stances; with
charts drawn on the server (charts.py).

The stored tally (`Decision.tally`, the `decision.taken` event's JSON) names options by their
ids; here they become the labels the vote form gave them ("Position 2") with their text, and
members become display names. On a secret question nothing links a member to a choice: the
minority is a count, blocks keep their reasons but not who raised them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from polemica.decide.result import fmt
from polemica.web.process import rules
from polemica.web.process.models import Contribution, Question
from polemica.web.ui import charts
from polemica.web.ui.labels import METHODS, STANCES, TYPES
from polemica.web.ui.reads import names
from polemica.web.ui.secret import ballot_words
from polemica.web.votes import methods as vote_methods
from polemica.web.votes.actions import backs
from polemica.web.votes.models import Ballot, Decision

CHOICE = ("majority", "absolute-majority", "two-thirds", "three-quarters", "plurality")
PAIRWISE = ("schulze", "ranked-pairs", "copeland", "debian")
ROUNDS = ("instant-runoff", "stv")
# What each majority needs: (share, "more than" or "at least", counted against).
NEEDED = {
    "majority": (1 / 2, True, "cast"),
    "absolute-majority": (1 / 2, True, "electorate"),
    "two-thirds": (2 / 3, False, "cast"),
    "three-quarters": (3 / 4, False, "cast"),
}


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    text: str


@dataclass
class Count:
    option: Option
    value: float
    won: bool

    @property
    def shown(self) -> str:
        return fmt(self.value)


@dataclass
class Round:
    number: int
    cells: list[str]  # one per option row: the count, or "" once the option is out
    elected: list[Option]
    eliminated: list[Option]
    exhausted: str
    chart: SafeString


@dataclass
class Cell:
    text: str
    kind: str  # win, loss, tie, self


@dataclass
class Stances:
    option: Option
    agree: int
    disagree: int
    aside: int
    block: int
    won: bool


@dataclass
class TallyView:
    method: str
    ballots: int
    secret: bool
    winners: list[Option]
    outcome: list[str]
    counts: list[Count] = field(default_factory=list)
    chart: SafeString | None = None
    chart_title: str = ""
    abstentions: int | None = None
    rounds: list[Round] = field(default_factory=list)
    round_options: list[Option] = field(default_factory=list)
    quota: str = ""
    matrix_options: list[Option] = field(default_factory=list)
    matrix: list[list[Cell]] = field(default_factory=list)
    paths: list[list[Cell]] = field(default_factory=list)
    locked: list[str] = field(default_factory=list)
    dropped: list[Option] = field(default_factory=list)
    stances: list[Stances] = field(default_factory=list)
    blocks: list[tuple[Option, str, str]] = field(default_factory=list)  # option, who, reason
    backing: int | None = None
    minority: int | None = None
    minority_share: float | None = None
    minority_ballots: list[tuple[str, str]] = field(default_factory=list)  # name, ballot
    explanation: list[str] = field(default_factory=list)
    tie_note: str = ""


def option_labels(q: Question, decision: Decision) -> dict[str, Option]:
    """Every option a decision may name, labelled as the vote form numbered them; positions
    erased since are "an erased position" (their text is gone)."""
    rows = Contribution.objects.filter(question=q, type__in=rules.OPTIONS).order_by("seq")
    out: dict[str, Option] = {}
    n = 0
    for c in rows:
        kind = str(TYPES.get(c.type, c.type))
        if c.redacted is not None:
            out[c.id] = Option(c.id, _("an erased %(kind)s") % {"kind": kind.lower()}, "")
            continue
        n += 1
        out[c.id] = Option(c.id, f"{kind} {n}", c.text)
    nota = vote_methods.NONE_OF_THE_ABOVE
    out[nota] = Option(nota, _("None of the above"), "")
    return out


def _opt(labels: dict[str, Option], cid: Any) -> Option:
    key = str(cid)
    return labels.get(key) or Option(key, _("an option no longer shown"), "")


def _counted_ballots(decision: Decision) -> list[tuple[str, dict[str, Any]]]:
    """An open vote's ballots as the decision counted them: each member's latest before it."""
    rows = Ballot.objects.filter(question=decision.question, seq__lt=decision.seq).order_by("seq")
    latest: dict[str, dict[str, Any]] = {}
    for member, ballot in rows.values_list("member_id", "ballot"):
        latest[member] = ballot
    return list(latest.items())


def _candidates(decision: Decision, details: dict[str, Any], n: int) -> list[str]:
    """The options in the order of a pairwise matrix: as the tally recorded them, or (tallies
    recorded before it did) the question's positions then, as the count took them."""
    listed = details.get("candidates")
    if isinstance(listed, list) and len(listed) == n:
        return [str(c) for c in listed]
    rows = Contribution.objects.filter(
        question=decision.question, type__in=rules.OPTIONS, seq__lt=decision.seq
    ).filter(redacted__isnull=True)
    ids = list(rows.order_by("seq").values_list("id", flat=True))
    return vote_methods.candidates(decision.method, ids)[:n]


def _readable(text: str, labels: dict[str, Option], who: dict[str, str], secret: bool) -> str:
    """A sentence of the count with option ids as labels and (open votes) member ids as
    names."""
    table = {k: v.label for k, v in labels.items()}
    if not secret:
        table.update(who)
    if not table:
        return text
    pattern = re.compile("|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)))
    return pattern.sub(lambda m: table[m.group(0)], text)


def tally_view(decision: Decision) -> TallyView:
    q = decision.question
    tally: dict[str, Any] = decision.tally if isinstance(decision.tally, dict) else {}
    details: dict[str, Any] = tally.get("details") or {}
    labels = option_labels(q, decision)
    secret = decision.ballots is not None or q.ballot == "secret"
    ids = tally.get("ids") or {}
    winner_ids = [str(w) for w in ids.get("winners", tally.get("winners", []))]
    ranking = [[str(c) for c in g] for g in ids.get("ranking", tally.get("ranking", []))]
    scores = {str(k): float(v) for k, v in (tally.get("scores") or {}).items()}
    ballots = int(tally.get("ballots") or 0)
    view = TallyView(
        method=str(METHODS.get(decision.method, decision.method)),
        ballots=ballots,
        secret=secret,
        winners=[_opt(labels, w) for w in winner_ids if w != vote_methods.NONE_OF_THE_ABOVE],
        outcome=[],
    )
    order = [c for g in ranking for c in g] or list(scores)
    method = decision.method
    if method in CHOICE or method == "approval":
        _by_counts(view, decision, labels, order, scores, winner_ids, details)
    elif method == "consensus":
        _consensus(view, decision, labels, order, winner_ids, details, secret)
    elif method in ROUNDS:
        _rounds(view, labels, order, scores, winner_ids, details)
    elif method in PAIRWISE:
        _pairwise(view, decision, labels, winner_ids, details)
    if not view.outcome:
        view.outcome.append(_nothing() if not view.winners else _adopted(view.winners))
    _minority(view, decision, labels, secret)
    who = names(q.org_id) if not secret else {}
    view.explanation = [
        _readable(str(line), labels, who, secret) for line in tally.get("explanation", [])
    ]
    if tally.get("tie_broken"):
        view.tie_note = _("A tie was broken by the tie-break rule (%(rule)s).") % {
            "rule": tally.get("tie_break", "")
        }
    return view


def _adopted(winners: list[Option]) -> str:
    return _("Adopted: %(options)s.") % {"options": ", ".join(w.label for w in winners)}


def _nothing() -> str:
    return _("Nothing was adopted.")


def _votes(n: float) -> str:
    return _("%(n)s votes") % {"n": fmt(n)}


def _by_counts(
    view: TallyView,
    decision: Decision,
    labels: dict[str, Option],
    order: list[str],
    scores: dict[str, float],
    winners: list[str],
    details: dict[str, Any],
) -> None:
    """Majorities, plurality and approval: one number per option."""
    view.counts = [Count(_opt(labels, c), scores.get(c, 0.0), c in winners) for c in order]
    approval = decision.method == "approval"
    view.chart_title = _("Approvals per option") if approval else _("Votes per option")
    view.chart = charts.bars(
        view.chart_title,
        [charts.Bar(c.option.label, c.value, "won" if c.won else "lost") for c in view.counts],
    )
    if not approval:
        view.abstentions = int(details.get("abstentions") or 0)
    cast = float(details.get("cast") or sum(scores.values()))
    if view.winners:
        view.outcome.append(_adopted(view.winners))
        best = view.counts[0] if view.counts else None
        rest = [c for c in view.counts if not c.won]
        if best is not None and best.won:
            if cast and not approval:
                view.outcome.append(
                    _("%(option)s had %(votes)s of %(cast)s cast for options (%(pct)s percent).")
                    % {
                        "option": best.option.label,
                        "votes": fmt(best.value),
                        "cast": fmt(cast),
                        "pct": fmt(round(100 * best.value / cast, 1)),
                    }
                )
            if rest:
                view.outcome.append(
                    _("The margin over the next, %(option)s: %(margin)s.")
                    % {"option": rest[0].option.label, "margin": _votes(best.value - rest[0].value)}
                )
    else:
        view.outcome.append(_nothing())
    need = NEEDED.get(decision.method)
    if need is not None:
        share, strict, base = need
        total = float(decision.electorate or 0) if base == "electorate" else cast
        values = {"share": _fraction(share), "n": fmt(round(share * total, 2))}
        if base == "electorate":
            values["base"] = _("the %(n)s members") % {"n": fmt(total)}
        else:
            values["base"] = _("the votes cast for options")
        rule = (
            _("Needed: more than %(share)s of %(base)s (more than %(n)s).")
            if strict
            else _("Needed: at least %(share)s of %(base)s (at least %(n)s).")
        )
        view.outcome.append(rule % values)


def _fraction(share: float) -> str:
    return {1 / 2: _("half"), 2 / 3: _("two thirds"), 3 / 4: _("three quarters")}.get(
        share, fmt(share)
    )


def _consensus(
    view: TallyView,
    decision: Decision,
    labels: dict[str, Option],
    order: list[str],
    winners: list[str],
    details: dict[str, Any],
    secret: bool,
) -> None:
    counts: dict[str, dict[str, Any]] = details.get("counts") or {}
    for c in order:
        k = counts.get(c) or {}
        view.stances.append(
            Stances(
                _opt(labels, c),
                int(k.get("agree", 0)),
                int(k.get("disagree", 0)),
                int(k.get("stand_aside", 0)),
                int(k.get("block", 0)),
                c in winners,
            )
        )
    view.chart_title = _("Stances on each statement")
    view.chart = charts.stacks(
        view.chart_title,
        [
            charts.Stack(
                s.option.label,
                (
                    (s.agree, "agree"),
                    (s.disagree, "disagree"),
                    (s.aside, "aside"),
                    (s.block, "block"),
                ),
            )
            for s in view.stances
        ],
    )
    who = names(decision.question.org_id) if not secret else {}
    for c, raised in (details.get("blocks") or {}).items():
        for b in raised:
            name = "" if secret else who.get(str(b.get("voter")), "")
            view.blocks.append((_opt(labels, c), name, str(b.get("reason", ""))))
    if view.winners:
        view.outcome.append(_adopted(view.winners))
    else:
        view.outcome.append(_nothing())
    if view.blocks:
        view.outcome.append(_("%(n)s block(s) stopped a statement.") % {"n": len(view.blocks)})


def _rounds(
    view: TallyView,
    labels: dict[str, Option],
    order: list[str],
    scores: dict[str, float],
    winners: list[str],
    details: dict[str, Any],
) -> None:
    """Instant-runoff and STV: a table of rounds (options × rounds), a chart per round."""
    view.round_options = [_opt(labels, c) for c in order]
    data = details.get("rounds") or []
    for n, r in enumerate(data, 1):
        counts = {str(k): float(v) for k, v in (r.get("counts") or {}).items()}
        elected = [_opt(labels, c) for c in r.get("elected", [])]
        out = [_opt(labels, c) for c in r.get("eliminated", [])]
        title = _("Round %(n)s") % {"n": n}
        view.rounds.append(
            Round(
                n,
                [fmt(counts[c]) if c in counts else "" for c in order],
                elected,
                out,
                fmt(float(r.get("exhausted") or 0)),
                charts.bars(
                    title,
                    [
                        charts.Bar(
                            _opt(labels, c).label,
                            v,
                            "won"
                            if c in r.get("elected", [])
                            else ("out" if c in r.get("eliminated", []) else "lost"),
                        )
                        for c, v in counts.items()
                    ],
                ),
            )
        )
    if "quota" in details:
        view.quota = fmt(float(details["quota"]))
    if not view.winners:
        view.outcome.append(_nothing())
        return
    view.outcome.append(_adopted(view.winners))
    if view.quota:
        view.outcome.append(_("The quota to be elected: %(quota)s.") % {"quota": view.quota})
    # The deciding round: the last one in which a winner still had a competitor.
    contested = [r.get("counts", {}) for r in data if len(r.get("counts", {})) >= 2]
    if not contested or len(winners) != 1 or winners[0] not in contested[-1]:
        return
    final = {str(k): float(v) for k, v in contested[-1].items()}
    w = winners[0]
    total = sum(final.values())
    rival = max((v, c) for c, v in final.items() if c != w)
    view.outcome.append(
        _("In the deciding round %(option)s had %(votes)s of %(total)s; %(rival)s had %(other)s.")
        % {
            "option": _opt(labels, w).label,
            "votes": fmt(final[w]),
            "total": fmt(total),
            "rival": _opt(labels, rival[1]).label,
            "other": fmt(rival[0]),
        }
    )
    if final[w] > rival[0]:
        view.outcome.append(_("The margin: %(margin)s.") % {"margin": _votes(final[w] - rival[0])})


def _pairwise(
    view: TallyView,
    decision: Decision,
    labels: dict[str, Option],
    winners: list[str],
    details: dict[str, Any],
) -> None:
    d = details.get("pairwise") or []
    n = len(d)
    cands = _candidates(decision, details, n)
    if len(cands) != n:
        return
    view.matrix_options = [_opt(labels, c) for c in cands]
    view.matrix = _cells(d, d)
    if details.get("strongest_paths"):
        view.paths = _cells(details["strongest_paths"], details["strongest_paths"])
    index = {c: i for i, c in enumerate(cands)}
    for x, y in details.get("locked") or []:
        i, j = index.get(str(x)), index.get(str(y))
        if i is not None and j is not None:
            view.locked.append(
                _("%(a)s over %(b)s (%(for)s to %(against)s)")
                % {
                    "a": view.matrix_options[i].label,
                    "b": view.matrix_options[j].label,
                    "for": d[i][j],
                    "against": d[j][i],
                }
            )
    view.dropped = [_opt(labels, c) for c in details.get("dropped") or []]
    wins = [sum(1 for j in range(n) if j != i and d[i][j] > d[j][i]) for i in range(n)]
    view.chart_title = _("Head-to-head wins of each option")
    view.chart = charts.bars(
        view.chart_title,
        [
            charts.Bar(o.label, float(wins[i]), "won" if cands[i] in winners else "lost")
            for i, o in enumerate(view.matrix_options)
        ],
        scale=float(max(n - 1, 1)),
    )
    if not view.winners:
        view.outcome.append(_nothing())
        return
    view.outcome.append(_adopted(view.winners))
    for w in winners:
        i = index.get(w)
        if i is None:
            continue
        said = []
        for j, other in enumerate(view.matrix_options):
            if j == i:
                continue
            a, b = d[i][j], d[j][i]
            verb = (
                _("beats %(b)s %(x)s to %(y)s")
                if a > b
                else (
                    _("loses to %(b)s %(x)s to %(y)s")
                    if a < b
                    else _("ties with %(b)s %(x)s to %(y)s")
                )
            )
            said.append(verb % {"b": other.label, "x": a, "y": b})
        view.outcome.append(
            _("Head to head, %(a)s %(results)s.")
            % {"a": view.matrix_options[i].label, "results": "; ".join(said)}
        )


def _cells(mat: list[list[Any]], against: list[list[Any]]) -> list[list[Cell]]:
    n = len(mat)
    rows = []
    for i in range(n):
        row = []
        for j in range(n):
            if i == j:
                row.append(Cell("—", "self"))
                continue
            a, b = mat[i][j], against[j][i]
            row.append(Cell(fmt(float(a)), "win" if a > b else ("loss" if a < b else "tie")))
        rows.append(row)
    return rows


def _minority(view: TallyView, decision: Decision, labels: dict[str, Option], secret: bool) -> None:
    """How many ballots did not back the adopted line; on an open vote, whose and how."""
    view.backing = decision.backing
    if not view.ballots or decision.backing is None or not decision.adopted:
        return
    view.minority = view.ballots - decision.backing
    view.minority_share = round(view.minority / view.ballots, 4)
    if secret:
        return
    words = {k: v.label for k, v in labels.items()}
    who = names(decision.question.org_id)
    adopted = list(decision.adopted)
    for member, ballot in _counted_ballots(decision):
        if not backs(ballot, adopted):
            said = _stances_words(ballot, words) or ballot_words(ballot, words) or _("no option")
            if ballot.get("choice") == "abstain":
                said = _("abstained")
            view.minority_ballots.append((who.get(member, _("a former member")), said))
    view.minority_ballots.sort()


def _stances_words(ballot: dict[str, Any], words: dict[str, str]) -> str:
    """A consensus ballot (a stance on each statement) in words."""
    stances = ballot.get("stances")
    if not isinstance(stances, dict):
        return ""
    said = []
    for option, stance in stances.items():
        if isinstance(stance, dict):
            text = _("block: %(reason)s") % {"reason": stance.get("block", "")}
        else:
            text = str(STANCES.get(str(stance), stance))
        said.append(f"{words.get(str(option), str(option))}: {text}")
    return "; ".join(said)
