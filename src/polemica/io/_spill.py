"""Sort numeric records larger than memory: sorted runs spilled to disk, merged on reading.

Records are rows of a numpy structured array; the sort key is its first fields (time, then the
input's line), so equal times keep file order. A run of `RUN` records is sorted in memory and
written to a temporary `.npy` file; the runs are read back memory-mapped and merged lazily, so
memory holds one run while sorting and one record per run while merging.
"""

from __future__ import annotations

import heapq
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

RUN = 1_000_000


def _sorted(block: np.ndarray, key: tuple[str, ...]) -> np.ndarray:
    order = np.lexsort(tuple(block[k] for k in reversed(key)))
    out: np.ndarray = block[order]
    return out


def _rows(run: np.ndarray) -> Iterator[tuple[Any, ...]]:
    for i in range(len(run)):
        yield tuple(run[i].tolist())


def sort_records(
    rows: Iterable[tuple[Any, ...]], dtype: np.dtype[Any], key: tuple[str, ...]
) -> Iterator[tuple[Any, ...]]:
    """The rows sorted by `key` (field names), in bounded memory."""
    with tempfile.TemporaryDirectory(prefix="polemica-sort-") as tmp:
        runs: list[np.ndarray] = []
        # One preallocated block: a record costs its bytes, not a Python tuple's.
        block = np.empty(RUN, dtype=dtype)
        filled = 0

        def spill(records: np.ndarray) -> None:
            path = Path(tmp) / f"run-{len(runs)}.npy"
            np.save(path, _sorted(records, key))
            runs.append(np.load(path, mmap_mode="r"))

        for row in rows:
            block[filled] = row
            filled += 1
            if filled == RUN:
                spill(block)
                filled = 0
        if not runs:
            yield from _rows(_sorted(block[:filled], key))
            return
        if filled:
            spill(block[:filled])
        del block  # the runs are on disk now
        idx = [dtype.names.index(k) for k in key] if dtype.names else []
        yield from heapq.merge(*(_rows(r) for r in runs), key=lambda t: tuple(t[i] for i in idx))
