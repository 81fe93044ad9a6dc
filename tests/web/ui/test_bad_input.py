"""Bad text through every form of the pages, their query strings and ids: the reason is shown on
the page, naming the field, never a server error, and nothing is stored.

The forms are read from the pages themselves (every <form method="post">), so a new form is
covered as soon as a page shows it.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

from django.test import Client
from django.urls import reverse

from polemica.web.accounts.models import User
from polemica.web.base.inputs import limit_of
from polemica.web.orgs.models import Body
from polemica.web.record.models import EventRow
from polemica.web.ui.invitations import create_invitation
from tests.web.conftest import Org
from tests.web.scenario import Scenario
from tests.web.ui.conftest import signed_in

NUL = "bad\x00text"


class _Forms(HTMLParser):
    """The posted forms of a page: action and the names of their text-like fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._open: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._open = {}
            self.forms.append((a.get("action", ""), self._open))
        elif (
            self._open is not None
            and tag in ("input", "textarea", "select")
            and "name" in a
            and a.get("type") not in ("file", "checkbox", "radio", "submit")
        ):
            self._open.setdefault(a["name"], a.get("value", "") or "x")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = None


def _forms(client: Client, url: str) -> list[tuple[str, str, dict[str, str]]]:
    r = client.get(url)
    assert r.status_code == 200, url
    parser = _Forms()
    parser.feed(r.content.decode())
    return [(url, action or url, fields) for action, fields in parser.forms]


def _pages(org: Org, s: Scenario) -> list[tuple[str, str]]:
    token = create_invitation(org.actor("admin"), Body.objects.get(pk=org.cell), "Newcomer")
    return [
        ("leader", reverse("ui:question", args=[s.question])),
        ("leader", reverse("ui:body", args=[org.cell])),
        ("other_member", reverse("ui:directive", args=[s.directive])),
        ("top_leader", reverse("ui:directive", args=[s.directive])),
        ("admin", reverse("ui:org", args=[org.id])),
        ("member", reverse("ui:profile")),
        ("member", reverse("ui:password")),
        ("anonymous", reverse("ui:login")),
        ("anonymous", reverse("ui:check")),
        ("anonymous", reverse("ui:invitation", args=[token])),
    ]


def _client(org: Org, role: str) -> Client:
    return Client() if role == "anonymous" else signed_in(org, role)


def _shown(client: Client, response: Any) -> str:
    """The page that tells the person: followed after a redirect back, or the answer itself."""
    if response.status_code == 303:
        return client.get(response["Location"]).content.decode()
    return response.content.decode()


def test_bad_text_in_any_form_field_is_shown_as_a_form_error(
    world: tuple[Org, Scenario],
) -> None:
    org, s = world
    before = (EventRow.objects.count(), User.objects.count())
    checked = 0
    for role, page_url in _pages(org, s):
        client = _client(org, role)
        for page, action, fields in _forms(client, page_url):
            for name in fields:
                if name == "csrfmiddlewaretoken":
                    continue
                long = "x" * (limit_of(name) + 1)
                for bad, why in ((NUL, "NUL character"), (long, "is longer than")):
                    data = {**fields, name: bad}
                    r = client.post(action, data, headers={"Referer": page})
                    assert r.status_code in (303, 400), (action, name, r.status_code)
                    if r.status_code == 303:
                        assert r["Location"] == page, (action, name)
                    shown = _shown(client, r)
                    assert "Not done:" in shown and why in shown, (action, name)
                    assert f"{name} " in shown, (action, name)
                    checked += 1
    assert (EventRow.objects.count(), User.objects.count()) == before
    assert checked > 60, checked


def test_a_form_posted_without_a_referer_gets_a_page_naming_the_field(
    world: tuple[Org, Scenario],
) -> None:
    org, s = world
    url = reverse("ui:contribute", args=[s.question])
    r = signed_in(org, "member").post(url, {"type": "remark", "text": NUL})
    assert r.status_code == 400
    assert "Input refused" in r.content.decode() and "text contains a NUL" in r.content.decode()


def test_bad_ids_and_query_strings_of_pages_answer_400_naming_them(
    world: tuple[Org, Scenario],
) -> None:
    org, s = world
    member = signed_in(org, "member")
    for url, field in (
        ("/q/" + quote(NUL) + "/", "question_id"),
        ("/bodies/" + "b" * 300 + "/", "body_id"),
        (reverse("ui:record", args=[org.id]) + "?kind=" + quote(NUL), "kind"),
        (reverse("ui:question", args=[s.question]) + "?amend=" + quote(NUL), "amend"),
        ("/files/" + quote(NUL) + "/", "sha"),
    ):
        for client in (member, Client()):
            r = client.get(url)
            assert r.status_code == 400, url
            assert f"{field} " in r.content.decode(), url


def test_a_nul_in_the_session_cookie_is_refused_without_reading_the_session(org: Org) -> None:
    client = Client()
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    for url in ("/", "/api/me"):
        r = client.get(url)
        assert r.status_code == 400 and b"sessionid" in r.content
