"""The JSON API (django-ninja)."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="polemica", version="1")
