from __future__ import annotations

from django.apps import AppConfig


class VotesConfig(AppConfig):
    name = "polemica.web.votes"
    label = "votes"
    default_auto_field = "django.db.models.BigAutoField"
