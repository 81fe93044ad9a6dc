"""A small demonstration federation for the platform: three organizations meeting in a forum.

Each organization runs under its own regime so that the health report has something to find:
the transport workers deliberate in the open, the housing cooperatives follow their secretary,
the printers split into factions. A few thousand events, every phase and kind represented.
"""

from __future__ import annotations

from collections.abc import Iterator

from polemica.events import Event
from polemica.simulate.run import simulate

DEMO_REGIMES: tuple[str, ...] = ("healthy", "personality_cult", "factionalism")
DEMO_MEMBERS = 96
DEMO_MONTHS = 6.0


def demo_federation(seed: int = 1) -> Iterator[Event]:
    """Events of the demonstration federation; the same seed gives the same events."""
    return simulate(
        "healthy",
        seed=seed,
        members=DEMO_MEMBERS,
        months=DEMO_MONTHS,
        orgs=len(DEMO_REGIMES),
        org_regimes=list(DEMO_REGIMES),
    )
