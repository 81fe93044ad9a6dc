"""Pairwise count matrices as CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from polemica.decide import tally
from polemica.io.pairwise_csv import PairwiseCsvError, read_pairwise_csv

# The 45-voter Schulze example's pairwise table (Wikipedia).
MATRIX = """,A,B,C,D,E
A,,20,26,30,22
B,25,,16,33,18
C,19,29,,17,24
D,15,12,28,,14
E,23,27,21,31,
"""


def test_labelled_matrix_tallies_like_the_ballots(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(MATRIX)
    pw = read_pairwise_csv(path)
    assert pw.candidates == ("A", "B", "C", "D", "E")
    assert tally("schulze", pw).ranking == (("E",), ("A",), ("C",), ("B",), ("D",))
    assert tally("ranked-pairs", pw).winners == ("A",)
    assert tally("copeland", pw).winners == ("E",)
    with pytest.raises(ValueError, match="holds no single choices"):
        tally("plurality", pw)


def test_unlabelled_rows(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("x,y\n0,3\n2,0\n")
    assert tally("schulze", read_pairwise_csv(path)).winners == ("x",)


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (",A,B\nA,0,1\n", 2, "1 rows for 2 candidates"),
        (",A,B\nA,0,1\nC,2,0\n", 3, "should be 'B'"),
        (",A,B\nA,0,-1\nB,2,0\n", 2, "non-negative integer"),
        (",A,B\nA,4,1\nB,2,0\n", 2, "diagonal"),
        (",A,A\nA,0,1\nA,2,0\n", 1, "distinct"),
    ],
)
def test_malformed(tmp_path: Path, text: str, line: int, reason: str) -> None:
    path = tmp_path / "m.csv"
    path.write_text(text)
    with pytest.raises(PairwiseCsvError, match=reason) as info:
        read_pairwise_csv(path)
    assert info.value.line == line
