"""Every page answers, for the people who may see it, and hides what they may not."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from polemica.web.process import actions as process
from polemica.web.record.models import EventRow
from tests.web.conftest import Org
from tests.web.scenario import Scenario
from tests.web.ui.conftest import signed_in


def urls(org: Org, s: Scenario) -> list[str]:
    return [
        "/",
        f"/orgs/{org.id}/",
        f"/orgs/{org.id}/federation/",
        f"/bodies/{org.cell}/",
        f"/bodies/{org.top}/",
        f"/q/{s.question}/",
        f"/q/{s.question}/map",
        f"/q/{s.question}/phase",
        f"/q/{s.question}/tally/",
        f"/directives/{s.directive}/",
        f"/orgs/{org.id}/record/",
        f"/orgs/{org.id}/record/?page=2",
        f"/orgs/{org.id}/record/5/",
        "/receipts/check/",
        "/accounts/profile/",
        "/accounts/waiting/",
        "/accounts/password/",
        "/accounts/login/",
    ]


@pytest.mark.parametrize("role", ["member", "observer", "admin"])
def test_every_page_renders_for_each_role(world: tuple[Org, Scenario], role: str) -> None:
    org, s = world
    client = signed_in(org, role)
    for url in urls(org, s):
        response = client.get(url)
        assert response.status_code == 200, (role, url, response.status_code)
        assert response["Content-Security-Policy"].startswith("default-src 'none'")


def test_anonymous_reads_open_questions_and_the_open_record(world: tuple[Org, Scenario]) -> None:
    org, s = world
    anon = Client()
    assert anon.get(f"/q/{s.question}/").status_code == 200
    assert anon.get(f"/orgs/{org.id}/").status_code == 200
    page = anon.get(f"/orgs/{org.id}/").content.decode()
    assert "Members and their roles are shown to the organization" in page
    # The open record (tests/web/ui/test_public_record.py); the export stays with members.
    assert anon.get(f"/orgs/{org.id}/record/").status_code == 200
    assert anon.get(f"/orgs/{org.id}/record/3/").status_code == 200
    assert anon.get(f"/orgs/{org.id}/record/export.zip").status_code == 403
    profile = anon.get("/accounts/profile/")
    assert profile.status_code == 302 and "/accounts/login/" in profile["Location"]


def test_missing_things_answer_404(world: tuple[Org, Scenario]) -> None:
    org, _ = world
    client = signed_in(org, "member")
    for url in ("/q/q-nope/", "/bodies/b-nope/", "/orgs/org-nope/", "/directives/dir-nope/"):
        assert client.get(url).status_code == 404, url


def test_closed_question_never_leaks(world: tuple[Org, Scenario]) -> None:
    org, _ = world
    secret = "Tenant list of block 7"
    q = process.do_open_question(
        org.actor("leader"), org.cell, secret, "names", visibility="closed", reason="privacy"
    )
    process.do_post_contribution(org.actor("member"), q.id, "position", "Keep the list offline.")
    outsider = signed_in(org, "other_member")
    assert outsider.get(f"/q/{q.id}/").status_code == 404
    assert outsider.get(f"/q/{q.id}/map").status_code == 404
    assert outsider.get(f"/q/{q.id}/live").status_code == 404
    for url in ("/", f"/bodies/{org.cell}/", f"/orgs/{org.id}/record/?kind=question.opened"):
        assert secret not in outsider.get(url).content.decode(), url
    hidden_seq = EventRow.objects.get(subject=q.id, kind="question.opened").seq
    assert outsider.get(f"/orgs/{org.id}/record/{hidden_seq}/").status_code == 404
    assert outsider.get(f"/orgs/{org.id}/record/{hidden_seq}/receipt.json").status_code == 404
    assert outsider.get(f"/orgs/{org.id}/record/export.zip").status_code == 403
    insider = signed_in(org, "member")
    assert secret in insider.get(f"/bodies/{org.cell}/").content.decode()
    assert secret in insider.get(f"/q/{q.id}/").content.decode()
    # The committee above the cell reads it too (DESIGN §6).
    assert signed_in(org, "top_leader").get(f"/q/{q.id}/").status_code == 200


def test_pages_carry_no_inline_script_or_style(world: tuple[Org, Scenario]) -> None:
    org, s = world
    client = signed_in(org, "leader")
    for url in urls(org, s):
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html), url
        assert not re.search(r"<style", html), url
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"\son[a-z]+=", html), url


def test_body_page_shows_its_work(world: tuple[Org, Scenario]) -> None:
    org, s = world
    top = signed_in(org, "top_leader").get(f"/bodies/{org.top}/").content.decode()
    assert "Federation-wide rent campaign" in top  # latest decision
    other = signed_in(org, "other_member").get(f"/bodies/{org.other}/").content.decode()
    assert f"/directives/{s.directive}/" in other  # the south cell has not applied it yet
    cell = signed_in(org, "leader").get(f"/bodies/{org.cell}/").content.decode()
    assert "Rent strike in the north blocks" in cell
    assert f"/directives/{s.directive}/" not in cell.split("Directives to apply")[1].split("<h3")[0]


def test_org_page_shows_tree_leaders_and_leaderless_bodies(world: tuple[Org, Scenario]) -> None:
    org, _ = world
    from polemica.web.orgs import actions as org_actions

    org_actions.do_create_body(org.actor("admin"), org.id, "East Cell", "cell", parent=org.top)
    html = signed_in(org, "member").get(f"/orgs/{org.id}/").content.decode()
    assert "East Cell" in html and "no leader" in html
    assert "led by" in html and "Top_Leader" in html
    assert "Members and roles" in html and "Observer" in html


def test_health_page_reports_the_body_from_the_analysis(world: tuple[Org, Scenario]) -> None:
    org, _ = world
    from polemica.web.ui.health import org_report, scope_of

    page = signed_in(org, "top_leader").get(f"/bodies/{org.cell}/health/")
    assert page.status_code == 200
    html = page.content.decode()
    scope = scope_of(org_report(org.id), "body", org.cell)
    assert scope is not None
    for name, syndrome in scope.syndromes.items():
        assert name.replace("_", " ") in html
        if syndrome.score is not None:
            assert f"{syndrome.score:.2f}" in html
    assert "objection answer rate" in html
    assert Client().get(f"/bodies/{org.cell}/health/").status_code == 403
    # Someone to whom a question is closed does not get the report of every event.
    process.do_open_question(
        org.actor("leader"), org.cell, "Secret", "x", visibility="closed", reason="privacy"
    )
    assert signed_in(org, "other_member").get(f"/bodies/{org.cell}/health/").status_code == 403


def test_body_page_loads_its_health_at_a_glance(world: tuple[Org, Scenario]) -> None:
    org, _ = world
    from polemica.web.ui.health import org_report, scope_of

    client = signed_in(org, "top_leader")
    body = client.get(f"/bodies/{org.cell}/").content.decode()
    # Without JavaScript the link stays; with htmx the glance replaces it after the page loads.
    assert f'hx-get="/bodies/{org.cell}/health/glance"' in body
    assert f'href="/bodies/{org.cell}/health/"' in body
    glance = client.get(f"/bodies/{org.cell}/health/glance").content.decode()
    scope = scope_of(org_report(org.id), "body", org.cell)
    assert scope is not None
    assert "Health at a glance" in glance
    for name, syndrome in scope.syndromes.items():
        assert name.replace("_", " ") in glance
        assert (">flagged</span>" in glance) == any(s.flag for s in scope.syndromes.values())
        if syndrome.score is not None:
            assert f'value="{syndrome.score:.3f}"' in glance
    # Outsiders get only the link, never the figures.
    outsider = Client().get(f"/bodies/{org.cell}/health/glance").content.decode()
    assert "Health at a glance" not in outsider
    assert f'href="/bodies/{org.cell}/health/"' in outsider
