"""The decision's tally page: who won and by how much, the minority, rounds and matrices, with
charts drawn on the server; options by label and members by name, never by id; a secret
ballot's minority is a number, not names."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from polemica.web.process import actions as process
from polemica.web.ui import charts
from polemica.web.votes import actions as votes
from polemica.web.votes.models import Decision
from tests.web.conftest import Org
from tests.web.ui.conftest import signed_in

VOTERS = ("leader", "deputy", "member", "member2")


class _Text(HTMLParser):
    """The text a reader sees (attributes such as in-page anchors are not shown)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def shown(html: str) -> str:
    p = _Text()
    p.feed(html)
    return " ".join(" ".join(p.parts).split())


def _question(org: Org, method: str, texts: list[str], **kw: Any) -> tuple[str, list[str]]:
    leader = org.actor("leader")
    q = process.do_open_question(leader, org.cell, "Meeting place", "Where?", method=method, **kw)
    ids = [process.do_post_contribution(leader, q.id, "position", t).id for t in texts]
    process.do_move_phase(leader, q.id, "verification")
    process.do_move_phase(leader, q.id, "voting")
    return q.id, ids


def _decide(org: Org, q: str, ballots: dict[str, dict[str, Any]]) -> Decision:
    for role, ballot in ballots.items():
        votes.do_cast_ballot(org.actor(role), q, ballot)
    return votes.do_record_decision(org.actor("leader"), q, "So be it.")


def _page(org: Org, q: str, role: str = "member") -> str:
    r = signed_in(org, role).get(f"/q/{q}/tally/")
    assert r.status_code == 200, r.content
    return r.content.decode()


def _no_ids(org: Org, html: str, ids: list[str]) -> None:
    text = shown(html)
    for i in [*ids, *org.members.values()]:
        assert i not in text, i
    assert "{" not in text, text[max(0, text.find("{") - 200) : text.find("{") + 100]
    assert '"winners":' not in html


def test_majority_names_winner_margin_and_minority(org: Org) -> None:
    q, (a, b, c) = _question(org, "majority", ["Alder Hall.", "Birch Depot.", "Cedar Gym."])
    d = _decide(
        org, q,
        {"leader": {"choice": a}, "deputy": {"choice": a}, "member": {"choice": a},
         "member2": {"choice": b}},
    )  # fmt: skip
    assert d.adopted == [a]
    page = _page(org, q)
    text = shown(page)
    assert "Adopted: Position 1." in text and "Alder Hall." in text
    assert "Position 1 had 3 of 4 cast for options (75 percent)." in text
    assert "The margin over the next, Position 2: 2 votes." in text
    assert "Needed: more than half of the votes cast for options (more than 2)." in text
    # The minority: one ballot, an open vote, so whose and how.
    assert (
        "3 of 4 ballots backed the adopted line." in text
        and "1 ballot did not (25 percent)." in text
    )
    assert re.search(r"<td>Member2</td><td>Position 2</td>", page)
    assert (
        page.count('<svg class="chart" role="img"') == 1
        and "<script" not in page.split("</head>")[1]
    )
    _no_ids(org, page, [q, a, b, c])
    # The question page says the outcome in a line and links to this page, no JSON.
    qpage = signed_in(org, "member").get(f"/q/{q}/").content.decode()
    assert f'href="/q/{q}/tally/"' in qpage and "Adopted: Position 1." in qpage
    assert '"scores"' not in qpage


def test_instant_runoff_shows_each_round(org: Org) -> None:
    q, (a, b, c) = _question(org, "instant-runoff", ["Alder.", "Birch.", "Cedar."])
    _decide(
        org, q,
        {"leader": {"ranking": [[a]]}, "deputy": {"ranking": [[a], [b]]},
         "member": {"ranking": [[a], [c]]}, "member2": {"ranking": [[b], [c]]}},
    )  # fmt: skip
    page = _page(org, q)
    text = shown(page)
    assert "Round 1" in text and "Round 2" in text and "Round 3" in text
    # Round 1: A 3, B 1, C 0 (out); round 2: A 3, B 1 (out); round 3: A 3, one exhausted.
    assert "Adopted: Position 1." in text
    assert re.search(r'<th scope="row">Position 1</th><td>3</td><td>3</td><td>3</td>', page)
    assert re.search(r'<th scope="row">Position 3</th><td>0</td><td>–</td><td>–</td>', page)
    assert re.search(r'<th scope="row">Exhausted</th><td>0</td><td>0</td><td>1</td>', page)
    assert "Position 3 out" in text and "Position 2 out" in text and "Position 1 elected" in text
    assert "In the deciding round Position 1 had 3 of 4; Position 2 had 1." in text
    assert "The margin: 2 votes." in text
    assert page.count('<svg class="chart"') >= 3  # a chart per round
    _no_ids(org, page, [q, a, b, c])


def test_stv_shows_quota_and_stages(org: Org) -> None:
    q, (a, b, c) = _question(org, "stv", ["Alder.", "Birch.", "Cedar."], options={"seats": 2})
    _decide(
        org, q,
        {"leader": {"ranking": [[a], [b]]}, "deputy": {"ranking": [[a], [c]]},
         "member": {"ranking": [[b], [a]]}, "member2": {"ranking": [[c], [b]]}},
    )  # fmt: skip
    text = shown(_page(org, q))
    assert "Quota to be elected: 2 votes." in text
    assert "Position 1 elected" in text and "Round 1" in text


def test_schulze_shows_the_pairwise_matrix(org: Org) -> None:
    q, (a, b, c) = _question(org, "schulze", ["Alder.", "Birch.", "Cedar."])
    _decide(
        org, q,
        {"leader": {"ranking": [[a], [b], [c]]}, "deputy": {"ranking": [[b], [a], [c]]},
         "member": {"ranking": [[a], [c], [b]]}, "member2": {"ranking": [[c], [a], [b]]}},
    )  # fmt: skip
    page = _page(org, q)
    text = shown(page)
    assert "Head to head" in text and "Strongest paths (Schulze)" in text
    # A is preferred to B by 3 of 4 ballots and to C by 3 of 4.
    assert "Head to head, Position 1 beats Position 2 3 to 1; beats Position 3 3 to 1." in text
    row = re.search(r'<tr><th scope="row">Position 1</th>(.*?)</tr>', page)
    assert (
        row
        and row.group(1) == '<td class="self">—</td><td class="win">3</td><td class="win">3</td>'
    )
    assert "Head-to-head wins of each option" in page
    _no_ids(org, page, [q, a, b, c])


def test_ranked_pairs_and_debian_list_what_they_locked_and_dropped(org: Org) -> None:
    q, (a, b) = _question(org, "ranked-pairs", ["Alder.", "Birch."])
    _decide(org, q, {r: {"ranking": [[a], [b]]} for r in VOTERS})
    text = shown(_page(org, q))
    assert "Position 1 over Position 2 (4 to 0)" in text
    q2, (x, y) = _question(org, "debian", ["Xylo.", "Yew."])
    _decide(org, q2, {r: {"ranking": [[x], ["none-of-the-above"], [y]]} for r in VOTERS})
    page = _page(org, q2)
    text = shown(page)
    assert "None of the above" in text and "Adopted: Position 1." in text
    _no_ids(org, page, [q2, x, y])


def test_consensus_blocks_name_the_blocker_only_on_an_open_vote(org: Org) -> None:
    q, (a, b) = _question(org, "consensus", ["Alder.", "Birch."])
    _decide(
        org, q,
        {"leader": {"stances": {a: "agree", b: "agree"}},
         "deputy": {"stances": {a: "agree", b: {"block": "The depot floods."}}},
         "member": {"stances": {a: "agree", b: "pass"}}},
    )  # fmt: skip
    page = _page(org, q)
    text = shown(page)
    assert "Position 2: The depot floods. (Deputy)" in text
    assert "Stances on each statement" in text and 'class="block"' in page
    assert "Adopted: Position 1." in text


def test_a_secret_vote_shows_the_minority_as_a_number_only(org: Org) -> None:
    leader = org.actor("leader")
    q = process.do_open_question(
        leader, org.cell, "Treasurer", "Who?", method="consensus", ballot="secret"
    )
    a = process.do_post_contribution(leader, q.id, "position", "Ana keeps it.")
    b = process.do_post_contribution(leader, q.id, "position", "Ben keeps it.")
    process.do_move_phase(leader, q.id, "verification")
    process.do_move_phase(leader, q.id, "voting")
    for role, stance in (("deputy", {"block": "Ana is away."}), ("member", "agree")):
        votes.do_cast_secret_ballot(
            org.actor(role), q.id, {"stances": {a.id: "agree", b.id: stance}}
        )
    votes.do_cast_secret_ballot(
        org.actor("member2"), q.id, {"stances": {a.id: "pass", b.id: "agree"}}
    )
    votes.do_record_decision(leader, q.id, "Ana keeps it.")
    page = _page(org, q.id, "leader")
    text = shown(page)
    assert "Position 2: Ana is away." in text
    for role in ("deputy", "member", "member2"):
        assert role.title() not in text  # no voter named anywhere on the page
    assert "this page does not say who voted how" in text
    assert "2 of 3 ballots backed the adopted line." in text


def test_no_decision_yet_or_hidden_is_404(org: Org) -> None:
    q, _ = _question(org, "majority", ["Alder."])
    assert signed_in(org, "member").get(f"/q/{q}/tally/").status_code == 404
    assert Client().get("/q/no-such-question/tally/").status_code == 404


@pytest.mark.parametrize("value", [0.0, 3.0])
def test_charts_are_plain_svg_with_escaped_labels(value: float) -> None:
    svg = str(charts.bars("Votes <b>", [charts.Bar("<script>x</script>", value, "won")]))
    assert svg.startswith('<svg class="chart" role="img"') and "<script>" not in svg
    assert "<title>Votes &lt;b&gt;</title>" in svg and "&lt;script&gt;" in svg
    assert "style=" not in svg  # the Content Security Policy allows no inline style


def test_tally_page_in_german(org: Org) -> None:
    q, (a, b, _c) = _question(org, "majority", ["Alder.", "Birch.", "Cedar."])
    _decide(org, q, {"leader": {"choice": a}, "deputy": {"choice": a}, "member": {"choice": b}})
    c = signed_in(org, "member")
    c.cookies["django_language"] = "de"
    text = shown(c.get(f"/q/{q}/tally/", HTTP_ACCEPT_LANGUAGE="de").content.decode())
    assert "Angenommen: Position 1." in text and "Die Minderheit" in text
