"""Fails when a signal or syndrome of the health report is not documented in docs/metrics.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from polemica.analysis import SIGNALS, SYNDROME_NAMES
from tests.docs.test_documented import section

METRICS = Path(__file__).resolve().parents[2] / "docs" / "metrics.md"


@pytest.mark.parametrize("name", list(SIGNALS))
def test_every_signal_is_defined_with_range_meaning_and_evidence(name: str) -> None:
    body = section(METRICS.read_text(encoding="utf-8"), f"`{name}`")
    for part in ("**Definition**", "**Range**", "**High**", "**Low**", "**Evidence**"):
        assert part in body, f"{name}: {part} is missing in docs/metrics.md"
    assert SIGNALS[name].range in body, f"{name}: the range {SIGNALS[name].range} is not stated"


@pytest.mark.parametrize("name", SYNDROME_NAMES)
def test_every_syndrome_is_documented_with_its_formula_and_threshold(name: str) -> None:
    body = section(METRICS.read_text(encoding="utf-8"), f"`{name}`")
    for part in ("**Score**", "**Flag**", "**Signals**"):
        assert part in body, f"{name}: {part} is missing in docs/metrics.md"
