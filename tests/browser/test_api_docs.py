"""/api/docs in a real browser: Swagger UI runs from our own files under the Content Security
Policy and lists the API's operations, with no violation, script error or request elsewhere."""

from __future__ import annotations

from typing import Any

from django.test import Client


def test_the_api_docs_list_every_operation_under_the_security_policy(
    transactional_db: None, web: Any
) -> None:
    schema = Client().get("/api/openapi.json").json()
    operations = sum(len(item) for item in schema["paths"].values())
    token = schema["paths"]["/api/tokens"]["post"]
    block = f"#operations-{token['tags'][0]}-{token['operationId']}"
    w = web()
    requested: list[str] = []
    w.page.on("request", lambda request: requested.append(request.url))
    w.go("/api/docs")
    w.page.wait_for_selector(".opblock-summary-path")
    paths = w.page.locator(".opblock-summary-path").all_inner_texts()
    assert len(paths) == operations, paths
    assert "/api/tokens" in {p.replace("\u200b", "") for p in paths}
    # An operation opens, with its parameters and responses.
    w.page.locator(f"{block} .opblock-summary").first.click()
    w.page.wait_for_selector(f"{block} .responses-table")
    assert requested and all(url.startswith(w.base + "/") for url in requested), requested
    w.assert_clean()
