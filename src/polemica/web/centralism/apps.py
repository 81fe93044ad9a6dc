from __future__ import annotations

from django.apps import AppConfig


class CentralismConfig(AppConfig):
    name = "polemica.web.centralism"
    label = "centralism"
    default_auto_field = "django.db.models.BigAutoField"
