"""Sign in, invitations, the profile, the language switch."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from polemica.web.accounts.models import Login, User
from polemica.web.orgs.models import Member, Role
from polemica.web.record.models import EventRow
from tests.web.conftest import Org
from tests.web.ui.conftest import signed_in


def test_sign_in_and_out(org: Org) -> None:
    c = Client()
    r = c.post(reverse("ui:login"), {"username": "member", "password": "wrong"})
    assert r.status_code == 200 and "do not match" in r.content.decode()
    r = c.post(reverse("ui:login"), {"username": "member", "password": "pw-member"})
    assert r.status_code == 302
    assert "Profile (member)" in c.get("/").content.decode()
    c.post(reverse("ui:logout"))
    assert "Sign in" in c.get("/").content.decode()


def _invite(org: Org, name: str) -> str:
    admin = signed_in(org, "admin")
    r = admin.post(reverse("ui:invite", args=[org.id]), {"name": name, "body": org.other})
    page = admin.get(r["Location"]).content.decode()
    return page.split('<code class="select">')[1].split("</code>")[0]


def test_invitation_creates_account_and_membership_once(org: Org) -> None:
    link = _invite(org, "Rosa <script>alert(1)</script>")
    path = link.split("testserver", 1)[1]
    guest = Client()
    page = guest.get(path).content.decode()
    assert "Rosa &lt;script&gt;" in page and "<script>alert" not in page
    r = guest.post(path, {"username": "rosa", "password": "Str0ng-pass-word", "password2": "x"})
    assert r.status_code == 400 and "differ" in r.content.decode()
    r = guest.post(path, {"username": "rosa", "password": "12345", "password2": "12345"})
    assert r.status_code == 400 and "too short" in r.content.decode()
    assert not User.objects.filter(username="rosa").exists()
    r = guest.post(
        path,
        {"username": "rosa", "password": "Str0ng-pass-word", "password2": "Str0ng-pass-word"},
    )
    assert r.status_code == 302
    user = User.objects.get(username="rosa")
    login = Login.objects.get(user=user)
    member = Member.objects.get(pk=login.member_id)
    assert member.name == "Rosa <script>alert(1)</script>"
    assert Role.objects.filter(member=member, body_id=org.other, role="member").exists()
    event = EventRow.objects.get(kind="member.joined", subject=member.id)
    assert event.actor is None or event.actor == org.members.get("admin")
    assert "Profile (rosa)" in guest.get("/").content.decode()
    # The link works once.
    assert Client().get(path).status_code == 404


def test_only_admins_invite(org: Org) -> None:
    leader = signed_in(org, "leader")
    r = leader.post(reverse("ui:invite", args=[org.id]), {"name": "X", "body": org.cell})
    page = leader.get(r["Location"]).content.decode()
    assert "only an administrator" in page
    assert "Invite a member" not in page


def test_profile_lists_memberships_and_ballots(org: Org) -> None:
    page = signed_in(org, "leader").get(reverse("ui:profile")).content.decode()
    assert "North Cell" in page and "leader" in page and "No ballot yet." in page


def test_language_switch_to_german(org: Org) -> None:
    c = signed_in(org, "member")
    r = c.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert r.status_code == 302
    page = c.get("/").content.decode()
    assert '<html lang="de">' in page and "Organisationen" in page and "Abmelden" in page
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Organizations" in c.get("/").content.decode()


def test_sign_in_page_suggests_demo_logins_only_with_the_demo_password(db: None) -> None:
    from polemica.web.ui.views import auth

    User.objects.create_user(username="housing-member", password="other")
    auth._demo_cache.clear()
    assert "Demonstration" not in Client().get(reverse("ui:login")).content.decode()
    user = User.objects.get(username="housing-member")
    user.set_password("demo")
    user.save()
    auth._demo_cache.clear()
    page = Client().get(reverse("ui:login")).content.decode()
    assert "Demonstration" in page and "<code>housing-member</code>" in page
