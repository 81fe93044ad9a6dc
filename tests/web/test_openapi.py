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

import pytest

from polemica.web.api import api as ninja_api
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
