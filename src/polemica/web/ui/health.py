"""The health of a body's deliberation, from `polemica.analysis` run over the organization's log.

The report covers every event of the organization, so it is shown only to people to whom no
question of it is closed (like the export). It is computed on request and kept per process until
the log grows.
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

from polemica.analysis.report import Report, ScopeReport, analyze
from polemica.events import write_events
from polemica.web.record.export import readable
from polemica.web.record.models import EventRow, LogHead

_cache: dict[str, tuple[int, Report]] = {}
_lock = threading.Lock()


def org_report(org: str) -> Report:
    head = LogHead.objects.filter(org=org).first()
    size = head.size if head else 0
    with _lock:
        cached = _cache.get(org)
        if cached is not None and cached[0] == size:
            return cached[1]
    rows = EventRow.objects.filter(org=org, seq__lte=size).order_by("seq")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.jsonl"
        write_events(path, (readable(r) for r in rows.iterator(chunk_size=2000)))
        report = analyze(path)
    with _lock:
        _cache[org] = (size, report)
    return report


def scope_of(report: Report, kind: str, ident: str) -> ScopeReport | None:
    return next((s for s in report.scopes if s.scope == kind and s.id == ident), None)
