"""Organizations whose right diagnosis the letter fixes (the acceptance distinction)."""

from __future__ import annotations

from tests.analysis.builder import Org, body_with

PRAISE = "A brilliant proposal from our wise leader, as always right."


def healthy_strong_leader(n: int = 12) -> Org:
    """Praised and usually followed, but openly challenged and answering: NOT a cult."""
    o = body_with(["a", "b2", "c", "d"])
    for i in range(n):
        q = f"q{i}"
        o.question(q, actor="lead")
        o.post(
            f"p{i}",
            "lead",
            "position",
            f"We should organise campaign {i} in the spring districts first.",
            q=q,
        )
        o.post(f"s{i}", "a", "support", PRAISE, target=f"p{i}", q=q)
        objected = i % 2 == 0
        if objected:
            o.post(
                f"o{i}",
                "b2",
                "objection",
                f"Campaign {i} in spring clashes with the harvest.",
                target=f"p{i}",
                q=q,
            )
            o.post(
                f"r{i}",
                "lead",
                "answer",
                "The harvest ends early in the districts we start with.",
                target=f"o{i}",
                q=q,
            )
        o.post(f"k{i}", "c", "question", f"Who pays for campaign {i}?", target=f"p{i}", q=q)
        o.post(
            f"ka{i}",
            "lead",
            "answer",
            "The dues fund it, as the budget shows.",
            target=f"k{i}",
            q=q,
        )
        adopt_other = i % 3 == 2
        if adopt_other:
            o.post(
                f"alt{i}",
                "d",
                "position",
                f"Run campaign {i} in the autumn everywhere at once.",
                q=q,
            )
        line = f"alt{i}" if adopt_other else f"p{i}"
        for v in ("lead", "a", "b2", "c", "d"):
            choice = f"p{i}" if v in ("lead", "a") else line
            o.vote(f"v{i}{v}", v, choice, q=q)
        o.decide(f"d{i}", q=q, adopted=[line], unanimous=not objected and not adopt_other)
    return o


def cult_of_person(n: int = 12) -> Org:
    """A leader never challenged, whose every line is adopted unanimously: a cult."""
    o = body_with(["a", "b2", "c", "d"])
    for i in range(n):
        q = f"q{i}"
        o.question(q, actor="lead")
        o.post(f"p{i}", "lead", "position", f"We shall organise campaign {i} as I propose.", q=q)
        for m in ("a", "b2", "c"):
            o.post(f"s{i}{m}", m, "support", PRAISE, target=f"p{i}", q=q)
        for v in ("lead", "a", "b2", "c", "d"):
            o.vote(f"v{i}{v}", v, f"p{i}", q=q)
        o.decide(f"d{i}", q=q, adopted=[f"p{i}"], unanimous=True)
    return o


def committee_cult(n: int = 12) -> Org:
    """A central committee never challenged from below; lower bodies only repeat: a cult."""
    o = Org()
    o.body("cc")
    o.body("north", parent="cc", level="cell")
    o.body("south", parent="cc", level="cell")
    o.member("lead", body="cc", role="leader")
    for m in ("m1", "m2"):
        o.member(m, body="cc")
    o.member("x1", body="north", role="leader")
    o.member("x2", body="north")
    o.member("y1", body="south", role="leader")
    o.member("y2", body="south")
    authors = ("lead", "m1", "m2")
    for i in range(n):
        q = f"q{i}"
        o.question(q, body="cc", actor="lead")
        author = authors[i % 3]
        text = f"The federation will hold rally {i} on the first Sunday of the month in every district."
        o.post(f"p{i}", author, "position", text, q=q, body="cc")
        for m in authors:
            if m != author:
                o.post(
                    f"s{i}{m}",
                    m,
                    "support",
                    "Fully agreed, comrades.",
                    target=f"p{i}",
                    q=q,
                    body="cc",
                )
        for v in authors:
            o.vote(f"v{i}{v}", v, f"p{i}", q=q, body="cc")
        o.decide(
            f"d{i}", q=q, adopted=[f"p{i}"], unanimous=True, text=text, body="cc", actor="lead"
        )
        o.add(
            "directive.issued",
            f"dir{i}",
            {"decision": f"d{i}", "to": ["north", "south"]},
            actor="lead",
            body="cc",
        )
        for cell, leader in (("north", "x1"), ("south", "y1")):
            o.add(
                "directive.applied",
                f"app{i}{cell}",
                {"directive": f"dir{i}", "text": text},
                actor=leader,
                body=cell,
            )
    return o


def ultra_democracy(n: int = 12) -> Org:
    """No leader, endless discussion, nothing decided: ultra-democracy, not health."""
    o = body_with(["a", "b2", "c", "d", "e"], leader=None)
    for i in range(n):
        q = f"q{i}"
        o.question(q, actor="a")
        o.post(f"p{i}", "a", "position", f"Option one for item {i}.", q=q)
        o.post(f"p{i}b", "b2", "position", f"Option two for item {i}.", q=q)
        o.post(f"o{i}", "c", "objection", "Neither option is good enough.", target=f"p{i}", q=q)
        o.post(f"r{i}", "a", "answer", "Then propose a third.", target=f"o{i}", q=q)
        o.post(
            f"o{i}b", "d", "objection", "We should not decide this at all.", target=f"p{i}b", q=q
        )
        o.post(f"r{i}b", "b2", "answer", "Someone has to.", target=f"o{i}b", q=q)
    o.decide("d0", q="q0", adopted=["p0"])
    return o


def forum(challenged: bool, n: int = 12) -> Org:
    """A forum of two organizations' delegates, chaired by org-a's; org-b challenges or not."""
    o = Org()
    o.body("forum", level="forum")
    o.member("a1", body="forum", role="leader", delegation="org-a")
    o.member("a2", body="forum", delegation="org-a")
    o.member("b1", body="forum", delegation="org-b")
    o.member("b2", body="forum", delegation="org-b")
    for i in range(n):
        q = f"q{i}"
        o.question(q, body="forum", actor="a1")
        author = ("a1", "a2")[i % 2]
        o.post(f"p{i}", author, "position", f"The general line on item {i}.", q=q, body="forum")
        if challenged and i % 2 == 0:
            o.post(
                f"o{i}",
                "b1",
                "objection",
                "Our conditions differ.",
                target=f"p{i}",
                q=q,
                body="forum",
            )
            o.post(
                f"r{i}", "a1", "answer", "Then apply it to them.", target=f"o{i}", q=q, body="forum"
            )
        else:
            o.post(
                f"s{i}",
                "b2",
                "support",
                "The leading party is always right.",
                target=f"p{i}",
                q=q,
                body="forum",
            )
        o.decide(f"d{i}", q=q, adopted=[f"p{i}"], unanimous=not challenged, body="forum")
    return o


def formal_democracy(n: int = 12) -> Org:
    """Members contest the leader's line, nobody answers, and the line is ratified anyway."""
    o = body_with(["a", "b2", "c", "d"])
    for i in range(n):
        q = f"q{i}"
        o.question(q, actor="lead")
        o.post(f"p{i}", "lead", "position", f"We shall organise campaign {i} as I propose.", q=q)
        o.post(
            f"o{i}",
            "b2" if i % 2 else "c",
            "objection",
            f"Campaign {i} ignores what the districts reported last month.",
            target=f"p{i}",
            q=q,
        )
        o.post(f"k{i}", "d", "question", f"Who pays for campaign {i}?", target=f"p{i}", q=q)
        for v in ("lead", "a", "b2", "c", "d"):
            o.vote(f"v{i}{v}", v, f"p{i}", q=q)
        o.decide(f"d{i}", q=q, adopted=[f"p{i}"], unanimous=True)
    return o
