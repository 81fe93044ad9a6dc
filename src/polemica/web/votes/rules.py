"""Ballot rules: which ballot a question's method takes and what options it may name."""

from __future__ import annotations

from typing import Any

from polemica.web.base.errors import Invalid
from polemica.web.votes.methods import ballot_fields


def check_ballot(
    method: str, ballot: dict[str, Any], options: set[str], statements: set[str]
) -> None:
    """Raises Invalid unless `ballot` is a kind `method` counts and names real options."""
    kinds = ballot_fields(method)
    if not any(k in ballot for k in kinds):
        raise Invalid(f"a {method} vote takes a {' or '.join(kinds)} ballot", field="ballot")
    named: list[str] = []
    if "choice" in ballot:
        named = [str(ballot["choice"])]
    elif "ranking" in ballot:
        named = [str(x) for group in ballot["ranking"] or [] for x in group]
    elif "approve" in ballot:
        named = [str(x) for x in ballot["approve"] or []]
    elif "stance" in ballot:
        named = [str(ballot.get("statement"))]
    stray = [x for x in named if x not in options]
    if stray:
        raise Invalid(
            f"{', '.join(stray)} are not positions, syntheses or readings of this question",
            field="ballot",
        )


# The keys a secret ballot may hold, by its kind: anything more could mark a ballot, and so
# let someone find it in the published list (docs/ledger.md, "Secret ballots").
SECRET_KEYS = (
    {"choice"},
    {"ranking"},
    {"approve"},
    {"stance", "statement"},
    {"stance", "statement", "block"},
)


def check_secret_ballot(ballot: dict[str, Any]) -> None:
    """Raises Invalid when a secret ballot holds keys beyond what its method counts."""
    if set(ballot) not in SECRET_KEYS:
        extra = sorted(set(ballot) - {"choice", "ranking", "approve", "stance", "statement"})
        what = ", ".join(extra) if extra else "more than one kind of ballot"
        raise Invalid(
            f"a secret ballot holds only what is counted, not {what} (a mark could identify it)",
            field="ballot",
        )
