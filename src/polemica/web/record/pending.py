"""References to another organization that wait for it to be restored.

Organizations are restored (or replayed) one at a time, in any order. A forum's directive names
bodies of its member organizations, their applications name the forum's directive, their
feedback and lines go to the forum's bodies, and the forum's answers name their feedback: while
the other side is not restored, such a reference names nothing here (the projections take it
through `refs.ref_across`). It is resolved by construction once that organization arrives;
`pending()` lists what still waits, and `polemica restore` refuses a backup after which anything
does (such a reference is then damage, not order).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from polemica.web.centralism.models import (
    Application,
    Directive,
    DirectiveTarget,
    Feedback,
    Line,
)
from polemica.web.orgs.models import Body
from polemica.web.record.models import EventRow


@dataclass(frozen=True)
class Pending:
    """Event `seq` of `org` refers to `what` `name`, which is not in this database."""

    org: str
    seq: int
    kind: str
    subject: str
    what: str
    name: str

    def __str__(self) -> str:
        return (
            f"event {self.seq} of {self.org} ({self.kind} {self.subject}) refers to the "
            f"unknown {self.what} {self.name!r}"
        )


def pending() -> list[Pending]:
    """Every reference to another organization that names nothing here, in log order."""
    found: list[Pending] = []
    missing_body = ~Exists(Body.objects.filter(pk=OuterRef("body_id")))
    targets = DirectiveTarget.objects.filter(missing_body).values_list("directive_id", "body_id")
    found += _located("directive.issued", "body", targets)
    applied = Application.objects.filter(
        ~Exists(Directive.objects.filter(pk=OuterRef("directive_id")))
    )
    found += _located("directive.applied", "directive", applied.values_list("id", "directive_id"))
    for model, kind in ((Feedback, "feedback.sent"), (Line, "line.proposed")):
        unsent = model.objects.filter(org__isnull=True).values_list("id", "to_body_id")
        found += _located(kind, "body", unsent)
    answers = EventRow.objects.filter(kind="feedback.answered").values_list(
        "org", "seq", "subject", "data"
    )
    named = {row[3].get("feedback"): row for row in answers}
    known = set(Feedback.objects.filter(pk__in=list(named)).values_list("pk", flat=True))
    for feedback, (org, seq, subject, _) in named.items():
        if feedback not in known:
            found.append(Pending(org, seq, "feedback.answered", subject, "feedback", feedback))
    answered = EventRow.objects.filter(kind="line.answered").values_list(
        "org", "seq", "subject", "data"
    )
    lines = {row[3].get("line"): row for row in answered}
    known = set(Line.objects.filter(pk__in=list(lines)).values_list("pk", flat=True))
    for line, (org, seq, subject, _) in lines.items():
        if line not in known:
            found.append(Pending(org, seq, "line.answered", subject, "line", line))
    return sorted(found, key=lambda p: (p.org, p.seq))


def _located(kind: str, what: str, rows: Iterable[tuple[str, str]]) -> list[Pending]:
    """(subject, name) pairs of `kind`'s events → the events, read from the record."""
    by_subject: dict[str, list[str]] = {}
    for subject, name in rows:
        by_subject.setdefault(subject, []).append(name)
    if not by_subject:
        return []
    events = EventRow.objects.filter(kind=kind, subject__in=list(by_subject)).values_list(
        "org", "seq", "subject"
    )
    return [
        Pending(org, seq, kind, subject, what, name)
        for org, seq, subject in events
        for name in by_subject[subject]
    ]
