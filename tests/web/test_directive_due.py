"""A directive's due date: bodies that have not applied it by then are shown as overdue."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from polemica.web.centralism import actions as centralism
from tests.web.conftest import Api, Org
from tests.web.scenario import top_decision


def _directive(org: Org, due: str) -> str:
    decision = top_decision(org, "Campaign", "Every cell joins.")
    top = org.actor("top_leader")
    return centralism.do_issue_directive(top, decision, [org.cell, org.other], due).id


def test_past_due_directive_names_the_bodies_that_have_not_applied_it(api: Api) -> None:
    org = api.org
    directive = _directive(org, "2020-01-31")
    centralism.do_apply_directive(org.actor("leader"), directive, org.cell, "Block 4 first.")
    r = api.get("member", f"/directives/{directive}")
    assert r.status_code == 200, r.content
    assert r.json()["waiting"] == [org.other]
    assert r.json()["overdue"] == [org.other]
    page = signed_in_page(org, "other_member", reverse("ui:directive", args=[directive]))
    assert "Overdue: not applied by 2020-01-31" in page
    assert 'name="text"' in page  # the late body can still record its application
    body = signed_in_page(org, "other_member", reverse("ui:body", args=[org.other]))
    assert "overdue" in body


def test_a_directive_not_yet_due_has_nothing_overdue(api: Api) -> None:
    org = api.org
    directive = _directive(org, "2999-01-31")
    r = api.get("member", f"/directives/{directive}")
    assert sorted(r.json()["waiting"]) == sorted([org.cell, org.other])
    assert r.json()["overdue"] == []
    page = signed_in_page(org, "other_member", reverse("ui:directive", args=[directive]))
    assert "Overdue" not in page and "Not yet applied" in page


def signed_in_page(org: Org, role: str, path: str) -> str:
    c = Client()
    c.force_login(org.users[role])
    r = c.get(path)
    assert r.status_code == 200, r.status_code
    return r.content.decode()
