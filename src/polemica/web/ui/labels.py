"""Words for the process's codes (phases, contribution types, verdicts, roles, ballots), translated."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

PHASES = {
    "discussion": _("Discussion"),
    "verification": _("Verification"),
    "voting": _("Voting"),
    "decided": _("Decided"),
    "reopened": _("Reopened"),
    "abandoned": _("Abandoned"),
}
TYPES = {
    "position": _("Position"),
    "support": _("Support"),
    "objection": _("Objection"),
    "question": _("Question"),
    "answer": _("Answer"),
    "amendment": _("Amendment"),
    "synthesis": _("Synthesis"),
    "reading": _("Reading"),
    "criticism": _("Criticism"),
    "self_criticism": _("Self-criticism"),
    "reservation": _("Reservation"),
    "remark": _("Remark"),
}
VERDICTS = {
    "authentic": _("authentic"),
    "unverified": _("unverified"),
    "disputed": _("disputed"),
    "forged": _("forged"),
}
ROLES = {
    "leader": _("leader"),
    "deputy": _("deputy"),
    "member": _("member"),
    "observer": _("observer"),
}
FEEDBACK = {"critique": _("Critique"), "proposal": _("Proposal")}
STANCES = {
    "agree": _("agree"),
    "disagree": _("disagree"),
    "pass": _("stand aside"),
    "block": _("block (give the reason)"),
}
METHODS = {
    "majority": _("simple majority"),
    "absolute-majority": _("absolute majority (of the members)"),
    "two-thirds": _("two-thirds majority"),
    "three-quarters": _("three-quarters majority"),
    "plurality": _("plurality"),
    "approval": _("approval"),
    "consensus": _("consensus (blocks stop it)"),
    "schulze": _("Schulze (ranked)"),
    "ranked-pairs": _("ranked pairs (ranked)"),
    "copeland": _("Copeland (ranked)"),
    "debian": _("Debian (ranked, against none of the above)"),
    "instant-runoff": _("instant runoff (ranked)"),
    "stv": _("single transferable vote (ranked, seats)"),
    "none-of-the-above": _("None of the above"),
}
# The options of a method a question may set (polemica.decide.options), with a hint.
METHOD_OPTIONS = (
    ("seats", _("Seats"), _("how many lines or people are chosen (approval, Schulze, STV…)")),
    ("quorum", _("Quorum"), _("ballots needed: a number, or a share of the members below 1")),
    ("majority", _("Supermajority"), _("Debian: ratio an option needs against none of the above")),
    ("threshold", _("Consent threshold"), _("consensus: share of agreement among opinions, 0–1")),
    ("strength", _("Strength"), _("Schulze, ranked pairs: winning or margins")),
    ("default", _("Default option"), _("Debian: the default option's id")),
)
NEEDS = {
    "needs_positions": _("Next: verification. No position has been proposed yet."),
    "ready_for_verification": _(
        "Next: verification, which freezes the texts. The leader or a deputy moves it."
    ),
    "objections_open": _(
        "Next: voting. Unanswered objections must be answered or marked as left unanswered."
    ),
    "ready_for_voting": _("Next: voting. Every objection is answered."),
    "ballots": _("Voting is open. The leader or a deputy records the decision when it closes."),
    "no_ballots": _("Voting is open. No ballot has been cast yet."),
    "decided": _("Decided. It may be reopened with new facts or arguments."),
    "abandoned": _("Abandoned. It may be reopened."),
}
LINE_OUTCOMES = {
    "answered": _("answered"),
    "adopted": _("adopted"),
    "declined": _("declined"),
}
ALL = {**PHASES, **TYPES, **VERDICTS, **ROLES, **FEEDBACK, **STANCES, **METHODS, **LINE_OUTCOMES}
