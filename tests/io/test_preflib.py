"""PrefLib ordinal files: the four types, names, ties, unranked, and malformed input."""

from __future__ import annotations

from pathlib import Path

import pytest

from polemica.decide import tally
from polemica.io.preflib import PrefLibError, read_preflib

DATA = Path(__file__).parent / "data"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_soc_schulze_example_by_name() -> None:
    prof = read_preflib(DATA / "schulze45.soc")
    assert prof.n_voters == 45 and prof.candidates == ("1", "2", "3", "4", "5")
    result = tally("schulze", prof)
    assert [[result.name(c) for c in g] for g in result.ranking] == [
        ["E"],
        ["A"],
        ["C"],
        ["B"],
        ["D"],
    ]
    assert result.to_json()["winners"] == ["E"]


def test_toi_ties_and_unranked(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "x.toi",
        """# DATA TYPE: toi
# NUMBER ALTERNATIVES: 3
# ALTERNATIVE NAME 1: Red
# ALTERNATIVE NAME 2: Green
# ALTERNATIVE NAME 3: Blue
2: {1,2}
1: 3,1
""",
    )
    prof = read_preflib(path)
    assert list(prof.rankings()) == [(("1", "2"),), (("3",), ("1",))]
    d = tally("schulze", prof).details["pairwise"]
    # Blue unranked on the first ballot counts below Red and Green (2 voters each)
    assert d.tolist() == [[0, 1, 2], [0, 0, 2], [1, 1, 0]]
    ignored = read_preflib(path, unranked="ignore")
    assert tally("schulze", ignored).details["pairwise"].tolist() == [
        [0, 0, 0],
        [0, 0, 0],
        [1, 0, 0],
    ]


@pytest.mark.parametrize(
    ("name", "body", "line", "reason"),
    [
        ("a.soc", "# NUMBER ALTERNATIVES: 3\n1: 1,2\n", 2, "incomplete order"),
        ("a.soi", "# NUMBER ALTERNATIVES: 3\n1: 1,{2,3}\n", 2, "tie in a strict order"),
        ("a.toc", "# NUMBER ALTERNATIVES: 2\n1: 1,4\n", 2, "outside 1..2"),
        ("a.toi", "# NUMBER ALTERNATIVES: 2\n1: 1,1\n", 2, "more than once"),
        ("a.toi", "# NUMBER ALTERNATIVES: 2\nx: 1\n", 2, "data line"),
        ("a.toi", "# NUMBER ALTERNATIVES: 2\n1: {1,2\n", 2, "not closed"),
        ("a.toi", "1: 1,2\n", 1, "NUMBER ALTERNATIVES"),
        ("a.toi", "# NUMBER ALTERNATIVES: 2\n1: 1\n# TITLE: late\n", 3, "after the data"),
        ("a.toi", "# DATA TYPE: xyz\n# NUMBER ALTERNATIVES: 2\n1: 1\n", 3, "not one of"),
    ],
)
def test_malformed_files_name_line_and_reason(
    tmp_path: Path, name: str, body: str, line: int, reason: str
) -> None:
    with pytest.raises(PrefLibError, match=reason) as info:
        read_preflib(write(tmp_path, name, body))
    assert info.value.line == line
    assert f"line {line}:" in str(info.value)
