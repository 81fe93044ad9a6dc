"""Small builders shared by the decision tests."""

from __future__ import annotations

from polemica.decide import RankedBallot


def profile(spec: list[tuple[int, str]]) -> list[RankedBallot]:
    """[(count, "ACB"), …] → ranked ballots of single-letter candidates."""
    return [RankedBallot.of(*order, weight=n) for n, order in spec]


# Wikipedia, "Schulze method", the 45-voter example (result E > A > C > B > D).
SCHULZE_45 = [
    (5, "ACBED"), (5, "ADECB"), (8, "BEDAC"), (3, "CABED"),
    (7, "CAEBD"), (2, "CBADE"), (7, "DCEBA"), (8, "EBADC"),
]  # fmt: skip
