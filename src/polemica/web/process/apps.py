from __future__ import annotations

from django.apps import AppConfig


class ProcessConfig(AppConfig):
    name = "polemica.web.process"
    label = "process"
    default_auto_field = "django.db.models.BigAutoField"
