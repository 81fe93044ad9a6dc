"""docs/simulator.md documents every parameter and every regime, and the fast JSON path is exact."""

from __future__ import annotations

from pathlib import Path

from polemica.events import canonical_json
from polemica.simulate import PRESETS, build, param_table
from polemica.simulate.fastjson import canonical_line

DOC = (Path(__file__).resolve().parents[2] / "docs" / "simulator.md").read_text(encoding="utf-8")


def test_every_parameter_is_documented_with_its_range_and_default() -> None:
    for name, default, lo, hi, _ in param_table():
        row = next((line for line in DOC.splitlines() if line.startswith(f"| `{name}` |")), None)
        assert row is not None, f"{name} is not in the parameter table"
        assert f"| {lo:g}–{hi:g} | {default:g} |" in row, row


def test_every_regime_is_documented_with_what_it_sets() -> None:
    for name, (changes, _) in PRESETS.items():
        row = next((line for line in DOC.splitlines() if line.startswith(f"| `{name}` |")), None)
        assert row is not None, f"regime {name} is not in the regime table"
        for key, value in changes.items():
            assert f"`{key}` {value:g}" in row, f"{name}: {key} {value:g} not documented"


def test_fast_lines_equal_canonical_json_for_every_event() -> None:
    sim = build("personality_cult:0.5+factionalism", seed=4, members=120, months=3, orgs=2)
    kinds = set()
    for row in sim.rows():
        assert canonical_line(row).encode("utf-8") == canonical_json(row) + b"\n"
        kinds.add(row["kind"])
    assert len(kinds) >= 18


def test_lines_from_engine_rows_equal_canonical_json() -> None:
    from polemica.simulate.fastjson import row_line

    a = build("credit_erasure+hush_hush", seed=5, members=80, months=2, orgs=2)
    b = build("credit_erasure+hush_hush", seed=5, members=80, months=2, orgs=2)
    for row, obj in zip(a.tuples(), b.rows(), strict=True):
        assert row_line(row).encode("utf-8") == canonical_json(obj) + b"\n"
