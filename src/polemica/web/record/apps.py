from __future__ import annotations

from django.apps import AppConfig


class RecordConfig(AppConfig):
    name = "polemica.web.record"
    label = "record"
    default_auto_field = "django.db.models.BigAutoField"
