"""polemica.simulate: an agent-based organization simulator that streams events (DESIGN §9).

`simulate(regime, seed=…, members=…, months=…)` yields events in the §5 format; the same seed
gives the same bytes. Regimes are presets of continuous parameters (`Params`, `PRESETS`), mixed
with `+` and weighted with `:w` (docs/simulator.md).
"""

from __future__ import annotations

from polemica.simulate.params import (
    HEALTHY,
    PRESETS,
    REGIMES,
    Params,
    param_table,
    parse_overrides,
    parse_regime,
    preset,
    regime_params,
)
from polemica.simulate.run import build, simulate, simulated_days, truth, write_simulation

__all__ = [
    "HEALTHY",
    "PRESETS",
    "REGIMES",
    "Params",
    "build",
    "param_table",
    "parse_overrides",
    "parse_regime",
    "preset",
    "regime_params",
    "simulate",
    "simulated_days",
    "truth",
    "write_simulation",
]
