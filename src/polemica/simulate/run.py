"""Running the simulator: events for a regime, written to a file, with the ground truth apart.

The ground truth (the regime and its parameters) never enters the events; `truth()` returns it
for a sidecar file that calibration reads next to the events.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from polemica.events import Event, write_events
from polemica.simulate.engine import Simulation
from polemica.simulate.fastjson import RowWriter
from polemica.simulate.params import Params, parse_regime, regime_params
from polemica.simulate.topics import ORG_NAMES


def org_names(n: int) -> list[tuple[str, str]]:
    """Readable (id, name) of the first `n` simulated organizations."""
    out = []
    for i in range(n):
        slug, name = ORG_NAMES[i % len(ORG_NAMES)]
        if i >= len(ORG_NAMES):
            slug, name = f"{slug}{i // len(ORG_NAMES) + 1}", f"{name} ({i // len(ORG_NAMES) + 1})"
        out.append((slug, name))
    return out


def _check(members: int, months: float, orgs: int) -> None:
    if orgs < 1:
        raise ValueError("orgs must be at least 1")
    if members < 4 * orgs:
        raise ValueError(f"members must be at least {4 * orgs} for {orgs} organization(s)")
    if not 0 < months <= 600:
        raise ValueError("months must lie in (0, 600]")


def build(
    regime: str | Params = "healthy",
    *,
    seed: int = 0,
    members: int = 200,
    months: float = 6.0,
    orgs: int = 1,
    overrides: dict[str, float] | None = None,
    org_regimes: Sequence[str | Params] | None = None,
) -> Simulation:
    """A ready simulation; `org_regimes` gives each organization its own regime."""
    _check(members, months, orgs)
    if org_regimes is not None and len(org_regimes) > orgs:
        raise ValueError(
            f"{len(org_regimes)} organization regimes were given for {orgs} organization(s)"
        )
    base = regime if isinstance(regime, Params) else regime_params(regime, overrides)
    names = org_names(orgs)
    specs = []
    for i, (slug, name) in enumerate(names):
        own: str | Params = base
        if org_regimes is not None and i < len(org_regimes):
            own = org_regimes[i]
        params = own if isinstance(own, Params) else regime_params(own, overrides)
        specs.append((slug, name, params.check()))
    return Simulation(specs, seed=seed, members=members, months=months, forum=base)


def simulate(
    regime: str | Params = "healthy",
    *,
    seed: int = 0,
    members: int = 200,
    months: float = 6.0,
    orgs: int = 1,
    overrides: dict[str, float] | None = None,
    org_regimes: Sequence[str | Params] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Event]:
    """Stream the events of a simulated organization (or a federation with a forum)."""
    sim = build(
        regime,
        seed=seed,
        members=members,
        months=months,
        orgs=orgs,
        overrides=overrides,
        org_regimes=org_regimes,
    )
    return sim.events(progress)


def simulated_days(months: float) -> int:
    return max(1, round(months * 30.44))


def truth(
    regime: str | Params = "healthy",
    *,
    seed: int = 0,
    members: int = 200,
    months: float = 6.0,
    orgs: int = 1,
    overrides: dict[str, float] | None = None,
    org_regimes: Sequence[str | Params] | None = None,
) -> dict[str, Any]:
    """The ground truth of a run, for a sidecar file (never written into the events)."""
    _check(members, months, orgs)
    label = regime if isinstance(regime, str) else "custom"
    base = regime if isinstance(regime, Params) else regime_params(regime, overrides)
    per_org = []
    for i, (slug, name) in enumerate(org_names(orgs)):
        own: str | Params = label
        if org_regimes is not None and i < len(org_regimes):
            own = org_regimes[i]
        params = (
            own
            if isinstance(own, Params)
            else (base if own == label else regime_params(own, overrides))
        )
        per_org.append(
            {
                "id": slug,
                "name": name,
                "regime": own if isinstance(own, str) else "custom",
                "mixture": parse_regime(own) if isinstance(own, str) and own != "custom" else [],
                "params": params.to_dict(),
            }
        )
    return {
        "regime": label,
        "mixture": parse_regime(label) if label != "custom" else [],
        "seed": seed,
        "members": members,
        "months": months,
        "orgs": per_org,
        "forum": {"id": "forum", "params": base.to_dict()} if orgs > 1 else None,
        "overrides": dict(overrides or {}),
    }


def write_simulation(
    path: str | os.PathLike[str],
    regime: str | Params = "healthy",
    *,
    truth_path: str | os.PathLike[str] | None = None,
    progress: Callable[[int], None] | None = None,
    **kwargs: Any,
) -> int:
    """Write the events to `path` (JSON Lines or Parquet by suffix), streaming; return the count."""
    target = Path(path)
    with relaxed_gc():
        count = _write(target, regime, progress, kwargs)
    if truth_path is not None:
        sidecar = Path(truth_path)
        tmp = sidecar.with_name(f".{sidecar.name}.tmp")
        tmp.write_text(
            json.dumps(truth(regime, **kwargs), indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        os.replace(tmp, sidecar)
    return count


def _write(
    target: Path,
    regime: str | Params,
    progress: Callable[[int], None] | None,
    kwargs: dict[str, Any],
) -> int:
    if target.suffix in (".parquet", ".pq"):
        return write_events(target, simulate(regime, progress=progress, **kwargs))
    # JSON Lines straight from the envelope dicts: no Event objects on the hot path.
    with RowWriter(target) as writer:
        write = writer.write_tuple
        for row in build(regime, **kwargs).tuples(progress):
            write(row)
        return writer.count


@contextmanager
def relaxed_gc() -> Iterator[None]:
    """Run the cyclic garbage collector rarely while a long simulation is written.

    The simulator's short-lived objects (events, questions) form no reference cycles, so
    reference counting frees them; the default thresholds would instead rescan the whole
    organization thousands of times (a third of the run time at a million events).
    """
    old = gc.get_threshold()
    gc.set_threshold(200_000, 100, 100)
    try:
        yield
    finally:
        gc.set_threshold(*old)
