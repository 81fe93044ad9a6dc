from __future__ import annotations

from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "polemica.web.ui"
    label = "ui"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Live updates on PostgreSQL: every appended event notifies listeners on commit.
        from polemica.web.ui import live

        live.connect_notify()
