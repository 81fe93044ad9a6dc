"""Reader for a pairwise count matrix as CSV.

The first row names the candidates; each following row gives, for one candidate x, the number of
voters who rank x above each candidate y, in the header's order. Rows may start with the
candidate's name (then the header starts with an empty or label cell). The diagonal must be 0 or
empty. A malformed file is rejected naming the line and the reason.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np

from polemica.decide.pairwise import Pairwise


class PairwiseCsvError(ValueError):
    def __init__(self, path: str, line: int, reason: str) -> None:
        super().__init__(f"{path}, line {line}: {reason}")
        self.line = line
        self.reason = reason


def read_pairwise_csv(path: str | os.PathLike[str]) -> Pairwise:
    """The matrix with candidate ids = the names in the header."""
    p = Path(path)
    with p.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(fh)]
    lines = [(i + 1, r) for i, r in enumerate(rows) if any(c.strip() for c in r)]
    if not lines:
        raise PairwiseCsvError(str(p), 1, "the file is empty")
    _, header = lines[0]
    body = lines[1:]
    labelled = bool(body) and len(body[0][1]) == len(header) and not _is_int(body[0][1][0])
    names = [h.strip() for h in (header[1:] if labelled else header)]
    m = len(names)
    if m == 0 or any(not n for n in names) or len(set(names)) != m:
        raise PairwiseCsvError(str(p), lines[0][0], "the header must name distinct candidates")
    if len(body) != m:
        raise PairwiseCsvError(str(p), lines[-1][0], f"{len(body)} rows for {m} candidates")
    d = np.zeros((m, m), dtype=np.int64)
    for i, (number, row) in enumerate(body):
        cells = [c.strip() for c in row]
        if labelled:
            if cells[0] != names[i]:
                raise PairwiseCsvError(
                    str(p), number, f"row {cells[0]!r} should be {names[i]!r} (header order)"
                )
            cells = cells[1:]
        if len(cells) != m:
            raise PairwiseCsvError(str(p), number, f"{len(cells)} cells for {m} candidates")
        for j, cell in enumerate(cells):
            if i == j:
                if cell not in ("", "0", "-"):
                    raise PairwiseCsvError(str(p), number, "the diagonal must be 0 or empty")
                continue
            if not _is_int(cell) or int(cell) < 0:
                raise PairwiseCsvError(
                    str(p), number, f"cell for {names[j]!r} must be a non-negative integer"
                )
            d[i, j] = int(cell)
    return Pairwise(tuple(names), d)


def _is_int(text: str) -> bool:
    return text.strip().lstrip("+").isdigit()
