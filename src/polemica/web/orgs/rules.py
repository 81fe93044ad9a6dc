"""Per-body settings and their documented defaults (docs/platform.md, DESIGN §6)."""

from __future__ import annotations

from typing import Any

from polemica.web.base.errors import Invalid

# Every rule an organization may want differently, with the default a new body starts with.
DEFAULTS: dict[str, Any] = {
    # Who reads an open question: "anyone", or "members" of the organization.
    "read": "anyone",
    # Who moves discussion → verification → voting: "leaders" (leader or deputy) or "members".
    "move_phase": "leaders",
    # Who records the decision and reopens: "leaders" (leader or deputy) or "members".
    "decide": "leaders",
    # The decision method a new question of the body uses.
    "method": "majority",
    # Share of the body's voting members whose ballots a decision needs (0: no quorum).
    "quorum": 0.0,
    # Whether the body's elections must be held by secret ballot (`requires_secret`).
    "secret_elections": False,
}

CHOICES: dict[str, tuple[str, ...]] = {
    "read": ("anyone", "members"),
    "move_phase": ("leaders", "members"),
    "decide": ("leaders", "members"),
}


def check_settings(values: dict[str, Any], methods: tuple[str, ...]) -> dict[str, Any]:
    """The validated change: known keys, allowed values; raises Invalid naming the field."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in DEFAULTS:
            raise Invalid(f"{key!r} is not a body setting", field=key)
        if key in CHOICES and value not in CHOICES[key]:
            raise Invalid(f"{key} must be one of {', '.join(CHOICES[key])}", field=key)
        if key == "method" and value not in methods:
            raise Invalid(f"method must be one of {', '.join(methods)}", field=key)
        if key == "secret_elections" and not isinstance(value, bool):
            raise Invalid("secret_elections must be true or false", field=key)
        if key == "quorum" and (
            isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1
        ):
            raise Invalid("quorum must be a number between 0 and 1", field=key)
        out[key] = value
    return out


def effective(stored: dict[str, Any] | None) -> dict[str, Any]:
    return {**DEFAULTS, **(stored or {})}


def requires_secret(settings: dict[str, Any], *, election: bool) -> bool:
    """Whether a vote of a body with these (effective) settings must be a secret ballot: an
    election does when the body's `secret_elections` says so; any other vote is the opener's
    choice (docs/platform.md, "Secret ballots")."""
    return election and bool(settings.get("secret_elections", False))
