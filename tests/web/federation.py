"""A small simulated federation (three organizations meeting in a forum) for restore tests.

Twelve members per organization, seed 20, six weeks: about 330 events in which every reference
that crosses organizations occurs: the forum's directives to the organizations' committees, their
applications, feedback to the forum and its answers, lines to the forum, delegates acting and
credited in the forum.
"""

from __future__ import annotations

from django.db import transaction

from polemica.simulate.run import simulate
from polemica.web.record.replay import import_events

ORGS = ("forum", "housing", "printers", "transport")


def load_federation() -> None:
    with transaction.atomic():
        import_events(simulate("healthy", seed=20, members=12, months=1.5, orgs=3))
