"""A small demonstration federation for the platform: three organizations meeting in a forum.

Each organization runs under its own regime so that the health report has something to find:
the transport workers deliberate in the open, the housing cooperatives follow their secretary,
the printers split into factions. A few thousand events, every phase and kind represented.
"""

from __future__ import annotations

from collections.abc import Iterator

from polemica.events import Event
from polemica.simulate.run import org_names, simulate

DEMO_REGIMES: tuple[str, ...] = ("healthy", "personality_cult", "factionalism")
DEMO_MEMBERS = 96
DEMO_MONTHS = 6.0
# The simulator names a federation's forum "forum" and its organizations by their index.
DEMO_ORGS: tuple[str, ...] = (*(slug for slug, _ in org_names(len(DEMO_REGIMES))), "forum")


def demo_federation(
    seed: int = 1, *, members: int = DEMO_MEMBERS, months: float = DEMO_MONTHS
) -> Iterator[Event]:
    """Events of the demonstration federation; the same seed (and size) gives the same events.

    `members` and `months` make it smaller (tests); the organizations are always `DEMO_ORGS`."""
    return simulate(
        "healthy",
        seed=seed,
        members=members,
        months=months,
        orgs=len(DEMO_REGIMES),
        org_regimes=list(DEMO_REGIMES),
    )
