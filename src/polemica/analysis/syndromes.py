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

import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

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

# Flag thresholds on the score: flagged when the posterior probability of reaching the threshold
# is at least CONFIDENCE. Chosen by bench/calibrate.py on seeds 201–206 (80, 400 and 1,500
# members, 12 months), judged on seeds 301–310: docs/metrics.md, "Thresholds" and "Calibration".
FLAG_AT: dict[str, float] = {
    "personality_cult": 0.3,
    "formal_democracy": 0.4,
    "ultra_democracy": 0.5,
    "factionalism": 0.4,
    "antagonism_branding": 0.55,
    "hush_hush": 0.55,
    "credit_erasure": 0.65,
    "parroting": 0.55,
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


CONFIDENCE = 0.95
"""A syndrome is flagged when the posterior probability that its score reaches the threshold is
at least this, cleared when it is at most 1 − CONFIDENCE; in between the evidence is
insufficient (docs/metrics.md, "Certainty")."""
DRAWS = 400
"""Posterior draws per syndrome and scope (a fixed random stream: the report is reproducible)."""
INTERVAL = (0.05, 0.95)
"""The credible interval reported beside the score (90%)."""

# How the sampling uncertainty of each signal a score rests on is modelled (docs/metrics.md,
# "Certainty"): a value in [0, 1] over n items (a share k/n, or a mean of n values in [0, 1]) has
# the Jeffreys posterior Beta(k + ½, n − k + ½) with k = value·n; a value in [−1, 1] the same on
# (value + 1)/2; a count per item (feedback per directive) the Gamma(k + ½, 1/n) posterior of a
# Poisson rate. Signals not listed (durations, the leaderless share of time) are taken as known.
SIGNED = frozenset({"bloc_strength", "bloc_persistence", "dissent_penalty"})
RATES = frozenset({"feedback_per_directive"})
FIXED = frozenset({"leaderless_share", "median_days_to_decision", "leaderless_days"})

STATES = ("flagged", "clear", "insufficient_evidence", "not_computed")

Val = float | np.ndarray
Get = Callable[[str], Val | None]


@dataclass(frozen=True)
class Syndrome:
    score: float | None
    flag: bool
    explanation: str
    evidence: tuple[str, ...] = ()
    drivers: tuple[str, ...] = field(default=())
    state: str = "not_computed"
    probability: float | None = None
    """Posterior probability that the score reaches the threshold."""
    interval: tuple[float, float] | None = None
    """The 90% credible interval of the score."""
    threshold: float | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "score": None if self.score is None else round(self.score, 4),
            "flag": self.flag,
            "explanation": self.explanation,
            "evidence": list(self.evidence),
            "state": self.state,
            "probability": None if self.probability is None else round(self.probability, 4),
            "interval": None
            if self.interval is None
            else [round(self.interval[0], 4), round(self.interval[1], 4)],
            "threshold": self.threshold,
        }


Signals = Mapping[str, Signal]


def _v(sig: Signals, name: str) -> float | None:
    s = sig.get(name)
    return None if s is None else s.value


def _fmt(sig: Signals, name: str) -> str:
    v = _v(sig, name)
    if v is None:
        return f"{name} unknown"
    s = sig[name]
    return f"{name} = {v:.2f}" + (f" (n={s.n})" if name not in FIXED else "")


def _evidence(sig: Signals, names: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for n in names:
        s = sig.get(n)
        for e in s.evidence if s else ():
            if e not in out:
                out.append(e)
    return tuple(out[:EVIDENCE_CAP])


def _clip(x: Val) -> Val:
    return np.clip(x, 0.0, 1.0)  # type: ignore[no-any-return]


def _draws(s: Signal, name: str) -> Val | None:
    """Posterior draws of a signal's true value given its observed value and n."""
    v = s.value
    if v is None or name in FIXED or s.n <= 0:
        return v
    return _posterior(name, round(v, 9), s.n)


@lru_cache(maxsize=1 << 16)
def _posterior(name: str, v: float, count: int) -> np.ndarray:
    # Each (signal, value, n) has its own fixed random stream: the same events give the same
    # report, different signals of one scope are drawn independently, and scopes that share a
    # (signal, value, n) share the draws (a cache: sampling was most of the cost).
    rng = np.random.default_rng([zlib.crc32(name.encode()), count, int(abs(v) * 1e9)])
    n = float(count)
    if name in RATES:
        out = rng.gamma(v * n + 0.5, 1.0 / n, DRAWS)
    else:
        u = (v + 1.0) / 2.0 if name in SIGNED else v
        u = min(1.0, max(0.0, u))
        d = rng.beta(u * n + 0.5, (1.0 - u) * n + 0.5, DRAWS)
        out = 2.0 * d - 1.0 if name in SIGNED else d
    out.setflags(write=False)
    return out


def _not_computed(name: str, text: str, drivers: tuple[str, ...]) -> Syndrome:
    return Syndrome(None, False, text, (), drivers, "not_computed", None, None, FLAG_AT[name])


def _thin(name: str, text: str, drivers: tuple[str, ...]) -> Syndrome:
    """Too few observations to score at all: neither a flag nor a clean bill."""
    return Syndrome(
        None,
        False,
        f"Insufficient evidence: {text}",
        (),
        drivers,
        "insufficient_evidence",
        None,
        None,
        FLAG_AT[name],
    )


def _done(
    name: str,
    fn: Callable[[Get], Val | None],
    text: str,
    sig: Signals,
    drivers: tuple[str, ...],
) -> Syndrome:
    point = fn(lambda n: _v(sig, n))
    if point is None:
        return _not_computed(name, text, drivers)
    score = float(_clip(point))

    def draw(n: str) -> Val | None:
        s = sig.get(n)
        return None if s is None else _draws(s, n)

    drawn = fn(draw)
    sample = np.sort(
        np.broadcast_to(np.asarray(_clip(0.0 if drawn is None else drawn), dtype=float), (DRAWS,))
    )
    th = FLAG_AT[name]
    p = float(np.count_nonzero(sample >= th)) / DRAWS
    lo, hi = float(sample[int(INTERVAL[0] * DRAWS)]), float(sample[int(INTERVAL[1] * DRAWS) - 1])
    if p >= CONFIDENCE and score >= th:
        state, head = "flagged", "Flagged"
    elif p <= 1.0 - CONFIDENCE and score < th:
        state, head = "clear", "Not flagged"
    else:
        state, head = "insufficient_evidence", "Insufficient evidence"
    certainty = (
        f"score {score:.2f}, 90% interval {lo:.2f}–{hi:.2f}, "
        f"probability {p:.2f} of reaching {th:.2f}"
    )
    if state == "insufficient_evidence":
        certainty += "; the record is too thin to flag or to clear"
    return Syndrome(
        score,
        state == "flagged",
        f"{head} ({certainty}). {text}",
        _evidence(sig, drivers),
        drivers,
        state,
        p,
        (lo, hi),
        th,
    )


def _mean(values: list[tuple[Val | None, float]]) -> Val | None:
    got = [(v, w) for v, w in values if v is not None]
    if not got:
        return None
    total: Val = 0.0
    for v, w in got:
        total = total + v * w
    return total / sum(w for _, w in got)


def _or0(x: Val | None) -> Val:
    return 0.0 if x is None else x


def _contested(challenge_rate: Val) -> Val:
    return np.minimum(1.0, challenge_rate / CHALLENGE_FULL)  # type: ignore[no-any-return]


def _cult_dominance(g: Get, kind: str) -> Val | None:
    div = g("line_origin_diversity")
    fpd = g("feedback_per_directive") if kind in ("org", "forum") else None
    return _mean(
        [
            (g("leader_adoption_rate"), 1.0),
            (None if div is None else 1.0 - div, 1.0),
            (g("unopposed_unanimity"), 1.0),
            (g("praise_concentration"), 0.5),
            # A leading body's directives that draw no criticism from below.
            (None if fpd is None else 1.0 - np.minimum(1.0, fpd), 1.0),
        ]
    )


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
        return _not_computed("personality_cult", f"Not computed: {why}.", drivers)
    if c.n < MIN_LEADER_POSITIONS:
        return _thin(
            "personality_cult",
            f"the leader proposed only {c.n} position(s); {MIN_LEADER_POSITIONS} are needed.",
            drivers,
        )

    def score(g: Get) -> Val | None:
        ch = g("leader_challenge_rate")
        if ch is None:
            return None
        answered = _or0(g("leader_answer_rate"))
        openness = _contested(ch) * (UNANSWERED_OPENNESS + (1.0 - UNANSWERED_OPENNESS) * answered)
        dominance = _cult_dominance(g, kind)
        return (1.0 - openness) * (0.5 if dominance is None else dominance)

    a = _v(sig, "leader_answer_rate")
    answered = a if a is not None else 0.0
    dominance = _cult_dominance(lambda n: _v(sig, n), kind)
    dom = 0.5 if dominance is None else float(dominance)
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


def _ratified(g: Get) -> Val | None:
    div = g("line_origin_diversity")
    return _mean(
        [
            (g("leader_adoption_rate"), 1.0),
            (None if div is None else 1 - div, 1.0),
            (g("unopposed_unanimity"), 0.5),
        ]
    )


def _unheard(g: Get) -> Val | None:
    oa, la = g("objection_answer_rate"), g("leader_answer_rate")
    return _mean([(None if oa is None else 1 - oa, 2.0), (None if la is None else 1 - la, 1.0)])


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
        return _not_computed("formal_democracy", f"Not computed: {GROUP_ONLY}.", drivers)
    if _v(sig, "decision_yield") is None:
        return _not_computed("formal_democracy", "Not computed: no decisions to judge.", drivers)
    unheard = _unheard(lambda n: _v(sig, n))
    if unheard is None:
        return _not_computed("formal_democracy", "Not computed: no objections to judge.", drivers)

    def score(g: Get) -> Val | None:
        y, ch, un = g("decision_yield"), g("leader_challenge_rate"), _unheard(g)
        if y is None or un is None:
            return None
        # Unknown challenge rate (no leader positions): no evidence that nobody contests.
        contested = 1.0 if ch is None else _contested(ch)
        rat = _ratified(g)
        return contested * un * (0.5 if rat is None else rat) * np.minimum(1.0, y / YIELD_HALF)

    ch = _v(sig, "leader_challenge_rate")
    contested = 1.0 if ch is None else float(_contested(ch))
    ratified = _ratified(lambda n: _v(sig, n))
    rat = 0.5 if ratified is None else float(ratified)
    text = (
        f"Decisions are taken ({_fmt(sig, 'decision_yield')}); the leadership's line is "
        f"{'contested' if contested >= 0.5 else 'hardly contested'} "
        f"({_fmt(sig, 'leader_challenge_rate')}), objections are "
        f"{'left unanswered' if float(unheard) >= 0.5 else 'mostly answered'} "
        f"({_fmt(sig, 'objection_answer_rate')}, {_fmt(sig, 'leader_answer_rate')}) and the "
        f"leadership's line is {'ratified anyway' if rat >= 0.5 else 'not always adopted'} "
        f"({_fmt(sig, 'leader_adoption_rate')}, {_fmt(sig, 'line_origin_diversity')}, "
        f"{_fmt(sig, 'unopposed_unanimity')})."
    )
    return _done("formal_democracy", score, text, sig, drivers)


def ultra_democracy(sig: Signals, kind: str) -> Syndrome:
    drivers = ("decision_yield", "leaderless_share", "median_days_to_decision")
    if kind == "member":
        return _not_computed("ultra_democracy", f"Not computed: {GROUP_ONLY}.", drivers)
    y = sig.get("decision_yield")
    if y is None or y.value is None:
        why = y.reason if y is not None and y.reason else f"fewer than {MIN_QUESTIONS} questions"
        return _not_computed("ultra_democracy", f"Not computed: {why}.", drivers)
    if y.n < MIN_QUESTIONS:
        return _thin(
            "ultra_democracy",
            f"only {y.n} question(s) were opened; {MIN_QUESTIONS} are needed.",
            drivers,
        )

    def score(g: Get) -> Val | None:
        yv, ls = g("decision_yield"), g("leaderless_share")
        if yv is None:
            return None
        return (1 - yv) if ls is None else 0.6 * (1 - yv) + 0.4 * ls

    ls = _v(sig, "leaderless_share")
    text = (
        f"{'Little' if y.value < 0.5 else 'Much'} is decided ({_fmt(sig, 'decision_yield')}) and "
        f"the body is {'often' if (ls or 0) >= 0.5 else 'rarely'} without a leader "
        f"({_fmt(sig, 'leaderless_share')})."
    )
    return _done("ultra_democracy", score, text, sig, drivers)


def factionalism(sig: Signals, kind: str) -> Syndrome:
    drivers = ("bloc_strength", "bloc_persistence")
    if kind == "member":
        return _not_computed("factionalism", f"Not computed: {GROUP_ONLY}.", drivers)
    bs, bp = _v(sig, "bloc_strength"), _v(sig, "bloc_persistence")
    if bs is None:
        why = sig["bloc_strength"].reason if "bloc_strength" in sig else "no votes"
        return _not_computed("factionalism", f"Not computed: {why}.", drivers)

    def score(g: Get) -> Val | None:
        b = g("bloc_strength")
        if b is None:
            return None
        return np.sqrt(_clip(b / BLOC_FULL) * _clip(_or0(g("bloc_persistence"))))  # type: ignore[no-any-return]

    strength = float(_clip(bs / BLOC_FULL))
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
        return _not_computed("antagonism_branding", f"Not computed: {why}.", drivers)

    def score(g: Get) -> Val | None:
        hv, dv = g("hostile_label_rate"), g("dissent_penalty")
        if hv is None and dv is None:
            return None
        return 1 - (1 - _clip(_or0(hv) / HOSTILE_FULL)) * (1 - _clip(_or0(dv)))

    text = (
        f"Responses to objections brand the objector as an enemy ({_fmt(sig, 'hostile_label_rate')}); "
        f"dissenters lose roles or leave more than others ({_fmt(sig, 'dissent_penalty')})."
    )
    return _done("antagonism_branding", score, text, sig, drivers)


def hush_hush(sig: Signals, kind: str) -> Syndrome:
    drivers = ("closed_share", "closed_without_reason", "decided_before_review")
    if kind == "member":
        return _not_computed("hush_hush", f"Not computed: {GROUP_ONLY}.", drivers)
    c = sig.get("closed_share")
    if c is None or c.value is None:
        return _not_computed("hush_hush", "Not computed: no questions were opened.", drivers)
    if c.n < MIN_QUESTIONS:
        return _thin(
            "hush_hush",
            f"only {c.n} question(s) were opened; {MIN_QUESTIONS} are needed.",
            drivers,
        )

    def score(g: Get) -> Val | None:
        cs = g("closed_share")
        if cs is None:
            return None
        base = _clip(cs / CLOSED_FULL) * (0.5 + 0.5 * _or0(g("closed_without_reason")))
        return 1 - (1 - base) * (1 - 0.5 * _or0(g("decided_before_review")))

    text = (
        f"Questions settled behind closed doors: {_fmt(sig, 'closed_share')}, "
        f"{_fmt(sig, 'closed_without_reason')}; {_fmt(sig, 'decided_before_review')}."
    )
    return _done("hush_hush", score, text, sig, drivers)


def credit_erasure(sig: Signals, kind: str) -> Syndrome:
    drivers = ("unacknowledged_reuse", "erasure_rate", "credit_concentration")
    if kind == "member":
        return _not_computed("credit_erasure", f"Not computed: {GROUP_ONLY}.", drivers)
    ur, er = _v(sig, "unacknowledged_reuse"), _v(sig, "erasure_rate")
    if ur is None and er is None:
        return _not_computed("credit_erasure", "Not computed: no decisions or erasures.", drivers)

    def score(g: Get) -> Val | None:
        u, e = g("unacknowledged_reuse"), g("erasure_rate")
        if u is None and e is None:
            return None
        erased = ERASURE_WEIGHT * _clip(_or0(e) / ERASURE_FULL)
        return 1 - (1 - _clip(_or0(u) / REUSE_FULL)) * (1 - erased)

    text = (
        f"Adopted texts reuse others' earlier work without credit ({_fmt(sig, 'unacknowledged_reuse')}); "
        f"{_fmt(sig, 'erasure_rate')}; {_fmt(sig, 'credit_concentration')}."
    )
    return _done("credit_erasure", score, text, sig, drivers)


def parroting(sig: Signals, kind: str) -> Syndrome:
    drivers = ("parroting_share", "application_novelty", "feedback_per_directive")
    if kind == "member":
        return _not_computed("parroting", f"Not computed: {GROUP_ONLY}.", drivers)
    ps, nov = _v(sig, "parroting_share"), _v(sig, "application_novelty")
    if ps is None or nov is None:
        return _not_computed("parroting", "Not computed: no applications of directives.", drivers)

    def score(g: Get) -> Val | None:
        p, nv = g("parroting_share"), g("application_novelty")
        if p is None or nv is None:
            return None
        return (0.5 * p + 0.5 * (1 - nv)) * (1 - 0.3 * _clip(_or0(g("feedback_per_directive"))))

    text = (
        f"Lower bodies' applications repeat the adopted line ({_fmt(sig, 'parroting_share')}, "
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
