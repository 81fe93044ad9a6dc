"""Running an organization from the pages: found it, build its bodies, invite, give roles,
change settings, erase; and the line inbox. Every form calls the API's action, so the pages
allow and refuse what the API does; a page for what the person may not do answers 404."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from polemica.web.accounts.models import OrgAdmin
from polemica.web.centralism.models import Credit, Line
from polemica.web.orgs.models import Body, BodySettings, Organization, Role
from polemica.web.process import actions as process
from polemica.web.process.models import Contribution, Question
from polemica.web.record.models import EventRow
from polemica.web.ui.models import Invitation
from tests.web.conftest import Org
from tests.web.ui.conftest import signed_in


def _text(client: Client, response: object) -> str:
    """The page a redirect leads to (with its messages), or the page itself."""
    if getattr(response, "status_code", 0) in (302, 303):
        return client.get(response["Location"]).content.decode()  # type: ignore[index]
    return response.content.decode()  # type: ignore[attr-defined]


def _kinds(org: str) -> list[str]:
    return list(EventRow.objects.filter(org=org).order_by("seq").values_list("kind", flat=True))


def test_a_person_founds_an_organization_and_builds_it_in_the_pages(org: Org) -> None:
    founder = signed_in(org, "nonmember")
    assert "Found an organization" in founder.get("/").content.decode()
    r = founder.post(reverse("ui:found"), {"name": "Union of Couriers"})
    new = Organization.objects.get(name="Union of Couriers")
    assert r.status_code == 303 and r["Location"] == reverse("ui:admin", args=[new.id])
    assert OrgAdmin.objects.filter(user=org.users["nonmember"], org_id=new.id).exists()
    page = founder.get(r["Location"]).content.decode()
    assert "Create a body first" in page
    admin = reverse("ui:admin", args=[new.id])
    create = reverse("ui:create_body", args=[new.id])
    founder.post(create, {"name": "Council", "level": "committee", "parent": ""})
    council = Body.objects.get(org_id=new.id, name="Council")
    founder.post(create, {"name": "East Depot", "level": "cell", "parent": council.id})
    founder.post(create, {"name": "West Depot", "level": "cell", "parent": council.id})
    east = Body.objects.get(org_id=new.id, name="East Depot")
    west = Body.objects.get(org_id=new.id, name="West Depot")
    assert east.parent_id == council.id
    # Move the East Depot under the West Depot, then back to the top.
    founder.post(reverse("ui:move_body", args=[new.id]), {"body": east.id, "parent": west.id})
    assert Body.objects.get(pk=east.id).parent_id == west.id
    # A body never moves under a body below it: the action's reason is shown.
    r = founder.post(reverse("ui:move_body", args=[new.id]), {"body": west.id, "parent": east.id})
    page = _text(founder, r)
    assert "cannot move under itself or a body below it" in page
    # The refused choice is kept in the form.
    assert f'<option value="{east.id}" selected>' in page
    assert Body.objects.get(pk=west.id).parent_id == council.id
    founder.post(reverse("ui:move_body", args=[new.id]), {"body": east.id, "parent": ""})
    assert Body.objects.get(pk=east.id).parent_id is None
    # One invitation, then a CSV of two.
    r = founder.post(
        reverse("ui:invite", args=[new.id]),
        {"name": "Dana", "body": council.id, "next": admin + "#invite"},
    )
    page = _text(founder, r)
    assert "/invite/" in page and Invitation.objects.filter(org_id=new.id).count() == 1
    csv = b"name,body\nEli Brandt,East Depot\nFay Quist,council\n"
    r = founder.post(
        reverse("ui:invite_csv", args=[new.id]),
        {"file": SimpleUploadedFile("people.csv", csv, content_type="text/csv")},
    )
    page = _text(founder, r)
    assert "2 invitations created" in page and "Eli Brandt" in page and "Fay Quist" in page
    assert page.count("/invite/") >= 2
    assert Invitation.objects.filter(org_id=new.id).count() == 3
    assert _kinds(new.id) == [
        "org.founded",
        "body.created",
        "body.created",
        "body.created",
        "body.moved",
        "body.moved",
    ]
    # The organization's page links to the administration for its administrators only.
    assert admin in founder.get(reverse("ui:org", args=[new.id])).content.decode()
    assert (
        admin not in signed_in(org, "member").get(reverse("ui:org", args=[new.id])).content.decode()
    )


def test_roles_are_assigned_and_revoked_in_the_pages(org: Org) -> None:
    admin = signed_in(org, "admin")
    url = reverse("ui:role", args=[org.id])
    member = org.members["member"]
    admin.post(url, {"member": member, "body": org.cell, "role": "deputy"})
    assert Role.objects.filter(member_id=member, body_id=org.cell, role="deputy").exists()
    page = admin.get(reverse("ui:admin", args=[org.id])).content.decode()
    assert "Revoke" in page and member not in re.sub(r'value="[^"]*"', "", page)
    r = admin.post(url, {"member": member, "body": org.cell, "role": "deputy"})
    assert "already has this role" in _text(admin, r)
    admin.post(url, {"member": member, "body": org.cell, "role": "deputy", "revoke": "1"})
    assert not Role.objects.filter(member_id=member, body_id=org.cell, role="deputy").exists()
    # A role that is not offered is refused by the form, naming the field.
    r = admin.post(url, {"member": member, "body": org.cell, "role": "king"})
    assert "Role:" in _text(admin, r)
    assert _kinds(org.id)[-2:] == ["role.assigned", "role.revoked"]


def test_administration_is_hidden_from_everyone_else(org: Org) -> None:
    before = EventRow.objects.count()
    for role in ("anonymous", "member", "leader", "top_leader", "nonmember"):
        client = Client() if role == "anonymous" else signed_in(org, role)
        assert client.get(reverse("ui:admin", args=[org.id])).status_code == 404, role
        for name, data in (
            ("ui:create_body", {"name": "X", "level": "cell", "parent": ""}),
            ("ui:move_body", {"body": org.cell, "parent": ""}),
            ("ui:role", {"member": org.members["member"], "body": org.cell, "role": "leader"}),
        ):
            assert client.post(reverse(name, args=[org.id]), data).status_code == 404, (role, name)
        csv = SimpleUploadedFile("p.csv", b"name,body\nZed,North Cell\n")
        r = client.post(reverse("ui:invite_csv", args=[org.id]), {"file": csv})
        assert r.status_code == 404
    assert EventRow.objects.count() == before and not Invitation.objects.exists()
    assert signed_in(org, "admin").get(reverse("ui:admin", args=[org.id])).status_code == 200
    assert Client().get(reverse("ui:admin", args=["org-nope"])).status_code == 404


def test_a_bad_csv_names_the_line_and_invites_nobody(org: Org) -> None:
    admin = signed_in(org, "admin")
    url = reverse("ui:invite_csv", args=[org.id])
    cases = [
        (b"name,body\nAna,North Cell\nBen,South Cell\nCai,Moon Cell\n", "line 4: no body"),
        (b"name,body\nAna,North Cell\nBen\n", "line 3: expected 2 fields"),
        (b"who,where\nAna,North Cell\n", "line 1: the first line must be the header"),
        (b"name,body\n,North Cell\n", "line 2: the name is empty"),
        (b"name,body\nAna,North Cell\n\nAna,north cell\n", "line 4: Ana in North Cell is already"),
        (b"name,body\nAna,North Cell\nB\xe9a,North Cell\n", "line 3: the file is not UTF-8"),
        (b"name,body\n", "invites nobody"),
        (b"", "The submitted file is empty"),
    ]
    for data, reason in cases:
        r = admin.post(url, {"file": SimpleUploadedFile("p.csv", data)})
        assert r.status_code == 303
        page = _text(admin, r)
        assert "Not done:" in page and reason in page, (data, page[page.find("Not done") :][:200])
        assert not Invitation.objects.exists()
    r = admin.post(url, {})
    assert "CSV file: This field is required" in _text(admin, r)
    r = admin.post(
        url, {"file": SimpleUploadedFile("p.csv", "\ufeffname,body\nÅsa,North Cell\n".encode())}
    )
    assert "1 invitation created" in _text(admin, r)
    assert list(Invitation.objects.values_list("name", "body_id")) == [("Åsa", org.cell)]


def test_a_body_s_settings_are_changed_by_its_leader_or_an_administrator(org: Org) -> None:
    url = reverse("ui:settings", args=[org.cell])
    leader = signed_in(org, "leader")
    page = leader.get(url).content.decode()
    assert 'name="quorum"' in page and "simple majority" in page
    assert url in leader.get(reverse("ui:body", args=[org.cell])).content.decode()
    r = leader.post(
        url,
        {"read": "members", "move_phase": "leaders", "decide": "leaders", "method": "schulze",
         "quorum": "0.5"},
    )  # fmt: skip
    assert "Settings changed." in _text(leader, r)
    assert BodySettings.objects.get(body_id=org.cell).values == {
        "read": "members",
        "method": "schulze",
        "quorum": 0.5,
    }
    r = leader.post(
        url,
        {"read": "members", "move_phase": "leaders", "decide": "leaders", "method": "schulze",
         "quorum": "2"},
    )  # fmt: skip
    assert "Quorum:" in _text(leader, r)
    assert BodySettings.objects.get(body_id=org.cell).values["quorum"] == 0.5
    assert signed_in(org, "admin").get(url).status_code == 200
    for role in ("member", "deputy", "top_leader", "other_member"):
        client = signed_in(org, role)
        assert client.get(url).status_code == 404, role
        assert client.post(url, {"read": "anyone"}).status_code == 404, role
        assert url not in client.get(reverse("ui:body", args=[org.cell])).content.decode()
    assert Client().get(url).status_code == 404


def test_an_administrator_erases_a_contribution_with_a_reason(org: Org) -> None:
    q = process.do_open_question(org.actor("leader"), org.cell, "Dues", "How much?")
    c = process.do_post_contribution(org.actor("member"), q.id, "position", "Call Ann on 0176 555.")
    process.do_revise_contribution(org.actor("member"), c.id, "Call Ann on 0176 556.")
    url = reverse("ui:erase", args=[q.id, c.id])
    admin = signed_in(org, "admin")
    assert url in admin.get(reverse("ui:question", args=[q.id])).content.decode()
    for role in ("member", "leader", "top_leader"):
        client = signed_in(org, role)
        assert url not in client.get(reverse("ui:question", args=[q.id])).content.decode()
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "x"}).status_code == 404
    page = admin.get(url).content.decode()
    assert "The 2 versions to erase" in page
    r = admin.post(url, {"reason": ""})
    assert "Not done:" in _text(admin, r) and "0176" in Contribution.objects.get(pk=c.id).text
    r = admin.post(url, {"reason": "asked by the member (GDPR)"})
    assert r.status_code == 303 and "was erased" in _text(admin, r)
    assert Contribution.objects.get(pk=c.id).text == ""
    assert "0176" not in admin.get(reverse("ui:question", args=[q.id])).content.decode()
    assert _kinds(org.id)[-2:] == ["record.erased", "record.erased"]
    assert "already been erased" in admin.get(url).content.decode()
    assert admin.get(reverse("ui:erase", args=[q.id, "c-nope"])).status_code == 404


def test_the_line_inbox_answers_adopts_and_declines(org: Org) -> None:
    member = signed_in(org, "member")
    send = reverse("ui:line", args=[org.cell])
    for text in ("Share the depot's van.", "Meet on Sundays.", "Open the books."):
        member.post(send, {"to": org.top, "text": text})
    van, sundays, books = (
        Line.objects.get(text=t)
        for t in ("Share the depot's van.", "Meet on Sundays.", "Open the books.")
    )
    top = reverse("ui:body", args=[org.top])
    leader = signed_in(org, "top_leader")
    page = leader.get(top).content.decode()
    assert "Lines sent to this body" in page and "Share the depot" in page
    assert page.count('name="outcome" value="adopted"') == 3
    answer = reverse("ui:answer_line", args=[org.top])
    # Only the receiving body's leader or a deputy answers; the sender's leader may not.
    cell_leader = signed_in(org, "leader")
    r = cell_leader.post(answer, {"line": van.id, "outcome": "declined", "text": "No."})
    assert "only the leader or a deputy of the body answers its lines" in _text(cell_leader, r)
    assert Line.objects.get(pk=van.id).outcome is None
    # Declining needs a reason; adopting needs a title.
    r = leader.post(answer, {"line": sundays.id, "outcome": "declined", "text": " "})
    assert "declining needs a reason" in _text(leader, r)
    r = leader.post(answer, {"line": van.id, "outcome": "adopted", "title": ""})
    assert "a question needs a title" in _text(leader, r)
    assert not Question.objects.filter(body_id=org.top).exists()
    leader.post(
        answer, {"line": sundays.id, "outcome": "declined", "text": "Sundays are family days."}
    )
    leader.post(
        answer,
        {"line": books.id, "outcome": "answered", "text": "They are open: see the treasurer."},
    )
    r = leader.post(answer, {"line": van.id, "outcome": "adopted", "title": "The van", "text": ""})
    assert "the question is open" in _text(leader, r)
    q = Question.objects.get(body_id=org.top)
    assert q.title == "The van" and q.text == "Share the depot's van."
    assert Line.objects.get(pk=van.id).question == q.id
    shown = leader.get(reverse("ui:question", args=[q.id])).content.decode()
    assert "Opened from a line proposed by Member (North Cell), who is credited for it." in shown
    credit = Credit.objects.get(for_id=van.id)
    assert (
        credit.member_id == org.members["member"] and credit.given_by == org.members["top_leader"]
    )
    r = leader.post(answer, {"line": van.id, "outcome": "declined", "text": "Changed my mind."})
    assert "already been answered" in _text(leader, r)
    assert [x for x in _kinds(org.id) if x.startswith(("line.", "credit.", "question."))][-5:] == [
        "line.answered",
        "line.answered",
        "question.opened",
        "line.answered",
        "credit.given",
    ]
    # The proposer sees each outcome on their page; the cell sees what it sent and what came of it.
    profile = member.get(reverse("ui:profile")).content.decode()
    assert "Sundays are family days." in profile and "They are open" in profile
    assert reverse("ui:question", args=[q.id]) in profile
    cell = member.get(reverse("ui:body", args=[org.cell])).content.decode()
    assert "Lines this body sent up" in cell and "Sundays are family days." in cell
    # The committee's page shows the outcomes and no form any more.
    page = leader.get(top).content.decode()
    assert 'name="outcome"' not in page and "Sundays are family days." in page
    # Those who may not read the inbox do not see it; a hidden line answers like a missing one.
    outsider = signed_in(org, "other_member")
    assert "Share the depot" not in outsider.get(top).content.decode()
    assert "Lines sent to this body" not in signed_in(org, "nonmember").get(top).content.decode()
    a = signed_in(org, "other_member").post(
        answer, {"line": van.id, "outcome": "answered", "text": "x"}
    )
    b = signed_in(org, "other_member").post(
        answer, {"line": "ln-nope", "outcome": "answered", "text": "x"}
    )
    assert a.status_code == b.status_code == 404


def test_the_api_moves_bodies_and_answers_lines_with_the_same_actions(org: Org) -> None:
    from tests.web.conftest import Api

    api = Api(Client(), org)
    r = api.post("member", f"/bodies/{org.other}/move", {"parent": org.cell})
    assert r.status_code == 403
    r = api.post("admin", f"/bodies/{org.other}/move", {"parent": org.cell})
    assert r.status_code == 200 and r.json()["parent"] == org.cell
    r = api.post("admin", f"/bodies/{org.top}/move", {"parent": org.other})
    assert r.status_code == 400 and "below it" in r.json()["error"]
    r = api.post("admin", f"/bodies/{org.other}/move", {"parent": org.top})
    assert r.status_code == 200
    r = api.post("member", f"/bodies/{org.cell}/lines", {"to": org.top, "text": "Buy a van."})
    line = r.json()["id"]
    assert api.post("leader", f"/lines/{line}/answer", {"outcome": "adopted"}).status_code == 403
    r = api.post("top_leader", f"/lines/{line}/answer", {"outcome": "adopted", "title": "Van"})
    assert r.status_code == 200 and r.json()["outcome"] == "adopted"
    assert Question.objects.get(pk=r.json()["question"]).title == "Van"
    inbox = api.get("top_leader", f"/bodies/{org.top}/inbox").json()
    assert inbox["lines_received"][0]["outcome"] == "adopted"
    r = api.post("top_leader", f"/lines/{line}/answer", {"outcome": "declined", "text": "No."})
    assert r.status_code == 409
    r = api.post("top_leader", f"/lines/{line}/answer", {"outcome": "maybe", "text": "No."})
    assert r.status_code in (400, 409)
    assert (
        api.post("other_member", "/lines/ln-nope/answer", {"outcome": "answered"}).status_code
        == 404
    )


def test_docs_list_every_page() -> None:
    """Every page (an address ending in "/") is in docs/web.md, its ids as `<org>`, `<body>`…"""
    from pathlib import Path

    from django.urls import URLPattern

    from polemica.web.ui.urls import urlpatterns

    doc = (Path(__file__).resolve().parents[3] / "docs" / "web.md").read_text("utf-8")
    missing = []
    for route in urlpatterns:
        pattern = str(route.pattern)
        if not isinstance(route, URLPattern) or route.name is None or not pattern.endswith("/"):
            continue
        shown = "/" + re.sub(
            r"<(?:\w+:)?(\w+)>", lambda m: "<" + m.group(1).removesuffix("_id") + ">", pattern
        )
        if f"`{shown}`" not in doc:
            missing.append(shown)
    assert not missing, f"pages not listed in docs/web.md: {missing}"


def test_a_delegate_seated_from_another_organization_is_listed_without_forms(
    two_orgs: tuple[Org, Org],
) -> None:
    """Roles of members of another organization are refused by the actions (as by the API), so
    the page offers no form for them."""
    from tests.web.matrix_world import seat_delegate

    org, other = two_orgs
    delegate = other.members["deputy"]
    seat_delegate(org.id, org.top, delegate, "Deputy", other.id)
    page = signed_in(org, "admin").get(reverse("ui:admin", args=[org.id])).content.decode()
    assert "a delegate of another organization, not changed here" in page
    assert f'name="member" value="{delegate}"' not in page
    assert f'<option value="{delegate}"' not in page
