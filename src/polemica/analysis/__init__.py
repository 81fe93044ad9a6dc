"""polemica.analysis: the health report of an organization's deliberation (DESIGN §7).

`analyze(path, window=…)` reads events lazily (`frame.scan_events`), cuts them into the tables of
one window (`tables.build_tables`), computes every signal (`signals.SIGNALS`) over every member,
body, organization and forum (`scopes.iter_scopes`), combines them into syndromes
(`syndromes.SYNDROMES`) and returns a `Report` (JSON, text and HTML renderings in `render`).
"""

from __future__ import annotations

from polemica.analysis.report import FORMAT, Report, ScopeReport, analyze, analyze_frame
from polemica.analysis.signals import SIGNALS
from polemica.analysis.syndromes import SYNDROME_NAMES, SYNDROMES

__all__ = [
    "FORMAT",
    "SIGNALS",
    "SYNDROMES",
    "SYNDROME_NAMES",
    "Report",
    "ScopeReport",
    "analyze",
    "analyze_frame",
]
