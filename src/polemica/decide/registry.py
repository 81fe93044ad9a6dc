"""Every voting method by the name the CLI and the platform's decision action use.

`tally(name, ballots, options)` converts the ballots to what the method counts and runs it:
- ranked methods take `RankedBallot`s (or a ready `RankProfile`); a choice counts as a ranking of
  one option (an abstention ranks nobody);
- pairwise methods (Schulze, ranked pairs, Copeland, Debian) also take a `Pairwise` matrix;
- majority methods take `ChoiceBallot`s; a ranked ballot counts for its single first choice (a
  tie at the top or an empty ranking is an abstention);
- approval takes `ApprovalBallot`s; a ranked ballot approves every candidate it ranks, a choice
  approves its choice;
- consensus takes `ConsentBallot`s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from polemica.decide.approval import approval
from polemica.decide.ballots import (
    ApprovalBallot,
    Ballot,
    ChoiceBallot,
    ConsentBallot,
    RankedBallot,
    RankProfile,
)
from polemica.decide.condorcet import copeland, ranked_pairs, schulze
from polemica.decide.consensus import consensus
from polemica.decide.debian import debian
from polemica.decide.irv import instant_runoff
from polemica.decide.majority import majority
from polemica.decide.names import METHOD_NAMES
from polemica.decide.pairwise import Pairwise, pairwise
from polemica.decide.result import Result
from polemica.decide.stv import stv
from polemica.decide.votes import ballots_from_events
from polemica.events import Event

Input = Literal["choice", "approval", "consent", "ranked", "pairwise"]
Ballots = Sequence[Ballot] | RankProfile | Pairwise

# Options every method accepts, used while converting ballots.
COMMON = ("candidates", "names", "tie_break", "unranked")


@dataclass(frozen=True)
class Method:
    name: str
    input: Input
    summary: str
    options: tuple[str, ...]
    run: Callable[..., Result]


def _majority(rule: str) -> Callable[..., Result]:
    def run(ballots: list[ChoiceBallot], **kw: Any) -> Result:
        return majority(ballots, rule=rule, **kw)

    return run


_MAJ_OPTS = ("quorum", "electorate")
METHODS: dict[str, Method] = {
    m.name: m
    for m in (
        Method(
            "majority",
            "choice",
            "simple majority: more than half of the votes cast",
            _MAJ_OPTS,
            _majority("simple"),
        ),
        Method(
            "absolute-majority",
            "choice",
            "more than half of the electorate",
            _MAJ_OPTS,
            _majority("absolute"),
        ),
        Method(
            "two-thirds",
            "choice",
            "at least two thirds of the votes cast",
            _MAJ_OPTS,
            _majority("two-thirds"),
        ),
        Method(
            "three-quarters",
            "choice",
            "at least three quarters of the votes cast",
            _MAJ_OPTS,
            _majority("three-quarters"),
        ),
        Method("plurality", "choice", "most votes", _MAJ_OPTS, _majority("plurality")),
        Method("approval", "approval", "most approvals", ("seats", *_MAJ_OPTS), approval),
        Method(
            "consensus",
            "consent",
            "adopted unless blocked, with a consent threshold",
            ("threshold", *_MAJ_OPTS),
            consensus,
        ),
        Method(
            "schulze",
            "pairwise",
            "Schulze beat path (winning votes or margins)",
            ("strength", "seats"),
            schulze,
        ),
        Method(
            "ranked-pairs",
            "pairwise",
            "Tideman's ranked pairs",
            ("strength", "seats"),
            ranked_pairs,
        ),
        Method("copeland", "pairwise", "pairwise wins minus losses", ("seats",), copeland),
        Method(
            "debian",
            "pairwise",
            "Debian: quorum, supermajority against the default option, Schwartz dropping",
            ("default", "quorum", "majority", "casting_vote"),
            debian,
        ),
        Method("instant-runoff", "ranked", "instant-runoff (alternative vote)", (), instant_runoff),
        Method(
            "stv",
            "ranked",
            "single transferable vote, Droop quota, weighted inclusive Gregory",
            ("seats",),
            stv,
        ),
    )
}


def method(name: str) -> Method:
    try:
        return METHODS[name]
    except KeyError:
        raise ValueError(f"unknown method {name!r}; known: {', '.join(METHODS)}") from None


def _to_choices(ballots: Ballots) -> list[ChoiceBallot]:
    if isinstance(ballots, Pairwise):
        raise ValueError("a pairwise matrix holds no single choices; use a ranked method")
    if isinstance(ballots, RankProfile):
        return [
            ChoiceBallot(r[0][0] if r and len(r[0]) == 1 else None, int(n))
            for r, n in zip(ballots.rankings(), ballots.counts, strict=True)
        ]
    out = []
    for b in ballots:
        if isinstance(b, ChoiceBallot):
            out.append(b)
        elif isinstance(b, RankedBallot):
            top = b.ranking[0] if b.ranking else frozenset()
            out.append(ChoiceBallot(next(iter(top)) if len(top) == 1 else None, b.weight, b.voter))
        else:
            raise ValueError(f"a majority vote cannot count a {type(b).__name__}")
    return out


def _to_approvals(ballots: Ballots) -> list[ApprovalBallot]:
    if isinstance(ballots, Pairwise):
        raise ValueError("a pairwise matrix holds no approvals")
    if isinstance(ballots, RankProfile):
        return [
            ApprovalBallot(frozenset(c for g in r for c in g), int(n))
            for r, n in zip(ballots.rankings(), ballots.counts, strict=True)
        ]
    out = []
    for b in ballots:
        if isinstance(b, ApprovalBallot):
            out.append(b)
        elif isinstance(b, RankedBallot):
            out.append(ApprovalBallot(b.ranked(), b.weight, b.voter))
        elif isinstance(b, ChoiceBallot):
            out.append(ApprovalBallot(frozenset([b.choice] if b.choice else []), b.weight, b.voter))
        else:
            raise ValueError(f"approval voting cannot count a {type(b).__name__}")
    return out


def _to_consent(ballots: Ballots) -> list[ConsentBallot]:
    if isinstance(ballots, RankProfile | Pairwise) or not all(
        isinstance(b, ConsentBallot) for b in ballots
    ):
        raise ValueError("consensus counts stance ballots (agree, disagree, pass or block)")
    return list(ballots)  # type: ignore[arg-type]


def _to_profile(ballots: Ballots, common: Mapping[str, Any]) -> RankProfile:
    if isinstance(ballots, Pairwise):
        raise ValueError("this method needs ballots, not only a pairwise matrix")
    if isinstance(ballots, RankProfile):
        return ballots
    ranked = []
    for b in ballots:
        if isinstance(b, RankedBallot):
            ranked.append(b)
        elif isinstance(b, ChoiceBallot):
            ranked.append(RankedBallot((frozenset([b.choice]),) if b.choice else (), b.weight))
        else:
            raise ValueError(f"a ranked method cannot count a {type(b).__name__}")
    return RankProfile.from_ballots(
        ranked,
        common.get("candidates"),
        names=common.get("names"),
        unranked=common.get("unranked", "bottom"),
    )


def _no_ballots(ballots: Ballots) -> bool:
    if isinstance(ballots, Pairwise):
        # A published matrix may not state how many voted; all zeros then means nobody did.
        return ballots.n_voters == 0 if ballots.n_voters is not None else not ballots.d.any()
    if isinstance(ballots, RankProfile):
        return int(sum(ballots.counts)) == 0
    return len(ballots) == 0


def _nothing_cast(name: str, ballots: Ballots, opts: Mapping[str, Any]) -> Result:
    """With no ballot at all nothing is adopted: a tie-break must not pick a winner from nothing."""
    cands: list[str] = list(opts.get("candidates") or [])
    names: dict[str, str] = dict(opts.get("names") or {})
    if isinstance(ballots, RankProfile | Pairwise):
        cands = cands or list(ballots.candidates)
        names = names or dict(ballots.names)
    return Result(
        method=name,
        winners=(),
        ranking=(tuple(sorted(cands)),) if cands else (),
        scores={c: 0.0 for c in cands},
        rounds=("No ballot was cast, so nothing is adopted.",),
        tie_break="none needed",
        names=names,
    )


def tally(name: str, ballots: Ballots, options: Mapping[str, Any] | None = None) -> Result:
    """Run the method `name` on `ballots` with `options` (see METHODS[name].options and COMMON)."""
    m = method(name)
    opts = {k: v for k, v in (options or {}).items() if v is not None}
    unknown = sorted(set(opts) - set(m.options) - set(COMMON))
    if unknown:
        takes = ", ".join((*m.options, *COMMON))
        raise ValueError(f"method {name!r} takes no option {unknown[0]!r}; it takes {takes}")
    if _no_ballots(ballots):
        return _nothing_cast(m.name, ballots, opts)
    own = {k: v for k, v in opts.items() if k in m.options}
    if "tie_break" in opts:
        own["tie_break"] = opts["tie_break"]
    if m.input in ("choice", "approval", "consent"):
        convert = {"choice": _to_choices, "approval": _to_approvals, "consent": _to_consent}
        kw = {k: opts[k] for k in ("candidates", "names") if k in opts}
        names = kw.get("names")
        if names is None and isinstance(ballots, RankProfile | Pairwise):
            kw["names"] = dict(ballots.names)
        if "candidates" not in kw and isinstance(ballots, RankProfile):
            kw["candidates"] = list(ballots.candidates)
        return m.run(convert[m.input](ballots), **own, **kw)
    if m.input == "ranked":
        return m.run(_to_profile(ballots, opts), **own)
    pw = ballots if isinstance(ballots, Pairwise) else pairwise(_to_profile(ballots, opts))
    if "names" in opts:
        pw = Pairwise(pw.candidates, pw.d, pw.n_voters, dict(opts["names"]))
    return m.run(pw, **own)


def tally_events(
    name: str,
    events: Iterable[Event],
    question: str | None = None,
    options: Mapping[str, Any] | None = None,
) -> Result:
    """Tally the `vote.cast` events of one question (see `polemica.decide.votes`)."""
    _, ballots = ballots_from_events(events, question)
    return tally(name, ballots, options)


if tuple(METHODS) != METHOD_NAMES:  # a method added in one place only must not load quietly
    raise ImportError("decide/names.py METHOD_NAMES differs from the registry's METHODS")
