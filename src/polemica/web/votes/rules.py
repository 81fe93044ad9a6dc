"""Ballot rules: which ballot a question's method takes and what options it may name."""

from __future__ import annotations

from typing import Any

from polemica.web.base.errors import Invalid
from polemica.web.votes.methods import ballot_fields


def _named(ballot: dict[str, Any]) -> list[str]:
    if "choice" in ballot:
        return [str(ballot["choice"])]
    if "ranking" in ballot:
        return [str(x) for group in ballot["ranking"] or [] for x in group]
    if "approve" in ballot:
        return [str(x) for x in ballot["approve"] or []]
    if "stances" in ballot:
        return [str(x) for x in ballot["stances"] or {}]
    return []


def check_ballot(method: str, ballot: dict[str, Any], options: list[str]) -> None:
    """Raises Invalid unless `ballot` is a kind `method` counts and names only `options`; a
    consensus ballot gives a stance on every one of them."""
    kinds = ballot_fields(method)
    if not any(k in ballot for k in kinds):
        if "stance" in ballot and "stances" in kinds:
            raise Invalid(
                'a consensus ballot gives a stance on every position: {"stances": {id: stance}}',
                field="ballot",
            )
        raise Invalid(f"a {method} vote takes a {' or '.join(kinds)} ballot", field="ballot")
    stray = [x for x in _named(ballot) if x not in options]
    if stray:
        raise Invalid(
            f"{', '.join(stray)} are not positions, syntheses or readings of this question",
            field="ballot",
        )
    if "stances" in ballot:
        missing = [x for x in options if x not in ballot["stances"]]
        if missing:
            raise Invalid(
                f"a consensus ballot gives a stance on every position; missing: "
                f"{', '.join(missing)}",
                field="ballot",
            )


# The keys a secret ballot may hold, by its kind: anything more could mark a ballot, and so
# let someone find it in the published list (docs/ledger.md, "Secret ballots").
SECRET_KEYS = (
    {"choice"},
    {"ranking"},
    {"approve"},
    {"stances"},
    {"stance", "statement"},
    {"stance", "statement", "block"},
)


def check_secret_ballot(ballot: dict[str, Any]) -> None:
    """Raises Invalid when a secret ballot holds keys beyond what its method counts."""
    if set(ballot) not in SECRET_KEYS:
        known = {"choice", "ranking", "approve", "stances", "stance", "statement"}
        extra = sorted(set(ballot) - known)
        what = ", ".join(extra) if extra else "more than one kind of ballot"
        raise Invalid(
            f"a secret ballot holds only what is counted, not {what} (a mark could identify it)",
            field="ballot",
        )
