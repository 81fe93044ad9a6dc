"""No ballot, no decision: every method answers an empty tally with no winner and says why."""

from __future__ import annotations

import pytest

from polemica.decide.registry import METHODS, tally


@pytest.mark.parametrize("name", sorted(METHODS))
def test_no_ballots_adopt_nothing(name: str) -> None:
    result = tally(name, [], {"candidates": ["b", "a"]})
    assert result.winners == ()
    assert result.ranking == (("a", "b"),)
    assert "No ballot was cast" in result.explanation()
    assert result.to_json()["winners"] == []
