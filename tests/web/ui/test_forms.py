"""Every form of the pages does its action through the platform, and says why when refused."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from polemica.ledger.keys import Verifier
from polemica.ledger.receipt import verify_receipt
from polemica.web.centralism.models import Application, Directive, Feedback
from polemica.web.process import actions as process
from polemica.web.process.models import Contribution, Fact, Question
from polemica.web.record.models import SigningKey
from polemica.web.votes.models import Ballot, Decision
from tests.web.conftest import Org
from tests.web.scenario import Scenario
from tests.web.ui.conftest import signed_in


def _follow_text(client: Client, response: object) -> str:
    location = response["Location"]  # type: ignore[index]
    return client.get(location).content.decode()


def test_contribute_answer_and_refusal_keeps_the_draft(org: Org) -> None:
    q = process.do_open_question(org.actor("leader"), org.cell, "Dues", "How much?")
    member = signed_in(org, "member")
    url = reverse("ui:contribute", args=[q.id])
    r = member.post(url, {"type": "position", "text": "Two euros a month."})
    assert r.status_code == 303
    pos = Contribution.objects.get(question=q, type="position")
    r = signed_in(org, "member2").post(
        url, {"type": "objection", "text": "Too much for students.", "target": pos.id}
    )
    objection = Contribution.objects.get(question=q, type="objection")
    page = member.get(reverse("ui:question", args=[q.id])).content.decode()
    assert "1 unanswered objection or question" in page
    # An answer without a target is refused: the reason is shown and the text kept.
    r = member.post(url, {"type": "answer", "text": "Students pay half, as before."})
    page = _follow_text(member, r)
    assert "Not done:" in page and "must name the contribution" in page
    assert "Students pay half, as before." in page
    member.post(url, {"type": "answer", "text": "Students pay half.", "target": objection.id})
    page = member.get(reverse("ui:question", args=[q.id])).content.decode()
    assert "0 unanswered objections or questions" in page


def test_observer_and_anonymous_cannot_post(org: Org) -> None:
    q = process.do_open_question(org.actor("leader"), org.cell, "Dues", "How much?")
    url = reverse("ui:contribute", args=[q.id])
    signed_in(org, "observer").post(url, {"type": "position", "text": "Mine."})
    Client().post(url, {"type": "position", "text": "Anon."})
    assert not Contribution.objects.filter(question=q).exists()
    page = signed_in(org, "observer").get(reverse("ui:question", args=[q.id])).content.decode()
    assert 'action="/q/' + q.id + '/contribute"' not in page


def test_phase_moves_need_unanswered_objections_marked(org: Org) -> None:
    leader = signed_in(org, "leader")
    q = process.do_open_question(org.actor("leader"), org.cell, "Dues", "How much?")
    pos = process.do_post_contribution(org.actor("leader"), q.id, "position", "Two euros.")
    obj = process.do_post_contribution(
        org.actor("member"), q.id, "objection", "Too much.", target=pos.id
    )
    move = reverse("ui:move", args=[q.id])
    leader.post(move, {"phase": "verification"})
    assert Question.objects.get(pk=q.id).phase == "verification"
    page = _follow_text(leader, leader.post(move, {"phase": "voting"}))
    assert "unanswered" in page and Question.objects.get(pk=q.id).phase == "verification"
    leader.post(move, {"phase": "voting", "left_unanswered": [obj.id]})
    assert Question.objects.get(pk=q.id).phase == "voting"
    # A member may not move phases by default.
    signed_in(org, "member").post(move, {"phase": "abandoned"})
    assert Question.objects.get(pk=q.id).phase == "voting"


def test_place_fact_with_file_review_and_download(org: Org) -> None:
    q = process.do_open_question(org.actor("leader"), org.cell, "Rents", "Up?")
    member = signed_in(org, "member")
    upload = SimpleUploadedFile("<img src=x onerror=alert(1)>.html", b"<script>alert(1)</script>")
    r = member.post(
        reverse("ui:fact", args=[q.id]),
        {
            "claim": "Rents rose 14%.",
            "source_title_1": "City register",
            "source_uri_1": "https://example.org/r",
            "source_file_2": upload,
        },
    )
    assert r.status_code == 303
    fact = Fact.objects.get(question=q)
    assert fact.sources[0] == {"title": "City register", "uri": "https://example.org/r"}
    sha = fact.sources[1]["sha256"]
    assert fact.sources[1]["title"] == "<img src=x onerror=alert(1)>.html"
    download = member.get(reverse("ui:file", args=[sha]))
    assert download["Content-Type"] == "application/octet-stream"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"<script>alert(1)</script>"  # type: ignore[attr-defined]
    review = reverse("ui:review", args=[q.id, fact.id])
    member.post(review, {"verdict": "authentic", "reasoning": "Mine."})  # own fact: refused
    signed_in(org, "member2").post(review, {"verdict": "disputed", "reasoning": "Old data."})
    signed_in(org, "deputy").post(review, {"verdict": "authentic", "reasoning": "Checked."})
    page = member.get(reverse("ui:question", args=[q.id])).content.decode()
    history = page.split("Verdict history")[1]
    assert history.index("Old data.") < history.index("Checked.")
    assert "&lt;img src=x onerror=alert(1)&gt;.html" in page and "<img src=x" not in page


def _voting(org: Org, method: str) -> tuple[str, list[str]]:
    leader = org.actor("leader")
    q = process.do_open_question(leader, org.cell, "Meeting day", "Which?", method=method)
    a = process.do_post_contribution(leader, q.id, "position", "Tuesday.")
    b = process.do_post_contribution(org.actor("member"), q.id, "position", "Thursday.")
    process.do_move_phase(leader, q.id, "verification")
    process.do_move_phase(leader, q.id, "voting")
    return q.id, [a.id, b.id]


def test_vote_choice_receipt_download_and_check(org: Org) -> None:
    qid, (a, b) = _voting(org, "majority")
    member = signed_in(org, "member")
    member.post(reverse("ui:vote", args=[qid]), {"choice": a})
    member.post(reverse("ui:vote", args=[qid]), {"choice": b})
    ballot = Ballot.objects.get(question_id=qid, current=True)
    assert ballot.ballot == {"choice": b}
    r = member.get(reverse("ui:my_receipt", args=[qid]))
    assert r["Content-Disposition"].startswith("attachment")
    doc = json.loads(r.content)
    assert doc["seq"] == ballot.seq
    key = Verifier.parse(SigningKey.objects.get(org=org.id).verifier)
    assert verify_receipt(doc, key).kind == "vote.cast"
    page = member.post(reverse("ui:check"), {"receipt": r.content.decode()})
    assert page.status_code == 200 and "The receipt holds." in page.content.decode()
    uploaded = member.post(reverse("ui:check"), {"file": SimpleUploadedFile("r.json", r.content)})
    assert "The receipt holds." in uploaded.content.decode()
    doc["leaf"]["data"]["question"] = "q-forged"
    bad = Client().post(reverse("ui:check"), {"receipt": json.dumps(doc)})
    assert bad.status_code == 400 and "does not hold" in bad.content.decode()
    junk = Client().post(reverse("ui:check"), {"receipt": "{not json"})
    assert "This is not JSON" in junk.content.decode()


def test_vote_approval_and_stance_ballots(org: Org) -> None:
    qid, (a, b) = _voting(org, "approval")
    signed_in(org, "member").post(reverse("ui:vote", args=[qid]), {"approve": [a, b]})
    assert Ballot.objects.get(question_id=qid).ballot == {"approve": [a, b]}
    qid2, (c, d) = _voting(org, "consensus")
    member = signed_in(org, "member")
    url = reverse("ui:vote", args=[qid2])
    # A block without its reason is refused, and nothing is recorded.
    r = member.post(url, {f"stance-{c}": "block", f"stance-{d}": "agree"})
    assert "a block needs its reason" in _follow_text(member, r)
    assert not Ballot.objects.filter(question_id=qid2).exists()
    member.post(
        url, {f"stance-{c}": "block", f"block-{c}": "The depot floods.", f"stance-{d}": "agree"}
    )
    assert Ballot.objects.get(question_id=qid2).ballot == {
        "stances": {c: {"block": "The depot floods."}, d: "agree"}
    }
    page = member.get(reverse("ui:question", args=[qid2])).content.decode()
    assert f'name="stance-{c}"' in page and f'name="stance-{d}"' in page
    assert 'value="The depot floods."' in page and "Download your receipt" in page


def test_ranking_form_reads_groups_and_ties() -> None:
    from django.http import QueryDict

    from polemica.web.ui.views.questions import ballot_from

    post = QueryDict("rank-c-a=2&rank-c-b=1&rank-c-c=2&rank-c-d=")
    assert ballot_from("ranking", post) == {"ranking": [["c-b"], ["c-a", "c-c"]]}


def test_ranked_method_shows_rank_selects(org: Org) -> None:
    qid, (a, _) = _voting(org, "majority")
    # A method the platform does not list (one of polemica.decide's ranked ones) ranks.
    Question.objects.filter(pk=qid).update(method="schulze")
    page = signed_in(org, "member").get(reverse("ui:question", args=[qid])).content.decode()
    assert f'name="rank-{a}"' in page


def test_decision_directive_application_feedback_answer(world: tuple[Org, Scenario]) -> None:
    org, _ = world
    # The leader's path: a decided question, a directive to the cells.
    top = signed_in(org, "top_leader")
    q = process.do_open_question(org.actor("top_leader"), org.top, "Congress date", "When?")
    p = process.do_post_contribution(org.actor("top_leader"), q.id, "position", "In May.")
    top.post(reverse("ui:move", args=[q.id]), {"phase": "verification"})
    top.post(reverse("ui:move", args=[q.id]), {"phase": "voting"})
    top.post(reverse("ui:vote", args=[q.id]), {"choice": p.id})
    top.post(reverse("ui:decide", args=[q.id]), {"text": "The congress meets in May."})
    decision = Decision.objects.get(question=q)
    assert decision.adopted == [p.id]
    page = top.get(reverse("ui:question", args=[q.id])).content.decode()
    assert "The congress meets in May." in page and "Credited" in page
    r = top.post(
        reverse("ui:issue", args=[q.id, decision.id]), {"to": [org.cell], "due": "2027-03-01"}
    )
    directive = Directive.objects.get(decision=decision)
    assert r["Location"] == reverse("ui:directive", args=[directive.id])
    # The cell applies it and sends feedback; the committee answers.
    d_url = reverse("ui:directive", args=[directive.id])
    signed_in(org, "member").post(
        reverse("ui:apply", args=[directive.id]), {"body": org.cell, "text": "Members only"}
    )
    assert not Application.objects.filter(directive=directive).exists()  # not the leader
    signed_in(org, "leader").post(
        reverse("ui:apply", args=[directive.id]), {"body": org.cell, "text": "We book a hall."}
    )
    assert Application.objects.get(directive=directive).text == "We book a hall."
    signed_in(org, "member").post(
        reverse("ui:feedback", args=[directive.id]),
        {"from_body": org.cell, "kind": "critique", "text": "May clashes with exams."},
    )
    fb = Feedback.objects.get(regarding=directive.id)
    top.post(reverse("ui:answer", args=[directive.id, fb.id]), {"text": "Late May, then."})
    assert Feedback.objects.get(pk=fb.id).answer == "Late May, then."
    page = top.get(d_url).content.decode()
    assert "We book a hall." in page and "May clashes with exams." in page
    assert "Late May, then." in page


def test_open_question_from_the_body_page(org: Org) -> None:
    member = signed_in(org, "member")
    r = member.post(reverse("ui:open", args=[org.cell]), {"title": "Summer fete", "text": "?"})
    q = Question.objects.get(title="Summer fete")
    assert r["Location"] == reverse("ui:question", args=[q.id])
    r = member.post(
        reverse("ui:open", args=[org.cell]),
        {"title": "Secret", "text": "?", "visibility": "closed", "reason": "x"},
    )
    assert "only the leader may close" in _follow_text(member, r)
    member.post(reverse("ui:line", args=[org.cell]), {"to": org.top, "text": "More repairs."})
    from polemica.web.centralism.models import Line

    assert Line.objects.get(to_body_id=org.top).text == "More repairs."


def test_revise_keeps_the_earlier_text(org: Org) -> None:
    q = process.do_open_question(org.actor("leader"), org.cell, "Dues", "How much?")
    c = process.do_post_contribution(org.actor("member"), q.id, "position", "Two euros.")
    member = signed_in(org, "member")
    page = member.get(reverse("ui:question", args=[q.id])).content.decode()
    assert f'action="/q/{q.id}/c/{c.id}/revise"' in page
    other = signed_in(org, "member2").get(reverse("ui:question", args=[q.id])).content.decode()
    assert f"/c/{c.id}/revise" not in other
    member.post(reverse("ui:revise", args=[q.id, c.id]), {"text": "Three euros."})
    page = member.get(reverse("ui:question", args=[q.id])).content.decode()
    assert "Three euros." in page and "1 earlier version" in page and "Two euros." in page
