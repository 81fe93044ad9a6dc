"""Password guesses are limited per account and per client address, counted in the database so
every server process sees the same count; a lockout answers 429 with Retry-After (the API) or
says so on the sign-in page, and never blocks another account's sign-in.

Each test starts with no failed attempts: they are rows of the test's own transaction.
"""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F, Sum
from django.test import Client

from polemica.web.accounts.models import ApiToken
from tests.web.conftest import Org

X, Y = "192.0.2.10", "198.51.100.7"


def _token(client: Client, username: str, password: str, address: str = X) -> Any:
    return client.post(
        "/api/tokens",
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR=address,
    )


def test_an_account_is_locked_after_five_failures_and_others_are_not(org: Org) -> None:
    client = Client()
    for _ in range(4):
        assert _token(client, "member", "wrong").status_code == 401
    fifth = _token(client, "member", "wrong")
    assert fifth.status_code == 429
    assert "too many failed sign-ins" in fifth.json()["error"]
    assert 14 * 60 < int(fifth["Retry-After"]) <= 15 * 60
    # Now even the right password is refused, from this address or any other.
    for address in (X, Y):
        refused = _token(client, "member", "pw-member", address)
        assert refused.status_code == 429 and refused.has_header("Retry-After")
    assert not ApiToken.objects.filter(user=org.users["member"]).exists()
    # Another account signs in from the same address.
    assert _token(client, "leader", "pw-leader").status_code == 201
    # The count is in the database, where every server process reads it.
    counted = AccessAttempt.objects.filter(username="member").aggregate(
        n=Sum("failures_since_start")
    )
    assert counted["n"] == 5


def test_the_lock_ends_after_the_cool_off(org: Org) -> None:
    client = Client()
    for _ in range(5):
        _token(client, "member", "wrong")
    assert _token(client, "member", "pw-member").status_code == 429
    # Fifteen minutes later (the attempts' times moved back rather than waiting).
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME)
    assert _token(client, "member", "pw-member").status_code == 201


def test_an_address_is_locked_after_thirty_failures_to_any_accounts(org: Org) -> None:
    client = Client()
    for i in range(settings.SIGNIN_ADDRESS_LIMIT - 1):
        assert _token(client, f"guess-{i}", "wrong").status_code == 401
    assert _token(client, "guess-last", "wrong").status_code == 429
    assert _token(client, "leader", "pw-leader").status_code == 429
    # The same account from another address is not affected.
    assert _token(client, "leader", "pw-leader", Y).status_code == 201


def test_the_sign_in_page_says_when_to_try_again(org: Org) -> None:
    client = Client()
    for _ in range(4):
        r = client.post("/accounts/login/", {"username": "member", "password": "wrong"})
        assert r.status_code == 200 and "do not match" in r.content.decode()
    r = client.post("/accounts/login/", {"username": "member", "password": "pw-member"})
    assert r.status_code == 302  # a success does not count
    client.post("/accounts/logout/")
    r = client.post("/accounts/login/", {"username": "member", "password": "wrong"})
    assert r.status_code == 429
    assert "Too many failed sign-ins" in r.content.decode() and "15 minutes" in r.content.decode()
    assert int(r["Retry-After"]) > 14 * 60
    r = client.post("/accounts/login/", {"username": "member", "password": "pw-member"})
    assert r.status_code == 429 and "_auth_user_id" not in client.session
    r = client.post("/accounts/login/", {"username": "leader", "password": "pw-leader"})
    assert r.status_code == 302 and client.session["_auth_user_id"] == str(org.users["leader"].pk)


def test_page_and_api_count_together(org: Org) -> None:
    client = Client()
    for _ in range(3):
        client.post("/accounts/login/", {"username": "member", "password": "wrong"})
    _token(client, "member", "wrong")
    assert _token(client, "member", "wrong").status_code == 429


def test_bad_text_in_the_headers_a_failed_attempt_keeps_is_refused(org: Org) -> None:
    """A failed attempt stores the browser's User-Agent and Accept: bad text there answers 400
    naming the header instead of failing to store the attempt."""
    client = Client()
    for header in ("User-Agent", "Accept"):
        r = client.post(
            "/api/tokens",
            {"username": "member", "password": "wrong"},
            content_type="application/json",
            headers={header: "x\x00y"},
        )
        assert r.status_code == 400 and r.json()["field"] == header
    assert not AccessAttempt.objects.exists()
