"""Syndromes: findings that combine signals, each with a score in [0, 1], a flag, a plain
explanation naming the signals that drove it, and the evidence of those signals.

The central rule (the letter's): praise of a leader, or a leader whose lines are usually adopted,
is not a personality cult where the leader is openly challenged and answers. So the cult score
is the leader's *dominance* (adoption, adopted lines from the leadership only, unopposed
unanimity, praise) multiplied by the *absence of open struggle* (1 − openness, openness growing
with the challenge rate up to `CHALLENGE_FULL` and halved when the leader never answers): a
dominant leader who is challenged and answers scores low; a committee never challenged scores
high. Formal democracy is the other half of the picture: the leader *is* contested, the
objections go unanswered, and the leader's line is ratified anyway. Formulas and the reasoning
for every threshold are in docs/metrics.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from polemica.analysis.signals.base import EVIDENCE_CAP, GROUP_ONLY, Signal

SYNDROME_NAMES = (
    "personality_cult",
    "formal_democracy",
    "ultra_democracy",
    "factionalism",
    "antagonism_branding",
    "hush_hush",
    "credit_erasure",
    "parroting",
)

# Flag thresholds on the score, calibrated on simulated organizations (bench/calibrate.py, seeds
# 1–3; evaluated on seeds 101–103: docs/metrics.md, "Calibration").
FLAG_AT: dict[str, float] = {
    "personality_cult": 0.35,
    "formal_democracy": 0.5,
    "ultra_democracy": 0.5,
    "factionalism": 0.65,
    "antagonism_branding": 0.6,
    "hush_hush": 0.5,
    "credit_erasure": 0.55,
    "parroting": 0.5,
}
MIN_LEADER_POSITIONS = 3
CHALLENGE_FULL = 0.25
"""A leader whose positions draw an objection one time in four or more is openly contested."""
UNANSWERED_OPENNESS = 0.7
"""The openness left to a leader who is challenged but never answers: the cult is the absence of
challenge; unanswered challenges to a line adopted anyway are `formal_democracy`."""
MIN_QUESTIONS = 3
HOSTILE_FULL = 0.25
REUSE_FULL = 0.4
ERASURE_FULL = 0.2
ERASURE_WEIGHT = 0.3
CLOSED_FULL = 0.6
BLOC_FULL = 0.5
YIELD_HALF = 0.5


@dataclass(frozen=True)
class Syndrome:
    score: float | None
    flag: bool
    explanation: str
    evidence: tuple[str, ...] = ()
    drivers: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, object]:
        return {
            "score": None if self.score is None else round(self.score, 4),
            "flag": self.flag,
            "explanation": self.explanation,
            "evidence": list(self.evidence),
        }


Signals = Mapping[str, Signal]


def _v(sig: Signals, name: str) -> float | None:
    s = sig.get(name)
    return None if s is None else s.value


def _fmt(sig: Signals, name: str) -> str:
    v = _v(sig, name)
    return f"{name} = {v:.2f}" if v is not None else f"{name} unknown"


def _evidence(sig: Signals, names: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for n in names:
        s = sig.get(n)
        for e in s.evidence if s else ():
            if e not in out:
                out.append(e)
    return tuple(out[:EVIDENCE_CAP])


def _clip(x: float) -> float:
    return min(1.0, max(0.0, x))


def _done(
    name: str, score: float | None, text: str, sig: Signals, drivers: tuple[str, ...]
) -> Syndrome:
    if score is None:
        return Syndrome(None, False, text, (), drivers)
    score = _clip(score)
    flag = score >= FLAG_AT[name]
    head = "Flagged" if flag else "Not flagged"
    return Syndrome(
        score, flag, f"{head} (score {score:.2f}). {text}", _evidence(sig, drivers), drivers
    )


def _mean(values: list[tuple[float | None, float]]) -> float | None:
    got = [(v, w) for v, w in values if v is not None]
    if not got:
        return None
    return sum(v * w for v, w in got) / sum(w for _, w in got)


def personality_cult(sig: Signals, kind: str) -> Syndrome:
    drivers = (
        "leader_challenge_rate",
        "leader_answer_rate",
        "leader_adoption_rate",
        "line_origin_diversity",
        "unopposed_unanimity",
        "praise_concentration",
        "feedback_per_directive",
    )
    c = sig.get("leader_challenge_rate")
    if c is None or c.value is None:
        why = c.reason if c is not None and c.reason else "the leader's positions are unknown"
        return _done("personality_cult", None, f"Not computed: {why}.", sig, drivers)
    if c.n < MIN_LEADER_POSITIONS:
        return _done(
            "personality_cult",
            None,
            f"Not computed: the leader proposed only {c.n} position(s); "
            f"{MIN_LEADER_POSITIONS} are needed.",
            sig,
            drivers,
        )
    a = _v(sig, "leader_answer_rate")
    answered = a if a is not None else 0.0
    openness = _contested(c.value) * (UNANSWERED_OPENNESS + (1.0 - UNANSWERED_OPENNESS) * answered)
    div = _v(sig, "line_origin_diversity")
    fpd = _v(sig, "feedback_per_directive") if kind in ("org", "forum") else None
    dominance = _mean(
        [
            (_v(sig, "leader_adoption_rate"), 1.0),
            (None if div is None else 1.0 - div, 1.0),
            (_v(sig, "unopposed_unanimity"), 1.0),
            (_v(sig, "praise_concentration"), 0.5),
            # A leading body's directives that draw no criticism from below.
            (None if fpd is None else 1.0 - min(1.0, fpd), 1.0),
        ]
    )
    dom = 0.5 if dominance is None else dominance
    score = (1.0 - openness) * dom
    who = {
        "member": "This member",
        "body": "The body's leadership",
        "org": "The leading body",
        "forum": "The leading organization",
    }[kind]
    if _contested(c.value) >= 0.5 and answered >= 0.5:
        lead = (
            f"{who} is openly challenged ({_fmt(sig, 'leader_challenge_rate')}) and answers "
            f"({_fmt(sig, 'leader_answer_rate')}); adoption or praise alone is not a cult."
        )
    elif _contested(c.value) >= 0.5:
        lead = (
            f"{who} is openly challenged ({_fmt(sig, 'leader_challenge_rate')}) but seldom "
            f"answers ({_fmt(sig, 'leader_answer_rate')}): see formal_democracy."
        )
    else:
        lead = (
            f"{who} is rarely challenged or does not answer "
            f"({_fmt(sig, 'leader_challenge_rate')}, {_fmt(sig, 'leader_answer_rate')})."
        )
    rest = ", ".join(
        _fmt(sig, n)
        for n in (
            "leader_adoption_rate",
            "line_origin_diversity",
            "unopposed_unanimity",
            "praise_concentration",
            "feedback_per_directive",
        )
        if _v(sig, n) is not None
    )
    text = f"{lead} Dominance {dom:.2f} from {rest or 'no decision data'}."
    return _done("personality_cult", score, text, sig, drivers)


def _contested(challenge_rate: float) -> float:
    return min(1.0, challenge_rate / CHALLENGE_FULL)


def formal_democracy(sig: Signals, kind: str) -> Syndrome:
    drivers = (
        "objection_answer_rate",
        "leader_answer_rate",
        "leader_challenge_rate",
        "leader_adoption_rate",
        "line_origin_diversity",
        "unopposed_unanimity",
        "decision_yield",
    )
    if kind == "member":
        return _done("formal_democracy", None, f"Not computed: {GROUP_ONLY}.", sig, drivers)
    y = _v(sig, "decision_yield")
    if y is None:
        return _done("formal_democracy", None, "Not computed: no decisions to judge.", sig, drivers)
    oa, la, ch = (
        _v(sig, n) for n in ("objection_answer_rate", "leader_answer_rate", "leader_challenge_rate")
    )
    unheard = _mean([(None if oa is None else 1 - oa, 2.0), (None if la is None else 1 - la, 1.0)])
    if unheard is None:
        return _done(
            "formal_democracy", None, "Not computed: no objections to judge.", sig, drivers
        )
    div = _v(sig, "line_origin_diversity")
    ratified = _mean(
        [
            (_v(sig, "leader_adoption_rate"), 1.0),
            (None if div is None else 1 - div, 1.0),
            (_v(sig, "unopposed_unanimity"), 0.5),
        ]
    )
    # Unknown challenge rate (no leader positions): no evidence that nobody contests.
    contested = 1.0 if ch is None else _contested(ch)
    rat = 0.5 if ratified is None else ratified
    score = contested * unheard * rat * min(1.0, y / YIELD_HALF)
    text = (
        f"Decisions are taken ({_fmt(sig, 'decision_yield')}); the leadership's line is "
        f"{'contested' if contested >= 0.5 else 'hardly contested'} "
        f"({_fmt(sig, 'leader_challenge_rate')}), objections are "
        f"{'left unanswered' if unheard >= 0.5 else 'mostly answered'} "
        f"({_fmt(sig, 'objection_answer_rate')}, {_fmt(sig, 'leader_answer_rate')}) and the "
        f"leadership's line is {'ratified anyway' if rat >= 0.5 else 'not always adopted'} "
        f"({_fmt(sig, 'leader_adoption_rate')}, {_fmt(sig, 'line_origin_diversity')}, "
        f"{_fmt(sig, 'unopposed_unanimity')})."
    )
    return _done("formal_democracy", score, text, sig, drivers)


def ultra_democracy(sig: Signals, kind: str) -> Syndrome:
    drivers = ("decision_yield", "leaderless_share", "median_days_to_decision")
    if kind == "member":
        return _done("ultra_democracy", None, f"Not computed: {GROUP_ONLY}.", sig, drivers)
    y = sig.get("decision_yield")
    if y is None or y.value is None or y.n < MIN_QUESTIONS:
        why = y.reason if y is not None and y.reason else f"fewer than {MIN_QUESTIONS} questions"
        return _done("ultra_democracy", None, f"Not computed: {why}.", sig, drivers)
    ls = _v(sig, "leaderless_share")
    score = (1 - y.value) if ls is None else 0.6 * (1 - y.value) + 0.4 * ls
    text = (
        f"{'Little' if y.value < 0.5 else 'Much'} is decided ({_fmt(sig, 'decision_yield')}) and "
        f"the body is {'often' if (ls or 0) >= 0.5 else 'rarely'} without a leader "
        f"({_fmt(sig, 'leaderless_share')})."
    )
    return _done("ultra_democracy", score, text, sig, drivers)


def factionalism(sig: Signals, kind: str) -> Syndrome:
    drivers = ("bloc_strength", "bloc_persistence")
    if kind == "member":
        return _done("factionalism", None, f"Not computed: {GROUP_ONLY}.", sig, drivers)
    bs, bp = _v(sig, "bloc_strength"), _v(sig, "bloc_persistence")
    if bs is None:
        why = sig["bloc_strength"].reason if "bloc_strength" in sig else "no votes"
        return _done("factionalism", None, f"Not computed: {why}.", sig, drivers)
    strength = _clip(bs / BLOC_FULL)
    score = math.sqrt(strength * _clip(bp if bp is not None else 0.0))
    text = (
        f"Opinion groups in the votes are {'strong' if strength >= 0.5 else 'weak'} "
        f"({_fmt(sig, 'bloc_strength')}) and {'persist' if (bp or 0) >= 0.5 else 'do not persist'} "
        f"over time ({_fmt(sig, 'bloc_persistence')})."
    )
    return _done("factionalism", score, text, sig, drivers)


def antagonism_branding(sig: Signals, kind: str) -> Syndrome:
    drivers = ("hostile_label_rate", "dissent_penalty")
    h, dp = _v(sig, "hostile_label_rate"), _v(sig, "dissent_penalty")
    if h is None and dp is None:
        why = sig["hostile_label_rate"].reason if "hostile_label_rate" in sig else "no data"
        return _done("antagonism_branding", None, f"Not computed: {why}.", sig, drivers)
    score = 1 - (1 - _clip((h or 0) / HOSTILE_FULL)) * (1 - _clip(dp or 0))
    text = (
        f"Responses to objections brand the objector as an enemy ({_fmt(sig, 'hostile_label_rate')}); "
        f"dissenters lose roles or leave more than others ({_fmt(sig, 'dissent_penalty')})."
    )
    return _done("antagonism_branding", score, text, sig, drivers)


def hush_hush(sig: Signals, kind: str) -> Syndrome:
    drivers = ("closed_share", "closed_without_reason", "decided_before_review")
    if kind == "member":
        return _done("hush_hush", None, f"Not computed: {GROUP_ONLY}.", sig, drivers)
    c = sig.get("closed_share")
    if c is None or c.value is None or c.n < MIN_QUESTIONS:
        why = f"fewer than {MIN_QUESTIONS} questions were opened"
        return _done("hush_hush", None, f"Not computed: {why}.", sig, drivers)
    base = _clip(c.value / CLOSED_FULL) * (0.5 + 0.5 * (_v(sig, "closed_without_reason") or 0.0))
    score = 1 - (1 - base) * (1 - 0.5 * (_v(sig, "decided_before_review") or 0.0))
    text = (
        f"Questions settled behind closed doors: {_fmt(sig, 'closed_share')}, "
        f"{_fmt(sig, 'closed_without_reason')}; {_fmt(sig, 'decided_before_review')}."
    )
    return _done("hush_hush", score, text, sig, drivers)


def credit_erasure(sig: Signals, kind: str) -> Syndrome:
    drivers = ("unacknowledged_reuse", "erasure_rate", "credit_concentration")
    if kind == "member":
        return _done("credit_erasure", None, f"Not computed: {GROUP_ONLY}.", sig, drivers)
    ur, er = _v(sig, "unacknowledged_reuse"), _v(sig, "erasure_rate")
    if ur is None and er is None:
        return _done(
            "credit_erasure", None, "Not computed: no decisions or erasures.", sig, drivers
        )
    erased = ERASURE_WEIGHT * _clip((er or 0) / ERASURE_FULL)
    score = 1 - (1 - _clip((ur or 0) / REUSE_FULL)) * (1 - erased)
    text = (
        f"Adopted texts reuse others' earlier work without credit ({_fmt(sig, 'unacknowledged_reuse')}); "
        f"{_fmt(sig, 'erasure_rate')}; {_fmt(sig, 'credit_concentration')}."
    )
    return _done("credit_erasure", score, text, sig, drivers)


def parroting(sig: Signals, kind: str) -> Syndrome:
    drivers = ("parroting_share", "application_novelty", "feedback_per_directive")
    if kind == "member":
        return _done("parroting", None, f"Not computed: {GROUP_ONLY}.", sig, drivers)
    ps, nov = _v(sig, "parroting_share"), _v(sig, "application_novelty")
    if ps is None or nov is None:
        return _done(
            "parroting", None, "Not computed: no applications of directives.", sig, drivers
        )
    fpd = _v(sig, "feedback_per_directive")
    score = (0.5 * ps + 0.5 * (1 - nov)) * (1 - 0.3 * _clip(fpd or 0.0))
    text = (
        f"Lower bodies' applications repeat the directive ({_fmt(sig, 'parroting_share')}, "
        f"{_fmt(sig, 'application_novelty')}); {_fmt(sig, 'feedback_per_directive')}."
    )
    return _done("parroting", score, text, sig, drivers)


SYNDROMES: dict[str, Callable[[Signals, str], Syndrome]] = {
    "personality_cult": personality_cult,
    "formal_democracy": formal_democracy,
    "ultra_democracy": ultra_democracy,
    "factionalism": factionalism,
    "antagonism_branding": antagonism_branding,
    "hush_hush": hush_hush,
    "credit_erasure": credit_erasure,
    "parroting": parroting,
}
assert tuple(SYNDROMES) == SYNDROME_NAMES
