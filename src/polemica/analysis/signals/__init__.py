"""Every signal, by name: its family, function, range and what high and low values mean.

The names are a contract (JSON report, docs/metrics.md, tests): never rename one.
"""

from __future__ import annotations

from dataclasses import dataclass

from polemica.analysis.signals import (
    antagonism,
    authority,
    centralism,
    coordination,
    credit,
    dialogue,
    effectiveness,
    factions,
    openness,
)
from polemica.analysis.signals.base import EVIDENCE_CAP, Signal, SignalFn, missing


@dataclass(frozen=True)
class SignalSpec:
    name: str
    family: str
    fn: SignalFn
    range: str


def _specs() -> list[SignalSpec]:
    table: list[tuple[str, SignalFn, str]] = [
        ("dialogue", dialogue.reply_share, "[0, 1]"),
        ("dialogue", dialogue.reciprocity, "[0, 1]"),
        ("dialogue", dialogue.objection_answer_rate, "[0, 1]"),
        ("dialogue", dialogue.leader_voice_share, "[0, 1]"),
        ("dialogue", dialogue.participation_breadth, "[0, 1]"),
        ("authority", authority.leader_challenge_rate, "[0, 1]"),
        ("authority", authority.leader_answer_rate, "[0, 1]"),
        ("authority", authority.leader_adoption_rate, "[0, 1]"),
        ("authority", authority.line_origin_diversity, "[0, 1]"),
        ("authority", authority.unopposed_unanimity, "[0, 1]"),
        ("authority", authority.leader_vote_alignment, "[-1, 1]"),
        ("authority", authority.dissent_penalty, "[-1, 1]"),
        ("authority", coordination.coordination_to_leader, "[-1, 1]"),
        ("authority", coordination.coordination_from_leader, "[-1, 1]"),
        ("credit", credit.credit_concentration, "[0, 1)"),
        ("credit", credit.praise_concentration, "[0, 1]"),
        ("credit", credit.unacknowledged_reuse, "[0, 1]"),
        ("credit", credit.erasure_rate, "[0, 1]"),
        ("centralism", centralism.feedback_answer_rate, "[0, 1]"),
        ("centralism", centralism.feedback_answer_days, "[0, ∞) days"),
        ("centralism", centralism.feedback_per_directive, "[0, ∞)"),
        ("centralism", centralism.application_novelty, "[0, 1]"),
        ("centralism", centralism.parroting_share, "[0, 1]"),
        ("antagonism", antagonism.hostile_label_rate, "[0, 1]"),
        ("openness", openness.closed_share, "[0, 1]"),
        ("openness", openness.closed_without_reason, "[0, 1]"),
        ("openness", openness.decided_before_review, "[0, 1]"),
        ("factions", factions.bloc_strength, "[-1, 1]"),
        ("factions", factions.bloc_persistence, "[-1, 1]"),
        ("effectiveness", effectiveness.decision_yield, "[0, 1]"),
        ("effectiveness", effectiveness.median_days_to_decision, "[0, ∞) days"),
        ("effectiveness", effectiveness.leaderless_days, "[0, window days]"),
        ("effectiveness", effectiveness.leaderless_share, "[0, 1]"),
    ]
    return [SignalSpec(fn.__name__, fam, fn, rng) for fam, fn, rng in table]


SIGNALS: dict[str, SignalSpec] = {spec.name: spec for spec in _specs()}

__all__ = ["EVIDENCE_CAP", "SIGNALS", "Signal", "SignalSpec", "missing"]
