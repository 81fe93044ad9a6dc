"""The simulator's continuous parameters and the named regimes (presets) built from them.

Every field of `Params` is a behavioural tendency in a documented range; a regime is a point in
that space. Mixtures add each regime's deviation from `healthy`, scaled by its weight, to
`healthy` and clip to the ranges, so `personality_cult+hush_hush` is a cult that also closes its
doors, and `personality_cult:0.4` is a mild cult (docs/simulator.md).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any


def _p(default: float, lo: float, hi: float, doc: str) -> Any:
    return field(default=default, metadata={"range": (lo, hi), "doc": doc})


@dataclass(frozen=True, slots=True)
class Params:
    """Tendencies of one organization's members and bodies; every field in [lo, hi] (metadata)."""

    authority_sense: float = _p(
        0.85,
        0.0,
        1.0,
        "How critical (1) or blind (0) members are towards leaders: scales objections to a "
        "leader's lines and how far votes follow the leader against one's own view.",
    )
    leader_weight: float = _p(
        0.55,
        0.0,
        1.0,
        "The weight of each body's leader: how often the leader speaks and proposes, and the pull "
        "of the leader's lines on loyal members.",
    )
    leader_answers: float = _p(
        0.85, 0.0, 1.0, "Probability that a leader answers an objection or question put to them."
    )
    committee_weight: float = _p(
        0.0,
        0.0,
        1.0,
        "Collective authority of the central committee: its members' lines pull votes and are "
        "shielded from objection in every body, its directives from critique.",
    )
    leading_org_weight: float = _p(
        0.0,
        0.0,
        1.0,
        "In a forum: authority of the first organization's delegates over the others "
        "(the 'leading party').",
    )
    praise: float = _p(
        0.08,
        0.0,
        1.0,
        "Probability that a support is phrased as praise; who is praised follows the weights "
        "above (the top leader, the committee, the leading organization, or the author).",
    )
    criticism: float = _p(
        0.6,
        0.0,
        1.0,
        "Base readiness to object to a line one disagrees with (before authority and fear).",
    )
    responsiveness: float = _p(
        0.8,
        0.0,
        1.0,
        "Probability that an objection or question gets a reply from someone other than its author.",
    )
    openness: float = _p(0.95, 0.0, 1.0, "Probability that a question is open to all members.")
    close_reasons: float = _p(
        0.9,
        0.0,
        1.0,
        "Probability that a closed question states a substantive reason (else a boilerplate one).",
    )
    faction_count: float = _p(
        0.0, 0.0, 6.0, "Number of fixed factions members belong to (rounded; 0 or 1: none)."
    )
    faction_strength: float = _p(
        0.0,
        0.0,
        1.0,
        "How far supports, objections and votes follow the faction instead of the argument.",
    )
    branding: float = _p(
        0.0,
        0.0,
        1.0,
        "Treatment of differences: 0 argued, 1 branded — replies to objections that label the "
        "objector as an enemy instead of answering.",
    )
    dissent_penalty: float = _p(
        0.02,
        0.0,
        1.0,
        "Probability that a member who objected to the adopted line or its leader later loses a "
        "role or is expelled.",
    )
    understanding_growth: float = _p(
        0.6,
        0.0,
        1.0,
        "How fast members' experience (and so substantive participation) grows with membership.",
    )
    growth: float = _p(
        0.01, 0.0, 0.2, "Monthly membership growth (share of current members who join)."
    )
    leadership_acceptance: float = _p(
        1.0,
        0.0,
        1.0,
        "Acceptance of leadership itself: low values revoke leaders, leave bodies leaderless "
        "and nobody moves a question to a vote (ultra-democracy).",
    )
    decisiveness: float = _p(
        0.9, 0.0, 1.0, "Probability that a discussion that ran its course is brought to a vote."
    )
    formalism: float = _p(
        0.0,
        0.0,
        1.0,
        "Probability that a decision ratifies the leader's synthesis and members vote the line "
        "whatever they said in discussion.",
    )
    credit_fairness: float = _p(
        0.95,
        0.0,
        1.0,
        "Probability that an adopted line is credited to its authors; else the leader restates "
        "a member's words as a synthesis without citing them and takes the credit.",
    )
    rewriting: float = _p(
        0.01,
        0.0,
        1.0,
        "Rate of renames and redactions that erase dissenters and departed members from the record.",
    )
    feedback: float = _p(
        0.35,
        0.0,
        1.0,
        "Per directive and lower body, probability that members send feedback upward.",
    )
    feedback_answering: float = _p(
        0.85, 0.0, 1.0, "Probability that feedback gets an answer from the body it was sent to."
    )
    application_originality: float = _p(
        0.9,
        0.0,
        1.0,
        "Probability that a lower body writes its own application of a directive (else it "
        "repeats the directive word for word).",
    )
    upward_lines: float = _p(
        0.3,
        0.0,
        1.0,
        "Probability that a higher body's question starts from a line proposed by a lower body.",
    )
    question_rate: float = _p(
        1.2, 0.05, 6.0, "Questions opened per body per month (cells; higher bodies scale this)."
    )
    activity: float = _p(
        1.0, 0.1, 4.0, "Scale of how much members contribute to a question per day."
    )
    facts: float = _p(
        0.35, 0.0, 1.0, "Probability that a question gets facts placed before the body."
    )

    def check(self) -> Params:
        """Raise ValueError naming the first field outside its range."""
        for f in fields(self):
            lo, hi = f.metadata["range"]
            value = getattr(self, f.name)
            if not lo <= value <= hi:
                raise ValueError(f"parameter {f.name}={value} is outside its range [{lo}, {hi}]")
        return self

    def clipped(self) -> Params:
        values = {}
        for f in fields(self):
            lo, hi = f.metadata["range"]
            values[f.name] = min(hi, max(lo, float(getattr(self, f.name))))
        return Params(**values)

    def to_dict(self) -> dict[str, float]:
        return {k: round(float(v), 6) for k, v in asdict(self).items()}


def param_table() -> list[tuple[str, float, float, float, str]]:
    """(name, default, lo, hi, doc) of every parameter, in declaration order."""
    out = []
    for f in fields(Params):
        lo, hi = f.metadata["range"]
        out.append((f.name, float(f.default), lo, hi, f.metadata["doc"]))  # type: ignore[arg-type]
    return out


HEALTHY = Params()

# Each preset: the fields it changes from `healthy`, and why (docs/simulator.md repeats these).
PRESETS: dict[str, tuple[dict[str, float], str]] = {
    "healthy": (
        {},
        "A real leader, praised now and then and usually followed, but openly challenged and "
        "answering; lines adopted from anywhere; directives applied locally and criticised "
        "upward; open questions; credits to authors.",
    ),
    "personality_cult": (
        {
            "authority_sense": 0.03,
            "leader_weight": 0.95,
            "leader_answers": 0.3,
            "praise": 0.7,
            "criticism": 0.35,
            "credit_fairness": 0.5,
            "feedback": 0.05,
            "upward_lines": 0.03,
        },
        "Blind sense of authority and a heavy leader: the leader speaks and proposes, nobody "
        "objects to the leader's lines, supports praise the top leader by name, credit and lines "
        "flow to the leader, little feedback comes up.",
    ),
    "committee_cult": (
        {
            "committee_weight": 0.97,
            "leader_weight": 0.5,
            "praise": 0.45,
            "feedback": 0.1,
            "upward_lines": 0.03,
        },
        "The central committee as a whole is beyond criticism: its members' lines are never "
        "objected to in any body, praise names the committee rather than a person, its "
        "directives draw no critique.",
    ),
    "formal_democracy": (
        {
            "formalism": 0.9,
            "leader_answers": 0.15,
            "responsiveness": 0.25,
            "leader_weight": 0.65,
            "upward_lines": 0.05,
            "feedback_answering": 0.3,
        },
        "Discussion happens and runs its own way, but decisions ratify the leader's synthesis, "
        "members vote the line (often unanimously) and objections stay unanswered.",
    ),
    "ultra_democracy": (
        {
            "leadership_acceptance": 0.05,
            "leader_weight": 0.05,
            "decisiveness": 0.08,
            "authority_sense": 1.0,
            "criticism": 0.9,
            "activity": 1.4,
        },
        "Leadership itself is rejected: leaders are revoked and not replaced, everyone proposes "
        "a line, nobody brings a question to a vote; few decisions, long leaderless spells.",
    ),
    "factionalism": (
        {
            "faction_count": 3.0,
            "faction_strength": 0.9,
            "responsiveness": 0.55,
        },
        "Members belong to fixed factions; supports, objections and votes follow the faction, so "
        "votes split into the same blocs question after question.",
    ),
    "antagonism_branding": (
        {
            "branding": 0.85,
            "dissent_penalty": 0.35,
            "leader_answers": 0.3,
            "responsiveness": 0.5,
        },
        "Differences are branded: replies to objections call the objector an enemy, wrecker or "
        "splitter instead of answering, and objectors lose their roles or are expelled.",
    ),
    "hush_hush": (
        {
            "openness": 0.15,
            "close_reasons": 0.1,
            "facts": 0.1,
            "feedback": 0.1,
        },
        "Controversy stays within four walls: most questions are closed to members, mostly with "
        "no real reason given, few facts are placed.",
    ),
    "credit_erasure": (
        {
            "credit_fairness": 0.05,
            "rewriting": 0.5,
        },
        "The leader restates members' lines as syntheses without citing them and takes the "
        "credit; departed members' contributions are redacted and names erased by renames.",
    ),
    "parroting": (
        {
            "application_originality": 0.05,
            "feedback": 0.05,
        },
        "Lower bodies repeat the directive word for word instead of applying it to their own "
        "conditions, and send nothing back up.",
    ),
    "leading_party": (
        {
            "leading_org_weight": 0.95,
            "praise": 0.4,
            "feedback": 0.1,
        },
        "In a forum of organizations (--orgs 2 or more), the first organization's delegates "
        "are beyond criticism: their lines pull the others' votes and draw no objection, praise "
        "names that organization, its directives draw little critique.",
    ),
}

REGIMES = tuple(PRESETS)

_TERM = re.compile(r"^\s*([a-z_]+)\s*(?::\s*([0-9]*\.?[0-9]+)\s*)?$")


def preset(name: str) -> Params:
    """The named regime's parameters."""
    if name not in PRESETS:
        raise ValueError(f"unknown regime {name!r}; choose from {', '.join(REGIMES)}")
    return replace(HEALTHY, **PRESETS[name][0])


def parse_regime(spec: str) -> list[tuple[str, float]]:
    """`a+b:0.5` → [("a", 1.0), ("b", 0.5)]; errors name the bad term."""
    terms: list[tuple[str, float]] = []
    for part in spec.split("+"):
        m = _TERM.match(part)
        if not m:
            raise ValueError(f"regime term {part!r} is not NAME or NAME:WEIGHT")
        name, weight = m.group(1), float(m.group(2) or 1.0)
        if name not in PRESETS:
            raise ValueError(f"unknown regime {name!r}; choose from {', '.join(REGIMES)}")
        if weight > 1.0:
            raise ValueError(f"regime weight {weight} for {name!r} must lie in [0, 1]")
        terms.append((name, weight))
    return terms


def regime_params(spec: str, overrides: dict[str, float] | None = None) -> Params:
    """Parameters for a regime or mixture, then explicit overrides (checked against ranges)."""
    base = HEALTHY.to_dict()
    values = dict(base)
    for name, weight in parse_regime(spec):
        for key, target in PRESETS[name][0].items():
            values[key] += weight * (target - base[key])
    mixed = Params(**values).clipped()
    if overrides:
        known = {f.name for f in fields(Params)}
        for key in overrides:
            if key not in known:
                raise ValueError(f"unknown parameter {key!r}; see docs/simulator.md")
        mixed = replace(mixed, **{k: float(v) for k, v in overrides.items()})
    return mixed.check()


def parse_overrides(items: list[str] | tuple[str, ...]) -> dict[str, float]:
    """`["openness=0.3", …]` → {"openness": 0.3}; errors name the bad item."""
    out: dict[str, float] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--param {item!r} is not KEY=VALUE")
        try:
            out[key.strip()] = float(value)
        except ValueError:
            raise ValueError(f"--param {item!r}: {value!r} is not a number") from None
    return out
