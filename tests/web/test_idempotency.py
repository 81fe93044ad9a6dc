"""Idempotent writes: a POST retried with the same key answers as the first time and records
nothing more, through the API (`Idempotency-Key`) and the forms (`idempotency_key`)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from polemica.web.accounts.auth import issue_token
from polemica.web.accounts.idempotency import HEADER, REPLAYED
from polemica.web.accounts.models import IdempotentRequest
from polemica.web.process import actions as process
from polemica.web.process.models import Contribution
from polemica.web.record.models import EventRow
from tests.web.conftest import Org, build_org
from tests.web.race import race
from tests.web.ui.conftest import signed_in


def _post(client: Client, token: str, path: str, body: Any, key: str | None) -> Any:
    headers = {"Authorization": f"Bearer {token}"}
    if key is not None:
        headers[HEADER] = key
    return client.post(
        f"/api{path}", data=json.dumps(body), content_type="application/json", headers=headers
    )


def _events(org: Org) -> int:
    return EventRow.objects.filter(org=org.id).count()


def test_a_retried_post_answers_the_same_and_records_once(org: Org) -> None:
    q = process.do_open_question(org.actor("leader"), org.cell, "Dues", "Raise them?")
    token = issue_token(org.users["member"], "script")
    body = {"type": "position", "text": "Two euros a month."}
    first = _post(Client(), token, f"/questions/{q.id}/contributions", body, "post-1")
    assert first.status_code == 201
    before = _events(org)
    again = _post(Client(), token, f"/questions/{q.id}/contributions", body, "post-1")
    assert (again.status_code, again.json()) == (201, first.json())
    assert again[REPLAYED] == "true" and REPLAYED not in first
    assert _events(org) == before
    assert Contribution.objects.filter(question=q).count() == 1
    # Without a key, or with another one, the same body is a new post.
    assert _post(Client(), token, f"/questions/{q.id}/contributions", body, None).status_code == 201
    assert (
        _post(Client(), token, f"/questions/{q.id}/contributions", body, "post-2").status_code
        == 201
    )
    assert Contribution.objects.filter(question=q).count() == 3


def test_a_refusal_is_the_answer_too(org: Org) -> None:
    """A request refused by the process is answered the same on a retry, even once the
    refusal no longer holds: the key stands for that one request."""
    q = process.do_open_question(org.actor("leader"), org.cell, "Dues", "Raise them?")
    token = issue_token(org.users["member"], "script")
    path = f"/questions/{q.id}/contributions"
    refused = _post(Client(), token, path, {"type": "answer", "text": "Yes."}, "k")
    assert refused.status_code == 400
    again = _post(Client(), token, path, {"type": "answer", "text": "Yes."}, "k")
    assert (again.status_code, again.json()) == (400, refused.json())
    assert not Contribution.objects.filter(question=q).exists()


def test_a_key_reused_for_another_request_is_refused(org: Org) -> None:
    q = process.do_open_question(org.actor("leader"), org.cell, "Dues", "Raise them?")
    token = issue_token(org.users["member"], "script")
    path = f"/questions/{q.id}/contributions"
    assert _post(Client(), token, path, {"type": "remark", "text": "One."}, "k").status_code == 201
    other = _post(Client(), token, path, {"type": "remark", "text": "Two."}, "k")
    assert other.status_code == 422
    assert other.json() == {"error": f"this {HEADER} was used for another request", "field": HEADER}
    assert Contribution.objects.filter(question=q).count() == 1


def test_keys_belong_to_whoever_sent_them(org: Org) -> None:
    q = process.do_open_question(org.actor("leader"), org.cell, "Dues", "Raise them?")
    path = f"/questions/{q.id}/contributions"
    for role in ("member", "member2"):
        token = issue_token(org.users[role], "script")
        r = _post(Client(), token, path, {"type": "remark", "text": f"From {role}."}, "same")
        assert r.status_code == 201 and REPLAYED not in r
    assert Contribution.objects.filter(question=q).count() == 2


@pytest.mark.parametrize("key", ["", "x" * 256, "a key", "schlüssel"])
def test_a_malformed_key_is_refused_naming_the_header(org: Org, key: str) -> None:
    q = process.do_open_question(org.actor("leader"), org.cell, "Dues", "Raise them?")
    token = issue_token(org.users["member"], "script")
    headers = {"Authorization": f"Bearer {token}", HEADER: key}
    r = Client().post(
        f"/api/questions/{q.id}/contributions",
        data=json.dumps({"type": "remark", "text": "Hi."}),
        content_type="application/json",
        headers=headers,
    )
    assert r.status_code == 400 and r.json()["field"] == HEADER
    assert not Contribution.objects.filter(question=q).exists()


def test_a_failure_before_anything_was_recorded_releases_the_key(
    org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    q = process.do_open_question(org.actor("leader"), org.cell, "Dues", "Raise them?")
    token = issue_token(org.users["member"], "script")
    path = f"/questions/{q.id}/contributions"
    body = {"type": "remark", "text": "Hello."}

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the disk is full")

    with monkeypatch.context() as m:
        m.setattr("polemica.web.process.api.actions.do_post_contribution", broken)
        failed = _post(Client(raise_request_exception=False), token, path, body, "k")
    assert failed.status_code == 500
    assert not IdempotentRequest.objects.filter(key="k").exists()
    retried = _post(Client(), token, path, body, "k")
    assert retried.status_code == 201 and REPLAYED not in retried
    assert Contribution.objects.filter(question=q).count() == 1


def test_a_failure_after_the_action_was_recorded_never_runs_it_again(
    org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    q = process.do_open_question(org.actor("leader"), org.cell, "Dues", "Raise them?")
    token = issue_token(org.users["member"], "script")
    path = f"/questions/{q.id}/contributions"
    body = {"type": "remark", "text": "Hello."}

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the answer could not be built")

    with monkeypatch.context() as m:
        m.setattr("polemica.web.process.api.contribution_out", broken)
        failed = _post(Client(raise_request_exception=False), token, path, body, "k")
    assert failed.status_code == 500
    retried = _post(Client(), token, path, body, "k")
    assert retried.status_code == 409 and "was recorded" in retried.json()["error"]
    assert Contribution.objects.filter(question=q).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_record_once_and_all_get_the_first_answer() -> None:
    org = build_org()
    q = process.do_open_question(org.actor("leader"), org.cell, "Dues", "Raise them?")
    token = issue_token(org.users["member"], "script")
    body = {"type": "position", "text": "Two euros a month."}
    for round_ in range(3):
        key = f"double-click-{round_}"
        answers, errors = race(
            4,
            lambda _, key=key: _post(
                Client(), token, f"/questions/{q.id}/contributions", body, key
            ),
        )
        assert errors == []
        assert {a.status_code for a in answers} == {201}
        assert len({json.dumps(a.json(), sort_keys=True) for a in answers}) == 1
        assert sum(REPLAYED in a for a in answers) == 3
    assert Contribution.objects.filter(question=q).count() == 3


def test_a_form_sent_twice_records_once(org: Org) -> None:
    q = process.do_open_question(org.actor("leader"), org.cell, "Dues", "Raise them?")
    member = signed_in(org, "member")
    page = member.get(reverse("ui:question", args=[q.id])).content.decode()
    form = page[page.index(f'action="/q/{q.id}/contribute"') :]
    found = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', form)
    assert found is not None
    fields = {"type": "position", "text": "Freeze the rents.", "idempotency_key": found[1]}
    url = reverse("ui:contribute", args=[q.id])
    first, second = member.post(url, fields), member.post(url, fields)
    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"]
    assert Contribution.objects.filter(question=q).count() == 1
    # Every rendering gives the form a new key, so the next post is a new one.
    again = member.get(reverse("ui:question", args=[q.id])).content.decode()
    assert found[1] not in again
