"""A small simulated federation (three organizations meeting in a forum) for restore tests.

Seed 2 over two months gives about a thousand events in which every reference that crosses
organizations occurs: the forum's directives to the organizations' committees, their
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
        import_events(simulate("healthy", seed=2, members=30, months=2, orgs=3))
