"""Renderings of a report: JSON (stable schema), a terminal summary, and one HTML file.

The HTML is self-contained: inline CSS and inline SVG charts drawn here, no script and no
network. Every finding links to an anchor in the evidence table listing the events behind it.
"""

from __future__ import annotations

import re
from html import escape

import orjson

from polemica.analysis.report import NO_TYPES_NOTE, Report, ScopeReport
from polemica.analysis.signals import SIGNALS
from polemica.analysis.syndromes import FLAG_AT, Syndrome

GROUP_KINDS = ("forum", "org", "body")


def render_json(report: Report) -> str:
    """The JSON form, one scope per line (orjson: the indenting encoder of `json` runs in
    Python and took longer than the analysis itself on a million events)."""
    head = orjson.dumps(report.head_json()).decode("utf-8")
    scopes = ",\n".join(orjson.dumps(s.to_json()).decode("utf-8") for s in report.scopes)
    return head[:-1] + ',"scopes":[\n' + scopes + "\n]}\n"


def _num(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}"


def _label(s: ScopeReport) -> str:
    return f"{s.scope} {s.id}" + (f" ({s.name})" if s.name and s.name != s.id else "")


def render_text(report: Report, *, members: bool = False) -> str:
    """A readable summary: findings first, then each group scope's signals."""
    out: list[str] = []
    w = report.window
    out.append(
        f"Health report of {report.source or 'events'}: {report.events} events, window {w.label}"
    )
    groups = [s for s in report.scopes if s.scope in GROUP_KINDS]
    people = [s for s in report.scopes if s.scope == "member"]
    out.append(f"{len(groups)} bodies/organizations/forums and {len(people)} members analysed.")
    judged, not_judged = report.judgement()
    if not report.typed:
        out.append(f"Untyped source: {NO_TYPES_NOTE}.")
    out.append(f"Syndromes judged: {', '.join(judged) if judged else 'none'}.")
    if not_judged:
        out.append("Syndromes that could not be judged:")
        out.extend(f"  - {name}: {why}" for name, why in not_judged.items())
    flagged = report.flagged()
    out.append("")
    if flagged:
        out.append("Findings")
        for s, name, syn in flagged:
            out.append(f"  ! {_label(s)}: {name} — {syn.explanation}")
    else:
        out.append("Findings: none flagged.")
    thin = _thin(report)
    if thin:
        out.append("")
        out.append("Insufficient evidence (neither flagged nor cleared)")
        out.extend(f"  ? {name}: {n} scope(s)" for name, n in thin.items())
    missing = report.not_computed()
    if missing:
        out.append("")
        out.append("Not computed anywhere")
        for name, why in missing.items():
            out.append(f"  - {name}: {why}")
    shown = groups + (people if members else [])
    for s in shown:
        out.append("")
        out.append(_label(s))
        for name, sig in s.signals.items():
            if sig.value is None:
                continue
            out.append(f"  {name:26} {_num(sig.value):>7}   n={sig.n}")
        scored = [(n, y) for n, y in s.syndromes.items() if y.state != "not_computed"]
        if scored:
            out.append("  syndromes:")
            for n, y in scored:
                if y.score is None or y.interval is None:
                    out.append(f"    {n:22} {_state(y)}")
                    continue
                lo, hi = y.interval
                out.append(
                    f"    {n:22} {y.score:.2f}  [{lo:.2f}, {hi:.2f}]  "
                    f"p={y.probability or 0:.2f}  {_state(y)}{' !' if y.flag else ''}"
                )
    return "\n".join(out) + "\n"


def _thin(report: Report) -> dict[str, int]:
    """Per syndrome, how many bodies, organizations and forums lack the evidence to judge it."""
    out: dict[str, int] = {}
    for s in report.scopes:
        if s.scope == "member":
            continue
        for name, y in s.syndromes.items():
            if y.state == "insufficient_evidence":
                out[name] = out.get(name, 0) + 1
    return out


def _state(y: Syndrome) -> str:
    return {
        "flagged": "flagged",
        "clear": "clear",
        "insufficient_evidence": "insufficient evidence",
        "not_computed": "not computed",
    }[y.state]


def _anchor(s: ScopeReport, name: str) -> str:
    return "ev-" + re.sub(r"[^A-Za-z0-9_-]", "_", f"{s.scope}-{s.id}-{name}")


def _bars(
    items: list[tuple[str, float, str | None, float | None]],
    width: int = 520,
    flagged: frozenset[str] | None = None,
) -> str:
    """A horizontal bar chart of values in [0, 1]; each bar links to its evidence."""
    row, label_w = 22, 200
    h = row * len(items) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{h}" role="img">']
    scale = width - label_w - 50
    for i, (name, value, href, mark) in enumerate(items):
        y = 5 + i * row
        v = min(1.0, max(0.0, value))
        over = mark is not None and value >= mark
        # A syndrome's bar is red only when flagged (a score over the mark on thin evidence is
        # not); a signal's never has a mark.
        colour = "#b33" if (over if flagged is None else name in flagged) else "#468"
        bar = (
            f'<rect x="{label_w}" y="{y + 3}" width="{v * scale:.1f}" height="{row - 8}" '
            f'fill="{colour}"><title>{escape(name)}: {value:.3f}</title></rect>'
        )
        if href:
            bar = f'<a href="#{href}">{bar}</a>'
        parts.append(
            f'<text x="{label_w - 6}" y="{y + row - 8}" text-anchor="end" font-size="12">{escape(name)}</text>'
            + bar
            + f'<text x="{label_w + v * scale + 4:.1f}" y="{y + row - 8}" font-size="11">{value:.2f}</text>'
        )
        if mark is not None:
            x = label_w + mark * scale
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y + 1}" y2="{y + row - 3}" stroke="#000" stroke-dasharray="2,2"/>'
            )
    parts.append("</svg>")
    return "".join(parts)


_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:980px;color:#222}
h1{font-size:1.5em}h2{margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
.flag{color:#b33;font-weight:bold}.muted{color:#777}code{font-size:12px}
"""


def render_html(report: Report, *, members: bool = True) -> str:
    w = report.window
    h: list[str] = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>polemica health report — {escape(report.source)}</title><style>{_CSS}</style></head><body>",
        f"<h1>Health report</h1><p>{escape(report.source)} — {report.events} events, window "
        f"<b>{escape(w.label)}</b>.</p>",
    ]
    judged, not_judged = report.judgement()
    h.append("<h2>What was judged</h2>")
    if not report.typed:
        h.append(f"<p>Untyped source: {escape(NO_TYPES_NOTE)}.</p>")
    h.append(
        "<p>Syndromes judged: "
        + (", ".join(f"<code>{escape(n)}</code>" for n in judged) or "none")
        + ".</p>"
    )
    if not_judged:
        h.append("<p>Syndromes that could not be judged:</p><ul>")
        h.extend(
            f"<li><code>{escape(n)}</code>: {escape(why)}</li>" for n, why in not_judged.items()
        )
        h.append("</ul>")
    flagged = report.flagged()
    h.append("<h2>Findings</h2>")
    if flagged:
        h.append("<ul>")
        for s, name, syn in flagged:
            h.append(
                f"<li><span class='flag'>{escape(name)}</span> in {escape(_label(s))}: "
                f"{escape(syn.explanation)}"
                + (f" <a href='#{_anchor(s, name)}'>evidence</a>" if syn.evidence else "")
                + "</li>"
            )
        h.append("</ul>")
    else:
        h.append("<p>No syndrome is flagged.</p>")
    thin = _thin(report)
    if thin:
        h.append(
            "<h3>Insufficient evidence</h3><p>Neither flagged nor cleared: too few "
            "observations to tell.</p><ul>"
        )
        h.extend(f"<li><code>{escape(n)}</code>: {k} scope(s)</li>" for n, k in thin.items())
        h.append("</ul>")
    missing = report.not_computed()
    if missing:
        h.append("<h3>Not computed</h3><ul>")
        h.extend(f"<li><code>{escape(n)}</code>: {escape(r)}</li>" for n, r in missing.items())
        h.append("</ul>")
    evidence: list[tuple[ScopeReport, str, tuple[str, ...]]] = []
    for s in report.scopes:
        if s.scope == "member" and not members:
            continue
        if s.scope == "member" and not any(y.flag for y in s.syndromes.values()):
            continue
        h.append(f"<h2 id='{_anchor(s, 'scope')}'>{escape(_label(s))}</h2>")
        syn_items = [
            (n, y.score, _anchor(s, n) if y.evidence else None, FLAG_AT[n])
            for n, y in s.syndromes.items()
            if y.score is not None
        ]
        if syn_items:
            flags = frozenset(n for n, y in s.syndromes.items() if y.flag)
            h.append("<h3>Syndromes</h3>" + _bars(syn_items, flagged=flags))  # type: ignore[arg-type]
        unit = [
            (n, g.value, _anchor(s, n) if g.evidence else None, None)
            for n, g in s.signals.items()
            if g.value is not None and SIGNALS[n].range in ("[0, 1]", "[0, 1)")
        ]
        if unit:
            h.append("<h3>Signals in [0, 1]</h3>" + _bars(unit))  # type: ignore[arg-type]
        h.append("<table><tr><th>signal</th><th>value</th><th>n</th><th>note</th></tr>")
        for n, g in s.signals.items():
            note = escape(g.reason or "")
            link = f"<a href='#{_anchor(s, n)}'>evidence</a>" if g.evidence else ""
            h.append(
                f"<tr><td><code>{escape(n)}</code></td><td>{_num(g.value)}</td><td>{g.n}</td>"
                f"<td>{note}{link}</td></tr>"
            )
            if g.evidence:
                evidence.append((s, n, g.evidence))
        h.append("</table>")
        for n, y in s.syndromes.items():
            if y.state != "not_computed":
                h.append(
                    f"<p><b>{escape(n)}</b> ({escape(_state(y))}): {escape(y.explanation)}"
                    + (f" <a href='#{_anchor(s, n)}'>evidence</a>" if y.evidence else "")
                    + "</p>"
                )
            if y.evidence:
                evidence.append((s, n, y.evidence))
    h.append(
        "<h2 id='evidence'>Evidence</h2><p class='muted'>Ids of the events behind each "
        "finding (at most 20 each, the first in log order).</p><table>"
    )
    h.append("<tr><th>scope</th><th>signal or syndrome</th><th>events</th></tr>")
    for s, n, ev in evidence:
        h.append(
            f"<tr id='{_anchor(s, n)}'><td>{escape(_label(s))}</td><td><code>{escape(n)}</code></td>"
            f"<td><code>{escape(' '.join(ev))}</code></td></tr>"
        )
    h.append("</table></body></html>\n")
    return "\n".join(h)
