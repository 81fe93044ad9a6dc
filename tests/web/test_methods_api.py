"""Every voting method, with every option it takes, opened, voted and decided through the API;
options refused with the option named; counts against the body's members where they should."""

from __future__ import annotations

from typing import Any

import pytest

from polemica.decide import METHODS
from polemica.decide.options import settable
from polemica.web.votes.methods import NONE_OF_THE_ABOVE
from tests.web.conftest import Api

VOTERS = ("leader", "deputy", "member", "member2")  # the cell's four voting members
# A valid value of each option, on the world's questions (three positions, four voters).
SAMPLE: dict[str, Any] = {
    "seats": 2,
    "quorum": 0.5,
    "majority": 1.5,
    "threshold": 0.75,
    "strength": "margins",
    "default": NONE_OF_THE_ABOVE,
}
CASES = [(m, None) for m in METHODS] + [(m, o) for m in METHODS for o in settable(m)]


def _open(api: Api, method: str, options: dict[str, Any]) -> tuple[str, list[str]]:
    org = api.org
    body = {"title": f"By {method}", "text": "Which line?", "method": method, "options": options}
    r = api.post("leader", f"/bodies/{org.cell}/questions", body)
    assert r.status_code == 201, r.content
    q = r.json()
    assert q["method"] == method and q["options"] == options
    lines = []
    for who, text in (("leader", "The depot."), ("member", "The gym."), ("member2", "The park.")):
        c = api.post(who, f"/questions/{q['id']}/contributions", {"type": "position", "text": text})
        lines.append(c.json()["id"])
    for phase in ("verification", "voting"):
        assert (
            api.post("leader", f"/questions/{q['id']}/phase", {"phase": phase}).status_code == 200
        )
    return q["id"], lines


def _ballot(method: str, first: str, second: str, third: str) -> dict[str, Any]:
    """A ballot of the method's kind putting `first` first, then `second`, then `third`."""
    kind = METHODS[method].input
    if kind == "choice":
        return {"choice": first}
    if kind == "approval":
        return {"approve": [first]}
    if kind == "consent":
        # The others object to the line this voter puts second; the odd voter stands aside.
        return {"stances": {first: "agree", second: "pass", third: "disagree"}}
    ranking = [[first], [second], [third]]
    if method == "debian":
        ranking.append([NONE_OF_THE_ABOVE])
    return {"ranking": ranking}


@pytest.mark.parametrize(("method", "option"), CASES, ids=[f"{m}-{o}" for m, o in CASES])
def test_a_question_is_decided_by_every_method_and_option(
    api: Api, method: str, option: str | None
) -> None:
    options = {} if option is None else {option: SAMPLE[option]}
    q, (a, b, c) = _open(api, method, options)
    for i, who in enumerate(VOTERS):
        ballot = _ballot(method, *((a, b, c) if i < 3 else (b, a, c)))
        if "stances" in ballot and i < 3:
            ballot["stances"][b] = "disagree"
        r = api.post(who, f"/questions/{q}/ballots", {"ballot": ballot})
        assert r.status_code == 201, (who, r.content)
    decided = api.post("deputy", f"/questions/{q}/decision", {"text": "Decided."})
    assert decided.status_code == 201, decided.content
    d = decided.json()
    seats = options.get("seats", 1)
    want = [a] if seats == 1 else [a, b]
    if METHODS[method].input == "consent":
        want = [a]  # consent adopts each line that carries no objection: only the first
    assert sorted(d["adopted"]) == sorted(want), d["tally"]
    assert d["electorate"] == len(VOTERS)
    for key, value in options.items():
        if key != "quorum" or method != "debian":  # Debian's quorum is turned into ballots
            assert d["options"][key] == value
    if method == "debian":
        assert d["options"]["default"] == NONE_OF_THE_ABOVE
    page = api.get("member", f"/questions/{q}").json()
    assert page["question"]["options"] == options
    assert page["decisions"][0]["options"] == d["options"]


@pytest.mark.parametrize(
    ("method", "options", "field", "says"),
    [
        ("majority", {"seats": 2}, "options.seats", "majority takes quorum, not 'seats'"),
        ("stv", {"seats": 0}, "options.seats", "seats must be a whole number of seats"),
        ("stv", {"seats": "two"}, "options.seats", "seats must be a whole number of seats"),
        ("consensus", {"threshold": 2}, "options.threshold", "threshold must be the share"),
        ("schulze", {"strength": "loud"}, "options.strength", "strength must be one of"),
        ("debian", {"majority": 0.5}, "options.majority", "majority must be the supermajority"),
        ("majority", {"quorum": -1}, "options.quorum", "quorum must be a number of ballots"),
        ("instant-runoff", {"seats": 1}, "options.seats", "instant-runoff takes no options"),
    ],
)
def test_options_a_method_does_not_take_are_refused_naming_them(
    api: Api, method: str, options: dict[str, Any], field: str, says: str
) -> None:
    body = {"title": "T", "text": "", "method": method, "options": options}
    r = api.post("leader", f"/bodies/{api.org.cell}/questions", body)
    assert r.status_code == 400 and r.json()["field"] == field, r.content
    assert says in r.json()["error"]


def _decide_with(api: Api, method: str, options: dict[str, Any], votes: dict[str, str]) -> Any:
    q, lines = _open(api, method, options)
    for who, line in votes.items():
        ballot = {"choice": lines["abc".index(line)]}
        assert api.post(who, f"/questions/{q}/ballots", {"ballot": ballot}).status_code == 201
    return api.post("leader", f"/questions/{q}/decision", {"text": "Done."}), lines


def test_absolute_majority_and_quorums_count_against_the_body_s_members(api: Api) -> None:
    two_of_four = {"leader": "a", "member": "a"}
    # Both ballots cast back the first line: a simple majority of the votes cast adopts it...
    simple, lines = _decide_with(api, "majority", {}, two_of_four)
    assert simple.json()["adopted"] == [lines[0]]
    # ...but two of the body's four voting members are not more than half of them.
    absolute, _ = _decide_with(api, "absolute-majority", {}, two_of_four)
    assert absolute.status_code == 201 and absolute.json()["adopted"] == []
    assert absolute.json()["electorate"] == 4
    # A quorum of three quarters of the members is not met by two ballots.
    short, _ = _decide_with(api, "majority", {"quorum": 0.75}, two_of_four)
    assert short.status_code == 201 and short.json()["adopted"] == []
    met, lines = _decide_with(api, "majority", {"quorum": 0.5}, two_of_four)
    assert met.json()["adopted"] == [lines[0]]


def test_debian_adopts_nothing_when_none_of_the_above_wins(api: Api) -> None:
    q, (a, b, c) = _open(api, "debian", {})
    for who in VOTERS:
        ballot = {"ranking": [[NONE_OF_THE_ABOVE], [a], [b], [c]]}
        assert api.post(who, f"/questions/{q}/ballots", {"ballot": ballot}).status_code == 201
    d = api.post("leader", f"/questions/{q}/decision", {"text": "Further discussion."}).json()
    assert d["adopted"] == []
    assert d["tally"]["winners"] == [NONE_OF_THE_ABOVE]
