"""The explicit, reproducible tie-break rule every method names in its result.

`lexicographic` orders candidates by id (ascending: "a" beats "b"). `seeded:N` orders them by the
SHA-256 digest of `"N:" + id`, a fixed pseudo-random order that does not depend on the order of
ballots or candidates in the input, so anyone can recompute it from the seed alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TieBreak:
    """A total order on candidate ids used only where a method's own rules leave a tie."""

    seed: int | None = None

    @classmethod
    def parse(cls, text: str | TieBreak | None) -> TieBreak:
        """`lexicographic` (or None) or `seeded:N` with an integer N."""
        if isinstance(text, TieBreak):
            return text
        if text is None or text == "lexicographic":
            return cls()
        if text.startswith("seeded:"):
            try:
                return cls(int(text.split(":", 1)[1]))
            except ValueError:
                pass
        raise ValueError(f"tie-break must be 'lexicographic' or 'seeded:N', not {text!r}")

    @property
    def name(self) -> str:
        return "lexicographic" if self.seed is None else f"seeded:{self.seed}"

    def describe(self) -> str:
        if self.seed is None:
            return "lexicographic: the candidate whose id sorts first wins a tie"
        return (
            f"seeded:{self.seed}: the candidate whose SHA-256 of '{self.seed}:<id>' sorts first "
            "wins a tie"
        )

    def key(self, cand: str) -> str:
        if self.seed is None:
            return cand
        return hashlib.sha256(f"{self.seed}:{cand}".encode()).hexdigest() + cand

    def order(self, cands: Iterable[str]) -> list[str]:
        """Candidates best first under this rule."""
        return sorted(cands, key=self.key)

    def first(self, cands: Iterable[str]) -> str:
        return min(cands, key=self.key)

    def last(self, cands: Iterable[str]) -> str:
        return max(cands, key=self.key)
