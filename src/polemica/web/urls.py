"""URLs: the JSON API under /api/."""

from __future__ import annotations

from django.urls import path

from polemica.web.api import api

urlpatterns = [path("api/", api.urls)]
