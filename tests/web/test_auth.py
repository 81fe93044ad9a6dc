"""Who a request is: bearer tokens and sessions give the same actor; a bad token is refused."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from polemica.web.accounts.auth import actor_for, actor_for_token, issue_token
from polemica.web.accounts.models import ApiToken, OrgAdmin
from tests.web.conftest import Api, Org, build_org


def _same(a: object, b: object) -> None:
    for attr in ("user_id", "username", "members", "admin_orgs"):
        assert getattr(a, attr) == getattr(b, attr), attr


def test_a_token_gives_the_account_its_members_and_admin_rights(two_orgs: tuple[Org, Org]) -> None:
    first, second = two_orgs
    leader = first.users["leader"]
    # An account that is a member of one organization and administers another.
    OrgAdmin.objects.create(user=leader, org_id=second.id)
    token = issue_token(leader, "t")
    found = actor_for_token(token)
    assert found is not None
    assert found.members == {first.id: first.members["leader"]}
    assert found.admin_orgs == frozenset({second.id})
    assert found.username == "leader" and found.user_id == leader.pk
    _same(found, actor_for(leader))
    admin = actor_for_token(issue_token(first.users["admin"], "t"))
    assert admin is not None and admin.members == {} and admin.admin_orgs == {first.id}
    nobody = actor_for_token(issue_token(first.users["nonmember"], "t"))
    assert nobody is not None and nobody.members == {} and not nobody.admin_orgs


def test_unknown_revoked_and_inactive_tokens_are_refused(api: Api) -> None:
    user = api.org.users["member"]
    token = issue_token(user, "t")
    auth = {"Authorization": f"Bearer {token}"}
    assert api.client.get("/api/me", headers=auth).json()["username"] == "member"
    assert actor_for_token(token + "x") is None
    user.is_active = False
    user.save()
    assert actor_for_token(token) is None
    assert api.client.get("/api/me", headers=auth).status_code == 401
    user.is_active = True
    user.save()
    assert actor_for_token(token) is not None
    ApiToken.objects.filter(user=user).delete()
    assert actor_for_token(token) is None
    assert api.client.get("/api/me", headers=auth).status_code == 401


def test_a_token_costs_two_queries(db: None) -> None:
    org = build_org()
    token = issue_token(org.users["member"], "t")
    with CaptureQueriesContext(connection) as ctx:
        assert actor_for_token(token) is not None
    assert len(ctx.captured_queries) == 2
