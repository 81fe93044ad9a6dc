"""What the pages show of a secret vote: whether the reader took part in this round, and the
ballots a decision published, by tracking number and in words (docs/ledger.md)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from polemica.web.process.models import Question
from polemica.web.votes.models import Ballot, Decision
from polemica.web.votes.queries import voting_since


def sealed_this_round(q: Question, mine: Ballot | None) -> bool:
    """Whether the reader's current ballot belongs to the vote now running (a reopened question
    votes again, and each vote takes one sealed ballot per member)."""
    return mine is not None and q.ballot == "secret" and mine.seq > voting_since(q)


def ballot_words(ballot: dict[str, Any], labels: dict[str, str]) -> str:
    """A ballot as the page says it: options by their label ("Position 2")."""

    def name(option: Any) -> str:
        return labels.get(str(option), str(option))

    if "choice" in ballot:
        return name(ballot["choice"])
    if "approve" in ballot:
        return ", ".join(name(x) for x in ballot["approve"]) or _("none")
    if "ranking" in ballot:
        return " > ".join(" = ".join(name(x) for x in group) for group in ballot["ranking"])
    if "stance" in ballot:
        said = f"{ballot['stance']}: {name(ballot.get('statement'))}"
        return f"{said} ({_('block')}: {ballot['block']})" if "block" in ballot else said
    return ""


def published(decision: Decision | None, labels: dict[str, str]) -> list[tuple[str, str]]:
    """(tracking number, the ballot in words) of each ballot a secret vote's decision counted."""
    if decision is None or decision.ballots is None:
        return []
    return [(b["tracking"], ballot_words(b["ballot"], labels)) for b in decision.ballots]
