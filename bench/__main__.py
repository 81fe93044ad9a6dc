"""Run the quick benchmarks one after another: `.venv/bin/python -m bench`.

The long ones are run on their own: `bench.calibrate` (the syndrome calibration, an hour and
more), `bench.polis_agreement` (opinion groups against Pol.is) and `bench.platform_bench`
(servers on SQLite and PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Callable

from bench import analysis_bench, decide_bench, ledger_bench, simulate_bench, startup_bench


def main() -> None:
    runs: tuple[tuple[str, Callable[[], None]], ...] = (
        ("start-up", lambda: startup_bench.main([])),
        ("decision methods", lambda: decide_bench.main([])),
        ("ledger", lambda: ledger_bench.main([])),
        ("simulator", simulate_bench.main),
        ("health analysis", analysis_bench.main),
    )
    for name, run in runs:
        print(f"\n## {name}\n", flush=True)
        run()


if __name__ == "__main__":
    main()
