from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polemica.events import canonical_json, format_time, normalize_time, parse_time


def test_canonical_json_sorts_keys_and_has_no_spaces() -> None:
    assert (
        canonical_json({"b": 1, "a": [1, {"d": 2, "c": "é"}]})
        == '{"a":[1,{"c":"é","d":2}],"b":1}'.encode()
    )


def test_canonical_json_keeps_non_ascii_as_utf8() -> None:
    assert canonical_json("Kovač") == '"Kovač"'.encode()


def test_canonical_json_refuses_nan() -> None:
    with pytest.raises(ValueError):
        canonical_json(float("nan"))


@pytest.mark.parametrize(
    ("given_time", "normal"),
    [
        ("2026-01-05T09:00:00Z", "2026-01-05T09:00:00Z"),
        ("2026-01-05t09:00:00z", "2026-01-05T09:00:00Z"),
        ("2026-01-05T10:00:00+01:00", "2026-01-05T09:00:00Z"),
        ("2026-01-05T09:00:00.500000Z", "2026-01-05T09:00:00.5Z"),
        ("2026-01-05T09:00:00.000Z", "2026-01-05T09:00:00Z"),
        ("2026-01-04T20:30:00-12:30", "2026-01-05T09:00:00Z"),
        ("2026-01-05T09:00:00.123456789Z", "2026-01-05T09:00:00.123456Z"),
    ],
)
def test_times_are_normalized_to_utc_z(given_time: str, normal: str) -> None:
    assert normalize_time(given_time) == normal


@pytest.mark.parametrize(
    "bad",
    [
        "2026-01-05",
        "2026-01-05T09:00:00",
        "2026-02-30T09:00:00Z",
        "yesterday",
        "2026-01-05T25:00:00Z",
    ],
)
def test_bad_times_are_rejected_with_a_reason(bad: str) -> None:
    with pytest.raises(ValueError, match="RFC 3339|real date"):
        parse_time(bad)


@given(
    st.datetimes(
        timezones=st.just(UTC), min_value=datetime(1970, 1, 1), max_value=datetime(9999, 1, 1)
    )
)
def test_time_format_round_trips(moment: datetime) -> None:
    assert parse_time(format_time(moment)) == moment
    assert normalize_time(format_time(moment)) == format_time(moment)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)


@given(json_values)
def test_canonical_bytes_are_a_fixed_point(value: object) -> None:
    once = canonical_json(value)
    assert canonical_json(json.loads(once)) == once
