"""polemica.simulate: an agent-based organization simulator that streams events (DESIGN §9).

`simulate(regime, seed=…, members=…, months=…)` yields events in the §5 format; the same seed
gives the same bytes. Regimes are presets of continuous parameters (`Params`, `PRESETS`), mixed
with `+` and weighted with `:w` (docs/simulator.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from polemica.lazy import lazy_names

if TYPE_CHECKING:
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

# Each name is imported from its module on first use (polemica/lazy.py).
__getattr__ = lazy_names(
    __name__,
    {
        "HEALTHY": "polemica.simulate.params",
        "PRESETS": "polemica.simulate.params",
        "Params": "polemica.simulate.params",
        "REGIMES": "polemica.simulate.params",
        "build": "polemica.simulate.run",
        "param_table": "polemica.simulate.params",
        "parse_overrides": "polemica.simulate.params",
        "parse_regime": "polemica.simulate.params",
        "preset": "polemica.simulate.params",
        "regime_params": "polemica.simulate.params",
        "simulate": "polemica.simulate.run",
        "simulated_days": "polemica.simulate.run",
        "truth": "polemica.simulate.run",
        "write_simulation": "polemica.simulate.run",
    },
)

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
