"""Hidden answers exactly like missing, everywhere.

The walk takes every operation of the API from its OpenAPI schema and every page from the web
interface's URL patterns, so a new endpoint is walked without being listed here: each id in a
path (and each id-bearing field of a payload) is given once as an id the reader may not see and
once as an id that does not exist, and the two answers must be the same — status, message, body
(ids aside), and for pages also where a redirect leads and what it flashes, never the hidden
title. A path parameter or payload field the walk does not know fails the test until it is
classified below.

Readers (tests/web/matrix_world.py): anonymous, a member of another organization, a member of
another body, a member of two organizations (the other organization's deputy, seated in this
one's committee as a forum seats a delegate, without a login here), and another organization's
administrator. They act from their own body (`Home`) with ids they may not see.

Then lists, search and counts must show exactly what the single-item rule shows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, reverse

from polemica.web.accounts.auth import issue_token
from polemica.web.api import api as ninja_api
from polemica.web.process.models import Question
from polemica.web.record.models import LogHead
from polemica.web.ui.urls import urlpatterns
from tests.web.matrix_world import READERS, Home, World, build, home_of, reader

# Path parameters (API and pages) naming a thing a reader may not see, and its kind.
PATH_KINDS = {
    "question": "question",
    "contribution": "contribution",
    "fact": "fact",
    "decision": "decision",
    "directive": "directive",
    "feedback": "feedback",
    "sha256": "file",
    "seq": "event",
    "member": "member",
    "question_id": "question",
    "contribution_id": "contribution",
    "fact_id": "fact",
    "decision_id": "decision",
    "directive_id": "directive",
    "feedback_id": "feedback",
    "sha": "file",
    "line": "line",
}
# Organizations and bodies are public (listed to anyone); an invitation token and a static
# file's path name nothing of the record.
PUBLIC_PARAMS = {"org", "body", "org_id", "body_id", "token", "path"}
QUERY_PARAMS = {"phase", "limit", "offset", "after", "q"}  # filters, no ids

# Fields of request bodies that name things, by operation, and their kind; "public": bodies of
# the organization (public), "account": a login name (not a thing of the record), "event": an
# event of the administrator's own organization (administrators read every event).
PAYLOAD_IDS: dict[str, dict[str, str]] = {
    "post_contribution": {"target": "contribution", "cites": "fact"},
    "move_phase": {"left_unanswered": "contribution", "cites": "contribution"},
    "place_fact": {"sources": "file"},
    "cast_ballot": {"ballot": "contribution"},
    "send_feedback": {"regarding": "regarding", "to": "public"},
    "give_credit": {"for": "credited", "member": "member"},
    "assign_role": {"member": "member"},
    "revoke_role": {"member": "member"},
    "erase": {"member": "member", "seq": "event"},
    "rename": {"entity": "member"},
    "create_body": {"parent": "public"},
    "move_body": {"parent": "public"},
    "add_member": {"body": "public", "username": "account"},
    "issue_directive": {"to": "public"},
    "apply_directive": {"body": "public"},
    "propose_line": {"to": "public"},
    "create_token": {"username": "account"},
}
NOT_IDS = {
    "text",
    "title",
    "reason",
    "claim",
    "verdict",
    "reasoning",
    "type",
    "phase",
    "kind",
    "name",
    "level",
    "new",
    "role",
    "settings",
    "visibility",
    "method",
    "options",
    "ballot",
    "due",
    "delegation",
    "password",
    "outcome",
    "file",
}
# Values for the fields of a schema-valid payload, by name (ids: the reader's own things).
SAMPLES: dict[str, Callable[[Home], Any]] = {
    "type": lambda h: "remark",
    "phase": lambda h: "verification",
    "verdict": lambda h: "authentic",
    "kind": lambda h: "critique",
    "outcome": lambda h: "answered",
    "role": lambda h: "deputy",
    "to": lambda h: h.above,
    "body": lambda h: h.body,
    "member": lambda h: h.member,
    "for": lambda h: h.c,
    "regarding": lambda h: h.dq,
    "entity": lambda h: h.body,
    "username": lambda h: "nobody-here",
}
MISSING = {
    "question": "q-000000000000",
    "contribution": "c-000000000000",
    "fact": "f-000000000000",
    "decision": "d-000000000000",
    "directive": "dir-000000000000",
    "feedback": "fb-000000000000",
    "line": "ln-000000000000",
    "file": "0" * 64,
    "event": "999999",
    "member": "m-000000000000",
    "regarding": "d-000000000000",
    "credited": "c-000000000000",
}


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock():
        built = build(True)
    yield built
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def hidden_ids(w: World, name: str, kind: str) -> list[str]:
    """Ids of `kind` this reader may not see (every question of the world is closed to them;
    the directive and its feedback are addressed to the other body, whose members read them)."""
    addressed = name == "other_body"
    other = w.org if home_of(w, name).org == w.other_org.id else w.other_org
    # The other body's questions, open to the organization's members only.
    h = w.homes[w.org.id] if name != "other_body" else None
    found = {
        "question": [w.q, w.vq, w.tq, *([h.q, h.vq, h.dq] if h else [])],
        "contribution": [w.c, w.vp, *([h.c, h.dc] if h else [])],
        "fact": [w.f, *([h.f] if h else [])],
        "decision": [w.td, *([h.dd] if h else [])],
        "directive": [] if addressed else [w.d],
        "feedback": [] if addressed else [w.fb],
        "line": [w.ln],
        "file": [w.sha],
        "event": [str(w.q_seq)],
        "member": [other.members["member2"]],
        "regarding": [w.td] if addressed else [w.td, w.d, *([h.dd] if h else [])],
        "credited": [w.c, w.td, *([h.c, h.dd] if h else [])],
    }
    return found[kind]


@dataclass(frozen=True)
class Operation:
    id: str  # the operation id without its module prefix
    method: str
    path: str
    params: dict[str, str]  # name → where ("path", "query")
    fields: dict[str, Any]  # request body properties → schema
    required: list[str]
    multipart: bool


def operations() -> list[Operation]:
    schema = ninja_api.get_openapi_schema(path_prefix="/api/")
    parts = schema["components"]["schemas"]
    out = []
    for path, item in schema["paths"].items():
        for method, op in item.items():
            body: dict[str, Any] = {}
            multipart = False
            for kind, content in op.get("requestBody", {}).get("content", {}).items():
                ref = content["schema"].get("$ref")
                body = parts[ref.rsplit("/", 1)[1]] if ref else content["schema"]
                multipart = kind.startswith("multipart/")
            out.append(
                Operation(
                    op["operationId"].rsplit("_api_", 1)[1],
                    method.upper(),
                    path,
                    {p["name"]: p["in"] for p in op.get("parameters", [])},
                    body.get("properties", {}),
                    body.get("required", []),
                    multipart,
                )
            )
    return out


def _payload(op: Operation, home: Home) -> dict[str, Any]:
    """A payload the schema accepts, naming the reader's own things where it names any."""
    out: dict[str, Any] = {}
    for name in op.required:
        kind = op.fields[name].get("type")
        if name in SAMPLES:
            sample = SAMPLES[name](home)
            out[name] = [sample] if kind == "array" else sample  # a directive's `to`
        else:
            out[name] = {"array": [], "object": {}, "integer": 1}.get(kind, "Some words.")
    return out


def _home_path(op: Operation, home: Home, **given: str) -> str:
    own = {"org": home.org, "body": home.body, "question": home.q, "contribution": home.c}
    own |= {"fact": home.f, "decision": "d-unused", "directive": "dir-unused"}
    own |= {"feedback": "fb-unused", "sha256": "0" * 64, "seq": "1", "member": home.member}
    values = {**own, **given}
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], op.path)


def _answer(response: Any, ids: list[str]) -> tuple[Any, ...]:
    """What a reader learns from an answer, with the ids they sent taken out."""
    content = b"" if response.streaming else response.content
    location = response.get("Location", "")
    # The messages this request flashed (earlier ones wait unread in the session).
    storage = getattr(response.wsgi_request, "_messages", None)
    flashed = [str(m) for m in storage._queued_messages] if storage is not None else []
    text = json.dumps([content.decode(errors="replace"), location, flashed])
    for i in sorted(ids, key=len, reverse=True):
        text = text.replace(i, "<id>")
    return response.status_code, text


class Walker:
    """Sends requests as one reader and collects every difference between hidden and missing."""

    def __init__(self, client: Client, w: World, name: str) -> None:
        self.client, self.w, self.name = client, w, name
        user = reader(w, name)
        self.headers = {"Authorization": f"Bearer {issue_token(user, 'w')}"} if user else {}
        self.differences: list[str] = []
        self.walked: set[str] = set()
        self.home = home_of(w, name)
        self.titles = list(w.titles.values())
        if name == "other_body":  # the directive to their body carries its question's title
            self.titles.remove(w.titles[w.tq])

    def api(self, op: Operation, path: str, payload: dict[str, Any] | None) -> Any:
        if op.method == "GET":
            return self.client.get(path, headers=self.headers)
        return self.client.post(
            path, json.dumps(payload or {}), content_type="application/json", headers=self.headers
        )

    def compare(self, what: str, kind: str, hidden: Any, missing: Any, ids: list[str]) -> None:
        self.walked.add(kind)
        a, b = _answer(hidden, ids), _answer(missing, ids)
        if a != b:
            self.differences.append(f"{what}: hidden {a} != missing {b}")
        if hidden.status_code >= 500:
            self.differences.append(f"{what}: {hidden.status_code}")
        seen = hidden.content if not hidden.streaming else b""
        for title in self.titles:
            if title.encode() in seen:
                self.differences.append(f"{what}: shows the title {title!r}")


def _check_classified(op: Operation) -> None:
    for name, where in op.params.items():
        known = PATH_KINDS.keys() | PUBLIC_PARAMS if where == "path" else QUERY_PARAMS
        assert name in known, f"{op.method} {op.path}: classify the parameter {name!r}"
    ids = PAYLOAD_IDS.get(op.id, {})
    for field in op.fields:
        assert field in NOT_IDS or field in ids, f"{op.id}: classify the field {field!r}"


@pytest.mark.parametrize("name", READERS)
def test_every_api_operation_answers_a_hidden_id_like_a_missing_one(
    world: World, db: None, client: Client, name: str
) -> None:
    walker = Walker(client, world, name)
    ops = operations()
    for op in ops:
        _check_classified(op)
        if op.multipart:
            continue  # uploads name no id (test_files.py checks what they answer)
        for param, where in op.params.items():
            if where != "path" or param not in PATH_KINDS:
                continue
            kind = PATH_KINDS[param]
            context = {"org": world.org.id} if kind == "event" else {}
            missing_id = MISSING[kind]
            for hidden_id in hidden_ids(world, name, kind):
                ids = [hidden_id, missing_id]
                hidden = walker.api(
                    op,
                    _home_path(op, walker.home, **context, **{param: hidden_id}),
                    _payload(op, walker.home),
                )
                missing = walker.api(
                    op,
                    _home_path(op, walker.home, **context, **{param: missing_id}),
                    _payload(op, walker.home),
                )
                walker.compare(f"{op.method} {op.path} {param}", kind, hidden, missing, ids)
        for field, kind in PAYLOAD_IDS.get(op.id, {}).items():
            if kind in ("public", "account", "event"):
                continue
            for hidden_id in hidden_ids(world, name, kind):
                _walk_field(walker, op, field, kind, hidden_id)
    assert not walker.differences, "\n".join(walker.differences)
    hideable = set(PATH_KINDS.values()) | {"regarding", "credited"}
    if name == "other_body":
        hideable -= {"directive", "feedback"}
    assert walker.walked == hideable


# Where a field is checked only in a certain state, the reader's own question in that state.
FIELD_CONTEXT: dict[tuple[str, str], Callable[[Home], dict[str, str]]] = {
    ("move_phase", "cites"): lambda h: {"question": h.dq},
    ("cast_ballot", "ballot"): lambda h: {"question": h.vq},
}
FIELD_PAYLOAD: dict[tuple[str, str], Callable[[Home, str], dict[str, Any]]] = {
    ("post_contribution", "target"): lambda h, x: {"type": "objection", "text": "No.", "target": x},
    ("post_contribution", "cites"): lambda h, x: {"type": "reading", "text": "Se.", "cites": [x]},
    ("move_phase", "left_unanswered"): lambda h, x: {"phase": "verification", "left_unanswered": [x]},
    ("move_phase", "cites"): lambda h, x: {"phase": "reopened", "cites": [x]},
    ("place_fact", "sources"): lambda h, x: {"claim": "So.", "sources": [{"title": "T", "sha256": x}]},
    ("cast_ballot", "ballot"): lambda h, x: {"ballot": {"choice": x}},
    ("send_feedback", "regarding"): lambda h, x: {"to": h.above, "regarding": x, "kind": "critique", "text": "Slow."},
    ("give_credit", "for"): lambda h, x: {"member": h.member, "for": x},
    ("give_credit", "member"): lambda h, x: {"member": x, "for": h.c},
    ("assign_role", "member"): lambda h, x: {"member": x, "role": "deputy"},
    ("revoke_role", "member"): lambda h, x: {"member": x, "role": "deputy"},
    ("erase", "member"): lambda h, x: {"member": x, "reason": "A request."},
    ("rename", "entity"): lambda h, x: {"entity": x, "new": "Renamed"},
}  # fmt: skip


def _walk_field(walker: Walker, op: Operation, field: str, kind: str, hidden_id: str) -> None:
    """The reader acts on their own things, naming in `field` a thing they may not see."""
    key = (op.id, field)
    assert key in FIELD_PAYLOAD, f"{op.id}: give an example payload for the field {field!r}"
    home = walker.home
    path = _home_path(op, home, **FIELD_CONTEXT.get(key, lambda h: {})(home))
    missing_id = MISSING[kind]
    hidden = walker.api(op, path, FIELD_PAYLOAD[key](home, hidden_id))
    missing = walker.api(op, path, FIELD_PAYLOAD[key](home, missing_id))
    walker.compare(f"{op.method} {op.path} {field}", kind, hidden, missing, [hidden_id, missing_id])


def _route_params(pattern: URLPattern) -> list[str]:
    return list(pattern.pattern.regex.groupindex)


FORM = {
    "text": "Words.",
    "reason": "A reason.",
    "phase": "verification",
    "verdict": "authentic",
    "reasoning": "Because.",
    "claim": "A claim.",
    "choice": "c-x",
    "title": "A title",
    "kind": "critique",
}


@pytest.mark.parametrize("name", READERS)
def test_every_page_answers_a_hidden_id_like_a_missing_one(
    world: World, db: None, client: Client, name: str
) -> None:
    walker = Walker(client, world, name)
    user = reader(world, name)
    if user is not None:
        client.force_login(user)
    w = world
    routes = [p for p in urlpatterns if isinstance(p, URLPattern)]
    for route in routes:
        params = _route_params(route)
        for param in params:
            assert param in PATH_KINDS or param in PUBLIC_PARAMS, (
                f"{route.pattern}: classify the parameter {param!r}"
            )
        hideable = [p for p in params if p in PATH_KINDS]
        if not hideable or route.name is None:
            continue
        hidden = {
            "question_id": w.tq if "decision_id" in params else w.q,
            "contribution_id": w.c,
            "fact_id": w.f,
            "decision_id": w.td,
            "directive_id": w.d,
            "feedback_id": w.fb,
            "sha": w.sha,
            "seq": str(w.q_seq),
            "org_id": w.org.id,
            "body_id": w.org.cell,
            "token": "no-such-invitation",
        }
        if any(not hidden_ids(w, name, PATH_KINDS[p]) for p in hideable):
            continue  # addressed to this reader's body: not hidden from them
        missing = {p: MISSING[PATH_KINDS[p]] for p in hideable}
        variants = [{**hidden, p: missing[p]} for p in hideable] + [{**hidden, **missing}]
        ids = [hidden[p] for p in hideable] + list(missing.values())
        for method in ("GET", "POST"):
            send = client.get if method == "GET" else client.post
            seen = send(reverse(f"ui:{route.name}", kwargs={p: hidden[p] for p in params}), FORM)
            for variant in variants:
                url = reverse(f"ui:{route.name}", kwargs={p: variant[p] for p in params})
                other = send(url, FORM)
                kind = PATH_KINDS[hideable[0]]
                walker.compare(f"{method} {route.pattern}", kind, seen, other, ids)
    assert not walker.differences, "\n".join(walker.differences)
    assert "question" in walker.walked and "file" in walker.walked


# Lists, search and counts against the single-item rule.
LIST_READERS = (
    "anonymous",
    "nonmember",
    "other_member",
    "observer",
    "member",
    "top_leader",
    "other_admin",
    "admin",
    "two_orgs",
    "other_org",
)


def _get(client: Client, headers: dict[str, str], path: str) -> Any:
    r = client.get("/api" + path, headers=headers)
    assert r.status_code == 200, (path, r.content[:200])
    return r.json()


@pytest.mark.parametrize("name", LIST_READERS)
def test_lists_search_and_counts_show_exactly_what_the_question_shows(
    world: World, db: None, client: Client, name: str
) -> None:
    w = world
    user = reader(w, name)
    headers = {"Authorization": f"Bearer {issue_token(user, 'l')}"} if user else {}
    questions = list(Question.objects.filter(org_id=w.org.id).values_list("id", "body_id", "title"))
    readable = {
        q for q, _, _ in questions if client.get(f"/api/questions/{q}", headers=headers).status_code == 200
    }  # fmt: skip
    for body in (w.org.top, w.org.cell, w.org.other):
        mine = {q for q, b, _ in questions if b == body and q in readable}
        listed = {x["id"] for x in _get(client, headers, f"/bodies/{body}/questions?limit=500")}
        assert listed == mine, (name, body)
        counts = _get(client, headers, f"/bodies/{body}")["questions_by_phase"]
        assert sum(counts.values()) == len(mine), (name, body)
    for q, _, title in questions:
        found = {x["id"] for x in _get(client, headers, f"/search?q={title}&limit=500")}
        assert (q in found) == (q in readable), (name, title)
    # The pages: hidden titles appear nowhere; what the reader may read is on its body's page.
    if user is not None:
        client.force_login(user)
    pages = [reverse("ui:home"), reverse("ui:org", args=[w.org.id])]
    pages += [reverse("ui:body", args=[b]) for b in (w.org.top, w.org.cell, w.org.other)]
    shown = b"".join(client.get(p).content for p in pages)
    # A directive shows its decision's question to the bodies it is addressed to.
    directive = client.get(f"/api/directives/{w.d}", headers=headers).status_code == 200
    carried = {w.tq} if directive else set()
    for q, _, title in questions:
        assert (title.encode() in shown) == (q in readable or q in carried), (name, title)


@pytest.mark.parametrize("name", ["other_member", "observer", "two_orgs"])
def test_the_log_lists_exactly_the_events_whose_receipts_it_gives(
    world: World, db: None, client: Client, name: str
) -> None:
    w = world
    user = reader(w, name)
    headers = {"Authorization": f"Bearer {issue_token(user, 'g')}"}
    size = LogHead.objects.get(org=w.org.id).size
    log = client.get(f"/api/orgs/{w.org.id}/log?limit=1000", headers=headers)
    listed = {e["seq"] for e in log.json()} if log.status_code == 200 else set()
    receipts = {
        seq
        for seq in range(1, size + 1)
        if client.get(f"/api/orgs/{w.org.id}/events/{seq}/receipt", headers=headers).status_code
        == 200
    }
    assert listed == receipts
    assert (w.q_seq in listed) == (name == "observer")
    # No event listed is about a thing the reader may not see (credit for a contribution of a
    # closed question included); a directive addressed to them names its decision and question.
    directive = client.get(f"/api/directives/{w.d}", headers=headers).status_code == 200
    hidden = {w.tq, w.td} - ({w.tq, w.td} if directive else set())
    if name != "observer":
        hidden |= {w.q, w.c, w.f, w.vq, w.vp}
    for event in log.json() if log.status_code == 200 else []:
        named = json.dumps([event["subject"], event["data"]])
        assert not [h for h in hidden if h in named], (name, event["kind"])
    assert directive == (log.status_code == 200)
