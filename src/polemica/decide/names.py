"""The names of the decision methods, without their code: a command's usage lists them without
importing numpy (tests/cli/test_startup.py). `registry.py` refuses to load if the two differ."""

from __future__ import annotations

METHOD_NAMES: tuple[str, ...] = (
    "majority",
    "absolute-majority",
    "two-thirds",
    "three-quarters",
    "plurality",
    "approval",
    "consensus",
    "schulze",
    "ranked-pairs",
    "copeland",
    "debian",
    "instant-runoff",
    "stv",
)
