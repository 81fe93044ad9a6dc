"""The options a person may choose for a method, and their checks.

A method's options (`registry.METHODS[name].options`) include some that only the caller knows
(`electorate`, the number of people entitled to vote; `casting_vote`): those are not chosen by a
person. The rest are checked here, each with a sentence saying what it takes, so a platform form
or an API request gets a clear refusal naming the option.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from polemica.decide.condorcet import STRENGTHS
from polemica.decide.registry import method

# Known to the caller (the platform counts the electorate), never chosen by a person.
SUPPLIED = frozenset({"electorate", "casting_vote"})


@dataclass(frozen=True)
class OptionSpec:
    name: str
    takes: str  # what the option takes, for the refusal and the documentation
    convert: Callable[[Any], Any | None]  # the checked value, or None when it is not valid


def _whole(low: int) -> Callable[[Any], int | None]:
    def check(value: Any) -> int | None:
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= low
        return value if ok else None

    return check


def _number(low: float, high: float = math.inf) -> Callable[[Any], float | None]:
    def check(value: Any) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        number = float(value)
        return number if math.isfinite(number) and low <= number <= high else None

    return check


def _word(choices: tuple[str, ...]) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return value if value in choices else None

    return check


def _id(value: Any) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= 64 else None


SPECS: dict[str, OptionSpec] = {
    s.name: s
    for s in (
        OptionSpec("seats", "a whole number of seats, at least 1", _whole(1)),
        OptionSpec(
            "quorum",
            "a number of ballots, or a share of the electorate below 1 (0 for none)",
            _number(0),
        ),
        OptionSpec(
            "majority",
            "the supermajority an option needs against the default, a ratio of at least 1 "
            "(2 for 2:1)",
            _number(1, 100),
        ),
        OptionSpec(
            "threshold", "the share of agreement among opinions, from 0 to 1", _number(0, 1)
        ),
        OptionSpec("strength", f"one of {', '.join(STRENGTHS)}", _word(tuple(STRENGTHS))),
        OptionSpec("default", "the id of the default option", _id),
    )
}


def settable(name: str) -> tuple[str, ...]:
    """The options a person may choose for the method `name`."""
    return tuple(o for o in method(name).options if o not in SUPPLIED)


def check_options(name: str, options: Mapping[str, Any]) -> dict[str, Any]:
    """The options for the method `name`, checked; ValueError(option, reason) names the first
    one that is unknown to the method or holds what it does not take."""
    allowed = settable(name)
    checked: dict[str, Any] = {}
    for key, value in options.items():
        if key not in allowed:
            takes = ", ".join(allowed) if allowed else "no options"
            raise OptionError(key, f"{name} takes {takes}, not {key!r}")
        converted = SPECS[key].convert(value)
        if converted is None:
            raise OptionError(key, f"{key} must be {SPECS[key].takes}")
        checked[key] = converted
    return checked


class OptionError(ValueError):
    """An option that cannot be used: which one, and why (one sentence)."""

    def __init__(self, option: str, reason: str) -> None:
        super().__init__(reason)
        self.option = option
        self.reason = reason
