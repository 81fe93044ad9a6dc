"""Charts drawn on the server: inline SVG written by this module, no script, no other site.

Every chart is an `<svg role="img">` with a title (its accessible name) and is shown beside a
table holding the same numbers, so nothing is said by the picture alone. Colours come from
the stylesheet through classes (`.chart .won`, …): the Content Security Policy allows no inline
style, and presentation attributes would not follow the site's palette.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from polemica.decide.result import fmt

WIDTH = 640
LABEL_W = 250
ROW_H = 26
BAR_H = 16
PAD = 6
LABEL_CHARS = 38
KINDS = ("won", "lost", "out", "agree", "disagree", "aside", "block")


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: a label, its value and how it is coloured (see KINDS)."""

    label: str
    value: float
    kind: str = "lost"


@dataclass(frozen=True)
class Stack:
    """One row of a stacked bar chart: parts (value, kind) laid end to end."""

    label: str
    parts: tuple[tuple[float, str], ...]


def _clip(text: str, n: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _kind(kind: str) -> str:
    return kind if kind in KINDS else "lost"


def _open(title: str, rows: int) -> list[str]:
    height = max(rows, 1) * ROW_H + 2 * PAD
    return [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]


def _label(y: float, text: str) -> str:
    return (
        f'<text class="label" x="{LABEL_W - 8}" y="{y + BAR_H - 3:.1f}" '
        f'text-anchor="end">{escape(_clip(text))}</text>'
    )


def bars(title: str, rows: Sequence[Bar], scale: float | None = None) -> SafeString:
    """A horizontal bar chart; bars are scaled to `scale` (default: the largest value)."""
    top = max([scale or 0.0, *(max(r.value, 0.0) for r in rows)]) or 1.0
    span = WIDTH - LABEL_W - 60
    out = _open(title, len(rows))
    for i, r in enumerate(rows):
        y = PAD + i * ROW_H
        w = span * max(r.value, 0.0) / top
        out.append(_label(y, r.label))
        out.append(
            f'<rect class="{_kind(r.kind)}" x="{LABEL_W}" y="{y}" width="{w:.1f}" '
            f'height="{BAR_H}" rx="2"/>'
        )
        out.append(
            f'<text class="value" x="{LABEL_W + w + 6:.1f}" y="{y + BAR_H - 3:.1f}">'
            f"{escape(fmt(r.value))}</text>"
        )
    out.append("</svg>")
    return mark_safe("".join(out))


def stacks(title: str, rows: Sequence[Stack]) -> SafeString:
    """A horizontal stacked bar chart (parts of one whole per row), scaled to the largest row."""
    top = max([sum(max(v, 0.0) for v, _ in r.parts) for r in rows] + [0.0]) or 1.0
    span = WIDTH - LABEL_W - 60
    out = _open(title, len(rows))
    for i, r in enumerate(rows):
        y = PAD + i * ROW_H
        out.append(_label(y, r.label))
        x = float(LABEL_W)
        for value, kind in r.parts:
            w = span * max(value, 0.0) / top
            if w > 0:
                out.append(
                    f'<rect class="{_kind(kind)}" x="{x:.1f}" y="{y}" width="{w:.1f}" '
                    f'height="{BAR_H}"/>'
                )
            x += w
        total = sum(v for v, _ in r.parts)
        out.append(
            f'<text class="value" x="{x + 6:.1f}" y="{y + BAR_H - 3:.1f}">'
            f"{escape(fmt(total))}</text>"
        )
    out.append("</svg>")
    return mark_safe("".join(out))
