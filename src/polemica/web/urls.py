"""URLs: the JSON API under /api/, the web interface (polemica.web.ui) everywhere else."""

from __future__ import annotations

from django.urls import include, path

from polemica.web.api import api

urlpatterns = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("polemica.web.ui.urls")),
]
