"""The interactive API documentation (/api/docs): Swagger UI served from our own static files.

django-ninja ships Swagger UI's script and style sheet; with `ninja` in INSTALLED_APPS its page
loads them from /static/ninja/ (served like the interface's own files) instead of a CDN, which
the Content Security Policy (`ui/csp.py`) blocks. The page has no inline script: its settings
are a JSON data block, read by ninja's `swagger-ui-init.js`.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

SETTINGS: dict[str, Any] = {
    # The validator badge is an image from validator.swagger.io: another site.
    "validatorUrl": None,
}


class SameOriginSwagger(Swagger):
    """ninja's Swagger page, always with the CSRF token, so a signed-in reader can try the
    writing endpoints too (the API asks a browser session for it, `base/http.py`)."""

    def __init__(self) -> None:
        super().__init__(settings=SETTINGS)

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {"swagger_settings": json.dumps(settings), "api": api, "add_csrf": True}
        return render(request, self.template, context)
