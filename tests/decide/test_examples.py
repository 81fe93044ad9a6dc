"""Hand-worked examples from the methods' literature."""

from __future__ import annotations

import pytest

from polemica.decide import (
    ApprovalBallot,
    ChoiceBallot,
    ConsentBallot,
    RankedBallot,
    tally,
)
from tests.decide.helpers import SCHULZE_45, profile


def test_schulze_wikipedia_45_voters() -> None:
    result = tally("schulze", profile(SCHULZE_45))
    assert result.ranking == (("E",), ("A",), ("C",), ("B",), ("D",))
    assert result.winners == ("E",)
    paths = result.details["strongest_paths"]
    # the strongest-path table printed in the example: d[A,B]=28 … d[E,D]=31
    assert paths[0].tolist() == [0, 28, 28, 30, 24]
    assert paths[4].tolist() == [25, 28, 28, 31, 0]
    assert "Winner: E." in result.explanation()


def test_schulze_margins_gives_the_same_order_on_complete_ballots() -> None:
    result = tally("schulze", profile(SCHULZE_45), {"strength": "margins"})
    assert result.ranking == (("E",), ("A",), ("C",), ("B",), ("D",))


def test_ranked_pairs_tennessee() -> None:
    """Wikipedia's Tennessee capital example: Nashville > Chattanooga > Knoxville > Memphis."""
    ballots = [
        RankedBallot.of("Memphis", "Nashville", "Chattanooga", "Knoxville", weight=42),
        RankedBallot.of("Nashville", "Chattanooga", "Knoxville", "Memphis", weight=26),
        RankedBallot.of("Chattanooga", "Knoxville", "Nashville", "Memphis", weight=15),
        RankedBallot.of("Knoxville", "Chattanooga", "Nashville", "Memphis", weight=17),
    ]
    result = tally("ranked-pairs", ballots)
    assert result.ranking == (("Nashville",), ("Chattanooga",), ("Knoxville",), ("Memphis",))
    # Tennessee again with instant-runoff: Knoxville wins (Chattanooga, then Nashville out).
    irv = tally("instant-runoff", ballots)
    assert irv.winners == ("Knoxville",)
    assert irv.details["eliminated"] == ["Chattanooga", "Nashville", "Memphis"]


def test_ranked_pairs_skips_the_edge_that_closes_a_cycle() -> None:
    result = tally("ranked-pairs", profile(SCHULZE_45))
    # B>A (25:20) would close A→C→B→A after A>C (26) and C>B (29) are locked.
    assert result.winners == ("A",)
    assert "skip B over A (25:20)" in result.explanation()


def test_stv_wikipedia_food_election() -> None:
    """Wikipedia, "Single transferable vote": 20 voters, 3 seats, Droop quota 6."""
    ballots = [
        RankedBallot.of("Oranges", weight=4),
        RankedBallot.of("Pears", "Oranges", weight=2),
        RankedBallot.of("Chocolate", "Strawberries", weight=8),
        RankedBallot.of("Chocolate", "Hamburgers", weight=4),
        RankedBallot.of("Strawberries", weight=1),
        RankedBallot.of("Hamburgers", weight=1),
    ]
    result = tally("stv", ballots, {"seats": 3})
    assert result.details["quota"] == 6
    assert result.winners == ("Chocolate", "Oranges", "Strawberries")
    text = result.explanation()
    assert "surplus 6 of Chocolate transferred at 0.5" in text
    assert "excluded: Pears" in text


def test_debian_weakest_defeat_is_dropped() -> None:
    ballots = [
        RankedBallot.of("A", "B", "C", "NOTA", weight=4),
        RankedBallot.of("B", "C", "A", "NOTA", weight=3),
        RankedBallot.of("C", "A", "B", "NOTA", weight=2),
    ]
    result = tally("debian", ballots, {"default": "NOTA"})
    # A>B 6:3, B>C 7:2, C>A 5:4: the weakest defeat C>A goes, A wins.
    assert result.winners == ("A",)
    assert "dropping the weakest defeat(s): C over A (5:4)" in result.explanation()


def test_debian_tie_with_the_default_option_keeps_the_default() -> None:
    """From debian-ctte (Ian Jackson): 3 A:FD:B and 3 B:FD:A; with 'strictly greater' neither
    option defeats the default, so the default option wins."""
    ballots = [RankedBallot.of("A", "FD", "B", weight=3), RankedBallot.of("B", "FD", "A", weight=3)]
    result = tally("debian", ballots, {"default": "FD"})
    assert result.winners == ("FD",)
    assert set(result.details["dropped"]) == {"A", "B"}


def test_debian_quorum_supermajority_and_casting_vote() -> None:
    ballots = [
        RankedBallot.of("A", "B", "NOTA", weight=4),
        RankedBallot.of("B", "A", "NOTA", weight=4),
        RankedBallot.of("NOTA", weight=2),
        RankedBallot.of("C", "NOTA", weight=1),
    ]
    base = {"default": "NOTA"}
    # C is ranked above NOTA by 1 voter (unranked counts below): quorum 2 drops it.
    result = tally("debian", ballots, {**base, "quorum": 2, "casting_vote": "B"})
    assert "C" in result.details["dropped"]
    assert result.ranking[0] == ("A", "B")
    assert result.winners == ("B",) and result.tie_broken
    # A and B beat NOTA 8:3; a 3:1 supermajority drops both (8 < 9).
    strict = tally("debian", ballots, {**base, "majority": 3})
    assert strict.winners == ("NOTA",)
    # Without a casting vote the named tie-break decides, and says so.
    plain = tally("debian", ballots, base)
    assert plain.winners == ("A",) and plain.tie_break == "lexicographic"


def test_majority_rules_count_abstentions_as_documented() -> None:
    ballots = [ChoiceBallot("yes", 6), ChoiceBallot("no", 3), ChoiceBallot(None, 3)]
    assert tally("majority", ballots).winners == ("yes",)  # 6 > 9/2
    assert tally("two-thirds", ballots).winners == ("yes",)  # 6 ≥ 2/3 · 9
    assert tally("three-quarters", ballots).winners == ()  # 6 < 3/4 · 9
    # absolute: abstentions count in the base (6 is not > 12/2), and so do absent members
    assert tally("absolute-majority", ballots).winners == ()
    more = [ChoiceBallot("yes", 7), *ballots[1:]]
    assert tally("absolute-majority", more).winners == ("yes",)  # 7 > 13/2
    assert tally("absolute-majority", more, {"electorate": 14}).winners == ()
    assert tally("majority", ballots, {"quorum": 13}).winners == ()
    assert tally("majority", ballots, {"quorum": 0.5, "electorate": 20}).winners == ("yes",)
    assert tally("majority", ballots, {"quorum": 0.7, "electorate": 20}).winners == ()


def test_plurality_tie_is_broken_by_the_named_rule() -> None:
    ballots = [ChoiceBallot("b", 2), ChoiceBallot("a", 2), ChoiceBallot("c", 1)]
    result = tally("plurality", ballots)
    assert result.ranking[0] == ("a", "b")
    assert result.winners == ("a",) and result.tie_broken
    seeded = tally("plurality", ballots, {"tie_break": "seeded:7"})
    assert seeded.tie_break == "seeded:7"
    assert seeded.winners == tally("plurality", ballots[::-1], {"tie_break": "seeded:7"}).winners


def test_approval_with_seats() -> None:
    ballots = [
        ApprovalBallot(frozenset("ab"), 3),
        ApprovalBallot(frozenset("bc"), 2),
        ApprovalBallot(frozenset("c")),
        ApprovalBallot(frozenset()),
    ]
    result = tally("approval", ballots, {"seats": 2})
    assert result.scores == {"a": 3, "b": 5, "c": 3}
    assert result.winners == ("b", "a") and result.tie_broken


def test_consensus_block_stops_adoption_and_records_reason() -> None:
    ballots = [
        ConsentBallot("p1", "agree", voter="m1"),
        ConsentBallot("p1", "pass", voter="m2"),
        ConsentBallot("p1", "block", "breaks the statutes", voter="m3"),
        ConsentBallot("p2", "agree", voter="m1"),
        ConsentBallot("p2", "agree", voter="m3"),
        ConsentBallot("p2", "disagree", voter="m2"),
    ]
    result = tally("consensus", ballots)
    assert result.winners == ()
    assert result.details["blocks"] == {"p1": [{"voter": "m3", "reason": "breaks the statutes"}]}
    assert "breaks the statutes" in result.explanation()
    relaxed = tally("consensus", ballots, {"threshold": 0.6})
    assert relaxed.winners == ("p2",)  # 2/3 agree, no block
    with pytest.raises(ValueError, match="reason"):
        ConsentBallot("p1", "block")


def test_registry_rejects_unknown_methods_and_options() -> None:
    with pytest.raises(ValueError, match="unknown method"):
        tally("borda-ish", [])
    with pytest.raises(ValueError, match="takes no option 'seats'"):
        tally("instant-runoff", profile([(1, "AB")]), {"seats": 2})
    with pytest.raises(ValueError, match="stance ballots"):
        tally("consensus", profile([(1, "AB")]))


def test_unranked_candidates_count_below_ranked_unless_ignored() -> None:
    ballots = [RankedBallot.of("A"), RankedBallot.of("B", "C"), RankedBallot.of("C", "B")]
    cands = ["A", "B", "C"]
    bottom = tally("schulze", ballots, {"candidates": cands})
    d = bottom.details["pairwise"]
    assert d[0].tolist() == [0, 1, 1]  # A above B and C on the first ballot
    ignored = tally("schulze", ballots, {"candidates": cands, "unranked": "ignore"})
    assert ignored.details["pairwise"][0].tolist() == [0, 0, 0]
    assert ignored.details["pairwise"][1].tolist() == [0, 0, 1]
