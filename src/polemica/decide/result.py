"""The result every method returns: winners, full ranking, scores, explanation, tie-break."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from polemica.decide.tiebreak import TieBreak


@dataclass(frozen=True)
class Result:
    """The outcome of one tally.

    `ranking` lists tie groups best first as the method's own rules leave them; `winners` are the
    elected or adopted options after the tie-break (empty when nothing is adopted, e.g. quorum not
    met or a consensus blocked). `rounds` is the explanation, one readable paragraph per round.
    """

    method: str
    winners: tuple[str, ...]
    ranking: tuple[tuple[str, ...], ...]
    scores: Mapping[str, float]
    rounds: tuple[str, ...]
    tie_break: str
    tie_broken: bool = False
    names: Mapping[str, str] = field(default_factory=dict)
    details: Mapping[str, Any] = field(default_factory=dict)

    def name(self, cand: str) -> str:
        return self.names.get(cand, cand)

    def explanation(self) -> str:
        return "\n".join(self.rounds)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON data; candidates by display name, ids kept under `ids`."""
        nm = self.name
        return {
            "method": self.method,
            "winners": [nm(c) for c in self.winners],
            "ranking": [[nm(c) for c in group] for group in self.ranking],
            "scores": {nm(c): s for c, s in self.scores.items()},
            "tie_break": self.tie_break,
            "tie_broken": self.tie_broken,
            "explanation": list(self.rounds),
            "ids": {
                "winners": list(self.winners),
                "ranking": [list(g) for g in self.ranking],
            },
            "details": _jsonable(self.details),
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return [_jsonable(v) for v in items]
    if hasattr(value, "tolist"):
        return value.tolist()
    return value


def groups_by_score(
    cands: Sequence[str], score: Callable[[str], Any], *, reverse: bool = True
) -> tuple[tuple[str, ...], ...]:
    """Tie groups of candidates with equal score, best (highest when `reverse`) first; members of
    a group are listed by id so output does not depend on input order."""
    out: dict[Any, list[str]] = {}
    for c in cands:
        out.setdefault(score(c), []).append(c)
    return tuple(tuple(sorted(out[s])) for s in sorted(out, reverse=reverse))


def pick(
    ranking: Sequence[Sequence[str]], seats: int, tie: TieBreak
) -> tuple[tuple[str, ...], bool, str | None]:
    """The first `seats` candidates of the ranking, breaking the tie in the group that straddles
    the cut with `tie`. Returns winners, whether the tie-break decided, and a sentence saying how."""
    winners: list[str] = []
    for group in ranking:
        room = seats - len(winners)
        if room <= 0:
            break
        if len(group) <= room:
            winners.extend(group)
            continue
        chosen = tie.order(group)[:room]
        winners.extend(chosen)
        note = (
            f"Tie between {', '.join(sorted(group))} for {room} place(s); the tie-break "
            f"({tie.describe()}) chose {', '.join(chosen)}."
        )
        return tuple(winners), True, note
    return tuple(winners), False, None


def fmt(x: float) -> str:
    """A number as people write it: integers without a decimal point."""
    return str(int(x)) if float(x).is_integer() else f"{x:.4f}".rstrip("0")
