"""/api/docs is served whole by the server itself: every script, style sheet and icon the page
refers to is ours and answers with its content type, and the page has no inline script that the
Content Security Policy would block (the browser test, tests/browser/test_api_docs.py, runs it)."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from django.test import Client

TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}


class Refs(HTMLParser):
    """The page's script and link references, and its inline script blocks with their type."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.inline: list[tuple[str, str]] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.refs.append(str(a["src"]))
        elif tag == "script":
            self._open = a.get("type") or "text/javascript"
            self.inline.append((self._open, ""))
        elif tag == "link" and a.get("href"):
            self.refs.append(str(a["href"]))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            kind, text = self.inline[-1]
            self.inline[-1] = (kind, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._open = None


def test_the_api_docs_load_only_our_own_assets_with_their_content_types(db: None) -> None:
    client = Client()
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    refs = Refs()
    refs.feed(page.content.decode())
    assert len(refs.refs) >= 3, refs.refs
    assert any(r.endswith("swagger-ui-bundle.js") for r in refs.refs)
    assert any(r.endswith(".css") for r in refs.refs)
    for ref in refs.refs:
        assert ref.startswith("/") and not ref.startswith("//"), f"{ref} is not same-origin"
        asset = client.get(ref)
        assert asset.status_code == 200, ref
        suffix = ref[ref.rfind(".") :]
        assert asset.headers["Content-Type"].split(";")[0] == TYPES[suffix], ref
        assert b"".join(asset.streaming_content), ref  # type: ignore[attr-defined]
    # The one inline script is a data block (not run, so not subject to script-src).
    assert [kind for kind, _ in refs.inline] == ["application/json"]
    settings = json.loads(refs.inline[0][1])
    assert settings["validatorUrl"] is None  # the badge would load an image from elsewhere
    schema = client.get(settings["url"])
    assert schema.status_code == 200 and "/api/tokens" in schema.json()["paths"]


def test_the_api_docs_give_a_signed_in_reader_the_csrf_token(db: None) -> None:
    from polemica.web.accounts.models import User

    User.objects.create_user(username="reader", password="pw-reader")
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="reader", password="pw-reader")
    page = client.get("/api/docs").content.decode()
    token = page.split('data-csrf-token="', 1)[1].split('"', 1)[0]
    assert token and 'data-api-csrf="true"' in page
    refused = client.post("/api/orgs", data={"name": "Tenants"}, content_type="application/json")
    assert refused.status_code == 403
    made = client.post(
        "/api/orgs",
        data={"name": "Tenants"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert made.status_code == 201, made.content
