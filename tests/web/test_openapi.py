"""The API's OpenAPI schema is a golden file, and no input makes an endpoint fail with a 5xx.

Regenerate the golden file after an intended API change with
`POLEMICA_UPDATE_GOLDEN=1 .venv/bin/pytest tests/web/test_openapi.py`.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from polemica.web.api import api as ninja_api
from polemica.web.centralism import actions as centralism
from tests.web import scenario
from tests.web.conftest import Api

GOLDEN = Path(__file__).parent / "golden" / "openapi.json"


def _schema_text() -> str:
    schema = ninja_api.get_openapi_schema(path_prefix="/api/")
    return json.dumps(schema, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def test_openapi_schema_matches_the_golden_file() -> None:
    text = _schema_text()
    if os.environ.get("POLEMICA_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.exists(), "no golden file: run with POLEMICA_UPDATE_GOLDEN=1"
    assert text == GOLDEN.read_text(encoding="utf-8"), (
        "the API changed; if intended, regenerate with POLEMICA_UPDATE_GOLDEN=1"
    )


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    schema = json.loads(_schema_text())
    return [
        (method.upper(), path, op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
    ]


HOSTILE: list[Any] = [
    "{not json",
    "[]",
    "null",
    "12",
    json.dumps({"x": 1}),
    json.dumps(
        dict.fromkeys(
            (
                "title",
                "text",
                "type",
                "phase",
                "ballot",
                "to",
                "sources",
                "claim",
                "verdict",
                "reasoning",
                "member",
                "role",
                "body",
                "name",
                "level",
                "settings",
                "reason",
                "seq",
                "regarding",
                "kind",
                "for",
                "entity",
                "new",
                "username",
                "password",
            ),
            10**40,
        )
    ),
    json.dumps(
        dict.fromkeys(
            (
                "title",
                "text",
                "type",
                "phase",
                "claim",
                "reasoning",
                "reason",
                "name",
                "level",
                "regarding",
                "kind",
                "for",
                "entity",
                "new",
                "member",
                "body",
                "role",
            ),
            "x" * 200_000,
        )
    ),
    json.dumps(
        {
            "title": ["a"],
            "text": {"b": 1},
            "type": "position",
            "ballot": {"choice": [1, 2]},
            "to": "not a list",
            "sources": [{"title": 5}],
            "settings": {"quorum": "all"},
            "left_unanswered": ["x"] * 5000,
            "cites": [None],
            "seq": -3,
            "visibility": "secret",
        }
    ),
    json.dumps({"ballot": {"ranking": [[]]}}),
    json.dumps({"ballot": {"stance": "maybe", "statement": 3}}),
    json.dumps({"settings": {"method": None, "read": ["x"]}}),
    json.dumps({"phase": "decided"}),
    json.dumps({"to": ["b-none"] * 300, "due": "tomorrow"}),
    "{" * 5000 + "}" * 5000,
]


@pytest.fixture
def ids(api: Api) -> dict[str, str]:
    s = scenario.full(api.org)
    return {
        "org": api.org.id,
        "body": api.org.cell,
        "question": s.question,
        "contribution": s.positions[0],
        "fact": s.fact,
        "decision": s.decision,
        "directive": s.directive,
        "feedback": s.feedback,
        "line": centralism.do_propose_line(
            api.org.actor("member"), api.org.cell, api.org.top, "Slow down."
        ).id,
        "member": api.org.members["member2"],
        "seq": "3",
        "sha256": "ab" * 32,
    }


def test_hostile_input_never_fails_with_a_server_error(api: Api, ids: dict[str, str]) -> None:
    checked = 0
    for method, path, _op in _operations():
        url = re.sub(r"\{(\w+)\}", lambda m: ids[m.group(1)], path)
        for role in ("leader", "admin"):
            if method == "GET":
                for query in (
                    "",
                    "?limit=10000000000000000000000&offset=-5&after=x&q=" + "y" * 5000,
                ):
                    r = api.client.get(url + query, headers=api.headers(role))
                    assert r.status_code < 500, (url, query, r.content[:200])
                    checked += 1
                continue
            for body in HOSTILE:
                r = api.client.post(
                    url, data=body, content_type="application/json", headers=api.headers(role)
                )
                assert r.status_code < 500, (url, body[:80], r.content[:300])
                if r.status_code >= 400:
                    assert "error" in r.json(), (url, r.content[:200])
                checked += 1
    assert checked > 300


# Bad text in every string the API takes: a NUL, a lone surrogate, a value longer than any
# field allows. Endpoints, parameters and fields come from the schema, so a new one is covered.
NUL = "bad\x00text"
SURROGATE = "bad\ud800text"
LONG = "x" * 60_001
LONG_WORD = "x" * 3000  # longer than any path or query parameter may be
BAD_TEXTS = (NUL, SURROGATE, LONG)


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    for option in schema.get("anyOf", ()):
        if option.get("type") != "null":
            return _resolve(option, components)
    return schema


def _sample(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """A value of the schema's shape with "x" in every string (and in an open object)."""
    schema = _resolve(schema, components)
    kind = schema.get("type")
    if kind == "object" and "properties" in schema:
        return {
            prop.get("alias", name): _sample(prop, components)
            for name, prop in schema["properties"].items()
        }
    if kind == "object":
        return {"choice": "x"}
    if kind == "array":
        return [_sample(schema.get("items", {"type": "string"}), components)]
    if kind in ("integer", "number"):
        return 1
    if kind == "boolean":
        return True
    return "x"


def _string_paths(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    if isinstance(value, str):
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _string_paths(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _string_paths(v, (*path, i))]
    return []


def _replaced(value: Any, path: tuple[str | int, ...], new: str) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, str(head): _replaced(value[head], rest, new)}
    out = list(value)
    out[int(head)] = _replaced(out[int(head)], rest, new)
    return out


def _bad_requests(ids: dict[str, str]) -> list[tuple[str, str, dict[str, Any], str]]:
    """(method, url, request arguments, the field the answer must name) for every operation."""
    schema = json.loads(_schema_text())
    components = schema["components"]["schemas"]
    out: list[tuple[str, str, dict[str, Any], str]] = []
    for method, path, op in _operations():
        params = op.get("parameters", [])
        names = [p["name"] for p in params if p["in"] == "path"]
        url = re.sub(r"\{(\w+)\}", lambda m: ids[m.group(1)], path)
        for name in names:
            if next(p for p in params if p["name"] == name)["schema"].get("type") != "string":
                continue
            for bad in (NUL, LONG_WORD):
                bad_url = path.replace("{" + name + "}", quote(bad))
                bad_url = re.sub(r"\{(\w+)\}", lambda m: ids[m.group(1)], bad_url)
                out.append((method, bad_url, _body_args(op, components, None, ""), name))
        for query in (p["name"] for p in params if p["in"] == "query"):
            for bad in (NUL, LONG_WORD):
                out.append((method, f"{url}?{query}={quote(bad)}", {}, query))
        content = op.get("requestBody", {}).get("content", {})
        if "multipart/form-data" in content:
            out.append((method, url, {"data": {"file": _upload("n" * 240 + ".txt")}}, "file"))
        if "application/json" in content:
            sample = _sample(content["application/json"]["schema"], components)
            for where in _string_paths(sample):
                for bad in BAD_TEXTS:
                    args = _body_args(op, components, _replaced(sample, where, bad), "")
                    out.append((method, url, args, ".".join(map(str, where))))
    return out


def _upload(name: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"content", content_type="text/plain")


def _body_args(op: dict[str, Any], components: dict[str, Any], body: Any, _: str) -> dict[str, Any]:
    content = op.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return {}
    if body is None:
        body = _sample(content["application/json"]["schema"], components)
    # ensure_ascii: a lone surrogate travels as the escape \ud800, as a client would send it
    return {"data": json.dumps(body, ensure_ascii=True), "content_type": "application/json"}


def _stored() -> dict[str, int]:
    from polemica.web.accounts.models import ApiToken, User
    from polemica.web.process.models import StoredFile
    from polemica.web.record.models import EventRow, Opening

    return {m.__name__: m.objects.count() for m in (EventRow, Opening, ApiToken, User, StoredFile)}


def test_bad_text_in_any_field_is_refused_naming_it(api: Api, ids: dict[str, str]) -> None:
    """NUL, a lone surrogate or an over-long value in any path parameter, query parameter or
    body field of any endpoint: 400 naming that field, for anyone, and nothing stored."""
    requests = _bad_requests(ids)
    headers = {role: api.headers(role) for role in ("anonymous", "admin")}
    before = _stored()
    for role in headers:
        for method, url, args, field in requests:
            call = api.client.get if method == "GET" else api.client.post
            r = call(url, headers=headers[role], **args)
            assert r.status_code == 400, (role, method, url, field, r.content[:300])
            assert r.json()["field"] == field, (role, method, url, r.json())
    assert _stored() == before
    assert len(requests) > 150


def test_a_json_body_declared_as_another_type_is_checked_too(api: Api) -> None:
    for content_type in ("text/plain", "application/octet-stream", ""):
        r = api.client.post(
            "/api/orgs",
            data=json.dumps({"name": NUL}),
            content_type=content_type,
            headers=api.headers("admin"),
        )
        assert r.status_code == 400 and r.json()["field"] == "name", (content_type, r.content)


def test_a_lone_surrogate_in_a_url_is_never_a_server_error(api: Api, ids: dict[str, str]) -> None:
    """A URL cannot carry a lone surrogate as text: its UTF-8-like bytes (%ED%A0%80) reach the
    views percent-encoded or replaced, and must answer like any unknown id or word."""
    for method, path, _op in _operations():
        if method != "GET":
            continue
        for name in re.findall(r"\{(\w+)\}", path) or ["-"]:
            given = {**ids, name: "%ED%A0%80"}
            url = re.sub(r"\{(\w+)\}", lambda m, given=given: given[m.group(1)], path)
            for query in ("", "?q=%ED%A0%80&phase=%ED%A0%80"):
                r = api.client.get(url + query, headers=api.headers("admin"))
                assert r.status_code < 500, (url, r.content[:200])
                if r.status_code >= 400:
                    assert "error" in r.json()
