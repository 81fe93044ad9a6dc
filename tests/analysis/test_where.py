"""`--where` expressions: what they keep, and malformed ones named."""

from __future__ import annotations

import pytest

from polemica.analysis.where import WhereError, parse_where


@pytest.mark.parametrize(
    ("expr", "meta", "kept"),
    [
        ("meta.power<0", {"power": -0.5}, True),
        ("meta.power<0", {"power": 0}, False),
        ("meta.power <= 0", {"power": 0}, True),
        ("meta.power>=1", {"power": 1.0}, True),
        ("meta.power>0", {"power": "high"}, False),  # text never compares with a number
        ("meta.power!=0", {}, False),  # a missing value is never kept
        ("meta.power!=0", {"power": 2}, True),
        ("meta.role=leader", {"role": "leader"}, True),
        ('meta.role="leader"', {"role": "Leader"}, False),
        ("meta.is-admin=true", {"is-admin": True}, True),
        ("meta.is-admin=true", {"is-admin": 1}, False),
        ("meta.score.up>2", {"score": {"up": 3}}, True),
        ("meta.flag=null", {}, True),
        ("meta.flag!=null", {"flag": False}, True),
        ("meta.x==2", None, False),
    ],
)
def test_comparisons(expr: str, meta: dict[str, object] | None, kept: bool) -> None:
    assert parse_where(expr).test(meta) is kept


def test_target_side() -> None:
    w = parse_where("target.meta.power>0.5")
    assert w.on == "target" and w.path == ("power",) and w.value == 0.5


@pytest.mark.parametrize(
    "expr",
    ["power<0", "meta.power", "meta.power<", "meta.<3", "meta.x<<0", "meta.x<true", "meta.x>[1]"],
)
def test_malformed_expression_is_named(expr: str) -> None:
    with pytest.raises(WhereError) as info:
        parse_where(expr)
    assert repr(expr) in str(info.value)
