"""The health report: every scope's signals and syndromes, and its stable JSON form.

JSON schema (`format: "polemica-health/1"`; documented in docs/metrics.md, "The report"):

    {"format": "polemica-health/1", "source": str, "window": {"label", "start", "end"},
     "events": int, "not_computed": {signal: reason},
     "contribution_types": "typed"|"untyped", "judged": [syndrome…],
     "not_judged": {syndrome: reason},
     "scopes": [{"scope": "member"|"body"|"org"|"forum", "id": str, "name": str|null,
                 "signals": {name: {"value": float|null, "n": int, "evidence": [id…],
                                    "reason"?: str}},
                 "syndromes": {name: {"score": float|null, "flag": bool,
                                      "explanation": str, "evidence": [id…],
                                      "state": "flagged"|"clear"|"insufficient_evidence"
                                               |"not_computed",
                                      "probability": float|null,
                                      "interval": [float, float]|null,
                                      "threshold": float|null}}}]}
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from polemica.analysis.bodies import body_signals
from polemica.analysis.frame import scan_raw
from polemica.analysis.members import member_signals
from polemica.analysis.scopes import SCOPE_KINDS, Scope, iter_scopes, leaders_in_window
from polemica.analysis.signals import SIGNALS, Signal
from polemica.analysis.signals.credit import reuse_verdicts
from polemica.analysis.syndromes import FLAG_AT, SYNDROME_NAMES, SYNDROMES, Syndrome
from polemica.analysis.tables import Lexicons, Tables, build_tables
from polemica.analysis.text import LEXICONS, load_lexicon
from polemica.analysis.window import Window, parse_window

FORMAT = "polemica-health/1"
NO_TYPES_NOTE = (
    "the source's contributions are untyped remarks: replies, who answers whom, questions and "
    "their answers, reuse, closed questions and coordination are read from the structure; "
    "positions, objections and criticism cannot be"
)


@dataclass
class ScopeReport:
    scope: str
    id: str
    name: str | None
    signals: dict[str, Signal]
    syndromes: dict[str, Syndrome]

    def to_json(self) -> dict[str, object]:
        return {
            "scope": self.scope,
            "id": self.id,
            "name": self.name,
            "signals": {k: v.to_json() for k, v in self.signals.items()},
            "syndromes": {k: v.to_json() for k, v in self.syndromes.items()},
        }


@dataclass
class Report:
    source: str
    window: Window
    events: int
    scopes: list[ScopeReport] = field(default_factory=list)
    typed: bool = True
    """Whether the source types its contributions (an imported archive's are untyped remarks)."""

    def not_computed(self) -> dict[str, str]:
        """Signals that no scope could compute, with the most common reason."""
        out: dict[str, str] = {}
        for name in SIGNALS:
            reasons = [
                s.signals[name].reason
                for s in self.scopes
                if s.scope != "member" and name in s.signals
            ]
            if reasons and all(r is not None for r in reasons):
                out[name] = max(set(reasons), key=reasons.count) or ""
        return out

    def judgement(self) -> tuple[list[str], dict[str, str]]:
        """The syndromes judged in some body, organization or forum (flagged, cleared or found
        short of evidence), and the others with the most common reason they could not be."""
        groups = [s for s in self.scopes if s.scope != "member"] or self.scopes
        judged: list[str] = []
        not_judged: dict[str, str] = {}
        for name in SYNDROME_NAMES:
            syns = [s.syndromes[name] for s in groups if name in s.syndromes]
            if any(y.state != "not_computed" for y in syns):
                judged.append(name)
                continue
            reasons = [y.explanation.removeprefix("Not computed: ").rstrip(".") for y in syns]
            # The most common reason; of equally common ones the first (bodies come first).
            why = Counter(reasons).most_common(1)[0][0] if reasons else "nothing to analyse"
            not_judged[name] = why
        return judged, not_judged

    def flagged(self) -> list[tuple[ScopeReport, str, Syndrome]]:
        return [
            (s, name, syn) for s in self.scopes for name, syn in s.syndromes.items() if syn.flag
        ]

    def head_json(self) -> dict[str, object]:
        """Every top-level field of the JSON form but `scopes`."""
        w = self.window
        judged, not_judged = self.judgement()
        return {
            "format": FORMAT,
            "source": self.source,
            "window": {
                "label": w.label,
                "start": w.start.isoformat() if w.start else None,
                "end": w.end.isoformat() if w.end else None,
            },
            "events": self.events,
            "not_computed": self.not_computed(),
            "contribution_types": "typed" if self.typed else "untyped",
            "judged": judged,
            "not_judged": not_judged,
        }

    def to_json(self) -> dict[str, object]:
        return {**self.head_json(), "scopes": [s.to_json() for s in self.scopes]}


def score_scope(
    scope: Scope, known: dict[str, Signal] | None = None
) -> tuple[dict[str, Signal], dict[str, Syndrome]]:
    """The scope's signals and syndromes; `known`: signals already computed for it (by
    `analysis.bodies`, for all bodies at once)."""
    got = known or {}
    signals = {name: got.get(name) or spec.fn(scope) for name, spec in SIGNALS.items()}
    syndromes = {name: fn(signals, scope.kind) for name, fn in SYNDROMES.items()}
    return signals, syndromes


def _names(t: Tables) -> dict[str, str]:
    names: dict[str, str] = {}
    for df, key in ((t.members, "member"), (t.bodies, "bid")):
        for k, v in zip(df[key], df["name"], strict=True):
            if k is not None and v is not None:
                names[str(k)] = str(v)
    return names


def analyze_frame(
    lf: pl.LazyFrame,
    *,
    window: str = "all",
    source: str = "",
    lexicons: Lexicons | None = None,
    kinds: Sequence[str] = SCOPE_KINDS,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """The report of an event frame over `window` (see `parse_window`).

    `lf` is either the stored layout (`frame.scan_raw`, `frame.raw_from_events`: decoded kind by
    kind, the lean path) or an already decoded frame (`frame.scan_events`).
    """
    last = lf.select(pl.col("at").max()).collect().item()
    count = lf.select(pl.len()).collect().item()
    w = parse_window(window, last)
    t = build_tables(lf, w, lexicons)
    names = _names(t)
    report = Report(source, w, int(count), typed=t.has_types)
    if "member" in kinds:
        leaders = leaders_in_window(t)
        for m, signals in member_signals(t).items():
            syndromes = {
                # A cult of a person needs a person with authority: a leader of some body.
                name: Syndrome(
                    None,
                    False,
                    "Not computed: the member led no body in the window.",
                    threshold=FLAG_AT[name],
                )
                if name == "personality_cult" and m not in leaders
                else fn(signals, "member")
                for name, fn in SYNDROMES.items()
            }
            report.scopes.append(ScopeReport("member", m, names.get(m), signals, syndromes))
    groups = tuple(k for k in kinds if k != "member")
    scopes = list(iter_scopes(t, groups))
    batched = body_signals(t, scopes)
    # Whole-table work that per-scope signals share, done before any scope's rows are cut.
    reuse_verdicts(t)
    total = len(scopes)
    # Scored from the end so each scope, with the rows it cut, is released once scored.
    scopes.reverse()
    for i in range(1, total + 1):
        scope = scopes.pop()
        known = batched.pop(scope.id, None) if scope.kind == "body" else None
        signals, syndromes = score_scope(scope, known)
        report.scopes.append(
            ScopeReport(scope.kind, scope.id, names.get(scope.id), signals, syndromes)
        )
        del scope
        if progress:
            progress(i, total)
    return report


def lexicons_from(extra: Sequence[tuple[str, str | os.PathLike[str]]]) -> Lexicons:
    """Built-in lexicons extended by (name, file) pairs, e.g. ("praise", "mine.txt")."""
    files: dict[str, list[str | os.PathLike[str]]] = {name: [] for name in LEXICONS}
    for name, path in extra:
        if name not in files:
            raise ValueError(f"unknown lexicon {name!r}; known: {', '.join(LEXICONS)}")
        files[name].append(path)
    return Lexicons(
        praise=load_lexicon("praise", [Path(p) for p in files["praise"]]),
        hostile=load_lexicon("hostile", [Path(p) for p in files["hostile"]]),
        non_reasons=load_lexicon("non_reasons", [Path(p) for p in files["non_reasons"]]),
    )


def analyze(
    path: str | os.PathLike[str],
    *,
    window: str = "all",
    lexicons: Lexicons | None = None,
    kinds: Sequence[str] = SCOPE_KINDS,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """The health report of an events file (JSON Lines or Parquet)."""
    lf = scan_raw(path)
    return analyze_frame(
        lf, window=window, source=str(path), lexicons=lexicons, kinds=kinds, progress=progress
    )
